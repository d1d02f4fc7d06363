//go:build unix

package store

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far (BenchmarkIngestWriter).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
