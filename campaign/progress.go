package campaign

import "github.com/shopspring/decimal"

// Status is a status light (红黄绿灯) or the reason there is none.
type Status string

// The statuses of DESIGN.md §5.
const (
	StatusGreen   Status = "green"
	StatusYellow  Status = "yellow"
	StatusRed     Status = "red"
	StatusNA      Status = "na"      // no target: nothing to compare
	StatusPending Status = "pending" // target not yet handed down
	StatusMissing Status = "missing" // no accepted submission: shown, never counted as 0
)

// Label is the Chinese word for the status, as printed.
func (s Status) Label() string {
	switch s {
	case StatusGreen:
		return "绿灯"
	case StatusYellow:
		return "黄灯"
	case StatusRed:
		return "红灯"
	case StatusPending:
		return "待下达"
	case StatusMissing:
		return "未报送"
	default:
		return "不适用"
	}
}

// TimeProgress (序时进度) is the share of a target's span elapsed at the end of the
// period: Q3 of an annual target is 9/12; 2022Q3 of a 2021–2023 target is 21/36.
// It is 0 before the span starts and 1 after it ends.
func TimeProgress(span Span, p Period) decimal.Decimal {
	total := span.Months()
	if total <= 0 {
		return decimal.Zero
	}
	elapsed := span.Start.MonthsThrough(p.EndMonth())
	if elapsed <= 0 {
		return decimal.Zero
	}
	if elapsed >= total {
		return decimal.NewFromInt(1)
	}
	return decimal.NewFromInt(int64(elapsed)).Div(decimal.NewFromInt(int64(total)))
}

// CompletionKind says how a completion is to be read.
type CompletionKind string

// The completion kinds.
const (
	// CompletionRatio is actual/target (target/actual when lower is better); 1 = 100%.
	CompletionRatio CompletionKind = "ratio"
	// CompletionDifference is actual − target in percentage points (rate, change).
	CompletionDifference CompletionKind = "difference"
	// CompletionQualitative is 完成/未完成 as reported.
	CompletionQualitative CompletionKind = "qualitative"
)

// Completion (完成率) of one unit on one indicator. Defined is false when it cannot be
// computed (no target, missing value, a zero or negative denominator).
type Completion struct {
	Kind    CompletionKind
	Value   decimal.Decimal // ratio or percentage-point difference
	Done    bool            // qualitative: reported 完成
	Defined bool
}

// Actual is a reported value. Reported is false when the unit sent nothing.
type Actual struct {
	Reported bool
	Value    decimal.Decimal
	Done     bool // for qualitative targets: reported 完成
	// Answered is true when the actual is a 完成/未完成 answer (Done) rather than a
	// number: what is shown for it is the answer, never Value.
	Answered bool
}

// Reported builds an actual from a number.
func Reported(v decimal.Decimal) Actual { return Actual{Reported: true, Value: v} }

// ReportedDone builds an actual for a qualitative target.
func ReportedDone(done bool) Actual { return Actual{Reported: true, Done: done, Answered: true} }

// Result is the progress of one unit on one indicator in one period.
type Result struct {
	Completion   Completion
	TimeProgress decimal.Decimal
	Status       Status
	// Best is set for a lower-is-better indicator reported at 0 (or below) against a
	// positive ceiling: target/actual has no finite value, and no unit can do
	// better. Completion stays undefined (shown —); the light is green, the unit
	// ranks first and a completion-based score gives it the item's full points.
	Best bool
	// FullTerm is set when the light compares the actual with a target due at the end
	// of a later year (到2023年下降9%以上, read in 2021): the share of time elapsed
	// does not apply to a rate or a level, so the light says how far the unit is from
	// the full-term target, and a shortfall before the due year is yellow, not red
	// (see EvaluateSpan). Due is the month the target is due.
	FullTerm bool
	Due      YearMonth
	// Milestone is the 节点目标 the light compared with, for an indicator with
	// milestones; nil when the light follows the straight line of time.
	Milestone *MilestoneDue `json:",omitempty"`
}

