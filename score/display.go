package score

import (
	"fmt"
	"strconv"
	"strings"

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
		// Shift, not Mul(hundred): the same number without a new coefficient.
		return c.Value.Shift(2).StringFixed(places) + "%"
	}
}

// ShowShare prints a share (time progress) as a percentage with one decimal.
func ShowShare(c Cell) string {
	if c.TimeProgress().IsZero() {
		return "—"
	}
	return c.TimeProgress().Shift(2).StringFixed(1) + "%" // ×100 without a new coefficient
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
	if r.Total.Status() != campaign.StatusMissing {
		return r.Total.Status().Label()
	}
	if r.Indicator.Total == campaign.TotalGiven && r.Indicator.GivenBy != "" {
		return "待报送"
	}
	if r.Indicator.Total == campaign.TotalGiven {
		return "待录入"
	}
	return "未报齐"
}

// The bases a light compares on, as consolidate --json names them (light_basis).
const (
	LightByTimeProgress = "time-progress" // flow: completion against the share of time elapsed
	LightByTarget       = "target"        // the actual against the period's own target
	LightByFullTerm     = "full-term"     // against a target due at the end of a later year
	LightByMilestone    = "milestone"     // against the period's 节点目标 (milestones)
	LightNone           = "none"          // no light: no target, pending, missing
)

// LightBasis says what a cell's light compares: a flow's completion with the time
// elapsed, the actual with this period's target, or — for a rate, change or level
// target due in a later year (到2023年下降9%以上, read in 2021) — with that full-term
// target, which the bulletin must say.
func LightBasis(in *campaign.Indicator, c Cell) string {
	switch {
	case c.Status() != campaign.StatusGreen && c.Status() != campaign.StatusYellow && c.Status() != campaign.StatusRed:
		return LightNone
	case c.Milestone() != nil:
		return LightByMilestone
	case c.FullTerm():
		return LightByFullTerm
	case in.Kind == campaign.KindFlow && c.Completion().Defined && c.TimeProgress().IsPositive():
		return LightByTimeProgress
	default:
		return LightByTarget
	}
}

// LightNote says in Chinese what a full-term light compares with: 亮灯对照2023年底目标
// （未到期，未达到的亮黄灯）; "" for any other light.
func LightNote(c Cell) string {
	if !c.FullTerm() {
		return ""
	}
	return fmt.Sprintf("亮灯对照%d年底目标（未到期，未达到的亮黄灯）", c.Due().Year)
}

// ShowDue prints the month a full-term target is due: 2023-12; "" for other cells.
func ShowDue(c Cell) string {
	if !c.FullTerm() {
		return ""
	}
	return c.Due().String()
}

// ShowMilestone prints the milestone a light compared with (本期节点目标): 85%（三季度）,
// or for a period before the first one 30%（一季度，未到期）; "" without one.
func ShowMilestone(in *campaign.Indicator, c Cell) string {
	if c.Milestone() == nil {
		return ""
	}
	when := campaign.MilestoneLabel(c.Milestone().Month.Month)
	if c.Milestone().Ahead {
		when += "，未到期"
	}
	return c.Milestone().Value.String() + in.Measure + "（" + when + "）"
}

// ShowPace prints what a light's pace is in the 序时进度 column: the share of time
// elapsed, or for an indicator with milestones the 本期节点目标, 节点85%.
func ShowPace(in *campaign.Indicator, c Cell) string {
	if c.Milestone() != nil {
		return "节点" + c.Milestone().Value.String() + in.Measure
	}
	return ShowShare(c)
}

// ShowCellActual prints a cell's actual as ShowActual does, except a derived rate
// with nothing to measure, which reads 未开展.
func ShowCellActual(in *campaign.Indicator, c Cell) string {
	if c.Ratio() != nil && !c.Ratio().Defined {
		return campaign.NotStarted
	}
	return ShowActual(in, c.Actual())
}

// FullTermNote names the indicators whose lights compare with a full-term target in
// some cell of rs, grouped by the year due: 单位GDP能耗下降率亮灯对照2023年底目标（未
// 到期，未达到的亮黄灯）。 "" when no light does. The bulletin's tables and the 汇总表
// carry it as a note, so a red light against a later year's target is not read as
// this year's failure.
func FullTermNote(rs []*IndicatorResult) string {
	var notes []string
	names := map[string][]string{}
	for _, r := range rs {
		note := fullTermNote(r, &r.Total)
		for i := 0; i < len(r.Units) && note == ""; i++ {
			// By pointer, not a copy of the total and every cell (some 300 bytes
			// each, 1,300 units × 100 indicators per call).
			note = fullTermNote(r, &r.Units[i])
		}
		if note == "" {
			continue
		}
		if _, ok := names[note]; !ok {
			notes = append(notes, note)
		}
		names[note] = append(names[note], r.Indicator.Name)
	}
	s := ""
	for _, n := range notes {
		s += strings.Join(names[n], "、") + n + "。"
	}
	return s
}

// fullTermNote is a cell's LightNote when its light compares with a full-term target.
func fullTermNote(r *IndicatorResult, c *Cell) string {
	if !c.FullTerm() {
		return "" // what LightNote says, without copying the cell
	}
	if n := LightNote(*c); n != "" && LightBasis(r.Indicator, *c) == LightByFullTerm {
		return n
	}
	return ""
}

// RatioNote names the counts behind each unit's derived rate of an indicator (and
// the total's, when it has them): 近两年引进3亿元以上产业项目开工率（按清单计算）：吴兴区
// 开工 17 个 / 应开工 21 个 = 81.0%；…。 "" for an indicator no list derives.
func RatioNote(c *campaign.Campaign, r *IndicatorResult) string {
	var parts []string
	for _, u := range r.Units {
		if u.Ratio() != nil {
			parts = append(parts, c.UnitName(u.Unit)+" "+u.Ratio().Basis)
		}
	}
	if r.HasTotal && r.Total.Ratio() != nil {
		parts = append(parts, c.UnitName(r.Total.Unit)+" "+r.Total.Ratio().Basis)
	}
	if len(parts) == 0 {
		return ""
	}
	return r.Indicator.Name + "（按清单计算）：" + strings.Join(parts, "；") + "。"
}
