package main

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"tenglong/internal/golden"
)

// binary is the tenglong executable built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "tenglong-e2e-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "tenglong")
	// Remembered store checks (store.RememberChecks) go to this run's folder, never
	// to the user's cache: for the commands run here and for the built binary.
	os.Setenv("TENGLONG_CACHE_DIR", filepath.Join(dir, "cache"))
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building tenglong for the end-to-end tests: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestCases runs the built binary on each folder of testdata/cases:
//
//	args      the command line; $WS is a fresh workspace directory
//	seed      optional: a seed to `tenglong init` into $WS first
//	campaign.yaml  optional: copied into $WS instead
//	stdout, stderr, exit  the expected results (rewritten with -update)
func TestCases(t *testing.T) {
	cases, err := os.ReadDir(filepath.Join("testdata", "cases"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		t.Run(c.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", "cases", c.Name())
			ws := t.TempDir()
			if seed := strings.TrimSpace(readOptional(t, filepath.Join(dir, "seed"))); seed != "" {
				if out, err := exec.Command(binary, "init", ws, "--seed", seed).CombinedOutput(); err != nil {
					t.Fatalf("init: %v\n%s", err, out)
				}
			}
			if data := readOptional(t, filepath.Join(dir, "campaign.yaml")); data != "" {
				os.WriteFile(filepath.Join(ws, "campaign.yaml"), []byte(data), 0o644)
			}
			args := strings.Fields(strings.TrimSpace(readFile(t, filepath.Join(dir, "args"))))
			for i := range args {
				args[i] = strings.ReplaceAll(args[i], "$WS", ws)
			}
			cmd := exec.Command(binary, args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			code := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			clean := func(s string) string { return strings.ReplaceAll(s, ws, "$WS") }
			golden.Check(t, filepath.Join(dir, "stdout"), clean(stdout.String()))
			golden.Check(t, filepath.Join(dir, "stderr"), clean(stderr.String()))
			golden.Check(t, filepath.Join(dir, "exit"), strconv.Itoa(code)+"\n")
		})
	}
}

func readOptional(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
