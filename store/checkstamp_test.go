package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// storeWithBlobs makes a database of 40 archived files, closed by the writing
// command with passed checks remembered in stamps; it returns the database path
// and the archived files' sha256s.
func storeWithBlobs(t *testing.T, stamps string) (string, []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, rememberChecksIn(stamps))
	if err != nil {
		t.Fatal(err)
	}
	var shas []string
	for i := range 40 {
		sha, _, err := s.PutFile([]byte(strings.Repeat(fmt.Sprint(i), 3000)))
		if err != nil {
			t.Fatal(err)
		}
		shas = append(shas, sha)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, shas
}

// damageKeepingTime writes garbage over the middle of the file in place and puts
// its modification time back: the size, time and inode are what they were.
func damageKeepingTime(t *testing.T, path string) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte(strings.Repeat("\xff\x00garbage", 1500)), info.Size()/2)
	f.Close()
	if err := os.Chtimes(path, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.Stat(path); after.Size() != info.Size() || !after.ModTime().Equal(info.ModTime()) {
		t.Fatal("the damage changed the file's size or time")
	}
}

// checksRun is how many quick_checks opening path with opts runs; the store is
// closed again (and open's error returned).
func checksRun(t *testing.T, path string, opts ...Option) (int64, error) {
	t.Helper()
	before := quickChecks.Load()
	s, err := Open(path, opts...)
	if err == nil {
		s.Close()
	}
	return quickChecks.Load() - before, err
}

// A store found sound is not read whole again while nothing but tenglong has
// written it: writing commands and reading ones alike skip the check. Before,
// every open ran quick_check over every page (issue 21: 36 months stored made one
// month's status 2.8× dearer).
func TestRememberedCheckSkipsUnchangedStore(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"read-write", nil}, {"read-only", []Option{ReadOnly()}}} {
		t.Run(mode.name, func(t *testing.T) {
			stamps := t.TempDir()
			path, _ := storeWithBlobs(t, stamps)
			opts := append([]Option{rememberChecksIn(stamps)}, mode.opts...)
			for i := range 2 {
				if n, err := checksRun(t, path, opts...); err != nil || n != 0 {
					t.Fatalf("open %d after the writing command: %d checks, %v; want none", i+1, n, err)
				}
			}
			// Without stamps every open checks, as before.
			if n, err := checksRun(t, path, mode.opts...); err != nil || n != 1 {
				t.Fatalf("open without stamps: %d checks, %v; want 1", n, err)
			}
		})
	}
}

// Anything but tenglong changing the file brings the whole check back: a new time,
// a new size, a copy over it (another inode, same bytes and time), a -wal beside it.
func TestRememberedCheckRedoneWhenFileChanges(t *testing.T) {
	later := time.Now().Add(time.Hour)
	cases := []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"time", func(t *testing.T, path string) { os.Chtimes(path, later, later) }},
		{"size", func(t *testing.T, path string) {
			f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			f.Write(make([]byte, 4096))
			f.Close()
		}},
		{"wal beside it", func(t *testing.T, path string) { os.WriteFile(path+"-wal", nil, 0o644) }},
	}
	if runtime.GOOS != "windows" { // no inode there: size and time only
		cases = append(cases, struct {
			name   string
			change func(t *testing.T, path string)
		}{"copied over", func(t *testing.T, path string) {
			// As a sync tool does: a copy beside it, renamed over it, time kept.
			info, _ := os.Stat(path)
			data, _ := os.ReadFile(path)
			os.WriteFile(path+".sync", data, 0o644)
			os.Chtimes(path+".sync", info.ModTime(), info.ModTime())
			if err := os.Rename(path+".sync", path); err != nil {
				t.Fatal(err)
			}
		}})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			stamps := t.TempDir()
			path, _ := storeWithBlobs(t, stamps)
			tc.change(t, path)
			if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps)); err != nil || n != 1 {
				t.Fatalf("open after the change: %d checks, %v; want 1", n, err)
			}
			// Checked and found sound: remembered again.
			if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps)); err != nil || n != 0 {
				t.Fatalf("open after the check: %d checks, %v; want none", n, err)
			}
		})
	}
}

