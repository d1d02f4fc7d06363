package campaign

import (
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func num(s string) Target { return Target{Form: TargetNumber, Value: dec(s), Literal: s} }

func period(t *testing.T, s string) Period {
	t.Helper()
	p, err := ParsePeriod(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTimeProgress(t *testing.T) {
	year2023 := Span{YearMonth{2023, 1}, YearMonth{2023, 12}}
	three := Span{YearMonth{2021, 1}, YearMonth{2023, 12}}
	tests := []struct {
		span   Span
		period string
		want   string // exact fraction, compared at 10 places
	}{
		{year2023, "2023Q3", "0.75"},                                     // 9/12
		{year2023, "2023Q1", "0.25"},                                     // 3/12
		{year2023, "2023-09", "0.75"},                                    // monthly same as Q3
		{year2023, "2023", "1"},                                          // the whole year
		{year2023, "2022Q4", "0"},                                        // before the span
		{year2023, "2024Q1", "1"},                                        // after the span
		{three, "2022Q3", "0.5833333333"},                                // 21/36
		{three, "2021Q4", "0.3333333333"},                                // 12/36
		{Span{YearMonth{2015, 7}, YearMonth{2015, 12}}, "2015Q3", "0.5"}, // 3/6: a span starting in July
	}
	for _, tt := range tests {
		got := TimeProgress(tt.span, period(t, tt.period)).Round(10)
		if !got.Equal(dec(tt.want)) {
			t.Errorf("TimeProgress(%v, %s) = %s, want %s", tt.span, tt.period, got, tt.want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	th := DefaultThresholds()
	tp := func(s string) decimal.Decimal { return dec(s) }
	tests := []struct {
		name     string
		kind     IndicatorKind
		target   Target
		actual   Actual
		tp       decimal.Decimal
		wantKind CompletionKind
		wantComp string // "" = undefined
		status   Status
	}{
		// flow: completion = actual/target, light on completion/time progress.
		{"flow ahead", KindFlow, num("1200"), Reported(dec("900")), tp("0.75"), CompletionRatio, "0.75", StatusGreen},
		{"flow at 0.9 of pace", KindFlow, num("1200"), Reported(dec("810")), tp("0.75"), CompletionRatio, "0.675", StatusYellow},
		{"flow behind", KindFlow, num("1200"), Reported(dec("600")), tp("0.75"), CompletionRatio, "0.5", StatusRed},
		{"flow done early", KindFlow, num("150"), Reported(dec("151")), tp("0.25"), CompletionRatio, "1.0066666667", StatusGreen},
		{"flow negative actual", KindFlow, num("30"), Reported(dec("-2")), tp("0.5"), CompletionRatio, "-0.0666666667", StatusRed},
		{"flow zero target, something done", KindFlow, num("0"), Reported(dec("3")), tp("0.5"), "", "", StatusGreen},
		{"flow zero target, negative", KindFlow, num("0"), Reported(dec("-1")), tp("0.5"), "", "", StatusRed},
		{"flow before the span", KindFlow, num("100"), Reported(dec("0")), tp("0"), CompletionRatio, "0", StatusGreen},
		// level: completion alone, no time progress.
		{"level above", KindLevel, num("37"), Reported(dec("38")), tp("0.25"), CompletionRatio, "1.027027027", StatusGreen},
		{"level slightly below", KindLevel, num("37"), Reported(dec("34")), tp("1"), CompletionRatio, "0.9189189189", StatusYellow},
		{"level far below", KindLevel, num("37"), Reported(dec("30")), tp("1"), CompletionRatio, "0.8108108108", StatusRed},
		{"level zero target", KindLevel, num("0"), Reported(dec("0")), tp("1"), "", "", StatusGreen},
		// lower-better: target/actual.
		{"lower better under", KindLowerBetter, num("0.5"), Reported(dec("0.4")), tp("1"), CompletionRatio, "1.25", StatusGreen},
		{"lower better over", KindLowerBetter, num("0.5"), Reported(dec("0.6")), tp("1"), CompletionRatio, "0.8333333333", StatusRed},
		{"lower better zero actual", KindLowerBetter, num("0.5"), Reported(dec("0")), tp("1"), "", "", StatusGreen},
		{"lower better zero target missed", KindLowerBetter, num("0"), Reported(dec("2")), tp("1"), "", "", StatusRed},
		// rate and change: difference in percentage points.
		{"change met", KindChange, num("7"), Reported(dec("7.2")), tp("0.75"), CompletionDifference, "0.2", StatusGreen},
		{"change within 1pp", KindChange, num("7"), Reported(dec("6.1")), tp("0.75"), CompletionDifference, "-0.9", StatusYellow},
		{"change exactly 1pp behind", KindChange, num("7"), Reported(dec("6")), tp("0.75"), CompletionDifference, "-1", StatusYellow},
		{"change negative growth", KindChange, num("7"), Reported(dec("-3.5")), tp("0.75"), CompletionDifference, "-10.5", StatusRed},
		{"change negative target met", KindChange, num("-2"), Reported(dec("-1.5")), tp("1"), CompletionDifference, "0.5", StatusGreen},
		{"rate below", KindRate, num("2.6"), Reported(dec("2.3")), tp("1"), CompletionDifference, "-0.3", StatusYellow},
		// qualitative: a text target, or a qualitative indicator.
		{"text target done", KindChange, Target{Form: TargetText, Note: "完成省定目标"}, ReportedDone(true), tp("0.5"), CompletionQualitative, "", StatusGreen},
		{"text target not yet", KindChange, Target{Form: TargetText, Note: "完成省定目标"}, ReportedDone(false), tp("0.5"), CompletionQualitative, "", StatusYellow},
		{"text target not done at year end", KindQualitative, Target{Form: TargetText, Note: "完成区下达目标任务"}, ReportedDone(false), tp("1"), CompletionQualitative, "", StatusRed},
		// no light.
		{"na", KindFlow, Target{Form: TargetNA}, Reported(dec("5")), tp("1"), "", "", StatusNA},
		{"no target", KindLevel, Target{}, Reported(dec("5")), tp("1"), "", "", StatusNA},
		{"pending", KindFlow, Target{Form: TargetPending, Note: "待省下达任务指标后再分解"}, Reported(dec("5")), tp("1"), "", "", StatusPending},
		{"pending, nothing reported", KindFlow, Target{Form: TargetPending, Note: "待省下达任务指标后再分解"}, Actual{}, tp("0.75"), "", "", StatusMissing},
		{"na, nothing reported", KindFlow, Target{Form: TargetNA}, Actual{}, tp("0.75"), "", "", StatusNA},
		{"missing", KindFlow, num("100"), Actual{}, tp("0.5"), "", "", StatusMissing},
		{"missing rate", KindRate, num("2.6"), Actual{}, tp("0.5"), "", "", StatusMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Evaluate(tt.kind, tt.target, tt.actual, tt.tp, th)
			if best := tt.name == "lower better zero actual"; r.Best != best {
				t.Errorf("best = %v, want %v", r.Best, best)
			}
			if r.Status != tt.status {
				t.Errorf("status = %s, want %s", r.Status, tt.status)
			}
			if tt.wantKind == "" {
				if r.Completion.Defined {
					t.Errorf("completion = %+v, want undefined", r.Completion)
				}
				return
			}
			if !r.Completion.Defined || r.Completion.Kind != tt.wantKind {
				t.Fatalf("completion = %+v, want kind %s", r.Completion, tt.wantKind)
			}
			if tt.wantComp != "" && !r.Completion.Value.Round(10).Equal(dec(tt.wantComp)) {
				t.Errorf("completion = %s, want %s", r.Completion.Value.Round(10), tt.wantComp)
			}
			if tt.wantKind == CompletionQualitative && r.Completion.Done != tt.actual.Done {
				t.Errorf("done = %v", r.Completion.Done)
			}
		})
	}
}

// TestEvaluateFullTerm: a rate, change, level or lower-is-better target due at the
// end of a later year (lucheng's 到2023年单位工业增加值能耗下降9%以上) is compared as
// written, flagged FullTerm, and a shortfall before the due year is yellow unless the
// change went the wrong way; in the due year the usual light applies.
func TestEvaluateFullTerm(t *testing.T) {
	c, probs := LoadAndCheck([]byte(`
id: fullterm
title: 测试行动
span: {start: 2021-01, end: 2023-12}
units:
  - {code: a, name: 甲, kind: area}
indicators:
  - {id: drop, name: 能耗下降, measure: "%", kind: change, scope: cumulative, by-year: {2023: {a: 9}}}
  - {id: per-mu, name: 亩均税收, measure: 万元, kind: level, scope: cumulative, by-year: {2023: {a: 50}}}
  - {id: firms, name: 企业数, measure: 家, kind: flow, scope: cumulative, by-year: {2023: {a: 300}}}
  - {id: growth, name: 投资增长, measure: "%", kind: change, scope: annual, targets: {a: 12}}
`))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	due := YearMonth{2023, 12}
	tests := []struct {
		indicator, period, actual string
		status                    Status
		fullTerm                  bool
	}{
		{"drop", "2021Q3", "3", StatusYellow, true},    // 6pp short of the 2023 target: not yet due
		{"drop", "2022Q4", "9.5", StatusGreen, true},   // met early
		{"drop", "2022Q2", "-1.2", StatusRed, true},    // intensity rose: the wrong way
		{"drop", "2023Q4", "3", StatusRed, false},      // due: 6pp short is red
		{"drop", "2023Q2", "8.5", StatusYellow, false}, // the due year: within 1pp
		{"per-mu", "2021Q4", "30", StatusYellow, true}, // 30/50 = 60%, not yet due
		{"per-mu", "2023Q4", "30", StatusRed, false},   // due
		{"firms", "2021Q4", "50", StatusRed, false},    // flow: 50/300 against 12/36 of the time
		{"growth", "2021Q3", "5", StatusRed, false},    // an annual target is due this year
	}
	for _, tt := range tests {
		in, _ := c.Indicator(tt.indicator)
		r := c.Evaluate(in, "a", period(t, tt.period), Reported(dec(tt.actual)))
		if r.Status != tt.status || r.FullTerm != tt.fullTerm || (tt.fullTerm && r.Due != due) {
			t.Errorf("%s %s %s: status %s full-term %v due %v, want %s %v", tt.indicator, tt.period, tt.actual, r.Status, r.FullTerm, r.Due, tt.status, tt.fullTerm)
		}
	}
}

func TestEvaluateCustomThresholds(t *testing.T) {
	th := Thresholds{Green: dec("0.95"), Yellow: dec("0.8"), YellowPP: dec("2")}
	if s := Evaluate(KindLevel, num("100"), Reported(dec("96")), dec("1"), th).Status; s != StatusGreen {
		t.Errorf("96/100 with green 0.95 = %s", s)
	}
	if s := Evaluate(KindChange, num("7"), Reported(dec("5.5")), dec("1"), th).Status; s != StatusYellow {
		t.Errorf("1.5pp behind with yellow-pp 2 = %s", s)
	}
}

// campaignFixture is a 2021–2023 campaign with annual, cumulative and by-year targets.
func campaignFixture(t *testing.T) *Campaign {
	t.Helper()
	c, probs := LoadAndCheck([]byte(`
id: fixture
title: 测试行动
span: {start: 2021-01, end: 2023-12}
units:
  - {code: a, name: 甲街道}
  - {code: b, name: 乙街道}
total: {code: all, name: 全区}
indicators:
  - {id: tax, name: 亩均税收, kind: level, by-year: {2021: {all: 47}, 2023: {all: 51}}}
  - {id: invest, name: 制造业投资增长, kind: change, targets: {all: 12, a: 10}}
  - {id: firms, name: 整治企业, kind: flow, scope: cumulative, total: sum,
     by-year: {2021: {all: 130}}, targets: {a: 200, b: 100, all: 300}}
  - {id: std, name: 标准, kind: flow, targets: {pending: 待下达}}
`))
	if probs.HasErrors() {
		t.Fatalf("fixture: %v", probs)
	}
	return c
}

func TestTargetFor(t *testing.T) {
	c := campaignFixture(t)
	ind := func(id string) *Indicator { in, _ := c.Indicator(id); return in }
	tests := []struct {
		indicator, unit, period string
		want                    string // Display(), or "-" for none
		span                    Span
	}{
		{"tax", "all", "2021Q2", "47", Span{YearMonth{2021, 1}, YearMonth{2021, 12}}},
		{"tax", "all", "2022Q2", "-", Span{}}, // no 2022 target and no standing one
		{"tax", "all", "2023", "51", Span{YearMonth{2023, 1}, YearMonth{2023, 12}}},
		{"tax", "a", "2023", "-", Span{}},
		{"invest", "a", "2022Q1", "10", Span{YearMonth{2022, 1}, YearMonth{2022, 12}}}, // standing: every year
		{"invest", "b", "2022Q1", "-", Span{}},
		// cumulative: 2021 has its own target to the end of 2021; later years run to the span end.
		{"firms", "all", "2021Q3", "130", Span{YearMonth{2021, 1}, YearMonth{2021, 12}}},
		{"firms", "all", "2022Q3", "300", Span{YearMonth{2021, 1}, YearMonth{2023, 12}}},
		{"firms", "a", "2021Q3", "200", Span{YearMonth{2021, 1}, YearMonth{2023, 12}}},
		{"std", "b", "2022", "待下达", Span{YearMonth{2022, 1}, YearMonth{2022, 12}}},
	}
	for _, tt := range tests {
		tg, span, ok := c.TargetFor(ind(tt.indicator), tt.unit, period(t, tt.period))
		got := "-"
		if ok {
			got = tg.Display()
		}
		if got != tt.want || (ok && span != tt.span) {
			t.Errorf("TargetFor(%s, %s, %s) = %q %v, want %q %v", tt.indicator, tt.unit, tt.period, got, span, tt.want, tt.span)
		}
	}
}

// A cumulative 2021–2023 target at 2022Q3: 21 of 36 months have passed.
func TestCumulativeProgressAt2022Q3(t *testing.T) {
	c := campaignFixture(t)
	in, _ := c.Indicator("firms")
	r := c.Evaluate(in, "all", period(t, "2022Q3"), Reported(dec("180")))
	if !r.TimeProgress.Round(6).Equal(dec("0.583333")) {
		t.Errorf("time progress = %s, want 21/36", r.TimeProgress)
	}
	// 180/300 = 0.6; 0.6 / (21/36) = 1.0286 → green.
	if !r.Completion.Value.Equal(dec("0.6")) || r.Status != StatusGreen {
		t.Errorf("completion %s status %s, want 0.6 green", r.Completion.Value, r.Status)
	}
	r = c.Evaluate(in, "all", period(t, "2022Q3"), Reported(dec("160")))
	// 160/300 = 0.5333; / 0.5833 = 0.914 → yellow.
	if r.Status != StatusYellow {
		t.Errorf("160 of 300 at 21/36: %s, want yellow", r.Status)
	}
	if r := c.Evaluate(in, "b", period(t, "2022Q3"), Actual{}); r.Status != StatusMissing {
		t.Errorf("unreported unit = %s, want missing", r.Status)
	}
	tax, _ := c.Indicator("tax")
	if r := c.Evaluate(tax, "all", period(t, "2022Q3"), Reported(dec("50"))); r.Status != StatusNA {
		t.Errorf("year without a target = %s, want na", r.Status)
	}
}

func TestTargetDisplay(t *testing.T) {
	tests := []struct {
		t    Target
		want string
	}{
		{num("3.0"), "3.0"},
		{Target{Form: TargetNumber, Value: dec("4.5"), Literal: "4.5", Note: "含南太湖新区"}, "4.5（含南太湖新区）"},
		{Target{Form: TargetNumber, Value: dec("2"), Literal: "2", Note: "以上"}, "2以上"},
		{Target{Form: TargetNumber, Value: dec("363"), Literal: "363", Note: "突破"}, "突破363"},
		{Target{Form: TargetNumber, Value: dec("0.1")}, "0.1"},
		{Target{Form: TargetNA}, "/"},
		{Target{Form: TargetText, Note: "完成省定目标"}, "完成省定目标"},
		{Target{Form: TargetPending, Note: "待省下达任务指标后再分解"}, "待省下达任务指标后再分解"},
		{Target{}, ""},
	}
	for _, tt := range tests {
		if got := tt.t.Display(); got != tt.want {
			t.Errorf("Display(%+v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestFormatDecimalRoundsHalfUp(t *testing.T) {
	tests := []struct {
		v    string
		d    int32
		want string
	}{
		{"2.25", 1, "2.3"}, {"2.35", 1, "2.4"}, {"-2.25", 1, "-2.3"}, {"0.125", 2, "0.13"}, {"7", 1, "7.0"}, {"1.005", 2, "1.01"},
	}
	for _, tt := range tests {
		if got := FormatDecimal(dec(tt.v), tt.d); got != tt.want {
			t.Errorf("FormatDecimal(%s, %d) = %s, want %s", tt.v, tt.d, got, tt.want)
		}
	}
}
