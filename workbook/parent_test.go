package workbook

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// A county reads its city's template (ReadParentTemplate), fills it
// (FillParentTemplate) and the city's signature still verifies: the metadata is the
// same, the values sit in the recorded cells, and the 明细 sheet reads back.
func TestParentTemplateFillKeepsSignature(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	u, _ := c.Unit("deqing")
	p, _ := c.ReportingPeriod("2023Q3")
	key := []byte("the city's key, thirty-two bytes")
	data, err := WriteTemplate(TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: generated, Password: c.ID, SigningKey: key})
	if err != nil {
		t.Fatal(err)
	}
	pt, err := ReadParentTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	if pt.Metadata.Unit != "deqing" || pt.Metadata.Period != "2023Q3" || len(pt.Rows) != 16 || pt.Issuer == "" {
		t.Fatalf("read %s %s, %d rows, issuer %q", pt.Metadata.Unit, pt.Metadata.Period, len(pt.Rows), pt.Issuer)
	}
	byID := map[string]ParentRow{}
	for _, r := range pt.Rows {
		byID[r.ID] = r
	}
	for _, tc := range []struct {
		id, measure, target string
		number              bool
		decimals            int
	}{
		{"freed-energy", "万吨标煤", "2", true, 1},
		{"patents-per-10k", "件", "21.57", true, 2},
		{"zj-made-standards", "项", "待省下达任务指标后再分解", false, 0},
	} {
		r := byID[tc.id]
		if r.Measure != tc.measure || r.Target != tc.target || r.TargetNumber != tc.number || r.Decimals != tc.decimals || r.ValueCell == "" || r.NoteCell == "" {
			t.Errorf("%s read as %+v", tc.id, r)
		}
	}
	r := byID["inefficient-firms"]
	detail := &DetailSheet{Title: "德清县 明细", Note: "各单位自报", Headers: []string{"指标", "计量单位", "武康街道", "上报数"},
		Rows: [][]string{{"高耗低效整治企业数", "家", "31", "31"}}}
	out, err := FillParentTemplate(data, []Fill{{Sheet: IndicatorSheet, Cell: r.ValueCell, Value: "31"}}, []string{"【部分汇总】未含 新市镇"}, detail)
	if err != nil {
		t.Fatal(err)
	}
	ret, err := ReadTemplate(out)
	if err != nil {
		t.Fatal(err)
	}
	if !ret.Metadata.SignedBy(key) || !reflect.DeepEqual(ret.Metadata, pt.Metadata) {
		t.Errorf("the filled template's metadata changed or no longer verifies")
	}
	got := ""
	for _, v := range ret.Values {
		if v.Kind == InputValue && v.Key == "inefficient-firms" {
			got = v.Raw
		}
	}
	if got != "31" {
		t.Errorf("inefficient-firms reads back %q, want 31", got)
	}
	back, err := ReadDetailSheet(out)
	if err != nil || !reflect.DeepEqual(back, detail) {
		t.Errorf("明细 reads back %+v (%v), want %+v", back, err, detail)
	}
	if none, err := ReadDetailSheet(data); none != nil || err != nil {
		t.Errorf("a template without 明细: %+v %v", none, err)
	}
	if _, err := FillParentTemplate(data, []Fill{{Sheet: metadataSheet, Cell: "B5", Value: "wuxing"}}, nil, nil); err == nil {
		t.Error("FillParentTemplate typed into the metadata sheet")
	}
}

// ReadTableRows keeps the sheet's row numbers (an empty row stays an empty row).
func TestReadTableRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for ref, v := range map[string]string{"A1": "单位", "B1": "上年实绩", "A3": "武康街道", "B3": "120"} {
		if err := f.SetCellStr("Sheet1", ref, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := ReadTableRows(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"单位", "上年实绩"}, nil, {"武康街道", "120"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if _, err := ReadTableRows([]byte("not a zip")); err == nil {
		t.Error("read rows of a non-workbook")
	}
}

// A city's template carries its lists (columns typed as its validations say) and its
// tasks (the county's role, status and progress cells) to the county; one with
// indicators only carries none.
func TestParentTemplateListsAndTasks(t *testing.T) {
	read := func(seed, unit string) *ParentTemplate {
		c := seedCampaign(t, seed)
		u, ok := c.Unit(unit)
		if !ok {
			t.Fatalf("%s has no unit %s", seed, unit)
		}
		p := c.CurrentPeriod(generated)
		data, err := WriteTemplate(TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline), Generated: generated, Password: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		pt, err := ReadParentTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		return pt
	}
	pt := read("wzetdz-2015", "shacheng")
	if len(pt.Lists) != 1 || len(pt.Tasks) != 0 {
		t.Fatalf("wzetdz-2015: %d lists, %d tasks, want 1 and 0", len(pt.Lists), len(pt.Tasks))
	}
	l := pt.Lists[0]
	if l.ID != "renovation-projects" || l.Name != "重点技改项目清单" || l.Sheet != "重点技改项目清单" || l.First != 4 || l.Last-l.First+1 < 20 {
		t.Errorf("list read as %+v", l)
	}
	want := []ParentColumn{
		{ID: "name", Title: "项目名称", Required: true, Type: campaign.ColText, Col: 2},
		{ID: "firm", Title: "企业名称", Type: campaign.ColText, Col: 3},
		{ID: "invest", Title: "总投资(万元)", Type: campaign.ColDecimal, Min: "0", Col: 4},
	}
	if !reflect.DeepEqual(l.Columns, want) {
		t.Errorf("columns %+v, want %+v", l.Columns, want)
	}
	// The city's pre-filled rows, as the sheet shows them, numbers kept.
	if l.Filled != 10 || len(l.Preset) != 10 || l.Preset[0].No != "1" || l.Preset[0].Values["firm"] != "浙江石化阀门有限公司" || l.Preset[0].Values["invest"] != "9800" ||
		l.Preset[8].Values["name"] != "生产流水线自动化包装和年新增25万双皮鞋技改项目(新增)" {
		t.Errorf("preset rows: %d filled, %+v", l.Filled, l.Preset)
	}
	pt = read("lucheng-2021", "jxj")
	if len(pt.Tasks) == 0 {
		t.Fatal("lucheng-2021's 经信局 template: no tasks read")
	}
	tk := pt.Tasks[0]
	if tk.ID != "t01" || tk.No != "1" || tk.Title != "全面排摸高耗低效企业" || !tk.Lead || tk.StatusCell != "G4" || tk.ProgressCell != "H4" || tk.Action != "实施淘汰落后攻坚行动" {
		t.Errorf("task read as %+v", tk)
	}
	if tk := pt.Tasks[1]; tk.Due != "2021-12-31" {
		t.Errorf("t02's due read as %q", tk.Due)
	}
	if pt := read("huzhou-2023", "deqing"); len(pt.Lists) != 0 || len(pt.Tasks) != 0 {
		t.Errorf("huzhou-2023: %d lists, %d tasks, want none", len(pt.Lists), len(pt.Tasks))
	}
}
