package main

// End-to-end tests of issue 16, part 4: judgments that read wrong. Each runs the
// built binary and checks that the item, the unit's total and the reason say the
// same thing.

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// judgedCell is one unit's (or the total's) cell in consolidate --json.
type judgedCell struct {
	Code       string  `json:"code"`
	Actual     *string `json:"actual"`
	Completion *string `json:"completion"`
	Status     string  `json:"status"`
	LightBasis string  `json:"light_basis"`
	TargetDue  *string `json:"target_due"`
	Rank       *int    `json:"rank"`
	Basis      string  `json:"basis"`
}

type judgedConsolidation struct {
	Indicators []struct {
		ID    string       `json:"id"`
		Total judgedCell   `json:"total"`
		Units []judgedCell `json:"units"`
	} `json:"indicators"`
}

// cell finds an indicator's cell for a unit ("total" for the total row).
func (d judgedConsolidation) cell(t *testing.T, indicator, unit string) judgedCell {
	t.Helper()
	for _, in := range d.Indicators {
		if in.ID != indicator {
			continue
		}
		if unit == "total" {
			return in.Total
		}
		for _, u := range in.Units {
			if u.Code == unit {
				return u
			}
		}
	}
	t.Fatalf("consolidate --json has no %s cell for %s", indicator, unit)
	return judgedCell{}
}

