package gofpdf

// tenglong: this file is not upstream's. A bulletin of 1,300 units sets half a
// million table cells, each a rectangle and a line of text; upstream formats each
// with fmt.Sprintf and several string copies. These write the very same bytes with
// strconv into one reused buffer.

import (
	"bytes"
	"math"
	"strconv"
)

// runeSet marks runes: the ones a font's usedRunes already holds, so that Text
// does not write the map again for every character it sets.
type runeSet [0x110000 / 64]uint64

// textUTF8 is Text for a UTF-8 font set left to right, neither underlined nor
// struck out: "BT x y Td (text) Tj ET", in "q colour … Q" when the text colour is
// not the fill colour, the text as UTF-16BE with \ ( ) and CR escaped.
func (f *Fpdf) textUTF8(x, y float64, txtStr string) {
	for _, r := range txtStr {
		if f.currentFont.usedBits.add(r) {
			f.currentFont.usedRunes[int(r)] = int(r)
		}
	}
	b := f.scratch[:0]
	if f.colorFlag {
		b = append(b, "q "...)
		b = append(b, f.color.text.str...)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = appendFixed2(b, x*f.k)
	b = append(b, ' ')
	b = appendFixed2(b, (f.h-y)*f.k)
	b = append(b, " Td ("...)
	f.utf16 = utf16Append(f.utf16[:0], txtStr)
	b = appendEscaped(b, f.utf16)
	b = append(b, ") Tj ET"...)
	if f.colorFlag {
		b = append(b, " Q"...)
	}
	f.outLine(b)
	f.scratch = b
}

// rect is Rect's "x y w h re op" line.
func (f *Fpdf) rect(x, y, w, h float64, styleStr string) {
	b := f.scratch[:0]
	b = appendFixed2(b, x*f.k)
	b = append(b, ' ')
	b = appendFixed2(b, (f.h-y)*f.k)
	b = append(b, ' ')
	b = appendFixed2(b, w*f.k)
	b = append(b, ' ')
	b = appendFixed2(b, -h*f.k)
	b = append(b, " re "...)
	b = append(b, fillDrawOp(styleStr)...)
	f.outLine(b)
	f.scratch = b
}

// fillColor is rgbColorValue(r, g, b, "g", "rg"), formatted once per colour: the
// cells of a table change their fill (the status lights) every few cells.
func (f *Fpdf) fillColor(r, g, b int) colorType {
	key := [3]int{r, g, b}
	if c, ok := f.fills[key]; ok {
		return c
	}
	c := rgbColorValue(r, g, b, "g", "rg")
	if f.fills == nil {
		f.fills = map[[3]int]colorType{}
	}
	if len(f.fills) < 64 {
		f.fills[key] = c
	}
	return c
}

// add marks r and reports whether it was not marked yet.
func (s *runeSet) add(r rune) bool {
	if r < 0 || int(r) >= len(s)*64 {
		return true
	}
	word, bit := &s[r>>6], uint64(1)<<(uint(r)&63)
	if *word&bit != 0 {
		return false
	}
	*word |= bit
	return true
}

// outLine adds b and a newline where out would.
func (f *Fpdf) outLine(b []byte) {
	var buf *bytes.Buffer
	if f.state == 2 {
		buf = f.pages[f.page]
	} else {
		buf = &f.buffer.Buffer
	}
	buf.Write(b)
	buf.WriteByte('\n')
}

// appendFixed2 is fmt's %.2f. A page's coordinates are small numbers that are never
// half a hundredth: v×100 rounded to the nearest integer is then the correctly
// rounded figure strconv prints, without its general algorithm (a fifth of a
// province's layout time). Near a tie, or for large or odd values, strconv decides.
func appendFixed2(b []byte, v float64) []byte {
	x := v * 100
	if !(x > -1e9 && x < 1e9) { // NaN and ±Inf too
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	r := math.Round(x)
	// x is within 1e-7 of the exact v×100: farther than that from a tie, r is the
	// exact value rounded.
	if d := math.Abs(x - r); d > 0.5-1e-6 {
		return strconv.AppendFloat(b, v, 'f', 2, 64)
	}
	if math.Signbit(v) {
		b = append(b, '-') // strconv writes -0.00 for a small negative number too
	}
	n := int64(math.Abs(r))
	b = strconv.AppendInt(b, n/100, 10)
	return append(b, '.', byte('0'+n/10%10), byte('0'+n%10))
}

// utf16Append appends utf8toutf16(s, false) to b.
func utf16Append(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c1 := s[i]
		i++
		switch {
		case c1 >= 224:
			c2, c3 := s[i], s[i+1]
			i += 2
			b = append(b, ((c1&0x0F)<<4)+((c2&0x3C)>>2), ((c2&0x03)<<6)+(c3&0x3F))
		case c1 >= 192:
			c2 := s[i]
			i++
			b = append(b, (c1&0x1C)>>2, ((c1&0x03)<<6)+(c2&0x3F))
		default:
			b = append(b, 0, c1)
		}
	}
	return b
}

// appendEscaped appends s escaped as escape does: \ ( ) and CR get a backslash.
func appendEscaped(b, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '\\', '(', ')':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}
