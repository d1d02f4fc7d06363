package campaign

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
