package results

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestWriteStreamedJSON: a document written one element of its array at a time has
// the bytes of the whole document encoded as the CLI prints JSON (two-space indent,
// HTML characters kept), whatever its elements hold — nested arrays, empty ones,
// nulls, <&> and the array's own name inside a string — and with no elements.
func TestWriteStreamedJSON(t *testing.T) {
	type elem struct {
		Name  string   `json:"name"`
		Units []string `json:"units"`
		Ptr   *int     `json:"ptr"`
	}
	type doc struct {
		Period string   `json:"period"`
		Units  []elem   `json:"units"`
		Tail   []string `json:"tail"`
		Note   string   `json:"note"`
	}
	one := 1
	elems := []elem{
		{Name: "a<b>&c", Units: []string{"x", "\n  \"units\": []"}, Ptr: &one},
		{Name: "空", Units: []string{}},
		{Name: "无"},
	}
	for _, n := range []int{0, 1, len(elems)} {
		full := doc{Period: "2023Q3", Units: append([]elem{}, elems[:n]...), Note: `"units": []`}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(full); err != nil {
			t.Fatal(err)
		}
		head := full
		head.Units = []elem{}
		var got bytes.Buffer
		if err := writeStreamedJSON(&got, head, "units", n, func(i int) any { return elems[i] }); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d elements:\n got  %s\n want %s", n, got.String(), want.String())
		}
	}
	var sink bytes.Buffer
	if err := writeStreamedJSON(&sink, doc{Units: nil}, "units", 1, func(int) any { return elems[0] }); err == nil {
		t.Error("a document whose array is null, not empty, was streamed into")
	}
}
