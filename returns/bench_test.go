package returns

import (
	"testing"

	"tenglong/seeds"
)

// BenchmarkCheck checks one filled return of the test campaign; ingest runs Check
// once per file.
func BenchmarkCheck(b *testing.B) {
	c := loadCampaign(b, testCampaign)
	ret := build(b, c, "east", "2023Q3", cleanFill())
	b.ReportAllocs()
	for b.Loop() {
		Check(c, ret, Context{})
	}
}

// BenchmarkCheckSeed checks a blank template of the largest seed.
func BenchmarkCheckSeed(b *testing.B) {
	data, _ := seeds.Get("huzhou-2023")
	c := loadCampaign(b, string(data))
	p := c.Span.Periods(c.Cadence)[2]
	ret := build(b, c, c.Units[0].Code, p.String(), nil)
	b.ReportAllocs()
	for b.Loop() {
		Check(c, ret, Context{})
	}
}
