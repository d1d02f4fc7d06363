package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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
	readOnly    bool // opened by ReadOnly: every write is refused before it starts

	// Remembered checks (checkstamp.go): the stamp file ("" when not kept), the
	// file's identity when opened, the identity the stamp held when it matched
	// ("" when the check ran), and whether SQLite has since reported damage.
	stampFile  string
	openID     string
	stamped    string
	sawCorrupt atomic.Bool

	writeMu sync.Mutex // one write transaction at a time inside this process

	stmtMu  sync.Mutex
	stmts   map[string]*sql.Stmt // prepared on the database, kept (stmtcache.go)
	pending map[string]bool      // asked for inside a transaction, to prepare after it

	bufs writeBuffers // kept between writes (buffers)

	// codeIndexes are HeldByOthers' indexes of codes (codeindex.go), guarded by writeMu.
	codeIndexes []*codeIndex
	// written are the codes of the submissions recorded last, as insertRows wrote
	// them to list_codes, for the indexes to take without reading them back; guarded
	// by writeMu and dropped with the indexes (forgetCodes).
	written []writtenCodes

	// hook, when set by tests, runs at named stages inside RecordSubmission's
	// transaction; an error aborts the transaction as a failing insert would.
	hook func(stage string) error

	// batch is set on the handle a Batch hands out (batch.go): its reads and writes
	// run inside the batch's one transaction.
	batch *Batch
}

// Option changes how Open sets up the store.
type Option func(*options)

type options struct {
	busyTimeout time.Duration
	now         func() time.Time
	migrations  []migration
	readOnly    bool
	stampDir    string // where passed checks are remembered (RememberChecks); "" for none
}

// ReadOnly opens the database for a command that only reads (status, consolidate,
// score, …): nothing is written, not even SQLite's -wal and -shm side files, so the
// command works in a workspace the user cannot write (a read-only share, a CD, a
// colleague's folder) and leaves the file's bytes and time as they were. A database
// made by an older tenglong is still upgraded when the workspace can be written; when
// it cannot, Open says so. A missing database is created as by a writing command.
func ReadOnly() Option { return func(o *options) { o.readOnly = true } }

// WithClock sets the clock used for first_seen, created_at and audit times.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithBusyTimeout sets how long a write waits for another process holding the
// database before failing with ErrBusy (default 10 s).
func WithBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// withMigrations replaces the schema steps (tests of upgrades and refusals).
func withMigrations(m []migration) Option { return func(o *options) { o.migrations = m } }

// Open opens (creating if needed) the database at path, checks it (PRAGMA
// quick_check, skipped with RememberChecks when the file is as a command last found
// it sound) and brings its schema up to date. A database written by a newer
// tenglong is refused with ErrTooNew; a file that is there but is not a sound
// database — 0 bytes, another kind of file, damaged pages — with ErrCorrupt, and is
// never taken for a new one and overwritten.
//
// Settings, per connection: WAL journal (readers never block the writer and a kill
// leaves the file consistent), busy_timeout, foreign_keys on, synchronous=NORMAL,
// temp_store=MEMORY.
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
	exists, ours, err := checkFile(path)
	if err != nil {
		return nil, err
	}
	if !exists {
		if err := create(path, o); err != nil {
			return nil, err
		}
		exists, ours = true, true
	}
	// A file not yet marked as ours (another program's database, or one whose first
	// transaction never committed) is looked at read-only first: a read-write open
	// would switch another program's file to WAL before finding it is not ours.
	if exists && (o.readOnly || !ours) {
		s, err := openReadOnly(path, o)
		switch {
		case o.readOnly && !errors.Is(err, errNeedsUpgrade):
			return s, err
		case !o.readOnly && err == nil:
			s.Close() // ours after all (its marked header still in the -wal)
			return openReadWrite(path, o)
		case !o.readOnly && !errors.Is(err, errNeedsUpgrade):
			return nil, err
		case !o.readOnly:
			return openReadWrite(path, o)
		}
		// An older schema: upgrade it, as any command of this version would, when
		// the workspace can be written.
		s, err = openReadWrite(path, o)
		if errors.Is(err, ErrReadOnly) {
			return nil, newError(path, ErrReadOnly, err,
				"数据库 %s 是旧版本 tenglong 建的，要升级结构后才能读，但它所在的目录或文件不可写：请把工作目录复制到可写的地方（或请管理员开放写权限）后再运行", path)
		}
		return s, err
	}
	return openReadWrite(path, o)
}

