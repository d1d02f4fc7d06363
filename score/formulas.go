package score

import (
	"fmt"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// precision is the number of decimal places divisions keep; scores are shown with 2.
const precision = 16

// minmaxScores scores one metric by the 极差法 of 温州经开区 附件3:
// [(v − min)/(max − min) × 40 + 60] / 100 × points over the units that have a value.
func minmaxScores(m *metrics, it campaign.ScoringItem, units []campaign.Unit) []ItemScore {
	// A growth metric's reasons are written now: written later they would keep the
	// year-ago consolidation alive.
	parts := minmaxPart(m, it.Metric, it.LowerBetter, it.Points, units, it.Metric.Field != campaign.MetricGrowth)
	out := make([]ItemScore, len(units))
	for i, p := range parts {
		out[i] = ItemScore{Item: it.ID, Points: p.points, reason: p.reason, lazy: p.lazy, unit: int32(i), Applies: p.applies}
	}
	return out
}

// partScore is one unit's points on one metric, with its reason or what writes it.
type partScore struct {
	points  decimal.Decimal
	reason  string
	lazy    *minmaxReasons
	applies bool
}

// minmaxReasons writes the reasons of one metric scored by minmax: what every
// unit's reason shares, and the printer of its formulas. Units' reasons are written
// one at a time (the printer keeps scratch numbers).
type minmaxReasons struct {
	mu            sync.Mutex
	m             metrics
	mt            campaign.Metric
	units         []campaign.Unit
	label, order  string
	lo, hi, total decimal.Decimal // total: the points the metric is worth
	f             *minmaxPrinter
}

// reason is the reason of the unit at index i of units.
func (r *minmaxReasons) reason(i int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.write(r.m.value(r.mt, r.units[i].Code))
}

// write is the reason of a unit with the metric value mv.
func (r *minmaxReasons) write(mv metricValue) string {
	switch {
	case !mv.ok:
		return r.label + mv.missing + r.m.notScored(mv)
	case mv.best:
		// Better than the highest completion: scored as the highest, full points.
		return fmt.Sprintf("%s：%s，目标/实际无有限值，为最好水平，按最高值计，得满分%s分", r.label, mv.shown, pointsText(r.total))
	case r.hi.Equal(r.lo):
		return fmt.Sprintf("%s %s，各单位最高值与最低值相同，得满分%s分", r.label, mv.shown, pointsText(r.total))
	}
	_, formula, shown := r.f.score(mv.value)
	return r.label + " " + mv.shown + "（" + r.order + "）：" + formula + " = " + shown + "分"
}

// minmaxPart scores a metric worth points for every unit. With lazy the reasons are
// left to be written when asked for (partScore.lazy); else they are written now.
func minmaxPart(m *metrics, mt campaign.Metric, flaggedLower bool, points decimal.Decimal, units []campaign.Unit, lazy bool) []partScore {
	label := m.label(mt)
	lower := m.lowerBetter(mt, flaggedLower)
	values := make([]metricValue, len(units))
	var lo, hi decimal.Decimal
	have := 0
	for i, u := range units {
		values[i] = m.value(mt, u.Code)
		if !values[i].ok || values[i].best {
			continue
		}
		v := values[i].value
		if have == 0 || v.LessThan(lo) {
			lo = v
		}
		if have == 0 || v.GreaterThan(hi) {
			hi = v
		}
		have++
	}
	loText, hiText := m.plainValue(mt, lo), m.plainValue(mt, hi)
	order := fmt.Sprintf("最低%s，最高%s", loText, hiText)
	if have == 0 {
		order = "其他单位无可比数值"
	}
	if lower {
		order += "，越低越好"
	}
	out := make([]partScore, len(units))
	r := &minmaxReasons{m: *m, mt: mt, units: units, label: label, order: order, lo: lo, hi: hi, total: points,
		f: newMinmaxPrinter(m, mt, lo, hi, points, lower)}
	if lazy {
		r.m.yearAgo = nil // only a growth metric reads it, and its reasons are not lazy
	}
	for i, mv := range values {
		out[i].applies = mv.applies
		switch {
		case !mv.ok:
			out[i].points = decimal.Zero
		case mv.best, hi.Equal(lo):
			out[i].points = points
		default:
			out[i].points = r.f.pointsFor(mv.value)
		}
		if lazy {
			out[i].lazy = r
			continue
		}
		out[i].reason = r.write(mv)
	}
	return out
}

// reproducible is the fewest decimal places, from min up, at which calc, given its
// inputs rounded to that many places (as a reason prints them), gives result as
// printed with 2 decimals. A reader redoing the arithmetic of a reason then gets the
// printed points.
func reproducible(min int32, result decimal.Decimal, calc func(round func(decimal.Decimal) decimal.Decimal) decimal.Decimal) int32 {
	want := result.StringFixed(2)
	for p := min; p < precision; p++ {
		if calc(func(d decimal.Decimal) decimal.Decimal { return d.Round(p) }).StringFixed(2) == want {
			return p
		}
	}
	return precision
}

// operand prints a number inside a formula: a negative one in brackets with a true
// minus sign, so that 1 − (−2.5) never reads 1−-2.5.
func operand(s string) string {
	if strings.HasPrefix(s, "-") {
		return "(−" + s[1:] + ")"
	}
	return s
}

// formulaScale is what a metric's values are multiplied by in a printed formula and
// the unit written after them: completion ratios as percentages.
func (m *metrics) formulaScale(mt campaign.Metric) (decimal.Decimal, string) {
	switch mt.Field {
	case campaign.MetricCompletion:
		if r, ok := m.k.Indicator(mt.Indicator); ok && r.Indicator.Kind.IsDifference() {
			return decimal.NewFromInt(1), ""
		}
		return hundred, "%"
	case campaign.MetricGrowth:
		return decimal.NewFromInt(1), "%"
	}
	return decimal.NewFromInt(1), ""
}

// formulaMinPlaces is the fewest places a metric's values are printed with in a
// formula: the indicator's decimals for an actual, 2 for rates.
func (m *metrics) formulaMinPlaces(mt campaign.Metric) int32 {
	if mt.Field == campaign.MetricActual {
		if r, ok := m.k.Indicator(mt.Indicator); ok {
			return int32(r.Indicator.Decimals)
		}
		return 0
	}
	return 2
}

// partsScores sums weighted sub-metrics, each scored by minmax on the item's points.
func partsScores(m *metrics, it campaign.ScoringItem, units []campaign.Unit) []ItemScore {
	out := make([]ItemScore, len(units))
	for i := range out {
		out[i] = ItemScore{Item: it.ID, Points: decimal.Zero}
	}
	weightedParts := make([][]decimal.Decimal, len(units))
	for _, p := range it.Parts {
		scored := minmaxPart(m, p.Metric, p.LowerBetter || it.LowerBetter, it.Points, units, false)
		for i, s := range scored {
			weighted := s.points.Mul(p.Weight)
			out[i].Points = out[i].Points.Add(weighted)
			out[i].Applies = out[i].Applies || s.applies
			weightedParts[i] = append(weightedParts[i], weighted)
			if out[i].reason != "" {
				out[i].reason += "；"
			}
			// The part's points are printed with the places it takes for
			// printed × weight to give the printed weighted points.
			places := reproducible(2, weighted, func(r func(decimal.Decimal) decimal.Decimal) decimal.Decimal {
				return r(s.points).Mul(p.Weight)
			})
			out[i].reason += fmt.Sprintf("%s（%s分）×权重%s%% = %s分", s.reason, s.points.Round(places).StringFixed(places),
				plain(p.Weight.Mul(hundred)), weighted.StringFixed(2))
		}
	}
	for i := range out {
		// 合计 adds the weighted points as printed when that gives the total; else
		// it names each with the places it takes.
		parts := weightedParts[i]
		places := reproducible(2, out[i].Points, func(r func(decimal.Decimal) decimal.Decimal) decimal.Decimal {
			sum := decimal.Zero
			for _, w := range parts {
				sum = sum.Add(r(w))
			}
			return sum
		})
		if places == 2 {
			out[i].reason += fmt.Sprintf("；合计%s分", out[i].Points.StringFixed(2))
			continue
		}
		terms := make([]string, len(parts))
		for j, w := range parts {
			terms[j] = operand(w.Round(places).StringFixed(places))
		}
		out[i].reason += fmt.Sprintf("；合计%s = %s分", strings.Join(terms, "+"), out[i].Points.StringFixed(2))
	}
	return out
}

// rankStepScores gives the best unit the item's points and each rank down step less
// (tied values share the better rank), never below 0.
func rankStepScores(m *metrics, it campaign.ScoringItem, units []campaign.Unit) []ItemScore {
	label := m.label(it.Metric)
	lower := m.lowerBetter(it.Metric, it.LowerBetter)
	values := make([]metricValue, len(units))
	var entries []ranked
	var best []int
	for i, u := range units {
		values[i] = m.value(it.Metric, u.Code)
		switch {
		case values[i].best:
			best = append(best, i)
		case values[i].ok:
			entries = append(entries, ranked{i, values[i].value})
		}
	}
	ranks := rankAfterBest(entries, best, lower, len(units))
	ties := map[int]int{}
	for _, r := range ranks {
		if r > 0 {
			ties[r]++
		}
	}
	out := make([]ItemScore, len(units))
	for i, mv := range values {
		out[i] = ItemScore{Item: it.ID, Points: decimal.Zero, Applies: mv.applies}
		if !mv.ok {
			out[i].reason = label + mv.missing + m.notScored(mv)
			continue
		}
		r := ranks[i]
		pts := it.Points.Sub(it.Step.Mul(decimal.NewFromInt(int64(r - 1))))
		floor := ""
		if pts.IsNegative() {
			pts, floor = decimal.Zero, "，不低于0分"
		}
		tie := ""
		if ties[r] > 1 {
			tie = "（并列）"
		}
		out[i].Points = pts
		out[i].reason = fmt.Sprintf("%s %s，第%d名%s：%s−(%d−1)×%s = %s分%s",
			label, mv.shown, r, tie, plain(it.Points), r, plain(it.Step), pts.StringFixed(2), floor)
	}
	return out
}

// enteredScores takes the office's entries for bonus and manual items, capped at the
// item's max (a manual item without max at its points).
func enteredScores(it campaign.ScoringItem, units []campaign.Unit, entries []Entry) []ItemScore {
	limit := it.Max
	if limit == nil && it.Formula == campaign.FormulaManual && it.Points.IsPositive() {
		p := it.Points
		limit = &p
	}
	kind := "加分"
	if it.Formula == campaign.FormulaManual {
		kind = "评分"
	}
	out := make([]ItemScore, len(units))
	for i, u := range units {
		out[i] = ItemScore{Item: it.ID, Points: decimal.Zero, Applies: true}
		e, ok := latestEntry(entries, u.Code, it.ID)
		if !ok {
			out[i].reason = fmt.Sprintf("办公室未录入%s，得0分", kind)
			continue
		}
		why := ""
		if e.Reason != "" {
			why = "（" + e.Reason + "）"
		}
		pts := e.Points
		if limit != nil && pts.GreaterThan(*limit) {
			out[i].reason = fmt.Sprintf("办公室录入%s分%s，超过封顶%s分，按%s分计", plain(pts), why, plain(*limit), plain(*limit))
			pts = *limit
		} else {
			out[i].reason = fmt.Sprintf("办公室录入%s分%s", plain(pts), why)
		}
		out[i].Points = pts
	}
	return out
}

// latestEntry is the last entry for the unit and item (entries come in entry order).
func latestEntry(entries []Entry, unit, item string) (Entry, bool) {
	for i := len(entries) - 1; i >= 0; i-- {
		if entries[i].Unit == unit && entries[i].Item == item {
			return entries[i], true
		}
	}
	return Entry{}, false
}

// pointsText prints an item's points: as they are (20, 2.5), or with 2 decimals when
// they are a share with more (the default method's 100/3 is 33.33, not 16 places).
func pointsText(d decimal.Decimal) string {
	if d.Exponent() < -2 {
		return d.StringFixed(2)
	}
	return d.String()
}

// plain prints a decimal as it is, without trailing zeros: 20, 0.5, 12.25.
func plain(d decimal.Decimal) string { return d.String() }

// plainValue prints a metric value inside a formula: actuals with the indicator's
// decimals, completions as percentages or percentage points, growth in percent.
func (m *metrics) plainValue(mt campaign.Metric, v decimal.Decimal) string {
	switch mt.Field {
	case campaign.MetricCompletion:
		if r, ok := m.k.Indicator(mt.Indicator); ok && r.Indicator.Kind.IsDifference() {
			return v.StringFixed(2)
		}
		return v.Shift(2).StringFixed(2) + "%"
	case campaign.MetricGrowth:
		return v.StringFixed(2) + "%"
	default:
		if r, ok := m.k.Indicator(mt.Indicator); ok {
			return campaign.FormatDecimal(v, r.Indicator.Decimals)
		}
		return v.String()
	}
}
