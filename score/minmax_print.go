package score

import (
	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// minmaxPrinter prints the minmax formula of one metric for every unit. The lowest
// and highest values and the points are the same in every unit's formula, so they are
// rounded and printed once for each number of places a formula takes, not once per
// unit: at 1,300 units × 100 items that repeated decimal arithmetic was most of
// scoring's time.
type minmaxPrinter struct {
	scale     decimal.Decimal // what values are multiplied by when printed (100 for a completion)
	unit      string          // written after each value: % or nothing
	minPlaces int32
	lower     bool
	spread    decimal.Decimal // hi − lo, unscaled
	lo, hi    decimal.Decimal // scaled
	points    decimal.Decimal
	at        [precision + 1]*minmaxAt
}

// minmaxAt is what a formula printed with one number of places shares: the inputs
// rounded to it and, once a formula is printed with it, their text.
type minmaxAt struct {
	lo, hi, points, spread decimal.Decimal // rounded; spread is the rounded hi − lo
	printed                bool
	loText, hiText, ptText string
}

func newMinmaxPrinter(m *metrics, mt campaign.Metric, lo, hi, points decimal.Decimal, lower bool) *minmaxPrinter {
	scale, unit := m.formulaScale(mt)
	return &minmaxPrinter{scale: scale, unit: unit, minPlaces: m.formulaMinPlaces(mt), lower: lower,
		spread: hi.Sub(lo), lo: lo.Mul(scale), hi: hi.Mul(scale), points: points}
}

// rounded is the shared inputs rounded to places.
func (f *minmaxPrinter) rounded(places int32) *minmaxAt {
	a := f.at[places]
	if a == nil {
		a = &minmaxAt{lo: f.lo.Round(places), hi: f.hi.Round(places), points: f.points.Round(places)}
		a.spread = a.hi.Sub(a.lo)
		f.at[places] = a
	}
	return a
}

// formula prints a unit's formula for its (unscaled) value and points: in the units
// the reader sees (percentages for a completion ratio) with as many places as it
// takes for the printed inputs to give the printed result (what reproducible finds).
func (f *minmaxPrinter) formula(value, pts decimal.Decimal) string {
	v := value.Mul(f.scale)
	want := pts.Round(2)
	places := int32(precision)
	var rv decimal.Decimal
	for p := f.minPlaces; p < precision; p++ {
		a := f.rounded(p)
		rv = v.Round(p)
		if f.calc(rv, a).Round(2).Equal(want) {
			places = p
			break
		}
	}
	a := f.rounded(places)
	if places == precision {
		rv = v.Round(places)
	}
	if !a.printed {
		a.loText = operand(a.lo.StringFixed(places) + f.unit)
		a.hiText = operand(a.hi.StringFixed(places) + f.unit)
		a.ptText = operand(a.points.String())
		a.printed = true
	}
	vText := operand(rv.StringFixed(places) + f.unit)
	if f.lower {
		return "[(" + a.hiText + "−" + vText + ")/(" + a.hiText + "−" + a.loText + ")×40+60]/100×" + a.ptText
	}
	return "[(" + vText + "−" + a.loText + ")/(" + a.hiText + "−" + a.loText + ")×40+60]/100×" + a.ptText
}

// calc is minmaxFormula on the rounded inputs.
func (f *minmaxPrinter) calc(v decimal.Decimal, a *minmaxAt) decimal.Decimal {
	if a.spread.IsZero() {
		return a.points
	}
	gap := v.Sub(a.lo)
	if f.lower {
		gap = a.hi.Sub(v)
	}
	return gap.DivRound(a.spread, precision).Mul(forty).Add(sixty).Mul(a.points).DivRound(hundred, precision)
}
