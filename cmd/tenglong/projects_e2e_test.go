package main

// End-to-end test of rates derived from a project list (issue 22): the seed
// huzhou-2023-projects's templates get invented projects typed in with openpyxl,
// are ingested, and every unit's counts, rate, light and 赛马 points are compared
// with what testdata/projects/projects.py works out on its own from the same rows.

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// project is one invented row of the 产业项目清单 (the plan lists none).
type project struct {
	Name   string `json:"name"`
	Year   int    `json:"year"`
	Invest string `json:"invest"`
	Major  string `json:"major"`
	Stage  string `json:"stage"`
	Start  string `json:"start"`
	Done   string `json:"done"`
	Plan   string `json:"plan"`
	Spent  string `json:"spent"`
}

// projectRows: wuxing and nanxun have projects in every scope; deqing's 计划投资 is 0
// (投资完成率 未开展, the other rates defined); anji's projects are all old or small
// (three rates 未开展); nantaihu sends nothing. changxing types its rate over the
// formula, correctly; deqing's second file types a wrong one.
var projectRows = map[string][]project{
	"wuxing": {
		{"示例甲（虚构）", 2023, "50000", "是", "新建", "2023-03-01", "", "20000", "12000"},
		{"示例乙（虚构）", 2022, "30000", "否", "续建", "2022-10-01", "2023-06-30", "30000", "30000"},
		{"示例丙（虚构）", 2022, "80000", "是", "新建", "", "", "40000", "5000"},
		{"示例丁（虚构）", 2021, "90000", "是", "新建", "2021-05-01", "2022-12-01", "90000", "90000"},
		{"示例戊（虚构）", 2023, "12000", "否", "新建", "", "", "12000", "0"},
	},
	"nanxun": {
		{"示例一（虚构）", 2023, "35000", "是", "新建", "2023-02-10", "", "10000", "8000"},
		{"示例二（虚构）", 2023, "42000.5", "是", "新建", "2023-05-20", "", "20000", "9000.5"},
		{"示例三（虚构）", 2022, "60000", "否", "续建", "2022-03-01", "2023-08-31", "60000", "58000"},
		{"示例四（虚构）", 2022, "31000", "是", "新建", "2022-07-01", "2023-09-15", "31000", "31000"},
		{"示例五（虚构）", 2023, "8000", "否", "新建", "2023-04-01", "", "8000", "2000"},
		{"示例六（虚构）", 2023, "29999", "是", "新建", "", "", "29999", "0"},
	},
	"deqing": {
		{"示例A（虚构）", 2023, "30000", "是", "新建", "2023-06-01", "", "0", "0"},
		{"示例B（虚构）", 2022, "45000", "否", "续建", "", "", "0", "0"},
	},
	"changxing": {
		{"示例子（虚构）", 2023, "100000", "是", "新建", "2023-01-15", "", "50000", "30000"},
		{"示例丑（虚构）", 2023, "40000", "是", "新建", "2023-08-01", "", "40000", "10000"},
		{"示例寅（虚构）", 2022, "50000", "是", "续建", "2022-05-01", "2023-03-31", "50000", "50000"},
		{"示例卯（虚构）", 2022, "70000", "否", "续建", "", "", "70000", "1000"},
	},
	"anji": {
		{"示例壹（虚构）", 2021, "90000", "是", "新建", "2021-03-01", "", "90000", "80000"},
		{"示例贰（虚构）", 2022, "20000", "否", "续建", "2022-04-01", "", "20000", "15000"},
	},
}

