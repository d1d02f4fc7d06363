package score

import (
	"strings"
	"testing"

	"tenglong/campaign"
)

// wzetdzData is a fixed set of 2015Q4 values for the four streets of 温州经开区
// (星海 xinghai, 海城 haicheng, 沙城 shacheng, 天河 tianhe), chosen so that every
// item of 附件3 can be worked out by hand. 沙城 leaves 小升规 empty (a missing value),
// 天河 leaves 亩均工业总产值 empty.
func wzetdzData(t *testing.T) (*campaign.Campaign, Data) {
	c := loadSeed(t, "wzetdz-2015")
	// A lower-is-better metric, which the 2015 method does not have: 规上万元产值能耗
	// (吨标煤/万元), scored by minmax with min and max swapped because of its kind.
	c.Indicators = append(c.Indicators, campaign.Indicator{
		ID: "energy-per-output", Name: "规上万元产值能耗", Measure: "吨标煤/万元",
		Kind: campaign.KindLowerBetter, Scope: campaign.ScopeAnnual, Decimals: 2, Total: campaign.TotalNone,
	})
	c.Scoring.Items = append(c.Scoring.Items, campaign.ScoringItem{
		ID: "energy", Name: "能耗水平（测试用）", Points: dec("10"), Formula: campaign.FormulaMinMax,
		Metric: campaign.Metric{Indicator: "energy-per-output", Field: campaign.MetricActual},
	})
	d := values(period(t, "2015Q4"), map[string]map[string]string{
		//                              xinghai     haicheng       shacheng       tianhe
		"output-total":                 {"xinghai": "115", "haicheng": "40", "shacheng": "25", "tianhe": "15"},
		"output-per-mu":                {"xinghai": "500", "haicheng": "300", "shacheng": "300", "tianhe": ""},
		"output-growth":                {"xinghai": "10", "haicheng": "10", "shacheng": "10", "tianhe": "10"},
		"profit-total":                 {"xinghai": "5000", "haicheng": "3000", "shacheng": "1000", "tianhe": "1000"},
		"profit-per-mu":                {"xinghai": "20", "haicheng": "15", "shacheng": "10", "tianhe": "30"},
		"profit-growth":                {"xinghai": "-5", "haicheng": "15", "shacheng": "5", "tianhe": "35"},
		"firms-100m":                   {"xinghai": "12", "haicheng": "5", "shacheng": "5", "tianhe": "2"},
		"small-to-scale":               {"xinghai": "20", "haicheng": "12", "shacheng": "", "tianhe": "7"},
		"new-product-output":           {"xinghai": "60", "haicheng": "10", "shacheng": "10", "tianhe": "20"},
		"new-product-growth":           {"xinghai": "10", "haicheng": "30", "shacheng": "20", "tianhe": "50"},
		"industrial-investment":        {"xinghai": "30", "haicheng": "10", "shacheng": "20", "tianhe": "10"},
		"industrial-investment-growth": {"xinghai": "20", "haicheng": "40", "shacheng": "0", "tianhe": "20"},
		"renovation-share":             {"xinghai": "50", "haicheng": "30", "shacheng": "10", "tianhe": "40"},
		"energy-per-output":            {"xinghai": "0.30", "haicheng": "0.50", "shacheng": "0.70", "tianhe": "0.40"},
	})
	d.Points = []Entry{
		{Unit: "xinghai", Item: "risk", Points: dec("3"), Reason: "处置风险企业2家"},
		{Unit: "haicheng", Item: "risk", Points: dec("6"), Reason: "超过封顶"},
		{Unit: "tianhe", Item: "risk", Points: dec("2"), Reason: "初次录入"},
		{Unit: "tianhe", Item: "risk", Points: dec("4"), Reason: "更正：补报处置材料"}, // the later entry wins
		{Unit: "xinghai", Item: "basics", Points: dec("9.5")},
		{Unit: "haicheng", Item: "basics", Points: dec("8")},
		{Unit: "shacheng", Item: "basics", Points: dec("10")},
		{Unit: "tianhe", Item: "basics", Points: dec("7.2")},
	}
	return c, d
}

