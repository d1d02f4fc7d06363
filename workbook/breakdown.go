package workbook

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// The breakdown table (任务分解表) is every unit's target for every indicator, the way
// Huzhou's 附1 prints it: indicators down, units then the total across, 责任部门 last.
// A single-year campaign gets one sheet 任务分解表; a campaign with by-year targets gets
// one sheet per target year (2021年任务分解表). A 对标 sheet follows when the campaign
// has benchmarks, a 任务清单 sheet when it has tasks.

// ErrNoTargets is returned when a requested year has no target at all.
var ErrNoTargets = errors.New("没有任何指标目标")

// BreakdownSheet describes one sheet WriteBreakdown wrote.
type BreakdownSheet struct {
	Name    string
	Year    int  // the target year; 0 for the 对标 and 任务清单 sheets
	Rows    int  // indicators (year and 对标 sheets) or tasks (任务清单)
	Units   int  // unit columns of a year sheet, without the total
	Total   bool // a year sheet has the total's column
	Columns int  // benchmark columns of the 对标 sheet
}

// BreakdownSummary is what WriteBreakdown wrote, for the command to report.
type BreakdownSummary struct {
	Sheets []BreakdownSheet
}

// BreakdownYears lists the years the breakdown table has a sheet for by default: the
// years the campaign writes by-year targets for, or, when it writes only standing
// targets, the last year of its span.
func BreakdownYears(c *campaign.Campaign) []int {
	if ys := byYears(c); len(ys) > 0 {
		return ys
	}
	return []int{c.Span.End.Year}
}

// byYears is the sorted union of the by-year years within the campaign's span.
func byYears(c *campaign.Campaign) []int {
	seen := map[int]bool{}
	var ys []int
	for i := range c.Indicators {
		for y := range c.Indicators[i].ByYear {
			if !seen[y] && y >= c.Span.Start.Year && y <= c.Span.End.Year {
				seen[y] = true
				ys = append(ys, y)
			}
		}
	}
	sort.Ints(ys)
	return ys
}

// WriteBreakdown writes the breakdown workbook of a campaign to w: one sheet per year
// of years (BreakdownYears when empty) that has targets, then 对标 and 任务清单 when
// the campaign has benchmarks and tasks. A year asked for explicitly that has no
// target is an ErrNoTargets error, and so is a campaign with nothing to show.
func WriteBreakdown(w io.Writer, c *campaign.Campaign, years []int) (BreakdownSummary, error) {
	var sum BreakdownSummary
	explicit := len(years) > 0
	if !explicit {
		years = BreakdownYears(c)
	}
	perYear := len(byYears(c)) > 0
	var grids []*grid
	for _, y := range years {
		if y < c.Span.Start.Year || y > c.Span.End.Year {
			return sum, fmt.Errorf("%d年不在行动期（%s）内，%w", y, c.Span, ErrNoTargets)
		}
		g, info := yearGrid(c, y, perYear)
		if g == nil {
			if explicit {
				return sum, fmt.Errorf("%d年%w", y, ErrNoTargets)
			}
			continue
		}
		grids = append(grids, g)
		sum.Sheets = append(sum.Sheets, info)
	}
	if g, info := benchmarkGrid(c); g != nil {
		grids = append(grids, g)
		sum.Sheets = append(sum.Sheets, info)
	}
	if g, info := taskGrid(c); g != nil {
		grids = append(grids, g)
		sum.Sheets = append(sum.Sheets, info)
	}
	if len(grids) == 0 {
		return sum, ErrNoTargets
	}

	f := excelize.NewFile()
	defer f.Close()
	st := newStyles(f)
	for i, g := range grids {
		if i == 0 {
			if err := f.SetSheetName(f.GetSheetName(0), g.sheet); err != nil {
				return sum, err
			}
		} else if _, err := f.NewSheet(g.sheet); err != nil {
			return sum, err
		}
		if err := g.render(f, st); err != nil {
			return sum, fmt.Errorf("写“%s”工作表：%w", g.sheet, err)
		}
	}
	if st.err != nil {
		return sum, st.err
	}
	f.SetActiveSheet(0)
	return sum, f.Write(w)
}

