package store

import (
	"database/sql"
	"strings"
)

// HeldByOthers reports which of values (a file's USCCs) other units hold in their
// current submissions of the campaign and period, in the given list columns: value →
// the unit holding it (the first by code when several do). Values missing from the
// result are held by no other unit. Values are compared exactly as stored.
//
// Only 18-character values (统一社会信用代码) can be held: only they are in list_uscc.
// It looks up only the file's values, through that table's key, so each
// call costs about the file's size and ingest's memory stays flat however many
// files a period has; AcceptedUSCC returns a whole period at once.
func (s *Store) HeldByOthers(campaign, period, unit string, values []string, columns ...ListColumn) (map[string]string, error) {
	out := map[string]string{}
	if len(columns) == 0 || len(values) == 0 {
		return out, nil
	}
	err := s.read("held by others", func(tx *sql.Tx) error {
		for start := 0; start < len(values); start += heldBatch {
			batch := values[start:min(start+heldBatch, len(values))]
			if err := s.heldBatchQuery(tx, campaign, period, unit, batch, columns, out); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// heldBatch keeps each query's parameters well under SQLite's limit.
const heldBatch = 512

func (s *Store) heldBatchQuery(tx *sql.Tx, campaign, period, unit string, values []string, columns []ListColumn, out map[string]string) error {
	var cols []string
	args := []any{}
	for _, c := range columns {
		cols = append(cols, "(c.list = ? AND c.col = ?)")
		args = append(args, c.List, c.Column)
	}
	args = append(args, campaign, period, unit)
	for _, v := range values {
		args = append(args, v)
	}
	// Padded to a power of two with the first value again (the same answer): a few
	// statement shapes to keep prepared, not one for every count of codes.
	n := 8
	for n < len(values) {
		n *= 2
	}
	for i := len(values); i < n; i++ {
		args = append(args, values[0])
	}
	// Kept prepared (stmtcache.go): files of one campaign ask with the same number of
	// codes, and parsing this query anew was a third of asking it.
	stmt, err := s.prepared(tx, `SELECT u.value, min(s.unit)
		FROM list_columns c
		JOIN list_uscc u ON u.column_id = c.id
		JOIN submissions s ON s.id = u.submission
		WHERE (`+strings.Join(cols, " OR ")+`)
		AND s.campaign = ? AND s.period = ? AND s.outcome = 'accepted' AND s.superseded_by IS NULL AND s.unit <> ?
		AND u.value IN (?`+strings.Repeat(", ?", n-1)+`)
		GROUP BY u.value`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	rows, err := stmt.Query(args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var value, holder string
	for rows.Next() {
		if err := rows.Scan(&value, &holder); err != nil {
			return err
		}
		out[value] = holder
	}
	return rows.Err()
}
