package workbook

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/golden"
	"tenglong/seeds"
)

var generated = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

func seedCampaign(t *testing.T, id string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	c, probs := campaign.Load(data)
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	return c
}

func templateFor(t *testing.T, c *campaign.Campaign, unit, period string, previous map[string]decimal.Decimal) []byte {
	t.Helper()
	u, ok := c.Unit(unit)
	if !ok {
		t.Fatalf("no unit %s", unit)
	}
	p, err := c.ReportingPeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	data, err := WriteTemplate(TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: generated, Previous: previous, Password: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// dumpTemplate lists every non-empty cell (value or formula) of every sheet.
func dumpTemplate(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sheet)
		fmt.Fprintf(&b, "== %s visible=%v\n", sheet, visible)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				ref := cell(c+1, r+1)
				formula, _ := f.GetCellFormula(sheet, ref)
				if formula != "" {
					fmt.Fprintf(&b, "%s = =%s\n", ref, formula)
				} else if v != "" {
					fmt.Fprintf(&b, "%s = %s\n", ref, strings.ReplaceAll(v, "\n", `\n`))
				}
			}
		}
	}
	return b.String()
}

// TestTemplateGolden pins the cell contents of one template per seed: the same
// campaign and period give the same cells (compared by reopening, not by bytes).
func TestTemplateGolden(t *testing.T) {
	cases := []struct{ seed, unit, period string }{
		{"huzhou-2023", "wuxing", "2023Q3"},
		{"huzhou-2023", "nantaihu", "2023Q3"},
		{"huzhou-2023-depts", "jxj", "2023Q2"},
		{"shengzhou-2022", "jxj", "2022Q4"},
		{"lucheng-2021", "jxj", "2022Q3"},
		{"ouhai-2021", "jxj", "2021Q4"},
		{"wzetdz-2015", "xinghai", "2015Q3"},
		{"huzhou-2023-projects", "wuxing", "2023Q3"}, // 本期值 as formulas over the project list
	}
	for _, tc := range cases {
		t.Run(tc.seed+"-"+tc.unit, func(t *testing.T) {
			c := seedCampaign(t, tc.seed)
			f := open(t, templateFor(t, c, tc.unit, tc.period, nil))
			got := dumpTemplate(t, f)
			p, _ := campaign.ParsePeriod(tc.period)
			got = strings.ReplaceAll(got, c.TemplateFingerprint(tc.unit, p), "<fingerprint>")
			golden.Check(t, filepath.Join("testdata", "template-"+tc.seed+"-"+tc.unit+".golden"), got)
		})
	}
}

func TestTemplateContents(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	prev := map[string]decimal.Decimal{"inefficient-firms": decimal.RequireFromString("80")}
	f := open(t, templateFor(t, c, "nantaihu", "2023Q3", prev))
	if got := f.GetSheetList(); strings.Join(got, ",") != "填报说明,指标填报,_tenglong" {
		t.Fatalf("sheets = %v", got)
	}
	if v, _ := f.GetSheetVisible(metadataSheet); v {
		t.Error("metadata sheet is visible")
	}
	rows, _ := f.GetRows(indicatorSheet)
	names := map[string]int{}
	for i, r := range rows {
		if len(r) > 2 {
			names[r[2]] = i + 1
		}
	}
	// 南太湖新区's 单位GDP能耗下降率 target is “/”: not applicable, so not reported.
	if _, ok := names["单位GDP能耗下降率"]; ok {
		t.Error("南太湖新区 must not report 单位GDP能耗下降率 (target /)")
	}
	row, ok := names["高耗低效整治企业数"]
	if !ok {
		t.Fatal("高耗低效整治企业数 missing")
	}
	target, _ := f.GetCellValue(indicatorSheet, cell(colTarget, row))
	previous, _ := f.GetCellValue(indicatorSheet, cell(colPrevious, row))
	basis, _ := f.GetCellValue(indicatorSheet, cell(colBasis, row))
	if target != "50" || previous != "80" || basis != "2023年1—9月累计" {
		t.Errorf("row %d: target %q previous %q basis %q", row, target, previous, basis)
	}
	formula, _ := f.GetCellFormula(indicatorSheet, cell(colCompletion, row))
	if want := fmt.Sprintf(`IF(AND(ISNUMBER(H%d),F%d>0),H%d/F%d,"")`, row, row, row, row); formula != want {
		t.Errorf("completion formula %q, want %q", formula, want)
	}
	pending := names["“浙江制造”标准"]
	if v, _ := f.GetCellValue(indicatorSheet, cell(colTarget, pending)); v != "待省下达任务指标后再分解" {
		t.Errorf("pending target shows %q", v)
	}
	if formula, _ := f.GetCellFormula(indicatorSheet, cell(colCompletion, pending)); formula != "" {
		t.Errorf("pending target has a completion formula %q", formula)
	}
	dvs, err := f.GetDataValidations(indicatorSheet)
	if err != nil || len(dvs) != len(names)-1 { // one per indicator row; names includes the header
		t.Errorf("%d validations for %d indicator rows (%v)", len(dvs), len(names)-1, err)
	}
}

