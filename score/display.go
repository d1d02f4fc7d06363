package score

import (
	"strconv"

	"tenglong/campaign"
)

// The helpers below print results the way every output shows them (command line,
// bulletin): half-up rounding at display, completion rates as percentages with one
// decimal, differences in percentage points with their sign.

// ShowActual prints a cell's actual: the number with the indicator's decimals, or
// 完成/未完成; "—" when nothing was reported.
func ShowActual(in *campaign.Indicator, a campaign.Actual) string {
	switch {
	case !a.Reported:
		return "—"
	case in.Kind == campaign.KindQualitative || a.Answered:
		if a.Done {
			return "完成"
		}
		return "未完成"
	default:
		return campaign.FormatDecimal(a.Value, in.Decimals)
	}
}

// ShowCompletion prints a completion: 101.3%, +0.5个百分点, 完成/未完成; "—" when it
// cannot be computed.
func ShowCompletion(c campaign.Completion) string {
	if !c.Defined {
		return "—"
	}
	return completionText(c, 1)
}

// completionText prints a completion with places decimals: a ratio as a percentage,
// a difference in percentage points with its sign, a qualitative one as 完成/未完成.
func completionText(c campaign.Completion, places int32) string {
	switch c.Kind {
	case campaign.CompletionDifference:
		sign := ""
		if c.Value.IsPositive() {
			sign = "+"
		}
		return sign + c.Value.StringFixed(places) + "个百分点"
	case campaign.CompletionQualitative:
		if c.Done {
			return "完成"
		}
		return "未完成"
	default:
		return c.Value.Mul(hundred).StringFixed(places) + "%"
	}
}

// ShowShare prints a share (time progress) as a percentage with one decimal.
func ShowShare(c Cell) string {
	if c.TimeProgress.IsZero() {
		return "—"
	}
	return c.TimeProgress.Mul(hundred).StringFixed(1) + "%"
}

// ShowTarget prints a target as the source document writes it; "—" when none.
func ShowTarget(t campaign.Target) string {
	if !t.IsSet() {
		return "—"
	}
	return t.Display()
}

// ShowRankChange prints a rank change: ↑2, ↓1, 持平; "" when there is nothing to
// compare.
func ShowRankChange(up int, ok bool) string {
	switch {
	case !ok:
		return ""
	case up > 0:
		return "↑" + strconv.Itoa(up)
	case up < 0:
		return "↓" + strconv.Itoa(-up)
	default:
		return "持平"
	}
}

// TotalStatusLabel is the status word of an indicator's total row: a total that is
// not complete reads 待录入 (the office's figure is missing) or 未报齐 (some unit's
// value is), not 未报送.
func TotalStatusLabel(r IndicatorResult) string {
	if r.Total.Status != campaign.StatusMissing {
		return r.Total.Status.Label()
	}
	if r.Indicator.Total == campaign.TotalGiven && r.Indicator.GivenBy != "" {
		return "待报送"
	}
	if r.Indicator.Total == campaign.TotalGiven {
		return "待录入"
	}
	return "未报齐"
}
