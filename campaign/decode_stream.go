package campaign

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// A campaign of 5,000 units × 100 indicators is an 8 MB file whose yaml.Node tree
// takes hundreds of MB (issue 21). Its bulk is the items of a few top-level lists
// (units, indicators, tasks), and each item decodes on its own: those lists are cut
// out of the text (their lines left blank, so that every other line keeps its
// number) and their items parsed a batch at a time when the decoder reaches them,
// each batch's tree dropped once decoded. Lines are shifted back to the file's.
//
// Only a plain layout is streamed: a text with anchors or aliases (& *), tabs,
// carriage returns or other YAML line breaks, directives or document markers, or a
// list whose lines do not stay inside it, is parsed whole, as is a file in which a
// batch does not parse on its own. So the problems and lines reported are the same.

// streamedKeys are the top-level lists streamed item by item.
var streamedKeys = []string{"units", "indicators", "tasks"}

// streamBatch is about how many bytes of items are parsed at a time.
const streamBatch = 64 << 10

// streamed is one top-level list cut out of the text.
type streamed struct {
	lines   [][]byte // the list's lines, newline included
	first   int      // file line of lines[0]
	indent  int      // column of the items' "-"
	starts  []int    // index in lines of each item's first line
	itemRow int      // file line of the first item
}

// splitStreamed cuts the streamable top-level lists out of data. It returns the text
// to parse whole (the lists' lines blanked) and the lists by key, or ok false when
// the text is not plain enough to stream.
func splitStreamed(data []byte) (rest []byte, lists map[string]*streamed, ok bool) {
	if !plainText(data) {
		return nil, nil, false
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	lists = map[string]*streamed{}
	var cur *streamed
	var curKey string
	blank := make([]bool, len(lines))
	for i, line := range lines {
		content := bytes.TrimRight(line, " \n")
		if len(content) == 0 {
			if cur != nil {
				cur.lines = append(cur.lines, line)
				blank[i] = true
			}
			continue
		}
		if hasDocMarker(content) {
			return nil, nil, false
		}
		indent := len(content) - len(bytes.TrimLeft(content, " "))
		body := content[indent:]
		if cur != nil {
			switch {
			case body[0] == '#':
				cur.lines = append(cur.lines, line)
				blank[i] = true
				continue
			case len(cur.starts) == 0:
				if !isItemStart(body) {
					return nil, nil, false
				}
				cur.indent, cur.itemRow = indent, i+1
				cur.starts = append(cur.starts, len(cur.lines))
				cur.lines = append(cur.lines, line)
				blank[i] = true
				continue
			case indent == cur.indent && isItemStart(body):
				cur.starts = append(cur.starts, len(cur.lines))
				cur.lines = append(cur.lines, line)
				blank[i] = true
				continue
			case indent > cur.indent:
				cur.lines = append(cur.lines, line)
				blank[i] = true
				continue
			case indent > 0:
				return nil, nil, false // a line outside the items but not at the top level
			}
			if len(cur.starts) == 0 {
				return nil, nil, false
			}
			lists[curKey], cur = cur, nil
		}
		if indent > 0 {
			continue
		}
		for _, key := range streamedKeys {
			if isBareKey(content, key) {
				if _, dup := lists[key]; dup {
					return nil, nil, false
				}
				cur, curKey = &streamed{first: i + 2}, key
				lists[key] = nil // marks it seen
			}
		}
	}
	if cur != nil {
		if len(cur.starts) == 0 {
			return nil, nil, false
		}
		lists[curKey] = cur
	}
	for key, l := range lists {
		if l == nil {
			delete(lists, key) // written but empty: parsed whole
		}
	}
	if len(lists) == 0 {
		return nil, nil, false
	}
	rest = make([]byte, 0, len(data)/8)
	for i, line := range lines {
		if blank[i] {
			rest = append(rest, '\n')
			continue
		}
		rest = append(rest, line...)
	}
	return rest, lists, true
}

// plainText reports whether the text has none of what streaming cannot keep exact.
func plainText(data []byte) bool {
	return bytes.IndexAny(data, "&*\t\r%") < 0 &&
		!bytes.Contains(data, []byte("\u0085")) && !bytes.Contains(data, []byte("\u2028")) &&
		!bytes.Contains(data, []byte("\u2029"))
}

func hasDocMarker(content []byte) bool {
	return bytes.HasPrefix(content, []byte("---")) || bytes.HasPrefix(content, []byte("..."))
}

func isItemStart(body []byte) bool {
	return len(body) == 1 && body[0] == '-' || len(body) > 1 && body[0] == '-' && body[1] == ' '
}

// isBareKey: the line is "key:", maybe with a comment after.
func isBareKey(content []byte, key string) bool {
	rest, ok := bytes.CutPrefix(content, []byte(key+":"))
	if !ok {
		return false
	}
	if len(rest) == 0 {
		return true
	}
	return rest[0] == ' ' && bytes.TrimLeft(rest, " ")[0] == '#'
}

// items parses the list's items a batch at a time and calls item for each, with
// lines as in the file. It returns false when a batch does not parse on its own.
func (l *streamed) items(d *decoder, item func(i int, v *yaml.Node)) bool {
	n := 0
	for b := 0; b < len(l.starts); {
		e, size := b+1, 0
		for ; e < len(l.starts); e++ {
			size += l.byteLen(l.starts[e-1], l.starts[e])
			if size >= streamBatch {
				break
			}
		}
		from, to := l.starts[b], len(l.lines)
		if e < len(l.starts) {
			to = l.starts[e]
		}
		text, flows := cutFlowMaps(l.lines[from:to])
		var doc yaml.Node
		if err := yaml.Unmarshal(text, &doc); err != nil {
			return false
		}
		if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.SequenceNode || len(doc.Content[0].Content) != e-b {
			return false
		}
		if !flows.fill(doc.Content[0], d.keepFlow) {
			return false
		}
		shiftLines(doc.Content[0], l.first+from-1)
		for _, v := range doc.Content[0].Content {
			item(n, v)
			n++
		}
		b = e
	}
	return true
}

func (l *streamed) byteLen(from, to int) int {
	n := 0
	for _, line := range l.lines[from:to] {
		n += len(line)
	}
	return n
}

// shiftLines adds by to the line of every node of a tree.
func shiftLines(n *yaml.Node, by int) {
	n.Line += by
	for _, c := range n.Content {
		shiftLines(c, by)
	}
}
