package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestSafeWriter(t *testing.T) {
	tests := []struct{ in, want string }{
		{"吴兴区\t12\n", "吴兴区\t12\n"},
		{"\x1b[31m红\x1b[0m", `\u001b[31m红\u001b[0m`},
		{"响\a退\b\b回\r车", `响\u0007退\u0008\u0008回\u000d车`},
		{"del\x7f", `del\u007f`},
		{"csi\u009b2J", `csi\u009b2J`},
		{"txt\u202eexe.doc", `txt\u202eexe.doc`},
		{"iso\u2066x\u2069", `iso\u2066x\u2069`},
		{"bad\xffbyte", `bad\xffbyte`},
		{"全角１２３，％", "全角１２３，％"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		w := newSafeWriter(&b)
		w.Write([]byte(tt.in))
		w.Flush()
		if b.String() != tt.want {
			t.Errorf("%q → %q, want %q", tt.in, b.String(), tt.want)
		}
	}
}

// A character split across writes is held until it is whole; an unfinished one is
// escaped at the end.
func TestSafeWriterSplitCharacters(t *testing.T) {
	var b bytes.Buffer
	w := newSafeWriter(&b)
	s := []byte("区\u202e")
	for i := range s {
		w.Write(s[i : i+1])
	}
	w.Write([]byte("\xe5\x90"))
	w.Flush()
	if want := `区\u202e\xe5\x90`; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

// JSON through the writer is the same JSON: \uXXXX is JSON's own escape.
func TestSafeWriterKeepsJSON(t *testing.T) {
	in := map[string]string{"path": "01-\x1b]0;x\x07吴兴区\r\b\x7f\u009b\u202e.xlsx"}
	var b bytes.Buffer
	w := newSafeWriter(&b)
	if err := writeJSON(w, in); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if loc := rawControl.FindStringIndex(b.String()); loc != nil {
		t.Errorf("raw control character in %q", b.String())
	}
	var out map[string]string
	if err := json.Unmarshal(b.Bytes(), &out); err != nil || out["path"] != in["path"] {
		t.Errorf("decoded %q (%v), want %q", out["path"], err, in["path"])
	}
}
