package score

import (
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
)

// handScores builds a period's scores from points per unit, in campaign order.
func handScores(t *testing.T, p string, points map[string]string) *Scores {
	s := &Scores{Period: period(t, p), Method: "测试", Scorable: true}
	for _, u := range []string{"a", "b", "c"} {
		if v, ok := points[u]; ok {
			s.Units = append(s.Units, UnitScore{Unit: u, Points: dec(v), Reported: true})
		}
	}
	rankUnits(s.Units, true)
	return s
}

func withRules(c *campaign.Campaign, rules ...campaign.InterviewRule) *campaign.Campaign {
	c.Interviews = &campaign.Interviews{Rules: rules}
	return c
}

// listed renders an interview list as "unit:rule=figures" lines.
func listed(list []Interview) []string {
	var out []string
	for _, iv := range list {
		for _, h := range iv.Hits {
			out = append(out, iv.Unit+":"+h.Rule+"="+h.Figures)
		}
	}
	return out
}

func TestInterviewRules(t *testing.T) {
	q3 := handScores(t, "2022Q3", map[string]string{"a": "90", "b": "70", "c": "70"}) // b, c tie at the bottom
	q2 := handScores(t, "2022Q2", map[string]string{"a": "60", "b": "80", "c": "50"}) // c last
	q1 := handScores(t, "2022Q1", map[string]string{"a": "40", "b": "80", "c": "90"}) // a last
	late := time.Date(2022, 10, 15, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		rule    campaign.InterviewRule
		data    func(d *Data)
		earlier []*Scores
		want    []string // unit:rule=figures prefix
	}{
		{"last place, tie shares the bottom", campaign.InterviewRule{ID: "last", RankFromBottom: 1}, nil, nil,
			[]string{"b:last=综合得分70.00分，排名第2/3（末位）", "c:last=综合得分70.00分，排名第2/3（末位）"}},
		{"bottom two", campaign.InterviewRule{ID: "last2", RankFromBottom: 2}, nil, nil,
			[]string{"b:last2=", "c:last2="}},
		{"three reds", campaign.InterviewRule{ID: "red", RedAtLeast: 3}, nil, nil,
			[]string{"c:red=5项指标红灯：工业投资完成50.0亿元/目标100亿元，完成率50.00%，序时进度75.0%；亩均税收"}},
		{"one red is not three", campaign.InterviewRule{ID: "red1", RedAtLeast: 1}, nil, nil,
			[]string{"b:red1=1项指标红灯：产值增速完成3.9%/目标5%，完成率-1.10个百分点", "c:red1=5项"}},
		{"named indicator red", campaign.InterviewRule{ID: "flow", IndicatorRed: "flow"}, nil, nil,
			[]string{"c:flow=工业投资完成50.0亿元/目标100亿元，完成率50.00%，序时进度75.0%，红灯"}},
		{"bottom two periods running", campaign.InterviewRule{ID: "repeat", BottomConsecutive: 2}, nil, []*Scores{q2, q1},
			[]string{"c:repeat=2022年第二季度、2022年第三季度连续2期综合得分排名末位"}},
		{"bottom three periods running: nobody", campaign.InterviewRule{ID: "repeat3", BottomConsecutive: 3}, nil, []*Scores{q2, q1},
			nil},
		{"not enough history", campaign.InterviewRule{ID: "repeat", BottomConsecutive: 2}, nil, nil, nil},
		{"missing and rejected", campaign.InterviewRule{ID: "miss", Missing: true}, func(d *Data) {
			delete(d.Returns, "c")
			d.Attempts["c"] = Attempt{State: StateRejected, ReceivedAt: late, Errors: 2}
			delete(d.Returns, "b")
			delete(d.Attempts, "b")
		}, nil, []string{"b:miss=截至目前未报送2022年第三季度数据（截止2022年10月10日）", "c:miss=10月15日报送的文件被退回（2个错误）"}},
		{"late", campaign.InterviewRule{ID: "late", Late: true}, func(d *Data) {
			d.Attempts["b"] = Attempt{State: StateAccepted, ReceivedAt: late, Late: true}
		}, nil, []string{"b:late=2022年10月15日报送，截止2022年10月10日，迟报5天"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := tt.rule
			rule.Reason = "测试理由"
			c := withRules(kindsCampaign(t), rule)
			d := kinds2022Q3(t)
			if tt.data != nil {
				tt.data(&d)
			}
			got := listed(Interviews(Consolidate(c, d, nil), q3, tt.earlier))
			if len(got) != len(tt.want) {
				t.Fatalf("list = %q, want %d entries like %q", got, len(tt.want), tt.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("entry %d = %q, want prefix %q", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestInterviewsAcrossThreePeriods scores three real periods and applies the
// consecutive rule to each.
func TestInterviewsAcrossThreePeriods(t *testing.T) {
	c := withRules(kindsCampaign(t), campaign.InterviewRule{ID: "repeat", Reason: "连续两期排名末位", BottomConsecutive: 2})
	flows := []map[string]string{
		{"a": "10", "b": "30", "c": "20"},  // Q1: a last
		{"a": "40", "b": "60", "c": "20"},  // Q2: c last
		{"a": "80", "b": "140", "c": "30"}, // Q3: c last again
	}
	var history []*Scores // most recent first
	var lists [][]string
	for i, p := range []string{"2022Q1", "2022Q2", "2022Q3"} {
		d := values(period(t, p), map[string]map[string]string{"flow": flows[i]})
		k := Consolidate(c, d, nil)
		s := Score(k, nil)
		lists = append(lists, listed(Interviews(k, s, history)))
		history = append([]*Scores{s}, history...)
	}
	if len(lists[0]) != 0 || len(lists[1]) != 0 {
		t.Errorf("Q1, Q2 lists = %q, %q; want none (no two periods running yet)", lists[0], lists[1])
	}
	if len(lists[2]) != 1 || !strings.HasPrefix(lists[2][0], "c:repeat=2022年第二季度、2022年第三季度连续2期") {
		t.Errorf("Q3 list = %q, want 丙镇 for Q2 and Q3", lists[2])
	}
}

// TestDefaultMethod scores a campaign without a scoring block: minmax on completion
// of every indicator with numeric targets, equal points to 100, and a unit whose
// target is 不适用 scaled from the items that apply to it.
func TestDefaultMethod(t *testing.T) {
	c := kindsCampaign(t)
	s := Score(Consolidate(c, kinds2022Q3(t), nil), nil)
	if !s.Default || s.Method != DefaultMethod {
		t.Fatalf("method = %q default %v", s.Method, s.Default)
	}
	// flow, cum, level, lower, rate, change, notmine: 7 items of 100/7.
	if len(s.Items) != 7 {
		t.Fatalf("items = %d, want 7", len(s.Items))
	}
	sum := dec("0")
	for _, it := range s.Items {
		sum = sum.Add(it.Points)
		if it.Metric.Field != campaign.MetricCompletion || it.Formula != campaign.FormulaMinMax {
			t.Errorf("item %s = %s %s", it.ID, it.Formula, it.Metric)
		}
	}
	if sum.StringFixed(2) != "100.00" {
		t.Errorf("points sum to %s", sum)
	}
	a, _ := s.Unit("a")
	// 甲镇 is best on all six indicators it has (cum: 0.667 vs 0.528, c missing):
	// 6 × 100/7, scaled by 7/6 to 100.
	if a.Points.StringFixed(2) != "100.00" || a.Rank != 1 || !strings.Contains(a.Scaled, "适用6/7项") {
		t.Errorf("甲镇 = %s rank %d (%s)", a.Points, a.Rank, a.Scaled)
	}
	for _, u := range s.Units {
		for i, is := range u.Items {
			if s.Items[i].ID == "notmine" && u.Unit == "a" && is.Applies {
				t.Errorf("品字标企业 should not apply to 甲镇: %+v", is)
			}
		}
	}
}
