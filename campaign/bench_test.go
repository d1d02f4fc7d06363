package campaign

import (
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
