package campaign

import (
	"fmt"
	"strings"
	"time"
)

// granularity orders period kinds from finest to coarsest.
var granularity = map[PeriodKind]int{Monthly: 0, Quarterly: 1, Annual: 2}

// ReportingPeriod parses a period typed by a user and checks it against the campaign:
// it must end inside the campaign's span and be no finer than the cadence (a quarterly
// campaign takes 2023Q3 and 2023, not 2023-08). Errors list what would be accepted.
func (c *Campaign) ReportingPeriod(s string) (Period, error) {
	p, err := ParsePeriod(s)
	if err != nil {
		return Period{}, err
	}
	if granularity[p.Kind] < granularity[c.Cadence] {
		return Period{}, fmt.Errorf("本行动%s报送，期次“%s”太细：请写 %s", c.Cadence.Label(), s, c.periodExamples())
	}
	if !p.Within(c.Span) {
		return Period{}, fmt.Errorf("期次“%s”不在行动期 %s 内：请写 %s", s, c.Span, c.periodExamples())
	}
	return p, nil
}

// periodExamples names the first and last periods of the campaign's cadence.
func (c *Campaign) periodExamples() string {
	ps := c.Span.Periods(c.Cadence)
	if len(ps) == 0 {
		return PeriodFormats
	}
	names := []string{ps[0].String()}
	if len(ps) > 1 {
		names = append(names, ps[len(ps)-1].String())
	}
	return strings.Join(names, " 至 ") + " 之间的期次"
}

// CurrentPeriod is the period an office works on at a moment: the latest period of the
// campaign's cadence that has ended by then (returns are collected after a period
// ends), or the first one when none has ended yet. It never leaves the span.
func (c *Campaign) CurrentPeriod(now time.Time) Period {
	periods := c.Span.Periods(c.Cadence)
	if len(periods) == 0 {
		return Period{Kind: Annual, Year: c.Span.End.Year}
	}
	current := periods[0]
	for _, p := range periods {
		if !p.EndDate().After(now) {
			current = p
		}
	}
	return current
}
