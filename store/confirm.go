package store

import (
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// hexPrefix is what BySHAPrefix takes: lowercase hex, 1 to 64 digits.
var hexPrefix = regexp.MustCompile(`^[0-9a-f]{1,64}$`)

// BySHAPrefix lists the campaign's submissions whose file's sha256 starts with
// prefix (lowercase hex), oldest first: every file the prefix could mean, with all
// the judgments each made (a pending file and its confirmation are two).
func (s *Store) BySHAPrefix(campaign, prefix string) ([]Stored, error) {
	prefix = strings.ToLower(prefix)
	if !hexPrefix.MatchString(prefix) {
		return nil, nil
	}
	var out []Stored
	err := s.read("find by sha256 prefix", func(tx *sql.Tx) error {
		var err error
		// The range, not LIKE: it walks the (campaign, sha256) index.
		out, err = queryStored(tx, `WHERE s.campaign = ? AND s.sha256 >= ? AND s.sha256 < ? ORDER BY s.id`,
			campaign, prefix, prefix+"g")
		return err
	})
	return out, err
}

// Confirmation is who confirms a held file and why, for the audit log.
type Confirmation struct {
	By, Reason string
	// UnitName gives a unit's name for the log's text (the campaign knows it, the
	// store only the code); nil writes the code.
	UnitName func(code string) string
}

func (c Confirmation) unit(code string) string {
	if c.UnitName != nil {
		if name := c.UnitName(code); name != "" {
			return name
		}
	}
	return code
}

// ErrNotHeld: Confirm was given a submission that is not a pending, unresolved one
// (it was confirmed or superseded meanwhile, or never was pending).
var ErrNotHeld = errors.New("store: the submission is not pending")

// Confirm records the office's confirmation of a pending submission: sub is the same
// bytes judged again as the unit the office named (accepted or rejected), c says who
// confirmed and why. In one transaction: sub is stored with Confirms set, the
// pending submission is marked resolved by it, and the audit log says who confirmed
// what as which unit, when and why — under the confirmed unit and, when the file
// claimed another, under that one too. An accepted sub becomes the unit's current
// data like any accepted return.
func (s *Store) Confirm(pending int64, sub Submission, c Confirmation) (Recorded, error) {
	sub.Confirms = pending
	if err := sub.check(); err != nil {
		return Recorded{}, err
	}
	if sub.Outcome != Accepted && sub.Outcome != Rejected {
		return Recorded{}, fmt.Errorf("store: a confirmation is accepted or rejected, not %s", sub.Outcome)
	}
	var rec Recorded
	err := s.write("confirm", func(tx *sql.Tx) error {
		list, err := queryStored(tx, `WHERE s.id = ?`, pending)
		if err != nil {
			return err
		}
		if len(list) == 0 || !list[0].Held() || list[0].SHA256 != sub.SHA256 || list[0].Campaign != sub.Campaign {
			return ErrNotHeld
		}
		held := list[0]
		var id int64
		if err := tx.QueryRow(`SELECT ifnull(max(id), 0) + 1 FROM submissions`).Scan(&id); err != nil {
			return err
		}
		// Resolved first, so that the accepted confirmation does not count it among
		// the unit's other held files it supersedes.
		if _, err := tx.Exec(`UPDATE submissions SET superseded_by = ? WHERE id = ?`, id, pending); err != nil {
			return err
		}
		who := strings.TrimSpace(c.By)
		if who == "" {
			who = "（未留名）"
		}
		why := strings.TrimSpace(c.Reason)
		if why == "" {
			why = "（未说明）"
		}
		detail := fmt.Sprintf("办公室确认：第 %d 号待确认文件（来源 %s，原标为 %s %s）确认为 %s %s 的报送，按该单位重新校验为第 %d 号报送；确认人 %s；理由 %s",
			pending, held.SourcePath, c.unit(held.Unit), held.Period, c.unit(sub.Unit), sub.Period, id, who, why)
		units := []string{sub.Unit}
		if held.Unit != sub.Unit || held.Period != sub.Period {
			units = append(units, held.Unit)
		}
		for i, u := range units {
			period := sub.Period
			if i > 0 {
				period = held.Period
			}
			if err := s.auditFrom(tx, sub.Origin, ActionConfirmed, sub.Campaign, pending, u, period, sub.SHA256, detail); err != nil {
				return err
			}
		}
		got, err := s.insert(tx, &sub)
		if err != nil {
			return err
		}
		if got.ID != id {
			return fmt.Errorf("store: confirmation got id %d, want %d", got.ID, id)
		}
		rec = got
		return nil
	})
	if err != nil {
		return Recorded{}, err
	}
	return rec, nil
}
