package workbook

import (
	"reflect"
	"testing"
)

// A signed template reads back with its signature valid under the key and no other,
// and any change to what it covers breaks it; both readers see the same title cells.
func TestSignatureAndTitlesReadBack(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	u, _ := c.Unit("wuxing")
	p, _ := c.ReportingPeriod("2023Q3")
	key := []byte("an office's key, thirty-two byte")
	data, err := WriteTemplate(TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: generated, Password: c.ID, SigningKey: key})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := readTemplateFast(data)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := readTemplateExcelize(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("fast and excelize reads differ:\n%+v\n%+v", fast.Titles, slow.Titles)
	}
	want := []TitleCell{
		{Sheet: indicatorSheet, Cell: "A1", Text: "吴兴区 2023年第三季度 指标填报表", ShowsUnit: true, ShowsPeriod: true, Unit: "吴兴区", Period: "2023年第三季度"},
		{Sheet: indicatorSheet, Cell: "A2", Text: "填报单位：吴兴区    期次：2023年第三季度    报送截止：2023-10-10    只填浅黄色格子",
			ShowsUnit: true, ShowsPeriod: true, Unit: "吴兴区", Period: "2023年第三季度"},
		{Sheet: guideSheet, Cell: "B3", Text: "吴兴区", ShowsUnit: true, Unit: "吴兴区"},
		{Sheet: guideSheet, Cell: "B4", Text: "2023年第三季度（数据截至 2023年9月30日）", ShowsPeriod: true, Period: "2023年第三季度"},
	}
	if !reflect.DeepEqual(fast.Titles, want) {
		t.Errorf("titles\n%+v\nwant\n%+v", fast.Titles, want)
	}
	m := fast.Metadata
	if len(m.Signature) != 64 || !m.SignedBy(key) || m.SignedBy([]byte("another key")) {
		t.Fatalf("signature %q: valid under the key %v, under another %v", m.Signature, m.SignedBy(key), m.SignedBy([]byte("another key")))
	}
	for name, change := range map[string]func(m *Metadata){
		"format": func(m *Metadata) { m.Format += "x" }, "campaign": func(m *Metadata) { m.Campaign += "x" },
		"fingerprint": func(m *Metadata) { m.Fingerprint += "x" }, "unit": func(m *Metadata) { m.Unit = "nanxun" },
		"unit name": func(m *Metadata) { m.UnitName = "南浔区" }, "period": func(m *Metadata) { m.Period = "2023Q4" },
		"generated": func(m *Metadata) { m.Generated = "2099-01-01" }, "deadline": func(m *Metadata) { m.Deadline = "2099-01-01" },
		"input moved":   func(m *Metadata) { m.Inputs[0].Ref = "Z1" },
		"input dropped": func(m *Metadata) { m.Inputs = m.Inputs[1:] },
		"target":        func(m *Metadata) { m.Inputs[len(m.Inputs)-1].Target += "0" },
		// Length prefixes: a character moved from one field to the next is a change.
		"shifted": func(m *Metadata) { m.Unit, m.UnitName = m.Unit+m.UnitName[:3], m.UnitName[3:] },
	} {
		c := m
		c.Inputs = append([]InputCell(nil), m.Inputs...)
		change(&c)
		if c.SignedBy(key) {
			t.Errorf("%s changed: the signature still verifies", name)
		}
	}
}