// openReadWrite opens the database for reading and writing, creating it if needed.
func openReadWrite(path string, o options) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.busyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "cache_size(-16000)") // 16 MB per connection
	// Statement journals (each multi-row INSERT keeps one, to undo just that statement)
	// and sorts in memory: in a temporary file they were a pwrite system call per page,
	// a third of storing a return (issue 21). They are per statement, never needed
	// after a crash: the WAL is what keeps committed files.
	q.Add("_pragma", "temp_store(MEMORY)")
	q.Set("_txlock", "immediate") // write transactions take the write lock up front
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: path, busyTimeout: o.busyTimeout, now: o.now, stampFile: stampFile(o.stampDir, path)}
	if err := s.checkOnce(); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(context.Background(), o.migrations); err != nil {
		db.Close()
		return nil, s.wrap("migrate", err)
	}
	return s, nil
}

// create makes a new database at path whole: built under a temporary name beside it
// and linked into place complete. So a tenglong.db of 0 bytes is never one being made
// (which another command starting at the same moment would otherwise see, and which
// checkFile refuses), and of two commands creating it at once one wins and the other
// opens the winner's.
func create(path string, o options) error {
	readOnlyErr := func(err error) error {
		return newError(path, ErrReadOnly, err,
			"打不开或写不了数据库 %s：请确认目录存在、有写权限、不在只读盘或光盘上（工作目录也不要放在网络共享盘上）", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-new-*")
	if err != nil {
		return readOnlyErr(err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, side := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + side)
		}
	}()
	s, err := openReadWrite(tmp, o)
	if err != nil {
		return err
	}
	if err := s.db.Close(); err != nil { // the last connection out checkpoints the -wal into the file
		return readOnlyErr(err)
	}
	if err := os.Link(tmp, path); err != nil {
		if _, serr := os.Stat(path); serr == nil {
			return nil // another command made it first: use that one
		}
		// A file system without hard links (FAT on a USB stick): rename, which
		// cannot tell a database made in the meantime, so look just before.
		if err := os.Rename(tmp, path); err != nil {
			return readOnlyErr(err)
		}
	}
	return nil
}

// errNeedsUpgrade: a read-only open found an older schema.
var errNeedsUpgrade = errors.New("schema needs an upgrade")

// openReadOnly opens an existing database without writing to it. With no -wal file
// beside it (every command closed cleanly: the usual case) it is opened immutable,
// which reads the file alone and creates no side files; a plain read-only open would
// create -shm and -wal, which a read-only folder does not allow. With a -wal (another
// tenglong is writing now, or one was killed) the -wal holds committed data that
// must be read, so it is opened read-only through it.
func openReadOnly(path string, o options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	q := url.Values{}
	q.Set("mode", "ro")
	if _, err := os.Stat(path + "-wal"); err != nil {
		q.Set("immutable", "1")
	}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", o.busyTimeout.Milliseconds()))
	q.Add("_pragma", "cache_size(-16000)")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	if !strings.HasPrefix(u.Path, "/") { // C:/… on Windows
		u.Path = "/" + u.Path
	}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(time.Minute)
	s := &Store{db: db, path: path, busyTimeout: o.busyTimeout, now: o.now, readOnly: true, stampFile: stampFile(o.stampDir, path)}
	fail := func(err error) (*Store, error) {
		db.Close()
		return nil, err
	}
	if err := s.checkOnce(); err != nil {
		return fail(err)
	}
	version, err := s.version(context.Background(), db)
	if err != nil {
		return fail(s.wrap("open", err))
	}
	if err := s.checkVersion(version, len(o.migrations)); err != nil {
		return fail(err)
	}
	if version < len(o.migrations) {
		return fail(errNeedsUpgrade)
	}
	return s, nil
}

// sqliteHeader begins every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// checkFile tells "no database yet" (false: Open creates one) from a file that is
// there but cannot be a database. SQLite itself would take a 0-byte file for a new,
// empty database and build the schema in it: a tenglong.db emptied by a failed copy
// or a full disk would silently become a fresh one, its returns gone from view.
//
// ours is whether the header carries tenglong's application id.
func checkFile(path string) (exists, ours bool, err error) {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, false, nil
	}
	if err != nil {
		return false, false, newError(path, ErrReadOnly, err, "读不了数据库 %s：%v。请确认文件在、有读权限", path, err)
	}
	if info.IsDir() {
		return false, false, newError(path, ErrNotOurs, nil, "%s 是一个文件夹，不是数据库：请把它移走或改名后重试", path)
	}
	if info.Size() == 0 {
		// A 0-byte file beside a -wal is a database whose first pages are still in
		// the -wal (a kill right after it was made): SQLite recovers it.
		if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
			return true, false, nil
		}
		return false, false, newError(path, ErrCorrupt, nil, "数据库 %s 是空文件（0 字节），里面没有数据（可能在复制时或磁盘写满时被清空）。tenglong 不会把它当作新库。%s", path, corruptFix(path))
	}
	head := make([]byte, 100) // the database header
	f, err := os.Open(path)
	if err != nil {
		return false, false, newError(path, ErrReadOnly, err, "读不了数据库 %s：%v。请确认有读权限", path, err)
	}
	defer f.Close()
	if _, err := io.ReadFull(f, head); err != nil || string(head[:len(sqliteHeader)]) != sqliteHeader {
		return false, false, newError(path, ErrCorrupt, err, "数据库 %s 已损坏或不是数据库文件（文件开头不对，可能被别的文件覆盖了）。%s", path, corruptFix(path))
	}
	return true, binary.BigEndian.Uint32(head[68:72]) == applicationID, nil
}

