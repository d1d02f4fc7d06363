package campaign

import (
	"testing"

	"github.com/shopspring/decimal"
)

// projectList is a project list (项目清单) with a ratio feed of each form, as the
// Huzhou 2023 plan's 双六率 need: 开工率 counts rows with an actual start date among
// the projects introduced in the last two years with 总投资 ≥ 30000 万元; 投资完成率
// sums 累计完成投资 over 计划投资 over the same rows.
func projectList(feeds ...string) map[string]string {
	return merged(moreIndicators(
		"  - {id: start-rate, name: 开工率, measure: \"%\", kind: rate, targets: {wuxing: 80, nanxun: 80}}",
		"  - {id: invest-rate, name: 投资完成率, measure: \"%\", kind: rate, targets: {wuxing: 50, nanxun: 50}}",
	), section("lists", append([]string{
		"lists:",
		"  - id: projects",
		"    name: 项目清单",
		"    columns:",
		"      - {id: name, title: 项目名称, type: text, required: true}",
		"      - {id: year, title: 引进年份, type: integer}",
		"      - {id: invest, title: 总投资（万元）, type: decimal}",
		"      - {id: start, title: 实际开工日期, type: date}",
		"      - {id: plan, title: 计划投资（万元）, type: decimal}",
		"      - {id: done, title: 累计完成投资（万元）, type: decimal}",
		"      - {id: state, title: 状态, type: enum, values: [在建, 竣工]}",
		"    feeds:",
	}, feeds...)...))
}

const (
	startFeed  = "      - {indicator: start-rate, ratio: {count: {start: {filled: true}}, scope: {year: {within-years: 2}, invest: {min: 30000}}, labels: [开工, 应开工]}}"
	investFeed = "      - {indicator: invest-rate, ratio: {sum: done, over: plan, scope: {year: {within-years: 2}, invest: {min: 30000}}, labels: [累计完成投资, 计划投资]}}"
)

func loadProjects(t *testing.T) *Campaign {
	t.Helper()
	doc := campaignFile(t, projectList(startFeed, investFeed))
	c, probs := LoadAndCheck([]byte(doc))
	if len(probs) > 0 {
		t.Fatalf("project campaign does not load cleanly:\n%s\n%s", numbered(doc), listProblems(probs))
	}
	return c
}

// TestComputeRatio covers both forms, the scope filter, and the two ways a rate has
// no value — nothing in scope, a denominator of 0 — which read 未开展 and never
// divide by zero.
func TestComputeRatio(t *testing.T) {
	c := loadProjects(t)
	p := Period{Kind: Quarterly, Year: 2023, Quarter: 3}
	row := func(year, invest, start, plan, done string) map[string]string {
		return map[string]string{"name": "项目", "year": year, "invest": invest, "start": start, "plan": plan, "done": done}
	}
	cases := []struct {
		name            string
		rows            []map[string]string
		count, sum      string // Basis of each feed
		countV, sumV    string // value, "" when undefined
		inScopeOfCounts int
	}{
		{name: "in and out of scope", rows: []map[string]string{
			row("2023", "30000", "2023-03-01", "30000", "12000"), // on the 30000 line: in
			row("2022", "50000", "", "50000", "10000"),
			row("2022", "80000", "2022-11-30", "80000", "50000"),
			row("2021", "90000", "2021-05-01", "90000", "90000"), // three years ago: out
			row("2023", "29999.9", "2023-01-05", "100", "100"),   // below 3亿: out
		}, count: "开工 2 个 / 应开工 3 个 = 66.7%", countV: "66.6667",
			sum: "累计完成投资 72000 万元 / 计划投资 160000 万元 = 45.0%", sumV: "45", inScopeOfCounts: 3},
		{name: "empty scope", rows: []map[string]string{row("2020", "90000", "2020-01-01", "1", "1")},
			count: "未开展（应开工 0 个）", sum: "未开展（计划投资 0 万元）"},
		{name: "no rows", count: "未开展（应开工 0 个）", sum: "未开展（计划投资 0 万元）"},
		{name: "zero denominator", rows: []map[string]string{row("2023", "40000", "", "0", "0")},
			count: "开工 0 个 / 应开工 1 个 = 0.0%", countV: "0", sum: "未开展（计划投资 0 万元）", inScopeOfCounts: 1},
	}
	l := &c.Lists[0]
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range l.Feeds {
				res := ComputeRatio(l, f.Ratio, tc.rows, p)
				want, wantV := tc.count, tc.countV
				if !f.Ratio.IsCount() {
					want, wantV = tc.sum, tc.sumV
				}
				if got := f.Ratio.Basis(l, res, 1); got != want {
					t.Errorf("%s: Basis = %q, want %q", f.Indicator, got, want)
				}
				if res.Defined != (wantV != "") {
					t.Fatalf("%s: Defined = %v, want %v", f.Indicator, res.Defined, wantV != "")
				}
				if res.Defined && !res.Value.Equal(decimal.RequireFromString(wantV)) {
					t.Errorf("%s: value %s, want %s", f.Indicator, res.Value, wantV)
				}
				if f.Ratio.IsCount() && res.InScope != tc.inScopeOfCounts {
					t.Errorf("in scope %d, want %d", res.InScope, tc.inScopeOfCounts)
				}
			}
		})
	}
}

