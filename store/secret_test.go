package store

import (
	"bytes"
	"sync"
	"testing"
)

// The signing key is made once, kept across opens, and the same for every connection
// pool asking at once; reading it never creates it.
func TestSigningKey(t *testing.T) {
	s, path := openTemp(t)
	if key, err := s.ExistingSigningKey(); err != nil || key != nil {
		t.Fatalf("new database: ExistingSigningKey = %x, %v; want none", key, err)
	}
	other, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db := s
			if i%2 == 1 {
				db = other
			}
			k, err := db.SigningKey()
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for i, k := range keys {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("key %d = %x, want the same 32 bytes as key 0 (%x)", i, k, keys[0])
		}
	}
	s.Close()
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if k, err := again.ExistingSigningKey(); err != nil || !bytes.Equal(k, keys[0]) {
		t.Errorf("after reopening: %x, %v; want %x", k, err, keys[0])
	}
	fresh, _ := openTemp(t)
	if k, err := fresh.SigningKey(); err != nil || bytes.Equal(k, keys[0]) {
		t.Errorf("another workspace got %x (%v): keys must differ per workspace", k, err)
	}
}
