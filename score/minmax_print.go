package score

import (
	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// minmaxPrinter scores one metric by minmax and prints each unit's formula. The
// lowest and highest values and the points are the same in every unit's formula, so
// they are rounded and printed once for each number of places a formula takes, not
// once per unit, and the arithmetic runs on exacts kept between units (exact.go): at
// 1,300 units × 100 items decimal values allocated per operation were most of
// scoring's time.
type minmaxPrinter struct {
	unit      string // written after each value: % or nothing
	minPlaces int32
	lower     bool
	// lo, hi and points as scored; scale is what values are multiplied by when
	// printed (100 for a completion), sLo and sHi the scaled bounds.
	lo, hi, points, scale, sLo, sHi exact
	at                              [precision + 1]*minmaxAt
	s                               arith
	// scratch
	v, sv, pts, want, rv, got, gap, spread exact
}

// minmaxAt is what a formula printed with one number of places shares: the inputs
// rounded to it and, once a formula is printed with it, their text.
type minmaxAt struct {
	lo, hi, points         exact
	printed                bool
	loText, hiText, ptText string
}

func newMinmaxPrinter(m *metrics, mt campaign.Metric, lo, hi, points decimal.Decimal, lower bool) *minmaxPrinter {
	scale, unit := m.formulaScale(mt)
	f := &minmaxPrinter{unit: unit, minPlaces: m.formulaMinPlaces(mt), lower: lower}
	f.lo.set(lo)
	f.hi.set(hi)
	f.points.set(points)
	f.scale.set(scale)
	f.s.mul(&f.sLo, &f.lo, &f.scale)
	f.s.mul(&f.sHi, &f.hi, &f.scale)
	return f
}

// rounded is the shared inputs rounded to places.
func (f *minmaxPrinter) rounded(places int32) *minmaxAt {
	a := f.at[places]
	if a == nil {
		a = &minmaxAt{}
		f.s.round(&a.lo, &f.sLo, places)
		f.s.round(&a.hi, &f.sHi, places)
		f.s.round(&a.points, &f.points, places)
		f.at[places] = a
	}
	return a
}

// pointsFor is a unit's points for its (unscaled) value, as score gives them, without
// the formula.
func (f *minmaxPrinter) pointsFor(value decimal.Decimal) decimal.Decimal {
	f.v.set(value)
	f.s.minmax(&f.pts, &f.v, &f.lo, &f.hi, &f.points, &f.gap, &f.spread, f.lower)
	return f.pts.decimal()
}

// score is a unit's points for its (unscaled) value, its formula and its points as
// printed. The formula is printed in the units the reader sees (percentages for a
// completion ratio) with as many places as it takes for the printed inputs to give
// the printed result (what reproducible finds for other formulas). The lowest and
// highest values must differ.
func (f *minmaxPrinter) score(value decimal.Decimal) (decimal.Decimal, string, string) {
	f.v.set(value)
	f.s.minmax(&f.pts, &f.v, &f.lo, &f.hi, &f.points, &f.gap, &f.spread, f.lower)
	f.s.round(&f.want, &f.pts, 2)
	f.s.mul(&f.sv, &f.v, &f.scale)
	places := int32(precision)
	for p := f.minPlaces; p < precision; p++ {
		a := f.rounded(p)
		f.s.round(&f.rv, &f.sv, p)
		f.s.minmax(&f.got, &f.rv, &a.lo, &a.hi, &a.points, &f.gap, &f.spread, f.lower)
		f.s.round(&f.got, &f.got, 2)
		if f.got.v.Cmp(&f.want.v) == 0 {
			places = p
			break
		}
	}
	a := f.rounded(places)
	if places == precision {
		f.s.round(&f.rv, &f.sv, places)
	}
	if !a.printed {
		a.loText = operand(a.lo.decimal().StringFixed(places) + f.unit)
		a.hiText = operand(a.hi.decimal().StringFixed(places) + f.unit)
		a.ptText = operand(a.points.decimal().String())
		a.printed = true
	}
	vText := operand(f.rv.decimal().StringFixed(places) + f.unit)
	formula := "[(" + vText + "−" + a.loText + ")/(" + a.hiText + "−" + a.loText + ")×40+60]/100×" + a.ptText
	if f.lower {
		formula = "[(" + a.hiText + "−" + vText + ")/(" + a.hiText + "−" + a.loText + ")×40+60]/100×" + a.ptText
	}
	return f.pts.decimal(), formula, f.want.decimal().StringFixed(2)
}
