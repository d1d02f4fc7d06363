package campaign

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// YearMonth is a calendar month, the unit of a campaign's span.
type YearMonth struct {
	Year  int
	Month int // 1..12
}

// Index counts months from year 0, so that differences are month counts.
func (m YearMonth) Index() int { return m.Year*12 + m.Month - 1 }

// Before reports whether m is an earlier month than o.
func (m YearMonth) Before(o YearMonth) bool { return m.Index() < o.Index() }

func (m YearMonth) String() string { return fmt.Sprintf("%04d-%02d", m.Year, m.Month) }

// MonthsThrough is the number of months from m to end, both included.
func (m YearMonth) MonthsThrough(end YearMonth) int { return end.Index() - m.Index() + 1 }

var yearMonthPattern = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)

// ParseYearMonth reads "2023-01".
func ParseYearMonth(s string) (YearMonth, error) {
	m := yearMonthPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return YearMonth{}, fmt.Errorf("无法识别的月份“%s”：请写成 2023-01 这样的 年-月", s)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	if mo < 1 || mo > 12 {
		return YearMonth{}, fmt.Errorf("月份“%s”不存在：月份应在 1 到 12 之间", s)
	}
	return YearMonth{y, mo}, nil
}

// Span is an inclusive range of months.
type Span struct {
	Start YearMonth
	End   YearMonth
}

// Months is the number of months in the span.
func (s Span) Months() int { return s.Start.MonthsThrough(s.End) }

// Years lists the calendar years the span touches.
func (s Span) Years() []int {
	var ys []int
	for y := s.Start.Year; y <= s.End.Year; y++ {
		ys = append(ys, y)
	}
	return ys
}

func (s Span) String() string { return s.Start.String() + " 至 " + s.End.String() }

// PeriodKind is the length of a reporting period.
type PeriodKind string

const (
	// Annual is a whole year, written 2023.
	Annual PeriodKind = "annual"
	// Quarterly is a quarter, written 2023Q3.
	Quarterly PeriodKind = "quarterly"
	// Monthly is a month, written 2023-09.
	Monthly PeriodKind = "monthly"
)

// Period is a reporting period (期次): a year, a quarter or a month.
type Period struct {
	Kind    PeriodKind
	Year    int
	Quarter int // 1..4 for quarterly periods
	Month   int // 1..12 for monthly periods
}

var (
	annualPattern    = regexp.MustCompile(`^(\d{4})$`)
	quarterlyPattern = regexp.MustCompile(`^(\d{4})[Qq]([1-4])$`)
	monthlyPattern   = regexp.MustCompile(`^(\d{4})-(\d{1,2})$`)
)

// PeriodFormats is shown in every period parsing error so the user sees what to type.
const PeriodFormats = "可用的写法：2023（年度）、2023Q3（季度）、2023-09（月度），也可以照 tenglong 印出的写：2023年第三季度、2023年9月"

// ParsePeriod reads "2023", "2023Q3" or "2023-09", and the labels tenglong prints
// (2023年第三季度, 2023年9月, 2023年度): a clerk copies what they see.
func ParsePeriod(s string) (Period, error) {
	t := strings.TrimSpace(s)
	if m := annualPattern.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{Kind: Annual, Year: y}, nil
	}
	if m := quarterlyPattern.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		return Period{Kind: Quarterly, Year: y, Quarter: q}, nil
	}
	if m := monthlyPattern.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return Period{Kind: Monthly, Year: y, Month: mo}, nil
		}
	}
	// A bare "2023年" stays ambiguous (the year, or a quarter left off?): 2023年度 is the label.
	if p, err := ParsePeriodLabel(t); err == nil && !strings.HasSuffix(t, "年") {
		return p, nil
	}
	return Period{}, fmt.Errorf("无法识别的期次“%s”。%s", s, PeriodFormats)
}

// String writes the period the way ParsePeriod reads it.
func (p Period) String() string {
	switch p.Kind {
	case Quarterly:
		return fmt.Sprintf("%04dQ%d", p.Year, p.Quarter)
	case Monthly:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	default:
		return fmt.Sprintf("%04d", p.Year)
	}
}

// Label is the Chinese name of the period, as printed on templates and bulletins.
func (p Period) Label() string {
	switch p.Kind {
	case Quarterly:
		return fmt.Sprintf("%d年第%s季度", p.Year, []string{"一", "二", "三", "四"}[p.Quarter-1])
	case Monthly:
		return fmt.Sprintf("%d年%d月", p.Year, p.Month)
	default:
		return fmt.Sprintf("%d年度", p.Year)
	}
}

