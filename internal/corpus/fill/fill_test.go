package fill_test

import (
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/returns"
	"tenglong/workbook"
)

func load(t testing.TB, s corpus.Size) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.LoadAndCheck(corpus.Campaign(s))
	if probs.HasErrors() {
		t.Fatalf("generated campaign %+v: %v", s, probs.Errors())
	}
	return c
}

// template writes unit u's template for period.
func template(t testing.TB, c *campaign.Campaign, u int, period string) []byte {
	t.Helper()
	p, err := campaign.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: c.Units[u], Period: p,
		Deadline: p.Deadline(c.Deadline), Generated: time.Date(2022, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Every list shape, tasks and targets by year: a filled return has no finding at all,
// every prepared row is filled, every value is a number, and no USCC repeats across
// units.
func TestReturnPassesEveryCheck(t *testing.T) {
	c := load(t, corpus.Size{Units: 4, Indicators: 30, Tasks: 2, Lists: 3, ListRows: 40, TasksPerUnit: 4})
	codes := map[string]string{}
	for u := range c.Units {
		data, err := fill.Return(c, template(t, c, u, "2023Q2"))
		if err != nil {
			t.Fatal(err)
		}
		ret, err := workbook.ReadTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		res := returns.Check(c, ret, returns.Context{})
		for _, f := range res.Findings {
			t.Errorf("%s: %s %s", c.Units[u].Code, f.Code, f)
		}
		if want := 3 * 40; len(res.Rows) != want {
			t.Errorf("%s: %d list rows, want %d", c.Units[u].Code, len(res.Rows), want)
		}
		for _, v := range res.Values {
			if v.Number == nil {
				t.Errorf("%s: %s = %q is not a number", c.Units[u].Code, v.Indicator, v.Raw)
			}
		}
		if len(res.Tasks) == 0 {
			t.Errorf("%s: no tasks", c.Units[u].Code)
		}
		for _, task := range res.Tasks {
			if task.Status == "" || task.Progress == "" {
				t.Errorf("%s: task %+v not answered", c.Units[u].Code, task)
			}
		}
		for _, code := range returns.UniqueUSCCs(c, res.Rows) {
			if other, dup := codes[code]; dup {
				t.Errorf("USCC %s of %s repeats %s", code, c.Units[u].Code, other)
			}
			codes[code] = c.Units[u].Code
		}
	}
}

func TestUSCC(t *testing.T) {
	seen := map[string]bool{}
	for _, ur := range [][2]int{{0, 0}, {0, 1}, {1, 0}, {1299, 299}, {199_999, 99_999}, {31, 31}} {
		code := fill.USCC(ur[0], ur[1])
		if err := returns.ValidateUSCC(code); err != nil {
			t.Errorf("USCC(%d, %d) = %s: %v", ur[0], ur[1], code, err)
		}
		if seen[code] {
			t.Errorf("USCC(%d, %d) = %s repeats", ur[0], ur[1], code)
		}
		seen[code] = true
	}
}

// TestUSCCSpread: a unit's codes are spread over the whole range, as real codes are,
// not one run of adjacent keys (which would flatter the store's code index in a
// benchmark), and stay distinct across a province's units.
func TestUSCCSpread(t *testing.T) {
	seen := make(map[string]bool, 1300*300)
	for u := 0; u < 1300; u++ {
		first := map[byte]bool{} // the first numbering character of each of the unit's codes
		for r := 0; r < 300; r++ {
			code := fill.USCC(u, r)
			if seen[code] {
				t.Fatalf("USCC(%d, %d) = %s repeats", u, r, code)
			}
			seen[code] = true
			first[code[10]] = true
		}
		if len(first) < 25 { // 300 codes spread over 31 first characters land on nearly all
			t.Fatalf("unit %d's codes start with only %d different characters: not spread", u, len(first))
		}
	}
}