// Damage that keeps the file's size and time escapes the skipped check, but SQLite
// still reports the damaged page when a command reads it, and from then on the
// whole file is checked again and refused. Damage with a new time is refused on
// opening.
func TestRememberedCheckDamage(t *testing.T) {
	t.Run("same size and time", func(t *testing.T) {
		stamps := t.TempDir()
		path, shas := storeWithBlobs(t, stamps)
		damageKeepingTime(t, path)
		s, err := Open(path, ReadOnly(), rememberChecksIn(stamps))
		if err != nil {
			t.Fatalf("open skipping the check: %v", err)
		}
		var readErr error
		for _, sha := range shas {
			if _, readErr = s.File(sha); readErr != nil {
				break
			}
		}
		s.Close()
		if !errors.Is(readErr, ErrCorrupt) || !strings.Contains(readErr.Error(), "已损坏") {
			t.Fatalf("reading every archived file: %v, want ErrCorrupt", readErr)
		}
		n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps))
		if n != 1 || !errors.Is(err, ErrCorrupt) {
			t.Fatalf("open after SQLite found damage: %d checks, %v; want the check and ErrCorrupt", n, err)
		}
	})
	t.Run("new time", func(t *testing.T) {
		stamps := t.TempDir()
		path, _ := storeWithBlobs(t, stamps)
		damageKeepingTime(t, path)
		os.Chtimes(path, time.Now().Add(time.Hour), time.Now().Add(time.Hour))
		for _, opts := range [][]Option{{ReadOnly()}, nil} {
			n, err := checksRun(t, path, append(opts, rememberChecksIn(stamps))...)
			if n != 1 || !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "已损坏") {
				t.Fatalf("open: %d checks, %v; want the check and ErrCorrupt", n, err)
			}
		}
	})
}

// A stamp that cannot be kept only means checking every time: a cache folder that
// is a file, or a stamp of something else.
func TestRememberedCheckUnusableStamps(t *testing.T) {
	notDir := filepath.Join(t.TempDir(), "cache")
	os.WriteFile(notDir, []byte("a file"), 0o644)
	path, _ := storeWithBlobs(t, notDir)
	for i := range 2 {
		if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(notDir)); err != nil || n != 1 {
			t.Fatalf("open %d with an unusable cache folder: %d checks, %v; want 1", i+1, n, err)
		}
	}
	stamps := t.TempDir()
	path, _ = storeWithBlobs(t, stamps)
	os.WriteFile(stampFile(stamps, path), []byte("something else"), 0o600)
	if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps)); err != nil || n != 1 {
		t.Fatalf("open with a foreign stamp: %d checks, %v; want 1", n, err)
	}
}

// A file whose time is a whole second and recent may sit on a file system that
// keeps times to the second (FAT): a write in the same second would not show, so
// such a file is not remembered until its time is old enough.
func TestRememberedCheckCoarseTime(t *testing.T) {
	stamps := t.TempDir()
	path, _ := storeWithBlobs(t, stamps)
	os.Remove(stampFile(stamps, path))
	now := time.Now().Truncate(time.Second)
	os.Chtimes(path, now, now)
	for i := range 2 {
		if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps)); err != nil || n != 1 {
			t.Fatalf("open %d of a file of this very second: %d checks, %v; want 1", i+1, n, err)
		}
	}
	old := now.Add(-time.Hour)
	os.Chtimes(path, old, old)
	checksRun(t, path, ReadOnly(), rememberChecksIn(stamps))
	if n, err := checksRun(t, path, ReadOnly(), rememberChecksIn(stamps)); err != nil || n != 0 {
		t.Fatalf("open of a file an hour old, checked once: %d checks, %v; want none", n, err)
	}
}

// RememberChecks keeps its stamps under TENGLONG_CACHE_DIR when set (tests and
// benches), never in the user's cache then.
func TestRememberChecksFolder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(cacheDirEnv, dir)
	var o options
	RememberChecks()(&o)
	if want := filepath.Join(dir, "checked"); o.stampDir != want {
		t.Fatalf("stamps in %q, want %q", o.stampDir, want)
	}
}