// TestWzetdzMethodByHand checks every item's points against arithmetic done by hand.
// minmax: [(v − min)/(max − min) × 40 + 60] / 100 × points.
func TestWzetdzMethodByHand(t *testing.T) {
	c, d := wzetdzData(t)
	s := Score(Consolidate(c, d, nil), nil)
	want := map[string]map[string]string{
		// output, 20 points: 30% 总量 + 20% 亩均 + 50% 增速.
		//   总量 min 15 max 115: 星海 20×0.3 = 6; 海城 (25/100×40+60)/100×20 = 14 ×0.3 = 4.2;
		//        沙城 (10/100×40+60)/100×20 = 12.8 ×0.3 = 3.84; 天河 12 ×0.3 = 3.6.
		//   亩均 min 300 max 500, 天河 missing: 星海 20×0.2 = 4; 海城, 沙城 12×0.2 = 2.4; 天河 0.
		//   增速 all 10 (max = min): everyone the full 20 × 0.5 = 10.
		"output": {"xinghai": "20", "haicheng": "16.6", "shacheng": "16.24", "tianhe": "13.6"},
		// profit, 10 points, 30/20/50.
		//   总额 min 1000 max 5000: 星海 10×0.3 = 3; 海城 (0.5×40+60)/10 = 8 ×0.3 = 2.4; 沙城, 天河 6×0.3 = 1.8.
		//   亩均 min 10 max 30: 星海 8×0.2 = 1.6; 海城 7×0.2 = 1.4; 沙城 6×0.2 = 1.2; 天河 10×0.2 = 2.
		//   增速 min −5 max 35: 星海 6×0.5 = 3; 海城 8×0.5 = 4; 沙城 7×0.5 = 3.5; 天河 10×0.5 = 5.
		"profit": {"xinghai": "7.6", "haicheng": "7.8", "shacheng": "6.5", "tianhe": "8.8"},
		// big-firms, rank-step 10, step 0.5: 12, 5, 5, 2 → ranks 1, 2, 2 (tie), 4.
		"big-firms": {"xinghai": "10", "haicheng": "9.5", "shacheng": "9.5", "tianhe": "8.5"},
		// new-scale, rank-step: 20, 12, missing, 7 → 1, 2, 0 points, 3.
		"new-scale": {"xinghai": "10", "haicheng": "9.5", "shacheng": "0", "tianhe": "9"},
		// new-product, 10 points, 30% 产值 + 70% 增速.
		//   产值 min 10 max 60: 星海 10×0.3 = 3; 海城, 沙城 6×0.3 = 1.8; 天河 (10/50×40+60)/10 = 6.8 ×0.3 = 2.04.
		//   增速 min 10 max 50: 星海 6×0.7 = 4.2; 海城 8×0.7 = 5.6; 沙城 7×0.7 = 4.9; 天河 10×0.7 = 7.
		"new-product": {"xinghai": "7.2", "haicheng": "7.4", "shacheng": "6.7", "tianhe": "9.04"},
		// investment, 20 points, 30% 总量 + 70% 增速.
		//   总量 min 10 max 30: 星海 20×0.3 = 6; 海城, 天河 12×0.3 = 3.6; 沙城 16×0.3 = 4.8.
		//   增速 min 0 max 40: 星海, 天河 16×0.7 = 11.2; 海城 20×0.7 = 14; 沙城 12×0.7 = 8.4.
		"investment": {"xinghai": "17.2", "haicheng": "17.6", "shacheng": "13.2", "tianhe": "14.8"},
		// renovation, minmax 20 on 技改投资占比 50, 30, 10, 40 (min 10, max 50): 20, 16, 12, 18.
		"renovation": {"xinghai": "20", "haicheng": "16", "shacheng": "12", "tianhe": "18"},
		// risk, bonus capped at 5: 3; 6 → 5; none → 0; 2 then 4 → 4.
		"risk": {"xinghai": "3", "haicheng": "5", "shacheng": "0", "tianhe": "4"},
		// basics, manual, max 10: as entered.
		"basics": {"xinghai": "9.5", "haicheng": "8", "shacheng": "10", "tianhe": "7.2"},
		// energy, lower is better, minmax 10 on 0.30, 0.50, 0.70, 0.40 (min 0.30, max 0.70):
		//   星海 (0.70−0.30)/0.40 = 1 → 10; 海城 0.5 → 8; 沙城 0 → 6; 天河 0.75 → 9.
		"energy": {"xinghai": "10", "haicheng": "8", "shacheng": "6", "tianhe": "9"},
	}
	for item, byUnit := range want {
		for unit, points := range byUnit {
			u, ok := s.Unit(unit)
			if !ok {
				t.Fatalf("no score for %s", unit)
			}
			got := itemOf(t, s, u, item)
			if !got.Points.Equal(dec(points)) {
				t.Errorf("%s %s = %s, want %s (%s)", unit, item, got.Points, points, got.Reason())
			}
		}
	}
	// Totals: 星海 114.5, 海城 105.4, 天河 101.94, 沙城 80.14 — in that order.
	totals := []struct {
		unit, points string
		rank         int
	}{{"xinghai", "114.5", 1}, {"haicheng", "105.4", 2}, {"tianhe", "101.94", 3}, {"shacheng", "80.14", 4}}
	for i, w := range totals {
		u := s.Units[i]
		if u.Unit != w.unit || !u.Points.Equal(dec(w.points)) || u.Rank != w.rank {
			t.Errorf("place %d = %s %s rank %d, want %s %s rank %d", i+1, u.Unit, u.Points, u.Rank, w.unit, w.points, w.rank)
		}
	}
	if s.Default || s.Method != "工业强镇(街道)建设考核评价办法" {
		t.Errorf("method = %q default %v", s.Method, s.Default)
	}
}

