package workbook

import (
	"fmt"
	"strings"
)

// guide writes 填报说明: who fills what for which period by when, how, and the legend.
func (t *templateWriter) guide() error {
	f, st, in := t.f, t.st, t.in
	c := in.Campaign
	end := in.Period.EndDate()
	rows := [][2]string{
		{"填报单位", in.Unit.Name},
		{"填报期次", fmt.Sprintf("%s（数据截至 %d年%d月%d日）", in.Period.Label(), end.Year(), end.Month(), end.Day())},
		{"报送截止", fmt.Sprintf("%d年%d月%d日前报送", in.Deadline.Year(), in.Deadline.Month(), in.Deadline.Day())},
	}
	if c.Issuer != "" {
		rows = append(rows, [2]string{"发文单位", c.Issuer})
	}
	if ct := in.Unit.Contact; ct.Name != "" || ct.Phone != "" || ct.Email != "" {
		rows = append(rows, [2]string{"本单位联系人", strings.TrimSpace(strings.Join([]string{ct.Name, ct.Phone, ct.Email}, "  "))})
	}
	steps := []string{
		"1. 只在浅黄色的格子里填写，其他格子已锁定，不能也不需要修改。",
		"2. “指标填报”：本期值按“填报口径”一列填写，只填数字，不带单位；增速、比重填百分数的数值，例如 7.5 表示 7.5%。",
		"3. 目标是文字的指标（如“完成省定目标”），本期值选择“完成”或“未完成”，并在备注里写明情况。",
		"4. 备注：数据有变动、口径不同或未完成的原因写在备注里。",
	}
	if len(c.Lists) > 0 {
		steps = append(steps, "5. 清单：每行填一家企业或一个项目，列名带 * 的必须填写；下拉列只能选列出的值；日期写成 2023-09-30；统一社会信用代码为 18 位。")
	}
	if len(TemplateTasks(c, in.Unit.Code)) > 0 {
		steps = append(steps, fmt.Sprintf("%d. 任务进展：为本单位牵头或配合的每项任务选择状态，并简要写明进展情况。", len(steps)+1))
	}
	steps = append(steps, fmt.Sprintf("%d. 请勿修改表格结构和工作表名称；保存为 .xlsx 格式（不要另存为 .xls 或 .et），按时报送。", len(steps)+1))

	if err := f.SetColWidth(guideSheet, "A", "A", 16); err != nil {
		return err
	}
	if err := f.SetColWidth(guideSheet, "B", "B", 72); err != nil {
		return err
	}
	if err := t.titleRow(guideSheet, c.Title, 2); err != nil {
		return err
	}
	row := 3
	for _, kv := range rows {
		if err := t.pair(guideSheet, row, kv[0], kv[1]); err != nil {
			return err
		}
		row++
	}
	row++
	if err := f.SetCellStr(guideSheet, cell(1, row), "怎么填"); err != nil {
		return err
	}
	if err := f.SetCellStyle(guideSheet, cell(1, row), cell(1, row), st.header()); err != nil {
		return err
	}
	row++
	for _, s := range steps {
		if err := f.MergeCell(guideSheet, cell(1, row), cell(2, row)); err != nil {
			return err
		}
		if err := f.SetCellStr(guideSheet, cell(1, row), s); err != nil {
			return err
		}
		if err := f.SetCellStyle(guideSheet, cell(1, row), cell(2, row), st.note()); err != nil {
			return err
		}
		if err := f.SetRowHeight(guideSheet, row, lineHeight*float64(wrappedLines(s, 86))+4); err != nil {
			return err
		}
		row++
	}
	row++
	legend := [][2]string{{inputFill, "需要填写的格子"}, {headerFill, "表头（锁定）"}}
	for _, l := range legend {
		if err := f.SetCellStyle(guideSheet, cell(1, row), cell(1, row), st.fill(l[0])); err != nil {
			return err
		}
		if err := f.SetCellStr(guideSheet, cell(2, row), l[1]); err != nil {
			return err
		}
		row++
	}
	if err := pageSetup(f, guideSheet, 0, false); err != nil {
		return err
	}
	return setDimension(f, guideSheet, 2, row-1)
}

// titleRow writes a merged, centred title across the first cols columns of row 1.
func (t *templateWriter) titleRow(sheet, title string, cols int) error {
	if err := t.f.MergeCell(sheet, "A1", cell(cols, 1)); err != nil {
		return err
	}
	if err := t.f.SetCellStr(sheet, "A1", title); err != nil {
		return err
	}
	if err := t.f.SetCellStyle(sheet, "A1", cell(cols, 1), t.st.title()); err != nil {
		return err
	}
	return t.f.SetRowHeight(sheet, 1, 30)
}

// pair writes a label and its value on one row of the guide.
func (t *templateWriter) pair(sheet string, row int, label, value string) error {
	if err := t.f.SetCellStr(sheet, cell(1, row), label); err != nil {
		return err
	}
	if err := t.f.SetCellStr(sheet, cell(2, row), value); err != nil {
		return err
	}
	if err := t.f.SetCellStyle(sheet, cell(1, row), cell(1, row), t.st.header()); err != nil {
		return err
	}
	return t.f.SetCellStyle(sheet, cell(2, row), cell(2, row), t.st.text("left"))
}

// emptyNotice writes a merged line where a table has no rows, so the sheet says why.
func (t *templateWriter) emptyNotice(sheet string, row, cols int, text string) error {
	if err := t.f.MergeCell(sheet, cell(1, row), cell(cols, row)); err != nil {
		return err
	}
	if err := t.f.SetCellStr(sheet, cell(1, row), text); err != nil {
		return err
	}
	if err := t.f.SetCellStyle(sheet, cell(1, row), cell(cols, row), t.st.text("center")); err != nil {
		return err
	}
	return t.f.SetRowHeight(sheet, row, 24)
}
