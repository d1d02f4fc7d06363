package report

import "strings"

// table is a grid drawn with borders: header rows (cells may span columns) repeated
// on every page it runs onto, body rows whose cells wrap and set the row's height.
type table struct {
	widths  []float64 // millimetres per column
	headers [][]headerCell
	rows    [][]cell
	size    float64 // font size in points
	// note is the table's note or legend, printed under it and never alone at the top
	// of a page: it stays with the table's last rows.
	note string
}

// headerCell is a header cell spanning span columns (1 when 0) and rows header rows
// (1 when 0). The cells a taller cell covers in the rows below are marked covered.
type headerCell struct {
	text    string
	span    int
	rows    int
	covered bool
}

// cell is one body cell.
type cell struct {
	text  string
	align string // "L", "C" or "R"; "" is centred
	fill  *rgb
	color *rgb
}

const cellPad = 1.2 // millimetres inside a cell

// draw writes the table at the current position, starting new pages (of the same
// orientation) when a row does not fit and repeating the header rows on each. No
// orphans: the header comes with two rows at least, a page never takes the last row
// alone, and the note goes with the last rows.
func (d *doc) drawTable(t table) {
	if d.model != nil { // the model's copy of a province's tables is large: only when kept
		d.record(Block{Kind: BlockTable, Table: modelTable(t)})
	}
	d.setFont(t.size)
	lh := lineHeight(t.size) // 1.5 sizes: the CJK fonts' boxes (1.44 sizes) do not touch
	hd := d.layHeader(t, lh)
	headerH := hd.height
	// Each row is wrapped once: a province's table has half a million cells.
	heights := make([]float64, len(t.rows))
	wrapped := make([][][]string, len(t.rows))
	var w wrapping
	w.cells = make([][]string, 0, len(t.rows)*len(t.widths))
	w.lines = make([]string, 0, len(t.rows)*len(t.widths))
	for i, r := range t.rows {
		wrapped[i], heights[i] = d.rowLines(t, r, lh, &w)
	}
	tail := 0.0
	if t.note != "" {
		tail = d.noteHeight(t.note)
		d.setFont(t.size)
	}
	// from i to the end, with the note.
	rest := func(i int) float64 {
		h := tail
		for _, x := range heights[i:] {
			h += x
		}
		return h
	}
	first := 0.0
	for i := 0; i < min(2, len(heights)); i++ {
		first += heights[i]
	}
	if len(heights) <= 2 {
		first += tail
	}
	d.room(headerH + first)
	d.drawHeader(t, lh, hd)
	n := len(t.rows)
	for i, r := range t.rows {
		lines, h := wrapped[i], heights[i]
		free := d.bottom() - d.pdf.GetY()
		// The last two rows and the note go over together when they do not all fit,
		// unless this row is the first of the page.
		onPage := d.pdf.GetY() <= d.top()+headerH+0.5
		brk := h > free+0.01
		if !brk && !onPage && i == n-2 && rest(i) > free+0.01 {
			brk = true
		}
		if !brk && i == n-1 && tail > 0 && h+tail > free+0.01 && !onPage {
			brk = true
		}
		if brk {
			d.addPage(d.landscape())
			d.drawHeader(t, lh, hd)
		}
		d.drawRow(t, r, lines, h, lh)
	}
	d.colour(black)
	if t.note != "" {
		d.drawNote(t.note)
	}
}

// span returns the width of a header cell starting at column col.
func (t table) span(col, n int) float64 {
	if n < 1 {
		n = 1
	}
	w := 0.0
	for i := col; i < col+n && i < len(t.widths); i++ {
		w += t.widths[i]
	}
	return w
}

// header is a table's header wrapped once for every page it is repeated on: the
// lines of each cell and the height of each row.
type header struct {
	lines   [][][]string
	heights []float64
	height  float64
}

// layHeader wraps t's header in the table's font.
func (d *doc) layHeader(t table, lh float64) header {
	h := header{lines: make([][][]string, len(t.headers)), heights: make([]float64, len(t.headers))}
	for i, row := range t.headers {
		n, col := 1, 0
		h.lines[i] = make([][]string, len(row))
		for j, hc := range row {
			if hc.covered {
				col += max(hc.span, 1)
				continue
			}
			h.lines[i][j] = d.headerLines(hc.text, t.span(col, hc.span)-2*cellPad)
			if l := len(h.lines[i][j]); l > n && hc.rows <= 1 {
				n = l
			}
			col += max(hc.span, 1)
		}
		h.heights[i] = float64(n)*lh + 2*cellPad
		h.height += h.heights[i]
	}
	return h
}