// FirstMonth is the first month inside the period.
func (p Period) FirstMonth() YearMonth {
	switch p.Kind {
	case Quarterly:
		return YearMonth{p.Year, p.Quarter*3 - 2}
	case Monthly:
		return YearMonth{p.Year, p.Month}
	default:
		return YearMonth{p.Year, 1}
	}
}

// EndMonth is the last month inside the period: values are reported as at its end.
func (p Period) EndMonth() YearMonth {
	switch p.Kind {
	case Quarterly:
		return YearMonth{p.Year, p.Quarter * 3}
	case Monthly:
		return YearMonth{p.Year, p.Month}
	default:
		return YearMonth{p.Year, 12}
	}
}

// EndDate is the last day of the period.
func (p Period) EndDate() time.Time {
	e := p.EndMonth()
	return time.Date(e.Year, time.Month(e.Month)+1, 0, 0, 0, 0, 0, time.UTC)
}

// Deadline is the due date of a return: days after the period's last day.
func (p Period) Deadline(days int) time.Time { return p.EndDate().AddDate(0, 0, days) }

// Previous is the period of the same kind just before p.
func (p Period) Previous() Period {
	switch p.Kind {
	case Quarterly:
		if p.Quarter == 1 {
			return Period{Kind: Quarterly, Year: p.Year - 1, Quarter: 4}
		}
		return Period{Kind: Quarterly, Year: p.Year, Quarter: p.Quarter - 1}
	case Monthly:
		if p.Month == 1 {
			return Period{Kind: Monthly, Year: p.Year - 1, Month: 12}
		}
		return Period{Kind: Monthly, Year: p.Year, Month: p.Month - 1}
	default:
		return Period{Kind: Annual, Year: p.Year - 1}
	}
}

// Within reports whether the period ends inside the span.
func (p Period) Within(s Span) bool {
	e := p.EndMonth()
	return !e.Before(s.Start) && !s.End.Before(e)
}

// Periods lists every period of the cadence whose end lies inside the span, in order.
func (s Span) Periods(kind PeriodKind) []Period {
	var out []Period
	for y := s.Start.Year; y <= s.End.Year; y++ {
		var candidates []Period
		switch kind {
		case Monthly:
			for m := 1; m <= 12; m++ {
				candidates = append(candidates, Period{Kind: Monthly, Year: y, Month: m})
			}
		case Quarterly:
			for q := 1; q <= 4; q++ {
				candidates = append(candidates, Period{Kind: Quarterly, Year: y, Quarter: q})
			}
		default:
			candidates = append(candidates, Period{Kind: Annual, Year: y})
		}
		for _, p := range candidates {
			if p.Within(s) {
				out = append(out, p)
			}
		}
	}
	return out
}

var (
	quarterLabel = regexp.MustCompile(`^(\d{4})年第([一二三四1-4])季度$`)
	monthLabel   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月$`)
	yearLabel    = regexp.MustCompile(`^(\d{4})年(度)?$`)
)

// ParsePeriodLabel reads a period written the way Label writes it (2023年第三季度,
// 2023年9月, 2023年度), as printed on templates: ingest falls back to it when a
// return lost its metadata.
func ParsePeriodLabel(s string) (Period, error) {
	t := strings.TrimSpace(s)
	if m := quarterLabel.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		q := strings.Index("一二三四", m[2])/len("一") + 1
		if n, err := strconv.Atoi(m[2]); err == nil {
			q = n
		}
		return Period{Kind: Quarterly, Year: y, Quarter: q}, nil
	}
	if m := monthLabel.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo >= 1 && mo <= 12 {
			return Period{Kind: Monthly, Year: y, Month: mo}, nil
		}
	}
	if m := yearLabel.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		return Period{Kind: Annual, Year: y}, nil
	}
	return Period{}, fmt.Errorf("无法识别的期次“%s”", s)
}

// Late reports whether a return received at a moment missed the period's deadline
// (deadlineDays after the period's end): late once the deadline's day has ended, in
// the time zone of the moment received.
func (p Period) Late(received time.Time, deadlineDays int) bool {
	d := p.Deadline(deadlineDays)
	// The deadline day ends at 24:00: 23:59:59.5 is still on time.
	end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, received.Location())
	return !received.Before(end)
}
