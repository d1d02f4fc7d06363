package workbook

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/seeds"
)

// TestSummarySaysFullTermLights: lucheng-2021's 单位工业增加值能耗下降 is 9%以上 by
// the end of 2023; its 2021Q3 light compares with that target, and the 汇总表 says so
// in the notes of the sheets that show it (the category sheet and the 总表), as the
// bulletin does.
func TestSummarySaysFullTermLights(t *testing.T) {
	data, _ := seeds.Get("lucheng-2021")
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	p := campaign.Period{Kind: campaign.Quarterly, Year: 2021, Quarter: 3}
	in, ok := c.Indicator("energy-intensity-drop")
	if !ok || in.GivenBy == "" {
		t.Fatalf("lucheng-2021 energy-intensity-drop: %+v", in)
	}
	d := score.Data{Period: p, Returns: map[string]*score.Return{in.GivenBy: {Values: map[string]score.Value{
		in.ID: score.NumberValue(decimal.NewFromInt(3))}}},
		Attempts: map[string]score.Attempt{in.GivenBy: {State: score.StateAccepted, ReceivedAt: p.Deadline(c.Deadline)}}}
	k := score.Consolidate(c, d, nil)
	if r, _ := k.Indicator(in.ID); score.LightBasis(in, r.Total) != score.LightByFullTerm {
		t.Fatalf("the total's light is %s, want full-term: the test would prove nothing", score.LightBasis(in, r.Total))
	}
	f, _ := writeSummaryFile(t, k, score.Score(k, nil))
	want := in.Name + "亮灯对照2023年底目标"
	found := 0
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		shows, says := false, false
		for _, r := range rows {
			line := strings.Join(r, " ")
			shows = shows || strings.Contains(line, in.Name) && !strings.Contains(line, "亮灯对照")
			says = says || strings.Contains(line, want)
		}
		if shows && sheet != "计分说明" && sheet != "赛马得分" {
			if !says {
				t.Errorf("sheet %s shows %s but does not say %s", sheet, in.Name, want)
			}
			found++
		}
	}
	if found == 0 {
		t.Fatalf("no sheet shows %s", in.Name)
	}
}
