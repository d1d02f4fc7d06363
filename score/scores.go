package score

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// DefaultMethod is how every output names the method used when a campaign has no
// scoring block (DESIGN.md §7).
const DefaultMethod = "默认方法"

// Scores is the 赛马 result of a period.
type Scores struct {
	Period campaign.Period
	Method string // the campaign's method name, or DefaultMethod
	// Default is true when the campaign has no scoring block and the default method
	// (minmax on completion, equal points summing to 100) was used.
	Default bool
	Items   []campaign.ScoringItem // the items scored, in order
	Units   []UnitScore            // ranked best first (ties in campaign order), then the unranked
	// Scorable is false when there is nothing to rank on (no item, or no reporting unit
	// an item applies to): nobody is ranked, and NotScorable says why in Chinese.
	Scorable    bool
	NotScorable string
	// Compared is the period rank changes are against; nil when there was none.
	Compared *campaign.Period

	// Set by Score once Units are ranked (index), so that looking a unit up, as
	// interviews, comparisons and the bulletin do for every unit, is not a scan.
	byUnit  map[string]int    // unit code -> index in Units
	rising  []decimal.Decimal // the ranked units' points, lowest first
	indexed bool
}

// index records where each unit is and the ranked units' points in order; Units
// must not change after.
func (s *Scores) index() {
	s.byUnit = make(map[string]int, len(s.Units))
	s.rising = s.rising[:0]
	for i := range s.Units {
		if _, dup := s.byUnit[s.Units[i].Unit]; !dup {
			s.byUnit[s.Units[i].Unit] = i
		}
		if s.Units[i].Rank > 0 {
			s.rising = append(s.rising, s.Units[i].Points)
		}
	}
	slices.SortFunc(s.rising, decimal.Decimal.Cmp)
	s.indexed = true
}

// UnitScore is one unit's points and rank.
type UnitScore struct {
	Unit   string
	Points decimal.Decimal // exact; shown with 2 decimals
	Rank   int             // 1 is best; ties share (1, 2, 2, 4); 0 when not ranked
	// Reported is true when the unit has accepted data for the period; only such
	// units are ranked.
	Reported bool
	// State is the unit's reporting state: accepted, rejected (sent back and not
	// corrected) or missing; Late marks accepted data received after the deadline.
	// Only accepted units have points (HasPoints).
	State State
	Late  bool
	Items []ItemScore // one per Scores.Items, same order
	// Scaled is set by the default method when some indicators do not apply to the
	// unit: its points are scaled up to 100 from the items that apply.
	Scaled string
	// NothingApplies is set by the default method when no item is the unit's (every
	// target of 0, “/” or worded): it has nothing to be scored on and is not ranked,
	// rather than ranked last with 0.00.
	NothingApplies bool
	// Previous is the unit's rank and points in the compared period.
	Previous *Placing
}

// Placing is a unit's rank and points in an earlier period.
type Placing struct {
	Rank   int
	Points decimal.Decimal
}

// RankChange is how many places the unit moved up since the compared period (down is
// negative); ok is false when there is nothing to compare.
func (u UnitScore) RankChange() (int, bool) {
	if u.Previous == nil || u.Previous.Rank == 0 || u.Rank == 0 {
		return 0, false
	}
	return u.Previous.Rank - u.Rank, true
}

// ItemScore is a unit's points on one item, with the reason in Chinese: which metric,
// which value, which formula.
type ItemScore struct {
	Item   string
	Points decimal.Decimal
	// reason is the reason as written, or "" when lazy writes it: a minmax
	// reason is written when asked for (Reason), from the item's shared inputs and
	// the unit's cell — 500,000 of them (58 MB at 5,000 units) were made and held
	// even by the commands that never print one.
	reason string
	lazy   *minmaxReasons
	unit   int32 // the unit's index in the campaign, for lazy
	// Applies is false when the item's indicator is not the unit's (default method):
	// it counts neither for nor against the unit.
	Applies bool
}

