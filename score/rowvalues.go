package score

import (
	"encoding/binary"
	"maps"
	"slices"
)

// RowValues are a list row's values by column id, packed into one string: for each
// column stored, its id and then its value, each preceded by its length as a
// uvarint. A map per row cost some 300 bytes besides its values, and a 5,000-unit
// period has 384,615 rows: 120 MB of maps held from loading to writing the 汇总表.
// The zero RowValues has no value.
type RowValues struct{ packed string }

// PackValues packs values by column id (in column id order).
func PackValues(values map[string]string) RowValues {
	var p RowPacker
	for _, col := range slices.Sorted(maps.Keys(values)) {
		p.Put(col, values[col])
	}
	p.EndRow()
	return p.Rows()[0]
}

// Get is the value of the column, "" when the row has none.
func (v RowValues) Get(col string) string {
	s := v.packed
	for len(s) > 0 {
		id, rest, ok := next(s)
		if !ok {
			return ""
		}
		value, rest, ok := next(rest)
		if !ok {
			return ""
		}
		if id == col {
			return value
		}
		s = rest
	}
	return ""
}

// Map is the values by column id, as a map: what campaign.ComputeRatio reads.
func (v RowValues) Map() map[string]string {
	out := map[string]string{}
	s := v.packed
	for len(s) > 0 {
		id, rest, ok := next(s)
		if !ok {
			break
		}
		value, rest, ok := next(rest)
		if !ok {
			break
		}
		out[id] = value
		s = rest
	}
	return out
}

// next splits a length-prefixed string off s.
func next(s string) (field, rest string, ok bool) {
	n, k := uvarint(s)
	if k <= 0 || uint64(len(s)-k) < n {
		return "", "", false
	}
	return s[k : k+int(n)], s[k+int(n):], true
}

// uvarint is binary.Uvarint on a string, without copying it to bytes.
func uvarint(s string) (uint64, int) {
	var x uint64
	var shift uint
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			return x | uint64(b)<<shift, i + 1
		}
		x |= uint64(b&0x7f) << shift
		shift += 7
	}
	return 0, 0
}

// RowPacker packs rows of values — a unit's rows, as the store hands them — into one
// string that the rows' RowValues share: one allocation for the unit instead of one
// per row.
type RowPacker struct {
	buf  []byte
	ends []int // where each finished row ends in buf
}

// Put adds a column's value to the row being packed.
func (p *RowPacker) Put(col, value string) {
	p.buf = binary.AppendUvarint(p.buf, uint64(len(col)))
	p.buf = append(p.buf, col...)
	p.buf = binary.AppendUvarint(p.buf, uint64(len(value)))
	p.buf = append(p.buf, value...)
}

// EndRow finishes the row being packed.
func (p *RowPacker) EndRow() { p.ends = append(p.ends, len(p.buf)) }

// Rows are the rows finished since the last call, in order; the packer is empty
// after.
func (p *RowPacker) Rows() []RowValues {
	all := string(p.buf)
	out := make([]RowValues, len(p.ends))
	from := 0
	for i, end := range p.ends {
		out[i] = RowValues{all[from:end]}
		from = end
	}
	p.buf, p.ends = p.buf[:0], p.ends[:0]
	return out
}
