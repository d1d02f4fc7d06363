package seeds_test

import (
	"strconv"
	"strings"
	"testing"

	"tenglong/campaign"
)

// TestSeedShapes pins what the source documents say about each seed's size, written
// out here from the documents independently of the samples files.
func TestSeedShapes(t *testing.T) {
	tests := []struct {
		id                      string
		units, indicators, task int
	}{
		{"huzhou-2023", 6, 16, 0},         // 附1: 6 区县 × 16 rows
		{"huzhou-2023-depts", 10, 83, 0},  // 附2: 83 indicators
		{"huzhou-2023-projects", 6, 5, 0}, // 双六率 (附2 33–36) and the 节点 start rate of line 181
		{"shengzhou-2022", 30, 17, 34},    // 指标体系 17, 任务清单 34
		{"lucheng-2021", 21, 14, 24},      // 24 tasks
		{"ouhai-2021", 30, 16, 55},        // items 1–57 without 2 and 15
		{"wzetdz-2015", 4, 22, 0},         // 4 街道; 附件1 12 rows + scored metrics
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c := loadSeed(t, tt.id)
			if len(c.Units) != tt.units || len(c.Indicators) != tt.indicators || len(c.Tasks) != tt.task {
				t.Errorf("units/indicators/tasks = %d/%d/%d, want %d/%d/%d",
					len(c.Units), len(c.Indicators), len(c.Tasks), tt.units, tt.indicators, tt.task)
			}
		})
	}
}

func TestHuzhouBreakdownAsWritten(t *testing.T) {
	c := loadSeed(t, "huzhou-2023")
	year := campaign.Period{Kind: campaign.Annual, Year: 2023}
	want := map[string]map[string]string{ // indicator name → unit → target as printed in 附1
		"高耗低效整治腾出能耗空间": {"wuxing": "4", "nanxun": "3.5", "deqing": "2", "changxing": "3.5", "anji": "2", "nantaihu": "0.1", "city": "15"},
		"高耗低效整治企业数":    {"wuxing": "150", "nanxun": "250", "nantaihu": "50", "city": "1200"},
		"规上工业亩均增加值":    {"wuxing": "235", "nanxun": "146", "city": "197"},
		"单位GDP能耗下降率":   {"wuxing": "4.5（含南太湖新区）", "nanxun": "4.8", "nantaihu": "/", "city": "完成省定目标"},
		"“浙江制造”标准":     {"wuxing": "待省下达任务指标后再分解", "city": "待省下达任务指标后再分解"},
	}
	for name, units := range want {
		in := indicatorNamed(t, c, name)
		for unit, display := range units {
			tg, _, ok := c.TargetFor(in, unit, year)
			if !ok || tg.Display() != display {
				t.Errorf("%s %s = %q (set %v), want %q", name, unit, tg.Display(), ok, display)
			}
		}
	}
	forms := map[string]campaign.TargetForm{}
	for _, in := range c.Indicators {
		for _, tg := range in.Targets {
			forms[string(tg.Form)] = tg.Form
		}
	}
	for _, f := range []campaign.TargetForm{campaign.TargetNumber, campaign.TargetNA, campaign.TargetText, campaign.TargetPending} {
		if _, ok := forms[string(f)]; !ok {
			t.Errorf("no %s target in huzhou-2023", f)
		}
	}
}

func TestOuhaiTaskNumbering(t *testing.T) {
	c := loadSeed(t, "ouhai-2021")
	seen := map[string]bool{}
	for _, task := range c.Tasks {
		seen[task.No] = true
		if len(task.Lead) == 0 {
			t.Errorf("task %s has no lead", task.No)
		}
	}
	for n := 1; n <= 57; n++ {
		no := itoa(n)
		if skipped := n == 2 || n == 15; seen[no] == skipped {
			t.Errorf("task no %s present = %v, want %v", no, seen[no], !skipped)
		}
	}
}

func TestWzetdzTargetsProjectsAndScoring(t *testing.T) {
	c := loadSeed(t, "wzetdz-2015")
	year := campaign.Period{Kind: campaign.Annual, Year: 2015}
	streets := []string{"xinghai", "haicheng", "shacheng", "tianhe"}
	// 附件1 rows as printed, 星海/海城/沙城/天河.
	rows := map[string][]string{
		"output-total":      {"283", "41", "25", "14"},
		"value-added-total": {"59", "8", "5", "3"},
	}
	for id, values := range rows {
		in, ok := c.Indicator(id)
		if !ok {
			t.Fatalf("no indicator %s", id)
		}
		for i, s := range streets {
			tg, _, _ := c.TargetFor(in, s, year)
			if tg.Display() != values[i] {
				t.Errorf("%s %s = %q, want %q", id, s, tg.Display(), values[i])
			}
		}
	}
	withTargets := 0
	for _, in := range c.Indicators {
		if _, _, ok := c.TargetFor(&in, "xinghai", year); ok {
			withTargets++
		}
	}
	if withTargets != 12 {
		t.Errorf("%d indicators have street targets, want the 12 rows of 附件1", withTargets)
	}
	if len(c.Lists) != 1 || len(c.Lists[0].Preset) != 10 {
		t.Fatalf("want one list with the 10 projects of 附件2, got %+v", c.Lists)
	}
	total := 0
	for _, r := range c.Lists[0].Preset {
		for _, v := range r.Values {
			if v == "50000" || v == "80000" {
				total++
			}
		}
	}
	if total != 2 {
		t.Errorf("projects 3 (50000) and 5 (80000) not found in the preset rows")
	}
	basic := 0
	for _, it := range c.Scoring.Items {
		if it.Formula != campaign.FormulaBonus && it.Formula != campaign.FormulaManual {
			basic += int(it.Points.IntPart())
		}
	}
	if basic != 100 {
		t.Errorf("基础指标 points sum to %d, want 100", basic)
	}
}

func indicatorNamed(t *testing.T, c *campaign.Campaign, name string) *campaign.Indicator {
	t.Helper()
	for i := range c.Indicators {
		if strings.Contains(c.Indicators[i].Name, name) {
			return &c.Indicators[i]
		}
	}
	t.Fatalf("no indicator named %s", name)
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }
