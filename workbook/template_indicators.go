package workbook

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// Columns of 指标填报.
const (
	colNo = iota + 1
	colCategory
	colIndicator
	colMeasure
	colBasis
	colTarget
	colPrevious
	colValue // 本期值: input
	colCompletion
	colNote       // 备注: input
	indicatorCols = colNote
)

var indicatorHeaders = []string{"序号", "类别", "指标", "计量单位", "填报口径", "目标", "上期值", "本期值", "完成率", "备注"}

// Answers of a qualitative indicator.
var qualitativeChoices = []string{"完成", "未完成"}

// indicators writes 指标填报: one row per indicator the unit reports, its target, the
// previous period's value, an input cell for this period, a live completion formula
// and an input cell for remarks.
func (t *templateWriter) indicators() error {
	f, st, in := t.f, t.st, t.in
	if _, err := f.NewSheet(indicatorSheet); err != nil {
		return err
	}
	if err := t.titleRow(indicatorSheet, fmt.Sprintf("%s %s 指标填报表", in.Unit.Name, in.Period.Label()), indicatorCols); err != nil {
		return err
	}
	info := fmt.Sprintf("填报单位：%s    期次：%s    报送截止：%s    只填浅黄色格子", in.Unit.Name, in.Period.Label(), in.Deadline.Format("2006-01-02"))
	if err := f.MergeCell(indicatorSheet, "A2", cell(indicatorCols, 2)); err != nil {
		return err
	}
	if err := f.SetCellStr(indicatorSheet, "A2", info); err != nil {
		return err
	}
	if err := f.SetCellStyle(indicatorSheet, "A2", cell(indicatorCols, 2), st.note()); err != nil {
		return err
	}
	for i, h := range indicatorHeaders {
		if err := f.SetCellStr(indicatorSheet, cell(i+1, 3), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(indicatorSheet, "A3", cell(indicatorCols, 3), st.header()); err != nil {
		return err
	}
	list := TemplateIndicators(in.Campaign, in.Unit.Code, in.Period)
	widths := make([][]string, indicatorCols+1)
	for i, h := range indicatorHeaders {
		widths[i+1] = append(widths[i+1], h)
	}
	rowTexts := make([]map[int]string, len(list))
	for i, ind := range list {
		row := firstInputRow + i
		texts, err := t.indicatorRow(row, i+1, ind)
		if err != nil {
			return err
		}
		rowTexts[i] = texts
		for col := colNo; col <= indicatorCols; col++ {
			widths[col] = append(widths[col], texts[col])
		}
	}
	if len(list) == 0 {
		if err := t.emptyNotice(indicatorSheet, firstInputRow, indicatorCols, "本期没有需要本单位填报的指标；请填写其他工作表（如任务进展）。"); err != nil {
			return err
		}
	}
	limits := map[int][2]float64{colNo: {5, 6}, colCategory: {8, 16}, colIndicator: {16, 40}, colMeasure: {8, 12},
		colBasis: {12, 24}, colTarget: {10, 24}, colPrevious: {10, 14}, colValue: {12, 16}, colCompletion: {10, 20}, colNote: {20, 30}}
	colWidths := map[int]float64{}
	for col := 1; col <= indicatorCols; col++ {
		colWidths[col] = columnWidth(widths[col], limits[col][0], limits[col][1])
		if err := f.SetColWidth(indicatorSheet, colName(col), colName(col), colWidths[col]); err != nil {
			return err
		}
	}
	for i, texts := range rowTexts {
		if err := f.SetRowHeight(indicatorSheet, firstInputRow+i, fitRowHeight(texts, colWidths)); err != nil {
			return err
		}
	}
	if err := pageSetup(f, indicatorSheet, 3, true); err != nil {
		return err
	}
	return setDimension(f, indicatorSheet, indicatorCols, firstInputRow+max(len(list), 1)-1)
}

// indicatorRow writes one indicator and returns the texts shown per column, for widths.
func (t *templateWriter) indicatorRow(row, no int, ind *campaign.Indicator) (map[int]string, error) {
	f, st, in := t.f, t.st, t.in
	target, span, hasTarget := in.Campaign.TargetFor(ind, in.Unit.Code, in.Period)
	qualitative := ind.Kind == campaign.KindQualitative || target.Form == campaign.TargetText
	number := ind.No
	if number == "" {
		number = itoa(no)
	}
	texts := map[int]string{colNo: number, colCategory: ind.Category, colIndicator: ind.Name, colMeasure: ind.Measure,
		colBasis: basisText(in.Campaign, ind, in.Unit.Code, in.Period, span, qualitative, hasTarget)}
	for col := colNo; col <= colBasis; col++ { // in column order: shared strings and styles are numbered as written
		s := texts[col]
		align := "left"
		if col == colNo || col == colMeasure {
			align = "center"
		}
		if err := f.SetCellStr(indicatorSheet, cell(col, row), s); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(indicatorSheet, cell(col, row), cell(col, row), st.text(align)); err != nil {
			return nil, err
		}
	}
	targetRef := cell(colTarget, row)
	switch {
	case target.Form == campaign.TargetNumber:
		if err := f.SetCellDefault(indicatorSheet, targetRef, target.Value.String()); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(indicatorSheet, targetRef, targetRef, st.number(targetFormat(target))); err != nil {
			return nil, err
		}
		t.meta.Inputs = append(t.meta.Inputs, InputCell{Kind: InputTarget, Key: ind.ID, Sheet: indicatorSheet, Ref: targetRef, Target: target.NumberText()})
	default:
		shown := target.Display()
		if !hasTarget {
			shown = "（无目标，只报实际）"
		}
		if err := f.SetCellStr(indicatorSheet, targetRef, shown); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(indicatorSheet, targetRef, targetRef, st.text("center")); err != nil {
			return nil, err
		}
	}
	texts[colTarget], _ = f.GetCellValue(indicatorSheet, targetRef)

	prevRef := cell(colPrevious, row)
	if prev, ok := in.Previous[ind.ID]; ok {
		if err := f.SetCellDefault(indicatorSheet, prevRef, prev.String()); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle(indicatorSheet, prevRef, prevRef, st.number(decimalsFormat(int(ind.Decimals)))); err != nil {
		return nil, err
	}

	valueRef := cell(colValue, row)
	format := "General"
	ratioList, ratioFeed, derived := in.Campaign.RatioFeed(ind.ID)
	switch {
	case qualitative:
		format = ""
	case derived: // the formula's rate, with the indicator's decimals
		format = decimalsFormat(int(ind.Decimals))
	}
	if err := f.SetCellStyle(indicatorSheet, valueRef, valueRef, st.input(format)); err != nil {
		return nil, err
	}
	if err := f.AddDataValidation(indicatorSheet, valueValidation(ind, valueRef, qualitative, texts[colBasis])); err != nil {
		return nil, err
	}
	t.meta.add(InputValue, ind.ID, indicatorSheet, valueRef)
	if derived {
		if err := f.SetCellFormula(indicatorSheet, valueRef, ratioFormula(ratioList, ratioFeed.Ratio, in.Unit.Code, in.Period)); err != nil {
			return nil, err
		}
	}

	compRef := cell(colCompletion, row)
	base, hasBase := in.Campaign.BaseFor(ind, in.Unit.Code)
	formula, compFormat := completionFormula(ind.Kind, target, valueRef, targetRef, base, hasBase, ind.Decimals)
	if formula != "" {
		if err := f.SetCellFormula(indicatorSheet, compRef, formula); err != nil {
			return nil, err
		}
	}
	texts[colCompletion] = widestCompletion(compFormat)
	if compFormat == "" {
		compFormat = "General"
	}
	if err := f.SetCellStyle(indicatorSheet, compRef, compRef, st.fitNumber(compFormat)); err != nil {
		return nil, err
	}

	noteRef := cell(colNote, row)
	if err := f.SetCellStyle(indicatorSheet, noteRef, noteRef, st.input("")); err != nil {
		return nil, err
	}
	t.meta.add(InputNote, ind.ID, indicatorSheet, noteRef)
	return texts, nil
}

// basisText (填报口径) tells the clerk exactly which number to type.
func basisText(c *campaign.Campaign, ind *campaign.Indicator, unit string, p campaign.Period, span campaign.Span, qualitative, hasTarget bool) string {
	if qualitative {
		return "选择“完成”或“未完成”，情况写在备注"
	}
	if l, _, ok := c.RatioFeed(ind.ID); ok {
		return "按“" + l.Name + "”自动计算，不用填写；请填好清单"
	}
	end := p.EndMonth()
	if base, ok := c.BaseFor(ind, unit); ok && hasTarget && ind.Kind == campaign.KindFlow {
		// A target counted from a base is a total to reach (220 firms by 2023 from 168
		// at the end of 2020): the clerk types the total, base included, and the
		// completion counts what was added since.
		return fmt.Sprintf("截至%d年%d月末累计总数（含%d年末基数%s%s），完成率＝（本期值−基数）÷（目标−基数）",
			end.Year, end.Month, span.Start.Year-1, base.String(), ind.Measure)
	}
	from := campaign.YearMonth{Year: end.Year, Month: 1}
	if from.Before(c.Span.Start) {
		from = c.Span.Start
	}
	ytd := fmt.Sprintf("%d年%d—%d月", end.Year, from.Month, end.Month)
	if from.Month == end.Month {
		ytd = fmt.Sprintf("%d年%d月", end.Year, end.Month)
	}
	switch ind.Kind {
	case campaign.KindFlow:
		if ind.Scope == campaign.ScopeCumulative {
			start := c.Span.Start
			if hasTarget {
				start = span.Start
			}
			return fmt.Sprintf("%d年%d月起累计至%d年%d月", start.Year, start.Month, end.Year, end.Month)
		}
		return ytd + "累计"
	case campaign.KindLevel, campaign.KindLowerBetter:
		return fmt.Sprintf("%d年%d月末数", end.Year, end.Month)
	case campaign.KindRate:
		return ytd + "，填百分数的数值"
	case campaign.KindChange:
		if ind.Measure == "%" {
			return ytd + "同比，填百分数的数值"
		}
		return ytd + "，单位：" + ind.Measure
	}
	return ytd
}

// valueValidation checks 本期值 in Excel itself: a dropdown for qualitative targets,
// whole numbers for counts, decimals within min/max otherwise.
func valueValidation(ind *campaign.Indicator, ref string, qualitative bool, basis string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = ref
	if qualitative {
		_ = dv.SetDropList(qualitativeChoices)
		dv.SetInput("本期值", "请选择“完成”或“未完成”")
		dv.SetError(excelize.DataValidationErrorStyleStop, "只能选择", "请从下拉列表中选择“完成”或“未完成”")
		return dv
	}
	low, high := "-1000000000000", "1000000000000"
	if ind.Min != nil {
		low = ind.Min.String()
	}
	if ind.Max != nil {
		high = ind.Max.String()
	}
	kind, what := excelize.DataValidationTypeDecimal, "数字"
	if ind.WholeNumbers() {
		kind, what = excelize.DataValidationTypeWhole, "整数"
	}
	_ = dv.SetRange(low, high, kind, excelize.DataValidationOperatorBetween)
	measure := ind.Measure
	if measure == "" {
		measure = "无"
	}
	dv.SetInput("本期值", truncate(fmt.Sprintf("%s。只填%s，不带单位（单位：%s）", basis, what, measure), 250))
	msg := fmt.Sprintf("这里要填%s（单位：%s），不要填文字或单位", what, measure)
	if r := rangeText(low, high, ind.Min != nil, ind.Max != nil); r != "" {
		msg += "；" + r
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "请填写"+what, truncate(msg, 250))
	return dv
}

// completionFormula is the live 完成率 of DESIGN.md §5 as an Excel formula, with its
// number format: a ratio for flow and level, the inverse for lower-better, a difference
// in percentage points for rate and change, nothing without a numeric target. A
// target counted from a base (基数) compares what was added since the base with what
// was to be added: (本期值−基数)/(目标−基数), as campaign.EvaluateFor does.
func completionFormula(kind campaign.IndicatorKind, target campaign.Target, value, tgt string, base decimal.Decimal, hasBase bool, decimals int32) (string, string) {
	if target.Form != campaign.TargetNumber || kind == campaign.KindQualitative {
		return "", ""
	}
	switch kind {
	case campaign.KindRate, campaign.KindChange:
		return fmt.Sprintf(`IF(ISNUMBER(%s),%s-%s,"")`, value, value, tgt), pointsFormat(max(int(decimals), 1))
	case campaign.KindLowerBetter:
		return fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s>0,%s>0),%s/%s,"")`, value, value, tgt, tgt, value), "0.0%"
	}
	if hasBase {
		b := base.String()
		if base.IsNegative() {
			b = "(" + b + ")"
		}
		return fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s-%s>0),(%s-%s)/(%s-%s),"")`, value, tgt, b, value, b, tgt, b), "0.0%"
	}
	return fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s>0),%s/%s,"")`, value, tgt, value, tgt), "0.0%"
}

// widestCompletion is the widest text a 完成率 cell of the format can show for the
// values a clerk types, for the column width: a number that does not fit its column
// prints as ###, and a difference in percentage points takes four CJK characters
// more than a ratio.
func widestCompletion(format string) string {
	switch {
	case format == "":
		return ""
	case strings.Contains(format, "个百分点"):
		return "-1234.5个百分点"
	}
	return "12345.6%"
}

// truncate keeps Excel's limit on validation messages (255 characters).
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
