package main

// End-to-end tests of issue 11's judgments: what score, interviews, the bulletin,
// consolidate, totals and points print when nothing is scorable, when a unit did not
// report, for cumulative targets counted from a base, for totals given by a unit or
// worded, and whether printed reasons reproduce their results.

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

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

// rankText prints a JSON rank: the number, or null.
func rankText(r *int) string {
	if r == nil {
		return "null"
	}
	return strconv.Itoa(*r)
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
	for _, u := range s.Units {
		if u.Points != nil || u.Rank != nil {
			t.Errorf("%s: points %s rank %s, want null and null", u.Code, orEmpty(u.Points), rankText(u.Rank))
		}
	}
	if s.Scorable || !strings.Contains(s.Note, "不计分、不排名") || len(s.Units) != 30 {
		t.Errorf("score --json: scorable %v, note %q, %d units", s.Scorable, s.Note, len(s.Units))
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

// TestJudgeNothingComparable: in huzhou-2023-depts every indicator is one
// department's, so the default method compares each department with nobody and gives
// every reporter 100. Nothing is ranked.
func TestJudgeNothingComparable(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023-depts")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	fillAndIngest(t, ws, "2023Q3", map[string]map[string]string{"tax-per-mu": {"jxj": "20"}})
	var s judgedScores
	jsonOf(t, runOK(t, "-w", ws, "score", "--period", "2023Q3", "--json"), &s)
	for _, u := range s.Units {
		if u.Points != nil || u.Rank != nil {
			t.Errorf("%s: points %s rank %s, want null and null", u.Code, orEmpty(u.Points), rankText(u.Rank))
		}
	}
	if s.Scorable || !strings.Contains(s.Note, "只有一个单位承担") {
		t.Errorf("score --json: scorable %v, note %q", s.Scorable, s.Note)
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
	ranked := 0
	for _, u := range s.Units {
		switch {
		case u.Code == "nantaihu":
			if u.Rank != nil || u.State != "missing" {
				t.Errorf("nantaihu: rank %s state %q, want null and missing", rankText(u.Rank), u.State)
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

// minmaxReason matches a printed minmax formula and its result; operands are numbers,
// percentages, or negatives in brackets, (−2.50).
var minmaxReason = regexp.MustCompile(strings.NewReplacer("N", `(\(−[0-9.]+%?\)|[0-9.]+%?)`).Replace(
	`\[\(N−N\)/\(N−N\)×40\+60\]/100×N = ([0-9.]+)分`))

// scaledReason matches the default method's scaling to 100 points.
var scaledReason = regexp.MustCompile(`：(\S+?)×(\d+)/(\d+) = (\S+?)分`)

// operandValue reads an operand as a reason prints it.
func operandValue(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	s = strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
	s = strings.TrimSuffix(strings.ReplaceAll(s, "−", "-"), "%")
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("operand %q: %v", s, err)
	}
	return d
}

// TestJudgeReasonsReproduce scores Huzhou's 2023Q3 by the default method (13
// indicators, 100/13 points each) on values with awkward digits and negative
// differences, and redoes the arithmetic of every printed formula from its printed
// inputs: each must give the printed points; no double minus, no 16-digit numbers.
func TestJudgeReasonsReproduce(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	units := []string{"wuxing", "nanxun", "deqing", "changxing", "anji", "nantaihu"}
	vals := map[string]map[string]string{}
	for ind, vs := range map[string][]string{
		"industry-value-added-growth":     {"4.5", "7.3", "10.25", "3", "6.1", "12.7"},
		"manufacturing-investment-growth": {"-3.7", "11.9", "12.05", "-0.4", "15", "9.99"},
		"tax-per-mu":                      {"41.3", "33", "29.9", "40.1", "36.6", "35"},
		"value-added-per-mu":              {"201", "150.7", "188", "190.3", "170", "240.1"},
		"labor-productivity":              {"27.7", "31.1", "29.6", "25.3", "30.01", "28"},
		"inefficient-firms":               {"97", "200", "133", "251", "77", "41"},
		"freed-land":                      {"1003", "1777", "1290", "2100", "1333", "421"},
		"freed-energy":                    {"3.33", "2.9", "1.7", "3.1", "1.95", "0.08"},
	} {
		vals[ind] = map[string]string{}
		for i, u := range units {
			vals[ind][u] = vs[i]
		}
	}
	fillAndIngest(t, ws, "2023Q3", vals)
	out := runOK(t, "-w", ws, "score", "--period", "2023Q3", "--json")
	if strings.Contains(out, "−-") || strings.Contains(out, "--") {
		t.Errorf("a double minus in the reasons")
	}
	if long := regexp.MustCompile(`\d\.\d{7,}`).FindString(out); long != "" {
		t.Errorf("a number printed with %s", long)
	}
	var s struct {
		Units []struct {
			Code   string `json:"code"`
			Scaled string `json:"scaled"`
			Items  []struct {
				ID     string `json:"id"`
				Reason string `json:"reason"`
			} `json:"items"`
		} `json:"units"`
	}
	jsonOf(t, out, &s)
	checked := 0
	for _, u := range s.Units {
		for _, it := range u.Items {
			m := minmaxReason.FindStringSubmatch(it.Reason)
			if m == nil {
				continue
			}
			v, lo, hi, lo2, pts := operandValue(t, m[1]), operandValue(t, m[2]), operandValue(t, m[3]), operandValue(t, m[4]), operandValue(t, m[5])
			got := v.Sub(lo).Div(hi.Sub(lo2)).Mul(decimal.NewFromInt(40)).Add(decimal.NewFromInt(60)).Div(decimal.NewFromInt(100)).Mul(pts)
			if got.StringFixed(2) != m[6] {
				t.Errorf("%s %s: %s gives %s, printed %s", u.Code, it.ID, m[0], got.StringFixed(2), m[6])
			}
			checked++
		}
		if m := scaledReason.FindStringSubmatch(u.Scaled); m != nil {
			raw, n, a := operandValue(t, m[1]), operandValue(t, m[2]), operandValue(t, m[3])
			if got := raw.Mul(n).Div(a).StringFixed(2); got != m[4] {
				t.Errorf("%s: %s gives %s", u.Code, m[0], got)
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d formulas checked:\n%s", checked, out)
	}
}

// totalOf is one indicator's total row in consolidate --json.
func totalOf(t *testing.T, ws, period, indicator string) (actual *string, status, basis string) {
	t.Helper()
	var doc struct {
		Indicators []struct {
			ID    string `json:"id"`
			Total struct {
				Actual *string `json:"actual"`
				Status string  `json:"status"`
				Basis  string  `json:"basis"`
			} `json:"total"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", period, "--json"), &doc)
	for _, in := range doc.Indicators {
		if in.ID == indicator {
			return in.Total.Actual, in.Total.Status, in.Total.Basis
		}
	}
	t.Fatalf("consolidate --json has no %s", indicator)
	return nil, "", ""
}

// TestJudgeWordedTotal: Huzhou's city target for 单位GDP能耗下降率 is 完成省定目标.
// totals set takes 完成 / 未完成 for it; a number entered for it is printed as that
// number, not as 未完成; a numeric total refuses 完成.
func TestJudgeWordedTotal(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	out := runOK(t, "-w", ws, "totals", "set", "--period", "2023Q3", "--indicator", "energy-intensity-drop", "--value", "完成", "--reason", "省发改委反馈")
	if !strings.Contains(out, "单位GDP能耗下降率 完成（省发改委反馈）") {
		t.Errorf("totals set said %q", out)
	}
	if a, status, basis := totalOf(t, ws, "2023Q3", "energy-intensity-drop"); a == nil || *a != "完成" || status != "green" || basis != "办公室录入" {
		t.Errorf("after 完成: actual %v status %s basis %s", a, status, basis)
	}
	runOK(t, "-w", ws, "totals", "set", "--period", "2023Q3", "--indicator", "energy-intensity-drop", "--value", "未完成", "--reason", "更正")
	if a, status, _ := totalOf(t, ws, "2023Q3", "energy-intensity-drop"); a == nil || *a != "未完成" || status != "yellow" {
		t.Errorf("after 未完成 at Q3: actual %v status %s", a, status)
	}
	runOK(t, "-w", ws, "totals", "set", "--period", "2023Q3", "--indicator", "energy-intensity-drop", "--value", "4.7", "--reason", "省统计局快报")
	if a, _, _ := totalOf(t, ws, "2023Q3", "energy-intensity-drop"); a == nil || *a != "4.7" {
		t.Errorf("after 4.7: actual %v", a)
	}
	list := runOK(t, "-w", ws, "totals", "list", "--period", "2023Q3", "--history")
	if !strings.Contains(list, " 完成 ") && !strings.Contains(list, "完成  ") || strings.Contains(list, "完成%") {
		t.Errorf("totals list:\n%s", list)
	}
	code, _, errs := run(t, "-w", ws, "totals", "set", "--period", "2023Q3", "--indicator", "tax-per-mu", "--value", "完成", "--reason", "x")
	if code != 2 || !strings.Contains(errs, "合计目标是数值，请填写数字") {
		t.Errorf("完成 for a numeric total: exit %d, %s", code, errs)
	}
	code, _, errs = run(t, "-w", ws, "totals", "set", "--period", "2023Q3", "--indicator", "energy-intensity-drop", "--value", "差不多", "--reason", "x")
	if code != 2 || !strings.Contains(errs, "请填写 完成 或 未完成") {
		t.Errorf("差不多: exit %d, %s", code, errs)
	}
}

// TestJudgeListsAsJSON: points list and totals list take --json and print one JSON
// document, decimals as strings; --history includes superseded entries.
func TestJudgeListsAsJSON(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "points", "set", "--period", "2015Q4", "--unit", "xinghai", "--item", "risk", "--points", "2.5", "--reason", "初次录入")
	runOK(t, "-w", ws, "points", "set", "--period", "2015Q4", "--unit", "xinghai", "--item", "risk", "--points", "3.25", "--reason", "更正")
	runOK(t, "-w", ws, "totals", "set", "--period", "2015Q4", "--indicator", "output-growth", "--value", "8.60", "--reason", "区统计局快报")

	var points struct {
		Period string `json:"period"`
		Points []struct {
			Unit     string `json:"unit"`
			UnitName string `json:"unit_name"`
			Item     string `json:"item"`
			Points   string `json:"points"`
			Reason   string `json:"reason"`
		} `json:"points"`
	}
	jsonOf(t, runOK(t, "-w", ws, "points", "list", "--period", "2015Q4", "--json"), &points)
	if points.Period != "2015Q4" || len(points.Points) != 1 || points.Points[0].Points != "3.25" || points.Points[0].UnitName != "星海街道" || points.Points[0].Reason != "更正" {
		t.Errorf("points list --json = %+v", points)
	}
	jsonOf(t, runOK(t, "-w", ws, "points", "list", "--period", "2015Q4", "--json", "--history"), &points)
	if len(points.Points) != 2 || points.Points[0].Points != "2.5" {
		t.Errorf("points list --json --history = %+v", points)
	}

	var totals struct {
		Period string `json:"period"`
		Totals []struct {
			Indicator string `json:"indicator"`
			Value     string `json:"value"`
			Measure   string `json:"measure"`
			EnteredAt string `json:"entered_at"`
		} `json:"totals"`
	}
	raw := runOK(t, "-w", ws, "totals", "list", "--period", "2015Q4", "--json")
	jsonOf(t, raw, &totals)
	if len(totals.Totals) != 1 || totals.Totals[0].Indicator != "output-growth" || totals.Totals[0].Value != "8.6" || totals.Totals[0].Measure != "%" || totals.Totals[0].EnteredAt == "" {
		t.Errorf("totals list --json = %s", raw)
	}
	// An empty list is still one JSON document.
	raw = runOK(t, "-w", ws, "totals", "list", "--period", "2015Q3", "--json")
	jsonOf(t, raw, &totals)
	if len(totals.Totals) != 0 || !strings.Contains(raw, `"totals": []`) {
		t.Errorf("empty totals list --json = %s", raw)
	}
}

// TestJudgeBase: Shengzhou's 淘汰落后产能企业 counts to 220 by 2023 from a base of 168
// at the end of 2020 (the document's 2020年基数). With the city's cumulative figure of
// 200 reported by 市经信局 for 2022Q3 (the seed's total: {given-by: jxj}), completion is
// (200−168)/(220−168) = 61.54% against a time progress of 21/36 = 58.33% (green), not
// 200 against the 2022 annual 20. check reports a bad base with its YAML line.
func TestJudgeBase(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "shengzhou-2022")
	runOK(t, "-w", ws, "generate", "--period", "2022Q3")
	fillAndIngest(t, ws, "2022Q3", map[string]map[string]string{"backward-capacity-firms": {"jxj": "200"}})
	var doc struct {
		Indicators []struct {
			ID    string `json:"id"`
			Total struct {
				Target       *string `json:"target"`
				Actual       *string `json:"actual"`
				Completion   *string `json:"completion"`
				TimeProgress *string `json:"time_progress"`
				Status       string  `json:"status"`
			} `json:"total"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2022Q3", "--json"), &doc)
	found := false
	for _, in := range doc.Indicators {
		if in.ID != "backward-capacity-firms" {
			continue
		}
		found = true
		got := fmt.Sprintf("target %s actual %s completion %s time %s status %s", orEmpty(in.Total.Target), orEmpty(in.Total.Actual),
			orEmpty(in.Total.Completion), orEmpty(in.Total.TimeProgress), in.Total.Status)
		if want := "target 220 actual 200 completion 61.54 time 58.33 status green"; got != want {
			t.Errorf("backward-capacity-firms 2022Q3: %s, want %s", got, want)
		}
	}
	if !found {
		t.Fatal("no backward-capacity-firms in consolidate --json")
	}

	// check: a base year inside the span, and a target not above its base, each with its line.
	editYAML(t, ws, "    base: {city: 168}\n    base-year: 2020\n", "    base: {city: 168}\n    base-year: 2022\n")
	editYAML(t, ws, "    by-year: {2023: {city: 1385}}", "    by-year: {2023: {city: 1000}}")
	code, out, _ := run(t, "-w", ws, "check", "--json")
	if code != 3 {
		t.Errorf("check of a bad base: exit %d\n%s", code, out)
	}
	var chk struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Line    int    `json:"line"`
		} `json:"errors"`
	}
	jsonOf(t, out, &chk)
	yaml := strings.Split(string(readBytes(t, filepath.Join(ws, "campaign.yaml"))), "\n")
	want := map[string]string{"base-year-in-span": "base: {city: 168}", "target-not-above-base": "2023: {city: 1000}"}
	for _, e := range chk.Errors {
		if w, ok := want[e.Code]; ok {
			if e.Line < 1 || e.Line > len(yaml) || !strings.Contains(yaml[e.Line-1], w) {
				t.Errorf("%s at line %d, want the line with %q: %s", e.Code, e.Line, w, e.Message)
			}
			delete(want, e.Code)
		}
	}
	if len(want) > 0 {
		t.Errorf("check did not report %v: %s", want, out)
	}
}

// TestJudgeTotalGivenByUnit: the city's 规上工业亩均税收 is reported by 市经信局
// (the seed's total: {given-by: jxj}); consolidation takes its accepted value as the
// total and says so in basis; totals set refuses, naming the unit.
func TestJudgeTotalGivenByUnit(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "shengzhou-2022")
	if yaml := string(readBytes(t, filepath.Join(ws, "campaign.yaml"))); !strings.Contains(yaml,
		"    total: {given-by: jxj}\n    by-year: {2022: {city: 25}, 2023: {city: 28}}") {
		t.Fatal("shengzhou-2022's 规上工业亩均税收 is not given by 市经信局")
	}
	runOK(t, "-w", ws, "check")
	runOK(t, "-w", ws, "generate", "--period", "2022Q3")
	if a, status, basis := totalOf(t, ws, "2022Q3", "tax-per-mu"); a != nil || status != "missing" || basis != "待市经信局报送" {
		t.Errorf("before the return: actual %v status %s basis %s", a, status, basis)
	}
	fillAndIngest(t, ws, "2022Q3", map[string]map[string]string{"tax-per-mu": {"jxj": "26.5"}})
	var doc struct {
		Indicators []struct {
			ID    string `json:"id"`
			Total struct {
				Actual     *string `json:"actual"`
				Completion *string `json:"completion"`
				Status     string  `json:"status"`
				Basis      string  `json:"basis"`
			} `json:"total"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2022Q3", "--json"), &doc)
	for _, in := range doc.Indicators {
		if in.ID == "tax-per-mu" {
			got := fmt.Sprintf("%s %s %s %s", orEmpty(in.Total.Actual), orEmpty(in.Total.Completion), in.Total.Status, in.Total.Basis)
			if want := "26.5 106.00 green 由市经信局报送"; got != want {
				t.Errorf("tax-per-mu total: %s, want %s", got, want)
			}
		}
	}
	human := runOK(t, "-w", ws, "consolidate", "--period", "2022Q3")
	if !strings.Contains(lineStarting(human, "规上工业亩均税收"), "由市经信局报送") {
		t.Errorf("consolidate does not say where the total came from:\n%s", human)
	}
	code, _, errs := run(t, "-w", ws, "totals", "set", "--period", "2022Q3", "--indicator", "tax-per-mu", "--value", "30", "--reason", "x")
	if code != 2 || !strings.Contains(errs, "由市经信局在报表中报送") {
		t.Errorf("totals set on a unit-given total: exit %d, %s", code, errs)
	}
}
