package store

import (
	"database/sql"
	"slices"
	"strings"
)

// The cross-unit duplicate check (统一社会信用代码 reported by two units) asks, for
// every file, which of its values other units' current submissions hold. Reading a
// whole period for each file would cost O(period) per file, so the store keeps, per
// campaign, period and set of columns, an in-memory index of the current values,
// loaded once and updated by this Store's own RecordSubmission. Any write by another
// Store or process (seen as a new audit entry) makes it reload on the next call.

// indexKey names one index: a campaign, a period and the columns it covers.
type indexKey struct {
	campaign, period, columns string
}

func newIndexKey(campaign, period string, columns []ListColumn) indexKey {
	parts := make([]string, len(columns))
	for i, c := range columns {
		parts[i] = c.List + "\x00" + c.Column
	}
	slices.Sort(parts)
	return indexKey{campaign, period, strings.Join(slices.Compact(parts), "\x01")}
}

// valueIndex is the current values of some list columns in one period.
type valueIndex struct {
	mark    int64 // the audit id the index is current with
	columns map[ListColumn]bool
	byValue map[string][]string // value → units, in code order
	byUnit  map[string][]string // unit → its values
}

// indexChange is what a committed write changed for the indexes: a unit's new
// current submission.
type indexChange struct {
	campaign, period, unit string
	rows                   []Row
}

// maxIndexes bounds the memory held: an ingest batch touches one or two periods.
const maxIndexes = 4

// HeldByOthers reports which of values (a file's USCCs) other units hold in their
// current submissions of the campaign and period, in the given list columns: value →
// the unit holding it (the first by code when several do). Values missing from the
// result are held by no other unit. Values are compared exactly as stored.
//
// The first call for a period reads the period's values once; later calls cost
// O(len(values)) as long as only this Store writes. This is the call for checking
// one file at a time during ingest; AcceptedUSCC returns a whole period at once.
func (s *Store) HeldByOthers(campaign, period, unit string, values []string, columns ...ListColumn) (map[string]string, error) {
	out := map[string]string{}
	if len(columns) == 0 || len(values) == 0 {
		return out, nil
	}
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	key := newIndexKey(campaign, period, columns)
	idx := s.indexes[key]
	mark, err := s.progressMark(s.db)
	if err != nil {
		return nil, s.wrap("held by others", err)
	}
	if idx == nil || idx.mark != mark {
		if idx, err = s.loadIndex(campaign, period, columns); err != nil {
			return nil, err
		}
		if s.indexes == nil || len(s.indexes) >= maxIndexes {
			s.indexes = map[indexKey]*valueIndex{}
		}
		s.indexes[key] = idx
	}
	for _, v := range values {
		for _, u := range idx.byValue[v] {
			if u != unit {
				out[v] = u
				break
			}
		}
	}
	return out, nil
}

// loadIndex reads a period's current values of the columns in one snapshot, with
// the audit mark of that snapshot.
func (s *Store) loadIndex(campaign, period string, columns []ListColumn) (*valueIndex, error) {
	idx := &valueIndex{columns: map[ListColumn]bool{}, byValue: map[string][]string{}, byUnit: map[string][]string{}}
	for _, c := range columns {
		idx.columns[c] = true
	}
	err := s.read("load list value index", func(tx *sql.Tx) error {
		var err error
		if idx.mark, err = s.progressMark(tx); err != nil {
			return err
		}
		return scanCurrentColumns(tx, campaign, period, "", columns, func(value, unit string) {
			idx.add(unit, value)
		})
	})
	if err != nil {
		return nil, err
	}
	return idx, nil
}

func (idx *valueIndex) add(unit, value string) {
	units := idx.byValue[value]
	if i, found := slices.BinarySearch(units, unit); !found {
		idx.byValue[value] = slices.Insert(units, i, unit)
		idx.byUnit[unit] = append(idx.byUnit[unit], value)
	}
}

// replaceUnit makes rows the unit's current values.
func (idx *valueIndex) replaceUnit(unit string, rows []Row) {
	for _, v := range idx.byUnit[unit] {
		units := slices.DeleteFunc(idx.byValue[v], func(u string) bool { return u == unit })
		if len(units) == 0 {
			delete(idx.byValue, v)
		} else {
			idx.byValue[v] = units
		}
	}
	delete(idx.byUnit, unit)
	for _, r := range rows {
		for col, c := range r.Values {
			if c.Value != "" && idx.columns[ListColumn{List: r.List, Column: col}] {
				idx.add(unit, c.Value)
			}
		}
	}
}

// noteWrite brings the indexes up to date after this Store committed a write that
// moved the audit mark from before to after. An index that had missed another
// writer's change is dropped.
func (s *Store) noteWrite(before, after int64, change *indexChange) {
	s.idxMu.Lock()
	defer s.idxMu.Unlock()
	for key, idx := range s.indexes {
		if idx.mark != before {
			delete(s.indexes, key)
			continue
		}
		idx.mark = after
		if change != nil && key.campaign == change.campaign && key.period == change.period {
			idx.replaceUnit(change.unit, change.rows)
		}
	}
}

func (s *Store) dropIndexes() {
	s.idxMu.Lock()
	s.indexes = nil
	s.idxMu.Unlock()
}
