package main

// The lists and tasks of issue 20's three-level test: the city (huzhou-2023, whose
// document has none for its counties) is given a synthetic list of firms and one task
// 德清县 leads; its townships fill rows (synthetic firm names and codes, valid USCCs)
// and task states; upward merges and deduplicates the rows into the city's template and
// words the task's status and progress; the city takes them.

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tenglong/internal/testtool"
	"tenglong/returns"
	"tenglong/workbook"
)

// cityListAndTask is appended to the city's campaign.yaml.
const cityListAndTask = `
lists:
  - id: inefficient-list
    name: 高耗低效整治企业清单
    rows: 6
    columns:
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
      - {id: firm, title: 企业名称, type: text, required: true}
      - {id: way, title: 整治方式, type: enum, values: [关停退出, 改造提升, 兼并重组]}
      - {id: land, title: 腾出用地(亩), type: decimal, min: 0}
      - {id: done-on, title: 完成日期, type: date}

tasks:
  - {id: t-survey, no: 1, action: 实施淘汰落后攻坚行动, title: 全面排摸高耗低效企业,
     text: 对规上制造业企业和实际用地3亩以上的规下企业开展排查，建立整治企业清单。, lead: [deqing], due: 2023-12-31}
`

// uscc makes a valid 统一社会信用代码 from a 17-character body.
func uscc(t *testing.T, body string) string {
	t.Helper()
	c, ok := returns.USCCCheckChar(body)
	if !ok {
		t.Fatalf("no USCC check character for %s", body)
	}
	return body + string(c)
}

// firmRow is one township's list row: uscc body, firm, way, land, date.
type firmRow [5]string

// townshipFirms are each township's rows: 舞阳街道 reports 武康街道's second firm
// again (the same USCC), which goes up once.
var townshipFirms = map[string][]firmRow{
	"wukang": {{"91330521MA2B3C4D1", "德清甲阀门有限公司", "关停退出", "12.5", "2023-08-15"}, {"91330521MA2B3C4D2", "德清乙纺织有限公司", "改造提升", "3", ""}},
	"wuyang": {{"91330521MA2B3C4D2", "德清乙纺织有限公司", "改造提升", "3", ""}, {"91330521MA2B3C4D3", "德清丙建材有限公司", "兼并重组", "7.25", "2023-09-01"}},
	"fuxi":   {{"91330521MA2B3C4D4", "德清丁化工有限公司", "关停退出", "4", "2023-07-20"}},
}

// townshipTasks are each township's state and progress of t-survey.
var townshipTasks = map[string][2]string{
	"wukang": {"推进中", "已排摸 31 家"}, "wuyang": {"已完成", "已排摸 22 家。"}, "fuxi": {"推进中", ""}, "xinshi": {"推进中", "已排摸 9 家"},
}

// townshipListAndTask are the cells a township types into its list and task rows.
func townshipListAndTask(t *testing.T, inputs []workbook.InputCell, unit string) []typed {
	t.Helper()
	var cells []typed
	cols := []string{"uscc", "firm", "way", "land", "done-on"}
	for _, in := range inputs {
		switch in.Kind {
		case workbook.InputListColumn:
			col := slices.Index(cols, strings.TrimPrefix(in.Key, "inefficient-list."))
			if col < 0 {
				t.Fatalf("unexpected list column %s", in.Key)
			}
			first, _, _ := strings.Cut(in.Ref, ":")
			letter := strings.TrimRight(first, "0123456789")
			for i, r := range townshipFirms[unit] {
				ref := letter + strconv.Itoa(4+i)
				v := r[col]
				switch {
				case v == "":
				case col == 0:
					cells = append(cells, txt(ref, uscc(t, v)))
				case col == 3:
					cells = append(cells, num(ref, v))
				case col == 4:
					cells = append(cells, typed{Cell: ref, Type: "date", Text: v})
				default:
					cells = append(cells, txt(ref, v))
				}
				cells[len(cells)-1].Sheet = in.Sheet
			}
		case workbook.InputTaskStatus, workbook.InputTaskProgress:
			v := townshipTasks[unit][0]
			if in.Kind == workbook.InputTaskProgress {
				v = townshipTasks[unit][1]
			}
			if v != "" {
				c := txt(in.Ref, v)
				c.Sheet = in.Sheet
				cells = append(cells, c)
			}
		}
	}
	return cells
}

