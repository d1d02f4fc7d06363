package returns

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// TestIssuedTargetReadsAlike: a target cell holding the target's text is taken as
// unchanged without parsing only when issuedTarget says both readers agree on it.
func TestIssuedTargetReadsAlike(t *testing.T) {
	for _, tc := range []struct {
		s     string
		plain bool
	}{
		{"0", true}, {"-0", true}, {"12.5", true}, {"-0.25", true}, {"007", true}, {"100000000000000", true},
		{"123456789012345.5", false}, {"1e5", false}, {"1E5", false}, {".5", false}, {"5.", false},
		{"+5", false}, {"", false}, {"-", false}, {"1,000", false}, {"1.2.3", false}, {" 1", false}, {"１", false},
	} {
		if got := issuedTarget(tc.s); got != tc.plain {
			t.Errorf("issuedTarget(%q) = %v, want %v", tc.s, got, tc.plain)
		}
		if !tc.plain {
			continue
		}
		want, err := decimal.NewFromString(tc.s)
		if err != nil {
			t.Fatalf("%q: %v", tc.s, err)
		}
		got, err := NormalizeNumber(tc.s, "万元")
		if err != nil || !got.Equal(want) {
			t.Errorf("NormalizeNumber(%q) = %v, %v; want %v", tc.s, got, err, want)
		}
	}
}

// TestFinishPlacesDeferredFindings: each deferred check's finding goes where the
// check was made, before the finding that came next — also when earlier deferred
// checks have none (Finish copies the findings only from the first that has one).
func TestFinishPlacesDeferredFindings(t *testing.T) {
	mk := func(cell string) Finding { return Finding{Code: CodeBadUSCC, Cell: cell} }
	pr := &Prepared{r: Result{Findings: []Finding{mk("A1"), mk("A2"), mk("A3")}}, deferred: []deferred{
		{at: 0, code: "none", cell: "D0"}, {at: 1, code: "none", cell: "D1"},
		{at: 2, code: "held", cell: "D2"}, {at: 2, code: "none", cell: "D3"}, {at: 3, code: "held", cell: "D4"},
	}}
	var cells []string
	for _, f := range pr.Finish(Context{OtherUSCC: map[string]string{"held": "西城区"}}).Findings {
		cells = append(cells, f.Cell)
	}
	if want := "[A1 A2 D2 A3 D4]"; fmt.Sprint(cells) != want {
		t.Errorf("findings at %v, want %s", cells, want)
	}
	none := (&Prepared{r: Result{Findings: []Finding{mk("A1")}}, deferred: []deferred{{at: 0, code: "none"}}}).Finish(Context{})
	if len(none.Findings) != 1 || none.Findings[0].Cell != "A1" {
		t.Errorf("without deferred findings: %v", none.Findings)
	}
}