func TestProjectRatesEndToEnd(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023-projects")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	batch, wrong := filepath.Join(ws, "回收"), filepath.Join(ws, "错")
	for _, d := range []string{batch, wrong} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}

	type unitJob struct {
		Src       string            `json:"src"`
		Dst       string            `json:"dst"`
		Expect    bool              `json:"expect"` // false: written only to be refused
		Projects  []project         `json:"projects"`
		Typed     map[string]string `json:"typed"`
		Columns   map[string]string `json:"columns"`
		ValueRefs map[string]string `json:"value_refs"`
	}
	units := map[string]unitJob{}
	refsOf := func(unit string) (map[string]string, map[string]string) {
		ret, err := workbook.ReadTemplate(readBytes(t, templates[unit]))
		if err != nil {
			t.Fatal(err)
		}
		cols, vals := map[string]string{}, map[string]string{}
		for _, in := range ret.Metadata.Inputs {
			switch in.Kind {
			case workbook.InputListColumn:
				first, _, _ := strings.Cut(in.Ref, ":")
				cols[strings.TrimPrefix(in.Key, "projects.")] = in.Sheet + "!" + first
			case workbook.InputValue:
				vals[in.Key] = in.Sheet + "!" + in.Ref
			}
		}
		return cols, vals
	}
	for unit, rows := range projectRows {
		cols, vals := refsOf(unit)
		j := unitJob{Src: templates[unit], Dst: filepath.Join(batch, filepath.Base(templates[unit])), Expect: true, Projects: rows, Columns: cols, ValueRefs: vals}
		if unit == "changxing" { // 开工 3 / 应开工 4 = 75%, typed over the formula
			j.Typed = map[string]string{vals["project-start-rate-2y"]: "75"}
		}
		units[unit] = j
	}
	// deqing again, with a rate typed that its rows do not give (开工 1 / 应开工 2 = 50%).
	cols, vals := refsOf("deqing")
	units["deqing-wrong"] = unitJob{Src: templates["deqing"], Dst: filepath.Join(wrong, filepath.Base(templates["deqing"])),
		Projects: projectRows["deqing"], Columns: cols, ValueRefs: vals, Typed: map[string]string{vals["project-start-rate-2y"]: "80"}}

	job := map[string]any{
		"period_year": 2023,
		"targets": map[string]string{"project-start-rate-2y": "80", "project-start-rate": "50", "project-completion-rate-2y": "50",
			"project-invest-rate-2y": "50", "major-new-start-rate": "100"},
		// The light's yardstick in 2023Q3: the year's target, or for the staged start
		// rate its 三季度 节点 85.
		"yardsticks": map[string]string{"project-start-rate-2y": "80", "project-start-rate": "50", "project-completion-rate-2y": "50",
			"project-invest-rate-2y": "50", "major-new-start-rate": "85"},
		"units": units,
	}
	in, err := json.Marshal(job)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "projects", "projects.py"))
	cmd.Stdin = strings.NewReader(string(in))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("projects.py: %v\n%s", err, exitStderr(err))
	}
	var want struct {
		Units map[string]map[string]struct {
			Num, Den, Rate, Status string
		} `json:"units"`
		Scores map[string]struct {
			Points string `json:"points"`
			Rank   int    `json:"rank"`
		} `json:"scores"`
	}
	jsonOf(t, string(out), &want)

	// The template's own formulas, recalculated by LibreOffice over the rows openpyxl
	// typed, show the clerk the same rates (or 未开展) before sending.
	lo := t.TempDir()
	var sources []string
	for unit := range projectRows {
		sources = append(sources, units[unit].Dst)
	}
	testtool.Run(t, testtool.LibreOffice(t), append([]string{"-env:UserInstallation=file://" + filepath.Join(lo, "profile"), "--headless", "--norestore",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", lo}, sources...)...)
	names := map[string]string{"近两年引进3亿元以上产业项目开工率": "project-start-rate-2y", "当年引进项目开工率": "project-start-rate",
		"近两年引进3亿元以上项目竣工率": "project-completion-rate-2y", "近两年引进3亿元以上项目投资完成率": "project-invest-rate-2y",
		"省重大项目中的新建项目开工率": "major-new-start-rate"}
	for unit := range projectRows {
		base := strings.TrimSuffix(filepath.Base(units[unit].Dst), ".xlsx")
		records, err := csv.NewReader(strings.NewReader(readFile(t, filepath.Join(lo, base+"-指标填报.csv")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, r := range records {
			id, ok := names[r[2]]
			if !ok || len(r) < 8 {
				continue
			}
			seen++
			w := want.Units[unit][id]
			shown := r[7]
			if w.Rate == "未开展" {
				if shown != "未开展" {
					t.Errorf("%s %s: the template's formula shows %q, want 未开展", unit, id, shown)
				}
				continue
			}
			got, err := decimal.NewFromString(shown)
			if err != nil || !got.Round(4).Equal(decimal.RequireFromString(w.Rate)) {
				t.Errorf("%s %s: the template's formula shows %q, want %s", unit, id, shown, w.Rate)
			}
		}
		if seen != 5 {
			t.Errorf("%s: %d rates on 指标填报, want 5", unit, seen)
		}
	}

	// The wrong file is refused at the cell, naming the counts.
	files := ingestJSON(t, ws, wrong)
	f := files[filepath.Base(templates["deqing"])]
	found := false
	for _, is := range f.Issues {
		if is.Code == "rollup-mismatch" && is.Sheet+"!"+is.Cell == vals["project-start-rate-2y"] &&
			strings.Contains(is.Message, "开工 1 个 / 应开工 2 个 = 50.0%") {
			found = true
		}
	}
	if f.Outcome != "rejected" || !found {
		t.Fatalf("a typed 80 against rows giving 50%% must be refused at %s: %+v", vals["project-start-rate-2y"], f)
	}
	files = ingestJSON(t, ws, batch)
	for name, f := range files {
		if f.Outcome != "accepted" {
			t.Errorf("%s: %s %+v", name, f.Outcome, f.Issues)
		}
	}

	var cons struct {
		Indicators []struct {
			ID    string `json:"id"`
			Units []struct {
				Code      string  `json:"code"`
				Actual    *string `json:"actual"`
				Status    string  `json:"status"`
				LightBase string  `json:"light_basis"`
				Ratio     *struct {
					Numerator   string `json:"numerator"`
					Denominator string `json:"denominator"`
					NotStarted  bool   `json:"not_started"`
					Basis       string `json:"basis"`
				} `json:"ratio"`
				Milestone *struct {
					Value string `json:"value"`
					Text  string `json:"text"`
				} `json:"milestone"`
			} `json:"units"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2023Q3", "--json"), &cons)
	checked := 0
	for _, ind := range cons.Indicators {
		for _, u := range ind.Units {
			w, ok := want.Units[u.Code][ind.ID]
			if !ok {
				if u.Code != "nantaihu" || u.Status != "missing" {
					t.Errorf("%s %s: not in the expectations (%+v)", ind.ID, u.Code, u)
				}
				continue
			}
			checked++
			if u.Ratio == nil || u.Ratio.Numerator != w.Num || u.Ratio.Denominator != w.Den {
				t.Errorf("%s %s: ratio %+v, want %s / %s", ind.ID, u.Code, u.Ratio, w.Num, w.Den)
				continue
			}
			if u.Status != w.Status {
				t.Errorf("%s %s: light %s, want %s (%s)", ind.ID, u.Code, u.Status, w.Status, u.Ratio.Basis)
			}
			if w.Rate == "未开展" {
				if !u.Ratio.NotStarted || u.Actual != nil || !strings.HasPrefix(u.Ratio.Basis, "未开展") {
					t.Errorf("%s %s: want 未开展, got %+v actual %v", ind.ID, u.Code, u.Ratio, u.Actual)
				}
				continue
			}
			if u.Actual == nil || !sameDecimal(*u.Actual, w.Rate) {
				t.Errorf("%s %s: rate %v, want %s", ind.ID, u.Code, u.Actual, w.Rate)
			}
			if ind.ID == "major-new-start-rate" && (u.LightBase != "milestone" || u.Milestone == nil || u.Milestone.Value != "85") {
				t.Errorf("%s %s: light basis %s milestone %+v, want the 三季度 节点 85", ind.ID, u.Code, u.LightBase, u.Milestone)
			}
		}
	}
	if checked != 25 {
		t.Errorf("checked %d unit cells, want 5 units × 5 indicators", checked)
	}

	// The 汇总表, read back with openpyxl: the staged indicator shows its 本期节点目标
	// where others show 序时进度, and the notes name each unit's counts.
	xlsx := filepath.Join(ws, "汇总表.xlsx")
	runOK(t, "-w", ws, "consolidate", "--period", "2023Q3", "-o", xlsx)
	texts := testtool.Run(t, py, "-c", `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows(values_only=True):
        for v in row:
            if isinstance(v, str):
                print(v)
`, xlsx)
	for _, want := range []string{"本期节点目标 85%（三季度）", "吴兴区 开工 2 个 / 应开工 3 个 = 66.7%", "安吉县 未开展（应开工 0 个）",
		"德清县 未开展（计划投资 0 万元）", "节点目标：省重大项目中的新建项目开工率按行动方案的节点亮灯"} {
		if !strings.Contains(texts, want) {
			t.Errorf("汇总表 does not show %q", want)
		}
	}

	var sc scoreDoc
	jsonOf(t, runOK(t, "-w", ws, "score", "--period", "2023Q3", "--json"), &sc)
	for _, u := range sc.Units {
		w, ok := want.Scores[u.Code]
		if !ok {
			continue
		}
		if !sameDecimal(u.Points, w.Points) || u.Rank != w.Rank {
			t.Errorf("%s: %s points rank %d, want %s rank %d", u.Code, u.Points, u.Rank, w.Points, w.Rank)
		}
		for _, it := range u.Items {
			cell := want.Units[u.Code][it.ID]
			switch {
			case cell.Rate == "未开展" && !strings.Contains(it.Reason, "未开展"):
				t.Errorf("%s %s: reason %q does not say 未开展", u.Code, it.ID, it.Reason)
			case cell.Rate != "未开展" && !strings.Contains(it.Reason, "/ "):
				t.Errorf("%s %s: reason %q does not name the counts", u.Code, it.ID, it.Reason)
			}
		}
	}
	if len(want.Scores) != 5 {
		t.Errorf("%d units scored by projects.py, want 5 (nantaihu missing)", len(want.Scores))
	}
}

func exitStderr(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// TestDemoProjects: the demo invents project rows for the derived rates (the plan
// lists none), so every simulated return is accepted and each rate has its counts.
func TestDemoProjects(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	out := runOK(t, "demo", "--seed", "huzhou-2023-projects", "--dir", dir)
	if !strings.Contains(out, "退回 0") || !strings.Contains(out, "已采用 5") {
		t.Errorf("demo returns were not all accepted:\n%s", out)
	}
	var cons struct {
		Indicators []struct {
			ID    string `json:"id"`
			Units []struct {
				Code  string `json:"code"`
				Ratio *struct {
					Basis string `json:"basis"`
				} `json:"ratio"`
			} `json:"units"`
		} `json:"indicators"`
	}
	jsonOf(t, runOK(t, "-w", dir, "consolidate", "--period", "2023Q4", "--json"), &cons)
	for _, ind := range cons.Indicators {
		for _, u := range ind.Units {
			if u.Code != "nantaihu" && (u.Ratio == nil || !strings.Contains(u.Ratio.Basis, " / ")) {
				t.Errorf("%s %s: ratio %+v, want counts from invented rows", ind.ID, u.Code, u.Ratio)
			}
		}
	}
}
