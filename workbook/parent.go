package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ParentTemplate is what a county reads from the template its city sent (多级上报): the
// metadata (the city's campaign, the county's unit code and period there) and, per
// indicator the county reports, what 指标填报 shows. The city's signature cannot be
// checked here (the key is the city's); it only has to be a tenglong template.
type ParentTemplate struct {
	Metadata Metadata
	Title    string // the city's campaign title (填报说明 A1)
	Issuer   string // 发文单位 on 填报说明, "" when not shown
	Rows     []ParentRow
	// Lists and Tasks are the template's lists (清单) and 任务进展, which the county
	// carries into its campaign and upward fills from its townships' returns.
	Lists []ParentList
	Tasks []ParentTask
}

// ParentRow is one indicator row of the city's 指标填报, found by the value input the
// metadata records for it.
type ParentRow struct {
	ID       string // the city's indicator id (the metadata's key)
	No       string // 序号
	Category string
	Name     string
	Measure  string
	Basis    string // 填报口径, which tells the kind of figure (累计, 月末数, 同比…)
	Target   string // 目标 as stored: a number, or words (完成省定目标, 待…)
	// TargetNumber: the target cell is a number the metadata records (a numeric target).
	TargetNumber bool
	Decimals     int    // from 上期值's number format
	Qualitative  bool   // 完成/未完成 dropdown
	Completion   string // 完成率 formula, "" when none: tells ratio, inverse or difference
	ValueCell    string // 本期值, on 指标填报
	NoteCell     string // 备注, on 指标填报; "" when none recorded
	// Derived: 本期值 is a formula the template computes from a list (开工率 from the
	// project list): nothing is typed there, the city derives it from the list's rows.
	Derived bool
}

// IndicatorSheet is the sheet name of 指标填报 (where ParentRow cells are).
const IndicatorSheet = indicatorSheet

// ReadParentTemplate reads a city's template for a county: its metadata and indicator
// rows. It is refused (ErrNotTemplate) when it has no tenglong metadata.
func ReadParentTemplate(data []byte) (*ParentTemplate, error) {
	ret, err := ReadTemplate(data)
	if err != nil {
		return nil, err
	}
	f, err := openForEditing(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pt := &ParentTemplate{Metadata: ret.Metadata}
	pt.Title, _ = f.GetCellValue(guideSheet, "A1")
	for row := 3; row < 12; row++ {
		if k, _ := f.GetCellValue(guideSheet, cell(1, row)); k == "发文单位" {
			pt.Issuer, _ = f.GetCellValue(guideSheet, cell(2, row))
		}
	}
	notes, targets := map[string]string{}, map[string]string{}
	for _, in := range ret.Metadata.Inputs {
		switch {
		case in.Kind == InputNote && in.Sheet == indicatorSheet:
			notes[in.Key] = in.Ref
		case in.Kind == InputTarget && in.Sheet == indicatorSheet:
			targets[in.Key] = in.Target
		}
	}
	for _, in := range ret.Metadata.Inputs {
		if in.Kind != InputValue || in.Sheet != indicatorSheet {
			continue
		}
		_, row, err := excelize.CellNameToCoordinates(in.Ref)
		if err != nil {
			return nil, fmt.Errorf("模板元数据里的单元格“%s”格式不对", in.Ref)
		}
		get := func(col int) string {
			v, _ := f.GetCellValue(indicatorSheet, cell(col, row))
			return strings.TrimSpace(v)
		}
		r := ParentRow{ID: in.Key, No: get(colNo), Category: get(colCategory), Name: get(colIndicator),
			Measure: get(colMeasure), Basis: get(colBasis), Target: get(colTarget),
			ValueCell: in.Ref, NoteCell: notes[in.Key]}
		if t, ok := targets[in.Key]; ok { // the number as written, not as displayed
			r.Target, r.TargetNumber = t, true
		}
		r.Completion, _ = f.GetCellFormula(indicatorSheet, cell(colCompletion, row))
		if formula, _ := f.GetCellFormula(indicatorSheet, in.Ref); formula != "" {
			r.Derived = true
		}
		r.Decimals = cellDecimals(f, indicatorSheet, cell(colPrevious, row))
		r.Qualitative = strings.HasPrefix(r.Basis, "选择“完成”")
		pt.Rows = append(pt.Rows, r)
	}
	pt.Lists = readParentLists(f, ret.Metadata)
	pt.Tasks = readParentTasks(f, ret.Metadata)
	if len(pt.Rows) == 0 && len(pt.Lists) == 0 && len(pt.Tasks) == 0 {
		return nil, errors.New("这份模板没有要填报的指标、清单或任务")
	}
	return pt, nil
}

// cellDecimals reads the decimals of a cell's number format (0.00 → 2).
func cellDecimals(f *excelize.File, sheet, ref string) int {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return 0
	}
	st, err := f.GetStyle(id)
	if err != nil || st.CustomNumFmt == nil {
		return 0
	}
	_, frac, ok := strings.Cut(*st.CustomNumFmt, ".")
	if !ok {
		return 0
	}
	return strings.Count(frac, "0")
}

