package score

import (
	"os"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

func kindsCampaign(t *testing.T) *campaign.Campaign {
	t.Helper()
	data, err := os.ReadFile("testdata/kinds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return loadYAML(t, data)
}

// kinds2022Q3 are 2022Q3 values for testdata/kinds.yaml: 丙镇 c did not report 腾出用地.
func kinds2022Q3(t *testing.T) Data {
	d := values(period(t, "2022Q3"), map[string]map[string]string{
		"flow":    {"a": "80", "b": "140", "c": "50"},
		"cum":     {"a": "240", "b": "190", "c": ""},
		"level":   {"a": "50", "b": "46", "c": "40"},
		"lower":   {"a": "0.4", "b": "0.55", "c": "0.6"},
		"rate":    {"a": "21", "b": "19.5", "c": "18"},
		"change":  {"a": "5", "b": "3.9", "c": "4"},
		"qual":    {"a": "完成", "b": "未完成", "c": ""},
		"pend":    {"a": "3", "b": "1", "c": ""},
		"notmine": {"a": "", "b": "9", "c": "4"},
	})
	d.Totals = map[string]decimal.Decimal{"level": dec("45.5")}
	return d
}

// TestProgressByKindByHand checks completion, time progress, light and rank of
// every kind against values worked out by hand (DESIGN.md §5), at 2022Q3: an annual
// target is 9/12 through its year, the 2021–2023 cumulative one 21/36.
func TestProgressByKindByHand(t *testing.T) {
	c := kindsCampaign(t)
	k := Consolidate(c, kinds2022Q3(t), nil)
	tests := []struct {
		indicator, unit string
		completion      string // exact; "" when not defined
		timeProgress    string
		status          campaign.Status
		rank            int
	}{
		// flow, annual, time progress 0.75; light on completion / 0.75 (green ≥ 1, yellow ≥ 0.9).
		{"flow", "a", "0.8", "0.75", campaign.StatusGreen, 1},      // 0.8/0.75 = 1.067
		{"flow", "b", "0.7", "0.75", campaign.StatusYellow, 2},     // 0.7/0.75 = 0.933
		{"flow", "c", "0.5", "0.75", campaign.StatusRed, 3},        // 0.5/0.75 = 0.667
		{"flow", "all", "0.675", "0.75", campaign.StatusYellow, 0}, // 270 of the units' 400: 0.675/0.75 = 0.9
		// cumulative 2021–2023 target 360 at 2022Q3: 21/36 = 0.58333…
		{"cum", "a", "0.6666666666666667", "0.5833333333333333", campaign.StatusGreen, 1},  // 240/360 ÷ 21/36 = 1.143
		{"cum", "b", "0.5277777777777778", "0.5833333333333333", campaign.StatusYellow, 2}, // 190/360 ÷ 21/36 = 0.905
		{"cum", "c", "", "0.5833333333333333", campaign.StatusMissing, 0},                  // not reported: never 0
		{"cum", "all", "", "0.5833333333333333", campaign.StatusMissing, 0},                // 2 of 3 units: no light
		// level: completion alone.
		{"level", "a", "1", "0.75", campaign.StatusGreen, 1},
		{"level", "b", "0.92", "0.75", campaign.StatusYellow, 2},
		{"level", "c", "0.8", "0.75", campaign.StatusRed, 3},
		{"level", "all", "0.91", "0.75", campaign.StatusYellow, 0}, // the office's 45.5 of 50
		// lower-better: target / actual.
		{"lower", "a", "1.25", "0.75", campaign.StatusGreen, 1},
		{"lower", "b", "0.9090909090909091", "0.75", campaign.StatusYellow, 2},
		{"lower", "c", "0.8333333333333333", "0.75", campaign.StatusRed, 3},
		// rate: actual − target in percentage points; yellow down to −1.
		{"rate", "a", "1", "0.75", campaign.StatusGreen, 1},
		{"rate", "b", "-0.5", "0.75", campaign.StatusYellow, 2},
		{"rate", "c", "-2", "0.75", campaign.StatusRed, 3},
		// weighted by 工业投资: (21×80 + 19.5×140 + 18×50) / 270 = 5310/270 = 19.666…
		{"rate", "all", "-0.3333333333333333", "0.75", campaign.StatusYellow, 0},
		// change: −1 pp is still yellow, −1.1 is red.
		{"change", "a", "0", "0.75", campaign.StatusGreen, 1},
		{"change", "b", "-1.1", "0.75", campaign.StatusRed, 3},
		{"change", "c", "-1", "0.75", campaign.StatusYellow, 2},
		{"change", "all", "", "", campaign.StatusMissing, 0}, // given, not entered yet, and no total target
		// qualitative: 完成 green; 未完成 before the span ends yellow; nothing: missing. Not ranked.
		{"qual", "a", "", "0.75", campaign.StatusGreen, 0},
		{"qual", "b", "", "0.75", campaign.StatusYellow, 0},
		{"qual", "c", "", "0.75", campaign.StatusMissing, 0},
		// pending targets: pending for what is reported, ranked on the value itself;
		// a unit that reported nothing is missing (未报送), not pending, and so is the
		// total that lacks it (未报齐).
		{"pend", "a", "", "0.75", campaign.StatusPending, 1},
		{"pend", "b", "", "0.75", campaign.StatusPending, 2},
		{"pend", "c", "", "0.75", campaign.StatusMissing, 0},
		{"pend", "all", "", "0.75", campaign.StatusMissing, 0}, // 2 of 3 reported
		// 甲镇's target is 不适用: it does not report 品字标企业 at all.
		{"notmine", "b", "0.9", "0.75", campaign.StatusGreen, 1}, // 0.9/0.75 = 1.2
		{"notmine", "c", "0.4", "0.75", campaign.StatusRed, 2},
	}
	for _, tt := range tests {
		r, ok := k.Indicator(tt.indicator)
		if !ok {
			t.Fatalf("no indicator %s", tt.indicator)
		}
		cell := &r.Total
		if tt.unit != "all" {
			if cell, ok = r.Cell(tt.unit); !ok {
				t.Errorf("%s: no cell for %s", tt.indicator, tt.unit)
				continue
			}
		}
		got := ""
		if cell.Completion().Defined && cell.Completion().Kind != campaign.CompletionQualitative {
			got = cell.Completion().Value.String()
		}
		tp := ""
		if !cell.TimeProgress().IsZero() {
			tp = cell.TimeProgress().String()
		}
		if got != tt.completion || tp != tt.timeProgress || cell.Status() != tt.status || cell.Rank != tt.rank {
			t.Errorf("%s/%s = completion %q, time %q, %s, rank %d; want %q, %q, %s, rank %d",
				tt.indicator, tt.unit, got, tp, cell.Status(), cell.Rank, tt.completion, tt.timeProgress, tt.status, tt.rank)
		}
	}
	if r, _ := k.Indicator("notmine"); len(r.Units) != 2 {
		t.Errorf("品字标企业 has %d unit cells, want 2 (甲镇 is 不适用)", len(r.Units))
	}
}

// TestTotals checks each total rule's figure and how it is described.
func TestTotals(t *testing.T) {
	c := kindsCampaign(t)
	k := Consolidate(c, kinds2022Q3(t), nil)
	tests := []struct {
		indicator, actual, target, basis string
		has                              bool
	}{
		{"flow", "270", "400", "3 个单位合计", true},                // no total target: the units' targets summed
		{"cum", "430", "1080", "已报 2/3 个单位", true},             // what there is, marked incomplete
		{"level", "45.5", "50", "办公室录入", true},                 // the office's own figure
		{"change", "", "", "待办公室录入", true},                     // given but not entered yet
		{"rate", "19.6666666666666667", "20", "按工业投资加权", true}, // 5310/270
		{"lower", "", "", "不汇总", false},
		{"qual", "", "", "不汇总", false},
	}
	for _, tt := range tests {
		r, _ := k.Indicator(tt.indicator)
		actual, target := "", ""
		if r.Total.Reported() {
			actual = r.Total.Actual().Value.String()
		}
		if r.Total.Target().IsNumber() {
			target = r.Total.Target().Value.String()
		}
		if r.HasTotal != tt.has || actual != tt.actual || target != tt.target || r.TotalBasis != tt.basis {
			t.Errorf("%s total = %v %q of %q (%s); want %v %q of %q (%s)",
				tt.indicator, r.HasTotal, actual, target, r.TotalBasis, tt.has, tt.actual, tt.target, tt.basis)
		}
	}
}

// TestChangeSincePreviousPeriod compares 2022Q3 with 2022Q2.
func TestChangeSincePreviousPeriod(t *testing.T) {
	c := kindsCampaign(t)
	prev := Consolidate(c, values(period(t, "2022Q2"), map[string]map[string]string{
		"flow": {"a": "40", "b": "110", "c": "30"}, // completions 0.4, 0.55, 0.3: ranks 2, 1, 3
	}), nil)
	k := Consolidate(c, kinds2022Q3(t), prev)
	if k.Compared == nil || k.Compared.String() != "2022Q2" {
		t.Fatalf("compared = %v", k.Compared)
	}
	r, _ := k.Indicator("flow")
	tests := []struct {
		unit, actual, completion string
		rank                     int
	}{
		{"a", "40", "0.4", 1},   // 80 − 40; 0.8 − 0.4; rank 2 → 1: up 1
		{"b", "30", "0.15", -1}, // 140 − 110; 0.7 − 0.55; rank 1 → 2: down 1
		{"c", "20", "0.2", 0},   // 50 − 30; 0.5 − 0.3; rank 3 → 3
	}
	for _, tt := range tests {
		cell, _ := r.Cell(tt.unit)
		ch := cell.Change()
		if ch == nil || !ch.HasActual || !ch.HasCompletion || !ch.HasRank {
			t.Fatalf("%s: change = %+v", tt.unit, ch)
		}
		if ch.Actual.String() != tt.actual || ch.Completion.String() != tt.completion || ch.Rank != tt.rank {
			t.Errorf("%s change = %s, %s, %d; want %s, %s, %d", tt.unit, ch.Actual, ch.Completion, ch.Rank, tt.actual, tt.completion, tt.rank)
		}
	}
	if r.Total.Change() == nil || r.Total.Change().Actual.String() != "90" { // 270 − 180
		t.Errorf("total change = %+v", r.Total.Change())
	}
	if lv, _ := k.Indicator("level"); lv.Units[0].Change() != nil {
		t.Errorf("level had no previous value, change = %+v", lv.Units[0].Change())
	}
}

// TestListsMergedAndDuplicatesFlagged merges the firms list and flags a USCC two
// units both reported.
func TestListsMergedAndDuplicatesFlagged(t *testing.T) {
	c := kindsCampaign(t)
	d := kinds2022Q3(t)
	d.Returns["b"].Rows = []Row{
		{List: "firms", Index: 0, Values: PackValues(map[string]string{"name": "乙一厂", "uscc": "91330500MA2B3C4D5E"})},
		{List: "firms", Index: 2, Values: PackValues(map[string]string{"name": "共有厂", "uscc": "913305001234567890"})},
	}
	d.Returns["a"].Rows = []Row{
		{List: "firms", Index: 0, Values: PackValues(map[string]string{"name": "共有厂", "uscc": "913305001234567890", "land": "12.5"})},
	}
	k := Consolidate(c, d, nil)
	ml := k.Lists[0]
	var got []string
	for _, r := range ml.Rows {
		got = append(got, r.Unit+":"+r.Values.Get("name")+":"+joinShared(r.Shared["uscc"]))
	}
	want := []string{"a:共有厂:b", "b:乙一厂:", "b:共有厂:a"} // campaign order, then row
	if len(got) != len(want) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %s, want %s", i, got[i], want[i])
		}
	}
	if ml.Duplicates != 2 || ml.RowCount != 3 {
		t.Errorf("duplicates = %d, rows = %d, want 2 and 3", ml.Duplicates, ml.RowCount)
	}
	// Letting the rows go keeps what is counted (score, interviews, consolidate --json).
	k.DropRows()
	if l := k.Lists[0]; l.Rows != nil || l.RowCount != 3 || l.Duplicates != 2 {
		t.Errorf("after DropRows: %d rows held, RowCount %d, Duplicates %d; want none, 3, 2", len(l.Rows), l.RowCount, l.Duplicates)
	}
}

