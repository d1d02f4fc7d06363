package score

import (
	"slices"
	"strings"

	"tenglong/campaign"
)

// Consolidate computes a period's results from its data. previous, when not nil, is
// the consolidation of an earlier period (usually the one just before) to compare
// with: changes in actual, completion and rank.
func Consolidate(c *campaign.Campaign, d Data, previous *Consolidation) *Consolidation {
	k := &Consolidation{Campaign: c, Period: d.Period, Entries: d.Points}
	k.byID = make(map[string]int, len(c.Indicators))
	// Each unit's return looked up once, not once per indicator.
	returns := make([]*Return, len(c.Units))
	unitAt := make(map[string]int, len(c.Units))
	for i, u := range c.Units {
		returns[i] = d.Returns[u.Code]
		unitAt[u.Code] = i
	}
	// Units' notes and texts repeat (按月调度，数据已核对), each read from the store as
	// its own string: kept once.
	words := map[string]string{}
	for i := range c.Indicators {
		k.byID[c.Indicators[i].ID] = i
	}
	// Lists and tasks first: with d.Release a unit's tasks are let go with its values.
	k.Lists = mergeLists(c, d)
	k.Tasks, k.TaskUnits = taskProgress(c, d)
	k.Indicators = consolidateIndicators(c, d, returns, unitAt, words)
	k.bySub = make(map[string]int, len(c.Units))
	for _, u := range c.Units {
		a, ok := d.Attempts[u.Code]
		if !ok {
			a = Attempt{State: StateMissing}
			if _, has := d.Returns[u.Code]; has {
				a.State = StateAccepted
			}
		}
		if _, dup := k.bySub[u.Code]; !dup {
			k.bySub[u.Code] = len(k.Submissions)
		}
		k.Submissions = append(k.Submissions, Submission{Unit: u.Code, Attempt: a})
	}
	if previous != nil {
		compare(k, previous)
	}
	return k
}

// consolidateIndicators is every indicator's line; returns holds each unit's return
// in campaign order (nil for a unit without one), unitAt each unit's place in it.
// The cells are made unit by unit, so that with d.Release each unit's values can be
// let go as soon as its cells are made (keeping those a total still reads): at
// 5,000 units × 100 indicators the values of every unit (some 70 MB) were live
// until the last indicator, on top of the cells.
func consolidateIndicators(c *campaign.Campaign, d Data, returns []*Return, unitAt map[string]int, words map[string]string) []IndicatorResult {
	rs := make([]IndicatorResult, len(c.Indicators))
	numericTargets := make([]bool, len(c.Indicators))
	wordedTargets := make([]bool, len(c.Indicators))
	for i := range rs {
		// Room for every unit up front: growing the slice unit by unit copied 5,000
		// units' cells a dozen times per indicator.
		rs[i] = IndicatorResult{Indicator: &c.Indicators[i], RankedBy: RankByActual, Units: make([]Cell, 0, len(c.Units))}
	}
	keep := keptForTotals(c)
	for ui, u := range c.Units {
		for i := range rs {
			r := &rs[i]
			if !c.Reports(r.Indicator, u.Code, d.Period) {
				continue
			}
			// Filled in place, not copied twice per unit and indicator when
			// returned and appended.
			r.Units = append(r.Units, Cell{})
			cell := &r.Units[len(r.Units)-1]
			unitCell(c, r.Indicator, u.Code, returns[ui], d, cell, words)
			numericTargets[i] = numericTargets[i] || cell.Target().IsNumber()
			wordedTargets[i] = wordedTargets[i] || cell.Target().Form == campaign.TargetText
		}
		if d.Release && returns[ui] != nil && unitAt[u.Code] == ui { // a code's last place
			keep.release(u.Code, returns[ui])
		}
	}
	for i := range rs {
		finishIndicator(c, &rs[i], d, unitAt, numericTargets[i], wordedTargets[i])
	}
	return rs
}

// finishIndicator ranks an indicator's line whose cells are made and computes its
// total.
func finishIndicator(c *campaign.Campaign, r *IndicatorResult, d Data, unitAt map[string]int, numericTargets, wordedTargets bool) {
	in := r.Indicator
	switch {
	case len(r.Units) == 0:
		r.Units = nil // as before: no unit reports it
	case len(r.Units) < cap(r.Units)/2: // an indicator few units report
		r.Units = slices.Clone(r.Units)
	}
	switch {
	case in.Kind == campaign.KindQualitative, wordedTargets && !numericTargets:
		// 完成/未完成 answers have no order: never ranked, whatever the kind says.
		r.RankedBy = RankNone
	case numericTargets:
		r.RankedBy = RankByCompletion
	}
	r.unitAt = unitAt
	if len(r.Units) != len(c.Units) {
		r.at = make([]int32, len(c.Units))
		for i, cell := range r.Units {
			r.at[unitAt[cell.Unit]] = int32(i + 1)
		}
	}
	rankCells(r.Units, r.RankedBy, in.Kind == campaign.KindLowerBetter)
	r.Total, r.HasTotal, r.TotalBasis = totalCell(c, in, r.Units, d)
}

