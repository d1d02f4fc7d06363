// Package golden compares test output with files under testdata/, rewritten by
// `go test ./... -update`. Every package with tests imports it, so the -update flag
// exists in every test binary that `go test ./... -update` starts.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// Update is the -update flag: rewrite golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files under testdata/")

// Check compares got with the golden file at path, or rewrites it with -update.
func Check(t testing.TB, path, got string) {
	t.Helper()
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./... -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs; if the change is intended, run go test ./... -update and review the diff:\n--- want\n%s\n--- got\n%s", path, want, got)
	}
}
