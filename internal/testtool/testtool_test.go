package testtool

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB whose Fatal ends only its own goroutine, keeping the
// message, so a test can see that a helper fails rather than skips.
type recorder struct {
	testing.TB
	fatal   string
	skipped bool
}

func (r *recorder) Helper() {}
func (r *recorder) Fatal(args ...any) {
	r.fatal = fmt.Sprint(args...)
	runtime.Goexit()
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (r *recorder) Skip(...any)          { r.skipped = true; runtime.Goexit() }
func (r *recorder) Skipf(string, ...any) { r.skipped = true; runtime.Goexit() }
func (r *recorder) SkipNow()             { r.skipped = true; runtime.Goexit() }

func call(t *testing.T, f func(testing.TB)) *recorder {
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(r)
	}()
	<-done
	return r
}

// TestChromium: Debian's chromium is found here, and without it on PATH the test
// that needs it fails with the package to install; it never skips.
func TestChromium(t *testing.T) {
	var path string
	if r := call(t, func(tb testing.TB) { path = Chromium(tb) }); r.fatal != "" || r.skipped || path == "" {
		t.Fatalf("chromium not found on this machine: %q (skipped %v)", r.fatal, r.skipped)
	}
	t.Setenv("PATH", t.TempDir())
	r := call(t, func(tb testing.TB) { Chromium(tb) })
	if r.skipped || !strings.Contains(r.fatal, "install Debian's chromium") {
		t.Errorf("without chromium: fatal %q, skipped %v; want a failure naming the package", r.fatal, r.skipped)
	}
}
