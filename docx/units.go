package docx

import (
	"fmt"
	"strings"
)

// Page geometry in twips (1 mm = 1440/25.4 twips), the same 版心 as the PDF's.
const (
	pageW       = 11906                            // 210 mm
	pageH       = 16838                            // 297 mm
	marginTop   = 2098                             // 37 mm
	marginLeft  = 1587                             // 28 mm
	marginRight = 1474                             // 26 mm: 210 − 28 − 156
	marginBot   = 1984                             // 35 mm: 297 − 37 − 225
	blockW      = pageW - marginLeft - marginRight // 8845: 156 mm
	blockH      = pageH - marginTop - marginBot    // 12756: 225 mm
	linePitch   = 579                              // 12756 / 22, rounded down: 22 lines
	cellTw      = blockW / 28                      // one character of the grid, 315 twips
	footerDist  = 1247                             // the page number's line 7 mm under the block
	headerDist  = 851
)

// twips converts millimetres to twips.
func twips(mm float64) int { return int(mm*1440/25.4 + 0.5) }

// esc escapes text for an XML text node or attribute.
func esc(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		case '\u2060', '\f':
		default:
			if r < 0x20 && r != '\t' {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// ems is a text's width in characters of its size: Chinese one, ASCII half.
func ems(s string) float64 {
	n := 0.0
	for _, r := range s {
		if r < 0x2000 {
			n += 0.5
		} else {
			n++
		}
	}
	return n
}

func itoa(n int) string { return fmt.Sprint(n) }