// quickChecks counts the quick_checks run, for tests of remembered checks.
var quickChecks atomic.Int64

// quickCheck runs PRAGMA quick_check: damaged pages are found when the database is
// opened, not halfway through a command (or never, with wrong results).
func (s *Store) quickCheck() error {
	quickChecks.Add(1)
	rows, err := s.db.QueryContext(context.Background(), `PRAGMA quick_check`)
	if err != nil {
		return s.wrap("quick_check", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return s.wrap("quick_check", err)
		}
		if line != "ok" && len(problems) < 3 {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return s.wrap("quick_check", err)
	}
	if len(problems) > 0 {
		return newError(s.path, ErrCorrupt, nil, "数据库 %s 已损坏（检查发现：%s）。%s", s.path, strings.Join(problems, "；"), corruptFix(s.path))
	}
	return nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database; the last connection out checkpoints the WAL into the
// file. Closed cleanly, the file is remembered as sound (RememberChecks).
func (s *Store) Close() error {
	s.closePrepared()
	if err := s.wrap("close", s.db.Close()); err != nil {
		return err
	}
	s.rememberCheck()
	return nil
}

// write runs fn in one write transaction (BEGIN IMMEDIATE), committing when fn returns
// nil and rolling back otherwise.
//
// When another process holds the write lock, SQLite waits up to the busy timeout. If
// that process committed something meanwhile (a long ingest making progress), write
// waits again rather than failing: it gives up with ErrBusy only when the database
// has not changed for a whole busy timeout (a stuck or idle holder).
func (s *Store) write(op string, fn func(tx *sql.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("store: %s: the database was opened read-only", op)
	}
	if s.batch != nil {
		return s.batch.write(op, fn)
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	tx, err := s.begin(op)
	if err != nil {
		return err
	}
	defer s.keepPrepared() // after the transaction: see stmtcache.go
	if err := fn(tx); err != nil {
		tx.Rollback()
		s.forgetCodes() // they may hold what was rolled back
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		s.forgetCodes()
		return s.wrap(op, err)
	}
	return nil
}

// begin opens a write transaction (BEGIN IMMEDIATE), waiting as write says; the
// caller holds writeMu.
func (s *Store) begin(op string) (*sql.Tx, error) {
	for {
		mark, err := s.progressMark(s.db)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		tx, err := s.db.BeginTx(context.Background(), nil)
		if err == nil {
			return tx, nil
		}
		if code := sqliteCode(err); code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED {
			if now, merr := s.progressMark(s.db); merr == nil && now != mark {
				continue
			}
		}
		return nil, s.wrap(op, err)
	}
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
	if s.batch != nil { // what the batch wrote so far is what the next file is judged against
		return s.wrap(op, fn(s.batch.tx))
	}
	tx, err := s.db.BeginTx(context.Background(), &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return s.wrap(op, err)
	}
	defer tx.Rollback()
	return s.wrap(op, fn(tx))
}

// SetClock replaces the clock set by WithClock (first_seen, created_at and audit
// times), for a caller that is given a store opened by another: tenglong serve
// stamps what its requests record with the server's clock. Call it before the store
// is shared between goroutines.
func (s *Store) SetClock(now func() time.Time) {
	if now != nil {
		s.now = now
	}
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
