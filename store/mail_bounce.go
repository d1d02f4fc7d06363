package store

import (
	"database/sql"
	"strings"
	"time"
)

// Bounce is a message the office sent that came back undelivered: the key of the
// message in the mail log, the address that failed and the server's reason.
type Bounce struct {
	MailKey
	MessageID string // of the message that bounced, without <>
	Recipient string // the one address that failed
	Detail    string // the server's reason, as it gave it
	SHA256    string // the bounce itself, in files
	At        time.Time
}

// RecordBounce appends a bounce, after its bytes are in files (PutFile).
func (s *Store) RecordBounce(b Bounce) error {
	return s.write("record bounce", func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO mail_bounced (campaign, period, unit, kind, ref, message_id, recipient, detail, sha256, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.Campaign, b.Period, b.Unit, b.Kind, b.Ref, b.MessageID,
			strings.ToLower(b.Recipient), b.Detail, b.SHA256, s.stamp())
		return err
	})
}

// SentByMessageID is the latest mail log entry of the message with this Message-ID
// (with or without <>); false when the office never sent it.
func (s *Store) SentByMessageID(id string) (MailEntry, bool, error) {
	id = strings.Trim(strings.TrimSpace(id), "<>")
	if id == "" {
		return MailEntry{}, false, nil
	}
	return s.oneMailEntry(`WHERE message_id = ? ORDER BY id DESC LIMIT 1`, id)
}

// LatestSentTo is the latest mail log entry of a campaign whose recipients include
// addr (compared without case); false when nothing was ever sent there.
func (s *Store) LatestSentTo(campaign, addr string) (MailEntry, bool, error) {
	addr = strings.ToLower(strings.TrimSpace(addr))
	if addr == "" {
		return MailEntry{}, false, nil
	}
	// recipient is "a@x, b@y": match whole addresses only.
	return s.oneMailEntry(`WHERE campaign = ? AND (', ' || lower(recipient) || ',') LIKE ? ESCAPE '\' ORDER BY id DESC LIMIT 1`,
		campaign, "%, "+likeEscape(addr)+",%")
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func (s *Store) oneMailEntry(where string, args ...any) (MailEntry, bool, error) {
	var e MailEntry
	found := false
	err := s.read("read mail log", func(tx *sql.Tx) error {
		var at string
		err := tx.QueryRow(`SELECT campaign, period, unit, kind, ref, message_id, recipient, state, detail, at FROM mail_sent `+where, args...).
			Scan(&e.Campaign, &e.Period, &e.Unit, &e.Kind, &e.Ref, &e.MessageID, &e.Recipient, &e.State, &e.Detail, &at)
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		e.At, _ = time.Parse(time.RFC3339, at)
		found = true
		return nil
	})
	return e, found, err
}

// Bounces are a campaign's bounces still standing, oldest first: those of one period
// (and those of a message sent by hand, whose period is unknown: ""), or of every
// period when period is "". A bounce stands until a later message to the
// same unit is sent to addresses without the one that failed (the office corrected
// the address).
func (s *Store) Bounces(campaign, period string) ([]Bounce, error) {
	var out []Bounce
	err := s.read("read bounces", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT b.period, b.unit, b.kind, b.ref, b.message_id, b.recipient, b.detail, b.sha256, b.at
			FROM mail_bounced b WHERE b.campaign = ? AND (? = '' OR b.period = ? OR b.period = '')
			AND NOT EXISTS (SELECT 1 FROM mail_sent m WHERE m.campaign = b.campaign AND m.unit = b.unit AND m.state = 'sent'
				AND m.at >= b.at AND (', ' || lower(m.recipient) || ',') NOT LIKE '%, ' || b.recipient || ',%')
			ORDER BY b.id`, campaign, period, period)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			b := Bounce{MailKey: MailKey{Campaign: campaign}}
			var at string
			if err := rows.Scan(&b.Period, &b.Unit, &b.Kind, &b.Ref, &b.MessageID, &b.Recipient, &b.Detail, &b.SHA256, &at); err != nil {
				return err
			}
			b.At, _ = time.Parse(time.RFC3339, at)
			out = append(out, b)
		}
		return rows.Err()
	})
	return out, err
}
