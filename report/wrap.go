package report

import (
	"slices"
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
		case strings.Contains(tok, wordJoiner) && width-lineWidth > 4*measure("一"):
			// A name kept whole would leave more than four characters of the line
			// empty: it breaks like any Chinese text, as a word processor breaks it.
			parts := strings.Split(tok, wordJoiner)
			tokens = append(tokens[:i:i], append(parts, tokens[i+1:]...)...)
			i--
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
		// A line holding only opening marks would stand alone: the token too wide to
		// join them is split by characters instead (a long name after （).
		if allOpening(line) {
			parts := splitToWidth(strings.Join(line, "")+tok, width, measure)
			lines = append(lines, parts[:len(parts)-1]...)
			line, lineWidth = []string{parts[len(parts)-1]}, measure(parts[len(parts)-1])
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
	glueNext := false
	for _, r := range text {
		switch {
		case r == 0x2060:
			flushWord()
			glueNext = len(out) > 0
			continue
		case glueNext:
			glueNext = false
			flushWord()
			out[len(out)-1] += wordJoiner + string(r)
			continue
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
	return glueUnits(out)
}

// units are the measures a number keeps on its line (201万元/亩, 1.5个百分点, 第4位),
// longest first.
var units = []string{"个百分点", "万吨标煤", "万平方米", "万元/亩", "万元/人", "平方米", "百分点", "亿元", "万元", "万人", "万吨",
	"个", "家", "项", "亩", "件", "人", "元", "吨", "倍", "位", "名", "分", "条", "期", "年", "月", "日", "%"}

// glueUnits joins a number with the measure after it, and 第 before it, into one
// token: a line never ends with 201 and the next begins with 万元/亩.
func glueUnits(toks []string) []string {
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !isNumber(t) {
			out = append(out, t)
			continue
		}
		if n := len(out); n > 0 && out[n-1] == "第" {
			out, t = out[:n-1], "第"+t
		}
		for _, u := range units {
			concat, j := "", i+1
			for ; j < len(toks) && len(concat) < len(u); j++ {
				concat += toks[j]
			}
			if concat == u {
				t += concat
				i = j - 1
				break
			}
		}
		out = append(out, t)
	}
	return out
}

// isNumber is a token of digits (with a sign, point, comma or %).
func isNumber(t string) bool {
	digits := false
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case strings.ContainsRune(".,-+%", r):
		default:
			return false
		}
	}
	return digits
}

