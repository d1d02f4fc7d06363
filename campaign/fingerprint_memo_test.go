package campaign

import (
	"sync"
	"testing"
)

// MemoTemplateFingerprint is TemplateFingerprint for every unit and period, from
// readers in parallel; a campaign built by hand (not loaded, so possibly changed
// between calls) is hashed again each time.
func TestMemoTemplateFingerprint(t *testing.T) {
	c, probs := Load([]byte(`id: memo
title: 记忆
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}, {code: b, name: 乙}]
indicators:
  - {id: i, name: 指标, kind: flow, targets: {a: 1, b: 2.0}}
`))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	periods := c.Span.Periods(c.Cadence)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, u := range []string{"a", "b"} {
				for _, p := range periods {
					if got, want := c.MemoTemplateFingerprint(u, p), c.TemplateFingerprint(u, p); got != want {
						t.Errorf("%s %s: %s, want %s", u, p, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
	if c.MemoTemplateFingerprint("a", periods[0]) == c.MemoTemplateFingerprint("b", periods[0]) {
		t.Error("two units share a fingerprint")
	}

	byHand := &Campaign{ID: "hand", Units: []Unit{{Code: "a", Name: "甲"}}}
	before := byHand.MemoTemplateFingerprint("a", periods[0])
	byHand.Units[0].Name = "甲镇"
	if byHand.MemoTemplateFingerprint("a", periods[0]) == before {
		t.Error("a campaign built by hand was changed, its fingerprint was not")
	}
}
