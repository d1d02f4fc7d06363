//go:build !unix

package store

import "time"

// cpuTime is unknown here: BenchmarkIngestWriter's cpu-ms/op reads 0.
func cpuTime() time.Duration { return 0 }
