package campaign

import (
	"fmt"
	"unicode/utf8"
)

// Unsafe reports whether a character must never reach a terminal as it is: C0 controls
// other than newline and tab (ESC starts colour and cursor sequences, BEL rings, BS and
// CR overwrite what was printed), DEL, the C1 controls (U+009B is CSI on some
// terminals) and the bidirectional overrides and isolates (U+202E shows “txt.exe” as
// “exe.txt”). Names in campaign.yaml refuse them; output shows them escaped.
func Unsafe(r rune) bool {
	switch {
	case r == '\n' || r == '\t':
		return false
	case r < 0x20 || r == 0x7f:
		return true
	case r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// FirstUnsafe is the first unsafe character of s (or an invalid UTF-8 byte, as
// utf8.RuneError) and whether there is one.
func FirstUnsafe(s string) (rune, bool) {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return r, true
			}
		}
		if Unsafe(r) {
			return r, true
		}
	}
	return 0, false
}

// RuneName writes a character the way a clerk can look it up: U+001B.
func RuneName(r rune) string { return fmt.Sprintf("U+%04X", r) }
