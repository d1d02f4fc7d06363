package workbook

import (
	"errors"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// sheetTable is one sheet of the consolidated workbooks (汇总表, 约谈名单), laid out in
// memory — values, styles, column widths, row heights, merges — and then written
// through excelize's StreamWriter, which writes rows straight out as XML instead of
// keeping a tree of cells: a 总表 of 1,300 units × 100 indicators (520,000 cells) and
// lists of 100,000 rows write in seconds. The stream writer takes numbers as float64;
// see excelNumber.
type sheetTable struct {
	name  string
	specs []colSpec
	// text and number are the widest text and number of each column so far, in
	// display columns with padding: text wraps at the column's cap, numbers never do
	// (a number that does not fit prints as #####).
	text, number []float64
	rows         []tableRow
	merges       []cellRange
	// spool, when set (writeTables), takes each row without merged text as it is
	// added; rows then keeps only the rows whose merged text waits for the final
	// widths, and parts says where each row of the sheet is. Without one (the tests
	// that look into a table) rows keeps every row.
	spool *rowSpool
	parts []rowPart
	nrows int
	// scratch holds the cells of a row on its way to the spool: a spooled row's
	// cells are written at once, so one slice serves every row (500,000 rows of a
	// 5,000-unit 总表 each made one before).
	scratch []excelize.Cell
	err     error // the first row the spool could not take
	// freezeRows and freezeCols stay on screen while scrolling; the header rows
	// headFrom..freezeRows and the frozen columns repeat on every printed page.
	freezeRows, freezeCols, headFrom int
}

// tableRow is one laid-out row: its cells for the stream writer and what its height
// depends on.
type tableRow struct {
	cells []excelize.Cell // per column; the zero Cell leaves the cell out
	lines int             // wrapped lines of its tallest ordinary cell
	line  float64
	spans []spanText // merged text, measured once the widths are known
}

// spanText is the text of a cell merged across columns.
type spanText struct {
	col, span int // span < 0: to the end of the first printed page
	text      string
	scale     float64 // font size over 11 pt
}

type cellRange struct{ from, to string }

// rowPart is one row of a spooled sheet, kept (an index into rows, written once the
// widths are known), or a run of rows one after the other already in the spool: a
// part per row was 25 MB (with the body made of them) for a 总表 of 500,000 rows.
type rowPart struct {
	kept    int // index into rows + 1; 0: spooled
	row     int // the kept row's 1-based number
	spooled spoolRange
}

// toPageEnd as a span merges a cell up to the last column of the first printed page:
// a title or a note over 400 columns would otherwise be centred off screen.
const toPageEnd = -1

// tcell is a cell handed to addRow.
type tcell struct {
	value any // nil, string, float64 or int
	style int
	shown string // what a reader sees, for the width; "" means the string value
	span  int    // > 1 or toPageEnd: merged with the cells to its right
	down  int    // > 1: merged with the cells below (their tcells carry only the style)
	title bool   // measured at the title's font size
}

func strCell(v string, style int) tcell { return tcell{value: v, style: style} }

// numberOf is a numeric cell; shown is what its format makes of it.
func numCell(v float64, style int, shown string) tcell {
	return tcell{value: v, style: style, shown: shown}
}

func emptyCell(style int) tcell { return tcell{style: style} }

func newSheetTable(st *styles, name string, specs []colSpec) *sheetTable {
	return &sheetTable{name: name, specs: specs, text: make([]float64, len(specs)), number: make([]float64, len(specs)), spool: st.spool}
}

// addTitle is the title row, in the title font, across the first printed page.
func (t *sheetTable) addTitle(st *styles, title string) {
	t.addRow(titleLine, []tcell{{value: title, style: st.title(), span: toPageEnd, title: true}})
}

// addNote is a row of unboxed text across the first printed page.
func (t *sheetTable) addNote(st *styles, note string) {
	t.addRow(bodyLine, []tcell{{value: note, style: st.cell(cellStyle{align: "left", plain: true}), span: toPageEnd}})
}

// spanned is a cell merged across n columns, followed by the n-1 cells it covers,
// styled alike so that the merged range is boxed.
func spanned(c tcell, n int) []tcell {
	c.span = n
	out := []tcell{c}
	for i := 1; i < n; i++ {
		out = append(out, emptyCell(c.style))
	}
	return out
}

// addRow appends a row of cells (fewer than the columns leaves the rest out) and
// returns its 1-based row number. line is the height of one line of its text.
func (t *sheetTable) addRow(line float64, cells []tcell) int {
	t.nrows++
	r := t.nrows
	if cap(t.scratch) < len(t.specs) {
		t.scratch = make([]excelize.Cell, len(t.specs))
	}
	t.scratch = t.scratch[:len(t.specs)]
	clear(t.scratch)
	row := tableRow{cells: t.scratch, lines: 1, line: line}
	for j := 0; j < len(cells) && j < len(t.specs); j++ {
		c := cells[j]
		if c.value == nil && c.style == 0 {
			continue
		}
		row.cells[j] = excelize.Cell{StyleID: c.style, Value: c.value}
		if c.down > 1 {
			t.merges = append(t.merges, cellRange{cell(j+1, r), cell(j+1, r+c.down-1)})
		}
		s, isText := c.value.(string)
		switch {
		case c.span > 1 || c.span == toPageEnd:
			scale := 1.0
			if c.title {
				scale = 16.0 / 11
			}
			row.spans = append(row.spans, spanText{col: j, span: c.span, text: s, scale: scale})
		case isText:
			t.measureText(j, s, max(c.down, 1), &row)
		case c.value != nil:
			shown := c.shown
			if shown == "" {
				shown = "0"
			}
			t.number[j] = max(t.number[j], float64(textWidth(shown)+2))
		}
	}
	if t.spool == nil || len(row.spans) > 0 {
		row.cells = slices.Clone(row.cells) // kept: not the scratch the next row reuses
		t.rows = append(t.rows, row)
		t.parts = append(t.parts, rowPart{kept: len(t.rows), row: r})
		return r
	}
	at, err := t.spool.row(r, rowHeight(row.lines, row.line), row.cells)
	if err != nil && t.err == nil {
		t.err = err
	}
	if n := len(t.parts); n > 0 && t.parts[n-1].kept == 0 && t.parts[n-1].spooled.to == at.from {
		t.parts[n-1].spooled.to = at.to
	} else {
		t.parts = append(t.parts, rowPart{spooled: at})
	}
	return r
}

// fitTitleWidth widens the second column (the unit's name) of a table narrower than
// the widest phrase of its title, so that the title breaks between phrases and never
// inside a word.
func (t *sheetTable) fitTitleWidth(ws []float64) {
	total := 0.0
	for _, w := range ws {
		total += w
	}
	for _, row := range t.rows {
		for _, s := range row.spans {
			if s.scale <= 1 || s.span != toPageEnd || len(ws) == 0 {
				continue
			}
			if need := float64(longestPhrase(s.text)) * s.scale / titleFit; need > total {
				ws[min(1, len(ws)-1)] += math.Ceil(need - total)
				total = math.Ceil(need)
			}
		}
	}
}

// measureText widens a column toward its text, up to the column's cap, and counts
// the lines the text wraps to at that cap, shared among the rows it is merged down.
func (t *sheetTable) measureText(j int, s string, down int, row *tableRow) {
	spec := t.specs[j]
	widest := 0
	for rest := s; ; { // the widest line, without a slice of lines for every cell
		line, after, more := strings.Cut(rest, "\n")
		widest = max(widest, textWidth(line))
		if !more {
			break
		}
		rest = after
	}
	t.text[j] = max(t.text[j], float64(widest+2))
	if float64(widest+2) > spec.max || strings.Contains(s, "\n") {
		row.lines = max(row.lines, (wrappedLines(s, spec.max)+down-1)/down)
	}
}

// widths are the final column widths: text up to the cap, numbers in full.
func (t *sheetTable) widths() []float64 {
	ws := make([]float64, len(t.specs))
	for j, spec := range t.specs {
		w := min(max(t.text[j], spec.min), spec.max)
		ws[j] = max(w, t.number[j])
	}
	return ws
}

// write creates the sheet in f and streams the table into it. The first sheet of a
// new file reuses its Sheet1.
func (t *sheetTable) write(f *excelize.File, first bool) error {
	if first {
		if err := f.SetSheetName(f.GetSheetName(0), t.name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(t.name); err != nil {
		return err
	}
	ws := t.printWidths()
	wide := t.pagesWide()
	// A title or note spans the columns of the first printed page (all of them when
	// the table prints one page wide).
	firstPageEnd := t.firstPageEnd(ws, wide)
	// What the stream writer writes before the rows (sheet properties, dimension) or
	// after them from the same worksheet (page set-up) is set first.
	if t.err != nil {
		return t.err
	}
	if t.spool == nil {
		return errors.New("sheetTable.write needs a spool")
	}
	if err := setDimension(f, t.name, len(ws), t.nrows); err != nil {
		return err
	}
	if err := t.printSetup(f, wide); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return err
	}
	for j := 0; j < len(ws); {
		k := j // one call per run of equal widths
		for k+1 < len(ws) && ws[k+1] == ws[j] {
			k++
		}
		if err := sw.SetColWidth(j+1, k+1, ws[j]); err != nil {
			return err
		}
		j = k + 1
	}
	if t.freezeRows > 0 || t.freezeCols > 0 {
		panes := &excelize.Panes{Freeze: true, XSplit: t.freezeCols, YSplit: t.freezeRows,
			TopLeftCell: cell(t.freezeCols+1, t.freezeRows+1), ActivePane: "bottomRight"}
		switch {
		case t.freezeCols == 0:
			panes.ActivePane = "bottomLeft"
		case t.freezeRows == 0:
			panes.ActivePane = "topRight"
		}
		if err := sw.SetPanes(panes); err != nil {
			return err
		}
	}
	var body []spoolRange
	for _, part := range t.parts {
		if part.kept == 0 {
			body = appendRange(body, part.spooled)
			continue
		}
		r, row := part.row, t.rows[part.kept-1]
		lines := row.lines
		for _, s := range row.spans {
			end := s.col + s.span
			if s.span == toPageEnd {
				end = max(firstPageEnd, s.col+1)
			}
			width := 0.0
			for c := s.col; c < end && c < len(ws); c++ {
				width += ws[c]
			}
			if end-s.col > 1 {
				t.merges = append(t.merges, cellRange{cell(s.col+1, r), cell(end, r)})
			}
			if s.scale > 1 { // a title: lines break between phrases, not where the cell ends
				if text := breakTitle(s.text, titleFit*width/s.scale); text != s.text {
					row.cells[s.col].Value, s.text = text, text
				}
			}
			lines = max(lines, wrappedLines(s.text, width/s.scale))
		}
		at, err := t.spool.row(r, rowHeight(lines, row.line), row.cells)
		if err != nil {
			return err
		}
		body = appendRange(body, at)
		t.rows[part.kept-1] = tableRow{} // written: let it go
	}
	t.spool.bodies[t.name] = body
	for _, m := range t.merges {
		if err := sw.MergeCell(m.from, m.to); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return t.printTitles(f)
}

// appendRange adds a run of spooled rows to a sheet's body, joined to the run before
// when it follows on in the spool.
func appendRange(body []spoolRange, rg spoolRange) []spoolRange {
	if n := len(body); n > 0 && body[n-1].to == rg.from {
		body[n-1].to = rg.to
		return body
	}
	return append(body, rg)
}

// The print geometry of the consolidated workbooks: A4 landscape with half-inch
// margins, and the smallest scale a sheet may print at and still be read.
const (
	pageMargin       = 0.5                            // inches, each side
	printableWidthPx = (297/25.4 - 2*pageMargin) * 96 // A4 landscape width inside the margins, at 96 dpi
	// readableScale is the smallest estimated scale a sheet is printed at: half size
	// (11 pt text at 5.5 pt) is the least a reader can take, and the estimate of
	// the column widths in pixels is a few per cent off LibreOffice's and Excel's.
	readableScale     = 0.55
	maxPrintPagesWide = 20
)

// columnPixels is the printed width of a column of width w (in digit widths of the
// default font, 7 pixels at 96 dpi, plus 5 pixels of padding), as Excel and
// LibreOffice size it.
func columnPixels(w float64) float64 { return math.Floor(w*7 + 5) }

// printWidths are the column widths the sheet is written with: the widths, and the
// unit column widened for the title.
func (t *sheetTable) printWidths() []float64 {
	ws := t.widths()
	t.fitTitleWidth(ws)
	return ws
}

// printScale estimates the scale a sheet prints at fitted to the given number of A4
// landscape page widths: the frozen columns repeat on every page.
func (t *sheetTable) printScale(pages int) float64 {
	ws := t.printWidths()
	total, frozen := 0.0, 0.0
	for j, w := range ws {
		total += columnPixels(w)
		if j < t.freezeCols {
			frozen += columnPixels(w)
		}
	}
	if total == 0 {
		return 1
	}
	return min(1, float64(pages)*printableWidthPx/(total+float64(pages-1)*frozen))
}

// maxPrintScale bounds printScale(1) of any table with these columns from above: a
// column is never narrower than its least width (widths), the title only widens.
func maxPrintScale(specs []colSpec) float64 {
	total := 0.0
	for _, s := range specs {
		total += columnPixels(min(s.min, s.max))
	}
	if total == 0 {
		return 1
	}
	return min(1, printableWidthPx/total)
}

// pagesWide is how many page widths a sheet prints across: one, unless it would then
// print below readableScale — then as few as keep it at or above (each with the unit
// columns repeated). The indicator sheets never get here wide (summaryIndicatorSheet turns
// them long); a 赛马得分 of many scoring items may.
func (t *sheetTable) pagesWide() int {
	n := 1
	for n < maxPrintPagesWide && t.printScale(n) < readableScale {
		n++
	}
	return n
}

// firstPageEnd is the number of columns on the first printed page of a sheet printed
// the given number of pages wide.
func (t *sheetTable) firstPageEnd(ws []float64, pages int) int {
	if pages <= 1 {
		return len(ws)
	}
	room := printableWidthPx / t.printScale(pages)
	used := 0.0
	for j, w := range ws {
		used += columnPixels(w)
		if used > room {
			return max(j, 1)
		}
	}
	return len(ws)
}

// printSetup prints on A4 landscape fitted to the page width — one page wide (or
// pagesWide, for a sheet that would otherwise print too small to read), as many
// pages tall as the rows need — centred, with page numbers in the footer. The
// repeated header rows and unit columns (printTitles) keep every page readable on its
// own.
func (t *sheetTable) printSetup(f *excelize.File, pagesWide int) error {
	size, orientation := 9, "landscape" // 9 = A4 in OOXML paper sizes
	fitWidth, fitHeight := pagesWide, 0
	if err := f.SetPageLayout(t.name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &fitWidth, FitToHeight: &fitHeight}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(t.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin, centred := pageMargin, true
	if err := f.SetPageMargins(t.name, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Horizontally: &centred,
	}); err != nil {
		return err
	}
	return f.SetHeaderFooter(t.name, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"})
}

// printTitles repeats the header rows and the frozen columns on every printed page.
func (t *sheetTable) printTitles(f *excelize.File) error {
	if t.freezeRows == 0 && t.freezeCols == 0 {
		return nil
	}
	quoted := "'" + strings.ReplaceAll(t.name, "'", "''") + "'!"
	var refs []string
	if t.freezeCols > 0 {
		refs = append(refs, quoted+"$A:$"+colName(t.freezeCols))
	}
	if t.freezeRows > 0 {
		from := max(t.headFrom, 1)
		refs = append(refs, quoted+"$"+itoa(from)+":$"+itoa(t.freezeRows))
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: strings.Join(refs, ","), Scope: t.name})
}

// excelNumber is a decimal as the float64 excelize's stream writer takes (it has no
// way to write a number from its text). Excel holds 15 significant digits, and every
// decimal of up to 15 — every value a unit can type into a template — comes back from
// the float64 exactly as written; a longer one (a completion ratio computed to 16
// places) is rounded half-up to 15 first, as Excel would keep it.
func excelNumber(d decimal.Decimal) float64 {
	const excelDigits = 15
	if n := numDigits(d); n > excelDigits {
		d = d.Round(int32(excelDigits - (n + int(d.Exponent()))))
	}
	v, _ := d.Float64()
	return v
}

// numDigits is d.NumDigits(), counted directly for a coefficient that fits an int64:
// NumDigits raises a big.Int ten to a power for every coefficient past 2^53 (each
// completion ratio of 16 places), 5 % of writing a 5,000-unit 汇总表.
func numDigits(d decimal.Decimal) int {
	c := d.Coefficient()
	if !c.IsInt64() {
		return d.NumDigits()
	}
	v := c.Int64()
	u := uint64(v)
	if v < 0 {
		u = uint64(-(v + 1)) + 1 // |v|, math.MinInt64 included
	}
	n := 1
	for ; u >= 10; u /= 10 {
		n++
	}
	return n
}

// excelEpoch is day 0 of Excel's 1900 date system (as it counts after 1900-02-28).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelDate is the serial of a time's wall-clock date and time, in its own location,
// to the second. A second is not a round fraction of a day: the serial is computed as
// a decimal and rounded up at Excel's 15th digit (by less than a microsecond), since
// LibreOffice cuts a time to the second and the float64 of 09:15, cut to 15 digits by
// the stream writer, would read 09:14.
func excelDate(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	seconds := decimal.NewFromInt(int64(wall.Sub(excelEpoch) / time.Second))
	serial := seconds.DivRound(decimal.NewFromInt(86400), 20)
	whole := len(serial.Truncate(0).String())
	return excelNumber(serial.RoundCeil(int32(15 - whole)))
}

// cellStyle is one style of the consolidated workbooks: boxed (unless plain), with a
// number format, a fill, bold for total rows, and an alignment.
type cellStyle struct {
	format string // number format; "" for text
	fill   string // RGB; "" for none
	align  string // left, center, right
	bold   bool
	plain  bool // no border, no wrap: notes outside the table
}

func (s *styles) cell(k cellStyle) int {
	// Asked once per cell written (millions for a 5,000-unit 汇总表): found by the
	// description itself before a key text is made.
	if id, ok := s.cells[k]; ok {
		return id
	}
	if s.cells == nil {
		s.cells = map[cellStyle]int{}
	}
	id := s.cellByKey(k)
	s.cells[k] = id
	return id
}

// cellByKey makes or finds a cell style through the file's style cache.
func (s *styles) cellByKey(k cellStyle) int {
	key := "cell|" + k.format + "|" + k.fill + "|" + k.align
	if k.bold {
		key += "|b"
	}
	if k.plain {
		key += "|p"
	}
	return s.get(key, func() *excelize.Style {
		st := &excelize.Style{Font: font(k.bold, 11), Border: thinBorder(),
			Alignment: &excelize.Alignment{Horizontal: k.align, Vertical: "center", WrapText: k.format == ""}}
		if k.plain {
			st.Border = nil
			st.Font = font(false, 10)
		}
		if k.format != "" {
			format := k.format
			st.CustomNumFmt = &format
		}
		if k.fill != "" {
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{k.fill}}
		}
		return st
	})
}
