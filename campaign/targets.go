package campaign

import (
	"sort"
	"sync"

	"github.com/shopspring/decimal"
)

// HasNumericTarget reports whether any unit has a numeric target in any year.
func (in *Indicator) HasNumericTarget() bool {
	for _, t := range in.Targets {
		if t.IsNumber() {
			return true
		}
	}
	for _, set := range in.ByYear {
		for _, t := range set {
			if t.IsNumber() {
				return true
			}
		}
	}
	return false
}

// HasTargets reports whether the indicator sets any target at all; indicators without
// one are reported by units for scoring and reference only.
func (in *Indicator) HasTargets() bool { return len(in.Targets) > 0 || len(in.ByYear) > 0 }

// lookup finds a unit's target in a set, falling back to a target written for all units.
func (s TargetSet) lookup(unit string) (Target, bool) {
	if t, ok := s.lookupRef(unit); ok {
		return *t, true
	}
	return Target{}, false
}

// lookupRef is lookup giving the set's own (shared, read-only) target.
func (s TargetSet) lookupRef(unit string) (*Target, bool) {
	if t, ok := s[unit]; ok {
		return t, true
	}
	if t, ok := s[AllUnits]; ok {
		return t, true
	}
	return nil, false
}

// TargetFor returns the target that applies to a unit in a period and the span of
// months that target covers (what time progress is measured against). ok is false
// when the campaign sets no target for that unit and period.
//
// An annual target covers its calendar year (within the campaign's span). A cumulative
// target covers the campaign from its start to the end of the target's year: at a
// period of year Y the nearest by-year target at or after Y applies, else the
// standing targets, which run to the span's end.
//
// A cumulative target counted from a base (基数) covers the months from the year
// after the base's year: Shengzhou's 220 firms by 2023 count from 168 at the end of
// 2020, so 2022Q3 has 21 of its 36 months behind it.
func (c *Campaign) TargetFor(in *Indicator, unit string, p Period) (Target, Span, bool) {
	if t, span, ok := c.TargetRefFor(in, unit, p); ok {
		return *t, span, true
	}
	return Target{}, Span{}, false
}

// TargetRefFor is TargetFor giving the campaign's own target rather than a copy: it
// is shared by every unit the line writes it for and must not be modified. A
// consolidation of 5,000 units × 100 indicators keeps one pointer per cell instead
// of an 80-byte copy (issue 21).
func (c *Campaign) TargetRefFor(in *Indicator, unit string, p Period) (*Target, Span, bool) {
	if in.Scope == ScopeCumulative {
		start := c.Span.Start
		if _, ok := c.BaseFor(in, unit); ok {
			start = YearMonth{c.baseYear(in) + 1, 1}
		}
		years := make([]int, 0, len(in.ByYear))
		for y := range in.ByYear {
			if y >= p.Year {
				years = append(years, y)
			}
		}
		sort.Ints(years)
		for _, y := range years {
			if t, ok := in.ByYear[y].lookupRef(unit); ok {
				return t, c.clipEnd(Span{start, YearMonth{y, 12}}), true
			}
		}
		if t, ok := in.Targets.lookupRef(unit); ok {
			return t, Span{start, c.Span.End}, true
		}
		return nil, Span{}, false
	}
	year := c.clip(Span{YearMonth{p.Year, 1}, YearMonth{p.Year, 12}})
	if set, ok := in.ByYear[p.Year]; ok {
		if t, ok := set.lookupRef(unit); ok {
			return t, year, true
		}
	}
	if t, ok := in.Targets.lookupRef(unit); ok {
		return t, year, true
	}
	return nil, Span{}, false
}

// clipEnd ends a span no later than the campaign's span; its start stays, so that a
// base year before the campaign counts.
func (c *Campaign) clipEnd(s Span) Span {
	if c.Span.End.Before(s.End) {
		s.End = c.Span.End
	}
	return s
}

// BaseFor is the base (基数) a unit's cumulative target counts from; ok is false when
// the indicator has none for the unit (or is not cumulative).
func (c *Campaign) BaseFor(in *Indicator, unit string) (decimal.Decimal, bool) {
	if in.Scope != ScopeCumulative || len(in.Base) == 0 {
		return decimal.Zero, false
	}
	t, ok := in.Base.lookup(unit)
	if !ok || t.Form != TargetNumber {
		return decimal.Zero, false
	}
	return t.Value, true
}

// baseYear is the year at whose end the indicator's base stands: as written, else the
// year before the campaign's span.
func (c *Campaign) baseYear(in *Indicator) int {
	if in.BaseYear != 0 {
		return in.BaseYear
	}
	return c.Span.Start.Year - 1
}

// clip narrows a span to the campaign's span, so that a campaign starting in July
// measures its first year's time progress from July.
func (c *Campaign) clip(s Span) Span {
	if s.Start.Before(c.Span.Start) {
		s.Start = c.Span.Start
	}
	if c.Span.End.Before(s.End) {
		s.End = c.Span.End
	}
	return s
}

// Unit returns the unit (or the total) with the code. A loaded campaign looks it up
// in an index built on first use (a province's 1,300 units are looked up per cell).
func (c *Campaign) Unit(code string) (Unit, bool) {
	if c.units != nil {
		c.units.once.Do(func() {
			c.units.index = make(map[string]int, len(c.Units))
			for i := len(c.Units) - 1; i >= 0; i-- { // the first of duplicate codes wins
				c.units.index[c.Units[i].Code] = i
			}
		})
		if i, ok := c.units.index[code]; ok {
			return c.Units[i], true
		}
		if c.Total != nil && c.Total.Code == code {
			return *c.Total, true
		}
		return Unit{}, false
	}
	for _, u := range c.Units {
		if u.Code == code {
			return u, true
		}
	}
	if c.Total != nil && c.Total.Code == code {
		return *c.Total, true
	}
	return Unit{}, false
}

// Indicator returns the indicator with the id.
func (c *Campaign) Indicator(id string) (*Indicator, bool) {
	for i := range c.Indicators {
		if c.Indicators[i].ID == id {
			return &c.Indicators[i], true
		}
	}
	return nil, false
}

// unitCache indexes a loaded campaign's units by code.
type unitCache struct {
	once  sync.Once
	index map[string]int
}
