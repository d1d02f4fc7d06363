package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A read-only open reads what was written, writes nothing (the file's bytes and time
// unchanged, no -wal or -shm made), and refuses writes before they start.
func TestReadOnlyWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	sha, _, err := s.PutFile([]byte("收到的文件"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(path, old, old)
	before, _ := os.ReadFile(path)

	r, err := Open(path, ReadOnly())
	if err != nil {
		t.Fatalf("read-only open: %v", err)
	}
	if data, err := r.File(sha); err != nil || string(data) != "收到的文件" {
		t.Errorf("read back %q, %v", data, err)
	}
	if _, err := r.Status("c", "2023Q3"); err != nil {
		t.Errorf("Status: %v", err)
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + side); err == nil {
			t.Errorf("read-only open made %s", filepath.Base(path+side))
		}
	}
	if _, _, err := r.PutFile([]byte("x")); err == nil {
		t.Error("PutFile on a read-only store succeeded")
	}
	r.Close()
	info, _ := os.Stat(path)
	after, _ := os.ReadFile(path)
	if !info.ModTime().Equal(old) || !bytes.Equal(before, after) {
		t.Errorf("the database changed: mtime %v (was %v), %d bytes (were %d)", info.ModTime(), old, len(after), len(before))
	}
}

// A database of an older schema is upgraded by a read-only command when it can be
// written: a user who installs a new tenglong and runs status first is not refused.
func TestReadOnlyUpgradesWhenWritable(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, withMigrations(migrations[:1]))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := Open(path, ReadOnly())
	if err != nil {
		t.Fatalf("read-only open of an older schema: %v", err)
	}
	defer r.Close()
	v, err := r.version(t.Context(), r.db)
	if err != nil || v != SchemaVersion() {
		t.Errorf("version %d, %v; want %d", v, err, SchemaVersion())
	}
}

// With no database yet, a read-only command creates it as before (status right after
// init shows every unit missing).
func TestReadOnlyMissingCreates(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	r, err := Open(path, ReadOnly())
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("no database made: %v", err)
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing", FileName), ReadOnly()); !errors.Is(err, ErrReadOnly) {
		t.Errorf("missing folder: %v", err)
	}
}

// Commands starting at the same moment on a workspace without a database all get the
// one database: none sees another's half-made file (0 bytes, which Open refuses).
func TestOpenCreatesAtOnce(t *testing.T) {
	for round := range 5 {
		path := filepath.Join(t.TempDir(), FileName)
		const n = 6
		errs := make(chan error, n)
		for i := range n {
			go func() {
				s, err := Open(path)
				if err == nil {
					_, _, err = s.PutFile([]byte{byte(i)})
					s.Close()
				}
				errs <- err
			}()
		}
		for range n {
			if err := <-errs; err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
		}
		s, err := Open(path, ReadOnly())
		if err != nil {
			t.Fatal(err)
		}
		var files int
		s.db.QueryRow(`SELECT count(*) FROM files`).Scan(&files)
		s.Close()
		if files != n {
			t.Errorf("round %d: %d files stored, want %d: a store was made and lost", round, files, n)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		if len(entries) != 1 {
			var names []string
			for _, e := range entries {
				names = append(names, e.Name())
			}
			t.Errorf("round %d: folder holds %v, want only %s", round, names, FileName)
		}
	}
}
