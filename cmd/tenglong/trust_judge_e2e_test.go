package main

// End-to-end tests of issue 11's judgments: what score, interviews, the bulletin,
// consolidate, totals and points print when nothing is scorable, when a unit did not
// report, for cumulative targets counted from a base, for totals given by a unit or
// worded, and whether printed reasons reproduce their results.

import (
	"path/filepath"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

// appendYAML adds text at the end of the workspace's campaign.yaml.
func appendYAML(t *testing.T, ws, text string) {
	t.Helper()
	path := filepath.Join(ws, "campaign.yaml")
	writeBytes(t, path, append(readBytes(t, path), []byte(text)...))
}

// editYAML replaces one exact piece of the workspace's campaign.yaml.
func editYAML(t *testing.T, ws, old, new string) {
	t.Helper()
	path := filepath.Join(ws, "campaign.yaml")
	text := string(readBytes(t, path))
	if strings.Count(text, old) != 1 {
		t.Fatalf("campaign.yaml has %d of %q", strings.Count(text, old), old)
	}
	writeBytes(t, path, []byte(strings.Replace(text, old, new, 1)))
}

type judgedScores struct {
	Scorable bool   `json:"scorable"`
	Note     string `json:"note"`
	Units    []struct {
		Code   string  `json:"code"`
		Points *string `json:"points"`
		Rank   *int    `json:"rank"`
		State  string  `json:"state"`
		Items  []struct {
			ID     string `json:"id"`
			Points string `json:"points"`
			Reason string `json:"reason"`
		} `json:"items"`
	} `json:"units"`
}

type judgedInterviews struct {
	Scorable bool `json:"scorable"`
	Units    []struct {
		Code  string `json:"code"`
		Rules []struct {
			ID      string `json:"id"`
			Figures string `json:"figures"`
		} `json:"rules"`
	} `json:"units"`
}

// TestJudgeNothingScorable: Shengzhou's units carry no numeric targets (only the city
// does). 市经信局 reports; score must not give 30 units 0.00 and rank 1, interviews
// must not summon anyone by rank, and the bulletin must not say a unit came first.
func TestJudgeNothingScorable(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "shengzhou-2022")
	appendYAML(t, ws, `interviews:
  rules:
    - {id: last, when: {rank-from-bottom: 1}, reason: 综合得分排名末位}
    - {id: repeat, when: {bottom-consecutive: 1}, reason: 连续排名末位}
    - {id: late, when: {late: true}, reason: 迟报}
`)
	runOK(t, "-w", ws, "generate", "--period", "2022Q3")
	fillAndIngest(t, ws, "2022Q3", map[string]map[string]string{
		"tax-per-mu": {"jxj": "20"}, "backward-capacity-firms": {"jxj": "190"},
	})

	var s judgedScores
	jsonOf(t, runOK(t, "-w", ws, "score", "--period", "2022Q3", "--json"), &s)
	if s.Scorable || !strings.Contains(s.Note, "不计分、不排名") || len(s.Units) != 30 {
		t.Fatalf("score --json: scorable %v, note %q, %d units", s.Scorable, s.Note, len(s.Units))
	}
	for _, u := range s.Units {
		if u.Points != nil || u.Rank != nil {
			t.Errorf("%s: points %v rank %v, want null and null", u.Code, u.Points, u.Rank)
		}
	}
	human := runOK(t, "-w", ws, "score", "--period", "2022Q3")
	if !strings.Contains(human, "没有可计分的指标：不计分、不排名") || strings.Contains(human, "0.00") {
		t.Errorf("score:\n%s", human)
	}

	var iv judgedInterviews
	jsonOf(t, runOK(t, "-w", ws, "interviews", "--period", "2022Q3", "--json"), &iv)
	// Rules not based on score still apply: the return came in after the deadline
	// (the test's clock is today), so 市经信局 is late, and no one else is on the list.
	if iv.Scorable || len(iv.Units) != 1 {
		t.Errorf("interviews --json summons %d units: %+v", len(iv.Units), iv.Units)
	}
	for _, u := range iv.Units {
		if len(u.Rules) != 1 || u.Rules[0].ID != "late" {
			t.Errorf("%s summoned for %+v", u.Code, u.Rules)
		}
	}
	list := runOK(t, "-w", ws, "interviews", "--period", "2022Q3")
	if !strings.Contains(list, "不计分、不排名") || strings.Contains(list, "综合得分") {
		t.Errorf("interviews:\n%s", list)
	}

	out := filepath.Join(ws, "通报.pdf")
	runOK(t, "-w", ws, "bulletin", "--period", "2022Q3", "-o", out, "--date", "2022-10-20")
	text := testtool.Run(t, "pdftotext", "-layout", out, "-")
	flat := strings.Join(strings.Fields(text), "")
	if strings.Contains(flat, "位列第一") || strings.Contains(flat, "排名末位") || !strings.Contains(flat, "不计分、不排名") {
		t.Errorf("bulletin ranks what cannot be scored:\n%s", text)
	}
}

