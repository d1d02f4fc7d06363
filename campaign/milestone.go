package campaign

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// Milestones (节点目标) are the office's own staged yardstick within a year, by month
// of the year: {Q1: 30, Q2: 65, Q3: 85, Q4: 100} is {3: 30, 6: 65, 9: 85, 12: 100}.
// A period's light compares the actual with the milestone due by its end instead of
// the straight line of 序时进度 (see Milestone).
type Milestones map[int]decimal.Decimal

// Months lists the months that carry a milestone, in order.
func (m Milestones) Months() []int {
	ms := make([]int, 0, len(m))
	for k := range m {
		ms = append(ms, k)
	}
	sort.Ints(ms)
	return ms
}

// Milestone is the milestone a period is measured against: the last one due by the
// end of the period (2023-05 in a campaign with quarterly milestones uses Q1's; a
// monthly period between milestones is not interpolated — the office set the
// stages, tenglong does not invent intermediate ones). Before the first milestone
// is due (2023-01 and 2023-02 for a Q1 milestone), it is the first one, Ahead: the
// light is then green when it is already met and yellow, never red, when it is not.
// ok is false when the indicator has no milestones.
func (in *Indicator) Milestone(p Period) (value decimal.Decimal, month YearMonth, ahead, ok bool) {
	return in.Milestones.due(p)
}

// MilestonesFor are the milestones that stage a unit's target: the target's own
// (written on it), else the indicator's; nil when neither has any.
func (in *Indicator) MilestonesFor(t Target) Milestones {
	if len(t.Milestones) > 0 {
		return t.Milestones
	}
	return in.Milestones
}

// due is Indicator.Milestone for a set of milestones.
func (ms Milestones) due(p Period) (value decimal.Decimal, month YearMonth, ahead, ok bool) {
	if len(ms) == 0 {
		return decimal.Zero, YearMonth{}, false, false
	}
	end := p.EndMonth()
	months := ms.Months()
	due := -1
	for _, m := range months {
		if m <= end.Month {
			due = m
		}
	}
	if due < 0 {
		due, ahead = months[0], true
	}
	return ms[due], YearMonth{Year: end.Year, Month: due}, ahead, true
}

// MilestoneLabel names a milestone's month as the office wrote it: 一季度 for month 3
// of quarterly milestones, 5月 otherwise.
func MilestoneLabel(month int) string {
	if month%3 == 0 {
		return []string{"", "一季度", "二季度", "三季度", "四季度"}[month/3]
	}
	return strconv.Itoa(month) + "月"
}

// applyMilestone replaces a light on the straight line of time with the light on the
// milestone due (Indicator.Milestone): the actual against the milestone as if it
// were the target, full time elapsed; before the first milestone, short of it is
// yellow. The completion stays the year's.
func (c *Campaign) applyMilestone(in *Indicator, t Target, r Result, actual Actual, p Period) Result {
	m, month, ahead, ok := in.MilestonesFor(t).due(p)
	if !ok {
		return r
	}
	switch r.Status {
	case StatusGreen, StatusYellow, StatusRed:
	default:
		return r
	}
	if actual.Answered {
		return r
	}
	light := Evaluate(in.Kind, Target{Form: TargetNumber, Value: m}, actual, decimal.NewFromInt(1), c.Thresholds)
	r.Status = light.Status
	if ahead && r.Status == StatusRed {
		r.Status = StatusYellow
	}
	r.FullTerm, r.Due = false, YearMonth{}
	r.Milestone = &MilestoneDue{Value: m, Month: month, Ahead: ahead}
	return r
}

// MilestoneDue is the milestone a light compared with (本期节点目标).
type MilestoneDue struct {
	Value decimal.Decimal
	Month YearMonth // when it is due
	Ahead bool      // not yet due: the period is before the first milestone
}

