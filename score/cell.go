package score

import (
	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// A consolidation of 5,000 units × 100 indicators holds 500,000 cells through
// scoring and writing. Each held a copy of its campaign.Target, a campaign.Actual and
// a campaign.Result — 288 bytes, plus a heap big.Int for each of its decimals — some
// 175 MB of live heap, which Go's collector lets grow to twice that (issue 21). A
// Cell now points to the campaign's own (shared, read-only) target and keeps its
// numbers as coefficient and exponent, the rest as small codes; what few cells have
// (a text, a note, a derived rate, a change, a full-term or milestone light, a
// number too long for 64 bits) hangs off one pointer that most cells leave nil. The
// accessors give back exactly the decimals and values that were set.

// Cell is one unit's (or the total's) result on one indicator.
type Cell struct {
	Unit   string
	target *campaign.Target // nil when no target applies
	more   *cellMore        // nil when the cell has nothing of it
	Rank   int              // 1 is best; 0 when not ranked
	// The actual's, completion's and time progress's coefficients and exponents;
	// a coefficient too long for 64 bits is kept in more (flagBigActual, …).
	actualC, completionC, progressC int64
	actualE, completionE, progressE int32
	status, kind                    uint8 // indexes in statuses and kinds
	flags                           cellFlags
}

// cellMore is what some cells have: a note (a third of a province's cells carry
// one), a text, a derived rate, a change.
type cellMore struct {
	text, note string
	ratio      *RatioCell
	change     *Change
	rare       *cellRare
}

// cellRare is what fewer cells still have: a full-term or milestone light, a number
// whose coefficient does not fit in 64 bits, a status or completion kind outside
// the known ones.
type cellRare struct {
	due                          campaign.YearMonth
	milestone                    *campaign.MilestoneDue
	actual, completion, progress decimal.Decimal
	status                       campaign.Status
	kind                         campaign.CompletionKind
}

type cellFlags uint16

const (
	flagReported cellFlags = 1 << iota
	flagDone
	flagAnswered
	flagCompletionDone
	flagCompletionDefined
	flagBest
	flagFullTerm
	flagBigActual
	flagBigCompletion
	flagBigProgress
	flagOddStatus
	flagOddKind
)

// statuses and kinds are the codes of Cell.status and Cell.kind.
var (
	statuses = []campaign.Status{"", campaign.StatusGreen, campaign.StatusYellow, campaign.StatusRed,
		campaign.StatusNA, campaign.StatusPending, campaign.StatusMissing}
	kinds = []campaign.CompletionKind{"", campaign.CompletionRatio, campaign.CompletionDifference,
		campaign.CompletionQualitative}
)

// noTarget is what Target gives for a cell without one: Form TargetNone.
var noTarget = &campaign.Target{}

// Target is the cell's target (Form TargetNone when no target applies). It is the
// campaign's own and must not be modified.
func (c *Cell) Target() *campaign.Target {
	if c.target == nil {
		return noTarget
	}
	return c.target
}

// Actual is what the unit reported.
func (c *Cell) Actual() campaign.Actual {
	if c.flags&flagReported == 0 {
		return campaign.Actual{}
	}
	a := campaign.Actual{Reported: true, Done: c.flags&flagDone != 0, Answered: c.flags&flagAnswered != 0}
	a.Value = c.number(c.actualC, c.actualE, flagBigActual, func(m *cellRare) decimal.Decimal { return m.actual })
	return a
}

// Reported says whether the unit reported a value: Actual().Reported without
// making the value.
func (c *Cell) Reported() bool { return c.flags&flagReported != 0 }

// Completion is the cell's completion (完成率).
func (c *Cell) Completion() campaign.Completion {
	k := campaign.Completion{Kind: c.completionKind(), Done: c.flags&flagCompletionDone != 0,
		Defined: c.flags&flagCompletionDefined != 0}
	k.Value = c.number(c.completionC, c.completionE, flagBigCompletion, func(m *cellRare) decimal.Decimal { return m.completion })
	return k
}

// TimeProgress is the share of the target's span elapsed (序时进度).
func (c *Cell) TimeProgress() decimal.Decimal {
	return c.number(c.progressC, c.progressE, flagBigProgress, func(m *cellRare) decimal.Decimal { return m.progress })
}

// Status is the cell's light, or why it has none.
func (c *Cell) Status() campaign.Status {
	if c.flags&flagOddStatus != 0 {
		return c.more.rare.status
	}
	return statuses[c.status]
}

func (c *Cell) completionKind() campaign.CompletionKind {
	if c.flags&flagOddKind != 0 {
		return c.more.rare.kind
	}
	return kinds[c.kind]
}

// Best is campaign.Result's Best: a lower-is-better indicator at 0 against a
// positive ceiling.
func (c *Cell) Best() bool { return c.flags&flagBest != 0 }

// FullTerm is campaign.Result's FullTerm: the light compares with a target due at
// the end of a later year (Due).
func (c *Cell) FullTerm() bool { return c.flags&flagFullTerm != 0 }

// Due is the month a full-term target is due.
func (c *Cell) Due() campaign.YearMonth {
	if c.more == nil || c.more.rare == nil {
		return campaign.YearMonth{}
	}
	return c.more.rare.due
}

// Milestone is the 节点目标 the light compared with; nil when none.
func (c *Cell) Milestone() *campaign.MilestoneDue {
	if c.more == nil || c.more.rare == nil {
		return nil
	}
	return c.more.rare.milestone
}

// Result is the cell's progress as campaign.Evaluate gave it.
func (c *Cell) Result() campaign.Result {
	return campaign.Result{Completion: c.Completion(), TimeProgress: c.TimeProgress(), Status: c.Status(),
		Best: c.Best(), FullTerm: c.FullTerm(), Due: c.Due(), Milestone: c.Milestone()}
}

// Text is what a unit reported for a qualitative indicator, as typed.
func (c *Cell) Text() string {
	if c.more == nil {
		return ""
	}
	return c.more.text
}

// Note is the unit's 备注.
func (c *Cell) Note() string {
	if c.more == nil {
		return ""
	}
	return c.more.note
}

// Ratio is set for an indicator a list derives (开工率 from the project list): the
// counts behind the rate, recomputed from the unit's rows; nil otherwise.
func (c *Cell) Ratio() *RatioCell {
	if c.more == nil {
		return nil
	}
	return c.more.ratio
}

// Change is the cell against the compared period; nil when there is nothing to
// compare.
func (c *Cell) Change() *Change {
	if c.more == nil {
		return nil
	}
	return c.more.change
}

// Ranked reports whether the cell has a rank.
func (c *Cell) Ranked() bool { return c.Rank > 0 }

// The setters below build a Cell: score's own, but for SetActual and SetRatio,
// which a test outside may use to try a cell out.

func (c *Cell) extra() *cellMore {
	if c.more == nil {
		c.more = &cellMore{}
	}
	return c.more
}

func (c *Cell) rarer() *cellRare {
	m := c.extra()
	if m.rare == nil {
		m.rare = &cellRare{}
	}
	return m.rare
}

func (c *Cell) setTarget(t *campaign.Target) { c.target = t }

func (c *Cell) setTexts(text, note string) {
	if text != "" || note != "" || c.more != nil {
		c.extra().text, c.extra().note = text, note
	}
}

// SetRatio sets the derived rate behind the cell (Ratio).
func (c *Cell) SetRatio(r *RatioCell) {
	if r != nil || c.more != nil {
		c.extra().ratio = r
	}
}

func (c *Cell) setChange(ch *Change) {
	if ch != nil || c.more != nil {
		c.extra().change = ch
	}
}

// SetActual sets what the unit reported (Actual).
func (c *Cell) SetActual(a campaign.Actual) {
	c.flags &^= flagReported | flagDone | flagAnswered | flagBigActual
	c.actualC, c.actualE = 0, 0
	if !a.Reported {
		// An actual not reported is shown as nothing, whatever it holds.
		return
	}
	c.flags |= flagReported
	if a.Done {
		c.flags |= flagDone
	}
	if a.Answered {
		c.flags |= flagAnswered
	}
	if !c.setNumber(&c.actualC, &c.actualE, a.Value) {
		c.flags |= flagBigActual
		c.rarer().actual = a.Value
	}
}

func (c *Cell) setResult(r campaign.Result) {
	c.flags &^= flagCompletionDone | flagCompletionDefined | flagBest | flagFullTerm | flagBigCompletion |
		flagBigProgress | flagOddStatus | flagOddKind
	if r.Completion.Done {
		c.flags |= flagCompletionDone
	}
	if r.Completion.Defined {
		c.flags |= flagCompletionDefined
	}
	if r.Best {
		c.flags |= flagBest
	}
	if r.FullTerm {
		c.flags |= flagFullTerm
	}
	if !c.setNumber(&c.completionC, &c.completionE, r.Completion.Value) {
		c.flags |= flagBigCompletion
		c.rarer().completion = r.Completion.Value
	}
	if !c.setNumber(&c.progressC, &c.progressE, r.TimeProgress) {
		c.flags |= flagBigProgress
		c.rarer().progress = r.TimeProgress
	}
	c.status = 0
	if i := indexOf(statuses, r.Status); i >= 0 {
		c.status = uint8(i)
	} else {
		c.flags |= flagOddStatus
		c.rarer().status = r.Status
	}
	c.kind = 0
	if i := indexOf(kinds, r.Completion.Kind); i >= 0 {
		c.kind = uint8(i)
	} else {
		c.flags |= flagOddKind
		c.rarer().kind = r.Completion.Kind
	}
	if r.Due != (campaign.YearMonth{}) || r.Milestone != nil || c.more != nil && c.more.rare != nil {
		c.rarer().due, c.rarer().milestone = r.Due, r.Milestone
	}
}

func indexOf[T ~string](list []T, v T) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// setNumber keeps d as coefficient and exponent when its coefficient fits in 64
// bits; false when it does not.
func (c *Cell) setNumber(coef *int64, exp *int32, d decimal.Decimal) bool {
	*coef, *exp = 0, 0
	if d.NumDigits() > 18 && !d.Coefficient().IsInt64() {
		return false
	}
	*coef, *exp = d.CoefficientInt64(), d.Exponent()
	return true
}

// number is the decimal kept by setNumber, or in more when it did not fit.
func (c *Cell) number(coef int64, exp int32, big cellFlags, held func(*cellRare) decimal.Decimal) decimal.Decimal {
	if c.flags&big != 0 {
		return held(c.more.rare)
	}
	if coef == 0 && exp == 0 {
		return decimal.Decimal{}
	}
	return decimal.New(coef, exp)
}
