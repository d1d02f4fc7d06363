package campaign

import (
	"strings"

	"github.com/shopspring/decimal"
)

// A campaign of 5,000 units × 100 indicators holds 575,000 targets, and every command
// keeps it loaded for its whole run. Held as one Target per unit and indicator
// (a map slot of 96 bytes, a big.Int per number, literals that were slices of their
// 50 KB line) they took 120 MB of live heap, which Go's collector doubles (issue 21).
// Yet they repeat: a line of targets writes a few dozen distinct numbers, and a
// target is its form, number, note and line. So the decoder shares them — a
// TargetSet's values point to one Target per distinct target of a line (or of a
// block), and each distinct number is parsed once and its big.Int and text shared.
// A loaded campaign is read, never modified, so sharing changes nothing it says.

// targetPool is what the decoder shares among targets while it loads.
type targetPool struct {
	numbers map[string]number     // literal as written (trimmed) → its value and text
	shared  map[targetKey]*Target // targets without milestones, by what they say
	line    map[string]*Target    // flowTargets: the current line's targets by word
	slab    []Target              // targets are allocated in blocks of slabSize
}

// number is one distinct number of the campaign: its value and one copy of its text.
type number struct {
	text  string
	value decimal.Decimal
}

// targetKey is everything a Target without milestones says: its value follows from
// its literal.
type targetKey struct {
	form          TargetForm
	literal, note string
	line          int
}

const slabSize = 256

// parseNumber is parseDecimal of a number the campaign may write many times: the
// first time it is parsed and kept, after that its value and text are shared. A
// decimal's big.Int is never modified by its methods, so sharing one is safe.
func (d *decoder) parseNumber(s string) (number, error) {
	s = strings.TrimSpace(s)
	if n, ok := d.pool.numbers[s]; ok {
		return n, nil
	}
	v, err := parseDecimal(s)
	if err != nil {
		return number{}, err
	}
	if d.pool.numbers == nil {
		d.pool.numbers = map[string]number{}
	}
	n := number{text: strings.Clone(s), value: v} // not a slice of the line it was read from
	d.pool.numbers[n.text] = n
	return n, nil
}

// newTarget places a target in the current slab.
func (d *decoder) newTarget(t Target) *Target {
	p := &d.pool
	if len(p.slab) == cap(p.slab) {
		p.slab = make([]Target, 0, slabSize)
	}
	p.slab = append(p.slab, t)
	return &p.slab[len(p.slab)-1]
}

// share returns the one Target that says what t says: targets written alike on one
// line (a flow mapping {u1: 5, u2: 5}) become one. A target with its own milestones
// is not shared (a map cannot be a key, and such targets are few).
func (d *decoder) share(t Target) *Target {
	if len(t.Milestones) > 0 {
		return d.newTarget(t)
	}
	key := targetKey{t.Form, t.Literal, t.Note, t.Line}
	if s, ok := d.pool.shared[key]; ok {
		return s
	}
	if d.pool.shared == nil {
		d.pool.shared = map[targetKey]*Target{}
	}
	s := d.newTarget(t)
	d.pool.shared[key] = s
	return s
}
