package score

import (
	"fmt"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// metrics looks up the numbers scoring items are computed from.
type metrics struct {
	k       *Consolidation
	yearAgo *Consolidation
	// rescaled is set under the default method: an item that does not apply to a
	// unit is left out and its total brought to 100 (scaleDefault), so the item's
	// reason says 本项不计 rather than 得0分.
	rescaled bool
}

// metricValue is one unit's value of a metric.
type metricValue struct {
	value   decimal.Decimal
	ok      bool
	shown   string // the value as printed in a reason: 283.00亿元, 完成率101.25%
	missing string // why there is no value: 未报送, 无目标, 去年同期无数据
	// applies is false when the item is not the unit's to do: it does not report the
	// indicator, or its target gives nothing to complete (/, 待下达, a worded target,
	// a target of 0). Under the default method such an item is left out.
	applies bool
	// best is a lower-is-better completion with the unit at 0 against a positive
	// ceiling: better than any ratio, it takes the item's full points.
	best bool
}

// label names a metric in Chinese: 规上工业总产值, 规上工业总产值完成率, …增速.
func (m *metrics) label(mt campaign.Metric) string {
	name := mt.Indicator
	if r, ok := m.k.Indicator(mt.Indicator); ok {
		name = r.Indicator.Name
	}
	switch mt.Field {
	case campaign.MetricCompletion:
		return name + "完成率"
	case campaign.MetricGrowth:
		return name + "同比增速"
	default:
		return name
	}
}

// lowerBetter says whether smaller values of the metric are better: the item says
// so, or the metric is the actual (or growth) of a lower-is-better indicator.
// Completion already turns lower-is-better around.
func (m *metrics) lowerBetter(mt campaign.Metric, flagged bool) bool {
	if flagged {
		return true
	}
	r, ok := m.k.Indicator(mt.Indicator)
	return ok && mt.Field != campaign.MetricCompletion && r.Indicator.Kind == campaign.KindLowerBetter
}

// value is a unit's value of a metric in the consolidated period.
func (m *metrics) value(mt campaign.Metric, unit string) (mv metricValue) {
	r, ok := m.k.Indicator(mt.Indicator)
	if !ok {
		return metricValue{missing: "指标不存在"}
	}
	in := r.Indicator
	cell, ok := r.Cell(unit)
	if !ok {
		return metricValue{missing: "不承担该指标"}
	}
	if cell.Ratio() != nil && !cell.Ratio().Defined {
		// 未开展: no project in scope (or nothing planned), so no rate to judge: not
		// the unit's item under the default method, 0 under a written method.
		return metricValue{missing: "：" + cell.Ratio().Basis}
	}
	mv = metricValue{applies: true}
	defer func() {
		if cell.Ratio() != nil && mv.ok {
			mv.shown += "（" + cell.Ratio().Basis + "）"
		}
	}()
	if mt.Field == campaign.MetricCompletion && !cell.Target().IsNumber() {
		// No numeric target this period (na, pending, text): nothing to complete.
		return metricValue{missing: "本期无数值目标"}
	}
	if mt.Field == campaign.MetricCompletion && !in.Kind.IsDifference() && !cell.Target().Value.IsPositive() {
		// A target of 0 gives no task to complete and no ratio: like “/”, the item
		// is not the unit's, whatever it reported.
		return metricValue{missing: "：目标为" + cell.Target().Display() + "，没有可完成的任务量，完成率无法计算"}
	}
	if !cell.Reported() {
		mv.missing = "未报送"
		return mv
	}
	switch mt.Field {
	case campaign.MetricCompletion:
		if cell.Best() {
			mv.ok, mv.best = true, true
			mv.shown = fmt.Sprintf("实际%s%s，不高于目标%s", campaign.FormatDecimal(cell.Actual().Value, in.Decimals), in.Measure, cell.Target().Display())
			return mv
		}
		if !cell.Completion().Defined || cell.Completion().Kind == campaign.CompletionQualitative {
			// Unreachable for numeric targets above 0; kept so that a new kind
			// cannot score a 0 it did not earn without saying why.
			mv.missing = "完成率无法计算"
			return mv
		}
		mv.value, mv.ok = cell.Completion().Value, true
		mv.shown = "完成率" + completionText(cell.Completion(), 2)
	case campaign.MetricGrowth:
		before, why := m.yearAgoActual(in.ID, unit)
		if why != "" {
			mv.missing = why
			return mv
		}
		g := cell.Actual().Value.Sub(before).Div(before.Abs()).Mul(hundred)
		mv.value, mv.ok = g, true
		mv.shown = "同比增速" + g.StringFixed(2) + "%"
	default:
		if in.Kind == campaign.KindQualitative || cell.Actual().Answered {
			mv.missing = "只报完成/未完成，没有数值"
			return mv
		}
		mv.value, mv.ok = cell.Actual().Value, true
		mv.shown = campaign.FormatDecimal(cell.Actual().Value, in.Decimals) + in.Measure
	}
	return mv
}

// yearAgoActual is the unit's actual of the same period a year earlier, or why there
// is none.
func (m *metrics) yearAgoActual(indicator, unit string) (decimal.Decimal, string) {
	if m.yearAgo == nil {
		return decimal.Zero, "去年同期无数据"
	}
	r, ok := m.yearAgo.Indicator(indicator)
	if !ok {
		return decimal.Zero, "去年同期无数据"
	}
	cell, ok := r.Cell(unit)
	if !ok || !cell.Reported() {
		return decimal.Zero, "去年同期无数据"
	}
	if cell.Actual().Value.IsZero() {
		return decimal.Zero, "去年同期为0，增速无法计算"
	}
	return cell.Actual().Value, ""
}

// notScored is how a reason ends for a unit without a value of the metric: 得0分, or
// under the default method, for an item that is not the unit's, 本项不计.
func (m *metrics) notScored(mv metricValue) string {
	if m.rescaled && !mv.applies {
		return "，本项不计，总分按适用项折算"
	}
	return "，得0分"
}

var hundred = decimal.NewFromInt(100)
