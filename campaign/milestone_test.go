package campaign

import (
	"testing"

	"github.com/shopspring/decimal"
)

// milestoneIndicator is the Huzhou 2023 plan's 省重大项目中的新建项目开工率: 一季度30%、
// 二季度65%、三季度85%、全年100%.
const milestoneIndicator = "  - {id: new-start, name: 省重大项目中的新建项目开工率, measure: \"%\", kind: rate, targets: {wuxing: 100, nanxun: 100}, milestones: {Q1: 30, Q2: 65, Q3: 85, Q4: 100}}"

func loadMilestones(t *testing.T, cadence string, lines ...string) *Campaign {
	t.Helper()
	doc := campaignFile(t, merged(moreIndicators(lines...), map[string]string{"cadence": "cadence: " + cadence}))
	c, probs := LoadAndCheck([]byte(doc))
	if len(probs) > 0 {
		t.Fatalf("does not load cleanly:\n%s\n%s", numbered(doc), listProblems(probs))
	}
	return c
}

// TestMilestoneLight: the light compares with the milestone due, on its boundary,
// between quarters (monthly periods use the last milestone due, not an
// interpolation) and before the first one (yellow at worst); without milestones the
// straight line of time is unchanged.
func TestMilestoneLight(t *testing.T) {
	rate := loadMilestones(t, "monthly", milestoneIndicator,
		"  - {id: plain, name: 开工率, measure: \"%\", kind: rate, targets: {wuxing: 100}}",
		"  - {id: flow-m, name: 投资额, measure: 亿元, kind: flow, targets: {wuxing: 120}, milestones: {Q1: 20, Q2: 50, Q3: 90, Q4: 120}}")
	cases := []struct {
		indicator, period, actual string
		want                      Status
		milestone                 string // "" for none
		ahead                     bool
	}{
		{"new-start", "2023-03", "30", StatusGreen, "30", false}, // exactly on Q1
		{"new-start", "2023-03", "29.5", StatusYellow, "30", false},
		{"new-start", "2023-03", "28.9", StatusRed, "30", false},
		{"new-start", "2023-05", "30", StatusGreen, "30", false}, // between quarters: Q1 still the stage due
		{"new-start", "2023-06", "64", StatusYellow, "65", false},
		{"new-start", "2023-06", "65", StatusGreen, "65", false}, // exactly on Q2
		{"new-start", "2023-09", "85", StatusGreen, "85", false},
		{"new-start", "2023-12", "99", StatusYellow, "100", false},
		{"new-start", "2023-02", "10", StatusYellow, "30", true}, // before Q1: not yet due, never red
		{"new-start", "2023-02", "31", StatusGreen, "30", true},
		{"plain", "2023-03", "30", StatusRed, "", false}, // no milestones: against the year's 100
		{"flow-m", "2023-06", "50", StatusGreen, "50", false},
		{"flow-m", "2023-06", "45", StatusYellow, "50", false}, // 45/50 = 0.9
		{"flow-m", "2023-06", "44.9", StatusRed, "50", false},
		{"flow-m", "2023-07", "49", StatusYellow, "50", false}, // July: Q2's 50, where the straight line says 70
	}
	for _, tc := range cases {
		t.Run(tc.indicator+"/"+tc.period+"/"+tc.actual, func(t *testing.T) {
			in, _ := rate.Indicator(tc.indicator)
			p, err := ParsePeriod(tc.period)
			if err != nil {
				t.Fatal(err)
			}
			r := rate.Evaluate(in, "wuxing", p, Reported(decimal.RequireFromString(tc.actual)))
			if r.Status != tc.want {
				t.Errorf("status %s, want %s", r.Status, tc.want)
			}
			if (r.Milestone != nil) != (tc.milestone != "") {
				t.Fatalf("milestone %+v, want %q", r.Milestone, tc.milestone)
			}
			if r.Milestone != nil && (!r.Milestone.Value.Equal(decimal.RequireFromString(tc.milestone)) || r.Milestone.Ahead != tc.ahead) {
				t.Errorf("milestone %+v, want %s ahead=%v", r.Milestone, tc.milestone, tc.ahead)
			}
		})
	}
	// A unit's own milestones win over the indicator's.
	own := loadMilestones(t, "quarterly",
		"  - {id: inv, name: 投资额, measure: 亿元, kind: flow, targets: {wuxing: {value: 120, milestones: {Q2: 30, Q4: 120}}, nanxun: 200}, milestones: {Q2: 100, Q4: 200}}")
	inv, _ := own.Indicator("inv")
	for unit, want := range map[string]string{"wuxing": "30", "nanxun": "100"} {
		r := own.Evaluate(inv, unit, Period{Kind: Quarterly, Year: 2023, Quarter: 2}, Reported(decimal.NewFromInt(40)))
		if r.Milestone == nil || !r.Milestone.Value.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s 2023Q2: milestone %+v, want %s", unit, r.Milestone, want)
		}
	}
	// A quarterly campaign reads the same milestones by quarter.
	q := loadMilestones(t, "quarterly", milestoneIndicator)
	in, _ := q.Indicator("new-start")
	r := q.Evaluate(in, "wuxing", Period{Kind: Quarterly, Year: 2023, Quarter: 3}, Reported(decimal.NewFromInt(84)))
	if r.Status != StatusYellow || r.Milestone == nil || r.Milestone.Month != (YearMonth{2023, 9}) {
		t.Errorf("2023Q3 at 84: %s %+v, want yellow against 三季度 85", r.Status, r.Milestone)
	}
}

// TestMilestoneChecks: milestones that go down or pass the year's target are refused
// at their YAML line, in Chinese.
func TestMilestoneChecks(t *testing.T) {
	cases := []struct {
		name  string
		line  string
		wants []wantProblem
	}{
		{"clean", milestoneIndicator, nil},
		{"decreasing", "  - {id: s, name: 开工率, measure: \"%\", kind: rate, targets: {wuxing: 100}, milestones: {Q1: 30, Q2: 25, Q4: 100}}  #!",
			[]wantProblem{errAt("milestone-decrease", "#!", "二季度 25", "一季度", "逐期不减")}},
		{"exceeds the target", "  - {id: s, name: 开工率, measure: \"%\", kind: rate, targets: {wuxing: 100, nanxun: 90}, milestones: {Q1: 30, Q4: 100}}  #!",
			[]wantProblem{errAt("milestone-exceeds", "#!", "四季度 100", "nanxun", "90")}},
		{"lower-better", "  - {id: s, name: 能耗, measure: 吨, kind: lower-better, targets: {wuxing: 1}, milestones: {Q1: 1}}  #!",
			[]wantProblem{errAt("milestone-kind", "#!", "能耗")}},
		{"a unit's own, above its target", "  - {id: s, name: 投资额, measure: 亿元, kind: flow, targets: {wuxing: {value: 100, milestones: {Q2: 50, Q4: 110}}}}  #!",
			[]wantProblem{errAt("milestone-exceeds", "#!", "四季度 110", "wuxing", "100")}},
		{"by month", "  - {id: s, name: 开工率, measure: \"%\", kind: rate, targets: {wuxing: 100}, milestones: {1: 5, M2: 10, 12: 100}}", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { expectCheck(t, moreIndicators(tc.line), tc.wants) })
	}
	doc := campaignFile(t, moreIndicators("  - {id: s, name: 开工率, measure: \"%\", kind: rate, milestones: {Q5: 1}}  #!"))
	_, probs := Load([]byte(doc))
	expectProblems(t, doc, probs, []wantProblem{errAt("milestone-key", "#!", "Q5", "Q1—Q4")})
}
