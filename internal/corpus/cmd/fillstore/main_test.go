package main

import (
	"path/filepath"
	"strconv"
	"testing"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
)

// TestRun fills a small workspace and reads it back through the store: every unit
// current, the rows shared out exactly, two duplicate USCC pairs, a third late, the
// fed indicator equal to its list's count, the office's totals, earlier periods too.
func TestRun(t *testing.T) {
	ws := t.TempDir()
	cfg := config{Workspace: ws, Period: "2022Q3", Units: 130, Indicators: 12, Rows: 1000, Lists: 1,
		TasksPerUnit: 2, Earlier: 1, Totals: 3}
	sum, err := run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.size().ListRows; got != 8 {
		t.Errorf("prepared rows per unit = %d, want 8 (1000 over 130 units, rounded up)", got)
	}
	if len(sum.Periods) != 2 || sum.Periods[0] != "2022Q2" || sum.Periods[1] != "2022Q3" {
		t.Errorf("periods = %v, want [2022Q2 2022Q3]", sum.Periods)
	}
	if sum.Submissions != 130 || sum.Rows != 1000 || sum.Values != 130*12 || sum.Duplicates != 4 || sum.Totals != 3 {
		t.Errorf("summary = %+v", sum)
	}
	if _, err := run(cfg); err == nil {
		t.Error("a second run into the same workspace was not refused")
	}

	db, err := store.Open(filepath.Join(ws, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, period := range sum.Periods {
		current, err := db.Current("generated", period)
		if err != nil {
			t.Fatal(err)
		}
		if len(current) != 130 {
			t.Fatalf("%s: %d current submissions, want 130", period, len(current))
		}
		rows, err := db.CurrentRows("generated", period)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1000 {
			t.Errorf("%s: %d current rows, want 1000", period, len(rows))
		}
		done := map[string]int{}
		for _, r := range rows {
			if len(r.Values) != 4 {
				t.Fatalf("%s: row %+v lacks cells", period, r)
			}
			code := r.Values["uscc"].Value
			if len(code) != 18 {
				t.Fatalf("USCC %q is not 18 characters", code)
			}
			if check, ok := returns.USCCCheckChar(code[:17]); !ok || check != code[17] {
				t.Fatalf("USCC %q: check character %c, %v", code, check, ok)
			}
			if r.Values["state"].Value == "已完成" {
				done[r.Unit]++
			}
		}
		for _, cur := range current {
			for _, v := range cur.Values {
				if v.Indicator == "ind-000" && v.Value != strconv.Itoa(done[cur.Unit]) {
					t.Errorf("%s %s: ind-000 = %s, want its list's count of 已完成 %d", period, cur.Unit, v.Value, done[cur.Unit])
				}
			}
		}
		held, err := db.AcceptedUSCCUnits("generated", period, store.ListColumn{List: "register", Column: "uscc"})
		if err != nil {
			t.Fatal(err)
		}
		shared := 0
		for _, units := range held {
			if len(units) > 1 {
				shared++
			}
		}
		if shared != 2 {
			t.Errorf("%s: %d USCCs held by several units, want 2 (u0010 and u0110 claim the first of the unit before)", period, shared)
		}
		statuses, err := db.Status("generated", period)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := campaign.ParsePeriod(period)
		late := 0
		for _, s := range statuses {
			if s.Shown.Late {
				late++
			}
			if s.Shown.Late != p.Late(s.Shown.ReceivedAt, 10) {
				t.Errorf("%s %s: late %v but received %s", period, s.Unit, s.Shown.Late, s.Shown.ReceivedAt)
			}
		}
		if late != 43 {
			t.Errorf("%s: %d late, want 43 (a third of 130)", period, late)
		}
		tasks, err := db.CurrentTasks("generated", period)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 130*2 {
			t.Errorf("%s: %d task lines, want 260", period, len(tasks))
		}
		totals, err := db.Totals("generated", period)
		if err != nil {
			t.Fatal(err)
		}
		if len(totals) != 3 {
			t.Errorf("%s: %d office totals, want 3", period, len(totals))
		}
	}
}

// -cadence monthly makes the generated campaign monthly, so that -earlier 35 fills
// its three years of months (bench/commands.sh).
func TestRunMonthly(t *testing.T) {
	ws := t.TempDir()
	sum, err := run(config{Workspace: ws, Period: "2023-12", Units: 3, Indicators: 2, Rows: 6, Lists: 1,
		Earlier: 35, Cadence: "monthly"})
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Periods) != 36 || sum.Periods[0] != "2021-01" || sum.Periods[35] != "2023-12" {
		t.Errorf("periods = %v, want 2021-01 … 2023-12", sum.Periods)
	}
}
