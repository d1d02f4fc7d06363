package store

import (
	"database/sql"
	"hash/maphash"
	"slices"
	"strings"
	"unsafe"
)

// codeIndex is what HeldByOthers looks a file's codes up in: the 统一社会信用代码 of
// some list columns in the current accepted submissions of one campaign and period,
// by a 32-bit hash, with the units holding each (issue 21). An index by value in the
// database cost every file hundreds of B-tree inserts spread over the whole index,
// half of what storing a return cost; list_codes keeps a submission's codes in one
// entry a column instead, and this index is built from those entries once and then
// kept up to date with only the submissions recorded since (seen).
//
// A current submission's codes are in it under its unit; when a newer accepted one
// of the unit comes, the older one's codes are taken out. A hash found is checked
// against the holder's stored codes before it is reported, so a collision of two
// codes' hashes never reports a code no other unit holds. 32 bits keep the index at
// about 10 bytes a code (1.5 million codes at 5,000 units); a code of a file
// collides with one of those about once in 3,000, which costs one read of the
// holder's codes.
//
// It holds what the transaction it was last brought up to date in could see: a
// batch's files not yet committed included. So it is used only under the store's
// writeMu (a batch holds it while open, HeldByOthers takes it otherwise), and every
// index is dropped when a batch is rolled back (forgetCodes).
type codeIndex struct {
	campaign, period string
	columns          []ListColumn
	seen             int64            // the highest submission id looked at
	current          map[string]int64 // unit → its current accepted submission of the period
	units            []string         // the units holding codes, by their number in one and many
	unitIDs          map[string]int32
	one              map[uint32]int32   // hash → the one unit holding it
	many             map[uint32][]int32 // hash → the units holding it, when more than one does
}

// codeSeed seeds codeHash: the index lives in memory only, so any seed will do.
var codeSeed = maphash.MakeSeed()

// codeHash is the hash the index files a code under (a variable so that a test can
// make every code collide).
var codeHash = func(code string) uint32 { return uint32(maphash.String(codeSeed, code)) }

// maxCodeIndexes is how many (campaign, period, columns) indexes a store keeps.
const maxCodeIndexes = 8

// codeIndexFor returns the kept index of the campaign, period and columns, or a new
// empty one. Call with writeMu held.
func (s *Store) codeIndexFor(campaign, period string, columns []ListColumn) *codeIndex {
	for _, ix := range s.codeIndexes {
		if ix.campaign == campaign && ix.period == period && slices.Equal(ix.columns, columns) {
			return ix
		}
	}
	if len(s.codeIndexes) >= maxCodeIndexes {
		s.codeIndexes = s.codeIndexes[:0]
	}
	ix := &codeIndex{campaign: campaign, period: period, columns: slices.Clone(columns), seen: -1}
	s.codeIndexes = append(s.codeIndexes, ix)
	return ix
}

// forgetCodes drops every index, and the codes written lately: what they hold may
// include writes rolled back.
func (s *Store) forgetCodes() { s.codeIndexes, s.written = nil, nil }

// writtenCodes are the distinct codes of one recorded submission by list column, as
// hashes (codeHash), in the order insertRows wrote them to list_codes.
type writtenCodes struct {
	id      int64
	columns []writtenColumn
}

type writtenColumn struct {
	col    ListColumn
	hashes []uint32
}

// maxWritten is how many recorded submissions' codes are kept for the indexes: they
// take each file's codes at the next file's lookup, so a few would do; a submission
// no longer kept is read back from list_codes.
const maxWritten = 64

// owner is the store whose writeMu guards the code indexes: a batch's parent.
func (s *Store) owner() *Store {
	if s.batch != nil {
		return s.batch.parent
	}
	return s
}

// noteWritten keeps w for the indexes. Call with writeMu held, inside the
// transaction that wrote it: a rollback drops it (forgetCodes).
func (s *Store) noteWritten(w writtenCodes) {
	if len(s.written) >= maxWritten {
		n := copy(s.written, s.written[maxWritten/2:])
		clear(s.written[n:])
		s.written = s.written[:n]
	}
	s.written = append(s.written, w)
}

