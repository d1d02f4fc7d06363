package campaign

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Ratio is a list feed that derives a rate (开工率、竣工率、投资完成率) from the rows
// of a unit's project list instead of having the unit type it: among the rows in
// Scope (引进年份 in the last two years, 总投资 ≥ 30000 万元), either the share of
// rows meeting Count (开工率 = projects with an actual start date ÷ projects in
// scope), or the sum of column Sum over the sum of column Over (投资完成率 =
// 累计完成投资 ÷ 计划投资), in percent. No row in scope, or an Over sum of 0, leaves
// the rate undefined: 未开展.
type Ratio struct {
	Count  []Condition `json:",omitempty"` // count form: rows in scope meeting these
	Sum    string      `json:",omitempty"` // sum form: numerator column
	Over   string      `json:",omitempty"` // sum form: denominator column
	Scope  []Condition `json:",omitempty"`
	Labels []string    `json:",omitempty"` // what numerator and denominator are called: 开工, 应开工
	Line   int         `json:"-"`
}

// IsCount reports whether the ratio counts rows (rather than summing columns).
func (r *Ratio) IsCount() bool { return r.Sum == "" && r.Over == "" }

// Condition is one test on a list column: equal to a value, filled in, at least Min,
// at most Max, or a year (an integer column, or a date's year) within the last
// WithinYears years of the period's year, that year included.
type Condition struct {
	Column      string
	Equals      string           `json:",omitempty"`
	Filled      bool             `json:",omitempty"`
	Min         *decimal.Decimal `json:",omitempty"`
	Max         *decimal.Decimal `json:",omitempty"`
	WithinYears int              `json:",omitempty"`
	Line        int              `json:"-"`
}

// RatioPlaces is how many decimal places a derived rate keeps (in percent): enough
// that ranking and lights are not moved by rounding; displays round half-up to the
// indicator's decimals.
const RatioPlaces = 4

// RatioResult is a rate computed from a unit's rows.
type RatioResult struct {
	Num, Den decimal.Decimal // rows (count form) or column sums (sum form)
	InScope  int             // rows in scope
	Defined  bool            // false: 未开展 (nothing in scope, or a denominator of 0)
	Value    decimal.Decimal // Num/Den×100 rounded half-up to RatioPlaces; Defined only
}

// NotStarted is what an undefined rate reads: 未开展.
const NotStarted = "未开展"

// RatioFeed finds the list feed that derives the indicator, if any.
func (c *Campaign) RatioFeed(indicator string) (*List, *Feed, bool) {
	for i := range c.Lists {
		l := &c.Lists[i]
		for j := range l.Feeds {
			if f := &l.Feeds[j]; f.Ratio != nil && f.Indicator == indicator {
				return l, f, true
			}
		}
	}
	return nil, nil, false
}

// ComputeRatio derives a ratio feed's rate from a unit's rows of list l in period p.
// rows hold canonical cell values by column id (decimals exact, dates 2006-01-02);
// cells that do not read as what a condition needs do not meet it.
func ComputeRatio(l *List, r *Ratio, rows []map[string]string, p Period) RatioResult {
	var res RatioResult
	for _, row := range rows {
		if !meetsAll(l, r.Scope, row, p) {
			continue
		}
		res.InScope++
		if r.IsCount() {
			res.Den = res.Den.Add(decimal.NewFromInt(1))
			if meetsAll(l, r.Count, row, p) {
				res.Num = res.Num.Add(decimal.NewFromInt(1))
			}
			continue
		}
		res.Num = res.Num.Add(cellDecimal(row[r.Sum]))
		res.Den = res.Den.Add(cellDecimal(row[r.Over]))
	}
	if res.InScope == 0 || !res.Den.IsPositive() {
		return res
	}
	res.Defined = true
	res.Value = res.Num.Mul(decimal.NewFromInt(100)).DivRound(res.Den, RatioPlaces+4).Round(RatioPlaces)
	return res
}

func cellDecimal(s string) decimal.Decimal {
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err != nil {
		return decimal.Zero
	}
	return d
}

func meetsAll(l *List, conds []Condition, row map[string]string, p Period) bool {
	for _, c := range conds {
		if !c.meets(l, row[c.Column], p) {
			return false
		}
	}
	return true
}

func (c Condition) meets(l *List, v string, p Period) bool {
	v = strings.TrimSpace(v)
	switch {
	case c.Equals != "":
		return v == c.Equals
	case c.Filled:
		return v != ""
	case c.WithinYears > 0:
		y, ok := yearOf(v)
		return ok && y <= p.Year && y > p.Year-c.WithinYears
	}
	d, err := decimal.NewFromString(v)
	if err != nil {
		return false
	}
	return (c.Min == nil || !d.LessThan(*c.Min)) && (c.Max == nil || !d.GreaterThan(*c.Max))
}

// yearOf reads a year: 2023, or the year of a date 2023-05-12.
func yearOf(v string) (int, bool) {
	if len(v) >= 4 {
		if y, err := strconv.Atoi(v[:4]); err == nil && (len(v) == 4 || v[4] == '-') {
			return y, true
		}
	}
	if d, err := decimal.NewFromString(v); err == nil && d.IsInteger() {
		return int(d.IntPart()), true
	}
	return 0, false
}

// ratioMeasure finds the unit a column title names: 计划投资（万元） → 万元.
var ratioMeasure = regexp.MustCompile(`[（(]([^（）()]+)[）)]\s*$`)

// names are what the numerator and denominator are called in a basis: the feed's
// labels, else the counted condition or the summed columns' titles.
func (r *Ratio) names(l *List) (num, den string) {
	if len(r.Labels) == 2 {
		return r.Labels[0], r.Labels[1]
	}
	if r.IsCount() {
		return "符合条件", "范围内"
	}
	return columnName(l, r.Sum), columnName(l, r.Over)
}

func columnName(l *List, id string) string {
	for _, c := range l.Columns {
		if c.ID == id {
			return strings.TrimSpace(ratioMeasure.ReplaceAllString(c.Title, ""))
		}
	}
	return id
}

func columnMeasure(l *List, id string) string {
	for _, c := range l.Columns {
		if c.ID == id {
			if m := ratioMeasure.FindStringSubmatch(c.Title); m != nil {
				return strings.TrimSpace(m[1])
			}
		}
	}
	return ""
}

// Basis says in Chinese which counts a rate comes from: 开工 17 个 / 应开工 21 个 =
// 81.0%, 累计完成投资 52000 万元 / 计划投资 98000 万元 = 53.1%; for an undefined rate
// 未开展（应开工 0 个）. decimals is the indicator's.
func (r *Ratio) Basis(l *List, res RatioResult, decimals int32) string {
	num, den := r.names(l)
	var a, b string
	if r.IsCount() {
		a = fmt.Sprintf("%s %s 个", num, res.Num.String())
		b = fmt.Sprintf("%s %s 个", den, res.Den.String())
	} else {
		a = strings.TrimSpace(fmt.Sprintf("%s %s %s", num, res.Num.String(), columnMeasure(l, r.Sum)))
		b = strings.TrimSpace(fmt.Sprintf("%s %s %s", den, res.Den.String(), columnMeasure(l, r.Over)))
	}
	if !res.Defined {
		return NotStarted + "（" + b + "）"
	}
	return a + " / " + b + " = " + FormatDecimal(res.Value, decimals) + "%"
}
