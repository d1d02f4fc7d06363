package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Remembering a passed check (issue 21). PRAGMA quick_check reads every page, so a
// store of three years of monthly returns made every command pay for all of them.
// After a check passes, and after a command that wrote through SQLite closes the
// store cleanly, the database file's identity — size, modification time in
// nanoseconds, inode and device where the system has them, for the file and its
// -wal — is written to a small stamp in the user's cache folder. An open that finds
// the same identity skips the check: nothing but SQLite has written the file since
// it was last seen sound. A copy over it, a sync tool, a truncation or a
// half-written restore changes the identity, and the whole file is checked again.
// A damaged page SQLite reads is still reported as corruption (errors.go), and then
// the stamp is removed so that the next command checks the whole file.
//
// A stamp that cannot be read or written only means "check again", never a failure.

// cacheDirEnv names a folder that replaces the user's cache folder for stamps:
// tests and benches point it at a temporary folder so they never write to $HOME.
const cacheDirEnv = "TENGLONG_CACHE_DIR"

// RememberChecks makes Open skip PRAGMA quick_check of a database unchanged since
// a command last found it sound, and Close remember it, in
// $TENGLONG_CACHE_DIR/checked or else the user's cache folder
// (os.UserCacheDir()/tenglong/checked). Without a cache folder every open checks.
func RememberChecks() Option {
	dir := ""
	if d := os.Getenv(cacheDirEnv); d != "" {
		dir = filepath.Join(d, "checked")
	} else if d, err := os.UserCacheDir(); err == nil {
		dir = filepath.Join(d, "tenglong", "checked")
	}
	return rememberChecksIn(dir)
}

// rememberChecksIn keeps the stamps in dir ("" remembers nothing).
func rememberChecksIn(dir string) Option { return func(o *options) { o.stampDir = dir } }

// stampFile is the stamp of the database at path in dir, named by the sha256 of
// its absolute path; "" when there is none to keep.
func stampFile(dir, path string) string {
	if dir == "" {
		return ""
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, hex.EncodeToString(sum[:]))
}

// identity describes the database file and its -wal as they are now; "" when the
// file cannot be looked at.
func identity(path string) string {
	id, _ := identityAt(path, time.Time{})
	return id
}

// coarseWindow: a file system that keeps times to the second or two (FAT on a USB
// stick) cannot tell a write just after ours by its time.
const coarseWindow = 2 * time.Second

// identityAt is identity, and whether a time in it is too recent at now to be told
// from a later write on such a file system (whole seconds, within coarseWindow):
// such a file is not stamped, as git treats a racily clean file.
func identityAt(path string, now time.Time) (id string, racy bool) {
	var b strings.Builder
	b.WriteString("tenglong checked 1\n")
	info, err := os.Stat(path)
	if err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	racy = describe(&b, "db", info, now)
	switch wal, err := os.Stat(path + "-wal"); {
	case err == nil:
		racy = describe(&b, "wal", wal, now) || racy
	case errors.Is(err, os.ErrNotExist):
		b.WriteString("wal none\n")
	default:
		return "", false
	}
	return b.String(), racy
}

// describe adds one file's line and says whether its time is racy at now.
func describe(b *strings.Builder, name string, info os.FileInfo, now time.Time) (racy bool) {
	ino, dev := fileNode(info)
	mod := info.ModTime()
	fmt.Fprintf(b, "%s size %d mtime %d ino %d dev %d\n", name, info.Size(), mod.UnixNano(), ino, dev)
	return mod.Nanosecond() == 0 && now.Sub(mod) < coarseWindow
}

// stampMatches: the stamp records exactly id.
func stampMatches(file, id string) bool {
	if file == "" || id == "" {
		return false
	}
	data, err := os.ReadFile(file)
	return err == nil && string(data) == id
}

// writeStamp records id in file whole (a temporary file renamed over it); errors
// are dropped: the next open checks again.
func writeStamp(file, id string) {
	if file == "" || id == "" {
		return
	}
	dir := filepath.Dir(file)
	if os.MkdirAll(dir, 0o700) != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".stamp-*")
	if err != nil {
		return
	}
	tmp := f.Name()
	_, werr := f.WriteString(id)
	if cerr := f.Close(); werr != nil || cerr != nil || os.Rename(tmp, file) != nil {
		os.Remove(tmp)
	}
}

// checkOnce runs quick_check unless the stamp says the file is unchanged since it
// was found sound. Called before the first connection is made, so the identity is
// the file's as the last command left it.
func (s *Store) checkOnce() error {
	s.openID = identity(s.path)
	if stampMatches(s.stampFile, s.openID) {
		s.stamped = s.openID
		return nil
	}
	return s.quickCheck()
}

// rememberCheck, after a clean Close, stamps the file as sound: a read-only command
// only when nothing changed it while it read (another writer stamps its own
// work), a writing command as its writes and SQLite's checkpoint left it.
func (s *Store) rememberCheck() {
	if s.stampFile == "" || s.sawCorrupt.Load() {
		return
	}
	id, racy := identityAt(s.path, time.Now())
	if id == "" || racy || id == s.stamped || (s.readOnly && id != s.openID) {
		return
	}
	writeStamp(s.stampFile, id)
}

// forgetCheck drops the stamp once SQLite has found damage, so that the next
// command checks the whole file again.
func (s *Store) forgetCheck() {
	if s.stampFile == "" {
		return
	}
	s.sawCorrupt.Store(true)
	os.Remove(s.stampFile)
}
