package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/workbook"
)

// 录入分数 on wzetdz-2015 (which has bonus and manual items): an entry without a
// reason or with a non-number is refused with the field named and nothing stored; a
// good one is stored with its reason, as points set stores it, and a later one counts.
func TestRunPoints(t *testing.T) {
	data, _ := seeds.Get("wzetdz-2015")
	wz, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	e := newEnv(t, func(c *Config) { c.Campaign = wz })
	e.c = wz
	office := e.officeClient()
	p := url.Values{"period": {"2015Q4"}, "unit": {"xinghai"}, "item": {"risk"}, "by": {"李四"}}
	for _, bad := range []struct{ points, reason, want string }{
		{"3", "", "请用 “理由” 写明打分理由"},
		{"三分", "x", "“分数” “三分” 不是数字"},
	} {
		f := url.Values{"points": {bad.points}, "reason": {bad.reason}}
		for k, v := range p {
			f[k] = v
		}
		v := e.wait(office, e.run(office, "points", f))
		if !strings.Contains(v.Error, bad.want) || !strings.HasPrefix(v.Error, "没有录入") {
			t.Errorf("points %q reason %q: error %q", bad.points, bad.reason, v.Error)
		}
	}
	if got, _ := e.db.Points(wz.ID, "2015Q4"); len(got) != 0 {
		t.Fatalf("refused entries stored: %+v", got)
	}
	for _, pts := range []string{"2", "3"} {
		f := url.Values{"points": {pts}, "reason": {"处置风险企业" + pts + "家"}}
		for k, v := range p {
			f[k] = v
		}
		v := e.runDone(office, "points", f)
		if !strings.Contains(v.Summary, "已录入星海街道") {
			t.Errorf("summary %q", v.Summary)
		}
	}
	got, err := e.db.Points(wz.ID, "2015Q4")
	if err != nil || len(got) != 1 || got[0].Points != "3" || got[0].Reason != "处置风险企业3家" || got[0].Unit != "xinghai" || got[0].Item != "risk" || got[0].By != "李四" {
		t.Errorf("points stored: %+v %v", got, err)
	}
	if !strings.Contains(e.log.String(), "控制台录入分数") {
		t.Error("no log line naming the entry")
	}
}

// 录入合计数 on huzhou-2023's worded total (energy-intensity-drop: 完成/未完成): a number
// is refused, 完成 with its source is stored as totals set stores it.
func TestRunTotals(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	// huzhou-2023 has no points to enter: the page says so and offers no button for it.
	_, menu := e.do(office, "GET", "/office/run", nil, "", nil)
	points := string(menu)[strings.Index(string(menu), `id="run-points"`):]
	points = points[:strings.Index(points, "</form>")]
	if !strings.Contains(points, "无需录入") || strings.Contains(points, "<button") {
		t.Errorf("points form on a campaign without entered items: %s", points)
	}
	v := e.wait(office, e.run(office, "totals", url.Values{"indicator": {"energy-intensity-drop"}, "value": {"约8"}, "reason": {"省发改委反馈"}, "by": {"王五"}}))
	if !strings.Contains(v.Error, "“合计数” “约8”") {
		t.Errorf("bad value: %q", v.Error)
	}
	if v := e.wait(office, e.run(office, "totals", url.Values{"indicator": {"energy-intensity-drop"}, "value": {"完成"}, "reason": {"省发改委反馈"}})); !strings.Contains(v.Error, "录入人") {
		t.Errorf("without who: %q", v.Error)
	}
	v = e.runDone(office, "totals", url.Values{"indicator": {"energy-intensity-drop"}, "value": {"完成"}, "reason": {"省发改委反馈"}, "by": {"王五"}})
	got, err := e.db.Totals(e.c.ID, "2023Q3")
	if err != nil || len(got) != 1 || got[0].Indicator != "energy-intensity-drop" || got[0].Reason != "省发改委反馈" || got[0].By != "王五" {
		t.Errorf("totals stored: %+v %v", got, err)
	}
	if !strings.Contains(v.Summary, "完成") {
		t.Errorf("summary %q", v.Summary)
	}
}

// 任务分解表: the download reads back (openpyxl) as the table tenglong breakdown writes.
func TestRunBreakdown(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	v := e.runDone(office, "breakdown", nil)
	var want bytes.Buffer
	if _, err := workbook.WriteBreakdown(&want, e.c, nil); err != nil {
		t.Fatal(err)
	}
	if g, w := openpyxlAllSheets(t, e.file(office, v, "任务分解表.xlsx")), openpyxlAllSheets(t, want.Bytes()); g != w || !strings.Contains(g, "吴兴区") {
		t.Errorf("任务分解表 differs:\n%.500s\n---\n%.500s", g, w)
	}
}
