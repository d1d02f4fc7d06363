package main

import (
	"os"
	"runtime/debug"
	"slices"
	"time"
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(os.Args[1:]))
	}
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
	os.Exit(Execute(env, os.Args[1:]))
}

// memoryLimit is the soft memory limit for a command line (GOMEMLIMIT wins over it).
// generate and ingest stream file after file: a tight limit keeps a province-size
// run (1,300 templates or returns) well under their 300 MB budget by collecting
// garbage sooner. consolidate, score, interviews and the reports hold a whole period
// (1,300 units × 100 indicators, 100,000 list rows) at once: under a tight limit the
// collector would run without pause, so they get room up to their 1 GB budget.
func memoryLimit(args []string) int64 {
	for _, a := range args {
		if slices.Contains([]string{"generate", "ingest", "validate"}, a) {
			return 200 << 20
		}
	}
	return 768 << 20
}
