package score

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// A cell gives back exactly the decimals set (digits and exponent, so 0.00 stays
// 0.00 and a number too long for 64 bits stays whole), and every other part of the
// result, the rare ones included.
func TestCellKeepsWhatIsSet(t *testing.T) {
	due := campaign.YearMonth{Year: 2023, Month: 12}
	tests := []struct {
		name   string
		actual campaign.Actual
		result campaign.Result
		text   string
		note   string
	}{
		{"nothing", campaign.Actual{}, campaign.Result{Status: campaign.StatusMissing}, "", ""},
		{"a ratio", campaign.Reported(dec("112.50")), campaign.Result{Status: campaign.StatusGreen, TimeProgress: dec("0.5833333333333333"),
			Completion: campaign.Completion{Kind: campaign.CompletionRatio, Value: dec("1.0227272727272727"), Defined: true}}, "", "按月调度"},
		{"zeros with places", campaign.Reported(dec("0.00")), campaign.Result{Status: campaign.StatusRed, TimeProgress: dec("0.750"),
			Completion: campaign.Completion{Kind: campaign.CompletionDifference, Value: dec("-0.00"), Defined: true}}, "", ""},
		{"over 64 bits", campaign.Reported(dec("123456789012345678901234567.891")), campaign.Result{Status: campaign.StatusYellow,
			TimeProgress: dec("1"), Completion: campaign.Completion{Kind: campaign.CompletionRatio, Value: dec("-98765432109876543210.0123456789012345"), Defined: true}}, "", ""},
		{"an answer", campaign.ReportedDone(true), campaign.Result{Status: campaign.StatusGreen,
			Completion: campaign.Completion{Kind: campaign.CompletionQualitative, Done: true, Defined: true}}, "已完成", ""},
		{"full term", campaign.Reported(dec("-3.1")), campaign.Result{Status: campaign.StatusYellow, FullTerm: true, Due: due, Best: true}, "", ""},
		{"milestone", campaign.Reported(dec("85")), campaign.Result{Status: campaign.StatusGreen,
			Milestone: &campaign.MilestoneDue{Value: dec("80"), Month: campaign.YearMonth{Year: 2022, Month: 9}}}, "", ""},
		{"odd codes", campaign.Reported(dec("1")), campaign.Result{Status: "later", Completion: campaign.Completion{Kind: "share"}}, "", ""},
	}
	for _, tt := range tests {
		var c Cell
		c.SetActual(tt.actual)
		c.setResult(tt.result)
		c.setTexts(tt.text, tt.note)
		if got, want := actualText(c.Actual()), actualText(tt.actual); got != want {
			t.Errorf("%s: actual %s, want %s", tt.name, got, want)
		}
		if got, want := resultText(c.Result()), resultText(tt.result); got != want {
			t.Errorf("%s: result %s, want %s", tt.name, got, want)
		}
		if c.Reported() != tt.actual.Reported || c.Text() != tt.text || c.Note() != tt.note {
			t.Errorf("%s: reported %v text %q note %q", tt.name, c.Reported(), c.Text(), c.Note())
		}
		if c.Target().IsSet() {
			t.Errorf("%s: a cell without a target has one: %+v", tt.name, *c.Target())
		}
	}
}

// exactText prints a decimal with its exponent: 0.00 and 0 differ.
func exactText(d decimal.Decimal) string { return fmt.Sprintf("%s@%d", d.String(), d.Exponent()) }

func actualText(a campaign.Actual) string {
	return fmt.Sprintf("%v %s %v %v", a.Reported, exactText(a.Value), a.Done, a.Answered)
}

func resultText(r campaign.Result) string {
	m := "-"
	if r.Milestone != nil {
		m = fmt.Sprintf("%s %v %v", exactText(r.Milestone.Value), r.Milestone.Month, r.Milestone.Ahead)
	}
	return fmt.Sprintf("%s %s %v %v | %s %s %v %v %v %s", r.Completion.Kind, exactText(r.Completion.Value), r.Completion.Done,
		r.Completion.Defined, exactText(r.TimeProgress), r.Status, r.Best, r.FullTerm, r.Due, m)
}

// Letting each unit's values go as its cells are made (Data.Release) changes nothing
// the consolidation says, weighted and unit-given totals included, and does let them
// go.
func TestReleaseKeepsTheConsolidation(t *testing.T) {
	c, _ := wzetdzData(t)
	weighted, _ := c.Indicator("output-per-mu")
	given, _ := c.Indicator("profit-per-mu")
	weighted.Total, weighted.WeightedBy = campaign.TotalWeightedBy, "output-total"
	given.Total, given.GivenBy = campaign.TotalGiven, "haicheng"
	consolidation := func(release bool) (*Consolidation, Data) {
		_, d := wzetdzData(t)
		d.Release = release
		return Consolidate(c, d, nil), d
	}
	kept, _ := consolidation(false)
	released, d := consolidation(true)
	if got, want := consolidationText(released), consolidationText(kept); got != want {
		t.Errorf("released:\n%s\nkept:\n%s", got, want)
	}
	if !strings.Contains(consolidationText(kept), "按规上工业总产值加权") || !strings.Contains(consolidationText(kept), "由") {
		t.Fatalf("the weighted or the unit-given total is missing; the test would prove nothing:\n%s", consolidationText(kept))
	}
	if v := d.Returns["xinghai"].Values; len(v) != 1 || d.Returns["haicheng"].Values == nil {
		t.Errorf("released values: xinghai keeps %d (want only the weight), haicheng (gives a total) %d", len(v), len(d.Returns["haicheng"].Values))
	}
}

// consolidationText prints every cell of a consolidation, the totals with their basis.
func consolidationText(k *Consolidation) string {
	var b strings.Builder
	for i := range k.Indicators {
		r := &k.Indicators[i]
		fmt.Fprintf(&b, "%s %s %v %s\n", r.Indicator.ID, r.RankedBy, r.HasTotal, r.TotalBasis)
		for _, c := range append([]Cell{r.Total}, r.Units...) {
			fmt.Fprintf(&b, "  %s %s %s | %s | %d %q %q\n", c.Unit, c.Target().Display(), actualText(c.Actual()), resultText(c.Result()),
				c.Rank, c.Text(), c.Note())
		}
	}
	return b.String()
}

// A stored number is read as decimal.NewFromString reads it: the same digits and
// exponent (1.50 stays 1.50), or the same error.
func TestParseNumberValueReadsAsDecimal(t *testing.T) {
	for _, s := range []string{"1.50", "-0.00", "-0", ".5", "007", "0", "-12.345", "123456789012345678", "-0.123456789012345678",
		"1234567890123456789", "98765432109876543210.123", "1e3", "+5", " 5", "abc", "-", "1.", "1.2.3", "", "--1", "3.0"} {
		got, err := ParseNumberValue(s)
		want, wantErr := decimal.NewFromString(s)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%q: error %v, want %v", s, err, wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if n, ok := got.Number(); !ok || exactText(n) != exactText(want) {
			t.Errorf("%q: %s (%v), want %s", s, exactText(n), ok, exactText(want))
		}
	}
	if _, ok := (Value{Text: "完成"}).Number(); ok {
		t.Error("a value without a number has one")
	}
}
