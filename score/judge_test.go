package score

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// judgeYAML has the indicators whose judgment used to read wrong (issue 16, part 4):
// a lower-is-better ceiling of 29.6 that 甲镇 meets with 0, a flow target of 0 for
// 甲镇, and a worded target on a change indicator.
const judgeYAML = `
id: judge-test
title: 测试行动
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲镇, kind: area}
  - {code: b, name: 乙镇, kind: area}
  - {code: c, name: 丙镇, kind: area}
indicators:
  - {id: lower, name: 单位能耗, measure: 吨, kind: lower-better, decimals: 1, total: none,
     targets: {a: 29.6, b: 29.6, c: 29.6}}
  - {id: zero, name: 新增企业, measure: 家, kind: flow, decimals: 1, total: none,
     targets: {a: 0, b: 10, c: 10}}
  - {id: worded, name: 工业增加值增速, measure: "%", kind: change, total: none,
     targets: {a: {text: 高于GDP增速1个百分点}, b: {text: 高于GDP增速1个百分点}, c: {text: 高于GDP增速1个百分点}}}
`

func judgeData(t *testing.T, zeroActual string) Data {
	return values(period(t, "2023"), map[string]map[string]string{
		"lower":  {"a": "0", "b": "30", "c": "25"},
		"zero":   {"a": zeroActual, "b": "8", "c": "12"},
		"worded": {"a": "完成", "b": "未完成", "c": "完成"},
	})
}

// TestJudgeCellsByHand: 0 against a ceiling is the best (green, rank 1, completion
// undefined); a target of 0 gives no completion and no rank whatever was reported;
// 完成/未完成 answers against a worded target are never ranked.
func TestJudgeCellsByHand(t *testing.T) {
	c := loadYAML(t, []byte(judgeYAML))
	for _, zero := range []string{"0", "0.5"} {
		k := Consolidate(c, judgeData(t, zero), nil)
		tests := []struct {
			indicator, unit string
			completion      string
			status          campaign.Status
			rank            int
			best            bool
		}{
			{"lower", "a", "", campaign.StatusGreen, 1, true},                     // 0 ≤ 29.6: nothing better
			{"lower", "c", "1.184", campaign.StatusGreen, 2, false},               // 29.6/25
			{"lower", "b", "0.9866666666666667", campaign.StatusYellow, 3, false}, // 29.6/30
			{"zero", "a", "", campaign.StatusGreen, 0, false},                     // 0 or 0.5 against 0: met, no ratio
			{"zero", "c", "1.2", campaign.StatusGreen, 1, false},
			{"zero", "b", "0.8", campaign.StatusRed, 2, false},
			{"worded", "a", "", campaign.StatusGreen, 0, false},
			{"worded", "b", "", campaign.StatusRed, 0, false}, // the year is over
		}
		for _, tt := range tests {
			r, _ := k.Indicator(tt.indicator)
			cell, _ := r.Cell(tt.unit)
			got := ""
			if cell.Completion().Defined && cell.Completion().Kind != campaign.CompletionQualitative {
				got = cell.Completion().Value.String()
			}
			if got != tt.completion || cell.Status() != tt.status || cell.Rank != tt.rank || cell.Best() != tt.best {
				t.Errorf("zero=%s %s/%s: completion %q %s rank %d best %v; want %q %s rank %d best %v", zero, tt.indicator, tt.unit,
					got, cell.Status(), cell.Rank, cell.Best(), tt.completion, tt.status, tt.rank, tt.best)
			}
		}
		if r, _ := k.Indicator("worded"); r.RankedBy != RankNone {
			t.Errorf("worded targets ranked by %s, want none", r.RankedBy)
		}
	}
}

