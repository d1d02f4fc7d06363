package score

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/seeds"
)

// loadSeed loads an embedded seed campaign.
func loadSeed(t *testing.T, id string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	return loadYAML(t, data)
}

func loadYAML(t *testing.T, data []byte) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatalf("load: %v", probs.Errors())
	}
	return c
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func period(t *testing.T, s string) campaign.Period {
	t.Helper()
	p, err := campaign.ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// values builds unit returns from indicator -> unit -> value text; "" leaves the
// value out (the unit did not report it). Qualitative answers are 完成/未完成.
func values(p campaign.Period, table map[string]map[string]string) Data {
	d := Data{Period: p, Returns: map[string]*Return{}, Attempts: map[string]Attempt{}}
	for ind, byUnit := range table {
		for unit, text := range byUnit {
			ret := d.Returns[unit]
			if ret == nil {
				ret = &Return{Values: map[string]Value{}}
				d.Returns[unit] = ret
				d.Attempts[unit] = Attempt{State: StateAccepted, ReceivedAt: p.Deadline(0)}
			}
			if text == "" {
				continue
			}
			if n, err := decimal.NewFromString(text); err == nil {
				ret.Values[ind] = NumberValue(n)
			} else {
				ret.Values[ind] = Value{Text: text}
			}
		}
	}
	return d
}

var fixedDay = time.Date(2015, 10, 8, 9, 0, 0, 0, time.UTC)

// resultCell is a cell holding only the result r.
func resultCell(r campaign.Result) Cell {
	var c Cell
	c.setResult(r)
	return c
}
