package main

// End-to-end tests of consolidate, score, interviews, points and totals (issue 5):
// templates generated for a seed are filled with known values through the workbook
// package, ingested into a workspace, and the commands' JSON is checked against
// figures worked out by hand (score/score_test.go shows the arithmetic).

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/report"
	"tenglong/workbook"
)

// fillAndIngest types values (indicator → unit → text) into each unit's template of
// the period, skipping units in skip, and ingests them all.
func fillAndIngest(t *testing.T, ws, period string, vals map[string]map[string]string, skip ...string) {
	t.Helper()
	batch := filepath.Join(ws, "回收", period)
	if err := os.MkdirAll(batch, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range fillReturns(t, ws, period, vals, skip...) {
		writeBytes(t, filepath.Join(batch, name), data)
	}
	runOK(t, "-w", ws, "ingest", batch)
}

// fillReturns types values into the period's templates and returns the filled files
// by file name; units in skip, and units with no value to type, are left out.
func fillReturns(t *testing.T, ws, period string, vals map[string]map[string]string, skip ...string) map[string][]byte {
	t.Helper()
	templates := readManifest(t, filepath.Join(ws, templatesDir, period))
	out := map[string][]byte{}
	for unit, path := range templates {
		if slices.Contains(skip, unit) {
			continue
		}
		data := readBytes(t, path)
		ret, err := workbook.ReadTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		cells := map[string]string{}
		for _, in := range ret.Metadata.Inputs {
			if in.Kind != workbook.InputValue {
				continue
			}
			if v := vals[in.Key][unit]; v != "" {
				cells[in.Sheet+"!"+in.Ref] = v
			}
		}
		if len(cells) == 0 {
			continue
		}
		filled, err := workbook.FillInputs(data, cells)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(path)] = filled
	}
	return out
}

func jsonOf(t *testing.T, out string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
}

// wzetdzValues are the values of score/score_test.go's hand-computed example.
var wzetdzValues = map[string]map[string]string{
	"output-total":                 {"xinghai": "115", "haicheng": "40", "shacheng": "25", "tianhe": "15"},
	"output-per-mu":                {"xinghai": "500", "haicheng": "300", "shacheng": "300"},
	"output-growth":                {"xinghai": "10", "haicheng": "10", "shacheng": "10", "tianhe": "10"},
	"profit-total":                 {"xinghai": "5000", "haicheng": "3000", "shacheng": "1000", "tianhe": "1000"},
	"profit-per-mu":                {"xinghai": "20", "haicheng": "15", "shacheng": "10", "tianhe": "30"},
	"profit-growth":                {"xinghai": "-5", "haicheng": "15", "shacheng": "5", "tianhe": "35"},
	"firms-100m":                   {"xinghai": "12", "haicheng": "5", "shacheng": "5", "tianhe": "2"},
	"small-to-scale":               {"xinghai": "20", "haicheng": "12", "tianhe": "7"},
	"new-product-output":           {"xinghai": "60", "haicheng": "10", "shacheng": "10", "tianhe": "20"},
	"new-product-growth":           {"xinghai": "10", "haicheng": "30", "shacheng": "20", "tianhe": "50"},
	"industrial-investment":        {"xinghai": "30", "haicheng": "10", "shacheng": "20", "tianhe": "10"},
	"industrial-investment-growth": {"xinghai": "20", "haicheng": "40", "shacheng": "0", "tianhe": "20"},
	"renovation-share":             {"xinghai": "50", "haicheng": "30", "shacheng": "10", "tianhe": "40"},
}

type scoreDoc struct {
	Period  string `json:"period"`
	Method  string `json:"method"`
	Default bool   `json:"default_method"`
	Units   []struct {
		Code   string `json:"code"`
		Name   string `json:"name"`
		Points string `json:"points"`
		Rank   int    `json:"rank"`
		Items  []struct {
			ID     string `json:"id"`
			Points string `json:"points"`
			Reason string `json:"reason"`
		} `json:"items"`
	} `json:"units"`
}

