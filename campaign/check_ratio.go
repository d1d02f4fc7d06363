package campaign

import (
	"maps"
	"slices"
	"strings"
)

// ratio checks a ratio feed: it derives a rate (kind: rate, in %), counts or sums
// (not both), over existing columns of the right type, with conditions that each
// say one thing.
func (k *checker) ratio(list string, f Feed, cols map[string]*Column) {
	r := f.Ratio
	if in := k.indicators[f.Indicator]; in != nil && in.Kind != KindRate {
		k.probs.errorf(r.Line, "ratio-kind", "%s按比率汇总到“%s”，但这个指标不是比率（kind: rate）：比率汇总只用于开工率、竣工率这类百分比指标，请把指标改成 kind: rate", list, in.Name)
	} else if in != nil && (in.Total == TotalSum || in.Total == TotalWeightedBy) {
		// Rates do not add up: 80% + 60% is no city rate.
		k.probs.errorf(in.Line, "ratio-total", "指标“%s”由%s按比率算出，各单位的比率不能相加或加权成合计：请写 total: none（或 given，由办公室录入全市数）", in.Name, list)
	}
	switch {
	case r.IsCount():
	case r.Count != nil:
		k.probs.errorf(r.Line, "ratio-form", "%s的比率同时写了 count（计数）和 sum/over（求和），只能用一种", list)
	case r.Sum == "" || r.Over == "":
		k.probs.errorf(r.Line, "ratio-form", "%s的比率按求和计算时 sum（分子列）和 over（分母列）都要写", list)
	default:
		for _, id := range []string{r.Sum, r.Over} {
			col := cols[id]
			if col == nil {
				k.probs.errorf(r.Line, "unknown-column", "%s比率里的列“%s”不存在，可用的列：%s", list, id, strings.Join(slices.Sorted(maps.Keys(cols)), "、"))
			} else if col.Type != ColDecimal && col.Type != ColInteger {
				k.probs.errorf(r.Line, "feed-sum-type", "%s比率求和的列“%s”不是数值列", list, col.Title)
			}
		}
	}
	if len(r.Labels) != 0 && len(r.Labels) != 2 {
		k.probs.errorf(r.Line, "ratio-labels", "%s比率的 labels 要写两个名称：[分子, 分母]，如 [开工, 应开工]", list)
	}
	for _, c := range append(slices.Clone(r.Scope), r.Count...) {
		k.condition(list, c, cols)
	}
}

// condition checks one row condition of a ratio.
func (k *checker) condition(list string, c Condition, cols map[string]*Column) {
	col := cols[c.Column]
	if col == nil {
		k.probs.errorf(c.Line, "unknown-column", "%s比率条件里的列“%s”不存在，可用的列：%s", list, c.Column, strings.Join(slices.Sorted(maps.Keys(cols)), "、"))
		return
	}
	tests := 0
	for _, set := range []bool{c.Equals != "", c.Filled, c.Min != nil || c.Max != nil, c.WithinYears != 0} {
		if set {
			tests++
		}
	}
	numeric := col.Type == ColDecimal || col.Type == ColInteger
	switch {
	case tests != 1:
		k.probs.errorf(c.Line, "ratio-condition", "%s比率条件“%s”要写且只写一种：一个值、filled: true、min/max 或 within-years", list, col.Title)
	case c.Equals != "" && col.Type == ColEnum && !slices.Contains(col.Values, c.Equals):
		k.probs.errorf(c.Line, "feed-value", "%s比率条件“%s = %s”不在该列的可选值里（%s）", list, col.Title, c.Equals, strings.Join(col.Values, "、"))
	case (c.Min != nil || c.Max != nil) && !numeric:
		k.probs.errorf(c.Line, "ratio-condition", "%s比率条件“%s”不是数值列，不能用 min/max", list, col.Title)
	case c.WithinYears < 0 || c.WithinYears > 0 && col.Type != ColInteger && col.Type != ColDate:
		k.probs.errorf(c.Line, "ratio-condition", "%s比率条件“%s”用 within-years（近几年）时，这一列要是年份（integer）或日期（date），年数要大于 0", list, col.Title)
	}
}
