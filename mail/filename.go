package mail

import (
	"fmt"
	"strings"
)

// DraftFileName names a unit's draft like its workbook: 03-德清县-2023Q3.eml. Characters
// Windows forbids in file names become _, because the drafts are copied to office PCs.
func DraftFileName(nn int, unitName, period string) string {
	return fmt.Sprintf("%02d-%s-%s.eml", nn, safeName(unitName), safeName(period))
}

func safeName(s string) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, strings.ToValidUTF8(s, "_")))
	// Windows drops trailing dots and spaces, which would merge names that differ there.
	s = strings.TrimRight(s, ". ")
	if s == "" {
		return "_"
	}
	return s
}
