package report

import (
	"strconv"
	"strings"

	"tenglong/score"
)

// A unit's return is in one of three states besides on time, and every table and
// sentence of the bulletin and the notices names the same one: 未报送 (nothing came),
// 被退回 (what came was sent back and not corrected: no accepted data) and 迟报
// (accepted, after the deadline). The first two have no figures and no points.

// unitState is the word for a unit without accepted data: 未报送 or 被退回; "" when
// its data was accepted.
func unitState(k *score.Consolidation, unit string) string {
	switch k.Submission(unit).State {
	case score.StateMissing:
		return "未报送"
	case score.StateRejected:
		return "被退回"
	}
	return ""
}

// unitCellWord is what a unit's cell without a figure says: 未报 or 退回.
func unitCellWord(k *score.Consolidation, unit string) string {
	if k.Submission(unit).State == score.StateRejected {
		return "退回"
	}
	return "未报"
}

// pointsText is a unit's points as a table prints them: — for a unit without
// accepted data, which has no points (never 0.00).
func pointsText(u score.UnitScore, points string) string {
	if !u.Reported {
		return "—"
	}
	return points
}

// hasData reports whether an indicator has any figure this period: its total, or
// some unit's accepted value.
func hasData(r score.IndicatorResult) bool {
	if r.HasTotal && r.Total.Reported() {
		return true
	}
	for _, u := range r.Units {
		if u.Reported() {
			return true
		}
	}
	return false
}

// reportedUnits counts the units of an indicator with an accepted value.
func reportedUnits(r score.IndicatorResult) int {
	n := 0
	for _, u := range r.Units {
		if u.Reported() {
			n++
		}
	}
	return n
}

// PartialBasis says how far a total that is not complete got, in words: 6个单位中
// 已报4个. It is computed from the same cells the tables print.
func PartialBasis(r score.IndicatorResult) string {
	return strconv.Itoa(len(r.Units)) + "个单位中已报" + strconv.Itoa(reportedUnits(r)) + "个"
}

// NotScorableText is why a campaign is not scored, as a document says it: the
// reason without the note for the office on which interview rules do not apply.
func NotScorableText(s *score.Scores) string {
	t := strings.TrimSuffix(strings.TrimSpace(s.NotScorable), "。")
	if i := strings.LastIndex(t, "（"); i > 0 && strings.HasSuffix(t, "不适用）") {
		t = t[:i]
	}
	t = strings.ReplaceAll(t, "：不计分", "，本期不计分")
	return t
}

// MethodText is the scoring method as a document names it: 按各项指标完成率综合计分
// for the built-in method, else 按《办法》计分.
func MethodText(s *score.Scores) string {
	if s.Default {
		return "按各项指标完成率综合计分（各项分值相同，合计100分）"
	}
	return "按" + s.Method + "计分"
}

// Coverage sorts a period's indicators by what 二、主要指标完成情况 can print of
// them: Rows have a figure (a total, or the sole unit's value) and are its rows;
// NoTotal have units' figures but no total (only 四 shows them); Without have no
// figure at all. Every sentence that counts indicators counts these lists.
type Coverage struct {
	Rows, NoTotal, Without []*score.IndicatorResult
}

// Cover sorts the consolidation's indicators into a Coverage.
func Cover(k *score.Consolidation) Coverage {
	var c Coverage
	for i := range k.Indicators {
		r := &k.Indicators[i]
		switch _, ok := FigureCell(*r); {
		case ok:
			c.Rows = append(c.Rows, r)
		case hasData(*r):
			c.NoTotal = append(c.NoTotal, r)
		default:
			c.Without = append(c.Without, r)
		}
	}
	return c
}

// indicatorNames joins the names of indicators with 、, at most five and a count.
func indicatorNames(rs []*score.IndicatorResult) string {
	var names []string
	for i, r := range rs {
		if i == 5 {
			return strings.Join(names, "、") + "等"
		}
		names = append(names, r.Indicator.Name)
	}
	return strings.Join(names, "、")
}

// CoverageNote is the sentence under 二 on the indicators it does not list.
func CoverageNote(c Coverage) string {
	s := ""
	if n := len(c.NoTotal); n > 0 {
		s += "另有" + strconv.Itoa(n) + "项指标（" + indicatorNames(c.NoTotal) + "）本期没有合计数，各单位数字见第四部分。"
	}
	if n := len(c.Without); n > 0 {
		s += "另有" + strconv.Itoa(n) + "项指标（" + indicatorNames(c.Without) + "）本期各单位均没有数据，未列入本表。"
	}
	return s
}

// IndicatorNotes are what a table of the indicators rs must say besides its legend:
// which lights compare with a full-term target (亮灯对照2023年底目标), and the counts
// behind each derived rate (开工 17 个 / 应开工 21 个), from the same cells the table
// prints.
func IndicatorNotes(k *score.Consolidation, rs []*score.IndicatorResult) string {
	s := score.FullTermNote(rs)
	for _, r := range rs {
		s += score.RatioNote(k.Campaign, r)
	}
	return s
}

// allIndicators points at every indicator of the consolidation, in order.
func allIndicators(k *score.Consolidation) []*score.IndicatorResult {
	rs := make([]*score.IndicatorResult, len(k.Indicators))
	for i := range k.Indicators {
		rs[i] = &k.Indicators[i]
	}
	return rs
}
