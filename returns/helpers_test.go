package returns

import (
	"fmt"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/workbook"
)

// testCampaign is a small campaign with every kind of input: counts, amounts, a rate,
// a change in percentage points, a qualitative indicator, a cumulative flow, a list
// with every column type feeding two indicators, and two tasks.
const testCampaign = `
id: test-2023
title: 测试市制造业攻坚行动
span: {start: 2023-01, end: 2023-12}
cadence: quarterly
units:
  - {code: east, name: 东城区, kind: area}
  - {code: west, name: 西城区, kind: area}
total: {code: city, name: 全市}
indicators:
  - {id: firms, name: 高耗低效整治企业数, measure: 家, kind: flow, scope: annual, decimals: 0, total: sum, min: 0,
     targets: {east: 10, west: 5, city: 15}}
  - {id: land, name: 腾出用地, measure: 亩, kind: flow, decimals: 1, total: sum, min: 0, targets: {east: 100.5, west: 50}}
  - {id: invest, name: 技改投资, measure: 万元, kind: flow, decimals: 2, targets: {east: 1000, west: 800}}
  - {id: rd-share, name: 研发费用占比, measure: "%", kind: rate, decimals: 1, min: 0, max: 100, targets: {east: 3.5, west: 3}}
  - {id: energy-drop, name: 单位能耗下降, measure: 个百分点, kind: change, targets: {east: 1, west: 1}}
  - {id: rectify, name: 低小散整治, kind: qualitative, total: none,
     targets: {east: {text: 完成区下达任务}, west: {text: 完成区下达任务}}}
  - {id: cum-firms, name: 累计培育企业, measure: 家, kind: flow, scope: cumulative, targets: {east: 30, west: 20}}
lists:
  - id: register
    name: 高耗低效整治企业清单
    rows: 5
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
      - {id: land, title: 用地面积（亩）, type: decimal, min: 0}
      - {id: staff, title: 员工数（人）, type: integer, min: 0}
      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}
      - {id: done, title: 完成时间, type: date}
    feeds:
      - {indicator: firms, count: {state: 已完成}}
      - {indicator: land, sum: land, where: {state: 已完成}}
tasks:
  - {id: t1, title: 精准排摸高耗低效企业, text: 全面排摸, lead: [east], co: [west]}
  - {id: t2, title: 建立整治台账, text: 建立台账, lead: [east]}
`

// Sheets of the test campaign's template.
const (
	indSheet  = "指标填报"
	listSheet = "高耗低效整治企业清单"
	taskSheet = "任务进展"
)

func loadCampaign(t testing.TB, yaml string) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.Load([]byte(yaml))
	if probs.HasErrors() {
		t.Fatalf("campaign: %v", probs.Errors())
	}
	return c
}

// Valid USCCs, their check characters computed (see TestUSCCCheckChar).
var (
	usccA = withCheck("91330102MA28A1B2C")
	usccB = withCheck("91330106MA2GL4XW3")
	usccC = withCheck("92330100L12345678")
)

func withCheck(body string) string {
	c, ok := USCCCheckChar(body)
	if !ok {
		panic("bad USCC body " + body)
	}
	return body + string(c)
}

// cleanFill is a return of unit east for 2023Q3 with nothing wrong: typed the way
// people type (1,234.5, 3.6%, 已完成, a date serial), consistent with its roll-ups.
func cleanFill() map[string]string {
	return map[string]string{
		indSheet + "!H4": "2", indSheet + "!J4": "两家已关停",
		indSheet + "!H5":  "30.5",
		indSheet + "!H6":  "1,234.5",
		indSheet + "!H7":  "3.6%",
		indSheet + "!H8":  "1.2个百分点",
		indSheet + "!H9":  "已完成",
		indSheet + "!H10": "12",
		listSheet + "!B4": "甲机械有限公司", listSheet + "!C4": usccA, listSheet + "!D4": "10.5", listSheet + "!E4": "20",
		listSheet + "!F4": "已完成", listSheet + "!G4": "2023-09-30",
		listSheet + "!B5": "乙五金厂", listSheet + "!C5": usccB, listSheet + "!D5": "20", listSheet + "!E5": "35",
		listSheet + "!F5": "已完成", listSheet + "!G5": "45199",
		listSheet + "!B6": "丙塑料制品厂", listSheet + "!C6": usccC, listSheet + "!D6": "5", listSheet + "!E6": "10",
		listSheet + "!F6": "整治中",
		taskSheet + "!G4": "推进中", taskSheet + "!H4": "已排摸 120 家",
	}
}

