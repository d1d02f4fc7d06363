package score

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// Data is what a period's consolidation is computed from: the units' current accepted
// submissions, how each unit's reporting went, and the office's own figures.
type Data struct {
	Period campaign.Period
	// Returns holds each unit's current (accepted, not superseded) submission by unit
	// code. A unit without one is absent: its values are missing, never 0.
	Returns map[string]*Return
	// Attempts says, by unit code, how the unit's reporting went; units absent have
	// sent nothing.
	Attempts map[string]Attempt
	// Totals are the office's own figures for indicators whose total rule is
	// `given`, by indicator id.
	Totals map[string]decimal.Decimal
	// TotalAnswers are the office's 完成 (true) / 未完成 (false) for given totals
	// whose target is worded ({text: 完成省定目标}), by indicator id.
	TotalAnswers map[string]bool
	// Points are the bonus and manual points the office entered for the period.
	Points []Entry
	// Release lets Consolidate drop each unit's values and tasks from Returns once
	// its cells are made (all but what total rows read): set by a caller that does
	// not use the data again, so that a province's values are not all held on top
	// of its cells.
	Release bool
}

// Return is one unit's current accepted submission.
type Return struct {
	Values map[string]Value // by indicator id; empty inputs absent
	Rows   []Row            // list rows, in list then row order
	Tasks  map[string]TaskReport
}

// Value is one reported indicator value. Its number is kept as coefficient and
// exponent when they fit in 64 bits: a province's 500,000 values each held a heap
// big.Int (22 MB at 5,000 units) while they were loaded and consolidated.
type Value struct {
	Text string // a qualitative answer: 完成 / 未完成
	Note string // 备注
	big  *decimal.Decimal
	num  int64
	exp  int32
	has  bool
}

// NumberValue is a value holding the number n.
func NumberValue(n decimal.Decimal) Value {
	v := Value{has: true}
	if n.NumDigits() > 18 && !n.Coefficient().IsInt64() {
		v.big = &n
		return v
	}
	v.num, v.exp = n.CoefficientInt64(), n.Exponent()
	return v
}

// ParseNumberValue is NumberValue of the number written s, read as
// decimal.NewFromString reads it (its error when it is not a number); a plain
// number of up to 18 digits (-12.50) is read without making a big.Int.
func ParseNumberValue(s string) (Value, error) {
	if v, ok := plainNumber(s); ok {
		return v, nil
	}
	n, err := decimal.NewFromString(s)
	if err != nil {
		return Value{}, err
	}
	return NumberValue(n), nil
}

// plainNumber reads [-]digits[.digits] of at most 18 digits into the coefficient
// and exponent decimal.NewFromString gives it (1.50 is 150 and −2).
func plainNumber(s string) (Value, bool) {
	i, neg := 0, false
	if strings.HasPrefix(s, "-") {
		i, neg = 1, true
	}
	var coef int64
	digits, exp, dot := 0, int32(0), false
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case ch >= '0' && ch <= '9':
			coef = coef*10 + int64(ch-'0')
			digits++
			if dot {
				exp--
			}
		case ch == '.' && !dot:
			dot = true
		default:
			return Value{}, false
		}
	}
	if digits == 0 || digits > 18 || dot && exp == 0 {
		return Value{}, false
	}
	if neg {
		coef = -coef
	}
	return Value{num: coef, exp: exp, has: true}, true
}

// Number is the value's number; ok is false when it has none.
func (v Value) Number() (n decimal.Decimal, ok bool) {
	switch {
	case !v.has:
		return decimal.Decimal{}, false
	case v.big != nil:
		return *v.big, true
	}
	return decimal.New(v.num, v.exp), true
}

// Row is one filled list row of a unit's return.
type Row struct {
	List   string
	Index  int       // 0-based among the template's prepared rows
	Values RowValues // by column id, as stored (decimals exact, dates 2006-01-02)
}

// TaskReport is what a unit reported on one task.
type TaskReport struct {
	Status   string // 未启动 / 推进中 / 已完成 / 滞后
	Progress string // 进展情况
}

// State is where a unit's reporting stands for a period (报送情况).
type State string

// The states of DESIGN.md §9's status contract.
const (
	StateMissing  State = "missing"  // nothing received
	StateAccepted State = "accepted" // current data exists
	StateRejected State = "rejected" // only rejected or unreadable files
)

// Label is the Chinese word for the state.
func (s State) Label() string {
	switch s {
	case StateAccepted:
		return "已采用"
	case StateRejected:
		return "退回"
	default:
		return "未报送"
	}
}

// NoDataWord is how every table names a unit without accepted data: 未报送 when
// nothing came, 被退回 when what came was sent back and not corrected; "" for a unit
// whose data was accepted.
func (s State) NoDataWord() string {
	switch s {
	case StateAccepted:
		return ""
	case StateRejected:
		return "被退回"
	default:
		return "未报送"
	}
}

// NoDataReason says in a sentence why a unit without accepted data has no figures and
// no points: 未报送，没有可采用的数据，不计分 or 1月8日报送的文件被退回（2个错误），未改正，
// 没有可采用的数据，不计分.
func NoDataReason(k *Consolidation, sub Submission) string {
	if sub.State == StateRejected {
		return fmt.Sprintf("%s报送的文件被退回（%d个错误），未改正，没有可采用的数据，不计分",
			k.Campaign.In(sub.ReceivedAt).Format("1月2日"), sub.Errors)
	}
	return "未报送，没有可采用的数据，不计分"
}

// Attempt is how one unit's reporting went in a period.
type Attempt struct {
	State      State
	ReceivedAt time.Time // of the submission shown (the current one when accepted)
	Late       bool
	Errors     int
	Warnings   int
}

// Entry is bonus or manual points the office entered for a unit on a scoring item.
type Entry struct {
	Unit   string
	Item   string
	Points decimal.Decimal
	Reason string
}
