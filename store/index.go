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
		return s.heldQuery(tx, campaign, period, unit, values, columns, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// heldQuery asks for the values as one JSON array argument: binding each of a
// file's 300 codes as an argument of its own cost more than looking them up.
// Kept prepared (stmtcache.go): files of one campaign ask about the same columns.
func (s *Store) heldQuery(tx *sql.Tx, campaign, period, unit string, values []string, columns []ListColumn, out map[string]string) error {
	var cols []string
	args := []any{}
	for _, c := range columns {
		cols = append(cols, "(c.list = ? AND c.col = ?)")
		args = append(args, c.List, c.Column)
	}
	buf := make([]byte, 0, len(values)*21+2)
	buf = append(buf, '[')
	for i, v := range values {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, v)
	}
	buf = append(buf, ']')
	args = append(args, campaign, period, unit, string(buf))
	stmt, err := s.prepared(tx, `SELECT u.value, min(s.unit)
		FROM list_columns c
		JOIN list_uscc u ON u.column_id = c.id
		JOIN submissions s ON s.id = u.submission
		WHERE (`+strings.Join(cols, " OR ")+`)
		AND s.campaign = ? AND s.period = ? AND s.outcome = 'accepted' AND s.superseded_by IS NULL AND s.unit <> ?
		AND u.value IN (SELECT value FROM json_each(?))
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