// TestJudgeReadsAgree: Huzhou 2023Q3 by the default method (14 items of 100/14),
// with 规上制造业全员劳动生产率 made lower-is-better (ceiling 29.6) and reported as 0
// by 吴兴区, and 吴兴区's targets for 高耗低效整治企业数 and 腾出能耗空间 set to 0 (it
// reports 0 and 0.5). 南太湖新区 sends nothing.
//   - the 0 under the ceiling is the best: green, rank 1, full points 7.14, and the
//     reason says so (not 目标不大于0);
//   - the zero targets are not 吴兴区's task: green, unranked, the items not counted
//     (points null, counted false, reason 本项不计), and the total scaled from the 12
//     items that count — the printed scaling reproduces the printed total from the
//     counted items' points;
//   - 南太湖新区 on the pending “浙江制造”标准 is missing, 吴兴区 (reported 3) pending.
func TestJudgeReadsAgree(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	editYAML(t, ws, "    measure: 万元/人\n    kind: level", "    measure: 万元/人\n    kind: lower-better")
	editYAML(t, ws, "targets: {wuxing: 150, nanxun: 250", "targets: {wuxing: 0, nanxun: 250")
	editYAML(t, ws, "targets: {wuxing: 4, nanxun: 3.5", "targets: {wuxing: 0, nanxun: 3.5")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	units := []string{"wuxing", "nanxun", "deqing", "changxing", "anji"}
	vals := map[string]map[string]string{}
	for ind, vs := range map[string][]string{
		"tax-per-mu":         {"41", "33", "29", "40", "36"},
		"labor-productivity": {"0", "31.1", "29.6", "25.3", "30"},
		"inefficient-firms":  {"0", "200", "133", "251", "77"},
		"freed-energy":       {"0.5", "2.9", "1.7", "3.1", "1.9"},
		"zj-made-standards":  {"3", "2", "1", "4", "5"},
	} {
		vals[ind] = map[string]string{}
		for i, u := range units {
			vals[ind][u] = vs[i]
		}
	}
	fillAndIngest(t, ws, "2023Q3", vals, "nantaihu")

	var k judgedConsolidation
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2023Q3", "--json"), &k)
	for _, tt := range []struct {
		indicator, unit, status, rank, completion, basis string
	}{
		{"labor-productivity", "wuxing", "green", "1", "", "target"},            // 0 under 29.6: the best
		{"labor-productivity", "changxing", "green", "2", "117.00", "target"},   // 29.6/25.3
		{"inefficient-firms", "wuxing", "green", "null", "", "target"},          // 0 against 0: met, no ratio
		{"freed-energy", "wuxing", "green", "null", "", "target"},               // 0.5 against 0
		{"inefficient-firms", "nanxun", "green", "2", "80.00", "time-progress"}, // 长兴县 251/250 first
		{"zj-made-standards", "wuxing", "pending", "3", "", "none"},             // ranked on the value: 5, 4, 3
		{"zj-made-standards", "nantaihu", "missing", "null", "", "none"},        // sent nothing: not 待下达
	} {
		c := k.cell(t, tt.indicator, tt.unit)
		if c.Status != tt.status || rankText(c.Rank) != tt.rank || orEmpty(c.Completion) != tt.completion || c.LightBasis != tt.basis {
			t.Errorf("%s/%s: %s rank %s completion %q basis %s; want %s rank %s completion %q basis %s", tt.indicator, tt.unit,
				c.Status, rankText(c.Rank), orEmpty(c.Completion), c.LightBasis, tt.status, tt.rank, tt.completion, tt.basis)
		}
	}
	if c := k.cell(t, "zj-made-standards", "total"); c.Status != "missing" {
		t.Errorf("“浙江制造”标准 total without 南太湖新区: %s, want missing (未报齐)", c.Status)
	}

	out := runOK(t, "-w", ws, "score", "--period", "2023Q3", "--json")
	var s struct {
		Units []struct {
			Code   string  `json:"code"`
			Points *string `json:"points"`
			Scaled string  `json:"scaled"`
			Items  []struct {
				ID      string  `json:"id"`
				Points  *string `json:"points"`
				Counted bool    `json:"counted"`
				Reason  string  `json:"reason"`
			} `json:"items"`
		} `json:"units"`
	}
	jsonOf(t, out, &s)
	if strings.Contains(out, "不大于0") {
		t.Errorf("a reason still says 目标不大于0")
	}
	for _, u := range s.Units {
		if u.Code != "wuxing" {
			continue
		}
		sum, counted := decimal.Zero, 0
		for _, it := range u.Items {
			switch it.ID {
			case "labor-productivity":
				if !it.Counted || orEmpty(it.Points) != "7.14" || !strings.Contains(it.Reason, "实际0.0万元/人，不高于目标29.6") || !strings.Contains(it.Reason, "得满分7.14分") {
					t.Errorf("吴兴区 劳动生产率: counted %v points %s: %s", it.Counted, orEmpty(it.Points), it.Reason)
				}
			case "inefficient-firms", "freed-energy":
				if it.Counted || it.Points != nil || !strings.Contains(it.Reason, "目标为0，没有可完成的任务量") || !strings.Contains(it.Reason, "本项不计") {
					t.Errorf("吴兴区 %s: counted %v points %s: %s", it.ID, it.Counted, orEmpty(it.Points), it.Reason)
				}
			}
			if it.Counted {
				counted++
				sum = sum.Add(operandValue(t, orEmpty(it.Points)))
			} else if strings.Contains(it.Reason, "得0分") {
				t.Errorf("吴兴区 %s is not counted but reads %q", it.ID, it.Reason)
			}
		}
		t.Logf("吴兴区: counted items add to %s, total %s (%s)", sum, orEmpty(u.Points), u.Scaled)
		m := scaledReason.FindStringSubmatch(u.Scaled)
		if counted != 12 || m == nil || m[2] != "14" || m[3] != "12" || m[4] != orEmpty(u.Points) {
			t.Fatalf("吴兴区: %d items counted; scaled %q; points %s", counted, u.Scaled, orEmpty(u.Points))
		}
		// The printed raw points are the counted items' points (each printed rounded).
		if raw := operandValue(t, m[1]); raw.Sub(sum).Abs().GreaterThan(decimal.RequireFromString("0.06")) {
			t.Errorf("吴兴区: scaled from %s, counted items add to %s", raw, sum)
		}
	}
	reasons := runOK(t, "-w", ws, "score", "--period", "2023Q3", "--reasons")
	if !strings.Contains(reasons, "高耗低效整治企业数完成率 不计：") {
		t.Errorf("score --reasons does not mark the item 不计:\n%s", reasons)
	}
}