// allOpening reports whether every token of a line is opening punctuation.
func allOpening(line []string) bool {
	for _, t := range line {
		if !endsForbidden(t) || len([]rune(t)) != 1 {
			return false
		}
	}
	return len(line) > 0
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

// titleBreakAfter are endings after which a title may break: a title is broken into
// balanced lines at phrase boundaries (关于…的通报), never inside a word (培/育).
var titleBreakAfter = []string{"关于", "年度", "季度", "月份", "行动", "工作", "情况", "建设", "计划", "工程", "方案",
	"的", "和", "与", "及", "，", "、", "：", "；", "）", ")", "》", "”"}

// titleBreakBefore are words a title line may start with.
var titleBreakBefore = []string{"推进情况", "完成情况", "工作情况", "进展情况", "的通报", "通报", "攻坚行动", "专项行动", "（", "(", "“",
	"领导小组", "办公室", "工作专班", "管委会", "管理委员会"}

// titleLines breaks a title into the fewest lines that fit width, each break at a
// phrase boundary, the lines as even as possible; with no such breaks it falls back
// to wrapText.
func titleLines(text string, width float64, measure func(string) float64) []string {
	if measure(text) <= width {
		return []string{text}
	}
	rs := []rune(text)
	ok := map[int]bool{} // break before rune i
	quoted := 0          // inside “…”: a quoted name is never broken
	for i := 1; i < len(rs); i++ {
		switch rs[i-1] {
		case '“', '《':
			quoted++
		case '”', '》':
			quoted--
		}
		head, tail := string(rs[:i]), string(rs[i:])
		for _, w := range titleBreakAfter {
			if strings.HasSuffix(head, w) {
				ok[i] = true
			}
		}
		for _, w := range titleBreakBefore {
			if strings.HasPrefix(tail, w) {
				ok[i] = true
			}
		}
		if quoted > 0 || startsForbidden(tail) || endsForbidden(head) || isWordRune(rs[i-1]) && isWordRune(rs[i]) {
			ok[i] = false
		}
	}
	var cuts []int
	for i := range rs {
		if ok[i] {
			cuts = append(cuts, i)
		}
	}
	// Try 2, 3, 4 lines: every combination of breaks (titles are short), keep the one
	// whose widest line is narrowest.
	for n := 2; n <= 4; n++ {
		best, bestW := []int(nil), 0.0
		var try func(from int, chosen []int)
		try = func(from int, chosen []int) {
			if len(chosen) == n-1 {
				widest, prev := 0.0, 0
				for _, c := range append(append([]int(nil), chosen...), len(rs)) {
					widest = max(widest, measure(string(rs[prev:c])))
					prev = c
				}
				if widest <= width && (best == nil || widest < bestW) {
					best, bestW = append([]int(nil), chosen...), widest
				}
				return
			}
			for j := from; j < len(cuts); j++ {
				try(j+1, append(chosen, cuts[j]))
			}
		}
		if len(cuts) <= 40 {
			try(0, nil)
		}
		if best != nil {
			var out []string
			prev := 0
			for _, c := range append(best, len(rs)) {
				out = append(out, string(rs[prev:c]))
				prev = c
			}
			return out
		}
	}
	return wrapText(text, width, measure)
}

// isWordRune is a Latin letter or digit: 2023Q3 stays whole.
func isWordRune(r rune) bool { return r < 0x2E80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// wordJoiner (U+2060) glues the characters of a name that must not be broken; glue
// puts it in, the caller takes it out of the wrapped lines.
const wordJoiner = "\u2060"

// maxGlued is the longest name kept on one line.
const maxGlued = 6

// glue joins the characters of every occurrence of the words in text.
func glue(text string, words []string) string { return newGlossary(words).glue(text) }

// glossary is the words glue keeps whole, prepared once per document: a province
// has 5,000 unit names, and every cell that wraps was checked against each.
type glossary struct {
	words   []glued
	byFirst map[rune][]int // the words starting with a rune, in order
}

// glued is a word as text has it (zhText) and with its characters joined.
type glued struct{ word, joined string }

func newGlossary(words []string) *glossary {
	g := &glossary{byFirst: map[rune][]int{}}
	for _, w := range words {
		w = zhText(w)
		rs := []rune(w)
		// Long names may break: kept whole, they leave lines half empty.
		if len(rs) < 2 || len(rs) > maxGlued {
			continue
		}
		var b strings.Builder
		for i, r := range rs {
			if i > 0 {
				b.WriteString(wordJoiner)
			}
			b.WriteRune(r)
		}
		g.byFirst[rs[0]] = append(g.byFirst[rs[0]], len(g.words))
		g.words = append(g.words, glued{word: w, joined: b.String()})
	}
	return g
}

// glue joins the characters of every occurrence of the words in text, word by word
// in the glossary's order. Only the words text holds are tried: joining one word
// only inserts joiners, so it never makes another word appear.
func (g *glossary) glue(text string) string {
	if g == nil {
		return text
	}
	var found []int
	for i, r := range text {
		for _, w := range g.byFirst[r] {
			if strings.HasPrefix(text[i:], g.words[w].word) {
				found = append(found, w)
			}
		}
	}
	if len(found) == 0 {
		return text
	}
	slices.Sort(found)
	for i, w := range found {
		if i > 0 && found[i-1] == w {
			continue
		}
		if word := g.words[w]; strings.Contains(text, word.word) {
			text = strings.ReplaceAll(text, word.word, word.joined)
		}
	}
	return text
}

// zhText writes ASCII brackets full-width where they enclose or follow Chinese text,
// as 公文 do: 集聚区(温州经济技术开发区) → 集聚区（温州经济技术开发区）,
// 实施方案(2021-2023) → 实施方案（2021-2023）; (1) between ASCII stays as it is.
func zhText(s string) string {
	if !strings.ContainsAny(s, "()") {
		return s
	}
	rs := []rune(s)
	for i, r := range rs {
		if r != '(' {
			continue
		}
		depth, j := 0, i
		for ; j < len(rs); j++ {
			if rs[j] == '(' {
				depth++
			} else if rs[j] == ')' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		if j == len(rs) {
			continue
		}
		zh := i > 0 && isCJK(rs[i-1]) || j+1 < len(rs) && isCJK(rs[j+1])
		for _, c := range rs[i+1 : j] {
			zh = zh || isCJK(c)
		}
		if zh {
			rs[i], rs[j] = '（', '）'
		}
	}
	return string(rs)
}

// isCJK is a Chinese character or full-width mark.
func isCJK(r rune) bool { return r >= 0x2E80 }

// TitleLines breaks a title into lines of at most width characters (Chinese one,
// ASCII half) between phrases, as the PDF sets it: for the .docx twin.
func TitleLines(text string, width float64) []string {
	return titleLines(zhText(text), width, func(s string) float64 {
		n := 0.0
		for _, r := range s {
			if r < 0x2000 {
				n += 0.5
			} else {
				n++
			}
		}
		return n
	})
}
