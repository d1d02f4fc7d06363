package report

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseFont: no input makes ParseFont panic, every refusal is a FontError naming
// the file, and a font it accepts goes through gofpdf without a panic once the text
// has been cleaned. The seed corpus (testdata/fuzz/FuzzParseFont) holds the first
// kilobytes of the default font, truncated copies, OTTO and ttcf headers; the small
// fonts below give the fuzzer whole fonts to mutate.
func FuzzParseFont(f *testing.F) {
	runes := []rune("的一是在年月日〓 A1")
	f.Add(buildFont(f, testFontSpec{runes: runes}))
	f.Add(buildFont(f, testFontSpec{runes: runes, fsType: 2}))
	f.Add(buildFont(f, testFontSpec{runes: runes, format12: true}))
	f.Add(buildFont(f, testFontSpec{runes: runes,
		extra: [][]byte{compositeGlyph(1, 2), compositeGlyph(12), fanOut(11, 3)},
		cmap:  map[rune]int{'中': 11, '国': 12, '人': 13}}))
	f.Fuzz(func(t *testing.T, data []byte) {
		font, err := ParseFont("fuzz.ttf", data)
		if err != nil {
			var fe *FontError
			if !errors.As(err, &fe) || fe.Kind == nil || !strings.HasPrefix(err.Error(), "字体文件 fuzz.ttf：") {
				t.Fatalf("not a FontError naming the file: %v", err)
			}
			return
		}
		text := "的一是在年月日中国人 A1\n𠮷\xff"
		clean := font.Clean(text)
		for _, r := range clean {
			if r != '\n' && r != '\t' && r != '?' && !font.Has(r) {
				t.Fatalf("Clean(%q) = %q keeps %q, which the font lacks", text, clean, r)
			}
		}
		fontSamplePDF(t, font, strings.Split(clean, "\n"))
	})
}