func TestTemplateNoteTargetKeepsNumberAndShowsNote(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	f := open(t, templateFor(t, c, "wuxing", "2023Q3", nil))
	rows, _ := f.GetRows(indicatorSheet, excelize.Options{RawCellValue: true})
	for i, r := range rows {
		if len(r) > 2 && r[2] == "单位GDP能耗下降率" {
			ref := cell(colTarget, i+1)
			raw, _ := f.GetCellValue(indicatorSheet, ref, excelize.Options{RawCellValue: true})
			shown, _ := f.GetCellValue(indicatorSheet, ref)
			if raw != "4.5" || shown != "4.5（含南太湖新区）" {
				t.Errorf("target raw %q shown %q, want 4.5 shown as 4.5（含南太湖新区）", raw, shown)
			}
			return
		}
	}
	t.Fatal("单位GDP能耗下降率 not in 吴兴区's template")
}

func TestTemplateMetadataRoundTrip(t *testing.T) {
	c := seedCampaign(t, "lucheng-2021")
	data := templateFor(t, c, "jxj", "2022Q3", nil)
	ret, err := ReadTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	m := ret.Metadata
	if m.Format != TemplateFormat || m.Campaign != "lucheng-2021" || m.Unit != "jxj" || m.Period != "2022Q3" ||
		m.Fingerprint != c.TemplateFingerprint("jxj", campaign.Period{Kind: campaign.Quarterly, Year: 2022, Quarter: 3}) || m.Deadline != "2022-10-10" || m.Generated != "2026-11-22" {
		t.Errorf("metadata = %+v", m)
	}
	kinds := map[string]int{}
	for _, in := range m.Inputs {
		kinds[in.Kind]++
	}
	tasks := len(TemplateTasks(c, "jxj"))
	if tasks == 0 || kinds[InputTaskStatus] != tasks || kinds[InputTaskProgress] != tasks {
		t.Errorf("inputs %v for %d tasks", kinds, tasks)
	}
	for _, v := range ret.Values {
		if v.Raw != "" {
			t.Errorf("a fresh template has a value at %s!%s: %q", v.Sheet, v.Cell, v.Raw)
		}
	}
}

func TestReadTemplateRefusesOtherWorkbooks(t *testing.T) {
	f := excelize.NewFile()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadTemplate(buf.Bytes()); err == nil || !strings.Contains(err.Error(), "不是 tenglong 生成的填报模板") {
		t.Errorf("plain workbook: %v", err)
	}
	if _, err := ReadTemplate([]byte("not a zip")); err == nil || !strings.Contains(err.Error(), "打不开") {
		t.Errorf("garbage: %v", err)
	}
}

func TestTemplateIndicatorsAndTasks(t *testing.T) {
	depts := seedCampaign(t, "huzhou-2023-depts")
	p, _ := depts.ReportingPeriod("2023Q2")
	total := 0
	for _, u := range depts.Units {
		n := len(TemplateIndicators(depts, u.Code, p))
		if n == 0 {
			t.Errorf("%s reports nothing", u.Name)
		}
		total += n
	}
	if total != 83 { // each of the 83 indicators is targeted at exactly one department
		t.Errorf("departments report %d indicators in all, want 83", total)
	}
	wz := seedCampaign(t, "wzetdz-2015")
	q, _ := wz.ReportingPeriod("2015Q3")
	if n := len(TemplateIndicators(wz, "tianhe", q)); n != 22 {
		t.Errorf("a street reports %d indicators, want all 22 (12 targeted + 10 scored without target)", n)
	}
}

func TestRenderTemplatesKeepsOrderAndStopsOnError(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	p, _ := c.ReportingPeriod("2023Q3")
	var inputs []TemplateInput
	for _, u := range c.Units {
		inputs = append(inputs, TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(10), Generated: generated})
	}
	var order []int
	err := RenderTemplates(inputs, 3, func(i int, data []byte, err error) error {
		if err != nil || len(data) == 0 {
			t.Errorf("template %d: %v", i, err)
		}
		order = append(order, i)
		return nil
	})
	if err != nil || fmt.Sprint(order) != "[0 1 2 3 4 5]" {
		t.Errorf("order %v err %v", order, err)
	}
	calls := 0
	err = RenderTemplates(inputs, 2, func(i int, _ []byte, _ error) error {
		calls++
		if i == 1 {
			return fmt.Errorf("disk full")
		}
		return nil
	})
	if err == nil || err.Error() != "disk full" || calls != 2 {
		t.Errorf("stop on error: err %v after %d calls", err, calls)
	}
}
