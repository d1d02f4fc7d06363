package results

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	"tenglong/campaign"
	"tenglong/store"
)

// benchWorkspace opens the benchmarks' workspace and period (see
// BenchmarkAssembleWorkspace); the store is closed when the benchmark ends.
func benchWorkspace(b *testing.B) (*campaign.Campaign, *store.Store, campaign.Period) {
	b.Helper()
	ws := os.Getenv("TENGLONG_BENCH_WS")
	period := os.Getenv("TENGLONG_BENCH_PERIOD")
	if period == "" {
		period = "2022Q3"
	}
	if ws == "" {
		ws = b.TempDir()
		fill := exec.Command("go", "run", "../internal/corpus/cmd/fillstore", "-workspace", ws,
			"-period", period, "-units", "300", "-indicators", "100", "-rows", "23000", "-tasks-per-unit", "2")
		if out, err := fill.CombinedOutput(); err != nil {
			b.Fatalf("fillstore: %v\n%s", err, out)
		}
	}
	data, err := os.ReadFile(filepath.Join(ws, "campaign.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		b.Fatal(probs.Errors())
	}
	p, err := c.ReportingPeriod(period)
	if err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(filepath.Join(ws, store.FileName), store.ReadOnly())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return c, db, p
}

// BenchmarkAssembleWorkspace assembles a period of a workspace: the one
// TENGLONG_BENCH_WS names (e.g. bench/consolidate.sh's, kept with BENCH_KEEP=1; the
// period is TENGLONG_BENCH_PERIOD, 2022Q3 by default), or else one of 300 units ×
// 100 indicators and 23,000 list rows that fillstore builds for the run — so that
// `make bench` always runs it, at a size that builds in seconds.
func BenchmarkAssembleWorkspace(b *testing.B) {
	c, db, p := benchWorkspace(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Assemble(c, db, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssembleLive reports the live heap an assembled period holds (HeapInuse
// after a collection, in MB): what a command keeps through writing its files, and
// what Go's collector lets the heap grow to twice of (issue 21). Its workspace is
// BenchmarkAssembleWorkspace's.
func BenchmarkAssembleLive(b *testing.B) {
	c, db, p := benchWorkspace(b)
	var before, after runtime.MemStats
	for b.Loop() {
		runtime.GC()
		runtime.ReadMemStats(&before)
		r, err := Assemble(c, db, p)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(r)
	}
	b.ReportMetric(float64(before.HeapInuse)/1e6, "MB-campaign")
	b.ReportMetric(float64(after.HeapInuse)/1e6, "MB-live")
	b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/1e6, "MB-period")
}