// TestJudgeWordedTargetNotRanked: in huzhou-2023-depts 市经信局's 规上工业增加值增长
// has the worded target 高于GDP增速1个百分点; its 完成 is green and, like every
// qualitative answer, not ranked (it was rank 1).
func TestJudgeWordedTargetNotRanked(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023-depts")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	fillAndIngest(t, ws, "2023Q3", map[string]map[string]string{"industrial-va-growth": {"jxj": "完成"}, "tax-per-mu": {"jxj": "20"}})
	var k judgedConsolidation
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2023Q3", "--json"), &k)
	if c := k.cell(t, "industrial-va-growth", "jxj"); orEmpty(c.Actual) != "完成" || c.Status != "green" || c.Rank != nil {
		t.Errorf("市经信局 规上工业增加值增长: %s %s rank %s, want 完成 green rank null", orEmpty(c.Actual), c.Status, rankText(c.Rank))
	}
}

// TestJudgeFullTermLight: Lucheng's 单位工业增加值能耗下降 is 9%以上 by the end of 2023.
// 各街道办事处、镇人民政府 reports the district's 3% for 2021Q3 (given-by: the office
// types nothing): 6 points short of a target not due for two years is yellow, not red,
// and consolidate says the light compares with the full-term target.
func TestJudgeFullTermLight(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "lucheng-2021")
	runOK(t, "-w", ws, "generate", "--period", "2021Q3")
	fillAndIngest(t, ws, "2021Q3", map[string]map[string]string{"energy-intensity-drop": {"jiezhen": "3"}, "tax-per-mu": {"jiezhen": "45"}})
	var k judgedConsolidation
	jsonOf(t, runOK(t, "-w", ws, "consolidate", "--period", "2021Q3", "--json"), &k)
	if c := k.cell(t, "energy-intensity-drop", "total"); orEmpty(c.Actual) != "3" || c.Status != "yellow" || c.LightBasis != "full-term" || orEmpty(c.TargetDue) != "2023-12" {
		t.Errorf("能耗下降 total: actual %s %s basis %s due %s; want 3 yellow full-term 2023-12", orEmpty(c.Actual), c.Status, c.LightBasis, orEmpty(c.TargetDue))
	}
	if c := k.cell(t, "energy-intensity-drop", "total"); c.Basis != "由各街道办事处、镇人民政府报送" {
		t.Errorf("能耗下降 total basis %q", c.Basis)
	}
	// An annual level target is due this year: compared as usual.
	if c := k.cell(t, "tax-per-mu", "total"); orEmpty(c.Actual) != "45" || c.Status != "yellow" || c.LightBasis != "target" || c.TargetDue != nil {
		t.Errorf("亩均税收 total: %s %s %s", orEmpty(c.Actual), c.Status, c.LightBasis)
	}
	human := runOK(t, "-w", ws, "consolidate", "--period", "2021Q3")
	if !strings.Contains(lineStarting(human, "单位工业增加值能耗下降"), "亮灯对照2023年底目标") {
		t.Errorf("consolidate does not say what the light compares with:\n%s", human)
	}
}

// TestJudgeSeedTotalsGivenByUnit: in ouhai-2021 and shengzhou-2022 the responsible
// department's accepted figure is the district/city total; the office enters nothing.
func TestJudgeSeedTotalsGivenByUnit(t *testing.T) {
	for _, tt := range []struct{ seed, period, indicator, unit, value, basis string }{
		{"ouhai-2021", "2021Q4", "tax-per-mu", "jxj", "49.5", "由区经信局报送"},
		{"ouhai-2021", "2021Q4", "rd-share", "kjj", "2.8", "由区科技局报送"},
		{"shengzhou-2022", "2022Q4", "energy-intensity-drop", "fgj", "3.2", "由市发改局报送"},
	} {
		ws := filepath.Join(t.TempDir(), tt.seed)
		runOK(t, "init", ws, "--seed", tt.seed)
		runOK(t, "-w", ws, "generate", "--period", tt.period)
		fillAndIngest(t, ws, tt.period, map[string]map[string]string{tt.indicator: {tt.unit: tt.value}})
		if a, _, basis := totalOf(t, ws, tt.period, tt.indicator); orEmpty(a) != tt.value || basis != tt.basis {
			t.Errorf("%s %s total: %s %q, want %s %q", tt.seed, tt.indicator, orEmpty(a), basis, tt.value, tt.basis)
		}
	}
}
