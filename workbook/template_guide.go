package workbook

import (
	"fmt"
	"math"
	"strings"

	"tenglong/campaign"
)

// guide writes 填报说明: who fills what for which period by when, how, and the legend.
func (t *templateWriter) guide() error {
	f, st, in := t.f, t.st, t.in
	c := in.Campaign
	end := in.Period.EndDate()
	rows := [][2]string{
		{"填报单位", in.Unit.Name},
		{"填报期次", fmt.Sprintf("%s（数据截至 %d年%d月%d日）", in.Period.Label(), end.Year(), end.Month(), end.Day())},
		{"报送截止", deadlineText(in)},
	}
	if c.Issuer != "" {
		rows = append(rows, [2]string{"发文单位", c.Issuer})
	}
	if ct := in.Unit.Contact; ct.Name != "" || ct.Phone != "" || ct.Email != "" {
		rows = append(rows, [2]string{"本单位联系人", strings.TrimSpace(strings.Join([]string{ct.Name, ct.Phone, ct.Email}, "  "))})
	}
	steps := t.guideSteps()

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

// guideSteps are the numbered 怎么填 lines: one per sheet this template has, naming
// it — a list or 任务进展 step only when the template has that sheet, the 完成/未完成
// step only when the unit has a worded target this period — and the example date is
// the period's own last day.
func (t *templateWriter) guideSteps() []string {
	in := t.in
	c := in.Campaign
	var steps []string
	add := func(format string, args ...any) {
		steps = append(steps, fmt.Sprintf("%d. ", len(steps)+1)+fmt.Sprintf(format, args...))
	}
	sheets := []string{"“" + guideSheet + "”", "“" + indicatorSheet + "”"}
	for _, l := range c.Lists {
		sheets = append(sheets, "“"+sheetName(l.Name)+"”")
	}
	tasks := len(in.unitTasks()) > 0
	if tasks {
		sheets = append(sheets, "“"+taskSheet+"”")
	}
	add("本表共%d个工作表：%s。只在浅黄色的格子里填写，其他格子已锁定，不能也不需要修改。", len(sheets), strings.Join(sheets, "、"))
	indicators := TemplateIndicators(c, in.Unit.Code, in.Period)
	if len(indicators) == 0 {
		add("“%s”：本期没有需要本单位填报的指标，不用填写。", indicatorSheet)
	} else {
		add("“%s”：本期值按“填报口径”一列填写，只填数字，不带单位；增速、比重填百分数的数值，例如 7.5 表示 7.5%%。", indicatorSheet)
	}
	qualitative := false
	for _, ind := range indicators {
		target, _, _ := c.TargetFor(ind, in.Unit.Code, in.Period)
		qualitative = qualitative || ind.Kind == campaign.KindQualitative || target.Form == campaign.TargetText
	}
	if qualitative {
		add("目标是文字的指标（如“完成省定目标”），本期值选择“完成”或“未完成”，并在备注里写明情况。")
	}
	if len(indicators) > 0 {
		add("备注：数据有变动、口径不同或未完成的原因写在备注里。")
	}
	if len(c.Lists) > 0 {
		names := make([]string, len(c.Lists))
		for i, l := range c.Lists {
			names[i] = "“" + sheetName(l.Name) + "”"
		}
		end := in.Period.EndDate()
		add("%s：每行填一条，列名带 * 的必须填写；下拉列只能选列出的值；日期写成 %s 这样的 年-月-日；统一社会信用代码为 18 位。",
			strings.Join(names, "、"), end.Format("2006-01-02"))
	}
	if tasks {
		add("“%s”：为本单位牵头或配合的每项任务选择状态，并简要写明进展情况。", taskSheet)
	}
	add("请勿修改表格结构和工作表名称；保存为 .xlsx 格式（不要另存为 .xls 或 .et），%s前报送。", campaign.DateLabel(in.Deadline))
	return steps
}

// deadlineText is the 报送截止 line: the deadline day of this template's period, which
// ends at 24:00 in the campaign's time zone (named when it is not Beijing time).
func deadlineText(in TemplateInput) string {
	zone := "北京时间"
	if loc := in.Campaign.Location().String(); loc != campaign.DefaultTimezone {
		zone = loc + " 时间"
	}
	return fmt.Sprintf("%s 24时前报送（%s）", campaign.DateLabel(in.Deadline), zone)
}

// titleRow writes a merged, centred title across the first cols columns of row 1;
// fitTitles breaks it into lines once the columns have their widths.
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
	t.titles = append(t.titles, sheetTitle{sheet, title, cols})
	return t.f.SetRowHeight(sheet, 1, 30)
}

// sheetTitle is a merged title row of a template sheet.
type sheetTitle struct {
	sheet, text string
	cols        int
}

// fitTitles breaks each title between phrases to the width of its merged columns and
// sizes its row, so that LibreOffice or Excel does not wrap it mid-word. The
// 指标填报 title, which ingest reads back, always fits its ten columns.
func (t *templateWriter) fitTitles() error {
	for _, st := range t.titles {
		width := 0.0
		for c := 1; c <= st.cols; c++ {
			w, err := t.f.GetColWidth(st.sheet, colName(c))
			if err != nil {
				return err
			}
			width += w
		}
		if need := float64(longestPhrase(st.text)) * 16 / 11 / titleFit; need > width {
			// Too narrow for a phrase of the title: widen the last column rather than
			// cut a word.
			last := colName(st.cols)
			w, err := t.f.GetColWidth(st.sheet, last)
			if err != nil {
				return err
			}
			if err := t.f.SetColWidth(st.sheet, last, last, w+math.Ceil(need-width)); err != nil {
				return err
			}
			width = need
		}
		text := breakTitle(st.text, titleFit*width*11/16)
		if text == st.text {
			continue
		}
		if err := t.f.SetCellStr(st.sheet, "A1", text); err != nil {
			return err
		}
		if err := t.f.SetRowHeight(st.sheet, 1, 30+22*float64(strings.Count(text, "\n"))); err != nil {
			return err
		}
	}
	return nil
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
