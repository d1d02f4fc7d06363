package main

import (
	"io"
	"strings"

	"tenglong/internal/textwidth"
)

// displayWidth counts terminal columns: a CJK character takes two.
func displayWidth(s string) int { return textwidth.Of(s) }

// table prints rows with columns padded to their widest cell, counting CJK width, so
// that Chinese tables line up in a terminal.
type table struct {
	rows  [][]string
	right map[int]bool // right-aligned columns (numbers)
}

func newTable(header ...string) *table {
	return &table{rows: [][]string{header}, right: map[int]bool{}}
}

func (t *table) alignRight(cols ...int) *table {
	for _, c := range cols {
		t.right[c] = true
	}
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer) {
	widths := map[int]int{}
	for _, r := range t.rows {
		for i, c := range r {
			if dw := displayWidth(c); dw > widths[i] {
				widths[i] = dw
			}
		}
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.Reset()
		for i, c := range r {
			pad := strings.Repeat(" ", widths[i]-displayWidth(c))
			if i > 0 {
				b.WriteString("  ")
			}
			if t.right[i] {
				b.WriteString(pad + c)
			} else if i < len(r)-1 {
				b.WriteString(c + pad)
			} else {
				b.WriteString(c)
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
}