// TestRatioFeedChecks: a ratio feed is refused, with its line, when it names a
// missing column, mixes forms, feeds an indicator that is not a rate, or writes a
// condition that says nothing or two things.
func TestRatioFeedChecks(t *testing.T) {
	cases := []struct {
		name  string
		feed  string
		wants []wantProblem
	}{
		{"both forms clean", startFeed, nil},
		{"unknown column", "      - {indicator: start-rate, ratio: {count: {begun: {filled: true}}}}  #!",
			[]wantProblem{errAt("unknown-column", "#!", "begun")}},
		{"count and sum", "      - {indicator: invest-rate, ratio: {count: {state: 在建}, sum: done, over: plan}}  #!",
			[]wantProblem{errAt("ratio-form", "#!", "count", "sum")}},
		{"sum without over", "      - {indicator: invest-rate, ratio: {sum: done}}  #!",
			[]wantProblem{errAt("ratio-form", "#!", "over")}},
		{"not a rate", "      - {indicator: firms, ratio: {count: {state: 竣工}}}  #!",
			[]wantProblem{errAt("ratio-kind", "#!", "整治企业数", "kind: rate")}},
		{"enum value not in list", "      - {indicator: start-rate, ratio: {count: {state: 完工}}}  #!",
			[]wantProblem{errAt("feed-value", "#!", "完工")}},
		{"within-years on text", "      - {indicator: start-rate, ratio: {count: {name: {within-years: 2}}}}  #!",
			[]wantProblem{errAt("ratio-condition", "#!", "项目名称", "within-years")}},
		{"two tests in one condition", "      - {indicator: start-rate, ratio: {count: {invest: {min: 1, filled: true}}}}  #!",
			[]wantProblem{errAt("ratio-condition", "#!", "总投资")}},
		{"rates summed", "      - {indicator: invest-rate, ratio: {sum: done, over: plan}}", nil},
		{"with a count beside", "      - {indicator: start-rate, count: {state: 在建}, ratio: {count: {state: 竣工}}}  #!",
			[]wantProblem{errAt("feed-form", "#!", "ratio")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { expectCheck(t, projectList(tc.feed), tc.wants) })
	}
}

// expectCheck loads the minimal campaign with sections replaced, which must load
// cleanly, and compares what Check finds with wants.
func expectCheck(t *testing.T, over map[string]string, wants []wantProblem) {
	t.Helper()
	doc := campaignFile(t, over)
	c, probs := Load([]byte(doc))
	if len(probs) > 0 {
		t.Fatalf("does not load:\n%s\n%s", numbered(doc), listProblems(probs))
	}
	expectProblems(t, doc, Check(c), wants)
}

// TestRatioTotalNotSummed: a derived rate's total cannot be the sum of the units'
// rates.
func TestRatioTotalNotSummed(t *testing.T) {
	over := projectList(startFeed)
	over["indicators"] = yamlLines("indicators:",
		"  - {id: start-rate, name: 开工率, measure: \"%\", kind: rate, total: sum, targets: {wuxing: 80}}  #!")
	expectCheck(t, over, []wantProblem{errAt("ratio-total", "#!", "开工率", "total: none")})
}
