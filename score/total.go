package score

import (
	"fmt"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// totalCell computes an indicator's total row (DESIGN.md §5): recomputed from the
// units' accepted values (sum), the office's own figure (given), or weighted by
// another indicator's values — never read from a unit's file. A total that lacks some
// unit's value keeps what it has, shown with the count, and gets no light: an
// incomplete sum compared with the whole target would mislead.
func totalCell(c *campaign.Campaign, in *campaign.Indicator, units []Cell, d Data) (Cell, bool, string) {
	cell := Cell{}
	if c.Total != nil {
		cell.Unit = c.Total.Code
	}
	if in.Total == campaign.TotalNone || in.Kind == campaign.KindQualitative {
		cell.setResult(campaign.Result{Status: campaign.StatusNA})
		return cell, false, "不汇总"
	}
	target, span, hasTarget := totalTarget(c, in, units, d.Period)
	if hasTarget {
		cell.setTarget(target)
	}
	var basis, text string
	var actual campaign.Actual
	complete := true
	switch in.Total {
	case campaign.TotalGiven:
		if in.GivenBy != "" {
			actual, text, complete, basis = givenByUnit(c, in, *cell.Target(), d)
			break
		}
		if done, ok := d.TotalAnswers[in.ID]; ok {
			actual, basis = campaign.ReportedDone(done), "办公室录入"
			text = doneText(done)
		} else if v, ok := d.Totals[in.ID]; ok {
			actual, basis = campaign.Reported(v), "办公室录入"
		} else {
			complete, basis = false, "待办公室录入"
		}
	case campaign.TotalWeightedBy:
		actual, complete, basis = weightedTotal(c, in, units, d)
	default:
		actual, complete, basis = sumTotal(units)
	}
	cell.setTexts(text, "")
	cell.SetActual(actual)
	if !hasTarget {
		status := campaign.StatusNA
		if !complete {
			status = campaign.StatusMissing
		}
		cell.setResult(campaign.Result{Status: status})
		return cell, true, basis
	}
	if !complete && target.Form != campaign.TargetNA {
		// Not all in (未报齐), or the office's or the unit's figure not there yet (待录入,
		// 待报送): missing, whatever form the target takes.
		cell.setResult(campaign.Result{Status: campaign.StatusMissing, TimeProgress: campaign.TimeProgress(span, d.Period)})
		return cell, true, basis
	}
	if target.Form == campaign.TargetText && in.Kind != campaign.KindQualitative && !actual.Answered {
		// A figure against a worded target (完成省定目标): shown, judged by people, no light.
		cell.setResult(campaign.Result{Status: campaign.StatusNA, TimeProgress: campaign.TimeProgress(span, d.Period)})
		return cell, true, basis
	}
	cell.setResult(c.EvaluateSpan(in, cell.Unit, *target, actual, span, d.Period))
	return cell, true, basis
}

// totalTarget is the total's own target when the campaign writes one; for a summed
// indicator without one, the sum of the units' numeric targets when every reporting
// unit has one.
func totalTarget(c *campaign.Campaign, in *campaign.Indicator, units []Cell, p campaign.Period) (*campaign.Target, campaign.Span, bool) {
	if c.Total != nil {
		if t, span, ok := c.TargetRefFor(in, c.Total.Code, p); ok {
			return t, span, true
		}
	}
	if in.Total != campaign.TotalSum || len(units) == 0 {
		return nil, campaign.Span{}, false
	}
	sum := decimal.Zero
	var span campaign.Span
	for _, u := range units {
		if !u.Target().IsNumber() {
			return nil, campaign.Span{}, false
		}
		sum = sum.Add(u.Target().Value)
		_, span, _ = c.TargetFor(in, u.Unit, p)
	}
	return &campaign.Target{Form: campaign.TargetNumber, Value: sum}, span, true
}

// sumTotal adds the units' reported values.
func sumTotal(units []Cell) (campaign.Actual, bool, string) {
	sum, reported := decimal.Zero, 0
	for _, u := range units {
		if u.Reported() {
			sum = sum.Add(u.Actual().Value)
			reported++
		}
	}
	if reported == 0 {
		return campaign.Actual{}, false, fmt.Sprintf("已报 0/%d 个单位", len(units))
	}
	if reported < len(units) {
		return campaign.Reported(sum), false, fmt.Sprintf("已报 %d/%d 个单位", reported, len(units))
	}
	return campaign.Reported(sum), true, fmt.Sprintf("%d 个单位合计", len(units))
}

// weightedTotal averages the units' values weighted by another indicator's values
// (亩均 by 用地, 增速 by 基数): Σ vᵢwᵢ / Σ wᵢ.
func weightedTotal(c *campaign.Campaign, in *campaign.Indicator, units []Cell, d Data) (campaign.Actual, bool, string) {
	weightName := in.WeightedBy
	if w, ok := c.Indicator(in.WeightedBy); ok {
		weightName = w.Name
	}
	num, den, reported := decimal.Zero, decimal.Zero, 0
	for _, u := range units {
		ret, ok := d.Returns[u.Unit]
		if !ok || !u.Reported() {
			continue
		}
		w, ok := ret.Values[in.WeightedBy]
		if !ok {
			continue
		}
		wn, ok := w.Number()
		if !ok {
			continue
		}
		num = num.Add(u.Actual().Value.Mul(wn))
		den = den.Add(wn)
		reported++
	}
	basis := fmt.Sprintf("按%s加权", weightName)
	if reported == 0 || den.IsZero() {
		return campaign.Actual{}, false, basis + fmt.Sprintf("，已报 %d/%d 个单位", reported, len(units))
	}
	value := campaign.Reported(num.DivRound(den, 16))
	if reported < len(units) {
		return value, false, basis + fmt.Sprintf("，已报 %d/%d 个单位", reported, len(units))
	}
	return value, true, basis
}

// doneText is a 完成/未完成 answer as written.
func doneText(done bool) string {
	if done {
		return "完成"
	}
	return "未完成"
}

// givenByUnit takes the total from the accepted return of the unit the campaign names
// (total: {given-by: jxj}): the responsible department reports the city figure.
func givenByUnit(c *campaign.Campaign, in *campaign.Indicator, target campaign.Target, d Data) (campaign.Actual, string, bool, string) {
	name := c.UnitName(in.GivenBy)
	if ret, ok := d.Returns[in.GivenBy]; ok {
		if v, ok := ret.Values[in.ID]; ok {
			if a := actualOf(in, target, v); a.Reported {
				return a, v.Text, true, "由" + name + "报送"
			}
		}
	}
	return campaign.Actual{}, "", false, "待" + name + "报送"
}
