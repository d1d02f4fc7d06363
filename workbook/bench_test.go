package workbook

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
)

// provinceTemplates is the template benchmark of issue 3: 1,300 units, 100 indicators,
// two lists of 300 prepared rows, 20 tasks per unit.
var provinceTemplates = corpus.Size{Units: 1300, Indicators: 100, Lists: 2, ListRows: 300, TasksPerUnit: 20}

var province = sync.OnceValues(func() (*campaign.Campaign, error) {
	c, probs := campaign.LoadAndCheck(corpus.Campaign(provinceTemplates))
	if probs.HasErrors() {
		return nil, fmt.Errorf("generated campaign: %s", probs.Errors()[0])
	}
	return c, nil
})

// provinceInputs are the template inputs of every unit of the province campaign for 2022Q3.
func provinceInputs(b *testing.B) []TemplateInput {
	b.Helper()
	c, err := province()
	if err != nil {
		b.Fatal(err)
	}
	p, err := c.ReportingPeriod("2022Q3")
	if err != nil {
		b.Fatal(err)
	}
	now := time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC)
	inputs := make([]TemplateInput, len(c.Units))
	for i, u := range c.Units {
		inputs[i] = TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline), Generated: now, Password: c.ID}
	}
	return inputs
}

// BenchmarkWriteTemplate writes one unit's template of the province campaign.
func BenchmarkWriteTemplate(b *testing.B) {
	in := provinceInputs(b)[0]
	b.ReportAllocs()
	var size int
	for b.Loop() {
		data, err := WriteTemplate(in)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(size), "bytes/file")
}

// BenchmarkRenderTemplates1300 writes all 1,300 templates with a worker per CPU, as
// `tenglong generate` does.
func BenchmarkRenderTemplates1300(b *testing.B) {
	inputs := provinceInputs(b)
	b.ReportAllocs()
	for b.Loop() {
		total := 0
		err := RenderTemplates(inputs, runtime.NumCPU(), func(_ int, data []byte, err error) error {
			total += len(data)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(total)/float64(len(inputs)), "bytes/file")
	}
}
