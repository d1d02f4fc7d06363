package store

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

func TestHeldByOthers(t *testing.T) {
	s := scenario(t)
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	projects := ListColumn{List: "projects", Column: "uscc"}
	for _, tc := range []struct {
		name    string
		unit    string
		values  []string
		columns []ListColumn
		want    map[string]string
	}{
		{"wuxing's file", "wuxing", []string{"X20000000000000000", "SHARED000000000000", "N10000000000000000", "NEW000000000000000"}, []ListColumn{register}, map[string]string{"SHARED000000000000": "nanxun", "N10000000000000000": "nanxun"}},
		{"a new unit", "deqing", []string{"X10000000000000000", "X20000000000000000", "SHARED000000000000", "P10000000000000000"}, []ListColumn{register}, map[string]string{"X20000000000000000": "wuxing", "SHARED000000000000": "nanxun"}},
		{"two lists", "deqing", []string{"P10000000000000000", "D10000000000000000"}, []ListColumn{projects, register}, map[string]string{"P10000000000000000": "nanxun"}},
		{"no values", "deqing", nil, []ListColumn{register}, map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.HeldByOthers("huzhou-2023", "2023Q3", tc.unit, tc.values, tc.columns...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("HeldByOthers = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestHeldByOthersStaysExact records random submissions through two stores (as two
// processes would) and after each compares the index with a fresh read.
func TestHeldByOthersStaysExact(t *testing.T) {
	a, path := openTemp(t)
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	other := ListColumn{List: "projects", Column: "uscc"}
	rng := rand.New(rand.NewPCG(7, 7))
	units := []string{"u1", "u2", "u3", "u4"}
	pool := []string{"A00000000000000000", "B00000000000000000", "C00000000000000000", "D00000000000000000",
		"E00000000000000000", "F00000000000000000", "G00000000000000000", "H00000000000000000"} // 18 characters, like a USCC
	for i := range 120 {
		s := a
		if rng.IntN(5) == 0 {
			s = b // another writer: a's index must notice
		}
		unit := units[rng.IntN(len(units))]
		sha := put(t, s, fmt.Sprint("file ", i))
		sub := Submission{Campaign: "c", Unit: unit, Period: []string{"P1", "P2"}[rng.IntN(2)], SHA256: sha,
			SourcePath: "x", ReceivedAt: t0.Add(time.Duration(rng.IntN(100)) * time.Minute), Outcome: Accepted}
		if rng.IntN(4) == 0 {
			sub.Outcome = Rejected
			sub.Findings = []Finding{{Code: "e", Severity: SeverityError, Message: "m"}}
		}
		for j := range rng.IntN(4) {
			list := register
			if rng.IntN(3) == 0 {
				list = other
			}
			sub.Rows = append(sub.Rows, Row{List: list.List, Index: j, Values: map[string]Cell{
				"uscc": {Value: pool[rng.IntN(len(pool))], Cell: "C1"},
				"name": {Value: pool[rng.IntN(len(pool))], Cell: "B1"},
			}})
		}
		record(t, s, sub)
		if i%3 == 0 {
			if _, err := s.RecordSubmission(sub); err != nil { // a duplicate: audit only
				t.Fatal(err)
			}
		}
		if i%2 == 1 {
			continue // sometimes both stores write between two checks
		}
		for _, period := range []string{"P1", "P2"} {
			truth, err := a.AcceptedUSCCUnits("c", period, register)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range units {
				got, err := a.HeldByOthers("c", period, u, pool, register)
				if err != nil {
					t.Fatal(err)
				}
				want := map[string]string{}
				for v, holders := range truth {
					for _, h := range holders {
						if h != u {
							want[v] = h
							break
						}
					}
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("step %d %s %s: HeldByOthers = %v, want %v", i, period, u, got, want)
				}
			}
		}
	}
}

// BenchmarkHeldByOthers checks one file's 300 USCCs against a period of 1,300 units
// while recording it, as ingest does per file.
func BenchmarkHeldByOthers(b *testing.B) {
	s, _ := openTemp(b)
	col := ListColumn{List: "inefficient-register", Column: "uscc"}
	subs := make([]Submission, 1300)
	for i := range subs {
		subs[i] = benchSubmission(fmt.Sprintf("town-%04d", i))
		for j, r := range subs[i].Rows {
			c := r.Values["uscc"]
			c.Value = fmt.Sprintf("9133%04d%010d", i, j) // 18 characters, unique per unit and row
			r.Values["uscc"] = c
		}
		sha, _, err := s.PutFile(fmt.Appendf(nil, "file %d", i))
		if err != nil {
			b.Fatal(err)
		}
		subs[i].SHA256 = sha
		if _, err := s.RecordSubmission(subs[i]); err != nil {
			b.Fatal(err)
		}
	}
	values := make([]string, 0, 300)
	for _, r := range subs[5].Rows {
		values = append(values, r.Values["uscc"].Value)
	}
	if _, err := s.HeldByOthers("huzhou-2023", "2023Q3", "town-0005", values, col); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		m, err := s.HeldByOthers("huzhou-2023", "2023Q3", "town-0006", values, col)
		if err != nil || len(m) != 300 {
			b.Fatalf("%d held, %v", len(m), err)
		}
	}
}
