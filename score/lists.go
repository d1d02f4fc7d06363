package score

import (
	"sort"
	"strings"

	"tenglong/campaign"
)

// MergedList is one list with the rows of every unit's current return (合并清单).
type MergedList struct {
	List *campaign.List
	Rows []MergedRow // by unit in campaign order, then row; nil once DropRows let them go
	// RowCount is the number of rows merged, kept when DropRows lets the rows go.
	RowCount int
	// Duplicates counts the rows whose unique value another unit also reported.
	Duplicates int
	// shared holds, per unique column id, each value more than one unit reported
	// and those units in merge order: what SharedOf reads, kept when DropRows lets
	// the rows go (a few entries, not one a row).
	shared map[string]map[string][]string
}

// MergedRow is one unit's list row.
type MergedRow struct {
	Unit   string
	Index  int
	Values RowValues
	// Shared names, by column id, the other units that reported the same value in a
	// column that must be unique (统一社会信用代码 across units).
	Shared map[string][]string
}

// mergeLists merges every list across units and flags values of unique columns that
// more than one unit reported.
func mergeLists(c *campaign.Campaign, d Data) []MergedList {
	units := make([]string, 0, len(d.Returns))
	for code := range d.Returns {
		units = append(units, code)
	}
	MergeOrder(c, units)

	var out []MergedList
	for li := range c.Lists {
		l := &c.Lists[li]
		ml := MergedList{List: l}
		n := 0
		for _, code := range units {
			for _, row := range d.Returns[code].Rows {
				if row.List == l.ID {
					n++
				}
			}
		}
		ml.Rows = make([]MergedRow, 0, n) // 100,000 rows grew by copying a dozen times
		for _, code := range units {
			for _, row := range d.Returns[code].Rows {
				if row.List == l.ID {
					ml.Rows = append(ml.Rows, MergedRow{Unit: code, Index: row.Index, Values: row.Values})
				}
			}
		}
		flagShared(&ml)
		ml.RowCount = len(ml.Rows)
		out = append(out, ml)
	}
	return out
}

// DropRows lets the merged lists' rows go, keeping their counts (RowCount,
// Duplicates): what a caller that never shows a row (score, interviews, consolidate
// --json) needs, without holding 384,615 rows of a 5,000-unit period to the end.
func (k *Consolidation) DropRows() {
	for i := range k.Lists {
		k.Lists[i].Rows = nil
	}
}

// MergeOrder sorts unit codes into the order a merged list takes its units in: as
// the campaign lists them, unknown codes last by code. A caller that reads a list's
// rows again unit by unit (the 汇总表's list sheets, from the store) reads them in
// this order.
func MergeOrder(c *campaign.Campaign, units []string) {
	order := unitOrder(c)
	sort.Slice(units, func(i, j int) bool { return unitLess(order, units[i], units[j]) })
}

// unitOrder is each unit's place in the campaign, by code.
func unitOrder(c *campaign.Campaign) map[string]int {
	order := make(map[string]int, len(c.Units))
	for i, u := range c.Units {
		order[u.Code] = i
	}
	return order
}

// unitLess orders unit codes as the campaign lists them; unknown codes go last.
func unitLess(order map[string]int, a, b string) bool {
	ia, oka := order[a]
	ib, okb := order[b]
	switch {
	case oka && okb:
		return ia < ib
	case oka != okb:
		return oka
	default:
		return a < b
	}
}

// flagShared marks the rows whose unique-column value is held by another unit too.
func flagShared(ml *MergedList) {
	sh := newSharing(ml.List, len(ml.Rows))
	for _, r := range ml.Rows {
		sh.add(r.Unit, r.Values)
	}
	ml.shared = sh.shared(nil)
	for i := range ml.Rows {
		r := &ml.Rows[i]
		r.Shared = ml.SharedOf(r.Unit, r.Values)
		if len(r.Shared) > 0 {
			ml.Duplicates++
		}
	}
}

// sharing finds, for a list's unique columns, the values more than one unit
// reported, from rows given unit by unit (each unit's rows together).
type sharing struct {
	cols    []string             // the unique columns' ids
	holders []map[string]holding // per unique column: value -> its units
}

// holding is the units that reported a value, in the order they came, once each;
// most values are one unit's, so the first is kept apart and a slice made only for
// a value shared.
type holding struct {
	first string
	all   []string // every unit, once the value is shared
}

// newSharing is an empty sharing for list l; rows is how many rows are expected (0:
// not known).
func newSharing(l *campaign.List, rows int) *sharing {
	s := &sharing{}
	for _, col := range l.Columns {
		if col.Unique {
			s.cols = append(s.cols, col.ID)
			s.holders = append(s.holders, make(map[string]holding, rows))
		}
	}
	return s
}

// add notes a row's unique values. A value is kept as a copy: v is a slice of its
// unit's packed rows, which need not stay.
func (s *sharing) add(unit string, v RowValues) {
	for i, col := range s.cols {
		value := v.Get(col)
		if value == "" {
			continue
		}
		holders := s.holders[i]
		h, ok := holders[value]
		switch {
		case !ok:
			holders[strings.Clone(value)] = holding{first: unit}
		case len(h.all) == 0 && h.first != unit:
			h.all = []string{h.first, unit}
			holders[value] = h
		case len(h.all) > 0 && h.all[len(h.all)-1] != unit:
			h.all = append(h.all, unit)
			holders[value] = h
		}
	}
}

// shared is, per unique column id, each value more than one unit reported and its
// units (MergedList.shared); nil when none is. With order (unit code -> place in the
// campaign), each value's units are put in merge order (unitLess): rows added in
// another unit order come out as a merge in order would have them.
func (s *sharing) shared(order map[string]int) map[string]map[string][]string {
	var out map[string]map[string][]string
	for i, col := range s.cols {
		for v, h := range s.holders[i] {
			if len(h.all) < 2 {
				continue
			}
			if order != nil {
				sort.Slice(h.all, func(a, b int) bool { return unitLess(order, h.all[a], h.all[b]) })
			}
			if out == nil {
				out = map[string]map[string][]string{}
			}
			if out[col] == nil {
				out[col] = map[string][]string{}
			}
			out[col][v] = h.all
		}
	}
	return out
}

// SharedOf is what MergedRow.Shared holds for a row of unit with values v: by
// unique column id, the other units that reported the same value; nil when none did.
// It answers from what the merge found, also once DropRows let the rows go.
func (ml *MergedList) SharedOf(unit string, v RowValues) map[string][]string {
	var out map[string][]string
	for _, col := range ml.List.Columns {
		holders := ml.shared[col.ID][v.Get(col.ID)]
		if !col.Unique || len(holders) < 2 {
			continue
		}
		var others []string
		for _, u := range holders {
			if u != unit {
				others = append(others, u)
			}
		}
		if out == nil {
			out = map[string][]string{}
		}
		out[col.ID] = others
	}
	return out
}
