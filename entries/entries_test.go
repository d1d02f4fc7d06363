package entries

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/store"
)

func load(t *testing.T, seed string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(seed)
	if !ok {
		t.Fatalf("no seed %s", seed)
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	return c
}

func open(t *testing.T) *store.Store {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Each wrong entry is an InputError naming the field as the labels say, and nothing
// is stored; a right one is stored with its reason, a cap above the item's max said.
func TestSetPoints(t *testing.T) {
	c := load(t, "wzetdz-2015")
	p, _ := c.ReportingPeriod("2015Q4")
	web := Labels{Unit: "“单位”", Item: "“计分项”", Points: "“分数”", Reason: "“理由”"}
	tests := []struct {
		name string
		in   Points
		l    Labels
		want string
	}{
		{"no unit", Points{Item: "risk", Points: "3", Reason: "x"}, CLI, "请用 --unit 指定单位"},
		{"no unit, console", Points{Item: "risk", Points: "3", Reason: "x"}, web, "请用 “单位” 指定单位"},
		{"unknown unit", Points{Unit: "东海街道", Item: "risk", Points: "3", Reason: "x"}, CLI, "没有单位“东海街道”"},
		{"scored item", Points{Unit: "xinghai", Item: "output", Points: "3", Reason: "x"}, CLI, "“output”不是需要录入分数的计分项"},
		{"not a number", Points{Unit: "xinghai", Item: "risk", Points: "三分", Reason: "x"}, web, "“分数” “三分” 不是数字"},
		{"no reason", Points{Unit: "xinghai", Item: "risk", Points: "3", Reason: " "}, CLI, "请用 --reason 写明打分理由"},
	}
	db := open(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SetPoints(c, db, p, tt.in, tt.l)
			var ie *InputError
			if !errors.As(err, &ie) || !strings.Contains(ie.Msg, tt.want) {
				t.Errorf("error %v, want an InputError with %q", err, tt.want)
			}
		})
	}
	if got, _ := db.Points(c.ID, "2015Q4"); len(got) != 0 {
		t.Fatalf("stored %+v", got)
	}
	e, err := SetPoints(c, db, p, Points{Unit: "星海街道", Item: "risk", Points: "2.5", Reason: " 处置风险企业2家 ", By: "张三"}, CLI)
	if err != nil || e.Entry.Points != "2.5" || e.Entry.Reason != "处置风险企业2家" || e.Unit.Code != "xinghai" {
		t.Errorf("entry %+v %v", e, err)
	}
	if got, _ := db.Points(c.ID, "2015Q4"); len(got) != 1 || got[0].By != "张三" {
		t.Errorf("stored %+v", got)
	}
}

// Totals: a summed indicator is not entered, a worded target takes 完成, a number is
// read by the measure, a source is required.
func TestSetTotal(t *testing.T) {
	c := load(t, "huzhou-2023")
	p, _ := c.ReportingPeriod("2023Q3")
	db := open(t)
	for _, tt := range []struct {
		in   Total
		want string
	}{
		{Total{Indicator: "energy-intensity-drop", Value: "约8", Reason: "x"}, "--value “约8”"},
		{Total{Indicator: "energy-intensity-drop", Value: "完成"}, "请用 --reason 写明数据来源"},
		{Total{Indicator: "nothing", Value: "1", Reason: "x"}, "没有指标“nothing”"},
	} {
		if _, err := SetTotal(c, db, p, tt.in, CLI); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: %v, want %q", tt.in, err, tt.want)
		}
	}
	e, err := SetTotal(c, db, p, Total{Indicator: "energy-intensity-drop", Value: "已完成", Reason: "省发改委反馈", By: "王五"}, CLI)
	if got, _ := db.Totals(c.ID, "2023Q3"); len(got) != 1 || got[0].By != "王五" {
		t.Errorf("stored %+v", got)
	}
	if err != nil || e.Entry.Value != store.TotalDone || e.Measure != "" {
		t.Errorf("entry %+v %v", e, err)
	}
}