// yearGrid lays out the targets of one year, or returns nil when no indicator has a
// target that year.
func yearGrid(c *campaign.Campaign, year int, perYear bool) (*grid, BreakdownSheet) {
	period := campaign.Period{Kind: campaign.Annual, Year: year}
	type column struct {
		code, name string
	}
	var cols []column
	for _, u := range c.Units {
		cols = append(cols, column{u.Code, u.Name})
	}
	total := c.Total != nil
	if total {
		cols = append(cols, column{c.Total.Code, c.Total.Name})
	}

	// targets[i][j]: indicator i, column j.
	targets := make([][]campaign.Target, len(c.Indicators))
	spans := make([]campaign.Span, len(c.Indicators))
	used := make([]bool, len(cols))
	anyRow := false
	for i := range c.Indicators {
		in := &c.Indicators[i]
		targets[i] = make([]campaign.Target, len(cols))
		for j, col := range cols {
			t, span, ok := c.TargetFor(in, col.code, period)
			if !ok || !t.IsSet() {
				continue
			}
			targets[i][j] = t
			if span.Months() > spans[i].Months() {
				spans[i] = span
			}
			used[j] = true
			anyRow = true
		}
	}
	if !anyRow {
		return nil, BreakdownSheet{}
	}
	var shown []int
	info := BreakdownSheet{Year: year}
	for j := range cols {
		if !used[j] {
			continue
		}
		shown = append(shown, j)
		if total && j == len(cols)-1 {
			info.Total = true
		} else {
			info.Units++
		}
	}
	withDept := false
	for i := range c.Indicators {
		if c.Indicators[i].Department != "" && rowHasTarget(targets[i]) {
			withDept = true
		}
	}

	g := &grid{
		sheet:  "任务分解表",
		title:  c.Title + "主要指标任务分解表（" + yearLabel(c, year, perYear) + "）",
		note:   sourceNote(c),
		header: []string{"序号", "指标", "计量单位"},
		specs:  []colSpec{{5, 8, "center"}, {12, 36, "left"}, {8, 12, "center"}},
	}
	if perYear {
		g.sheet = strconv.Itoa(year) + "年任务分解表"
	}
	for _, j := range shown {
		g.header = append(g.header, cols[j].name)
		g.specs = append(g.specs, colSpec{8, 14, "center"})
	}
	if withDept {
		g.header = append(g.header, "责任部门")
		g.specs = append(g.specs, colSpec{10, 16, "center"})
	}
	n := 0
	for i := range c.Indicators {
		if !rowHasTarget(targets[i]) {
			continue
		}
		in := &c.Indicators[i]
		n++
		row := []gridCell{serial(in.No, n), textCell(in.Name + cumulativeNote(in, spans[i], year)), textCell(in.Measure)}
		for k := 0; k < len(shown); k++ {
			t := targets[i][shown[k]]
			if t.Form == campaign.TargetPending {
				// A run of the same pending text is one merged cell, as the source prints it.
				run := 1
				for k+run < len(shown) {
					u := targets[i][shown[k+run]]
					if u.Form != campaign.TargetPending || u.Note != t.Note {
						break
					}
					run++
				}
				cell := textCell(t.Note)
				cell.span = run
				row = append(row, cell)
				for r := 1; r < run; r++ {
					row = append(row, gridCell{covered: true})
				}
				k += run - 1
				continue
			}
			row = append(row, targetCell(t))
		}
		if withDept {
			row = append(row, textCell(in.Department))
		}
		g.rows = append(g.rows, row)
	}
	info.Name = g.sheet
	info.Rows = n
	return g, info
}

func rowHasTarget(ts []campaign.Target) bool {
	for _, t := range ts {
		if t.IsSet() {
			return true
		}
	}
	return false
}

// yearLabel is the year a sheet's title names: the target year, or the campaign's span
// when it writes only standing targets.
func yearLabel(c *campaign.Campaign, year int, perYear bool) string {
	if perYear || c.Span.Start.Year == c.Span.End.Year {
		return strconv.Itoa(year) + "年"
	}
	return fmt.Sprintf("%d—%d年", c.Span.Start.Year, c.Span.End.Year)
}

