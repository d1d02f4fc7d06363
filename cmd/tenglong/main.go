package main

import (
	"os"
	"time"
)

func main() {
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now}
	os.Exit(Execute(env, os.Args[1:]))
}
