package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Setting returns a named setting of tenglong serve (web_settings), and whether it
// is set.
func (s *Store) Setting(name string) (string, bool, error) {
	var value string
	found := false
	err := s.read("read setting", func(tx *sql.Tx) error {
		err := tx.QueryRow(`SELECT value FROM web_settings WHERE name = ?`, name).Scan(&value)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		found = err == nil
		return err
	})
	return value, found, err
}

// SetSetting stores a named setting, replacing its earlier value.
func (s *Store) SetSetting(name, value string) error {
	if name == "" {
		return errors.New("store: empty setting name")
	}
	return s.write("write setting", func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO web_settings (name, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			name, value, s.stamp())
		return err
	})
}

// PortalLink is the state of one unit's portal link for a period: its generation
// (the token is derived from it, so a new generation is a new link) and whether the
// office revoked it. A link never touched is generation 1, not revoked.
type PortalLink struct {
	Unit       string
	Generation int
	Revoked    bool
	UpdatedAt  time.Time // zero for a link never touched
}

// PortalLinks lists the links of a campaign's period that were revoked or re-issued,
// by unit; a unit not in the map has generation 1, not revoked.
func (s *Store) PortalLinks(campaign, period string) (map[string]PortalLink, error) {
	out := map[string]PortalLink{}
	err := s.read("read portal links", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT unit, generation, revoked, updated_at FROM portal_links
			WHERE campaign = ? AND period = ?`, campaign, period)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var l PortalLink
			var at string
			if err := rows.Scan(&l.Unit, &l.Generation, &l.Revoked, &at); err != nil {
				return err
			}
			if l.UpdatedAt, err = parseTime(at); err != nil {
				return err
			}
			out[l.Unit] = l
		}
		return rows.Err()
	})
	return out, err
}

// PortalLinkOf is one unit's link for a period.
func (s *Store) PortalLinkOf(campaign, period, unit string) (PortalLink, error) {
	links, err := s.PortalLinks(campaign, period)
	if err != nil {
		return PortalLink{}, err
	}
	if l, ok := links[unit]; ok {
		return l, nil
	}
	return PortalLink{Unit: unit, Generation: 1}, nil
}

// RevokePortalLink stops a unit's current link for a period: it answers nothing until
// ReissuePortalLink gives the unit a new one.
func (s *Store) RevokePortalLink(campaign, period, unit string) (PortalLink, error) {
	return s.changePortalLink(campaign, period, unit, `INSERT INTO portal_links (campaign, period, unit, generation, revoked, updated_at)
		VALUES (?, ?, ?, 1, 1, ?)
		ON CONFLICT (campaign, period, unit) DO UPDATE SET revoked = 1, updated_at = excluded.updated_at`)
}

// ReissuePortalLink gives a unit a new link for a period (the next generation): the
// old one, revoked or not, stops working.
func (s *Store) ReissuePortalLink(campaign, period, unit string) (PortalLink, error) {
	return s.changePortalLink(campaign, period, unit, `INSERT INTO portal_links (campaign, period, unit, generation, revoked, updated_at)
		VALUES (?, ?, ?, 2, 0, ?)
		ON CONFLICT (campaign, period, unit) DO UPDATE SET generation = generation + 1, revoked = 0, updated_at = excluded.updated_at`)
}

func (s *Store) changePortalLink(campaign, period, unit, upsert string) (PortalLink, error) {
	if campaign == "" || period == "" || unit == "" {
		return PortalLink{}, fmt.Errorf("store: portal link needs campaign, period and unit (%q, %q, %q)", campaign, period, unit)
	}
	var l PortalLink
	err := s.write("change portal link", func(tx *sql.Tx) error {
		if _, err := tx.Exec(upsert, campaign, period, unit, s.stamp()); err != nil {
			return err
		}
		var at string
		l.Unit = unit
		if err := tx.QueryRow(`SELECT generation, revoked, updated_at FROM portal_links WHERE campaign = ? AND period = ? AND unit = ?`,
			campaign, period, unit).Scan(&l.Generation, &l.Revoked, &at); err != nil {
			return err
		}
		var err error
		l.UpdatedAt, err = parseTime(at)
		return err
	})
	return l, err
}