// cumulativeNote tells a reader that a target counts from the campaign's start, when
// the months it covers are not just the sheet's year: （2021—2023年累计）.
func cumulativeNote(in *campaign.Indicator, s campaign.Span, year int) string {
	if in.Scope != campaign.ScopeCumulative || s.Months() == 0 {
		return ""
	}
	if len(in.Base) > 0 {
		// A target counted from a base (基数) includes it: 220 is 168 at the end of
		// 2020 and what is done from 2021 to 2023.
		return fmt.Sprintf("（含%d年底基数，到%d年累计）", s.Start.Year-1, s.End.Year)
	}
	if s.Start == (campaign.YearMonth{Year: year, Month: 1}) && s.End == (campaign.YearMonth{Year: year, Month: 12}) {
		return ""
	}
	if s.Start.Month == 1 && s.End.Month == 12 {
		if s.Start.Year == s.End.Year {
			return fmt.Sprintf("（%d年累计）", s.End.Year)
		}
		return fmt.Sprintf("（%d—%d年累计）", s.Start.Year, s.End.Year)
	}
	return fmt.Sprintf("（%d年%d月—%d年%d月累计）", s.Start.Year, s.Start.Month, s.End.Year, s.End.Month)
}

func sourceNote(c *campaign.Campaign) string {
	if c.Source == "" {
		return ""
	}
	return "出处：" + c.Source
}

// benchmarkGrid lays out the 对标 sheet: each indicator's reference values as written.
func benchmarkGrid(c *campaign.Campaign) (*grid, BreakdownSheet) {
	var cols []campaign.Benchmark
	for _, b := range c.Benchmarks {
		for i := range c.Indicators {
			if c.Indicators[i].Benchmarks[b.ID].IsSet() {
				cols = append(cols, b)
				break
			}
		}
	}
	if len(cols) == 0 {
		return nil, BreakdownSheet{}
	}
	g := &grid{
		sheet:  "对标",
		title:  c.Title + "主要指标对标表",
		note:   sourceNote(c),
		header: []string{"序号", "指标", "计量单位"},
		specs:  []colSpec{{5, 8, "center"}, {12, 36, "left"}, {8, 12, "center"}},
	}
	for _, b := range cols {
		g.header = append(g.header, b.Name)
		g.specs = append(g.specs, colSpec{10, 16, "center"})
	}
	n := 0
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if len(in.Benchmarks) == 0 {
			continue
		}
		n++
		row := []gridCell{serial(in.No, n), textCell(in.Name), textCell(in.Measure)}
		for _, b := range cols {
			row = append(row, targetCell(in.Benchmarks[b.ID]))
		}
		g.rows = append(g.rows, row)
	}
	return g, BreakdownSheet{Name: g.sheet, Rows: n, Columns: len(cols)}
}

// taskGrid lays out the 任务清单 sheet.
func taskGrid(c *campaign.Campaign) (*grid, BreakdownSheet) {
	if len(c.Tasks) == 0 {
		return nil, BreakdownSheet{}
	}
	g := &grid{
		sheet:  "任务清单",
		title:  c.Title + "主要任务清单",
		note:   sourceNote(c),
		header: []string{"序号", "行动", "任务", "工作内容", "牵头单位", "配合单位", "时限"},
		specs: []colSpec{{5, 8, "center"}, {8, 16, "center"}, {12, 30, "left"}, {20, 60, "left"},
			{10, 16, "center"}, {10, 24, "left"}, {12, 12, "center"}},
	}
	for i, t := range c.Tasks {
		due := ""
		if t.Due != nil {
			due = t.Due.Format("2006-01-02")
		}
		g.rows = append(g.rows, []gridCell{serial(t.No, i+1), textCell(t.Action), textCell(t.Title), textCell(t.Text),
			textCell(unitNames(c, t.Lead)), textCell(unitNames(c, t.Co)), textCell(due)})
	}
	return g, BreakdownSheet{Name: g.sheet, Rows: len(c.Tasks)}
}

