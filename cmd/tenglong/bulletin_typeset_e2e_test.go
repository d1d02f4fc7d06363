package main

// The bulletin and the notices typeset like a 公文 (issue 18), read back with
// pdftotext -bbox over every seed: nothing overprints, no name is cut with …, body
// lines are justified to both edges, and the line-breaking rules (禁则) hold.

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"tenglong/internal/testtool"
)

// TestDocumentsNeverOverprint: no two words' boxes of a page overlap, and no word
// holds an ellipsis (a name cut to fit), in the bulletin and the notices of every
// seed.
func TestDocumentsNeverOverprint(t *testing.T) {
	for _, seed := range allSeeds {
		t.Run(seed, func(t *testing.T) {
			dir, period, pdf := demoBulletin(t, seed)
			for _, path := range []string{pdf, filepath.Join(dir, "约谈通知书-"+period+".pdf")} {
				for i, p := range pdfBoxes(t, path) {
					checkNoOverlap(t, filepath.Base(path), i+1, p.words)
					checkNoOrphanNote(t, filepath.Base(path), i+1, p)
				}
			}
		})
	}
}

// checkNoOverlap reports words whose boxes overlap by more than a hair, and words
// with an ellipsis.
func checkNoOverlap(t *testing.T, file string, page int, words []pdfWord) {
	t.Helper()
	const hair = 0.25 // mm: boxes of neighbouring glyphs may touch
	reported := 0
	for i, a := range words {
		if strings.Contains(a.text, "…") && !strings.Contains(a.text, "中间") {
			t.Errorf("%s p%d: %q is cut with …", file, page, a.text)
		}
		for _, b := range words[i+1:] {
			dx := min(a.x1, b.x1) - max(a.x0, b.x0)
			dy := min(a.y1, b.y1) - max(a.y0, b.y0)
			if dx > hair && dy > hair && reported < 5 {
				reported++
				t.Errorf("%s p%d: %q (%.1f,%.1f–%.1f,%.1f) overprints %q (%.1f,%.1f–%.1f,%.1f)", file, page,
					a.text, a.x0, a.y0, a.x1, a.y1, b.text, b.x0, b.y0, b.x1, b.y1)
			}
		}
	}
}

// bodyLine is one line of 3号 body text on a portrait page, its words joined.
type bodyLine struct {
	page   int
	x0, x1 float64
	y      float64
	text   string
}

// bodyLines joins the words of 3号 body text (the body font's box height) into lines.
func bodyLines(pages []pdfPage) []bodyLine {
	var out []bodyLine
	for i, p := range pages {
		if p.w > p.h {
			continue
		}
		for _, w := range p.words {
			if !near((w.y1-w.y0)/bodyBoxPerPt, 16, 0.06) || w.y0 > 262 {
				continue
			}
			if k := len(out) - 1; k >= 0 && out[k].page == i+1 && near(out[k].y, w.y0, 0.2) {
				out[k].x1, out[k].text = w.x1, out[k].text+w.text
				continue
			}
			out = append(out, bodyLine{page: i + 1, x0: w.x0, x1: w.x1, y: w.y0, text: w.text})
		}
	}
	return out
}

// TestBodyJustifiedAndLineBreaking: every body line that a paragraph continues after
// ends at the block's right edge (两端对齐); no line starts with closing punctuation
// or ends with opening punctuation; a number keeps its measure; no line is only 点。;
// no table cell line is a lone （ and no header word is split (计量单/位).
func TestBodyJustifiedAndLineBreaking(t *testing.T) {
	cell := 156.0 / 28
	for _, seed := range []string{"huzhou-2023", "wzetdz-2015", "huzhou-2023-depts", "shengzhou-2022"} {
		t.Run(seed, func(t *testing.T) {
			_, _, pdf := demoBulletin(t, seed)
			pages := pdfBoxes(t, pdf)
			lines := bodyLines(pages)
			continuing, short := 0, 0
			for i, l := range lines {
				if i+1 < len(lines) {
					next := lines[i+1]
					// The paragraph goes on: the next line starts at the block's edge,
					// one pitch below (or at the top of the next page).
					goesOn := near(next.x0, 28, 0.3) && (next.page == l.page && near(next.y-l.y, 225.0/22, 0.1) || next.page == l.page+1 && next.y < 40)
					if goesOn && (near(l.x0, 28, 0.3) || near(l.x0, 28+2*cell, 0.3)) && utf8.RuneCountInString(l.text) > 10 {
						continuing++
						if !near(l.x1, 184, 0.6) {
							short++
							t.Errorf("p%d: a continuing line ends at %.1f mm, %.1f mm short of the edge: %q", l.page, l.x1, 184-l.x1, l.text)
						}
					}
				}
				first, _ := utf8.DecodeRuneInString(l.text)
				last, _ := utf8.DecodeLastRuneInString(l.text)
				if strings.ContainsRune("，。、；：？！）》”’", first) {
					t.Errorf("p%d: a line starts with %q: %q", l.page, string(first), l.text)
				}
				if strings.ContainsRune("（《“‘", last) {
					t.Errorf("p%d: a line ends with %q: %q", l.page, string(last), l.text)
				}
				if l.text == "点。" || strings.HasPrefix(l.text, "点。") && i > 0 && strings.HasSuffix(lines[i-1].text, "百分") {
					t.Errorf("p%d: 百分点 split: %q", l.page, l.text)
				}
				if i > 0 && lines[i-1].page == l.page && endsWithDigit(lines[i-1].text) {
					for _, u := range []string{"万元", "个百分点", "亿元", "家", "项", "亩", "%"} {
						if strings.HasPrefix(l.text, u) {
							t.Errorf("p%d: a number and its measure on two lines: %q / %q", l.page, lines[i-1].text, l.text)
						}
					}
				}
			}
			t.Logf("%s: %d continuing body lines, %d short", seed, continuing, short)
			if continuing < 10 {
				t.Errorf("only %d continuing lines measured", continuing)
			}
			for i, p := range pages {
				for _, w := range p.words {
					if w.text == "（" || w.text == "计量单" || w.text == "序时进" {
						t.Errorf("p%d: a table cell line reads %q", i+1, w.text)
					}
				}
			}
		})
	}
	_ = testtool.Need
}

func endsWithDigit(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r >= '0' && r <= '9'
}

// checkNoOrphanNote reports a page that starts with a table's note or legend: small
// text (五号) flush with the block's left edge as its first line.
func checkNoOrphanNote(t *testing.T, file string, page int, p pdfPage) {
	t.Helper()
	left, top := 28.0, 37.0
	if p.w > p.h {
		left, top = 35, 28
	}
	for _, w := range p.words {
		if w.y0 > top+20 || p.w > p.h && w.x1 < left { // the page number of a landscape page
			continue
		}
		if near((w.y1-w.y0)/ptToMM/1.437, 10.5, 0.3) && near(w.x0, left, 0.3) {
			t.Errorf("%s p%d starts with a table's note alone: %q", file, page, w.text)
		}
		return
	}
}