// totalInputs is what total rows read from units' returns once every cell is made:
// the values a weighted total is weighted by, and the returns of the units that
// give a total (given-by).
type totalInputs struct {
	weights map[string]bool // indicator ids
	givers  map[string]bool // unit codes
}

func keptForTotals(c *campaign.Campaign) totalInputs {
	k := totalInputs{weights: map[string]bool{}, givers: map[string]bool{}}
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if in.Total == campaign.TotalWeightedBy {
			k.weights[in.WeightedBy] = true
		}
		if in.Total == campaign.TotalGiven && in.GivenBy != "" {
			k.givers[in.GivenBy] = true
		}
	}
	return k
}

// release lets go of a unit's values and tasks, but for what totals read.
func (k totalInputs) release(unit string, ret *Return) {
	ret.Tasks = nil
	if k.givers[unit] {
		return
	}
	var kept map[string]Value
	for id := range k.weights {
		if v, ok := ret.Values[id]; ok {
			if kept == nil {
				kept = map[string]Value{}
			}
			kept[id] = v
		}
	}
	ret.Values = kept
}

// unitCell evaluates one unit on one indicator into cell, which is empty; ret is the
// unit's return, nil when it has none; words keeps one copy of each note and text.
func unitCell(c *campaign.Campaign, in *campaign.Indicator, unit string, ret *Return, d Data, cell *Cell, words map[string]string) {
	cell.Unit = unit
	target, span, hasTarget := c.TargetRefFor(in, unit, d.Period)
	if hasTarget {
		cell.setTarget(target)
	}
	var actual campaign.Actual
	if ret != nil {
		if v, ok := ret.Values[in.ID]; ok {
			cell.setTexts(intern(words, v.Text), intern(words, v.Note))
			actual = actualOf(in, *cell.Target(), v)
		}
		if l, f, ok := c.RatioFeed(in.ID); ok {
			ratio := ratioCell(l, f.Ratio, in, ret.Rows, d.Period)
			cell.SetRatio(ratio)
			actual = campaign.Actual{}
			if ratio.Defined {
				actual = campaign.Reported(ratio.Value)
			}
		}
	}
	cell.SetActual(actual)
	if r := cell.Ratio(); r != nil && !r.Defined {
		// 未开展: nothing in scope to measure, no light; not the unit's item under
		// the default method (see metrics.value).
		cell.setResult(campaign.Result{Status: campaign.StatusNA})
		return
	}
	if !hasTarget {
		status := campaign.StatusNA
		if !actual.Reported {
			status = campaign.StatusMissing
		}
		cell.setResult(campaign.Result{Status: status})
		return
	}
	cell.setResult(c.EvaluateSpan(in, unit, *target, actual, span, d.Period))
}

// intern is s, or the equal string words already holds.
func intern(words map[string]string, s string) string {
	if s == "" {
		return ""
	}
	if w, ok := words[s]; ok {
		return w
	}
	words[s] = s
	return s
}

// actualOf reads a stored value as the indicator's actual: a number, or for a
// qualitative target whether the unit reported it done.
func actualOf(in *campaign.Indicator, target campaign.Target, v Value) campaign.Actual {
	if in.Kind == campaign.KindQualitative || target.Form == campaign.TargetText {
		text := strings.TrimSpace(v.Text)
		if text == "" {
			return campaign.Actual{}
		}
		return campaign.ReportedDone(isDone(text))
	}
	n, ok := v.Number()
	if !ok {
		return campaign.Actual{}
	}
	return campaign.Reported(n)
}

// isDone reads a qualitative answer: 完成 / 已完成 count as done, 未完成 and anything
// else do not.
func isDone(text string) bool {
	return text == "完成" || text == "已完成"
}

// ratioCell recomputes a derived rate from the unit's stored rows of the list: the
// consolidation never trusts a stored rate over the rows it came from.
func ratioCell(l *campaign.List, r *campaign.Ratio, in *campaign.Indicator, rows []Row, p campaign.Period) *RatioCell {
	var values []map[string]string
	for _, row := range rows {
		if row.List == l.ID {
			values = append(values, row.Values.Map())
		}
	}
	res := campaign.ComputeRatio(l, r, values, p)
	return &RatioCell{RatioResult: res, Basis: r.Basis(l, res, in.Decimals)}
}
