package main

// A unit that sent nothing (未报送), one whose return was rejected and not corrected
// (被退回) and one that reported late (迟报) are three states, and every output says
// the same of each (issue 18 §1): status, consolidate, score and interviews --json,
// and the 汇总表 read back with openpyxl. A unit without accepted data has no points
// anywhere — not the formulas' 0, not the office's entered points.

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

type stateLine struct {
	Code, Name, State string
	Late              bool
}

func TestStatesAgreeAcrossOutputs(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	for _, seed := range []string{"wzetdz-2015", "huzhou-2023"} {
		t.Run(seed, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "demo")
			runOK(t, "demo", "--seed", seed, "--dir", dir)
			files, _ := filepath.Glob(filepath.Join(dir, "汇总表-*.xlsx"))
			if len(files) != 1 {
				t.Fatalf("汇总表: %v", files)
			}
			period := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(files[0]), "汇总表-"), ".xlsx")
			checkStatesAgree(t, py, dir, period, files[0])
		})
	}
}

func checkStatesAgree(t *testing.T, py, dir, period, summary string) {
	var status struct{ Units []stateLine }
	jsonOf(t, runOK(t, "-w", dir, "status", "--period", period, "--json"), &status)
	var cons struct{ Submissions []stateLine }
	jsonOf(t, runOK(t, "-w", dir, "consolidate", "--period", period, "--json"), &cons)
	var sc struct {
		Scorable bool
		Units    []struct {
			stateLine
			Points *string
			Rank   *int
			Items  []struct{ Points *string }
		}
	}
	jsonOf(t, runOK(t, "-w", dir, "score", "--period", period, "--json"), &sc)
	var iv struct{ Units []stateLine }
	jsonOf(t, runOK(t, "-w", dir, "interviews", "--period", period, "--json"), &iv)

	// The reference is status --json; a late unit is an accepted one received after
	// the deadline.
	want := map[string]stateLine{}
	var names []string
	seen := map[string]bool{}
	for _, u := range status.Units {
		u.Late = u.Late && u.State == "accepted"
		want[u.Code] = u
		names = append(names, u.Name)
		seen[u.State] = true
		if u.Late {
			seen["late"] = true
		}
	}
	for _, s := range []string{"accepted", "rejected", "missing", "late"} {
		if !seen[s] {
			t.Fatalf("the demo has no %s unit: the test would prove nothing (%+v)", s, status.Units)
		}
	}
	agree := func(what string, got stateLine) {
		t.Helper()
		w := want[got.Code]
		if got.State != w.State || (got.Late && got.State == "accepted") != w.Late {
			t.Errorf("%s: %s is %s late=%v, status says %s late=%v", what, got.Name, got.State, got.Late, w.State, w.Late)
		}
	}
	for _, u := range cons.Submissions {
		agree("consolidate --json", u)
	}
	for _, u := range iv.Units {
		agree("interviews --json", u)
	}
	scores := map[string]string{} // unit name → points as score --json gives them
	for _, u := range sc.Units {
		agree("score --json", u.stateLine)
		accepted := u.State == "accepted"
		if !accepted && (u.Points != nil || u.Rank != nil) {
			t.Errorf("score --json: %s (%s) has points %v rank %v, want null", u.Name, u.State, deref(u.Points), u.Rank)
		}
		for i, it := range u.Items {
			if !accepted && it.Points != nil {
				t.Errorf("score --json: %s (%s) item %d has %s points", u.Name, u.State, i, *it.Points)
			}
		}
		if accepted && sc.Scorable && u.Points == nil {
			t.Errorf("score --json: accepted %s has no points", u.Name)
		}
		if u.Points != nil {
			scores[u.Name] = *u.Points
		}
	}

	var book struct {
		Reporting map[string]struct {
			State string
			Late  *string
		}
		Scores map[string]struct {
			Place any
			Total string
			Items []string
		}
		Cells map[string][]string
		Notes []string
	}
	out := testtool.Run(t, py, append([]string{filepath.Join("testdata", "states", "summary_states.py"), summary}, names...)...)
	if err := json.Unmarshal([]byte(out), &book); err != nil {
		t.Fatalf("summary_states.py: %v\n%s", err, out)
	}
	words := map[string]string{"accepted": "已采用", "rejected": "退回", "missing": "未报送"}
	noData := map[string]string{"rejected": "被退回", "missing": "未报送"}
	for _, u := range want {
		r := book.Reporting[u.Name]
		if r.State != words[u.State] || (u.Late != (r.Late != nil && *r.Late == "是")) {
			t.Errorf("汇总表 报送情况: %s reads %s 迟报=%v, want %s late=%v", u.Name, r.State, deref(r.Late), words[u.State], u.Late)
		}
		s := book.Scores[u.Name]
		if word := noData[u.State]; word != "" {
			if s.Place != word || s.Total != word {
				t.Errorf("汇总表 赛马得分: %s (%s) reads 名次 %v 总分 %s, want %s", u.Name, u.State, s.Place, s.Total, word)
			}
			for _, c := range s.Items {
				if c != "—" && c != "/" {
					t.Errorf("汇总表 赛马得分: %s (%s) has an item cell %q", u.Name, u.State, c)
				}
			}
			other := noData["rejected"]
			if u.State == "rejected" {
				other = noData["missing"]
			}
			cells := book.Cells[u.Name]
			if !slices.Contains(cells, word) || slices.Contains(cells, other) {
				t.Errorf("汇总表 indicator sheets: %s (%s) should read %s and never %s", u.Name, u.State, word, other)
			}
			for _, note := range book.Notes {
				if !strings.Contains(note, u.Name) {
					t.Errorf("汇总表 note does not name %s (%s): %s", u.Name, u.State, note)
				}
			}
		} else if p, ok := scores[u.Name]; ok && s.Total != p {
			t.Errorf("汇总表 赛马得分: %s 总分 %s, score --json %s", u.Name, s.Total, p)
		}
		if u.Late {
			for _, note := range book.Notes {
				if !strings.Contains(note, "迟报") || !strings.Contains(note, u.Name) {
					t.Errorf("汇总表 note does not name the late %s: %s", u.Name, note)
				}
			}
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
