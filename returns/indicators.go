package returns

import (
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/workbook"
)

// indicatorCells are the cells of one indicator on 指标填报.
type indicatorCells struct {
	value, note, target *workbook.CellValue
}

// indicators converts and checks 本期值, 备注 and the recorded target cells.
func (ck *checker) indicators(cells []*workbook.CellValue) {
	// Sized for the usual three cells an indicator (value, note, target): growing
	// these maps cell by cell was a tenth of checking.
	order := make([]string, 0, len(cells)/3+1)
	byID := make(map[string]*indicatorCells, len(cells)/3+1)
	for _, v := range cells {
		ic := byID[v.Key]
		if ic == nil {
			ic = &indicatorCells{}
			byID[v.Key] = ic
			order = append(order, v.Key)
		}
		switch v.Kind {
		case workbook.InputValue:
			ic.value = v
		case workbook.InputNote:
			ic.note = v
		case workbook.InputTarget:
			ic.target = v
		}
	}
	ck.values = make(map[string]*Value, len(order))
	ck.valueSheets = make(map[string]string, len(order))
	ck.r.Values = slices.Grow(ck.r.Values, len(order))
	for _, id := range order {
		ic := byID[id]
		ind, ok := ck.c.Indicator(id)
		if !ok {
			for _, v := range []*workbook.CellValue{ic.value, ic.note, ic.target} {
				if v != nil && trim(v.Raw) != "" {
					ck.add(CodeUnknownInput, v.Sheet, v.Cell, "指标“%s”在现在的行动定义里已经没有了，这一格“%s”不会采用", id, clip(trim(v.Raw)))
				}
			}
			continue
		}
		if ic.target != nil {
			ck.target(ind, ic.target)
		}
		if ic.value == nil {
			continue
		}
		val := ck.value(ind, ic.value)
		if ic.note != nil {
			val.Note = trim(ic.note.Raw)
		}
		ck.r.Values = append(ck.r.Values, val)
		ck.valueSheets[id] = ic.value.Sheet
	}
	if len(ck.r.Values) == 0 {
		ck.r.Values = nil // as before it was grown: none
	}
	for i := range ck.r.Values {
		ck.values[ck.r.Values[i].Indicator] = &ck.r.Values[i]
	}
}

// value converts one 本期值.
func (ck *checker) value(ind *campaign.Indicator, v *workbook.CellValue) Value {
	val := Value{Indicator: ind.ID, Cell: v.Cell, Raw: v.Raw}
	if ck.derivedValue(ind, v) {
		return val // filled from the list by ratios
	}
	ck.formula(ind, v)
	target, _, _ := ck.c.TargetFor(ind, ck.unit.Code, ck.period)
	qualitative := ind.Kind == campaign.KindQualitative || target.Form == campaign.TargetText
	if trim(v.Raw) == "" {
		what := "数值"
		if qualitative {
			what = "“完成”或“未完成”"
		}
		ck.add(CodeValueEmpty, v.Sheet, v.Cell, "%s的本期值没有填写：请填写%s；未填写的指标按“未报送”显示，不会当作 0", campaign.Quote(ind.Name), what)
		return val
	}
	if qualitative {
		done, ok := NormalizeDone(v.Raw)
		if !ok {
			ck.add(CodeQualitativeInvalid, v.Sheet, v.Cell, "%s填的“%s”无法识别：请选择“完成”或“未完成”，具体情况写在备注", campaign.Quote(ind.Name), clip(trim(v.Raw)))
			return val
		}
		val.Done = &done
		return val
	}
	n, err := cellNumber(v, ind.Measure)
	if err != nil {
		ck.add(CodeNotNumber, v.Sheet, v.Cell, "%s：%s，请填写数值%s", campaign.Quote(ind.Name), err, measureNote(ind.Measure))
		return val
	}
	if ind.WholeNumbers() && !n.IsInteger() {
		ck.add(CodeNotInteger, v.Sheet, v.Cell, "%s：“%s”不是整数，%s数请填写整数", campaign.Quote(ind.Name), clip(trim(v.Raw)), ind.Measure)
		return val
	}
	if msg := rangeProblem(n, ind.Min, ind.Max); msg != "" {
		ck.add(CodeOutOfRange, v.Sheet, v.Cell, "%s：“%s”%s%s", campaign.Quote(ind.Name), clip(trim(v.Raw)), msg, measureNote(ind.Measure))
		return val
	}
	val.Number = &n
	ck.yearToDate(ind, v, n)
	return val
}

