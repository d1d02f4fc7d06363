package score

import (
	"math/big"

	"github.com/shopspring/decimal"
)

// exact is a decimal as a coefficient and an exponent (value = v × 10^exp) worked on
// in place. The minmax points of every unit and item are computed on exacts kept
// between calls instead of decimal.Decimal values, each operation of which
// allocates: the arithmetic is decimal's own, step for step, so every result is the
// same number.
type exact struct {
	v   big.Int
	exp int32
}

// set makes x the decimal d.
func (x *exact) set(d decimal.Decimal) *exact {
	if d.NumDigits() <= 18 {
		x.v.SetInt64(d.CoefficientInt64())
	} else {
		x.v.Set(d.Coefficient())
	}
	x.exp = d.Exponent()
	return x
}

// decimal is x as a decimal.Decimal.
func (x *exact) decimal() decimal.Decimal { return decimal.NewFromBigInt(&x.v, x.exp) }

// arith holds the scratch integers of the operations below.
type arith struct {
	a, b, r, t big.Int
}

var powers [40]*big.Int

func init() {
	p := big.NewInt(1)
	for i := range powers {
		powers[i] = new(big.Int).Set(p)
		p.Mul(p, big.NewInt(10))
	}
}

// pow10 is 10^n.
func pow10(n int64) *big.Int {
	if n < int64(len(powers)) {
		return powers[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// aligned puts x and y at the smaller exponent of the two into s.a and s.b, as
// decimal's Add and Sub do.
func (s *arith) aligned(x, y *exact) int32 {
	switch {
	case x.exp < y.exp:
		s.a.Set(&x.v)
		s.b.Mul(&y.v, pow10(int64(y.exp)-int64(x.exp)))
		return x.exp
	case x.exp > y.exp:
		s.a.Mul(&x.v, pow10(int64(x.exp)-int64(y.exp)))
		s.b.Set(&y.v)
		return y.exp
	}
	s.a.Set(&x.v)
	s.b.Set(&y.v)
	return x.exp
}

// sub sets z to x − y (decimal's Sub).
func (s *arith) sub(z, x, y *exact) {
	exp := s.aligned(x, y)
	z.v.Sub(&s.a, &s.b)
	z.exp = exp
}

// add sets z to x + y (decimal's Add).
func (s *arith) add(z, x, y *exact) {
	exp := s.aligned(x, y)
	z.v.Add(&s.a, &s.b)
	z.exp = exp
}

// mul sets z to x × y (decimal's Mul).
func (s *arith) mul(z, x, y *exact) {
	z.v.Mul(&x.v, &y.v)
	z.exp = x.exp + y.exp
}

// divRound sets z to x / y rounded half away from zero to places decimals
// (decimal's DivRound; with y = 1 also its Round). y must not be 0.
func (s *arith) divRound(z, x, y *exact, places int32) {
	e := int64(x.exp) - int64(y.exp) + int64(places)
	if e < 0 {
		s.a.Set(&x.v)
		s.b.Mul(&y.v, pow10(-e))
	} else {
		s.a.Mul(&x.v, pow10(e))
		s.b.Set(&y.v)
	}
	sign := x.v.Sign() * y.v.Sign()
	z.v.QuoRem(&s.a, &s.b, &s.r)
	z.exp = -places
	s.t.Abs(&s.r)
	s.t.Lsh(&s.t, 1)
	if s.t.CmpAbs(&s.b) < 0 {
		return
	}
	if sign < 0 {
		z.v.Sub(&z.v, bigOne)
	} else {
		z.v.Add(&z.v, bigOne)
	}
}

var (
	bigOne      = big.NewInt(1)
	exactOne    = exact{v: *big.NewInt(1)}
	exactForty  = exact{v: *big.NewInt(40)}
	exactSixty  = exact{v: *big.NewInt(60)}
	exactHundrd = exact{v: *big.NewInt(100)}
)

// round sets z to x rounded half away from zero to places decimals (decimal's Round).
func (s *arith) round(z, x *exact, places int32) { s.divRound(z, x, &exactOne, places) }

// minmax is minmaxFormula's arithmetic on exacts, into z: [(v − lo)/(hi − lo) × 40
// + 60] / 100 × points (hi − v over the spread when lower is better). gap and spread
// are scratch.
func (s *arith) minmax(z, v, lo, hi, points, gap, spread *exact, lower bool) {
	s.sub(spread, hi, lo)
	if spread.v.Sign() == 0 {
		z.v.Set(&points.v)
		z.exp = points.exp
		return
	}
	if lower {
		s.sub(gap, hi, v)
	} else {
		s.sub(gap, v, lo)
	}
	s.divRound(z, gap, spread, precision)
	s.mul(gap, z, &exactForty)
	s.add(z, gap, &exactSixty)
	s.mul(gap, z, points)
	s.divRound(z, gap, &exactHundrd, precision)
}
