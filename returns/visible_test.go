package returns

import (
	"testing"

	"tenglong/workbook"
)

func TestFromVisible(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	v := &workbook.Visible{UnitName: "德清县", PeriodLabel: "2023年第三季度", Sheet: "指标填报", Rows: []workbook.VisibleRow{
		{Row: 16, Name: "高耗低效整治企业数", Target: "250", Value: "120"},
		{Row: 17, Name: "不存在的指标", Value: "1"},
	}}
	ret, findings, ok := FromVisible(c, v)
	if !ok || ret.Metadata.Unit != "deqing" || ret.Metadata.Period != "2023Q3" || ret.Metadata.Fingerprint != c.Fingerprint() {
		t.Fatalf("identified %+v %v", ret, ok)
	}
	if len(findings) != 2 || findings[0].Code != CodeMetadataMissing || findings[1].Code != CodeUnknownInput || findings[1].Cell != "H17" {
		t.Errorf("findings %+v", findings)
	}
	r := Check(c, ret, Context{})
	if r.Errors() != 0 || len(r.Values) != 1 || r.Values[0].Number.String() != "120" || r.Values[0].Cell != "H16" {
		t.Errorf("checked %+v", r)
	}
	for _, bad := range []*workbook.Visible{
		{UnitName: "别的区", PeriodLabel: "2023年第三季度"},
		{UnitName: "德清县", PeriodLabel: "三季度"},
	} {
		if _, _, ok := FromVisible(c, bad); ok {
			t.Errorf("identified %+v", bad)
		}
	}
}