// formula warns when a value cell holds a formula: what is used is the result Excel
// last calculated and saved, which no longer follows the cells it refers to, and which
// a file written by a program may not have at all.
func (ck *checker) formula(ind *campaign.Indicator, v *workbook.CellValue) {
	if v.Formula == "" {
		return
	}
	f := " =" + clip(v.Formula)
	if v.FormulaCell != "" { // Formula is as written there, not shifted to this cell
		f = "（由 " + v.FormulaCell + " 格的公式" + f + " 填充而来）"
	}
	if trim(v.Raw) == "" {
		ck.add(CodeFormulaInInput, v.Sheet, v.Cell, "%s填的是公式%s，文件里没有它的计算结果：请直接填写数值", campaign.Quote(ind.Name), f)
		return
	}
	ck.add(CodeFormulaInInput, v.Sheet, v.Cell, "%s填的是公式%s，已按计算结果“%s”采用：请直接填写数值", campaign.Quote(ind.Name), f, clip(trim(v.Raw)))
}

// yearToDate warns when a flow indicator's year-to-date value falls below the
// previous period's: an annual one within the same year, a cumulative one always.
// The previous values are the store's: the check waits for them (Prepared.Finish).
func (ck *checker) yearToDate(ind *campaign.Indicator, v *workbook.CellValue, n decimal.Decimal) {
	if ind.Kind != campaign.KindFlow {
		return
	}
	ck.p.deferred = append(ck.p.deferred, deferred{at: len(ck.r.Findings), ind: ind, n: n, sheet: v.Sheet, cell: v.Cell})
}

func yearToDateFinding(ind *campaign.Indicator, period campaign.Period, sheet, cell string, n decimal.Decimal, previous map[string]decimal.Decimal) (Finding, bool) {
	prev, ok := previous[ind.ID]
	if !ok || !n.LessThan(prev) {
		return Finding{}, false
	}
	if ind.Scope != campaign.ScopeCumulative && period.Previous().Year != period.Year {
		return Finding{}, false
	}
	what := "当年累计数"
	if ind.Scope == campaign.ScopeCumulative {
		what = "行动期内累计数"
	}
	return newFinding(CodeYTDDecreased, sheet, cell, "%s本期值 %s 比上期值 %s 还小：这一项填的是%s，一般不会比上期少，请核对；确有减少请在备注说明原因",
		campaign.Quote(ind.Name), n.String(), prev.String(), what), true
}

// target refuses a return whose locked target cell no longer holds the target it was
// generated with (signed in the metadata) — or, for a return rebuilt from what it
// shows, the campaign's target for the unit: a sheet pasted from another unit, or a
// target typed over, is not this unit's return as issued.
func (ck *checker) target(ind *campaign.Indicator, v *workbook.CellValue) {
	want := v.Target
	if want == "" {
		t, _, ok := ck.c.TargetFor(ind, ck.unit.Code, ck.period)
		if !ok || !t.IsNumber() {
			return
		}
		want = t.NumberText()
	}
	// The cell as issued holds the target's text exactly: nothing to parse (both would
	// read as the same number; issuedTarget keeps out what NormalizeNumber might read
	// otherwise, such as more than 15 digits).
	if v.Raw == want && issuedTarget(want) {
		return
	}
	wantN, err := decimal.NewFromString(want)
	if err != nil {
		return
	}
	if got, err := NormalizeNumber(v.Raw, ind.Measure); err == nil && got.Equal(wantN) {
		return
	}
	shown := clip(trim(v.Raw))
	if shown == "" {
		ck.add(CodeTargetChanged, v.Sheet, v.Cell, "%s的目标 %s 被清空了：目标是锁定的，不能改动，表里的改动不会采用；"+
			"请在下发的模板上填写（不要改目标、不要粘贴别的单位的表）后重新报送", campaign.Quote(ind.Name), want)
		return
	}
	ck.add(CodeTargetChanged, v.Sheet, v.Cell, "%s的目标被改成了“%s”，下达的目标是 %s：目标是锁定的，不能改动，表里的改动不会采用；"+
		"请在下发的模板上填写（不要改目标、不要粘贴别的单位的表）后重新报送", campaign.Quote(ind.Name), shown, want)
}

// measureNote is “（单位：万元/亩）” for a message, or nothing without a measure.
func measureNote(measure string) string {
	if trim(measure) == "" {
		return ""
	}
	return "（单位：" + measure + "）"
}

// rangeProblem says how n breaks a min/max, or "" when it does not.
func rangeProblem(n decimal.Decimal, min, max *decimal.Decimal) string {
	if (min == nil || !n.LessThan(*min)) && (max == nil || !n.GreaterThan(*max)) {
		return ""
	}
	switch {
	case min != nil && max != nil:
		return "超出范围：应在 " + min.String() + " 到 " + max.String() + " 之间"
	case min != nil:
		return "太小：不能小于 " + min.String()
	default:
		return "太大：不能大于 " + max.String()
	}
}

// issuedTarget reports s written as -?digits(.digits)? with at most 15 characters:
// a number NormalizeNumber and decimal.NewFromString read alike, whose digits a
// number cell keeps exactly.
func issuedTarget(s string) bool {
	t := strings.TrimPrefix(s, "-")
	if t == "" || len(s) > excelDigits {
		return false
	}
	dot := -1
	for i := 0; i < len(t); i++ {
		switch c := t[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0 && i < len(t)-1:
			dot = i
		default:
			return false
		}
	}
	return true
}
