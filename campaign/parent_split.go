package campaign

import "github.com/shopspring/decimal"

// parentSplit checks a county's split of an indicator whose county figure is not the
// sum of its units' (total: given or weighted-by) against the city's target for the
// county, the set's total target (sum splits are targetSet's). A weighted figure is
// the weighted mean of the units': by the weight indicator's targets, it must reach the
// city's. A given figure (a rate, a growth, a level per unit) lies between its units'
// figures, so at least one unit's target must reach the city's. Only warnings: the
// office decides its split.
func (k *checker) parentSplit(in *Indicator, set TargetSet, what string) {
	total, ok := set[k.c.Total.Code]
	if !ok || total.Form != TargetNumber {
		return
	}
	lower := in.Kind == KindLowerBetter
	short := func(v decimal.Decimal) bool {
		if lower {
			return v.GreaterThan(total.Value)
		}
		return v.LessThan(total.Value)
	}
	var values, weights []decimal.Decimal
	weighted := in.Total == TotalWeightedBy
	for _, u := range k.c.Units {
		t, ok := set[u.Code]
		if !ok || t.Form == TargetNA {
			continue
		}
		if t.Form != TargetNumber {
			return // text or pending unit targets cannot be compared
		}
		values = append(values, t.Value)
		w, ok := k.weightTarget(in, u.Code)
		weighted = weighted && ok
		weights = append(weights, w)
	}
	if len(values) == 0 {
		return
	}
	if weighted {
		num, den := decimal.Zero, decimal.Zero
		for i, v := range values {
			num, den = num.Add(v.Mul(weights[i])), den.Add(weights[i])
		}
		if den.IsPositive() {
			mean := num.DivRound(den, in.Decimals+2)
			if short(mean) {
				word := "低于"
				if lower {
					word = "高于"
				}
				k.probs.warnf(total.Line, "total-mismatch", "%s：各单位目标按“%s”的目标加权平均为 %s，%s上级下达给%s的目标 %s：请调整各单位的分解",
					what, k.indicators[in.WeightedBy].Name, mean.String(), word, k.c.Total.Name, total.Value.String())
			}
			return
		}
	}
	best := values[0]
	for _, v := range values[1:] {
		if (lower && v.LessThan(best)) || (!lower && v.GreaterThan(best)) {
			best = v
		}
	}
	if !short(best) {
		return
	}
	word, extreme := "低于", "最高"
	if lower {
		word, extreme = "高于", "最低"
	}
	why, fix := "本级数由办公室录入，在各单位的数之间", "（如果本级数是各单位相加，请把 total 改为 sum）"
	if in.Total == TotalWeightedBy {
		why, fix = "本级数是各单位的加权平均，在各单位的数之间", ""
	}
	k.probs.warnf(total.Line, "total-mismatch", "%s：各单位目标都%s上级下达给%s的目标 %s（%s %s）：%s，达不到上级的目标；请调整各单位的分解%s",
		what, word, k.c.Total.Name, total.Value.String(), extreme, best.String(), why, fix)
}

// weightTarget is the weight of a unit in a weighted-by total: the weight indicator's
// numeric target for the unit.
func (k *checker) weightTarget(in *Indicator, unit string) (decimal.Decimal, bool) {
	w := k.indicators[in.WeightedBy]
	if in.Total != TotalWeightedBy || w == nil {
		return decimal.Zero, false
	}
	t, ok := w.Targets[unit]
	if !ok || t.Form != TargetNumber || t.Value.IsNegative() {
		return decimal.Zero, false
	}
	return t.Value, true
}

// parentBases checks that a county's units' bases (基数) of a summed cumulative
// indicator add up to the base the city gave the county (carried by init
// --from-template): otherwise the units' completion, counted from their bases, does not
// add up to the county's.
func (k *checker) parentBases() {
	if k.c.Total == nil {
		return
	}
	for i := range k.c.Indicators {
		in := &k.c.Indicators[i]
		total, ok := in.Base[k.c.Total.Code]
		if in.Total != TotalSum || !ok || total.Form != TargetNumber {
			continue
		}
		sum, n := decimal.Zero, 0
		for _, u := range k.c.Units {
			if b, ok := in.Base[u.Code]; ok && b.Form == TargetNumber {
				sum, n = sum.Add(b.Value), n+1
			}
		}
		if n > 0 && !sum.Equal(total.Value) {
			k.probs.warnf(total.Line, "base-mismatch", "指标“%s”的基数：各单位基数之和为 %s，与上级给%s的基数 %s 不一致，请调整各单位的基数",
				in.Name, sum.String(), k.c.Total.Name, total.Value.String())
		}
	}
}
