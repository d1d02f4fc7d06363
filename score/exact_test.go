package score

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// minmaxDecimal is the minmax arithmetic on decimal.Decimal values, as scoring did it
// before exacts: the reference arith.minmax must equal.
func minmaxDecimal(v, lo, hi, points decimal.Decimal, lower bool) decimal.Decimal {
	spread := hi.Sub(lo)
	if spread.IsZero() {
		return points
	}
	gap := v.Sub(lo)
	if lower {
		gap = hi.Sub(v)
	}
	forty, sixty := decimal.NewFromInt(40), decimal.NewFromInt(60)
	return gap.DivRound(spread, precision).Mul(forty).Add(sixty).Mul(points).DivRound(hundred, precision)
}

// randomDecimal is a decimal of up to 20 digits, either sign, 0 to 18 places.
func randomDecimal(r *rand.Rand) decimal.Decimal {
	digits := 1 + r.IntN(20)
	s := ""
	if r.IntN(4) == 0 {
		s = "-"
	}
	for i := 0; i < digits; i++ {
		s += string(rune('0' + r.IntN(10)))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		panic(err)
	}
	return d.Shift(-int32(r.IntN(19)))
}

// The exact arithmetic gives decimal's results, number and exponent, for minmax
// points and for rounding (ties, negatives, long coefficients, unequal exponents).
func TestExactMatchesDecimal(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 5))
	var s arith
	var v, lo, hi, pts, z, gap, spread exact
	cases := [][4]decimal.Decimal{
		{decimal.RequireFromString("0.5"), decimal.Zero, decimal.NewFromInt(1), decimal.NewFromInt(20)},
		{decimal.RequireFromString("1.015"), decimal.RequireFromString("0.985"), decimal.RequireFromString("1.125"), hundred.DivRound(decimal.NewFromInt(3), precision)},
		{decimal.RequireFromString("-0.005"), decimal.RequireFromString("-0.015"), decimal.RequireFromString("0.005"), decimal.RequireFromString("2.5")},
		{decimal.NewFromInt(3), decimal.NewFromInt(3), decimal.NewFromInt(3), decimal.NewFromInt(7)},
	}
	for range 20000 {
		cases = append(cases, [4]decimal.Decimal{randomDecimal(r), randomDecimal(r), randomDecimal(r), randomDecimal(r)})
	}
	for _, c := range cases {
		for _, lower := range []bool{false, true} {
			want := minmaxDecimal(c[0], c[1], c[2], c[3], lower)
			v.set(c[0])
			lo.set(c[1])
			hi.set(c[2])
			pts.set(c[3])
			s.minmax(&z, &v, &lo, &hi, &pts, &gap, &spread, lower)
			if got := z.decimal(); got.Cmp(want) != 0 || got.Exponent() != want.Exponent() {
				t.Fatalf("minmax(%s, %s, %s, %s, lower %v) = %s (exp %d), want %s (exp %d)",
					c[0], c[1], c[2], c[3], lower, got, got.Exponent(), want, want.Exponent())
			}
		}
		for _, places := range []int32{0, 2, 3, 16} {
			want := c[0].Round(places)
			v.set(c[0])
			s.round(&z, &v, places)
			if got := z.decimal(); got.Cmp(want) != 0 || got.Exponent() != want.Exponent() || got.StringFixed(places) != c[0].StringFixed(places) {
				t.Fatalf("round(%s, %d) = %s, want %s", c[0], places, got, want)
			}
		}
	}
}