func joinShared(units []string) string {
	out := ""
	for i, u := range units {
		if i > 0 {
			out += ","
		}
		out += u
	}
	return out
}

// TestTaskProgressPerLead counts each lead unit's tasks by status.
func TestTaskProgressPerLead(t *testing.T) {
	c := kindsCampaign(t)
	d := kinds2022Q3(t)
	d.Returns["a"].Tasks = map[string]TaskReport{"t1": {Status: TaskDone, Progress: "已排摸32家"}, "t2": {Status: TaskBehind}}
	d.Returns["b"].Tasks = map[string]TaskReport{"t1": {Status: TaskInProgress}} // b is only co on t1; says nothing on t2
	k := Consolidate(c, d, nil)
	want := []TaskSummary{
		{Unit: "a", Led: 2, Done: 1, Behind: 1},
		{Unit: "b", Led: 1, Unreported: 1},
	}
	if len(k.TaskUnits) != len(want) {
		t.Fatalf("summaries = %+v", k.TaskUnits)
	}
	for i := range want {
		if k.TaskUnits[i] != want[i] {
			t.Errorf("summary %d = %+v, want %+v", i, k.TaskUnits[i], want[i])
		}
	}
	t1 := k.Tasks[0]
	if len(t1.Reports) != 2 || !t1.Reports[0].Lead || t1.Reports[0].Progress != "已排摸32家" || t1.Reports[1].Lead || t1.Reports[1].Status != TaskInProgress {
		t.Errorf("t1 reports = %+v", t1.Reports)
	}
}
