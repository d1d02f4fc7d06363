package workbook

import (
	"strings"

	"tenglong/campaign"
)

// decimalsFormat is an Excel number format with exactly n decimals: "0", "0.0", "0.00".
func decimalsFormat(n int) string {
	if n <= 0 {
		return "0"
	}
	return "0." + strings.Repeat("0", n)
}

// quoteFormat makes text safe inside a number format.
func quoteFormat(s string) string {
	if s == "" {
		return ""
	}
	return `"` + strings.ReplaceAll(s, `"`, `'`) + `"`
}

// targetFormat shows a numeric target as the document prints it while the cell keeps
// a number that formulas can use: 4.5 with `0.0"（含南太湖新区）"` reads 4.5（含南太湖新区）.
func targetFormat(t campaign.Target) string {
	places := 0
	if i := strings.IndexByte(t.NumberText(), '.'); i >= 0 {
		places = len(t.NumberText()) - i - 1
	}
	prefix, suffix := t.NoteAffixes()
	return quoteFormat(prefix) + decimalsFormat(places) + quoteFormat(suffix)
}
