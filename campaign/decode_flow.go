package campaign

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// Most of a province campaign's text is targets written one line per indicator and
// year: `targets: {u0001: 12, u0002: 13.5, …}` with 5,000 pairs. yaml.v3 spends most
// of a load on such lines (a token, an event and a node per scalar), although
// their nodes are trivial. So a batch's simple flow mappings (decode_stream.go) are
// cut out before parsing, leaving `{}`, and their pairs put back into that empty
// mapping's node afterwards, made here: the same tree, at a fraction of the work.
//
// Simple means: the line is `key: {…}` and nothing else, and every key and value is
// a plain word of letters, digits and . _ + / - (not null or ~, no quotes, spaces,
// colons or brackets), so that YAML reads each as the text written. Anything else
// is left to yaml.v3. A cut mapping whose `{}` the parse does not find as an empty
// flow mapping where it was cut makes the batch parse whole.

// minFlowPairs: smaller mappings are not worth cutting out.
const minFlowPairs = 16

// flowMap is one flow mapping cut out of a batch.
type flowMap struct {
	line, column int      // of its "{", 1-based, in the batch
	pairs        [][2]int // byte ranges of each key and value in text
	text         []byte   // the line
	line0        string   // the line as a string, made once: the words are slices of it
}

type flowMaps []flowMap

// cutFlowMaps joins a batch's lines, cutting out the simple flow mappings.
func cutFlowMaps(lines [][]byte) ([]byte, flowMaps) {
	size := 0
	for _, l := range lines {
		size += len(l)
	}
	out := make([]byte, 0, size)
	var flows flowMaps
	for i, l := range lines {
		if f, ok := simpleFlowMap(l); ok {
			f.line = i + 1
			flows = append(flows, f)
			out = append(out, l[:f.column]...) // up to and with the "{"
			out = append(out, '}', '\n')
			continue
		}
		out = append(out, l...)
	}
	return out, flows
}

// simpleFlowMap reads a line `  key: {k: v, k: v, …}`.
func simpleFlowMap(line []byte) (flowMap, bool) {
	f := flowMap{text: line}
	content := bytes.TrimRight(line, " \n")
	i := len(content) - len(bytes.TrimLeft(content, " "))
	key := plainWord(content, i)
	if key == i || !bytes.HasPrefix(content[key:], []byte(": {")) || content[len(content)-1] != '}' {
		return f, false
	}
	brace := key + 2
	f.column = brace + 1
	f.pairs = make([][2]int, 0, 2*(bytes.Count(content, []byte(", "))+1))
	pos, end := brace+1, len(content)-1
	for pos < end {
		k := plainWord(content, pos)
		if k == pos || !bytes.HasPrefix(content[k:], []byte(": ")) {
			return f, false
		}
		v := plainWord(content, k+2)
		if v == k+2 || isNullWord(content[pos:k]) || isNullWord(content[k+2:v]) {
			return f, false
		}
		f.pairs = append(f.pairs, [2]int{pos, k}, [2]int{k + 2, v})
		pos = v
		if pos < end {
			if !bytes.HasPrefix(content[pos:], []byte(", ")) {
				return f, false
			}
			pos += 2
		}
	}
	if pos != end || len(f.pairs)/2 < minFlowPairs {
		return f, false
	}
	f.line0 = string(content)
	return f, true
}

// plainWord returns the end of the plain word starting at i (i when there is none).
func plainWord(b []byte, i int) int {
	j := i
	for j < len(b) {
		c := b[j]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '+' || c == '/' || c == '-' {
			j++
			continue
		}
		break
	}
	if j > i && b[i] == '-' && (j == i+1 || b[i+1] < '0' || b[i+1] > '9') {
		return i // "-" alone or "-x" could be read otherwise: left to yaml.v3
	}
	return j
}

func isNullWord(w []byte) bool {
	switch string(w) {
	case "null", "Null", "NULL":
		return true
	}
	return false
}

// fill finds the cut mappings in a batch's tree (false when one is not where it was
// cut). The targets of an indicator item (its targets, base and by-year years) are
// handed to keep, read straight from the text by the decoder (flowTargets); every
// other cut mapping gets its pairs' nodes back.
func (fs flowMaps) fill(root *yaml.Node, keep func(n *yaml.Node, f *flowMap)) bool {
	if len(fs) == 0 {
		return true
	}
	type at struct{ line, column int }
	want := make(map[at]*flowMap, len(fs))
	for i := range fs {
		want[at{fs[i].line, fs[i].column}] = &fs[i]
	}
	found := map[*yaml.Node]*flowMap{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode && len(n.Content) == 0 && n.Style&yaml.FlowStyle != 0 {
			if f, ok := want[at{n.Line, n.Column}]; ok {
				found[n] = f
				delete(want, at{n.Line, n.Column})
				return
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	if len(found) != len(fs) {
		return false
	}
	kept := func(n *yaml.Node) {
		if f, ok := found[n]; ok && !f.hasTargetFormKey() {
			keep(n, f)
			delete(found, n)
		}
	}
	for _, item := range root.Content {
		if item.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch {
			case k.Value == "targets" || k.Value == "base":
				kept(v)
			case k.Value == "by-year" && v.Kind == yaml.MappingNode:
				for j := 1; j < len(v.Content); j += 2 {
					kept(v.Content[j])
				}
			}
		}
	}
	for n, f := range found {
		f.into(n)
	}
	return true
}

// word is the text of pair word i (keys even, values odd).
func (f *flowMap) word(i int) string { return f.line0[f.pairs[i][0]:f.pairs[i][1]] }

// hasTargetFormKey: a key makes it one target written in full (targetFormKeys),
// which targetSet reads from nodes.
func (f *flowMap) hasTargetFormKey() bool {
	for i := 0; i < len(f.pairs); i += 2 {
		if targetFormKeys[string(f.text[f.pairs[i][0]:f.pairs[i][1]])] {
			return true
		}
	}
	return false
}

// into makes the pairs' scalar nodes, in one block.
func (f *flowMap) into(n *yaml.Node) {
	nodes := make([]yaml.Node, len(f.pairs))
	n.Content = make([]*yaml.Node, len(f.pairs))
	for i, p := range f.pairs {
		nodes[i] = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.word(i), Line: n.Line, Column: p[0] + 1}
		n.Content[i] = &nodes[i]
	}
}