// Reason says in Chinese how the unit got its points on the item: which metric,
// which value, which formula.
func (is ItemScore) Reason() string {
	if is.lazy != nil {
		return is.lazy.reason(int(is.unit))
	}
	return is.reason
}

// SetReason sets the reason as written, in place of a lazy one.
func (is *ItemScore) SetReason(r string) { is.reason, is.lazy = r, nil }

// Counted says whether an item's points count in the unit's total. Under the default
// method an item that is not the unit's (no numeric target, or a target of 0) is left
// out and the total rescaled, so it is shown as “/” (不计), never as 0.00; under a
// campaign's own method every item counts, 0 included.
func (s *Scores) Counted(is ItemScore) bool { return is.Applies || !s.Default }

// ShowItemPoints prints a unit's points on an item: 12.50, or / when it does not count.
func (s *Scores) ShowItemPoints(is ItemScore) string {
	if !s.Counted(is) {
		return "/"
	}
	return is.Points.StringFixed(2)
}

// Unit returns a unit's score.
func (s *Scores) Unit(code string) (*UnitScore, bool) {
	if s.indexed {
		i, ok := s.byUnit[code]
		if !ok {
			return nil, false
		}
		return &s.Units[i], true
	}
	for i := range s.Units {
		if s.Units[i].Unit == code {
			return &s.Units[i], true
		}
	}
	return nil, false
}

// Item returns a scoring item by id.
func (s *Scores) Item(id string) (*campaign.ScoringItem, bool) {
	for i := range s.Items {
		if s.Items[i].ID == id {
			return &s.Items[i], true
		}
	}
	return nil, false
}

// Ranked is the number of ranked units.
func (s *Scores) Ranked() int {
	if s.indexed {
		return len(s.rising)
	}
	n := 0
	for _, u := range s.Units {
		if u.Rank > 0 {
			n++
		}
	}
	return n
}

// FromBottom is the bottom position of a ranked unit: 1 for the last place, counting
// the ranked units with strictly fewer points (tied units share the bottom); 0 for a
// unit that is not ranked.
func (s *Scores) FromBottom(code string) int {
	u, ok := s.Unit(code)
	if !ok || u.Rank == 0 {
		return 0
	}
	if s.indexed {
		below, _ := slices.BinarySearchFunc(s.rising, u.Points, decimal.Decimal.Cmp)
		return below + 1
	}
	below := 0
	for _, o := range s.Units {
		if o.Rank > 0 && o.Points.LessThan(u.Points) {
			below++
		}
	}
	return below + 1
}

// RankText is a unit's place as printed: 3, or 未报送 / 被退回 / 不排名 when it is not
// ranked.
func (s *Scores) RankText(u UnitScore) string {
	switch {
	case u.Rank > 0:
		return strconv.Itoa(u.Rank)
	case !u.Reported:
		return u.State.NoDataWord()
	default:
		return "不排名"
	}
}

// HasPoints says whether a unit has points to show: the period is scorable and the
// unit has accepted data. A unit without accepted data shows —, never 0.00.
func (s *Scores) HasPoints(u UnitScore) bool { return s.Scorable && u.Reported }

// CompareScores records each unit's placing in an earlier period's scores.
func CompareScores(s, earlier *Scores) {
	if earlier == nil {
		return
	}
	p := earlier.Period
	s.Compared = &p
	for i := range s.Units {
		if e, ok := earlier.Unit(s.Units[i].Unit); ok && e.Rank > 0 {
			s.Units[i].Previous = &Placing{Rank: e.Rank, Points: e.Points}
		}
	}
}

// MoveText is a unit's 较上期 cell: ↑2, ↓1 or 持平 against the compared period, 新 for
// a unit not ranked then, — when nothing is compared.
func (s *Scores) MoveText(u UnitScore) string {
	if s.Compared == nil || u.Rank == 0 {
		return "—"
	}
	up, ok := u.RankChange()
	if !ok {
		return "新"
	}
	return ShowRankChange(up, ok)
}
