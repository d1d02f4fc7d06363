package workbook

import (
	"fmt"
	"strings"

	"tenglong/campaign"
)

// ratioFormula is the live formula of a 本期值 a list derives (开工率 = 开工 /
// 应开工 over the unit's own project list), so that the clerk sees the rate while
// filling the list: COUNTIFS or SUMIFS over the list sheet's prepared rows with the
// feed's scope, ×100, and 未开展 when nothing is in scope. Ingest does not use its
// result: it recomputes the rate from the rows (returns.ratios).
func ratioFormula(l *campaign.List, r *campaign.Ratio, unit string, p campaign.Period) string {
	sheet := sheetName(l.Name)
	preset := 0
	for _, row := range l.Preset {
		if row.Unit == "" || row.Unit == unit {
			preset++
		}
	}
	rows := max(preset+l.Rows, 1)
	first, last := firstInputRow, firstInputRow+rows-1
	rangeOf := func(id string) string {
		for j, c := range l.Columns {
			if c.ID == id {
				col := colName(j + 2)
				return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", strings.ReplaceAll(sheet, "'", "''"), col, first, col, last)
			}
		}
		return ""
	}
	criteria := func(conds []campaign.Condition) []string {
		var out []string
		for _, c := range conds {
			rg := rangeOf(c.Column)
			switch {
			case c.Equals != "":
				out = append(out, rg, excelString(c.Equals))
			case c.Filled:
				out = append(out, rg, `"<>"`)
			case c.WithinYears > 0:
				lo, hi := fmt.Sprint(p.Year-c.WithinYears+1), fmt.Sprint(p.Year)
				if isDateColumn(l, c.Column) {
					lo, hi = fmt.Sprintf("DATE(%s,1,1)", lo), fmt.Sprintf("DATE(%s,12,31)", hi)
				}
				out = append(out, rg, `">="&`+lo, rg, `"<="&`+hi)
			default:
				if c.Min != nil {
					out = append(out, rg, `">=`+c.Min.String()+`"`)
				}
				if c.Max != nil {
					out = append(out, rg, `"<=`+c.Max.String()+`"`)
				}
			}
		}
		return out
	}
	scope := criteria(r.Scope)
	if r.IsCount() {
		if len(scope) == 0 { // every filled row: the first column's filled cells
			scope = []string{rangeOf(l.Columns[0].ID), `"<>"`}
		}
		den := "COUNTIFS(" + strings.Join(scope, ",") + ")"
		num := "COUNTIFS(" + strings.Join(append(append([]string{}, scope...), criteria(r.Count)...), ",") + ")"
		return fmt.Sprintf(`IF(%s=0,"%s",%s/%s*100)`, den, campaign.NotStarted, num, den)
	}
	sumOf := func(col string) string {
		if len(scope) == 0 {
			return "SUM(" + rangeOf(col) + ")"
		}
		return "SUMIFS(" + rangeOf(col) + "," + strings.Join(scope, ",") + ")"
	}
	den := sumOf(r.Over)
	return fmt.Sprintf(`IF(%s<=0,"%s",%s/%s*100)`, den, campaign.NotStarted, sumOf(r.Sum), den)
}

func isDateColumn(l *campaign.List, id string) bool {
	for _, c := range l.Columns {
		if c.ID == id {
			return c.Type == campaign.ColDate
		}
	}
	return false
}

// excelString quotes text for a formula: 在建 → "在建".
func excelString(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