// TestJudgeDefaultScoresAgree: the default method has two items (lower, zero) of 50.
// lower: 甲镇's 0 is the best → 50; 丙镇 29.6/25 = 118.40% is the highest ratio → 50;
// 乙镇 98.67% the lowest → 60% of 50 = 30. zero: 甲镇's target of 0 is not a task → not
// counted; 丙镇 120% → 50, 乙镇 80% → 30. Totals: 甲镇 50 on the one item that applies,
// ×2/1 = 100; 乙镇 60; 丙镇 100. Item, total and reason say the same.
func TestJudgeDefaultScoresAgree(t *testing.T) {
	c := loadYAML(t, []byte(judgeYAML))
	for _, zero := range []string{"0", "0.5"} {
		s := Score(Consolidate(c, judgeData(t, zero), nil), nil)
		if len(s.Items) != 2 {
			t.Fatalf("items %d, want 2 (worded targets are not scored on completion)", len(s.Items))
		}
		want := map[string]struct {
			points, lower, zero string
			counted             int
			rank                int
		}{
			"a": {"100.00", "50.00", "0.00", 1, 1},
			"b": {"60.00", "30.00", "30.00", 2, 3},
			"c": {"100.00", "50.00", "50.00", 2, 1},
		}
		for _, u := range s.Units {
			w := want[u.Unit]
			got := []string{u.Points.StringFixed(2), u.Items[0].Points.StringFixed(2), u.Items[1].Points.StringFixed(2)}
			if strings.Join(got, " ") != strings.Join([]string{w.points, w.lower, w.zero}, " ") || u.Rank != w.rank {
				t.Errorf("zero=%s %s: %v rank %d, want %s %s %s rank %d", zero, u.Unit, got, u.Rank, w.points, w.lower, w.zero, w.rank)
			}
			// The total is the counted items' points scaled by items/counted.
			counted, sum := 0, dec("0")
			for _, is := range u.Items {
				if is.Applies {
					counted++
					sum = sum.Add(is.Points)
				} else if !strings.Contains(is.Reason(), "本项不计") || strings.Contains(is.Reason(), "得0分") {
					t.Errorf("%s %s is not counted but reads %q", u.Unit, is.Item, is.Reason())
				}
			}
			if counted != w.counted || sum.Mul(dec("2")).Div(decimal.NewFromInt(int64(counted))).StringFixed(2) != w.points {
				t.Errorf("%s: %d items counted summing to %s, total %s", u.Unit, counted, sum, u.Points)
			}
		}
		a, _ := s.Unit("a")
		if r := a.Items[0].Reason(); !strings.Contains(r, "实际0.0吨，不高于目标29.6") || !strings.Contains(r, "得满分50.00分") || strings.Contains(r, "不大于0") {
			t.Errorf("甲镇 lower reason %q", r)
		}
		if r := a.Items[1].Reason(); !strings.Contains(r, "目标为0，没有可完成的任务量") {
			t.Errorf("甲镇 zero reason %q", r)
		}
		if !strings.Contains(a.Scaled, "适用1/2项指标") || !strings.Contains(a.Scaled, "50.00×2/1 = 100.00分") {
			t.Errorf("甲镇 scaled %q", a.Scaled)
		}
	}
}

// TestLightBasis: what each light compares, as consolidate --json names it.
func TestLightBasis(t *testing.T) {
	flow := &campaign.Indicator{Kind: campaign.KindFlow}
	change := &campaign.Indicator{Kind: campaign.KindChange}
	ratio := campaign.Completion{Kind: campaign.CompletionRatio, Value: dec("0.5"), Defined: true}
	due := campaign.YearMonth{Year: 2023, Month: 12}
	tests := []struct {
		name string
		in   *campaign.Indicator
		cell Cell
		want string
		note string
	}{
		{"flow against time", flow, resultCell(campaign.Result{Status: campaign.StatusGreen, Completion: ratio, TimeProgress: dec("0.75")}), LightByTimeProgress, ""},
		{"flow with a zero target", flow, resultCell(campaign.Result{Status: campaign.StatusGreen, TimeProgress: dec("0.75")}), LightByTarget, ""},
		{"annual change", change, resultCell(campaign.Result{Status: campaign.StatusRed}), LightByTarget, ""},
		{"change due in 2023", change, resultCell(campaign.Result{Status: campaign.StatusYellow, FullTerm: true, Due: due}), LightByFullTerm, "亮灯对照2023年底目标（未到期，未达到的亮黄灯）"},
		{"missing", change, resultCell(campaign.Result{Status: campaign.StatusMissing}), LightNone, ""},
		{"pending", flow, resultCell(campaign.Result{Status: campaign.StatusPending}), LightNone, ""},
	}
	for _, tt := range tests {
		if got := LightBasis(tt.in, tt.cell); got != tt.want {
			t.Errorf("%s: basis %s, want %s", tt.name, got, tt.want)
		}
		if got := LightNote(tt.cell); got != tt.note {
			t.Errorf("%s: note %q, want %q", tt.name, got, tt.note)
		}
	}
}

