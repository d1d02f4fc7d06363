package workbook

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

// The scanner's shortcuts (issue 21) — an empty cell, a cell holding only <v>, the
// formula of a cell no input occupies checked but not kept, texts decoded into one
// buffer — read what excelize reads, and decline what the scanner declined before.
func TestFastReadShortcutsMatchExcelize(t *testing.T) {
	cases := []struct {
		name, row4 string
		fast       bool // the fast path reads it (else it must decline)
	}{
		{"empty kept cells", `<c r="H4" s="3"></c><c r="I4"><f>H4*2</f><v>3</v></c><c r="J4" t="inlineStr"><is><t>注</t></is></c>`, true},
		{"empty kept boolean", `<c r="H4" t="b"></c>`, false},
		{"value only", `<c r="H4"><v>12.5</v></c><c r="J4" t="str"><v>a&amp;b&#13;c</v></c>`, true},
		{"line ends in a value", "<c r=\"H4\"><v>12.5</v></c><c r=\"J4\" t=\"str\"><v>甲\r\n乙</v></c>", true},
		{"undefined entity in a formula not kept", `<c r="H4"><v>12.5</v></c><c r="I4"><f>a&nbsp;b</f></c>`, false},
		{"entity in a formula not kept", `<c r="H4"><v>12.5</v></c><c r="I4"><f>IF(H4&gt;0,1,&#34;&#34;)</f><v>1</v></c>`, true},
		{"shared formula begun outside the inputs", `<c r="G4"><f t="shared" ref="G4:H4" si="0">F4*2</f><v>2</v></c><c r="H4"><f t="shared" si="0"/><v>4</v></c>`, true},
		{"kept formula", `<c r="H4"><f>1+1</f><v>2</v></c><c r="J4" t="str"><f>"注"</f><v>注</v></c>`, true},
		{"two values in a cell not kept", `<c r="H4"><v>12.5</v></c><c r="I4"><v>1</v><v>2</v></c>`, true},
		{"markup in a value", `<c r="H4"><v>1<x/>2</v></c>`, false}, // read as 12 by a parser
		// A value alone and the cell's end right after it, found without searching
		// for </c> (simpleCell), and what only looks like one.
		{"value and end", `<c r="H4"><v>7</v></c><c r="I4"><v></v></c><c r="J4" t="s"><v>1</v></c>`, true},
		{"value, then more in the cell", `<c r="H4"><v>7</v><f>1+6</f></c>`, true},
		{"value, end written with a space", `<c r="H4"><v>7</v></c ><c r="J4"><v>8</v></c>`, false},
		{"value not closed", `<c r="H4"><v>7</c><c r="J4"><v>8</v></c>`, false},
		{"value with an entity", `<c r="H4" t="str"><v>1&amp;2</v></c>`, true},
	}
	for _, tc := range cases {
		if read := fastMatchesExcelize(t, tc.name, storedZip(t, tinyTemplate(tc.row4))); read != tc.fast {
			t.Errorf("%s: the fast path read the file: %v, want %v", tc.name, read, tc.fast)
		}
	}
}

// excelAttrs reads the tags Excel writes as anyAttrs does, and leaves the rest to it.
func TestExcelAttrsMatchAnyAttrs(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 10))
	pieces := []string{` r="A1"`, ` t="s"`, ` s="3"`, ` t="inlineStr"`, ` r="B12"`, "\t", " ", ` x:r="C3"`, ` r='D4'`,
		` t="a&amp;b"`, `/`, `=`, `"`, ` r=""`, ` ht="30"`, ` r = "E5"`, ` r=`, "\n"}
	done := 0
	for range 50000 {
		var b strings.Builder
		b.WriteString([]string{"c", "row", "c\t"}[rng.IntN(3)])
		for range rng.IntN(5) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		tag := []byte(b.String())
		r, ty, ok, fast := excelAttrs(tag)
		if !fast {
			continue
		}
		done++
		r2, t2, ok2 := anyAttrs(tag)
		if ok != ok2 || ok && (!bytes.Equal(r, r2) || !bytes.Equal(ty, t2) || (r == nil) != (r2 == nil) || (ty == nil) != (t2 == nil)) {
			t.Fatalf("%q: excelAttrs %q %q %v, anyAttrs %q %q %v", tag, r, ty, ok, r2, t2, ok2)
		}
	}
	if done < 5000 {
		t.Errorf("excelAttrs read only %d tags: the test does not test it", done)
	}
}