// build makes the Return that workbook.ReadTemplate gives for the template of a unit
// and period (same inputs, cells and order; TestBuildMatchesReadTemplate proves it),
// with the cells of fill ("sheet!cell" → raw) filled in.
func build(t testing.TB, c *campaign.Campaign, unit, period string, fill map[string]string) *workbook.Return {
	t.Helper()
	p, err := campaign.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := c.Unit(unit)
	ret := &workbook.Return{Metadata: workbook.Metadata{
		Format: workbook.TemplateFormat, Campaign: c.ID, Fingerprint: c.TemplateFingerprint(unit, p), Unit: unit, UnitName: u.Name,
		Period: period, Generated: "2023-10-01", Deadline: p.Deadline(c.Deadline).Format("2006-01-02"),
	}}
	used := map[string]bool{}
	add := func(in workbook.InputCell, cell string, row int) {
		key := in.Sheet + "!" + cell
		used[key] = true
		ret.Values = append(ret.Values, workbook.CellValue{InputCell: in, Cell: cell, Row: row, Raw: fill[key]})
	}
	input := func(in workbook.InputCell) {
		ret.Metadata.Inputs = append(ret.Metadata.Inputs, in)
		if in.Kind != workbook.InputListColumn {
			add(in, in.Ref, -1)
		}
	}
	for i, ind := range workbook.TemplateIndicators(c, unit, p) {
		row := 4 + i
		if tg, _, ok := c.TargetFor(ind, unit, p); ok && tg.IsNumber() {
			in := workbook.InputCell{Kind: workbook.InputTarget, Key: ind.ID, Sheet: indSheet, Ref: fmt.Sprintf("F%d", row), Target: tg.NumberText()}
			if _, set := fill[indSheet+"!"+in.Ref]; !set {
				fill = with(fill, indSheet+"!"+in.Ref, tg.Value.String()) // the template holds the target
			}
			input(in)
		}
		input(workbook.InputCell{Kind: workbook.InputValue, Key: ind.ID, Sheet: indSheet, Ref: fmt.Sprintf("H%d", row)})
		input(workbook.InputCell{Kind: workbook.InputNote, Key: ind.ID, Sheet: indSheet, Ref: fmt.Sprintf("J%d", row)})
	}
	for _, l := range c.Lists {
		for j, col := range l.Columns {
			letter := string(rune('B' + j))
			last := 4 + l.Rows - 1
			in := workbook.InputCell{Kind: workbook.InputListColumn, Key: l.ID + "." + col.ID, Sheet: l.Name,
				Ref: fmt.Sprintf("%s4:%s%d", letter, letter, last)}
			ret.Metadata.Inputs = append(ret.Metadata.Inputs, in)
			for r := 4; r <= last; r++ {
				add(in, fmt.Sprintf("%s%d", letter, r), r-4)
			}
		}
	}
	for i, task := range workbook.TemplateTasks(c, unit) {
		row := 4 + i
		input(workbook.InputCell{Kind: workbook.InputTaskStatus, Key: task.ID, Sheet: taskSheet, Ref: fmt.Sprintf("G%d", row)})
		input(workbook.InputCell{Kind: workbook.InputTaskProgress, Key: task.ID, Sheet: taskSheet, Ref: fmt.Sprintf("H%d", row)})
	}
	for key := range fill {
		if !used[key] {
			t.Fatalf("fill names %s, which is not an input of the template", key)
		}
	}
	return ret
}

// with returns a copy of fill with key set to v.
func with(fill map[string]string, key, v string) map[string]string {
	out := make(map[string]string, len(fill)+1)
	for k, x := range fill {
		out[k] = x
	}
	out[key] = v
	return out
}

// edit applies changes ("sheet!cell" → raw) to the clean fill.
func edit(changes map[string]string) map[string]string {
	fill := cleanFill()
	for k, v := range changes {
		fill[k] = v
	}
	return fill
}

// want is an expected finding: its code, where, and words its message must contain.
// The severity is checked against the code table.
type want struct {
	code  string
	sheet string
	cell  string
	words []string
}

// checkFindings compares findings with wants, in order.
func checkFindings(t *testing.T, got []Finding, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Errorf("%d findings, want %d:\n%s", len(got), len(wants), dumpFindings(got))
		return
	}
	for i, w := range wants {
		f := got[i]
		if f.Code != w.code || f.Sheet != w.sheet || f.Cell != w.cell {
			t.Errorf("finding %d: %s %s!%s, want %s %s!%s\n%s", i, f.Code, f.Sheet, f.Cell, w.code, w.sheet, w.cell, f.Message)
			continue
		}
		if sev := SeverityOf(w.code); f.Severity != sev || sev == "" {
			t.Errorf("finding %d %s: severity %q, the table says %q", i, f.Code, f.Severity, sev)
		}
		for _, word := range w.words {
			if !strings.Contains(f.Message, word) {
				t.Errorf("finding %d %s: message %q lacks %q", i, f.Code, f.Message, word)
			}
		}
	}
}

func dumpFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%-7s %-22s %s\n", f.Severity, f.Code, f.String())
	}
	return b.String()
}
