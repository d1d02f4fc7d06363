package score

import (
	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// Consolidation (汇总) is a period's results: every indicator's units and total row,
// the merged lists, task progress and who reported.
type Consolidation struct {
	Campaign    *campaign.Campaign
	Period      campaign.Period
	Indicators  []IndicatorResult
	Lists       []MergedList
	Tasks       []TaskLine
	TaskUnits   []TaskSummary // per lead unit, in campaign order
	Submissions []Submission  // per unit, in campaign order
	// Compared is the period the changes are against; nil when there was none.
	Compared *campaign.Period
	// Entries are the office's bonus and manual points for the period, kept for scoring.
	Entries []Entry

	byID  map[string]int // indicator id -> index in Indicators
	bySub map[string]int // unit code -> index in Submissions
}

// RankBasis is what an indicator's units are ranked on.
type RankBasis string

// The rank bases.
const (
	RankByCompletion RankBasis = "completion" // completion rate or difference to target
	RankByActual     RankBasis = "actual"     // the value itself (indicators without targets)
	RankNone         RankBasis = "none"       // qualitative: not ranked
)

// IndicatorResult is one indicator's consolidated line.
type IndicatorResult struct {
	Indicator *campaign.Indicator
	Units     []Cell // the units that report it, in campaign order
	Total     Cell   // the total row (Unit is the total's code, or "" when the campaign has none)
	HasTotal  bool   // false when the total rule is none
	// TotalBasis says in Chinese how the total was obtained: 4个单位合计, 已报3/4个单位,
	// 办公室录入, 待办公室录入, 按…加权.
	TotalBasis string
	RankedBy   RankBasis

	// unitAt (unit code -> index in the campaign's units, shared by every indicator)
	// and at (that index -> index in Units + 1; nil when Units are every campaign
	// unit in order) find a unit's cell: a map per indicator was 17 MB at 5,000 units.
	unitAt map[string]int
	at     []int32
}

// RatioCell is a derived rate with what it was computed from.
type RatioCell struct {
	campaign.RatioResult
	Basis string // 开工 17 个 / 应开工 21 个 = 81.0%, or 未开展（应开工 0 个）
}

// Change compares a cell with the same cell of the previous period.
type Change struct {
	Actual        decimal.Decimal // this period's actual minus the previous one
	HasActual     bool
	Completion    decimal.Decimal // in the completion's own units (ratio or points)
	HasCompletion bool
	Rank          int // places moved up: previous rank minus this rank
	HasRank       bool
}

// Submission is one unit's line of 报送情况.
type Submission struct {
	Unit string
	Attempt
}

// Indicator returns the result of the indicator with the id.
func (k *Consolidation) Indicator(id string) (*IndicatorResult, bool) {
	if k.byID != nil {
		i, ok := k.byID[id]
		if !ok {
			return nil, false
		}
		return &k.Indicators[i], true
	}
	for i := range k.Indicators {
		if k.Indicators[i].Indicator.ID == id {
			return &k.Indicators[i], true
		}
	}
	return nil, false
}

// Cell returns a unit's cell of the indicator, if the unit reports it.
func (r *IndicatorResult) Cell(unit string) (*Cell, bool) {
	if r.unitAt != nil {
		i, ok := r.unitAt[unit]
		switch {
		case !ok:
			return nil, false
		case r.at == nil:
			return &r.Units[i], true
		case r.at[i] == 0:
			return nil, false
		}
		return &r.Units[r.at[i]-1], true
	}
	for i := range r.Units {
		if r.Units[i].Unit == unit {
			return &r.Units[i], true
		}
	}
	return nil, false
}

// Reds counts the unit's red lights.
func (k *Consolidation) Reds(unit string) []*IndicatorResult {
	var out []*IndicatorResult
	for i := range k.Indicators {
		if c, ok := k.Indicators[i].Cell(unit); ok && c.Status() == campaign.StatusRed {
			out = append(out, &k.Indicators[i])
		}
	}
	return out
}

// Submission returns the unit's reporting line.
func (k *Consolidation) Submission(unit string) Submission {
	if k.bySub != nil {
		// Asked for every unit (scores, interviews, the bulletin's cells): a scan
		// each time made those loops quadratic in the units.
		if i, ok := k.bySub[unit]; ok {
			return k.Submissions[i]
		}
		return Submission{Unit: unit, Attempt: Attempt{State: StateMissing}}
	}
	for _, s := range k.Submissions {
		if s.Unit == unit {
			return s
		}
	}
	return Submission{Unit: unit, Attempt: Attempt{State: StateMissing}}
}

// Reporting sorts the units by how their reporting went (报送情况), in campaign order.
type Reporting struct {
	OnTime   []string // accepted, on time
	Late     []string // accepted, late
	Rejected []string // only rejected or unreadable files
	Missing  []string // nothing received
}

// Reporting is the period's 报送情况 by unit code.
func (k *Consolidation) Reporting() Reporting {
	var r Reporting
	for _, s := range k.Submissions {
		switch {
		case s.State == StateMissing:
			r.Missing = append(r.Missing, s.Unit)
		case s.State == StateRejected:
			r.Rejected = append(r.Rejected, s.Unit)
		case s.Late:
			r.Late = append(r.Late, s.Unit)
		default:
			r.OnTime = append(r.OnTime, s.Unit)
		}
	}
	return r
}
