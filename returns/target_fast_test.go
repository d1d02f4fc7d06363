package returns

import (
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