func unitNames(c *campaign.Campaign, codes []string) string {
	names := make([]string, len(codes))
	for i, code := range codes {
		names[i] = code
		if u, ok := c.Unit(code); ok {
			names[i] = u.Name
		}
	}
	return strings.Join(names, "、")
}

// gridCell is one cell of a laid-out table.
type gridCell struct {
	text    string // the text shown, or the decimal text of a number
	number  bool   // write text as a number with format
	format  string // number format of a number
	shown   string // what a number looks like formatted, for the column width
	align   string // overrides the column's alignment
	span    int    // > 1: merged with the next span-1 cells
	covered bool   // inside a merge, left empty
}

func textCell(s string) gridCell { return gridCell{text: s} }

// serial is the 序号: the source's own, else a running number.
func serial(no string, n int) gridCell {
	if no == "" {
		no = strconv.Itoa(n)
	}
	if _, err := strconv.Atoi(no); err == nil {
		return gridCell{text: no, number: true, format: "0", shown: no}
	}
	return textCell(no)
}

// targetCell shows a target as the source prints it: a number that keeps its value
// with the note in its format, "/" for not applicable, text as text, nothing when
// there is no target.
func targetCell(t campaign.Target) gridCell {
	switch t.Form {
	case campaign.TargetNumber:
		return gridCell{text: t.Value.String(), number: true, format: targetFormat(t), shown: t.Display()}
	case campaign.TargetNA:
		return gridCell{text: "/", align: "center"}
	default:
		return textCell(t.Display())
	}
}

// colSpec bounds a column's width; text wider than max wraps.
type colSpec struct {
	min, max float64
	align    string
}

// grid is a sheet laid out as a title, a source note, one header row and rows.
type grid struct {
	sheet  string
	title  string
	note   string
	header []string
	specs  []colSpec
	rows   [][]gridCell
}

// Line heights in points: a CJK line of 11 pt text needs about 16 pt, of the 16 pt
// title about 24 pt.
const (
	bodyLine   = 16.0
	titleLine  = 24.0
	rowPadding = 4.0
	maxRowPts  = 409.0 // the largest row height Excel accepts
)

const (
	titleRow  = 1
	noteRow   = 2
	headerRow = 3
)

// widths computes each column's width from the text it holds: text columns up to
// their cap (then they wrap), numbers always in full, since a number that does not
// fit prints as #####.
func (g *grid) widths() []float64 {
	ws := make([]float64, len(g.specs))
	natural := make([]float64, len(g.specs))
	for j, spec := range g.specs {
		texts := []string{g.header[j]}
		numbers := 0
		for _, row := range g.rows {
			c := row[j]
			switch {
			case c.covered || c.span > 1:
			case c.number:
				if w := textWidth(c.shown) + 2; w > numbers {
					numbers = w
				}
			default:
				texts = append(texts, c.text)
			}
		}
		ws[j] = columnWidth(texts, spec.min, spec.max)
		if float64(numbers) > ws[j] {
			ws[j] = float64(numbers)
		}
		natural[j] = max(ws[j], columnWidth(texts, spec.min, 255))
	}
	// A table narrower than the page lets capped columns widen toward their text, left
	// to right, so that fewer cells wrap; wider tables are shrunk to the page instead.
	page := pageUnits - float64(len(ws))*cellPadding
	total := 0.0
	for _, w := range ws {
		total += w
	}
	for j := range ws {
		if grow := min(natural[j]-ws[j], page-total); grow > 0 {
			ws[j] += grow
			total += grow
		}
	}
	return ws
}

// The printable width of A4 landscape with half-inch margins is about 1,026 pixels at
// 96 dpi; a column of width w takes about 7w+5 of them.
const (
	pageUnits   = 146.0
	cellPadding = 5.0 / 7
)

func rowHeight(lines int, line float64) float64 {
	h := math.Ceil(float64(lines)*line + rowPadding)
	if h > maxRowPts {
		return maxRowPts
	}
	return h
}

