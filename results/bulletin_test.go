package results

import (
	"testing"

	"github.com/shopspring/decimal"
)

// differenceWords never prints 相差0.0 or a sign after 相差.
func TestDifferenceWords(t *testing.T) {
	for in, want := range map[string]string{
		"0": "与目标持平", "0.04": "与目标持平", "-0.04": "与目标持平",
		"0.05": "高于目标0.1个百分点", "1.25": "高于目标1.3个百分点", "-1.5": "低于目标1.5个百分点",
	} {
		if got := differenceWords(decimal.RequireFromString(in)); got != want {
			t.Errorf("differenceWords(%s) = %q, want %q", in, got, want)
		}
	}
}