// DetailSheet is the read-only 明细 sheet a county adds to its return: the township
// breakdown behind each figure. The city's ingest reads inputs by the metadata's
// addresses only, so this sheet never changes what the city accepts.
type DetailSheet struct {
	Title   string
	Note    string     // the line under the title (whose figures these are)
	Headers []string   // 指标, 计量单位, then one column per unit, then 合计
	Rows    [][]string // as shown; numbers as their exact text
}

// DetailSheetName is the sheet a county's return carries its breakdown on.
const DetailSheetName = "明细"

// FillParentTemplate fills the city's template with a county's figures: the given
// cells typed (FillCells' rules), lines appended to 填报说明 (a partial return says so
// there), and the 明细 sheet added, protected. The metadata sheet, which the city's
// signature covers, is not touched.
func FillParentTemplate(data []byte, cells []Fill, guideLines []string, detail *DetailSheet) ([]byte, error) {
	f, err := openForEditing(data)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	for _, c := range cells {
		if c.Sheet == metadataSheet {
			return nil, fmt.Errorf("不能改动元数据表")
		}
		set := f.SetCellDefault
		if c.Text {
			set = f.SetCellStr
		}
		if err := set(c.Sheet, c.Cell, c.Value); err != nil {
			return nil, err
		}
	}
	st := newStyles(f)
	if len(guideLines) > 0 {
		rows, err := f.GetRows(guideSheet)
		if err != nil {
			return nil, err
		}
		row := len(rows) + 2
		for _, line := range guideLines {
			if err := f.MergeCell(guideSheet, cell(1, row), cell(2, row)); err != nil {
				return nil, err
			}
			if err := f.SetCellStr(guideSheet, cell(1, row), line); err != nil {
				return nil, err
			}
			if err := f.SetCellStyle(guideSheet, cell(1, row), cell(2, row), st.note()); err != nil {
				return nil, err
			}
			row++
		}
	}
	if detail != nil {
		if err := writeDetail(f, st, detail); err != nil {
			return nil, err
		}
	}
	if st.err != nil {
		return nil, st.err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeDetail(f *excelize.File, st *styles, d *DetailSheet) error {
	if _, err := f.NewSheet(DetailSheetName); err != nil {
		return err
	}
	cols := max(len(d.Headers), 1)
	lines := [][]string{{d.Title}, {d.Note}, d.Headers}
	lines = append(lines, d.Rows...)
	for r, line := range lines {
		for c, v := range line {
			if err := f.SetCellStr(DetailSheetName, cell(c+1, r+1), v); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(DetailSheetName, "A3", cell(cols, 3), st.header()); err != nil {
		return err
	}
	if len(d.Rows) > 0 {
		if err := f.SetCellStyle(DetailSheetName, "A4", cell(cols, 3+len(d.Rows)), st.text("left")); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(DetailSheetName, "A", "A", 30); err != nil {
		return err
	}
	if err := f.SetColWidth(DetailSheetName, "B", colName(cols), 12); err != nil {
		return err
	}
	// Read-only: no cell is unlocked. No password is known here (the city's is not
	// the county's); the sheet is there to be read, never typed into.
	return f.ProtectSheet(DetailSheetName, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true})
}

// ReadDetailSheet reads a county return's 明细 sheet back (the city's drill-down): nil
// when the workbook has none.
// It is a file a county sent: read within the reading limits (withExcelize).
func ReadDetailSheet(data []byte) (*DetailSheet, error) {
	var rows [][]string
	found := false
	err := withExcelize(data, func(_ *pkg, f *excelize.File) error {
		if i, err := f.GetSheetIndex(DetailSheetName); err != nil || i < 0 {
			return nil
		}
		found = true
		var err error
		rows, err = f.GetRows(DetailSheetName)
		return err
	})
	if err != nil || !found {
		return nil, err
	}
	d := &DetailSheet{}
	for i, r := range rows {
		switch i {
		case 0:
			d.Title = first(r)
		case 1:
			d.Note = first(r)
		case 2:
			d.Headers = r
		default:
			d.Rows = append(d.Rows, r)
		}
	}
	return d, nil
}

// ReadTableRows reads the first sheet of a workbook an office provides (a column of
// last year's figures per unit, for breakdown --propose) as text rows, within the
// reading limits of ReadTemplate: rows[i] is the sheet's row i+1 (empty rows kept).
func ReadTableRows(data []byte) (rows [][]string, err error) {
	err = withExcelize(data, func(p *pkg, f *excelize.File) error {
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			return errors.New("工作簿里没有工作表")
		}
		return p.eachRow(f, sheets[0], func(n int, r []string) bool {
			for len(rows) < n-1 {
				rows = append(rows, nil)
			}
			rows = append(rows, append([]string(nil), r...))
			return len(rows) <= maxListRows
		})
	})
	if err != nil {
		return nil, err
	}
	return rows, nil
}