// TestScoreEndToEndWzetdz runs the wzetdz-2015 method on ingested returns and
// entered points and checks every point of every item.
func TestScoreEndToEndWzetdz(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q4")
	fillAndIngest(t, ws, "2015Q4", wzetdzValues)
	for _, e := range [][]string{
		{"xinghai", "risk", "3", "处置风险企业2家"},
		{"haicheng", "risk", "6", "超过封顶"},
		{"tianhe", "risk", "2", "初次录入"},
		{"天河街道", "企业风险排查处置", "4", "更正"}, // by names; the later entry wins
		{"xinghai", "basics", "9.5", "方案、报表、信息"},
		{"haicheng", "basics", "8", "方案、报表"},
		{"shacheng", "basics", "10", "全部"},
		{"tianhe", "basics", "7.2", "报表"},
	} {
		runOK(t, "-w", ws, "points", "set", "--period", "2015Q4", "--unit", e[0], "--item", e[1], "--points", e[2], "--reason", e[3])
	}
	var doc scoreDoc
	jsonOf(t, runOK(t, "-w", ws, "score", "--period", "2015Q4", "--json"), &doc)
	want := map[string]map[string]string{
		"output":      {"xinghai": "20.00", "haicheng": "16.60", "shacheng": "16.24", "tianhe": "13.60"},
		"profit":      {"xinghai": "7.60", "haicheng": "7.80", "shacheng": "6.50", "tianhe": "8.80"},
		"big-firms":   {"xinghai": "10.00", "haicheng": "9.50", "shacheng": "9.50", "tianhe": "8.50"},
		"new-scale":   {"xinghai": "10.00", "haicheng": "9.50", "shacheng": "0.00", "tianhe": "9.00"},
		"new-product": {"xinghai": "7.20", "haicheng": "7.40", "shacheng": "6.70", "tianhe": "9.04"},
		"investment":  {"xinghai": "17.20", "haicheng": "17.60", "shacheng": "13.20", "tianhe": "14.80"},
		"renovation":  {"xinghai": "20.00", "haicheng": "16.00", "shacheng": "12.00", "tianhe": "18.00"},
		"risk":        {"xinghai": "3.00", "haicheng": "5.00", "shacheng": "0.00", "tianhe": "4.00"},
		"basics":      {"xinghai": "9.50", "haicheng": "8.00", "shacheng": "10.00", "tianhe": "7.20"},
	}
	// Totals without the test-only energy item of score_test.go, best first.
	order := []struct{ code, points string }{{"xinghai", "104.50"}, {"haicheng", "97.40"}, {"tianhe", "92.94"}, {"shacheng", "74.14"}}
	if len(doc.Units) != 4 || doc.Default || doc.Method != "工业强镇(街道)建设考核评价办法" {
		t.Fatalf("score = %+v", doc)
	}
	for i, u := range doc.Units {
		if u.Code != order[i].code || u.Points != order[i].points || u.Rank != i+1 {
			t.Errorf("place %d = %s %s (rank %d), want %s %s", i+1, u.Code, u.Points, u.Rank, order[i].code, order[i].points)
		}
		for _, it := range u.Items {
			if w := want[it.ID][u.Code]; it.Points != w {
				t.Errorf("%s %s = %s, want %s (%s)", u.Code, it.ID, it.Points, w, it.Reason)
			}
		}
	}

	// consolidate --json: the contract's fields, exact actuals, lights and ranks.
	var cons struct {
		Period     string `json:"period"`
		Indicators []struct {
			ID    string `json:"id"`
			Total *struct {
				Target, Actual, Completion, TimeProgress *string
				Status                                   string
			} `json:"total"`
			Units []struct {
				Code       string  `json:"code"`
				Target     *string `json:"target"`
				Actual     *string `json:"actual"`
				Completion *string `json:"completion"`
				Status     string  `json:"status"`
				Rank       *int    `json:"rank"`
			} `json:"units"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2015Q4", "--json"), &cons)
	found := false
	for _, in := range cons.Indicators {
		if in.ID != "output-total" {
			continue
		}
		found = true
		// 规上工业总产值: 星海 115 of 283 → 40.64%, red at 2015Q4 (time progress 100%), last of
		// the four on completion (海城 40/41, 沙城 25/25, 天河 15/14).
		u := in.Units[0]
		if u.Code != "xinghai" || *u.Actual != "115" || *u.Target != "283" || *u.Completion != "40.64" || u.Status != "red" || *u.Rank != 4 {
			t.Errorf("星海 规上工业总产值 = %s %s %s %s rank %d", *u.Actual, *u.Target, *u.Completion, u.Status, *u.Rank)
		}
		// 全区 is the sum 195 against the given 363: 53.72%.
		if in.Total == nil || *in.Total.Actual != "195" || *in.Total.Target != "363" || *in.Total.Completion != "53.72" {
			t.Errorf("全区 = %+v", in.Total)
		}
	}
	if !found {
		t.Fatal("no output-total in consolidate --json")
	}

	// totals set fills a given total; consolidate shows it.
	runOK(t, "-w", ws, "totals", "set", "--period", "2015Q4", "--indicator", "output-growth", "--value", "8.6", "--reason", "区统计局快报")
	out := runOK(t, "-w", ws, "consolidate", "--period", "2015Q4")
	if line := lineStarting(out, "规上工业总产值增速"); !strings.Contains(line, "8.6") || !strings.Contains(line, "办公室录入") {
		t.Errorf("consolidate line = %q", line)
	}
	if code, _, errs := run(t, "-w", ws, "totals", "set", "--period", "2015Q4", "--indicator", "output-total", "--value", "1", "--reason", "x"); code != 2 || !strings.Contains(errs, "由系统按各单位数据计算") {
		t.Errorf("totals set on a summed indicator: exit %d, %s", code, errs)
	}
}

// TestInterviewsEndToEndHuzhou ingests every 区县 of huzhou-2023 but the last, which
// then scores 0 by the default method and is named by the rank-from-bottom rule.
func TestInterviewsEndToEndHuzhou(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	vals := map[string]map[string]string{}
	for i, u := range []string{"wuxing", "nanxun", "deqing", "changxing", "anji", "nantaihu"} {
		for _, ind := range []string{"tax-per-mu", "inefficient-firms", "freed-land", "freed-energy"} {
			if vals[ind] == nil {
				vals[ind] = map[string]string{}
			}
			vals[ind][u] = []string{"50", "40", "30", "20", "60", "10"}[i]
		}
	}
	fillAndIngest(t, ws, "2023Q3", vals, "nantaihu")
	var doc struct {
		Period string `json:"period"`
		Units  []struct {
			Code  string `json:"code"`
			Name  string `json:"name"`
			Rules []struct {
				ID      string `json:"id"`
				Reason  string `json:"reason"`
				Figures string `json:"figures"`
			} `json:"rules"`
		} `json:"units"`
	}
	jsonOf(t, runOK(t, "-w", ws, "interviews", "--period", "2023Q3", "--json"), &doc)
	// 南太湖新区 sent nothing: not ranked, summoned for not reporting (issue 11); the
	// last of the units that reported (长兴县, 20 on every indicator) is 末位.
	if len(doc.Units) != 2 || doc.Units[0].Code != "changxing" || doc.Units[1].Code != "nantaihu" {
		t.Fatalf("interviews = %+v", doc)
	}
	r := doc.Units[0].Rules[0]
	if r.ID != "slow" || r.Reason != "培育推进慢的区县" || !strings.Contains(r.Figures, "排名第5/5（末位）") || !strings.Contains(r.Figures, "默认方法") {
		t.Errorf("rule = %+v", r)
	}
	if r := doc.Units[1].Rules[0]; r.ID != "slow" || !strings.Contains(r.Figures, "未在2023年10月10日前报送") {
		t.Errorf("rule = %+v", r)
	}
	out := runOK(t, "-w", ws, "score", "--period", "2023Q3")
	if !strings.Contains(out, "默认方法") {
		t.Errorf("score output does not name the default method:\n%s", out)
	}
}

// TestBulletinMatchesConsolidate prints the bulletin of an ingested period and reads
// it back with pdftotext: every unit's actual in consolidate --json, rounded as its
// indicator says, is in that unit's row; two runs give the same bytes; the demo's
// font is embedded.
func TestBulletinMatchesConsolidate(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q4")
	fillAndIngest(t, ws, "2015Q4", wzetdzValues, "tianhe")
	var cons struct {
		Indicators []struct {
			ID             string `json:"id"`
			CompletionUnit string `json:"completion_unit"`
			Units          []struct {
				Name       string  `json:"name"`
				Actual     *string `json:"actual"`
				Completion *string `json:"completion"`
			} `json:"units"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2015Q4", "--json"), &cons)
	out := filepath.Join(ws, "通报.pdf")
	msg := runOK(t, "-w", ws, "bulletin", "--period", "2015Q4", "-o", out, "--date", "2016-01-20")
	if !strings.Contains(msg, "已生成通报") || !strings.Contains(msg, "第4期") {
		t.Errorf("bulletin said %q", msg)
	}
	first := readBytes(t, out)
	runOK(t, "-w", ws, "bulletin", "--period", "2015Q4", "-o", out, "--date", "2016-01-20")
	if !bytes.Equal(first, readBytes(t, out)) {
		t.Error("the same bulletin twice gives different bytes")
	}
	text := testtool.Run(t, "pdftotext", "-layout", out, "-")
	lines := strings.Split(text, "\n")
	c, _ := campaign.LoadAndCheck(readBytes(t, filepath.Join(ws, "campaign.yaml")))
	checked := 0
	for _, in := range cons.Indicators {
		ind, _ := c.Indicator(in.ID)
		for _, u := range in.Units {
			if u.Actual == nil || ind.Kind == campaign.KindQualitative {
				continue
			}
			want := campaign.FormatDecimal(decimal.RequireFromString(*u.Actual), ind.Decimals)
			if !unitRowShows(lines, u.Name, want) {
				t.Errorf("%s %s: the bulletin has no row of %s with %s", in.ID, u.Name, u.Name, want)
			}
			checked++
			if u.Completion != nil && in.CompletionUnit == "%" {
				// JSON has the percentage to 2 places, the bulletin to 1.
				rate := decimal.RequireFromString(*u.Completion).StringFixed(1) + "%"
				if !unitRowShows(lines, u.Name, rate) {
					t.Errorf("%s %s: the bulletin has no row of %s with completion %s", in.ID, u.Name, u.Name, rate)
				}
				checked++
			}
		}
	}
	if checked < 30 {
		t.Errorf("only %d figures compared", checked)
	}
	for _, want := range []string{"2016年1月20日", "天河街道", "未报送", "工业强镇（街道）建设考核评价办法"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	if fonts := testtool.Run(t, "pdffonts", out); !strings.Contains(fonts, "yes") {
		t.Errorf("font not embedded:\n%s", fonts)
	}
	if code, _, errs := run(t, "-w", ws, "bulletin", "--period", "2015Q4", "--font", filepath.Join(ws, "campaign.yaml")); code != 2 || !strings.Contains(errs, "campaign.yaml") {
		t.Errorf("a non-font --font: exit %d, %s", code, errs)
	}
	// The workspace's own font: a .ttf in fonts/bulletin.ttf is used (here the default
	// one under another name), a broken one refused with its path.
	fonts := filepath.Join(ws, "fonts")
	if err := os.MkdirAll(fonts, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(fonts, "bulletin.ttf"), report.DefaultFont().Bytes)
	if msg := runOK(t, "-w", ws, "bulletin", "--period", "2015Q4", "-o", out); !strings.Contains(msg, "TenglongKai-Regular") {
		t.Errorf("with fonts/bulletin.ttf: %s", msg)
	}
	writeBytes(t, filepath.Join(fonts, "bulletin.ttf"), []byte("OTTO\x00\x0a\x00\x80\x00\x03\x00\x20"))
	if code, _, errs := run(t, "-w", ws, "bulletin", "--period", "2015Q4", "-o", out); code != 2 || !strings.Contains(errs, "bulletin.ttf") || !strings.Contains(errs, ".otf") {
		t.Errorf("an OpenType fonts/bulletin.ttf: exit %d, %s", code, errs)
	}
}

// unitRowShows reports whether a line naming the unit shows the figure as a word.
func unitRowShows(lines []string, name, figure string) bool {
	for _, l := range lines {
		fields := strings.Fields(l)
		for i, f := range fields {
			if f == name && slices.Contains(fields[i+1:], figure) {
				return true
			}
		}
	}
	return false
}
