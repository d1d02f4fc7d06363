// Package testtool finds the outside programs that tests use as independent readers —
// Debian's python3 with openpyxl, LibreOffice, poppler — and runs them. A test that
// needs one fails (never skips) when it is missing: .ci/run installs them all.
package testtool

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// The readers need a UTF-8 locale: without one (a login shell with no LANG, a cron
// job, CI) LibreOffice cannot open a file with a Chinese name and writes no CSV, and
// Python may read text as ASCII. Every test package that runs them imports this one,
// so the tests set the locale themselves, for every program they start, whatever the
// shell had; C.UTF-8 is built into glibc and exists on every Debian.
func init() {
	os.Setenv("LANG", "C.UTF-8")
	os.Setenv("LC_ALL", "C.UTF-8")
}

// debianPython is where Debian's python3-openpyxl and python3-xlsxwriter install
// their modules; a python3 earlier on PATH (pyenv) may not see them.
const debianPython = "/usr/bin/python3"

// Python returns a python3 that can import the given modules.
func Python(t testing.TB, modules ...string) string {
	t.Helper()
	candidates := []string{debianPython}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, py := range candidates {
		args := []string{"-c", "import sys"}
		for _, m := range modules {
			args[1] += "; import " + m
		}
		if exec.Command(py, args...).Run() == nil {
			return py
		}
	}
	t.Fatalf("no python3 with %v: install Debian's python3-openpyxl/python3-xlsxwriter (.ci/run does)", modules)
	return ""
}

// LibreOffice returns the soffice binary.
func LibreOffice(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("LibreOffice is missing: install Debian's libreoffice-calc-nogui (.ci/run does)")
	return ""
}

// Need returns the path of a program that must be installed.
func Need(t testing.TB, name, debianPackage string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: install Debian's %s (.ci/run does)", name, debianPackage)
	}
	return p
}

// Run runs a program and fails the test with its output when it fails.
func Run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\nstdout:\n%s\nstderr:\n%s", name, args, err, out.String(), errb.String())
	}
	return out.String()
}

// ConvertWithLibreOffice converts a file (to "pdf" or "csv") in a private profile, so
// parallel tests and a user's running LibreOffice do not collide, and returns the
// path of the result.
func ConvertWithLibreOffice(t testing.TB, path, format string) string {
	t.Helper()
	soffice := LibreOffice(t)
	dir := t.TempDir()
	profile := "file://" + filepath.Join(dir, "profile")
	Run(t, soffice, "-env:UserInstallation="+profile, "--headless", "--norestore", "--convert-to", format, "--outdir", dir, path)
	base := filepath.Base(path)
	out := filepath.Join(dir, base[:len(base)-len(filepath.Ext(base))]+"."+format)
	if _, err := os.Stat(out); err != nil {
		t.Fatalf("LibreOffice wrote no %s for %s", format, path)
	}
	return out
}

// chromiumNames are the names Chromium goes by on PATH: Debian's package installs
// /usr/bin/chromium; other systems' builds may say chromium-browser.
var chromiumNames = []string{"chromium", "chromium-browser"}

// cjkFont is the font file of Debian's fonts-noto-cjk. Chromium falls back to it for
// Chinese text; without it every character of a page is drawn as an empty box, and
// a screenshot shows nothing a person can check.
const cjkFont = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// Chromium returns the path of Debian's chromium, for the end-to-end tests that
// drive the web pages in a real browser. It fails the test (never skips) when
// chromium or the Chinese font is missing: .ci/run installs both.
func Chromium(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(cjkFont); err != nil {
		t.Fatalf("the Chinese font %s is missing: install Debian's fonts-noto-cjk (.ci/run does)", cjkFont)
	}
	for _, name := range chromiumNames {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("chromium is missing: install Debian's chromium (.ci/run does)")
	return ""
}
