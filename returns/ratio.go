package returns

import (
	"tenglong/campaign"
	"tenglong/workbook"
)

// derivedValue reports whether a 本期值 is left to a ratio feed (开工率 from the
// project list): the template's formula, or nothing typed. ratios then fills it
// from the rows. A number typed over the formula is read as usual and checked
// against the rows.
func (ck *checker) derivedValue(ind *campaign.Indicator, v *workbook.CellValue) bool {
	if _, _, ok := ck.c.RatioFeed(ind.ID); !ok {
		return false
	}
	return v.Formula != "" || trim(v.Raw) == ""
}

// ratios derives every ratio-fed indicator from the list's rows: a derived 本期值
// takes the computed rate; a typed one must agree with it (rounded to what was typed,
// at least the indicator's decimals), else it is an error at the cell naming the
// counts; a rate with nothing in scope (未开展) takes no number, and a number typed
// for it is an error. A feed over columns with invalid cells is left alone: those
// cells are already errors.
func (ck *checker) ratios(invalid map[string]bool) {
	for li := range ck.c.Lists {
		l := &ck.c.Lists[li]
		for fi := range l.Feeds {
			f := &l.Feeds[fi]
			val := ck.values[f.Indicator]
			ind, ok := ck.c.Indicator(f.Indicator)
			if f.Ratio == nil || val == nil || !ok || ratioColumnInvalid(l, f.Ratio, invalid) {
				continue
			}
			res := campaign.ComputeRatio(l, f.Ratio, ck.rowValues(l.ID), ck.period)
			basis := f.Ratio.Basis(l, res, ind.Decimals)
			sheet := ck.valueSheets[f.Indicator]
			switch {
			case val.Number == nil:
				if res.Defined {
					v := res.Value
					val.Number = &v
				}
			case !res.Defined:
				ck.add(CodeRollupMismatch, sheet, val.Cell, "%s填了 %s，但按%s计算为%s：这一项由清单自动计算，请清空本期值，核对清单",
					campaign.Quote(ind.Name), val.Number.String(), campaign.Quote(l.Name), basis)
				val.Number = nil
			default:
				places := ind.Decimals
				if p := -val.Number.Exponent(); p > places {
					places = p
				}
				if !res.Value.Round(places).Equal(*val.Number) {
					ck.add(CodeRollupMismatch, sheet, val.Cell, "%s填了 %s，与%s计算的不一致（%s）：这一项由清单自动计算，请清空本期值或改到一致，并核对清单",
						campaign.Quote(ind.Name), val.Number.String(), campaign.Quote(l.Name), basis)
					continue
				}
				v := res.Value
				val.Number = &v
			}
		}
	}
}

func ratioColumnInvalid(l *campaign.List, r *campaign.Ratio, invalid map[string]bool) bool {
	cols := []string{r.Sum, r.Over}
	for _, set := range [][]campaign.Condition{r.Scope, r.Count} {
		for _, c := range set {
			cols = append(cols, c.Column)
		}
	}
	for _, c := range cols {
		if c != "" && invalid[l.ID+"."+c] {
			return true
		}
	}
	return false
}

// rowValues are the list's checked rows as canonical values by column id.
func (ck *checker) rowValues(list string) []map[string]string {
	var out []map[string]string
	for _, row := range ck.r.Rows {
		if row.List != list {
			continue
		}
		m := make(map[string]string, len(row.Cells))
		for i, c := range row.Cells {
			if c.Cell != "" {
				m[row.Columns[i]] = c.Value
			}
		}
		out = append(out, m)
	}
	return out
}
