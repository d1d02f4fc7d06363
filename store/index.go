package store

import (
	"database/sql"
)

// HeldByOthers reports which of values (a file's USCCs) other units hold in their
// current submissions of the campaign and period, in the given list columns: value →
// the unit holding it (the first by code when several do). Values missing from the
// result are held by no other unit. Values are compared exactly as stored.
//
// Only 18-character values (统一社会信用代码) can be held: only they are in list_codes.
// It looks them up in an index kept in memory (codeindex.go), built from the
// period's current submissions on the first call and brought up to date with the
// submissions recorded since on each later one, so each call costs about the file's
// size; AcceptedUSCC returns a whole period at once.
//
// On a Batch's handle it sees what the batch recorded so far; otherwise it waits for
// a batch this process has open to end, and sees what is committed.
func (s *Store) HeldByOthers(campaign, period, unit string, values []string, columns ...ListColumn) (map[string]string, error) {
	out := map[string]string{}
	if len(columns) == 0 || len(values) == 0 {
		return out, nil
	}
	parent := s
	if s.batch != nil {
		parent = s.batch.parent // whose writeMu the batch holds
	} else {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	err := s.read("held by others", func(tx *sql.Tx) error {
		ix := parent.codeIndexFor(campaign, period, columns)
		if err := ix.refresh(tx, s); err != nil {
			parent.forgetCodes() // half brought up to date: build it again next time
			return err
		}
		return ix.lookup(tx, s, unit, values, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
