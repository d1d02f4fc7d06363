// Package textwidth measures text the way terminals and spreadsheets lay it out: a
// CJK character takes two columns, like two digits. Tables on screen (cmd) and column
// widths in workbooks (workbook) both depend on it.
package textwidth

import "golang.org/x/text/width"

// Of counts display columns: East Asian wide and full-width characters count two.
func Of(s string) int {
	w := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			w += 2
		default:
			w++
		}
	}
	return w
}
