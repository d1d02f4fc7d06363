package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// CheckOnly reads the tables named, and finds damage in them as the full check does;
// a sound store opens with it.
func TestCheckOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if _, _, err := s.PutFile([]byte(strings.Repeat(fmt.Sprint(i), 3000))); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	for _, tables := range [][]string{{"submissions"}, {"submissions", "findings", "audit", "mail_bounced", "mail_sent"}} {
		s, err := Open(path, ReadOnly(), CheckOnly(tables...))
		if err != nil {
			t.Fatalf("sound store, CheckOnly(%v): %v", tables, err)
		}
		s.Close()
	}
	info, _ := os.Stat(path)
	f, _ := os.OpenFile(path, os.O_WRONLY, 0)
	f.WriteAt([]byte(strings.Repeat("\xff\x00garbage", 1500)), info.Size()/2)
	f.Close()
	if _, err := Open(path, ReadOnly(), CheckOnly("files")); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged files table, CheckOnly(files): %v, want ErrCorrupt", err)
	}
	if _, err := Open(path, ReadOnly()); !errors.Is(err, ErrCorrupt) {
		t.Errorf("damaged files table, full check: %v, want ErrCorrupt", err)
	}
}
