package gofpdf

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
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

// TestFixed2: appendFixed2 prints what fmt's %.2f prints, ties (0.125, 2.675),
// values a hair from a tie, negative zero and small negatives, big numbers and
// non-numbers included.
func TestFixed2(t *testing.T) {
	values := []float64{0, math.Copysign(0, -1), 0.001, -0.001, -0.004999, -0.005, 0.005, 0.015, 0.125, 0.375, 1.005, 2.675,
		1.115, 99.995, -99.995, 841.89, 595.28, 1e9, -1e9, 123456789.125, 1e300, math.NaN(), math.Inf(1), math.Inf(-1),
		math.Nextafter(0.125, 1), math.Nextafter(0.125, 0), 72 / 25.4 * 297, 5e-324}
	rng := rand.New(rand.NewPCG(21, 7))
	for i := 0; i < 200000; i++ {
		values = append(values, (rng.Float64()-0.3)*1000, float64(rng.IntN(200000)-50000)/1000, float64(rng.IntN(1<<20))/(1<<10))
	}
	for _, v := range values {
		if got, want := string(appendFixed2(nil, v)), fmt.Sprintf("%.2f", v); got != want {
			t.Errorf("%v (%b): %s, want %s", v, v, got, want)
		}
	}
}

// TestFillColorOnce: a fill colour set again (from fillColor's cache) writes and
// keeps what upstream's rgbColorValue made for it, grey or not.
func TestFillColorOnce(t *testing.T) {
	f := &Fpdf{state: 2, page: 1, pages: []*bytes.Buffer{nil, {}}}
	var want bytes.Buffer
	for _, c := range [][3]int{{255, 199, 206}, {198, 239, 206}, {255, 199, 206}, {128, 128, 128}, {198, 239, 206}, {128, 128, 128}, {0, 0, 0}} {
		f.SetFillColor(c[0], c[1], c[2])
		up := rgbColorValue(c[0], c[1], c[2], "g", "rg")
		if f.color.fill != up {
			t.Errorf("%v: fill %+v, want %+v", c, f.color.fill, up)
		}
		want.WriteString(up.str + "\n")
	}
	if got := f.pages[1].String(); got != want.String() {
		t.Errorf("page:\n%s\nwant\n%s", got, want.String())
	}
}
