package mail

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// maxLine is the line length RFC 2045/5322 recommend. Every header we write stays within
// it except two atoms that cannot be folded and stay far below the hard limit of 998:
// the .xlsx content type (81 with its field name, as mail clients commonly write it)
// and an RFC 2231 file name.
const maxLine = 76

// field builds one header field, folding between atoms (RFC 5322 §2.2.3): a continuation
// line starts with a space, which unfolding keeps.
type field struct{ lines []string }

func newField(name string) *field { return &field{lines: []string{name + ":"}} }

func (f *field) last() string { return f.lines[len(f.lines)-1] }

// room is how many characters fit after a space on the current line.
func (f *field) room() int { return maxLine - len(f.last()) - 1 }

// fresh reports whether the current line holds nothing yet after its leading space or
// the field name: breaking there would gain nothing.
func (f *field) fresh() bool {
	return len(f.lines) > 1 && f.last() == "" || len(f.lines) == 1 && !strings.Contains(f.last(), " ")
}

// add appends an atom after a space, on a new line if it does not fit on this one.
func (f *field) add(atom string) {
	if len(atom) > f.room() && !f.fresh() {
		f.lines = append(f.lines, "")
	}
	f.lines[len(f.lines)-1] += " " + atom
}

// addText appends a phrase: as words when it is plain ASCII, else as RFC 2047 encoded
// words.
func (f *field) addText(s string) {
	if needsEncoding(s) {
		f.addEncoded("", s, "")
		return
	}
	words := strings.Fields(s)
	if len(words) == 0 {
		words = []string{""}
	}
	for _, w := range words {
		f.add(w)
	}
}

// addEncoded appends s as UTF-8 B-encoded words, each sized to what is left of its line
// and each holding whole characters, as RFC 2047 §5 requires.
func (f *field) addEncoded(prefix, s, suffix string) {
	const open, closing = "=?UTF-8?B?", "?="
	for first := true; first || s != ""; first = false {
		room := f.room() - len(suffix) - len(open) - len(closing)
		if first {
			room -= len(prefix)
		}
		n := fit(s, room/4*3)
		if n == 0 && s != "" && !f.fresh() {
			f.lines = append(f.lines, "")
			room = f.room() - len(suffix) - len(open) - len(closing)
			if first {
				room -= len(prefix)
			}
			n = fit(s, room/4*3)
		}
		if n == 0 && s != "" { // cannot happen with maxLine 76; never loop forever
			_, n = utf8.DecodeRuneInString(s)
		}
		word := open + base64.StdEncoding.EncodeToString([]byte(s[:n])) + closing
		s = s[n:]
		if first {
			word = prefix + word
		}
		if s == "" {
			word += suffix
		}
		f.add(word)
	}
}

// fit is how many leading bytes of s, in whole characters, fit in max bytes.
func fit(s string, max int) int {
	n := 0
	for n < len(s) {
		_, size := utf8.DecodeRuneInString(s[n:])
		if n+size > max {
			break
		}
		n += size
	}
	return n
}

func (f *field) String() string { return strings.Join(f.lines, "\r\n") + "\r\n" }

// needsEncoding reports whether s cannot travel as plain header text.
func needsEncoding(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x7f || c < 0x20 && c != '\t' {
			return true
		}
	}
	return strings.Contains(s, "=?")
}

// quote makes an ASCII quoted-string.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// oneLine removes what would break a header: line breaks, control characters, invalid
// UTF-8.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s))
}
