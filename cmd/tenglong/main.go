package main

import (
	"os"
	"runtime/debug"
	"time"
)

func main() {
	// A soft memory limit keeps a province-size run (1,300 templates or returns) well
	// under the 300 MB budget by collecting garbage sooner; GOMEMLIMIT still wins.
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(200 << 20)
	}
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
	os.Exit(Execute(env, os.Args[1:]))
}