// TestJudgeNonReporterNotLast: in Huzhou's 2023Q3 南太湖新区 sends nothing. It is not
// ranked (rank null, state missing), the last of the reporting units is; its summons
// says it did not report by the deadline, not 综合得分0.00分.
func TestJudgeNonReporterNotLast(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	vals := map[string]map[string]string{}
	for i, u := range []string{"wuxing", "nanxun", "deqing", "changxing", "anji"} {
		for _, ind := range []string{"tax-per-mu", "inefficient-firms", "freed-land", "freed-energy"} {
			if vals[ind] == nil {
				vals[ind] = map[string]string{}
			}
			vals[ind][u] = []string{"50", "40", "30", "20", "60"}[i]
		}
	}
	fillAndIngest(t, ws, "2023Q3", vals, "nantaihu")

	var s judgedScores
	jsonOf(t, runOK(t, "-w", ws, "score", "--period", "2023Q3", "--json"), &s)
	if !s.Scorable {
		t.Fatalf("not scorable: %s", s.Note)
	}
	ranked := 0
	for _, u := range s.Units {
		switch {
		case u.Code == "nantaihu":
			if u.Rank != nil || u.State != "missing" {
				t.Errorf("nantaihu: rank %v state %q, want null and missing", *u.Rank, u.State)
			}
			if len(u.Items) == 0 || !strings.Contains(u.Items[0].Reason, "未报送") {
				t.Errorf("nantaihu items %+v", u.Items)
			}
		case u.Rank == nil:
			t.Errorf("%s reported but is not ranked", u.Code)
		default:
			ranked++
			if *u.Rank < 1 || *u.Rank > 5 {
				t.Errorf("%s rank %d of 5 reporting units", u.Code, *u.Rank)
			}
		}
	}
	if ranked != 5 || s.Units[len(s.Units)-1].Code != "nantaihu" {
		t.Errorf("%d ranked; last listed %s", ranked, s.Units[len(s.Units)-1].Code)
	}
	human := runOK(t, "-w", ws, "score", "--period", "2023Q3")
	if line := lineStarting(human, "未报送"); !strings.Contains(line, "南太湖新区") {
		t.Errorf("score does not show 南太湖新区 as 未报送:\n%s", human)
	}

	var iv judgedInterviews
	jsonOf(t, runOK(t, "-w", ws, "interviews", "--period", "2023Q3", "--json"), &iv)
	got := map[string]string{}
	for _, u := range iv.Units {
		for _, r := range u.Rules {
			got[u.Code] += r.ID + "=" + r.Figures
		}
	}
	if f := got["nantaihu"]; !strings.Contains(f, "未在2023年10月10日前报送") || strings.Contains(f, "综合得分") {
		t.Errorf("nantaihu summoned for %q", f)
	}
	// 长兴县 (20 on every indicator) is the last of the units that reported.
	if f := got["changxing"]; !strings.Contains(f, "排名第5/5（末位）") {
		t.Errorf("changxing: %q (all: %v)", f, got)
	}
	if len(got) != 2 {
		t.Errorf("summoned %v", got)
	}
}