func (d *doc) drawHeader(t table, lh float64, hd header) {
	d.setFont(t.size)
	heights := hd.heights
	for i, row := range t.headers {
		y := d.pdf.GetY()
		x, col := d.left(), 0
		for j, hc := range row {
			w := t.span(col, hc.span)
			if !hc.covered {
				h := 0.0
				for j := i; j < min(i+max(hc.rows, 1), len(heights)); j++ {
					h += heights[j]
				}
				d.box(x, y, w, h, &headerFill)
				d.cellText(x, y, w, h, lh, hd.lines[i][j], "C", black)
			}
			x += w
			col += max(hc.span, 1)
		}
		d.pdf.SetY(y + heights[i])
	}
}

// wrapping holds the wrapped cells of a table's rows, so that a table of 55,000
// cells, most of one line, takes two allocations instead of one per cell.
type wrapping struct {
	cells [][]string // each row's cells' lines
	lines []string   // the cells of one line
}

// rowLines wraps a row's cells and returns their lines and the row's height.
func (d *doc) rowLines(t table, r []cell, lh float64, into *wrapping) ([][]string, float64) {
	start, most := len(into.cells), 1
	for i, w := range t.widths {
		var lines []string
		if i < len(r) {
			if l, ok := d.oneLine(r[i].text, w-2*cellPad); ok {
				into.lines = append(into.lines, l)
				n := len(into.lines)
				lines = into.lines[n-1 : n : n]
			} else {
				lines = d.lines(r[i].text, w-2*cellPad)
			}
		}
		into.cells = append(into.cells, lines)
		most = max(most, len(lines))
	}
	n := len(into.cells)
	return into.cells[start:n:n], float64(most)*lh + 2*cellPad
}

func (d *doc) drawRow(t table, r []cell, lines [][]string, h, lh float64) {
	y := d.pdf.GetY()
	x := d.left()
	for i, w := range t.widths {
		var c cell
		if i < len(r) {
			c = r[i]
		}
		d.box(x, y, w, h, c.fill)
		colour := black
		if c.color != nil {
			colour = *c.color
		}
		d.cellText(x, y, w, h, lh, lines[i], c.align, colour)
		x += w
	}
	d.pdf.SetY(y + h)
}

// box draws a cell's border, filled when fill is set. The border style is set once
// per page and the fill colour only when it changes: a province's table has half a
// million cells, and gofpdf writes every setting into the page.
func (d *doc) box(x, y, w, h float64, fill *rgb) {
	page := d.pdf.PageNo()
	if d.style.page != page {
		d.pdf.SetDrawColor(lineColour.r, lineColour.g, lineColour.b)
		d.pdf.SetLineWidth(0.2)
		d.style = boxStyle{page: page}
	}
	style := "D"
	if fill != nil {
		if !d.style.filled || d.style.fill != *fill {
			d.pdf.SetFillColor(fill.r, fill.g, fill.b)
			d.style.fill, d.style.filled = *fill, true
		}
		style = "FD"
	}
	d.pdf.Rect(x, y, w, h, style)
}

// boxStyle is the border and fill style box last set, on which page.
type boxStyle struct {
	page   int
	fill   rgb
	filled bool
}

// styleChanged tells box that other drawing changed the draw or fill colour.
func (d *doc) styleChanged() { d.style = boxStyle{} }

// cellText writes wrapped lines inside a cell, vertically centred.
func (d *doc) cellText(x, y, w, h, lh float64, lines []string, align string, c rgb) {
	d.colour(c)
	top := y + (h-float64(len(lines))*lh)/2
	for i, l := range lines {
		tx := x + (w-d.measure(l))/2
		switch align {
		case "L":
			tx = x + cellPad
		case "R":
			tx = x + w - cellPad - d.measure(l)
		}
		d.pdf.Text(tx, top+float64(i)*lh+lh*0.75, l)
	}
}

// headerLines wraps a header cell between phrases where it can (never inside a
// quoted name), else as body text.
func (d *doc) headerLines(text string, width float64) []string {
	text = d.clean(text)
	if strings.Contains(text, "\n") || d.measure(text) <= width+0.01 {
		return d.lines(text, width)
	}
	return titleLines(text, width+0.01, d.measure)
}
