package workbook

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
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

// A city's template with a list names the sheet upward leaves to the office; one
// with indicators only names none.
func TestParentTemplateOtherSheets(t *testing.T) {
	for seed, want := range map[string][]string{"wzetdz-2015": {"重点技改项目清单"}, "huzhou-2023": nil} {
		c := seedCampaign(t, seed)
		u := c.Units[0]
		p := c.CurrentPeriod(generated)
		data, err := WriteTemplate(TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline), Generated: generated, Password: c.ID})
		if err != nil {
			t.Fatal(err)
		}
		pt, err := ReadParentTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pt.OtherSheets, want) {
			t.Errorf("%s: other sheets %q, want %q", seed, pt.OtherSheets, want)
		}
	}
}