// writtenHashes are the kept hashes of submission id's codes in columns; ok is
// false when they are no longer kept.
func (s *Store) writtenHashes(id int64, columns []ListColumn) (out []uint32, ok bool) {
	for i := len(s.written) - 1; i >= 0; i-- {
		w := &s.written[i]
		if w.id != id {
			continue
		}
		for _, c := range w.columns {
			if slices.Contains(columns, c.col) {
				out = append(out, c.hashes...)
			}
		}
		return out, true
	}
	return nil, false
}

// refresh brings the index up to what tx sees: at first the period's current
// submissions, then every submission recorded since the last time.
func (ix *codeIndex) refresh(tx *sql.Tx, s *Store) error {
	if ix.seen < 0 {
		ix.current = map[string]int64{}
		ix.unitIDs = map[string]int32{}
		ix.one = map[uint32]int32{}
		ix.many = map[uint32][]int32{}
		var top int64
		if err := tx.QueryRow(`SELECT ifnull(max(id), 0) FROM submissions`).Scan(&top); err != nil {
			return err
		}
		curs, err := accepted(tx.Query(`SELECT id, unit FROM submissions
			WHERE campaign = ? AND period = ? AND outcome = 'accepted' AND superseded_by IS NULL AND id <= ?`,
			ix.campaign, ix.period, top))
		if err != nil {
			return err
		}
		for _, c := range curs {
			if err := ix.take(tx, s, c.unit, c.id); err != nil {
				return err
			}
		}
		ix.seen = top
		return nil
	}
	// The submissions recorded since (few: usually the file before this one), through
	// the primary key: the unary + keeps SQLite from walking the period's entries of
	// submissions_by_unit instead.
	stmt, err := s.prepared(tx, `SELECT id, unit FROM submissions
		WHERE id > ? AND +campaign = ? AND +period = ? AND outcome = 'accepted' ORDER BY id`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	curs, err := accepted(stmt.Query(ix.seen, ix.campaign, ix.period))
	if err != nil {
		return err
	}
	var top int64
	if err := s.queryRow(tx, `SELECT ifnull(max(id), 0) FROM submissions`, nil, &top); err != nil {
		return err
	}
	for _, c := range curs { // in the order recorded: the newest accepted one is current
		if err := ix.take(tx, s, c.unit, c.id); err != nil {
			return err
		}
	}
	ix.seen = top
	return nil
}

// acceptedSub is an accepted submission as refresh reads them.
type acceptedSub struct {
	id   int64
	unit string
}

// accepted reads the (id, unit) rows of a query, all of them before the caller runs
// other queries in the same transaction.
func accepted(rows *sql.Rows, err error) ([]acceptedSub, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []acceptedSub
	for rows.Next() {
		var a acceptedSub
		if err := rows.Scan(&a.id, &a.unit); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// take makes submission id the unit's current one: its codes in, the codes of the
// one it supersedes out.
func (ix *codeIndex) take(tx *sql.Tx, s *Store, unit string, id int64) error {
	u, ok := ix.unitIDs[unit]
	if !ok {
		u = int32(len(ix.units))
		ix.units = append(ix.units, unit)
		ix.unitIDs[unit] = u
	}
	if old, ok := ix.current[unit]; ok {
		hashes, err := ix.hashes(tx, s, old)
		if err != nil {
			return err
		}
		for _, h := range hashes {
			ix.remove(h, u)
		}
	}
	ix.current[unit] = id
	hashes, err := ix.hashes(tx, s, id)
	if err != nil {
		return err
	}
	for _, h := range hashes {
		ix.add(h, u)
	}
	return nil
}

// hashes are the distinct hashes of submission id's codes in the index's columns.
func (ix *codeIndex) hashes(tx *sql.Tx, s *Store, id int64) ([]uint32, error) {
	if out, ok := s.owner().writtenHashes(id, ix.columns); ok { // recorded lately: no read back
		slices.Sort(out)
		return slices.Compact(out), nil
	}
	var out []uint32
	err := ix.codes(tx, s, id, func(code string) { out = append(out, codeHash(code)) })
	slices.Sort(out)
	return slices.Compact(out), err
}

// codes calls fn with each of submission id's codes in the index's columns; the
// code's bytes are only valid during the call.
func (ix *codeIndex) codes(tx *sql.Tx, s *Store, id int64, fn func(code string)) error {
	stmt, err := s.prepared(tx, `SELECT c.list, c.col, l.codes FROM list_codes l JOIN list_columns c ON c.id = l.column_id
		WHERE l.submission = ?`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	rows, err := stmt.Query(id)
	if err != nil {
		return err
	}
	defer rows.Close()
	var list, col string
	var text sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&list, &col, &text); err != nil {
			return err
		}
		if !slices.Contains(ix.columns, ListColumn{List: list, Column: col}) {
			continue
		}
		// Read in place: fn must copy a code it keeps (the bytes are SQLite's until Next).
		if err := decodeCodes(unsafe.String(unsafe.SliceData(text), len(text)), fn); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (ix *codeIndex) add(h uint32, u int32) {
	if us, ok := ix.many[h]; ok {
		if !slices.Contains(us, u) {
			ix.many[h] = append(us, u)
		}
		return
	}
	if o, ok := ix.one[h]; ok {
		if o != u {
			delete(ix.one, h)
			ix.many[h] = []int32{o, u}
		}
		return
	}
	ix.one[h] = u
}

func (ix *codeIndex) remove(h uint32, u int32) {
	if o, ok := ix.one[h]; ok {
		if o == u {
			delete(ix.one, h)
		}
		return
	}
	us := ix.many[h]
	if i := slices.Index(us, u); i >= 0 {
		us = slices.Delete(us, i, i+1)
		if len(us) == 1 {
			delete(ix.many, h)
			ix.one[h] = us[0]
		} else {
			ix.many[h] = us
		}
	}
}

// lookup puts in out each of values that a unit other than unit holds: value → the
// first such unit by code whose stored codes hold it exactly.
func (ix *codeIndex) lookup(tx *sql.Tx, s *Store, unit string, values []string, out map[string]string) error {
	asker, ok := ix.unitIDs[unit]
	if !ok {
		asker = -1
	}
	var held map[int64]map[string]bool // the holders' stored codes, read when a hash is found
	var candidates []string
	for _, v := range values {
		h := codeHash(v)
		candidates = candidates[:0]
		if o, ok := ix.one[h]; ok {
			if o != asker {
				candidates = append(candidates, ix.units[o])
			}
		} else {
			for _, u := range ix.many[h] {
				if u != asker {
					candidates = append(candidates, ix.units[u])
				}
			}
		}
		if len(candidates) == 0 {
			continue
		}
		slices.Sort(candidates)
		for _, c := range candidates {
			id := ix.current[c]
			codes, ok := held[id]
			if !ok {
				codes = map[string]bool{}
				if err := ix.codes(tx, s, id, func(code string) { codes[strings.Clone(code)] = true }); err != nil {
					return err
				}
				if held == nil {
					held = map[int64]map[string]bool{}
				}
				held[id] = codes
			}
			if codes[v] {
				out[v] = c
				break
			}
		}
	}
	return nil
}

// decodeCodes calls fn with each string of a list_codes entry (a JSON array of
// strings, as insertRows or the migration wrote it).
func decodeCodes(text string, fn func(code string)) error {
	p := cellParser{s: text}
	if !p.skip('[') {
		return p.fail()
	}
	if p.skip(']') {
		return nil
	}
	for {
		code, ok := p.stringOrNull()
		if !ok {
			return p.fail()
		}
		fn(code)
		if p.skip(']') {
			return nil
		}
		if !p.skip(',') {
			return p.fail()
		}
	}
}
