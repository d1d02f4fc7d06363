package store

import (
	"database/sql"
	"time"
)

// HistoryEntry is one line of a unit's history for a period (报送记录): an audit entry
// with what the submission it names was — its file, received time, outcome and
// finding counts. The audit log is append-only, so the history is too.
type HistoryEntry struct {
	AuditEntry
	SourcePath string // of the submission named (for a duplicate: the earlier one)
	ReceivedAt time.Time
	Outcome    Outcome
	Late       bool
	Errors     int
	Warnings   int
}

// History lists, in the order they happened, every audit entry of a unit for a
// period: submissions accepted, rejected or unreadable, supersedes and duplicates.
func (s *Store) History(campaign, period, unit string) ([]HistoryEntry, error) {
	var out []HistoryEntry
	err := s.read("history", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT a.id, a.at, a.action, a.campaign, ifnull(a.submission, 0), a.unit, a.period,
				a.sha256, a.detail, ifnull(s.source_path, ''), ifnull(s.received_at, ''), ifnull(s.outcome, ''),
				ifnull(s.late, 0),
				(SELECT count(*) FROM findings f WHERE f.submission = a.submission AND f.severity = 'error'),
				(SELECT count(*) FROM findings f WHERE f.submission = a.submission AND f.severity = 'warning'),
				a.via, a.remote, a.link_unit
			FROM audit a LEFT JOIN submissions s ON s.id = a.submission
			WHERE a.campaign = ? AND a.period = ? AND a.unit = ?
			ORDER BY a.id`, campaign, period, unit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e HistoryEntry
			var at, action, received, outcome string
			if err := rows.Scan(&e.ID, &at, &action, &e.Campaign, &e.Submission, &e.Unit, &e.Period,
				&e.SHA256, &e.Detail, &e.SourcePath, &received, &outcome, &e.Late, &e.Errors, &e.Warnings,
				&e.Origin.Via, &e.Origin.Remote, &e.Origin.LinkUnit); err != nil {
				return err
			}
			e.Action, e.Outcome = Action(action), Outcome(outcome)
			if e.At, err = parseTime(at); err != nil {
				return err
			}
			if received != "" {
				if e.ReceivedAt, err = parseTime(received); err != nil {
					return err
				}
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
