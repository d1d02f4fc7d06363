package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
	sqlite3 "modernc.org/sqlite/lib"
)

// FileName is the name of the database inside a workspace.
const FileName = "tenglong.db"

// defaultBusyTimeout is how long a command waits for another one holding the database.
const defaultBusyTimeout = 10 * time.Second

// Store is an open workspace database. It is safe for use by several goroutines;
// write transactions are serialised inside the process and, through SQLite's locks
// and the busy timeout, across processes.
type Store struct {
	db          *sql.DB
	path        string
	busyTimeout time.Duration
	now         func() time.Time

	writeMu sync.Mutex // one write transaction at a time inside this process

	// hook, when set by tests, runs at named stages inside RecordSubmission's
	// transaction; an error aborts the transaction as a failing insert would.
	hook func(stage string) error
}

// Option changes how Open sets up the store.
type Option func(*options)

type options struct {
	busyTimeout time.Duration
	now         func() time.Time
	migrations  []migration
}

// WithClock sets the clock used for first_seen, created_at and audit times.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithBusyTimeout sets how long a write waits for another process holding the
// database before failing with ErrBusy (default 10 s).
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// withMigrations replaces the schema steps (tests of upgrades and refusals).
func withMigrations(m []migration) Option { return func(o *options) { o.migrations = m } }

// Open opens (creating if needed) the database at path and brings its schema up to
// date. A database written by a newer tenglong is refused with ErrTooNew.
//
// Settings, per connection: WAL journal (readers never block the writer and a kill
// leaves the file consistent), busy_timeout, foreign_keys on, synchronous=NORMAL.
// NORMAL in WAL mode never corrupts the database and loses nothing on a crash or kill
// of tenglong; only a power cut or OS crash can roll back the last few committed
// files, and those are still in the inbox for a rerun of ingest. FULL would add an
// fsync to every file ingested.
func Open(path string, opts ...Option) (*Store, error) {
	o := options{busyTimeout: defaultBusyTimeout, now: time.Now, migrations: migrations}
	for _, f := range opts {
		f(&o)
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("数据库路径 %s 含有“?”或“#”：请把工作目录改到不含这些字符的路径", path)
	}
	if path == "" {
		return nil, fmt.Errorf("store: empty database path")
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-16000)") // 16 MB per connection
	q.Set("_txlock", "immediate")          // write transactions take the write lock up front
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: path, busyTimeout: o.busyTimeout, now: o.now}
	if err := s.migrate(context.Background(), o.migrations); err != nil {
		db.Close()
		return nil, s.wrap("migrate", err)
	}
	return s, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database; the last connection out checkpoints the WAL into the file.
func (s *Store) Close() error {
	return s.wrap("close", s.db.Close())
}

// write runs fn in one write transaction (BEGIN IMMEDIATE), committing when fn returns
// nil and rolling back otherwise.
//
// When another process holds the write lock, SQLite waits up to the busy timeout. If
// that process committed something meanwhile (a long ingest making progress), write
// waits again rather than failing: it gives up with ErrBusy only when the database
// has not changed for a whole busy timeout (a stuck or idle holder).
func (s *Store) write(op string, fn func(tx *sql.Tx) error) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	var tx *sql.Tx
	for {
		mark, err := s.progressMark(s.db)
		if err != nil {
			return s.wrap(op, err)
		}
		tx, err = s.db.BeginTx(context.Background(), nil)
		if err == nil {
			break
		}
		if code := sqliteCode(err); code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED {
			if now, merr := s.progressMark(s.db); merr == nil && now != mark {
				continue
			}
		}
		return s.wrap(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	return nil
}

// progressMark changes whenever another process commits a submission: every
// ingest write but a PutFile of known bytes adds an audit entry (the audit log is
// append-only, its ids never reused). Office entries (points, totals) add none; they
// hold the lock for milliseconds, so a writer waiting on one simply gets it next.
func (s *Store) progressMark(q querier) (int64, error) {
	var id int64
	err := q.QueryRowContext(context.Background(), `SELECT ifnull(max(id), 0) FROM audit`).Scan(&id)
	return id, err
}

// read runs fn in one read transaction, so that several queries see one snapshot.
func (s *Store) read(op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	return s.wrap(op, fn(tx))
}

func (s *Store) stamp() string { return timeText(s.now()) }

// timeText is how times are stored: RFC 3339 in UTC, to the second, so that text
// order is time order.
func timeText(t time.Time) string { return t.UTC().Truncate(time.Second).Format(time.RFC3339) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

func baseName(path string) string { return filepath.Base(path) }
