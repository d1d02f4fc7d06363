package store

import (
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Kinds of problem a user can act on. Test with errors.Is(err, store.ErrBusy).
var (
	ErrBusy     = errors.New("database busy")
	ErrCorrupt  = errors.New("database corrupt")
	ErrNotOurs  = errors.New("not a tenglong database")
	ErrTooNew   = errors.New("database written by a newer tenglong")
	ErrDiskFull = errors.New("disk full")
	ErrReadOnly = errors.New("database read-only or cannot be opened")
	ErrNotFound = errors.New("not found")
)

// Error is a problem with the database file itself, worded for the person running
// tenglong: which file, what happened, what to do.
type Error struct {
	Path string
	Kind error // one of the Err* values above
	Err  error // the driver's error, if any
	msg  string
}

func (e *Error) Error() string { return e.msg }

// Unwrap lets errors.Is find both the kind and the driver's error.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newError(path string, kind, err error, format string, args ...any) *Error {
	return &Error{Path: path, Kind: kind, Err: err, msg: fmt.Sprintf(format, args...)}
}

// sqliteCode is the primary result code of a driver error, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// wrap turns a driver error into a user-facing *Error when the user can do something
// about it, and otherwise into an internal error naming the operation.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) {
		err = classify(s.path, s.busyTimeout, op, err)
	}
	if errors.Is(err, ErrCorrupt) {
		s.forgetCheck()
	}
	return err
}

func classify(path string, busy time.Duration, op string, err error) error {
	switch sqliteCode(err) {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return newError(path, ErrBusy, err,
			"数据库 %s 被另一个 tenglong 命令占用超过 %s：请等它运行结束后重试；如果没有别的 tenglong 在运行，关掉可能打开着它的程序（如数据库查看工具）后重试",
			path, busySeconds(busy))
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return newError(path, ErrCorrupt, err, "数据库 %s 已损坏或不是数据库文件。%s", path, corruptFix(path))
	case sqlite3.SQLITE_FULL:
		return newError(path, ErrDiskFull, err,
			"写入数据库 %s 时磁盘已满：请清理磁盘空间后重试，已保存的数据不受影响", path)
	case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return newError(path, ErrReadOnly, err,
			"打不开或写不了数据库 %s：请确认目录存在、有写权限、不在只读盘或光盘上（工作目录也不要放在网络共享盘上）", path)
	case sqlite3.SQLITE_IOERR:
		return newError(path, ErrReadOnly, err,
			"读写数据库 %s 时出现磁盘错误：请检查磁盘（或 U 盘是否已拔出）后重试", path)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// corruptFix says what to do with a database that cannot be used. The raw returns
// were archived inside it, so they come back only from a backup or from the originals.
func corruptFix(path string) string {
	name := baseName(path)
	return fmt.Sprintf("请先把它连同同目录的 %s-wal、%s-shm（如有）复制一份留底，再从备份恢复 %s；没有备份时，把它改名移开（tenglong 会新建一个空库），"+
		"再用 tenglong ingest 重新导入各单位报回的原始文件（收件箱、回收文件夹），并重新录入 points set、totals set 的数据——收到的原始文件存档在这个库里，可能已取不出来",
		name, name, name)
}

func busySeconds(d time.Duration) string {
	if d <= 0 {
		d = defaultBusyTimeout
	}
	return fmt.Sprintf("%g 秒", d.Seconds())
}
