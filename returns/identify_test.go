package returns

import (
	"testing"

	"tenglong/campaign"
	"tenglong/workbook"
)

type identifyCase struct {
	name string
	meta func(m *workbook.Metadata)
	want []want
	unit string // the unit identified, when there is one
}

var identifyCases = []identifyCase{
	{name: "the right template", meta: func(*workbook.Metadata) {}, unit: "east"},
	{name: "another campaign's template", meta: func(m *workbook.Metadata) { m.Campaign = "huzhou-2023"; m.Format = "9" },
		want: []want{{CodeWrongCampaign, "", "", []string{"huzhou-2023", "test-2023", "测试市制造业攻坚行动", "发错"}}}},
	{name: "no campaign in the metadata", meta: func(m *workbook.Metadata) { m.Campaign = "" },
		want: []want{{CodeWrongCampaign, "", "", []string{"没有行动代码", "测试市制造业攻坚行动", "最新模板"}}}},
	{name: "an unknown format version", meta: func(m *workbook.Metadata) { m.Format = "0" }, unit: "east",
		want: []want{{CodeUnknownFormat, "", "", []string{"“0”", "请用最新模板重新填报"}}}},
	{name: "a unit the campaign does not have", meta: func(m *workbook.Metadata) { m.Unit = "north"; m.UnitName = "北城区" },
		want: []want{{CodeUnknownUnit, "", "", []string{"“north”", "北城区", "不是本行动的责任单位"}}}},
	{name: "the total never reports", meta: func(m *workbook.Metadata) { m.Unit = "city"; m.UnitName = "" },
		want: []want{{CodeUnknownUnit, "", "", []string{"“city”"}}}},
	{name: "a period outside the span", meta: func(m *workbook.Metadata) { m.Period = "2024Q1" }, unit: "east",
		want: []want{{CodeBadPeriod, "", "", []string{"2024Q1", "2023Q1 至 2023Q4", "本期的模板"}}}},
	{name: "a period finer than the cadence", meta: func(m *workbook.Metadata) { m.Period = "2023-08" }, unit: "east",
		want: []want{{CodeBadPeriod, "", "", []string{"2023-08", "按季度"}}}},
	{name: "an unreadable period", meta: func(m *workbook.Metadata) { m.Period = "三季度" }, unit: "east",
		want: []want{{CodeBadPeriod, "", "", []string{"三季度", "2023Q3"}}}},
	{name: "the campaign changed since generation", meta: func(m *workbook.Metadata) { m.Fingerprint = "0123abcd" }, unit: "east",
		want: []want{{CodeDefinitionChanged, "", "", []string{"campaign.yaml", "指标、目标、清单列和任务", "tenglong generate"}}}},
	// Without a unit and period there is no template to compare the fingerprint with.
	{name: "every problem at once", meta: func(m *workbook.Metadata) { m.Format = ""; m.Unit = "x"; m.Period = ""; m.Fingerprint = "" },
		want: []want{{CodeUnknownFormat, "", "", nil}, {CodeUnknownUnit, "", "", nil}, {CodeBadPeriod, "", "", nil}}},
	{name: "a template made before fingerprints covered one template", meta: func(m *workbook.Metadata) { m.Fingerprint = testCampaignFingerprint() }, unit: "east"},
}

func TestIdentify(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	for _, tc := range identifyCases {
		t.Run(tc.name, func(t *testing.T) {
			m := build(t, c, "east", "2023Q3", nil).Metadata
			tc.meta(&m)
			u, p, fs := Identify(c, m)
			checkFindings(t, fs, tc.want)
			if u.Code != tc.unit {
				t.Errorf("unit %q, want %q", u.Code, tc.unit)
			}
			if tc.unit != "" && len(tc.want) == 0 && p.String() != "2023Q3" {
				t.Errorf("period %s", p)
			}
		})
	}
}

// An identification error stops the check: the cells are not read against the
// targets of a unit or period the file is not for. A warning does not.
func TestCheckStopsAtIdentificationErrors(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	bad := edit(map[string]string{indSheet + "!H6": "abc"})

	ret := build(t, c, "east", "2023Q3", bad)
	ret.Metadata.Campaign = "other-2023"
	r := Check(c, ret, Context{})
	checkFindings(t, r.Findings, []want{{CodeWrongCampaign, "", "", []string{"other-2023", "test-2023"}}})
	if len(r.Values) != 0 || len(r.Rows) != 0 || len(r.Tasks) != 0 {
		t.Errorf("values read from another campaign's template: %d values, %d rows, %d tasks", len(r.Values), len(r.Rows), len(r.Tasks))
	}

	ret = build(t, c, "east", "2023Q3", bad)
	ret.Metadata.Fingerprint = "old"
	r = Check(c, ret, Context{})
	checkFindings(t, r.Findings, []want{{CodeDefinitionChanged, "", "", nil}, {CodeNotNumber, indSheet, "H6", []string{"abc"}}})

	if r := Check(c, nil, Context{}); r.Errors() == 0 {
		t.Error("a nil return passed")
	}
}

// A template made from an older definition may name an indicator, list column, task or
// kind of input that no longer exists: each filled cell of it is a warning and ignored.
func TestUnknownInputs(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	ret := build(t, c, "east", "2023Q3", cleanFill())
	extra := []workbook.CellValue{
		{InputCell: workbook.InputCell{Kind: workbook.InputValue, Key: "gone", Sheet: indSheet, Ref: "H11"}, Cell: "H11", Row: -1, Raw: "5"},
		{InputCell: workbook.InputCell{Kind: workbook.InputNote, Key: "gone", Sheet: indSheet, Ref: "J11"}, Cell: "J11", Row: -1, Raw: ""},
		{InputCell: workbook.InputCell{Kind: workbook.InputListColumn, Key: "register.owner", Sheet: listSheet, Ref: "H4:H8"}, Cell: "H4", Row: 0, Raw: "张三"},
		{InputCell: workbook.InputCell{Kind: workbook.InputListColumn, Key: "old-list.name", Sheet: "旧清单", Ref: "B4:B5"}, Cell: "B4", Row: 0, Raw: ""},
		{InputCell: workbook.InputCell{Kind: workbook.InputTaskStatus, Key: "t9", Sheet: taskSheet, Ref: "G6"}, Cell: "G6", Row: -1, Raw: "推进中"},
		{InputCell: workbook.InputCell{Kind: "signature", Key: "x", Sheet: "填报说明", Ref: "B20"}, Cell: "B20", Row: -1, Raw: "张三"},
	}
	ret.Values = append(ret.Values, extra...)
	r := Check(c, ret, Context{})
	checkFindings(t, r.Findings, []want{
		{CodeUnknownInput, "填报说明", "B20", []string{"signature"}},
		{CodeUnknownInput, indSheet, "H11", []string{"“gone”", "“5”", "不会采用"}},
		{CodeUnknownInput, listSheet, "H4", []string{"register.owner", "张三"}},
		{CodeUnknownInput, taskSheet, "G6", []string{"“t9”", "推进中"}},
	})
	if len(r.Values) != 7 || len(r.Tasks) != 2 {
		t.Errorf("%d values, %d tasks: unknown inputs must not be kept", len(r.Values), len(r.Tasks))
	}
}

// testCampaignFingerprint is the whole-definition hash templates carried before the
// fingerprint covered one unit's template.
func testCampaignFingerprint() string {
	c, _ := campaign.Load([]byte(testCampaign))
	return c.Fingerprint()
}
