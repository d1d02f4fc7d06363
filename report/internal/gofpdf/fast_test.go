package gofpdf

import (
	"bytes"
	"testing"
)

// TestFastSameBytes: textUTF8 and rect write what upstream's Text and Rect did,
// escapes, colour wrapping and negative numbers included, and Text records every
// rune it sets for the font subset.
func TestFastSameBytes(t *testing.T) {
	for _, colour := range []bool{false, true} {
		for _, text := range []string{"", "abc", "(括号)\\反斜杠\r回车", "〓镇—1—", "é"} {
			f := &Fpdf{state: 2, page: 1, pages: []*bytes.Buffer{nil, {}}, k: 72 / 25.4, h: 297, colorFlag: colour,
				currentFont: fontDefType{usedRunes: map[int]int{}, usedBits: new(runeSet)}}
			f.color.text = rgbColorValue(200, 16, 30, "g", "rg")
			f.textUTF8(12.345, -3.004, text)
			f.rect(1.005, 2, -3, 4.5, "FD")
			want := sprintf("BT %.2f %.2f Td (%s) Tj ET", 12.345*f.k, (f.h+3.004)*f.k, f.escape(utf8toutf16(text, false)))
			if colour {
				want = sprintf("q %s %s Q", f.color.text.str, want)
			}
			want += "\n" + sprintf("%.2f %.2f %.2f %.2f re %s", 1.005*f.k, (f.h-2)*f.k, -3*f.k, -4.5*f.k, "B") + "\n"
			if got := f.pages[1].String(); got != want {
				t.Errorf("%q, colour %v:\n got %q\nwant %q", text, colour, got, want)
			}
			for _, r := range text {
				if f.currentFont.usedRunes[int(r)] != int(r) {
					t.Errorf("%q: rune %q not recorded", text, r)
				}
			}
		}
	}
}

// TestUTF16: the conversion Text relies on, against hand-encoded UTF-16BE.
func TestUTF16(t *testing.T) {
	for in, want := range map[string]string{
		"":      "",
		"a(":    "\x00a\x00(",
		"é":     "\x00\xe9",
		"中〓":    "\x4e\x2d\x30\x13",
		"—1—\r": "\x20\x14\x00\x31\x20\x14\x00\r",
	} {
		if got := string(utf16Append(nil, in)); got != want {
			t.Errorf("%q: % x, want % x", in, got, want)
		}
		if got := utf8toutf16(in); got != "\xfe\xff"+want {
			t.Errorf("%q with BOM: % x", in, got)
		}
	}
}