// TestReasonsNameValuesAndFormula checks that reasons say which metric, which value
// and which formula, and why a unit got nothing.
func TestReasonsNameValuesAndFormula(t *testing.T) {
	c, d := wzetdzData(t)
	s := Score(Consolidate(c, d, nil), nil)
	tests := []struct {
		unit, item string
		contains   []string
	}{
		{"haicheng", "output", []string{"规上工业总产值 40.00亿元", "最低15.00，最高115.00", "[(40.00−15.00)/(115.00−15.00)×40+60]/100×20 = 14.00分", "×权重30% = 4.20分", "合计16.60分"}},
		{"tianhe", "output", []string{"亩均工业总产值未报送，得0分", "最高值与最低值相同，得满分20分"}},
		{"haicheng", "big-firms", []string{"亿元以上企业数量 5家", "第2名（并列）", "10−(2−1)×0.5 = 9.50分"}},
		{"shacheng", "new-scale", []string{"小升规未报送，得0分"}},
		{"haicheng", "risk", []string{"办公室录入6分（超过封顶）", "封顶5分，按5分计"}},
		{"tianhe", "risk", []string{"办公室录入4分（更正：补报处置材料）"}},
		{"shacheng", "risk", []string{"办公室未录入加分，得0分"}},
		{"haicheng", "energy", []string{"规上万元产值能耗 0.50吨标煤/万元", "越低越好", "[(0.70−0.50)/(0.70−0.30)×40+60]/100×10 = 8.00分"}},
	}
	for _, tt := range tests {
		u, _ := s.Unit(tt.unit)
		reason := itemOf(t, s, u, tt.item).Reason()
		for _, want := range tt.contains {
			if !strings.Contains(reason, want) {
				t.Errorf("%s %s reason %q lacks %q", tt.unit, tt.item, reason, want)
			}
		}
	}
}

func itemOf(t *testing.T, s *Scores, u *UnitScore, id string) ItemScore {
	t.Helper()
	for i, it := range s.Items {
		if it.ID == id {
			return u.Items[i]
		}
	}
	t.Fatalf("no item %s", id)
	return ItemScore{}
}