// render writes the grid into its sheet: print-ready, with borders, widths and
// heights computed from the text.
func (g *grid) render(f *excelize.File, st *styles) error {
	sheet := g.sheet
	ncols := len(g.header)
	last := colName(ncols)
	ws := g.widths()
	full := 0.0
	for j := 0; j < len(ws); {
		// One call per run of equal widths: excelize rewrites all column ranges per call.
		k := j
		for k+1 < len(ws) && ws[k+1] == ws[j] {
			k++
		}
		if err := f.SetColWidth(sheet, colName(j+1), colName(k+1), ws[j]); err != nil {
			return err
		}
		for ; j <= k; j++ {
			full += ws[j]
		}
	}

	// Title and source note span the table.
	title := breakTitle(g.title, titleFit*full*11/16)
	if err := f.SetCellStr(sheet, cell(1, titleRow), title); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, cell(1, titleRow), last+itoa(titleRow)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, titleRow), last+itoa(titleRow), st.title()); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, titleRow, rowHeight(wrappedLines(title, full*11/16), titleLine)); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, cell(1, noteRow), g.note); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, cell(1, noteRow), last+itoa(noteRow)); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, cell(1, noteRow), last+itoa(noteRow), st.note()); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, noteRow, rowHeight(wrappedLines(g.note, full*11/10), bodyLine*10/11)); err != nil {
		return err
	}

	// Header.
	lines := 1
	for j, h := range g.header {
		if err := f.SetCellStr(sheet, cell(j+1, headerRow), h); err != nil {
			return err
		}
		lines = max(lines, wrappedLines(h, ws[j]))
	}
	if err := f.SetCellStyle(sheet, cell(1, headerRow), cell(ncols, headerRow), st.header()); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, headerRow, rowHeight(lines, bodyLine)); err != nil {
		return err
	}

	// Rows.
	for i, row := range g.rows {
		r := headerRow + 1 + i
		lines := 1
		for j, c := range row {
			ref := cell(j+1, r)
			align := c.align
			if align == "" {
				align = g.specs[j].align
			}
			switch {
			case c.covered:
				continue
			case c.number:
				if err := f.SetCellDefault(sheet, ref, c.text); err != nil {
					return err
				}
				if err := f.SetCellStyle(sheet, ref, ref, numberCentered(st, c.format)); err != nil {
					return err
				}
				continue
			}
			if err := f.SetCellStr(sheet, ref, c.text); err != nil {
				return err
			}
			end, width := ref, ws[j]
			if c.span > 1 {
				end = cell(j+c.span, r)
				for k := 1; k < c.span; k++ {
					width += ws[j+k]
				}
				if err := f.MergeCell(sheet, ref, end); err != nil {
					return err
				}
				align = "center"
			}
			if err := f.SetCellStyle(sheet, ref, end, st.text(align)); err != nil {
				return err
			}
			lines = max(lines, wrappedLines(c.text, width))
		}
		if err := f.SetRowHeight(sheet, r, rowHeight(lines, bodyLine)); err != nil {
			return err
		}
	}

	lastRow := headerRow + len(g.rows)
	if err := pageSetup(f, sheet, 0, true); err != nil {
		return err
	}
	centred := true
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Horizontally: &centred}); err != nil {
		return err
	}
	if err := repeatHeader(f, sheet, headerRow); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}); err != nil {
		return err
	}
	return setDimension(f, sheet, ncols, lastRow)
}

// repeatHeader prints the header row on every page and freezes the rows above it on
// screen. Only the header repeats: the title and the long source note print once.
func repeatHeader(f *excelize.File, sheet string, row int) error {
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + sheet + "'!$" + itoa(row) + ":$" + itoa(row),
		Scope:    sheet,
	}); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: row, TopLeftCell: cell(1, row+1), ActivePane: "bottomLeft",
	})
}

// numberCentered is a boxed, centred number with a custom format, the way the
// source's tables print targets.
func numberCentered(s *styles, format string) int {
	return s.get("number-center-"+format, func() *excelize.Style {
		return &excelize.Style{Font: font(false, 11), Border: thinBorder(), CustomNumFmt: &format,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}
	})
}
