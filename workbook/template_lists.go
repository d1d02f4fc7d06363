package workbook

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// Excel date serials of the date validation's range: 2000-01-01 to 2099-12-31.
const (
	firstDateSerial = "36526"
	lastDateSerial  = "73050"
)

// list writes one sheet per list: the source's rows for this unit pre-filled, then the
// prepared blank rows; every column validated by its type.
func (t *templateWriter) list(l *campaign.List) error {
	f, st, in := t.f, t.st, t.in
	sheet := sheetName(l.Name)
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	cols := len(l.Columns) + 1
	if err := t.titleRow(sheet, fmt.Sprintf("%s %s %s", in.Unit.Name, in.Period.Label(), l.Name), cols); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A2", cell(cols, 2)); err != nil {
		return err
	}
	if err := f.SetCellStr(sheet, "A2", "每行填一条，带 * 的列必须填写；没有的行留空。已列出的行请核对并更新。"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A2", cell(cols, 2), st.note()); err != nil {
		return err
	}
	headers := []string{"序号"}
	for _, c := range l.Columns {
		title := c.Title
		if c.Required {
			title += " *"
		}
		headers = append(headers, title)
	}
	for i, h := range headers {
		if err := f.SetCellStr(sheet, cell(i+1, 3), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, "A3", cell(cols, 3), st.header()); err != nil {
		return err
	}
	var preset []campaign.PresetRow
	for _, r := range l.Preset {
		if r.Unit == "" || r.Unit == in.Unit.Code {
			preset = append(preset, r)
		}
	}
	rows := len(preset) + l.Rows
	if rows == 0 {
		rows = 1
	}
	first, last := firstInputRow, firstInputRow+rows-1
	for i, no := range rowNumbers(preset, rows) {
		if err := f.SetCellStr(sheet, cell(1, first+i), no); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(sheet, cell(1, first), cell(1, last), st.text("center")); err != nil {
		return err
	}
	widths := make([][]string, cols+1)
	for i, h := range headers {
		widths[i+1] = []string{h}
	}
	for j, c := range l.Columns {
		col := j + 2
		ref := cell(col, first) + ":" + cell(col, last)
		if err := f.SetCellStyle(sheet, cell(col, first), cell(col, last), st.input(columnFormat(c))); err != nil {
			return err
		}
		for i, r := range preset {
			v, ok := r.Values[c.ID]
			if !ok {
				continue
			}
			widths[col] = append(widths[col], v)
			if err := f.SetCellDefault(sheet, cell(col, first+i), v); err != nil {
				return err
			}
		}
		if dv := t.columnValidation(c, ref); dv != nil {
			if err := f.AddDataValidation(sheet, dv); err != nil {
				return err
			}
		}
		t.meta.add(InputListColumn, l.ID+"."+c.ID, sheet, ref)
	}
	colWidths := map[int]float64{}
	for col := 1; col <= cols; col++ {
		colWidths[col] = columnWidth(widths[col], 6, 40)
		if err := f.SetColWidth(sheet, colName(col), colName(col), colWidths[col]); err != nil {
			return err
		}
	}
	for i, r := range preset { // long preset values wrap: give their rows room
		texts := map[int]string{}
		for j, c := range l.Columns {
			texts[j+2] = r.Values[c.ID]
		}
		if err := f.SetRowHeight(sheet, first+i, fitRowHeight(texts, colWidths)); err != nil {
			return err
		}
	}
	if err := pageSetup(f, sheet, 3, cols > 6); err != nil {
		return err
	}
	return setDimension(f, sheet, cols, last)
}

// rowNumbers numbers a list's rows: preset rows keep the source's numbers, blank rows
// continue after the largest of them, so no number repeats.
func rowNumbers(preset []campaign.PresetRow, rows int) []string {
	out := make([]string, rows)
	next := 1
	for i, r := range preset {
		out[i] = r.No
		if n, err := strconv.Atoi(r.No); err == nil && n >= next {
			next = n + 1
		}
	}
	for i := range out {
		if out[i] == "" {
			out[i] = itoa(next)
			next++
		}
	}
	return out
}

// rangeText says what a number may be: "0 到 100", "不小于 0", "不大于 100".
func rangeText(min, max string, hasMin, hasMax bool) string {
	switch {
	case hasMin && hasMax:
		return "范围 " + min + " 到 " + max
	case hasMin:
		return "不能小于 " + min
	case hasMax:
		return "不能大于 " + max
	}
	return ""
}

// columnFormat keeps USCCs and text as text (no 1.2E+17), dates as dates.
func columnFormat(c campaign.Column) string {
	switch c.Type {
	case campaign.ColDecimal, campaign.ColInteger:
		return "General"
	case campaign.ColDate:
		return "yyyy-mm-dd"
	case campaign.ColUSCC:
		return "@"
	}
	return ""
}

// columnValidation is the in-workbook check of a list column.
func (t *templateWriter) columnValidation(c campaign.Column, ref string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	switch c.Type {
	case campaign.ColDecimal, campaign.ColInteger:
		low, high := "-1000000000000", "1000000000000"
		if c.Min != nil {
			low = c.Min.String()
		}
		if c.Max != nil {
			high = c.Max.String()
		}
		kind, what := excelize.DataValidationTypeDecimal, "数字"
		if c.Type == campaign.ColInteger {
			kind, what = excelize.DataValidationTypeWhole, "整数"
		}
		_ = dv.SetRange(low, high, kind, excelize.DataValidationOperatorBetween)
		dv.SetInput(truncate(c.Title, 30), "只填"+what+"，不带单位")
		msg := fmt.Sprintf("“%s”只能填%s", c.Title, what)
		if r := rangeText(low, high, c.Min != nil, c.Max != nil); r != "" {
			msg += "，" + r
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "请填写"+what, truncate(msg, 250))
	case campaign.ColDate:
		_ = dv.SetRange(firstDateSerial, lastDateSerial, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
		dv.SetInput(truncate(c.Title, 30), "填日期，如 2023-09-30")
		dv.SetError(excelize.DataValidationErrorStyleStop, "请填写日期", "请写成 2023-09-30 这样的日期")
	case campaign.ColEnum:
		inline := strings.Join(c.Values, ",")
		if len([]rune(inline)) > 200 || strings.ContainsAny(strings.Join(c.Values, ""), `",`) { // an inline list splits at every comma
			dv.SetSqrefDropList(t.meta.choiceRange(c.Values))
		} else if err := dv.SetDropList(c.Values); err != nil {
			dv.SetSqrefDropList(t.meta.choiceRange(c.Values))
		}
		dv.SetInput(truncate(c.Title, 30), "从下拉列表中选择")
		dv.SetError(excelize.DataValidationErrorStyleStop, "只能选择", truncate("请从下拉列表中选择："+strings.Join(c.Values, "、"), 250))
	case campaign.ColUSCC:
		_ = dv.SetRange(18, 18, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
		dv.SetInput("统一社会信用代码", "18 位，数字和大写字母，见营业执照")
		dv.SetError(excelize.DataValidationErrorStyleStop, "代码位数不对", "统一社会信用代码是 18 位，请核对营业执照")
	default:
		if !c.Required {
			return nil
		}
		dv.SetInput(truncate(c.Title, 30), "必填")
	}
	return dv
}

// Task states a unit picks from.
var taskStates = []string{"未启动", "推进中", "已完成", "滞后"}

// Columns of 任务进展.
var taskHeaders = []string{"序号", "行动", "任务", "工作内容", "本单位职责", "时限", "状态", "进展情况"}

// tasks writes 任务进展 for the tasks the unit leads or co-owns; none, no sheet.
func (t *templateWriter) tasks() error {
	f, st, in := t.f, t.st, t.in
	list := in.unitTasks()
	if len(list) == 0 {
		return nil
	}
	if _, err := f.NewSheet(taskSheet); err != nil {
		return err
	}
	cols := len(taskHeaders)
	if err := t.titleRow(taskSheet, fmt.Sprintf("%s %s 任务进展", in.Unit.Name, in.Period.Label()), cols); err != nil {
		return err
	}
	if err := f.MergeCell(taskSheet, "A2", cell(cols, 2)); err != nil {
		return err
	}
	if err := f.SetCellStr(taskSheet, "A2", "请为每项任务选择状态，并简要写明本期进展；牵头单位写总体进展，配合单位写本单位承担部分。"); err != nil {
		return err
	}
	if err := f.SetCellStyle(taskSheet, "A2", cell(cols, 2), st.note()); err != nil {
		return err
	}
	for i, h := range taskHeaders {
		if err := f.SetCellStr(taskSheet, cell(i+1, 3), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(taskSheet, "A3", cell(cols, 3), st.header()); err != nil {
		return err
	}
	widthCaps := []float64{6, 14, 20, 60, 10, 12, 10, 40}
	for i, task := range list {
		row := firstInputRow + i
		role := "配合"
		if slices.Contains(task.Lead, in.Unit.Code) {
			role = "牵头"
		}
		due := ""
		if task.Due != nil {
			due = task.Due.Format("2006-01-02")
		}
		no := task.No
		if no == "" {
			no = itoa(i + 1)
		}
		for j, v := range []string{no, task.Action, task.Title, task.Text, role, due} {
			if err := f.SetCellStr(taskSheet, cell(j+1, row), v); err != nil {
				return err
			}
		}
		for j := 1; j <= 6; j++ {
			align := "left"
			if j == 1 || j == 5 || j == 6 { // 序号, 本单位职责, 时限
				align = "center"
			}
			if err := f.SetCellStyle(taskSheet, cell(j, row), cell(j, row), st.text(align)); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(taskSheet, cell(7, row), cell(8, row), st.input("")); err != nil {
			return err
		}
		t.meta.add(InputTaskStatus, task.ID, taskSheet, cell(7, row))
		t.meta.add(InputTaskProgress, task.ID, taskSheet, cell(8, row))
		texts := map[int]string{2: task.Action, 3: task.Title, 4: task.Text}
		widths := map[int]float64{2: widthCaps[1], 3: widthCaps[2], 4: widthCaps[3]}
		if err := f.SetRowHeight(taskSheet, row, fitRowHeight(texts, widths)); err != nil {
			return err
		}
	}
	last := firstInputRow + len(list) - 1
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell(7, firstInputRow) + ":" + cell(7, last)
	_ = dv.SetDropList(taskStates)
	dv.SetInput("状态", "从下拉列表中选择")
	dv.SetError(excelize.DataValidationErrorStyleStop, "只能选择", "请选择："+strings.Join(taskStates, "、"))
	if err := f.AddDataValidation(taskSheet, dv); err != nil {
		return err
	}
	for j, w := range widthCaps {
		if err := f.SetColWidth(taskSheet, colName(j+1), colName(j+1), w); err != nil {
			return err
		}
	}
	if err := pageSetup(f, taskSheet, 3, true); err != nil {
		return err
	}
	return setDimension(f, taskSheet, cols, last)
}
