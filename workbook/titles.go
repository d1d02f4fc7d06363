package workbook

import "strings"

// TitleCell is a visible cell where a template shows whose it is: the 指标填报 title
// (“吴兴区 2023年第三季度 指标填报表”) and the subtitle under it (填报单位：吴兴区
// 期次：…), and the 填报单位 and 填报期次 lines of 填报说明.
// They are read back with the inputs so that ingest can check they agree with the
// metadata: a unit that re-types its title to claim a neighbour's return is caught.
type TitleCell struct {
	Sheet, Cell string
	Text        string // as stored, trimmed; "" when the cell is empty or its sheet is gone
	ShowsUnit   bool   // the cell shows the unit: Unit is what it says
	ShowsPeriod bool   // the cell shows the period: Period is its label (2023年第三季度)
	Unit        string
	Period      string
}

// titleCell is where a template writes a title cell and how its text reads.
type titleCell struct {
	sheet    string
	col, row int
	read     func(text string, t *TitleCell)
}

// titleCells are the cells guide and indicators write (template_guide.go,
// template_indicators.go): keep them in step.
var titleCells = []titleCell{
	{indicatorSheet, 1, 1, func(text string, t *TitleCell) {
		t.ShowsUnit, t.ShowsPeriod = true, true
		if f := strings.Fields(strings.TrimSuffix(text, "指标填报表")); len(f) == 2 {
			t.Unit, t.Period = f[0], f[1]
		}
	}},
	// The subtitle under it: “填报单位：吴兴区    期次：2023年第三季度    报送截止：…”.
	{indicatorSheet, 1, 2, func(text string, t *TitleCell) {
		t.ShowsUnit, t.ShowsPeriod = true, true
		t.Unit, t.Period = labelled(text, "填报单位："), labelled(text, "期次：")
	}},
	{guideSheet, 2, 3, func(text string, t *TitleCell) { t.ShowsUnit, t.Unit = true, text }},
	{guideSheet, 2, 4, func(text string, t *TitleCell) {
		t.ShowsPeriod = true
		t.Period, _, _ = strings.Cut(text, "（") // 2023年第三季度（数据截至 2023年9月30日）
	}},
}

// Retyped is the title cell as it reads with text typed into it instead: what the
// reader would make of a return edited so.
func (t TitleCell) Retyped(text string) TitleCell {
	out := TitleCell{Sheet: t.Sheet, Cell: t.Cell, Text: strings.TrimSpace(text)}
	for _, tc := range titleCells {
		if tc.sheet == t.Sheet && cell(tc.col, tc.row) == t.Cell {
			tc.read(out.Text, &out)
		}
	}
	return out
}

// labelled is the word after label in a line of “label：value” pairs set apart by
// spaces; "" when the label is not there.
func labelled(text, label string) string {
	_, after, ok := strings.Cut(text, label)
	if !ok {
		return ""
	}
	if f := strings.Fields(after); len(f) > 0 {
		return f[0]
	}
	return ""
}

// readTitles reads the title cells through value, for the sheets has says exist (a
// sheet removed by a script leaves its cells empty, which then disagree).
func readTitles(has func(sheet string) bool, value func(sheet string, col, row int) (string, error)) ([]TitleCell, error) {
	out := make([]TitleCell, 0, len(titleCells))
	for _, tc := range titleCells {
		t := TitleCell{Sheet: tc.sheet, Cell: cell(tc.col, tc.row)}
		if has(tc.sheet) {
			v, err := value(tc.sheet, tc.col, tc.row)
			if err != nil {
				return nil, err
			}
			t.Text = strings.TrimSpace(v)
		}
		tc.read(t.Text, &t)
		out = append(out, t)
	}
	return out, nil
}

// needTitles adds the title cells to the cells the fast path keeps.
func needTitles(need map[string]map[int][2]int) {
	for _, tc := range titleCells {
		cols := need[tc.sheet]
		if cols == nil {
			cols = map[int][2]int{}
			need[tc.sheet] = cols
		}
		first, last := tc.row, tc.row
		if r, ok := cols[tc.col]; ok {
			first, last = min(first, r[0]), max(last, r[1])
		}
		cols[tc.col] = [2]int{first, last}
	}
}

// cellText adapts a reader's cell lookup to the plain text the title check compares.
func cellText(value func(sheet string, col, row int) (sheetCell, error)) func(sheet string, col, row int) (string, error) {
	return func(sheet string, col, row int) (string, error) {
		c, err := value(sheet, col, row)
		return c.v, err
	}
}