// checkListsAndTasks reads the county's return with openpyxl: the merged rows, each
// USCC once, in township order, typed as the city's columns; t-survey's state worded
// from the townships' (one still 推进中) and their progress named; and the city's
// consolidation has the four rows.
func checkListsAndTasks(t *testing.T, ret, city string) {
	t.Helper()
	var cells []typed
	refs := map[string]string{} // list column or task input -> its sheet!first cell
	for _, in := range mustRead(t, ret).Metadata.Inputs {
		first, _, _ := strings.Cut(in.Ref, ":")
		switch in.Kind {
		case workbook.InputListColumn, workbook.InputTaskStatus, workbook.InputTaskProgress:
			refs[in.Kind+" "+in.Key] = in.Sheet + "!" + first
		}
	}
	want := map[string]string{}
	rows := [][]string{
		{uscc(t, "91330521MA2B3C4D1"), "德清甲阀门有限公司", "关停退出", "12.5", "2023-08-15 00:00:00"}, // a date cell
		{uscc(t, "91330521MA2B3C4D2"), "德清乙纺织有限公司", "改造提升", "3", ""},
		{uscc(t, "91330521MA2B3C4D3"), "德清丙建材有限公司", "兼并重组", "7.25", "2023-09-01 00:00:00"}, // a date cell
		{uscc(t, "91330521MA2B3C4D4"), "德清丁化工有限公司", "关停退出", "4", "2023-07-20 00:00:00"},    // a date cell
		{"", "", "", "", ""}, // nothing below the merged rows
	}
	for j, col := range []string{"uscc", "firm", "way", "land", "done-on"} {
		ref, ok := refs[workbook.InputListColumn+" inefficient-list."+col]
		if !ok {
			t.Fatalf("the return has no list column %s", col)
		}
		sheet, first, _ := strings.Cut(ref, "!")
		letter := strings.TrimRight(first, "0123456789")
		for i, r := range rows {
			cell := letter + strconv.Itoa(4+i)
			cells = append(cells, typed{Sheet: sheet, Cell: cell})
			want[sheet+"!"+cell] = r[j]
		}
	}
	for kind, v := range map[string]string{workbook.InputTaskStatus: "推进中", workbook.InputTaskProgress: "武康街道：已排摸 31 家；舞阳街道：已排摸 22 家；新市镇：已排摸 9 家。"} {
		ref := refs[kind+" t-survey"]
		sheet, cell, _ := strings.Cut(ref, "!")
		cells = append(cells, typed{Sheet: sheet, Cell: cell})
		want[ref] = v
	}
	got := openpyxl(t, []pyJob{{Op: "inspect", Src: ret, Cells: cells}})[0]
	for ref, w := range want {
		v := ""
		if c := got.Cells[ref]; c.Value != nil {
			v = *c.Value
		}
		if v != w {
			t.Errorf("the return's %s = %q, want %q", ref, v, w)
		}
	}
	var k struct {
		Lists []struct {
			ID         string `json:"id"`
			Rows       int    `json:"rows"`
			Duplicates int    `json:"duplicates"`
		} `json:"lists"`
	}
	jsonOf(t, mustTL(t, "-w", city, "consolidate", "--period", "2023Q3", "--json"), &k)
	if len(k.Lists) != 1 || k.Lists[0].Rows != 4 || k.Lists[0].Duplicates != 0 {
		t.Errorf("the city's consolidated list: %+v, want 4 rows, no duplicates", k.Lists)
	}
}

// checkSameButInputs compares the return with the city's template (openpyxl, every
// cell of every sheet): only input cells differ, 填报说明 only gains lines below, and
// the one sheet added is 明细.
func checkSameButInputs(t *testing.T, template, ret string) {
	t.Helper()
	inputs := map[string][]string{}
	for _, in := range mustRead(t, template).Metadata.Inputs {
		if in.Kind != workbook.InputTarget {
			inputs[in.Sheet] = append(inputs[in.Sheet], in.Ref)
		}
	}
	job, err := json.Marshal(map[string]any{"template": template, "return": ret, "inputs": inputs, "appended": []string{"填报说明"}})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(testtool.Python(t, "openpyxl"), filepath.Join("testdata", "upward", "same_but_inputs.py"))
	cmd.Stdin = bytes.NewReader(job)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("same_but_inputs.py: %v\n%s", err, errb.String())
	}
	var diffs []string
	if err := json.Unmarshal(out.Bytes(), &diffs); err != nil {
		t.Fatalf("same_but_inputs.py printed %s: %v", out.String(), err)
	}
	for _, d := range diffs {
		t.Errorf("the return differs from the city's template outside its input cells: %s", d)
	}
}
