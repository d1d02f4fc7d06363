//go:build !unix

package report

import "time"

// cpuTime is not measured here: the benchmarks report 0 CPU-s.
func cpuTime() time.Duration { return 0 }