// milestones reads {Q1: 30, Q2: 65, Q3: 85, Q4: 100} or {1: 5, 2: 12, …, 12: 100}
// (M1 … M12 also read as months).
func (d *decoder) milestones(n *yaml.Node) Milestones {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "节点目标 milestones 应写成 {Q1: 30, Q2: 65, Q3: 85, Q4: 100} 这样的映射，这里却是%s", nodeKindName(n))
		return nil
	}
	out := Milestones{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		month, ok := milestoneMonth(k.Value)
		if !ok {
			d.probs.errorf(k.Line, "milestone-key", "节点目标 milestones 里的“%s”不是季度或月份：季度写 Q1—Q4，月份写 1—12", k.Value)
			continue
		}
		if _, dup := out[month]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "节点目标 milestones 里%s写了两次，请删去一处", MilestoneLabel(month))
			continue
		}
		if v, ok := d.decimal(n.Content[i+1], "节点目标 "+k.Value); ok {
			out[month] = v
		}
	}
	return out
}

func milestoneMonth(key string) (int, bool) {
	k := strings.ToUpper(strings.TrimSpace(key))
	if q, ok := strings.CutPrefix(k, "Q"); ok {
		n, err := strconv.Atoi(q)
		return n * 3, err == nil && n >= 1 && n <= 4
	}
	k = strings.TrimPrefix(k, "M")
	n, err := strconv.Atoi(k)
	return n, err == nil && n >= 1 && n <= 12
}

// checkMilestones refuses milestones that go down from one stage to the next, or
// that pass a numeric target of the year, and milestones on indicators whose light
// has no stages (qualitative, lower-better) — the indicator's, checked against every
// unit's target, and a target's own, checked against that target.
func (k *checker) checkMilestones(in *Indicator) {
	sets := []TargetSet{in.Targets}
	for _, y := range slices.Sorted(maps.Keys(in.ByYear)) {
		sets = append(sets, in.ByYear[y])
	}
	var staged []Target // the targets the indicator's milestones stage
	var units []string
	for _, set := range sets {
		// Most indicators have no milestones at all: their thousands of targets are
		// neither sorted nor copied (issue 21).
		if len(in.Milestones) == 0 && !anyMilestones(set) {
			continue
		}
		for _, unit := range sortedTargetKeys(set) {
			t := set[unit]
			if len(t.Milestones) > 0 {
				k.stages(in, t.Milestones, t.Line, []Target{*t}, []string{unit})
				continue
			}
			if len(in.Milestones) > 0 {
				staged, units = append(staged, *t), append(units, unit)
			}
		}
	}
	if len(in.Milestones) > 0 {
		k.stages(in, in.Milestones, in.MilestonesLine, staged, units)
	}
}

func anyMilestones(set TargetSet) bool {
	for _, t := range set {
		if len(t.Milestones) > 0 {
			return true
		}
	}
	return false
}

// stages checks one set of milestones against the targets they stage (units[i] is
// targets[i]'s unit).
func (k *checker) stages(in *Indicator, ms Milestones, line int, targets []Target, units []string) {
	if in.Kind == KindQualitative || in.Kind == KindLowerBetter {
		k.probs.errorf(line, "milestone-kind", "指标“%s”是%s，不能写节点目标 milestones：节点目标只用于逐步增长到年度目标的指标", in.Name, in.Kind)
		return
	}
	months := ms.Months()
	for i := 1; i < len(months); i++ {
		a, b := ms[months[i-1]], ms[months[i]]
		if b.LessThan(a) {
			k.probs.errorf(line, "milestone-decrease", "指标“%s”的节点目标%s %s 比%s的 %s 还小：节点目标应逐期不减，请改正",
				in.Name, MilestoneLabel(months[i]), b, MilestoneLabel(months[i-1]), a)
		}
	}
	last := ms[months[len(months)-1]]
	for i, t := range targets {
		if t.IsNumber() && last.GreaterThan(t.Value) {
			k.probs.errorf(line, "milestone-exceeds", "指标“%s”的节点目标%s %s 超过了%s的年度目标 %s：节点目标不能超过年度目标，请改正",
				in.Name, MilestoneLabel(months[len(months)-1]), last, unitLabel(units[i]), t.NumberText())
		}
	}
}
