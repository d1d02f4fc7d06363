package results

import (
	"os"
	"path/filepath"
	"testing"

	"tenglong/campaign"
	"tenglong/store"
)

// BenchmarkAssembleWorkspace assembles a period of a workspace built beforehand
// (bench/consolidate.sh's fillstore): TENGLONG_BENCH_WS names the workspace and
// TENGLONG_BENCH_PERIOD the period (2022Q3 by default). It is skipped when
// TENGLONG_BENCH_WS is unset: a 1,300-unit store takes seconds to build, too long
// for a unit benchmark run by default.
func BenchmarkAssembleWorkspace(b *testing.B) {
	ws := os.Getenv("TENGLONG_BENCH_WS")
	if ws == "" {
		b.Skip("TENGLONG_BENCH_WS is unset: build a workspace with internal/corpus/cmd/fillstore and name it")
	}
	period := os.Getenv("TENGLONG_BENCH_PERIOD")
	if period == "" {
		period = "2022Q3"
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
	defer db.Close()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Assemble(c, db, p); err != nil {
			b.Fatal(err)
		}
	}
}
