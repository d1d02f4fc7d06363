package returns

import (
	"strings"
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

// What a title claims, read only as a unit and a period label of the campaign; a
// return rebuilt as a unit is judged against that unit's targets, so a sheet of
// another unit shows its changed targets; the held finding says why and what next.
func TestClaimAndRebuild(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	title := func(text string) []workbook.TitleCell {
		return []workbook.TitleCell{workbook.TitleCell{Sheet: "指标填报", Cell: "A1"}.Retyped(text)}
	}
	for text, want := range map[string]string{
		"南浔区 2023年第三季度 指标填报表": "nanxun 2023Q3",
		"长兴县 2023年度 指标填报表":    "changxing 2023",
		"别的区 2023年第三季度 指标填报表": "",
		"南浔区 三季度 指标填报表":       "",
		"":                    "",
	} {
		unit, period, ok := Claim(c, title(text))
		got := ""
		if ok {
			got = unit.Code + " " + period.String()
		}
		if got != want {
			t.Errorf("Claim(%q) = %q, want %q", text, got, want)
		}
	}

	nanxun, _ := c.Unit("nanxun")
	p, _ := c.ReportingPeriod("2023Q3")
	v := &workbook.Visible{Sheet: "指标填报", Rows: []workbook.VisibleRow{{Row: 16, Name: "高耗低效整治企业数", Target: "150", Value: "120"}}}
	ret, findings := Rebuild(c, v, nanxun, p)
	if len(findings) != 0 || ret.Metadata.Unit != "nanxun" || !ret.Rebuilt {
		t.Fatalf("rebuilt %+v %v", ret.Metadata, findings)
	}
	r := Check(c, ret, Context{})
	if r.Errors() != 1 || r.Findings[0].Code != CodeTargetChanged || r.Findings[0].Cell != "F16" || !strings.Contains(r.Findings[0].Message, "250") {
		t.Errorf("吴兴区's target 150 on 南浔区's return: %v, want one target-changed error naming 250", r.Findings)
	}

	for signature, words := range map[string][]string{
		"":                {"没有本办公室的签名", "南浔区 2023年第三季度", "待确认", "tenglong confirm"},
		"forged-00000000": {"与本办公室的签名不符", "南浔区 2023年第三季度", "不计入汇总"},
	} {
		f := HeldSignature(workbook.Metadata{Signature: signature}, nanxun, p)
		if f.Code != CodeSignatureInvalid || f.Severity != SeverityError {
			t.Errorf("held finding %+v", f)
		}
		for _, w := range words {
			if !strings.Contains(f.Message, w) {
				t.Errorf("%q lacks %q", f.Message, w)
			}
		}
	}
}
