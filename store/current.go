package store

import (
	"cmp"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// CurrentRow is one list row of a unit's current submission.
type CurrentRow struct {
	Unit   string
	List   string
	Index  int             // 0-based within the template's prepared rows
	Values map[string]Cell // by column id; only the cells stored
}

// CurrentTask is one task line of a unit's current submission.
type CurrentTask struct {
	Unit string
	Task
}

// currentSubmissions selects the current (accepted, not superseded) submissions of a
// campaign and period, through the partial unique index, in unit code order.
const currentSubmissions = `s.campaign = ? AND s.period = ? AND s.outcome = 'accepted' AND s.superseded_by IS NULL`

// CurrentRows returns every list row of the current submissions of the campaign and
// period, ordered by unit code, list, then row index: what consolidation sums. A row
// exists when at least one of its cells was stored.
//
// Units, lists, columns and cell addresses are shared strings, not one copy per
// cell.
func (s *Store) CurrentRows(campaign, period string) ([]CurrentRow, error) {
	var all []CurrentRow
	err := s.EachCurrentRows(campaign, period, func(rows []CurrentRow) error {
		all = append(all, rows...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return all, nil
}

// EachCurrentRows is CurrentRows one unit at a time: fn gets each unit's rows, in
// CurrentRows' order, and may keep them; only one unit's rows are read ahead, so a
// caller that turns them into its own form never holds every row twice.
//
// The lists are read in one pass, one list_data entry per submission and list
// (listrows.go), each decoded here; a list stored in row order (as every list is)
// needs no sorting.
func (s *Store) EachCurrentRows(campaign, period string, fn func([]CurrentRow) error) error {
	return s.eachCurrentRows(campaign, period, nil, fn)
}

// EachCurrentRowsIn is EachCurrentRows with the units in another order than their
// codes': sortUnits puts the codes of the units with a current submission in the
// order fn is to get them (the campaign's, for a merged list read again unit by
// unit), and each unit's rows are read in turn, in one read transaction.
func (s *Store) EachCurrentRowsIn(campaign, period string, sortUnits func([]string), fn func([]CurrentRow) error) error {
	return s.eachCurrentRows(campaign, period, sortUnits, fn)
}

// listDataOf selects the lists of current submissions, in unit then list order.
const listDataOf = `SELECT d.submission, d.list, d.cells
	FROM submissions s JOIN list_data d ON d.submission = s.id
	WHERE ` + currentSubmissions

func (s *Store) eachCurrentRows(campaign, period string, sortUnits func([]string), fn func([]CurrentRow) error) error {
	var out []CurrentRow
	return s.read("current list rows", func(tx *sql.Tx) error {
		units, err := currentUnits(tx, campaign, period)
		if err != nil {
			return err
		}
		if len(units) == 0 {
			return nil
		}
		cols, err := listColumns(tx)
		if err != nil {
			return err
		}

		refs := map[string]string{}
		var (
			sub, prev   int64
			list, cells string
			listStart   int  // the current list's first row in out
			sorted      bool // the current list's rows came in order
			bad         error
		)
		// finishList puts the list's rows in order and merges a row given twice
		// (a list not written by appendCells).
		finishList := func() {
			if sorted {
				return
			}
			rows := out[listStart:]
			slices.SortStableFunc(rows, func(a, b CurrentRow) int { return cmp.Compare(a.Index, b.Index) })
			merged := rows[:0]
			for _, r := range rows {
				if n := len(merged); n > 0 && merged[n-1].Index == r.Index {
					maps.Copy(merged[n-1].Values, r.Values)
					continue
				}
				merged = append(merged, r)
			}
			out = out[:listStart+len(merged)]
		}
		finish := func() error { // the lists came in order
			if len(out) == 0 {
				return nil
			}
			err := fn(out)
			out = nil
			return err
		}
		cell := func(index int, colID int64, value, ref string) {
			col, ok := cols.byID[colID]
			if !ok {
				bad = fmt.Errorf("list cell of submission %d refers to unknown list column %d", sub, colID)
				return
			}
			if cols.lists[col.list] != list {
				bad = fmt.Errorf("list %s of submission %d has a cell of list %s", list, sub, cols.lists[col.list])
				return
			}
			n := len(out)
			if n == listStart || out[n-1].Index != index {
				if n > listStart && out[n-1].Index > index {
					sorted = false
				}
				out = append(out, CurrentRow{Unit: units[sub], List: list, Index: index,
					Values: make(map[string]Cell, cols.width[col.list])})
				n++
			}
			if r, ok := refs[ref]; ok {
				ref = r
			} else {
				ref = strings.Clone(ref) // not a slice of the list's text, which is dropped
				refs[ref] = ref
			}
			out[n-1].Values[col.name] = Cell{Value: value, Cell: ref}
		}
		each := func(rows *sql.Rows) error {
			defer rows.Close()
			for rows.Next() {
				if err := rows.Scan(&sub, &list, &cells); err != nil {
					return err
				}
				if sub != prev {
					if err := finish(); err != nil {
						return err
					}
					prev = sub
				}
				listStart, sorted = len(out), true
				if err := decodeCells(cells, cell); err != nil {
					return fmt.Errorf("submission %d, list cells: %w", sub, err)
				}
				if bad != nil {
					return bad
				}
				finishList()
			}
			return rows.Err()
		}
		if sortUnits == nil {
			rows, err := tx.Query(listDataOf+` ORDER BY s.unit, d.list`, campaign, period)
			if err != nil {
				return err
			}
			if err := each(rows); err != nil {
				return err
			}
			return finish()
		}
		codes := make([]string, 0, len(units))
		for _, u := range units {
			codes = append(codes, u)
		}
		slices.Sort(codes) // sortUnits starts from code order, not a map's random one
		sortUnits(codes)
		stmt, err := tx.Prepare(listDataOf + ` AND s.unit = ? ORDER BY d.list`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range codes {
			rows, err := stmt.Query(campaign, period, u)
			if err != nil {
				return err
			}
			if err := each(rows); err != nil {
				return err
			}
		}
		return finish()
	})
}

// CurrentTasks returns every task line of the current submissions of the campaign and
// period, ordered by unit code, then the order the template lists them.
func (s *Store) CurrentTasks(campaign, period string) ([]CurrentTask, error) {
	var out []CurrentTask
	err := s.read("current tasks", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT s.unit, t.task, ifnull(t.status, ''), ifnull(t.progress, ''), t.cell
			FROM submissions s JOIN submission_tasks t ON t.submission = s.id
			WHERE `+currentSubmissions+`
			ORDER BY s.unit, t.seq`, campaign, period)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t CurrentTask
			if err := rows.Scan(&t.Unit, &t.ID, &t.Status, &t.Progress, &t.Cell); err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// currentUnits maps the current submissions of the period to their units.
func currentUnits(tx *sql.Tx, campaign, period string) (map[int64]string, error) {
	rows, err := tx.Query(`SELECT s.id, s.unit FROM submissions s WHERE `+currentSubmissions, campaign, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var unit string
		if err := rows.Scan(&id, &unit); err != nil {
			return nil, err
		}
		out[id] = unit
	}
	return out, rows.Err()
}

// columns is the list_columns table: every list column ever stored, numbered.
type columns struct {
	byID  map[int64]column
	lists []string // distinct list names
	width []int    // per list: how many columns it has
}

type column struct {
	list int // index into lists
	name string
}

func listColumns(tx *sql.Tx) (columns, error) {
	c := columns{byID: map[int64]column{}}
	rows, err := tx.Query(`SELECT id, list, col FROM list_columns ORDER BY list, col`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var list, col string
		if err := rows.Scan(&id, &list, &col); err != nil {
			return c, err
		}
		if n := len(c.lists); n == 0 || c.lists[n-1] != list {
			c.lists = append(c.lists, list)
			c.width = append(c.width, 0)
		}
		i := len(c.lists) - 1
		c.width[i]++
		c.byID[id] = column{list: i, name: col}
	}
	return c, rows.Err()
}
