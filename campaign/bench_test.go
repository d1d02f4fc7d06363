package campaign

import (
	"runtime"
	"testing"

	"tenglong/internal/corpus"
)

// The province scale of DESIGN.md §10: 1,300 townships × 100 indicators.
var provinceSize = corpus.Size{Units: 1300, Indicators: 100, Tasks: 200}

func TestGeneratedProvinceCampaignIsClean(t *testing.T) {
	c, probs := LoadAndCheck(corpus.Campaign(corpus.Size{Units: 30, Indicators: 12, Tasks: 5}))
	if len(probs) > 0 {
		t.Fatalf("generated campaign has problems: %v", probs)
	}
	if len(c.Units) != 30 || len(c.Indicators) != 12 || len(c.Tasks) != 5 {
		t.Fatalf("generated %d/%d/%d", len(c.Units), len(c.Indicators), len(c.Tasks))
	}
}

func BenchmarkLoadAndCheckProvince(b *testing.B) {
	data := corpus.Campaign(provinceSize)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := LoadAndCheck(data); probs.HasErrors() {
			b.Fatal(probs.Errors()[0])
		}
	}
}

// Issue 21's largest campaign: 5,000 units × 100 indicators, 2 tasks per unit (8 MB).
func BenchmarkLoadAndCheck5000(b *testing.B) {
	data := corpus.Campaign(corpus.Size{Units: 5000, Indicators: 100, Tasks: 200, TasksPerUnit: 2})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, probs := LoadAndCheck(data); probs.HasErrors() {
			b.Fatal(probs.Errors()[0])
		}
	}
}

func BenchmarkEvaluateProvince(b *testing.B) {
	c, probs := LoadAndCheck(corpus.Campaign(provinceSize))
	if probs.HasErrors() {
		b.Fatal(probs.Errors()[0])
	}
	p, _ := ParsePeriod("2022Q3")
	actual := Reported(dec("17.5"))
	b.ReportAllocs()
	for b.Loop() {
		for i := range c.Indicators {
			for _, u := range c.Units {
				c.Evaluate(&c.Indicators[i], u.Code, p, actual)
			}
		}
	}
}

// BenchmarkLoadedHeap5000 reports the live heap a loaded 5,000-unit campaign keeps
// (every command holds one for its whole run; issue 21): live-MB after a full GC.
func BenchmarkLoadedHeap5000(b *testing.B) {
	data := corpus.Campaign(corpus.Size{Units: 5000, Indicators: 100, Tasks: 200, TasksPerUnit: 2})
	var live float64
	for b.Loop() {
		live = liveHeapMB(func() any {
			c, probs := Load(data)
			if probs.HasErrors() {
				b.Fatal(probs.Errors()[0])
			}
			return c
		})
	}
	b.ReportMetric(live, "live-MB")
}

// liveHeapMB is the heap that what load returns keeps alive, in MB: the heap after
// a full collection with it held, less the heap before.
func liveHeapMB(load func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
}

// Every command keeps the loaded campaign for its whole run, and Go's collector lets
// the heap grow to twice what is live: issue 21's 5,000-unit campaign (575,000
// targets) must keep at most 50 MB live once loaded (it kept 124 MB when each unit's
// target was a value of its own).
func TestLoadedCampaignLiveHeap(t *testing.T) {
	data := corpus.Campaign(corpus.Size{Units: 5000, Indicators: 100, Tasks: 200, TasksPerUnit: 2})
	live := liveHeapMB(func() any {
		c, probs := Load(data)
		if probs.HasErrors() {
			t.Fatal(probs.Errors()[0])
		}
		return c
	})
	if live > 50 {
		t.Errorf("a loaded 5,000-unit campaign keeps %.1f MB live, want at most 50 MB", live)
	}
}

// BenchmarkTemplateFingerprint is one unit's template fingerprint at province scale:
// ingest works it out once a return (each return is another unit's).
func BenchmarkTemplateFingerprint(b *testing.B) {
	c, probs := Load(corpus.Campaign(corpus.Size{Units: 1300, Indicators: 100, Lists: 1, ListRows: 300}))
	if probs.HasErrors() {
		b.Fatal(probs.Errors()[0])
	}
	p, _ := ParsePeriod("2022Q3")
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c.TemplateFingerprint(c.Units[i%len(c.Units)].Code, p)
		i++
	}
}
