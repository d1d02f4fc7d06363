package score

import (
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/seeds"
)

// projectData gives wuxing three projects in the 近两年3亿元 scope (two started) and
// nanxun only an old one: its 开工率 is 未开展. The stored values disagree with the
// rows on purpose: consolidation recomputes rates from the rows.
func projectData(t *testing.T) Data {
	p := period(t, "2023Q3")
	row := func(year, invest, start string) Row {
		return Row{List: "projects", Values: PackValues(map[string]string{"name": "示例", "year": year, "invest": invest, "start": start,
			"major": "否", "stage": "续建", "plan-invest": "100", "spent": "50"})}
	}
	return Data{Period: p,
		Returns: map[string]*Return{
			"wuxing": {Values: map[string]Value{"project-start-rate-2y": NumberValue(dec("99"))},
				Rows: []Row{row("2023", "50000", "2023-03-01"), row("2022", "30000", "2022-10-01"), row("2022", "80000", "")}},
			"nanxun": {Values: map[string]Value{}, Rows: []Row{row("2020", "90000", "2020-05-01")}},
		},
		Attempts: map[string]Attempt{"wuxing": {State: StateAccepted}, "nanxun": {State: StateAccepted}},
	}
}

// TestRatioConsolidatedAndScored: a derived rate names its counts in the cell and
// the 赛马 reason; 未开展 has no light and, under the default method, is not the
// unit's item (本项不计), while a written method gives it 0 and says why.
func TestRatioConsolidatedAndScored(t *testing.T) {
	c := loadSeed(t, "huzhou-2023-projects")
	k := Consolidate(c, projectData(t), nil)
	r, _ := k.Indicator("project-start-rate-2y")
	wx, _ := r.Cell("wuxing")
	if wx.Ratio() == nil || wx.Ratio().Basis != "开工 2 个 / 应开工 3 个 = 66.7%" || !wx.Actual().Value.Equal(dec("66.6667")) || wx.Status() != campaign.StatusRed {
		t.Errorf("wuxing: %+v %+v %s", wx.Ratio(), wx.Actual(), wx.Status())
	}
	nx, _ := r.Cell("nanxun")
	if nx.Ratio() == nil || nx.Ratio().Defined || nx.Status() != campaign.StatusNA || nx.Reported() || ShowCellActual(r.Indicator, *nx) != "未开展" {
		t.Errorf("nanxun: %+v %+v %s", nx.Ratio(), nx.Actual(), nx.Status())
	}

	s := Score(k, nil)
	item := func(s *Scores, unit, id string) ItemScore {
		u, _ := s.Unit(unit)
		for i, it := range s.Items {
			if it.ID == id {
				return u.Items[i]
			}
		}
		t.Fatalf("no item %s", id)
		return ItemScore{}
	}
	if is := item(s, "wuxing", "project-start-rate-2y"); !strings.Contains(is.Reason(), "（开工 2 个 / 应开工 3 个 = 66.7%）") {
		t.Errorf("wuxing reason %q does not name the counts", is.Reason())
	}
	if is := item(s, "nanxun", "project-start-rate-2y"); is.Applies || !strings.Contains(is.Reason(), "未开展（应开工 0 个），本项不计") {
		t.Errorf("nanxun under the default method: %+v", is)
	}

	data, _ := seeds.Get("huzhou-2023-projects")
	written := loadYAML(t, append(data, []byte("scoring:\n  items:\n    - {id: start, name: 开工率, points: 10, formula: minmax, metric: project-start-rate-2y.actual}\n")...))
	s = Score(Consolidate(written, projectData(t), nil), nil)
	if is := item(s, "nanxun", "start"); !is.Points.IsZero() || !strings.Contains(is.Reason(), "未开展（应开工 0 个），得0分") {
		t.Errorf("nanxun under a written method: %+v", is)
	}
}
