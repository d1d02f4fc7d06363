package campaign

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"tenglong/internal/corpus"
)

// streamSamples are campaign files of every shape the repository holds.
func streamSamples(t *testing.T) map[string][]byte {
	t.Helper()
	samples := map[string][]byte{
		"corpus":         corpus.Campaign(corpus.Size{Units: 40, Indicators: 14, Tasks: 5, Lists: 3, TasksPerUnit: 3}),
		"items at col 0": []byte("id: x\ntitle: t\nspan: {start: 2021-01, end: 2021-12}\nunits:\n- {code: a, name: 甲}\n# note\n- code: b\n  name: 乙\nindicators:\n- {id: i, name: 指标, kind: flow, targets: {a: 1, b: 2}}\ntasks:\n\n  # the tasks\n  - {id: t1, title: 任务, lead: [a]}\n"),
	}
	files, _ := filepath.Glob("../seeds/*.yaml")
	more, _ := filepath.Glob("../cmd/tenglong/testdata/cases/*/campaign.yaml")
	for _, f := range append(files, more...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		samples[f] = data
	}
	if len(samples) < 8 {
		t.Fatalf("only %d sample campaigns found", len(samples))
	}
	return samples
}

// variants damages a campaign file line by line: each line dropped, indented one
// space less or more, or followed by a stray line, so that streamed decoding meets
// broken lists, stray keys and lines that leave their list.
func variants(data []byte) [][]byte {
	lines := bytes.SplitAfter(data, []byte("\n"))
	out := [][]byte{data}
	step := max(len(lines)/60, 1)
	for i := 0; i < len(lines); i += step {
		edit := func(f func(line []byte) []byte) []byte {
			var b []byte
			for j, l := range lines {
				if j == i {
					b = append(b, f(l)...)
				} else {
					b = append(b, l...)
				}
			}
			return b
		}
		out = append(out,
			edit(func([]byte) []byte { return nil }),
			edit(func(l []byte) []byte { return bytes.TrimPrefix(l, []byte(" ")) }),
			edit(func(l []byte) []byte { return append([]byte(" "), l...) }),
			edit(func(l []byte) []byte { return append(append([]byte{}, l...), []byte("units: 3\n")...) }),
			edit(func(l []byte) []byte { return append(append([]byte{}, l...), []byte("  - {code: z\n")...) }),
		)
	}
	return out
}

// Streamed decoding reports exactly what decoding the whole tree does: the same
// campaign, the same problems with the same lines, for sound and broken files.
func TestStreamedLoadIsWholeLoad(t *testing.T) {
	streamedOnce := 0
	for name, data := range streamSamples(t) {
		for i, v := range variants(data) {
			if _, _, ok := splitStreamed(v); ok {
				streamedOnce++
			}
			got, gotProbs := Load(v)
			want, wantProbs := loadWhole(v)
			if !reflect.DeepEqual(gotProbs, wantProbs) {
				t.Errorf("%s variant %d: problems\n got %v\nwant %v", name, i, gotProbs, wantProbs)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s variant %d: the streamed campaign differs from the whole one", name, i)
			}
		}
	}
	if streamedOnce < 100 {
		t.Errorf("only %d files were streamed: the test checks too little", streamedOnce)
	}
}

// A text streaming cannot keep exact is parsed whole.
func TestStreamedOnlyPlainText(t *testing.T) {
	base := "id: x\nunits:\n  - {code: a, name: 甲}\n"
	for _, doc := range []string{
		base,
		base + "x: &a 1\n",
		base + "x:\t1\n",
		"id: x\r\nunits:\r\n  - {code: a}\r\n",
		"---\n" + base,
		"%YAML 1.1\n---\n" + base,
		"id: x\nunits:\n  - {code: a}\n x: 1\n",
		"id: x\nunits:\nindicators:\n",
		"id: x\nunits:\n  - a\nunits:\n  - b\n",
	} {
		_, _, ok := splitStreamed([]byte(doc))
		if ok != (doc == base) {
			t.Errorf("splitStreamed(%q) ok = %v", doc, ok)
		}
	}
}

// A generated province campaign takes the fast way: streamed, its target lines cut
// out and put back (were they not, Load would quietly parse it whole).
func TestStreamedCorpusTakesTheFastWay(t *testing.T) {
	data := corpus.Campaign(corpus.Size{Units: 40, Indicators: 14, Tasks: 5})
	rest, lists, ok := splitStreamed(data)
	if !ok || len(lists) != 3 {
		t.Fatalf("not streamed (ok %v, %d lists)", ok, len(lists))
	}
	if _, flows := cutFlowMaps(lists["indicators"].lines); len(flows) < 14 {
		t.Fatalf("%d target lines cut out, want at least 14", len(flows))
	}
	if _, _, ok := loadStreamed(rest, lists); !ok {
		t.Fatal("loadStreamed fell back to parsing whole")
	}
}

// The pairs put back are the nodes yaml.v3 makes of the line, lines and columns
// included.
func TestFlowMapNodes(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("- id: x\n  targets: {")
	for i := range 20 {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("u" + string(rune('a'+i)) + ": " + []string{"1", "2.50", "na", "/", "-3", "1e3"}[i%6])
	}
	b.WriteString("}\n")
	text, flows := cutFlowMaps(bytes.SplitAfter(b.Bytes(), []byte("\n")))
	if len(flows) != 1 || bytes.Contains(text, []byte("ua")) {
		t.Fatalf("%d cut, text %q", len(flows), text)
	}
	var got, want yaml.Node
	if err := yaml.Unmarshal(text, &got); err != nil {
		t.Fatal(err)
	}
	if !flows.fill(got.Content[0], func(n *yaml.Node, f *flowMap) { f.into(n) }) {
		t.Fatal("the cut mapping was not found")
	}
	yaml.Unmarshal(b.Bytes(), &want)
	g, w := got.Content[0].Content[0].Content[3], want.Content[0].Content[0].Content[3]
	if len(g.Content) != len(w.Content) || g.Line != w.Line || g.Column != w.Column {
		t.Fatalf("mapping %d pairs at %d:%d, want %d at %d:%d", len(g.Content)/2, g.Line, g.Column, len(w.Content)/2, w.Line, w.Column)
	}
	for i := range w.Content {
		a, e := g.Content[i], w.Content[i]
		if a.Kind != e.Kind || a.Value != e.Value || a.Line != e.Line || a.Column != e.Column {
			t.Errorf("node %d: %v %q %d:%d, want %v %q %d:%d", i, a.Kind, a.Value, a.Line, a.Column, e.Kind, e.Value, e.Line, e.Column)
		}
	}
}
