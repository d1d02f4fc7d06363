package store

import "database/sql"

// The store's prepared statements. Parsing the same INSERT again for every file was
// 7 % of ingest (a list insert of 100 rows has 400 placeholders). A statement a
// write transaction needs for the first time is prepared inside it, on its own
// connection, and once the transaction is over prepared again on the database, so
// that later transactions take it ready (tx.Stmt prepares it once per connection).
// Never prepared on the database while a transaction holds a connection: with one
// connection that would wait for itself.

// prepared returns q for use inside tx.
func (s *Store) prepared(tx *sql.Tx, q string) (*sql.Stmt, error) {
	if s.batch != nil { // a batch's handle: the statements are the store's
		s = s.batch.parent
	}
	s.stmtMu.Lock()
	st, ok := s.stmts[q]
	if !ok {
		if s.pending == nil {
			s.pending = map[string]bool{}
		}
		s.pending[q] = true
	}
	s.stmtMu.Unlock()
	if ok {
		return tx.Stmt(st), nil
	}
	return tx.Prepare(q)
}

// keepPrepared prepares on the database the statements transactions asked for the
// first time; called by write with no transaction open. One that fails to prepare
// (a store opened on an older schema in a test) is prepared in each transaction as
// before.
func (s *Store) keepPrepared() {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	for q := range s.pending {
		if st, err := s.db.Prepare(q); err == nil {
			if s.stmts == nil {
				s.stmts = map[string]*sql.Stmt{}
			}
			s.stmts[q] = st
		}
	}
	clear(s.pending)
}

// closePrepared closes the kept statements (Close).
func (s *Store) closePrepared() {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	for q, st := range s.stmts {
		st.Close()
		delete(s.stmts, q)
	}
}

// queryRow runs q, kept prepared, inside tx and scans its one row into dest
// (sql.ErrNoRows when there is none).
func (s *Store) queryRow(tx *sql.Tx, q string, args []any, dest ...any) error {
	stmt, err := s.prepared(tx, q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	return stmt.QueryRow(args...).Scan(dest...)
}

// exec runs q, kept prepared, inside tx.
func (s *Store) exec(tx *sql.Tx, q string, args ...any) error {
	stmt, err := s.prepared(tx, q)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.Exec(args...)
	return err
}
