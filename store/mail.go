package store

import (
	"database/sql"
	"errors"
	"time"
)

// MailState is where one outgoing message stands.
type MailState string

const (
	// MailSending is written before the SMTP DATA: alone, it means the run stopped
	// while the message was on its way, and nobody knows whether the server took it.
	MailSending MailState = "sending"
	// MailSent: the server accepted the message (250 after the data).
	MailSent MailState = "sent"
	// MailFailed: the server refused it or the connection broke before it was sent.
	MailFailed MailState = "failed"
)

// MailKey names one message the office sends: the template of a period to a unit
// (kind template, ref ""), a reminder (kind remind, ref the day), a rejected return
// sent back (kind return, ref the submission).
type MailKey struct {
	Campaign, Period, Unit, Kind, Ref string
}

// MailEntry is one row of the mail log.
type MailEntry struct {
	MailKey
	MessageID string
	Recipient string
	State     MailState
	Detail    string
	At        time.Time
}

// LogMail appends one entry to the mail log.
func (s *Store) LogMail(e MailEntry) error {
	return s.write("log mail", func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO mail_sent (campaign, period, unit, kind, ref, message_id, recipient, state, detail, at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.Campaign, e.Period, e.Unit, e.Kind, e.Ref, e.MessageID, e.Recipient,
			string(e.State), e.Detail, s.stamp())
		return err
	})
}

// MailStates is the latest entry of every message of a campaign's period and kind,
// by unit and ref.
func (s *Store) MailStates(campaign, period, kind string) (map[MailKey]MailEntry, error) {
	out := map[MailKey]MailEntry{}
	err := s.read("read mail log", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT unit, ref, message_id, recipient, state, detail, at FROM mail_sent
			WHERE campaign = ? AND period = ? AND kind = ? ORDER BY id`, campaign, period, kind)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e := MailEntry{MailKey: MailKey{Campaign: campaign, Period: period, Kind: kind}}
			var at string
			if err := rows.Scan(&e.Unit, &e.Ref, &e.MessageID, &e.Recipient, &e.State, &e.Detail, &at); err != nil {
				return err
			}
			e.At, _ = time.Parse(time.RFC3339, at)
			out[e.MailKey] = e // later rows replace earlier ones
		}
		return rows.Err()
	})
	return out, err
}

// Fetched is one message taken from a mailbox.
type Fetched struct {
	ID           int64
	Mailbox      string
	UIDValidity  uint32
	UID          uint32
	SHA256       string
	InternalDate time.Time
	Ingested     bool
}

// LastFetchedUID is the highest UID taken from mailbox under uidvalidity: 0 when
// none (a new mailbox, or the server renumbered it).
func (s *Store) LastFetchedUID(mailbox string, uidvalidity uint32) (uint32, error) {
	var uid uint32
	err := s.read("read fetched mail", func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT ifnull(max(uid), 0) FROM mail_fetched WHERE mailbox = ? AND uidvalidity = ?`,
			mailbox, uidvalidity).Scan(&uid)
	})
	return uid, err
}

// FetchedSHA256 reports whether a message with these raw bytes was taken before,
// from any mailbox or numbering: a renumbered mailbox is fetched again, and these
// are skipped.
func (s *Store) FetchedSHA256(sha string) (bool, error) {
	var n int
	err := s.read("read fetched mail", func(tx *sql.Tx) error {
		return tx.QueryRow(`SELECT count(*) FROM mail_fetched WHERE sha256 = ?`, sha).Scan(&n)
	})
	return n > 0, err
}

// RecordFetched notes a message taken, after its bytes are in files (PutFile).
func (s *Store) RecordFetched(f Fetched) (int64, error) {
	var id int64
	err := s.write("record fetched mail", func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO mail_fetched (mailbox, uidvalidity, uid, sha256, internal_date, fetched_at)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, f.Mailbox, f.UIDValidity, f.UID, f.SHA256,
			f.InternalDate.UTC().Format(time.RFC3339), s.stamp())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // taken before: id stays 0
		}
		id, err = res.LastInsertId()
		return err
	})
	return id, err
}

// MarkIngested notes that intake has run on a fetched message.
func (s *Store) MarkIngested(id int64) error {
	return s.write("record fetched mail", func(tx *sql.Tx) error {
		_, err := tx.Exec(`UPDATE mail_fetched SET ingested_at = ? WHERE id = ?`, s.stamp(), id)
		return err
	})
}

// PendingFetched are messages taken but not yet ingested (a run cut off between the
// two), oldest first.
func (s *Store) PendingFetched() ([]Fetched, error) {
	var out []Fetched
	err := s.read("read fetched mail", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT id, mailbox, uidvalidity, uid, sha256, internal_date FROM mail_fetched
			WHERE ingested_at IS NULL ORDER BY id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f Fetched
			var at string
			if err := rows.Scan(&f.ID, &f.Mailbox, &f.UIDValidity, &f.UID, &f.SHA256, &at); err != nil {
				return err
			}
			f.InternalDate, _ = time.Parse(time.RFC3339, at)
			out = append(out, f)
		}
		return rows.Err()
	})
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	return out, err
}
