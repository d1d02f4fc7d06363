package campaign

import "testing"

// TestSuggestMasthead: a masthead made from each seed's kind of title fits one line
// at 26 pt, and the campaign's name drops the document it was defined in.
func TestSuggestMasthead(t *testing.T) {
	for _, c := range []struct{ title, name, masthead string }{
		{"湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动", "湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动", "“腾笼换鸟、凤凰涅槃”工作通报"},
		{"湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动2023年目标体系表", "湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动", "“腾笼换鸟、凤凰涅槃”工作通报"},
		{"鹿城区新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动实施方案(2021-2023)", "鹿城区新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动", "“腾笼换鸟、凤凰涅槃”工作通报"},
		{"温州浙南沿海先进装备产业集聚区(温州经济技术开发区)工业强区建设2015年度行动计划", "温州浙南沿海先进装备产业集聚区(温州经济技术开发区)工业强区建设", "工业强区建设工作通报"},
		{"工业稳进提质攻坚行动", "工业稳进提质攻坚行动", "工业稳进提质攻坚行动工作通报"},
	} {
		if got := CampaignName(c.title); got != c.name {
			t.Errorf("CampaignName(%s) = %s, want %s", c.title, got, c.name)
		}
		m := (&Campaign{Title: c.title}).BulletinMasthead()
		if m != c.masthead || !MastheadFits(m) {
			t.Errorf("masthead of %s = %s, want %s (fits: %v)", c.title, m, c.masthead, MastheadFits(m))
		}
	}
	probs := Check(&Campaign{Title: "湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动"})
	found := false
	for _, p := range probs.Warnings() {
		found = found || p.Code == "masthead-long"
	}
	if !found {
		t.Error("check does not warn of a masthead too long for one line")
	}
}
