package store

import (
	"crypto/rand"
	"database/sql"
	"errors"
)

// SigningKey returns the workspace's secret for signing templates (32 random bytes),
// creating it on first use. Two processes asking at once get the same key: the insert
// runs in a write transaction and keeps whichever row came first.
func (s *Store) SigningKey() ([]byte, error) {
	if key, err := s.ExistingSigningKey(); err != nil || key != nil {
		return key, err
	}
	var key []byte
	err := s.write("create signing key", func(tx *sql.Tx) error {
		fresh := make([]byte, 32)
		if _, err := rand.Read(fresh); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO signing_key (id, key, created_at) VALUES (1, ?, ?)
			ON CONFLICT (id) DO NOTHING`, fresh, s.stamp()); err != nil {
			return err
		}
		return tx.QueryRow(`SELECT key FROM signing_key WHERE id = 1`).Scan(&key)
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}

// ExistingSigningKey returns the workspace's signing key without creating one: nil
// when no template has been signed here yet.
func (s *Store) ExistingSigningKey() ([]byte, error) {
	var key []byte
	err := s.read("read signing key", func(tx *sql.Tx) error {
		err := tx.QueryRow(`SELECT key FROM signing_key WHERE id = 1`).Scan(&key)
		if errors.Is(err, sql.ErrNoRows) {
			key = nil
			return nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return key, nil
}
