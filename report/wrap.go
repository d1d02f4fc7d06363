package report

import (
	"strings"
	"unicode"
)

// Chinese line breaking (禁则): gofpdf's SplitText breaks only at spaces and splits
// CJK text at arbitrary bytes, so lines are broken here. Any two CJK characters may be
// broken between, a run of Latin letters and digits (2023Q3, 101.25%) stays whole, a
// line never starts with closing punctuation (，。、）》…) and never ends with opening
// punctuation (（《“…): the character before is carried down with it instead.

// noLineStart may not begin a line.
const noLineStart = "，。、；：？！）》」』】〕〉”’…—%‰℃·．，．：；！？），］｝>)]}"

// noLineEnd may not end a line.
const noLineEnd = "（《「『【〔〈“‘([{<￥$"

// wrapText breaks text into lines no wider than width, as measured by measure. Each
// "\n" starts a new line. A token wider than width on its own is split by characters.
func wrapText(text string, width float64, measure func(string) float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapParagraph(para, width, measure)...)
	}
	return out
}

func wrapParagraph(text string, width float64, measure func(string) float64) []string {
	tokens := tokenize(text)
	if len(tokens) == 0 {
		return []string{""}
	}
	var lines, line []string
	lineWidth := 0.0
	flush := func() {
		lines = append(lines, strings.TrimRight(strings.Join(line, ""), " "))
		line, lineWidth = nil, 0
	}
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		w := measure(tok)
		switch {
		case tok == " " && len(line) == 0:
			continue // no space at the start of a line
		case lineWidth+w <= width:
			line = append(line, tok)
			lineWidth += w
			continue
		case len(line) == 0: // one token wider than the line: split it by characters
			parts := splitToWidth(tok, width, measure)
			lines = append(lines, parts[:len(parts)-1]...)
			line, lineWidth = []string{parts[len(parts)-1]}, measure(parts[len(parts)-1])
			continue
		case tok == " ":
			flush()
			continue
		}
		// tok starts the next line. Carry characters down with it so that the next line
		// does not start with closing punctuation and this one does not end with opening
		// punctuation; when nothing can be carried, the mark hangs at the line's end.
		carry := 0
		if startsForbidden(tok) {
			carry = 1
			for len(line)-carry > 1 && startsForbidden(line[len(line)-carry]) {
				carry++
			}
			if len(line)-carry < 1 {
				line = append(line, tok)
				lineWidth += w
				continue
			}
		}
		for len(line)-carry > 1 && endsForbidden(line[len(line)-1-carry]) {
			carry++
		}
		moved := append([]string(nil), line[len(line)-carry:]...)
		line = line[:len(line)-carry]
		flush()
		if carry == 0 {
			i-- // place tok again, now at the start of a line
			continue
		}
		for _, m := range append(moved, tok) {
			line = append(line, m)
			lineWidth += measure(m)
		}
	}
	if len(line) > 0 {
		flush()
	}
	return lines
}

// tokenize splits text into units that may not be broken inside: one CJK character
// or punctuation mark each, or a run of Latin letters, digits and the marks that
// belong to numbers (12.5, 1,234, 2023-09, 50%).
func tokenize(text string) []string {
	var out []string
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r == ' ' || r == '\t':
			flushWord()
			out = append(out, " ")
		case r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(".,-+/%:_'", r)):
			word.WriteRune(r)
		default:
			flushWord()
			out = append(out, string(r))
		}
	}
	flushWord()
	return out
}

func startsForbidden(tok string) bool {
	for _, r := range tok {
		return strings.ContainsRune(noLineStart, r)
	}
	return false
}

func endsForbidden(tok string) bool {
	rs := []rune(tok)
	return len(rs) > 0 && strings.ContainsRune(noLineEnd, rs[len(rs)-1])
}

// splitToWidth cuts an unbreakable token into pieces no wider than width.
func splitToWidth(tok string, width float64, measure func(string) float64) []string {
	var parts []string
	var cur strings.Builder
	for _, r := range tok {
		if cur.Len() > 0 && measure(cur.String()+string(r)) > width && !strings.ContainsRune(noLineStart, r) {
			parts = append(parts, cur.String())
			cur.Reset()
		}
		cur.WriteRune(r)
	}
	return append(parts, cur.String())
}