// Evaluate compares an actual with a target for an indicator kind (DESIGN.md §5).
// timeProgress is the share of the target's span elapsed (see TimeProgress).
func Evaluate(kind IndicatorKind, target Target, actual Actual, timeProgress decimal.Decimal, th Thresholds) Result {
	r := Result{TimeProgress: timeProgress}
	switch target.Form {
	case TargetNone, TargetNA:
		r.Status = StatusNA
		return r
	}
	if !actual.Reported {
		// A unit that has to report the indicator and did not is missing, whether or
		// not its target has been handed down yet (待下达 says nothing about who sent
		// what).
		r.Status = StatusMissing
		return r
	}
	if target.Form == TargetPending {
		r.Status = StatusPending
		return r
	}
	if target.Form == TargetText || kind == KindQualitative {
		r.Completion = Completion{Kind: CompletionQualitative, Done: actual.Done, Defined: true}
		switch {
		case actual.Done:
			r.Status = StatusGreen
		case timeProgress.GreaterThanOrEqual(decimal.NewFromInt(1)):
			r.Status = StatusRed
		default:
			r.Status = StatusYellow // not done yet, but the span is not over
		}
		return r
	}
	t, a := target.Value, actual.Value
	switch kind {
	case KindRate, KindChange:
		diff := a.Sub(t)
		r.Completion = Completion{Kind: CompletionDifference, Value: diff, Defined: true}
		switch {
		case !diff.IsNegative():
			r.Status = StatusGreen
		case diff.GreaterThanOrEqual(th.YellowPP.Neg()):
			r.Status = StatusYellow
		default:
			r.Status = StatusRed
		}
		return r
	case KindLowerBetter:
		if !t.IsPositive() {
			// A ceiling of 0 or below has no ratio: better is simply at or below it.
			r.Status = boolStatus(a.LessThanOrEqual(t))
			return r
		}
		if !a.IsPositive() {
			// 0 against a ceiling of 29.6 is as good as it gets, not uncomputable.
			r.Status, r.Best = StatusGreen, true
			return r
		}
		r.Completion = Completion{Kind: CompletionRatio, Value: t.Div(a), Defined: true}
		r.Status = lightOf(r.Completion.Value, th)
		return r
	case KindLevel:
		if !t.IsPositive() {
			r.Status = boolStatus(a.GreaterThanOrEqual(t))
			return r
		}
		r.Completion = Completion{Kind: CompletionRatio, Value: a.Div(t), Defined: true}
		r.Status = lightOf(r.Completion.Value, th)
		return r
	default: // KindFlow: year-to-date against the share of the span elapsed
		if !t.IsPositive() {
			r.Status = boolStatus(a.GreaterThanOrEqual(t))
			return r
		}
		r.Completion = Completion{Kind: CompletionRatio, Value: a.Div(t), Defined: true}
		if !timeProgress.IsPositive() {
			r.Status = boolStatus(!a.IsNegative())
			return r
		}
		r.Status = lightOf(r.Completion.Value.Div(timeProgress), th)
		return r
	}
}

func lightOf(score decimal.Decimal, th Thresholds) Status {
	switch {
	case score.GreaterThanOrEqual(th.Green):
		return StatusGreen
	case score.GreaterThanOrEqual(th.Yellow):
		return StatusYellow
	default:
		return StatusRed
	}
}

func boolStatus(ok bool) Status {
	if ok {
		return StatusGreen
	}
	return StatusRed
}

// Evaluate evaluates one unit on one indicator for a period, looking up the target
// that applies and its time progress.
func (c *Campaign) Evaluate(in *Indicator, unit string, p Period, actual Actual) Result {
	t, span, ok := c.TargetFor(in, unit, p)
	if !ok {
		return Result{Status: StatusNA}
	}
	return c.EvaluateSpan(in, unit, t, actual, span, p)
}

// EvaluateSpan is EvaluateFor for a target due at the end of span, in period p. A
// rate, change, level or lower-is-better target due after p's year (a cumulative
// 到2023年下降9%以上 read in 2021 or 2022) is compared with as written — the seed
// documents give no 序时 schedule for such targets, and a share of elapsed months
// means nothing for a rate — but the light says so (FullTerm, Due) and is fair to a
// target not yet due: met is green; short of it is yellow (尚未到期); red only for a
// rate or change that went the wrong way (a drop reported as a rise). Flow targets
// already compare completion with the time elapsed.
func (c *Campaign) EvaluateSpan(in *Indicator, unit string, t Target, actual Actual, span Span, p Period) Result {
	r := c.EvaluateFor(in, unit, t, actual, TimeProgress(span, p))
	if len(in.MilestonesFor(t)) > 0 {
		return c.applyMilestone(in, t, r, actual, p)
	}
	if in.Kind == KindFlow || span.End.Year <= p.EndMonth().Year {
		return r
	}
	switch r.Status {
	case StatusGreen, StatusYellow, StatusRed:
	default:
		return r
	}
	r.FullTerm, r.Due = true, span.End
	if r.Status == StatusRed {
		r.Status = StatusYellow
		if in.Kind.IsDifference() && t.IsNumber() && wrongWay(t.Value, actual.Value) {
			r.Status = StatusRed
		}
	}
	return r
}

// wrongWay says whether an actual rate or change points the other way from its
// target: a rise reported against a target to drop (both written as positive
// drops, so a negative actual) or to grow.
func wrongWay(target, actual decimal.Decimal) bool {
	return target.IsPositive() && actual.IsNegative() || target.IsNegative() && actual.IsPositive()
}

// EvaluateFor compares a unit's actual with its target (as TargetFor gives them),
// counting from the indicator's base when it has one: completion is then
// (actual − base)/(target − base), what was done since the base against what was to
// be done.
func (c *Campaign) EvaluateFor(in *Indicator, unit string, t Target, actual Actual, timeProgress decimal.Decimal) Result {
	if base, ok := c.BaseFor(in, unit); ok && t.Form == TargetNumber {
		t.Value = t.Value.Sub(base)
		if actual.Reported && !actual.Answered {
			actual.Value = actual.Value.Sub(base)
		}
	}
	return Evaluate(in.Kind, t, actual, timeProgress, c.Thresholds)
}