// TestJudgeWordedTotalStatus: a total whose target is worded (完成省定目标) reads
// missing (待录入 / 待报送) until its figure is there, 完成 green once entered, and a
// number entered against it is shown without a light.
func TestJudgeWordedTotalStatus(t *testing.T) {
	c := loadYAML(t, []byte(`
id: worded-total
title: 测试行动
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲镇, kind: area}
  - {code: b, name: 乙镇, kind: area}
total: {code: all, name: 全县}
indicators:
  - {id: office, name: 能耗下降率, measure: "%", kind: change, total: given,
     targets: {a: 4, b: 4, all: {text: 完成省定目标}}}
  - {id: unit, name: 投资占比, measure: "%", kind: rate, total: {given-by: a},
     targets: {all: {text: 稳中有升}}}
`))
	p := period(t, "2023Q3")
	tests := []struct {
		name    string
		d       Data
		status  campaign.Status
		label   string
		basisOf string
	}{
		{"office, nothing entered", values(p, nil), campaign.StatusMissing, "待录入", "office"},
		{"office, 完成", withAnswer(values(p, nil), "office", true), campaign.StatusGreen, "绿灯", "office"},
		{"office, a number", withTotal(values(p, nil), "office", "4.7"), campaign.StatusNA, "不适用", "office"},
		{"unit, nothing reported", values(p, map[string]map[string]string{"office": {"a": "4"}}), campaign.StatusMissing, "待报送", "unit"},
		{"unit, 完成", values(p, map[string]map[string]string{"unit": {"a": "完成"}}), campaign.StatusGreen, "绿灯", "unit"},
	}
	for _, tt := range tests {
		k := Consolidate(c, tt.d, nil)
		r, _ := k.Indicator(tt.basisOf)
		if r.Total.Status() != tt.status || TotalStatusLabel(*r) != tt.label {
			t.Errorf("%s: %s %s, want %s %s", tt.name, r.Total.Status(), TotalStatusLabel(*r), tt.status, tt.label)
		}
	}
}

func withAnswer(d Data, indicator string, done bool) Data {
	d.TotalAnswers = map[string]bool{indicator: done}
	return d
}

func withTotal(d Data, indicator, v string) Data {
	d.Totals = map[string]decimal.Decimal{indicator: dec(v)}
	return d
}

// TestJudgeNothingAppliesNotRanked: 甲镇's only numeric target is 0, so no item of
// the default method is its own: it is neither scored nor ranked (not last with 0.00),
// and the rank rules of interviews pass it by.
func TestJudgeNothingAppliesNotRanked(t *testing.T) {
	c := loadYAML(t, []byte(`
id: nothing-applies
title: 测试行动
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲镇, kind: area}
  - {code: b, name: 乙镇, kind: area}
  - {code: c, name: 丙镇, kind: area}
indicators:
  - {id: zero, name: 新增企业, measure: 家, kind: flow, total: none, targets: {a: 0, b: 10, c: 10}}
`))
	k := Consolidate(c, values(period(t, "2023"), map[string]map[string]string{"zero": {"a": "1", "b": "8", "c": "12"}}), nil)
	s := Score(k, nil)
	got := map[string]string{}
	for _, u := range s.Units {
		got[u.Unit] = s.RankText(u) + " " + u.Points.StringFixed(2)
	}
	// 丙镇 120% is the highest (100), 乙镇 80% the lowest (60).
	if want := map[string]string{"a": "不排名 0.00", "b": "2 60.00", "c": "1 100.00"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ranks %v, want %v", got, want)
	}
	if a, _ := s.Unit("a"); !a.NothingApplies || !strings.Contains(a.Scaled, "不计分、不排名") {
		t.Errorf("甲镇: %+v", a)
	}
	if bottom := s.FromBottom("a"); bottom != 0 {
		t.Errorf("甲镇 counted %d from the bottom", bottom)
	}
}
