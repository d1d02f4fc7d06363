package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/golden"
	"tenglong/internal/testtool"
	"tenglong/score"
	"tenglong/seeds"
)

// summaryCampaign has what the seeds lack for the 汇总表: every indicator kind, a
// target with a note, a not-applicable, a text and a pending target, an indicator
// without targets, a given total left unentered, categories, a list with a unique
// 统一社会信用代码 column and every column type, and tasks with lead and co units.
const summaryCampaign = `id: summary-test-2023
title: 汇总测试区制造业腾笼换鸟攻坚行动
issuer: 汇总测试区经济和信息化局
span: {start: 2023-01, end: 2023-12}
cadence: quarterly
deadline: 10
units:
  - {code: xinghai, name: 星海街道, kind: area}
  - {code: haicheng, name: 海城街道, kind: area}
  - {code: shacheng, name: 沙城街道, kind: area}
  - {code: tianhe, name: 天河街道, kind: area}
total: {code: zone, name: 全区}
indicators:
  - {id: firms, name: 高耗低效整治企业数, category: 空间腾换, measure: 家, kind: flow, decimals: 0, total: sum, targets: {xinghai: 40, haicheng: 30, shacheng: 20, tianhe: 10, zone: 100}}
  - {id: land, name: 腾出用地, category: 空间腾换, measure: 亩, kind: flow, decimals: 1, total: sum, targets: {xinghai: 120.5, haicheng: 80, shacheng: 60, tianhe: na}}
  - {id: per-mu, name: 规上工业亩均税收, category: 亩均效益, measure: 万元/亩, kind: level, decimals: 1, total: given, targets: {xinghai: 30, haicheng: 25, shacheng: 25, tianhe: 20, zone: 27}}
  - {id: share, name: 高新技术产业增加值占比, category: 亩均效益, measure: "%", kind: rate, decimals: 1, total: given, targets: {xinghai: 60, haicheng: 55, shacheng: 50, tianhe: 50, zone: {value: 55, note: 以上}}}
  - {id: growth, name: 工业投资增速, category: 投资, measure: "%", kind: change, decimals: 1, total: given, targets: {xinghai: {value: 8, note: 以上}, haicheng: 8, shacheng: 8, tianhe: 8, zone: {text: 完成区定目标}}}
  - {id: energy, name: 单位工业增加值能耗, category: 绿色低碳, measure: 吨标准煤/万元, kind: lower-better, decimals: 2, total: none, targets: {xinghai: 0.5, haicheng: 0.6, shacheng: 0.6, tianhe: 0.7}}
  - {id: rectify, name: 低小散整治, category: 绿色低碳, kind: qualitative, total: none, targets: {text: 完成区下达任务}}
  - {id: standards, name: “浙江制造”标准, category: 质量, measure: 项, kind: flow, total: sum, targets: {pending: 待省下达任务指标后再分解}}
  - {id: output, name: 规上工业总产值, measure: 亿元, kind: flow, decimals: 2, total: sum}
lists:
  - id: register
    name: 高耗低效整治企业清单
    rows: 5
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
      - {id: land, title: 用地面积（亩）, type: decimal, min: 0}
      - {id: staff, title: 员工数, type: integer}
      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}
      - {id: done, title: 完成时间, type: date}
tasks:
  - {id: t1, no: 1, action: 淘汰落后, title: 精准排摸高耗低效企业, text: 建立整治清单, lead: [xinghai], co: [haicheng, tianhe], due: 2023-11-30}
  - {id: t2, no: 2, title: 推进整治提升, text: 一企一策, lead: [haicheng], co: [xinghai]}
  - {id: t3, no: 3, title: 建设小微企业园, text: 建成投用, lead: [tianhe]}
interviews:
  rules:
    - {id: last, when: {rank-from-bottom: 1}, reason: 综合得分排名末位}
    - {id: missing, when: {missing: true}, reason: 未按时报送}
`

var summaryPeriod = campaign.Period{Kind: campaign.Quarterly, Year: 2023, Quarter: 3}

func loadSummaryCampaign(t testing.TB) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.LoadAndCheck([]byte(summaryCampaign))
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("test campaign: %v", errs)
	}
	return c
}

func num(s string) score.Value {
	return score.NumberValue(decimal.RequireFromString(s))
}

// summaryData is 2023Q3 of the test campaign: 星海 on time, 海城 late with one value
// left empty and an enterprise 星海 also listed, 沙城 rejected, 天河 missing.
func summaryData() score.Data {
	received := time.Date(2023, 10, 9, 16, 30, 0, 0, officeZone)
	return score.Data{
		Period: summaryPeriod,
		Returns: map[string]*score.Return{
			"xinghai": {
				Values: map[string]score.Value{
					"firms": num("35"), "land": num("100.5"), "per-mu": num("32.5"), "share": num("59.2"),
					"growth": num("9.1"), "energy": num("0.48"), "rectify": {Text: "完成"}, "output": num("150.25"),
					"standards": num("3"),
				},
				Rows: []score.Row{
					{List: "register", Index: 0, Values: score.PackValues(map[string]string{"name": "温州某某阀门有限公司", "uscc": "91330301MA2AB0C12X", "land": "12.5", "staff": "120", "state": "已完成", "done": "2023-08-15"})},
					{List: "register", Index: 1, Values: score.PackValues(map[string]string{"name": "温州某某鞋业有限公司", "uscc": "91330301MA2AB0D34Y", "land": "8.25", "staff": "45", "state": "整治中"})},
				},
				Tasks: map[string]score.TaskReport{
					"t1": {Status: score.TaskInProgress, Progress: "已排摸企业35家，建立清单"},
					"t2": {Status: score.TaskDone, Progress: "配合完成"},
				},
			},
			"haicheng": {
				Values: map[string]score.Value{
					"firms": num("18"), "per-mu": num("22"), "share": num("56"), "growth": num("6.5"),
					"energy": num("0.72"), "rectify": {Text: "未完成"}, "output": num("80"),
				},
				Rows: []score.Row{
					{List: "register", Index: 0, Values: score.PackValues(map[string]string{"name": "温州某某阀门有限公司", "uscc": "91330301MA2AB0C12X", "land": "12.5", "staff": "118", "state": "整治中"})},
				},
				Tasks: map[string]score.TaskReport{"t2": {Status: score.TaskBehind, Progress: "两家企业未签约"}},
			},
		},
		Attempts: map[string]score.Attempt{
			"xinghai":  {State: score.StateAccepted, ReceivedAt: time.Date(2023, 10, 8, 9, 15, 0, 0, officeZone)},
			"haicheng": {State: score.StateAccepted, ReceivedAt: received, Late: true, Warnings: 1},
			"shacheng": {State: score.StateRejected, ReceivedAt: time.Date(2023, 10, 10, 11, 0, 0, 0, officeZone), Errors: 3, Warnings: 2},
		},
		Totals: map[string]decimal.Decimal{"per-mu": decimal.RequireFromString("28.1"), "growth": decimal.RequireFromString("7.5")},
	}
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// summaryScores is a hand-made 赛马 result: a tie for third, one unit up, one down,
// one new since 2023Q2, an item that does not apply to a unit.
func summaryScores() *score.Scores {
	five := d("5")
	prev := campaign.Period{Kind: campaign.Quarterly, Year: 2023, Quarter: 2}
	items := []campaign.ScoringItem{
		{ID: "output", Name: "规上工业总产值", Points: d("20"), Formula: campaign.FormulaMinMax},
		{ID: "firms", Name: "高耗低效整治", Points: d("10"), Formula: campaign.FormulaRankStep, Step: d("0.5")},
		{ID: "risk", Name: "企业风险排查处置", Points: d("10"), Formula: campaign.FormulaBonus, Max: &five},
	}
	unit := func(code, points string, rank int, prevRank int, its ...score.ItemScore) score.UnitScore {
		u := score.UnitScore{Unit: code, Points: d(points), Rank: rank, Items: its}
		if prevRank > 0 {
			u.Previous = &score.Placing{Rank: prevRank, Points: d("20")}
		}
		return u
	}
	item := func(id, points, reason string) score.ItemScore {
		is := score.ItemScore{Item: id, Points: d(points), Applies: true}
		is.SetReason(reason)
		return is
	}
	return &score.Scores{
		Period: summaryPeriod, Method: "工业强镇(街道)建设考核评价办法", Items: items, Compared: &prev, Scorable: true,
		Units: []score.UnitScore{
			unit("xinghai", "33.5", 1, 2, item("output", "20", "规上工业总产值 150.25亿元，为最高值，得满分20分"),
				item("firms", "10", "高耗低效整治企业数 35家，第1名，得10分"), item("risk", "3.5", "办公室录入加分3.5分：排查处置风险企业2家")),
			unit("haicheng", "25.123", 2, 1, item("output", "12", "规上工业总产值 80.00亿元，为最低值，得(0×40+60)/100×20=12分"),
				item("firms", "9.5", "高耗低效整治企业数 18家，第2名，得9.5分"), item("risk", "3.623", "办公室录入加分3.623分")),
			unit("shacheng", "0", 3, 3, item("output", "0", "未报送规上工业总产值，得0分"),
				item("firms", "0", "未报送，得0分"), reasoned(score.ItemScore{Item: "risk"}, "不适用")),
			unit("tianhe", "0", 3, 0, item("output", "0", "未报送规上工业总产值，得0分"),
				item("firms", "0", "未报送，得0分"), item("risk", "0", "无加分")),
		},
	}
}

func summaryInterviews() []score.Interview {
	return []score.Interview{
		{Unit: "shacheng", Hits: []score.Hit{{Rule: "last", Reason: "综合得分排名末位", Figures: "第3名/共4个单位，0.00分"}}},
		{Unit: "tianhe", Hits: []score.Hit{
			{Rule: "last", Reason: "综合得分排名末位", Figures: "第3名/共4个单位，0.00分"},
			{Rule: "missing", Reason: "未按时报送", Figures: "截至2023年10月10日未报送"},
		}},
	}
}

// writeSummaryFile writes a summary and reopens it, as a reader would.
func writeSummaryFile(t testing.TB, k *score.Consolidation, s *score.Scores) (*excelize.File, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSummary(&buf, k, s); err != nil {
		t.Fatalf("WriteSummary: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f, buf.Bytes()
}

func testSummary(t testing.TB) (*score.Consolidation, *excelize.File, []byte) {
	t.Helper()
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	f, data := writeSummaryFile(t, k, summaryScores())
	return k, f, data
}

// fill is the background colour of a cell, "" for none.
func fill(t testing.TB, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Type == "pattern" && len(st.Fill.Color) > 0 {
		c := strings.ToUpper(st.Fill.Color[0])
		return c[max(len(c)-6, 0):]
	}
	return ""
}

// rowOf finds the row whose column B is name.
func rowOf(t testing.TB, f *excelize.File, sheet, name string) int {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 1 && r[1] == name {
			return i + 1
		}
	}
	t.Fatalf("%s: no row %q", sheet, name)
	return 0
}

// groupCol is the first column (目标) of an indicator on an indicator sheet.
func groupCol(t testing.TB, f *excelize.File, sheet, indicator string) int {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for j, h := range rows[indicatorHeaderFirst-1] {
		if strings.HasPrefix(h, indicator) {
			return j + 1
		}
	}
	t.Fatalf("%s: no indicator %q in %v", sheet, indicator, rows[indicatorHeaderFirst-1])
	return 0
}

func TestSummarySheets(t *testing.T) {
	_, f, _ := testSummary(t)
	want := []string{"总表", "空间腾换", "亩均效益", "投资", "绿色低碳", "质量", "其他指标", "赛马得分", "计分说明", "高耗低效整治企业清单", "任务进展", "报送情况"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v\nwant %v", got, want)
	}
	// The 总表, too wide for a page, is in the long form: its title spans the page.
	if v, _ := f.GetCellValue("总表", "A1"); v != "汇总测试区制造业腾笼换鸟攻坚行动2023年第三季度汇总表" {
		t.Errorf("title %q", v)
	}
	// A title breaks between phrases to fit its table (breakTitle).
	if v, _ := f.GetCellValue("空间腾换", "A1"); v != "汇总测试区制造业腾笼换鸟攻坚行动\n2023年第三季度空间腾换指标汇总表" {
		t.Errorf("one-page title %q", v)
	}
	props, err := f.GetDocProps()
	if err != nil || props.Created != "2023-09-30T00:00:00Z" || props.Modified != props.Created {
		t.Errorf("doc properties %+v, %v: want the period's end as their date", props, err)
	}
}

// TestSummaryIndicatorCells checks the indicator cells one by one, in the wide form
// and in the long form (bothForms): numbers are numbers with the indicator's
// decimals, completion a ratio or a difference with its light as the fill, the total
// row and its basis — the same values and formats in either form.
func TestSummaryIndicatorCells(t *testing.T) {
	f := bothForms(t)
	const sheet = wideSheet
	tests := []struct {
		unit, indicator string
		offset          int // 0 目标, 1 完成, 2 完成率, 3 排名
		raw, shown      string
		format, fill    string
		number          bool
	}{
		{"星海街道", "高耗低效整治企业数", 0, "40", "40", "0", "", true},
		{"星海街道", "高耗低效整治企业数", 1, "35", "35", "0", "", true},
		{"星海街道", "高耗低效整治企业数", 2, "0.875", "87.5%", "0.0%", greenFill, true}, // 0.875/0.75 ≥ 1
		{"海城街道", "高耗低效整治企业数", 2, "0.6", "60.0%", "0.0%", redFill, true},
		{"星海街道", "高耗低效整治企业数", 3, "1", "1", "0", "", true},
		{"沙城街道", "高耗低效整治企业数", 2, "被退回", "被退回", "", missingFill, false}, // rejected, not 未报送
		{"全区", "高耗低效整治企业数", 0, "100", "100", "0", "", true},
		{"全区", "高耗低效整治企业数", 1, "53", "53", "0", "", true},
		{"全区", "高耗低效整治企业数", 2, "未报齐", "未报齐", "", missingFill, false},
		{"星海街道", "腾出用地", 0, "120.5", "120.5", "0.0", "", true},
		{"海城街道", "腾出用地", 2, "未报送", "未报送", "", missingFill, false}, // accepted, value left empty
		{"天河街道", "腾出用地", 0, "/", "/", "", "", false},
		{"星海街道", "规上工业亩均税收", 1, "32.5", "32.5", "0.0", "", true},
		{"全区", "规上工业亩均税收", 1, "28.1", "28.1", "0.0", "", true},
		{"全区", "规上工业亩均税收", 2, "1.04074074074074", "104.1%", "0.0%", greenFill, true},
		{"全区", "高新技术产业增加值占比", 0, "55", "55以上", `0"以上"`, "", true},
		{"全区", "高新技术产业增加值占比", 2, "待录入", "待录入", "", missingFill, false},
		{"星海街道", "高新技术产业增加值占比", 2, "-0.8", "-0.8个百分点", pointsFormat(1), yellowFill, true},
		{"星海街道", "工业投资增速", 0, "8", "8以上", `0"以上"`, "", true},
		{"星海街道", "工业投资增速", 2, "1.1", "+1.1个百分点", pointsFormat(1), greenFill, true},
		{"海城街道", "工业投资增速", 2, "-1.5", "-1.5个百分点", pointsFormat(1), redFill, true},
		{"全区", "工业投资增速", 0, "完成区定目标", "完成区定目标", "", "", false},
		{"星海街道", "单位工业增加值能耗", 1, "0.48", "0.48", "0.00", "", true},
		{"星海街道", "单位工业增加值能耗", 2, "1.04166666666667", "104.2%", "0.0%", greenFill, true},
		{"海城街道", "单位工业增加值能耗", 2, "0.833333333333333", "83.3%", "0.0%", redFill, true},
		{"星海街道", "低小散整治", 0, "完成区下达任务", "完成区下达任务", "", "", false},
		{"星海街道", "低小散整治", 1, "完成", "完成", "", "", false},
		{"星海街道", "低小散整治", 2, "完成", "完成", "", greenFill, false},
		{"海城街道", "低小散整治", 2, "未完成", "未完成", "", yellowFill, false},
		{"星海街道", "“浙江制造”标准", 0, "待下达", "待下达", "", "", false},
		{"星海街道", "“浙江制造”标准", 2, "待下达", "待下达", "", "", false},
		{"星海街道", "规上工业总产值", 0, "", "", "", "", false},
		{"星海街道", "规上工业总产值", 1, "150.25", "150.25", "0.00", "", true},
		{"星海街道", "规上工业总产值", 3, "1", "1", "0", "", true},
		{"全区", "规上工业总产值", 1, "230.25", "230.25", "0.00", "", true},
	}
	for _, form := range []string{wideSheet, longSheet} {
		for _, tt := range tests {
			if form == longSheet && tt.raw == "/" {
				continue // a unit that does not report the indicator has no row in the long form
			}
			t.Run(fmt.Sprintf("%s/%s/%s/%d", form, tt.unit, tt.indicator, tt.offset), func(t *testing.T) {
				sheet := form
				var ref string
				if form == wideSheet {
					ref = cell(groupCol(t, f, sheet, tt.indicator)+tt.offset, rowOf(t, f, sheet, tt.unit))
				} else {
					ref = longCell(t, f, sheet, tt.unit, tt.indicator, tt.offset)
				}
				if got := raw(t, f, sheet, ref); got != tt.raw {
					t.Errorf("%s value %q, want %q", ref, got, tt.raw)
				}
				if got, _ := f.GetCellValue(sheet, ref); got != tt.shown {
					t.Errorf("%s shows %q, want %q", ref, got, tt.shown)
				}
				if got := numFmt(t, f, sheet, ref); got != tt.format {
					t.Errorf("%s format %q, want %q", ref, got, tt.format)
				}
				if got := fill(t, f, sheet, ref); got != tt.fill {
					t.Errorf("%s fill %q, want %q", ref, got, tt.fill)
				}
				typ, _ := f.GetCellType(sheet, ref)
				if isNumber := typ == excelize.CellTypeUnset && tt.raw != ""; isNumber != tt.number {
					t.Errorf("%s type %v, want a number: %v", ref, typ, tt.number)
				}
			})
		}
	}

	// Headers: the indicator's name and measure and its time progress merged over its
	// four columns, 序号 and 单位 merged down.
	merged := map[string]string{}
	ms, _ := f.GetMergeCells(sheet)
	for _, m := range ms {
		merged[m.GetStartAxis()] = m.GetEndAxis()
	}
	col := groupCol(t, f, sheet, "高耗低效整治企业数")
	if v, _ := f.GetCellValue(sheet, cell(col, indicatorHeaderFirst)); v != "高耗低效整治企业数（家）" {
		t.Errorf("indicator header %q", v)
	}
	if v, _ := f.GetCellValue(sheet, cell(col, indicatorHeaderFirst+1)); v != "序时进度 75.0%" {
		t.Errorf("time progress %q", v)
	}
	for _, r := range []int{indicatorHeaderFirst, indicatorHeaderFirst + 1} {
		if end := merged[cell(col, r)]; end != cell(col+3, r) {
			t.Errorf("row %d: %s merged to %q, want %s", r, cell(col, r), end, cell(col+3, r))
		}
	}
	if merged["A3"] != "A5" || merged["B3"] != "B5" {
		t.Errorf("序号/单位 merges %q %q", merged["A3"], merged["B3"])
	}
	// The basis of incomplete totals, under the total row.
	r := rowOf(t, f, sheet, "全区说明")
	for name, want := range map[string]string{"高耗低效整治企业数": "已报 2/4 个单位", "高新技术产业增加值占比": "待办公室录入", "规上工业亩均税收": ""} {
		if v, _ := f.GetCellValue(sheet, cell(groupCol(t, f, sheet, name), r)); v != want {
			t.Errorf("全区说明 of %s: %q, want %q", name, v, want)
		}
	}
	// The legend.
	for ref, want := range map[string]string{"C2": greenFill, "D2": yellowFill, "E2": redFill, "F2": missingFill} {
		if got := fill(t, f, sheet, ref); got != want {
			t.Errorf("legend %s fill %q, want %q", ref, got, want)
		}
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.XSplit != 2 || panes.YSplit != 5 {
		t.Errorf("panes %+v: want the unit column and five header rows frozen", panes)
	}
}

// The two forms of the test campaign's indicators, side by side in one workbook.
const (
	wideSheet = "宽表"
	longSheet = "长表"
)

// bothForms writes the test campaign's indicators in the wide form and in the long
// form, whatever summaryIndicatorSheet would choose, and reopens the workbook.
func bothForms(t testing.TB) *excelize.File {
	t.Helper()
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	all := make([]*score.IndicatorResult, len(k.Indicators))
	for i := range k.Indicators {
		all[i] = &k.Indicators[i]
	}
	var buf bytes.Buffer
	if err := writeTables(&buf, k, "两种形式", []func(*styles) *sheetTable{
		func(st *styles) *sheetTable { return indicatorTable(k, st, wideSheet, "宽表", all, true) },
		func(st *styles) *sheetTable { return indicatorLongTable(k, st, longSheet, "长表", all) },
	}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// longCell finds a unit's cell of an indicator in the long form: the row whose 指标
// (C) is the indicator (the first row's with its 序时进度) and whose 单位 (E) is the unit;
// offset 0 目标 (F), 1 完成 (G), 2 完成率 (H), 3 排名 (J).
func longCell(t testing.TB, f *excelize.File, sheet, unit, indicator string, offset int) string {
	t.Helper()
	rows, _ := f.GetRows(sheet)
	for i, r := range rows {
		if len(r) > 4 && r[4] == unit && (r[2] == indicator || strings.HasPrefix(r[2], indicator+"（")) {
			return cell([]int{6, 7, 8, 10}[offset], i+1)
		}
	}
	t.Fatalf("%s: no row of %s for %s", sheet, indicator, unit)
	return ""
}

// TestSummaryLongForm: one row per indicator and unit, the total first and in bold,
// the indicator repeated on every row, the light as a word, 未报送 where a unit
// reported nothing, the header row repeated on every printed page, one page wide at
// full scale.
func TestSummaryLongForm(t *testing.T) {
	f := bothForms(t)
	rows, _ := f.GetRows(longSheet)
	if got := strings.Join(rows[3], ","); got != "序号,类别,指标,计量单位,单位,目标,完成,完成率/较目标,灯,排名,较上期" {
		t.Fatalf("header %s", got)
	}
	if !strings.Contains(rows[1][0], "按指标逐项列出") {
		t.Errorf("note %q does not say the sheet reads down", rows[1][0])
	}
	tests := []struct {
		unit, indicator string
		col             string // column letter
		want            string
	}{
		{"星海街道", "高耗低效整治企业数", "I", "绿"},
		{"海城街道", "高耗低效整治企业数", "I", "红"},
		{"沙城街道", "高耗低效整治企业数", "G", "被退回"},
		{"沙城街道", "高耗低效整治企业数", "I", "未报"},
		{"海城街道", "腾出用地", "G", "未报送"},
		{"星海街道", "高新技术产业增加值占比", "I", "黄"},
		{"星海街道", "高耗低效整治企业数", "A", "1"},
		{"星海街道", "高耗低效整治企业数", "B", "空间腾换"},
		{"星海街道", "高耗低效整治企业数", "D", "家"},
		{"全区说明", "高耗低效整治企业数", "F", "已报 2/4 个单位"},
	}
	for _, tt := range tests {
		ref := longCell(t, f, longSheet, tt.unit, tt.indicator, 0)
		ref = tt.col + strings.TrimLeft(ref, "ABCDEFGHIJK")
		if v, _ := f.GetCellValue(longSheet, ref); v != tt.want {
			t.Errorf("%s (%s, %s) = %q, want %q", ref, tt.unit, tt.indicator, v, tt.want)
		}
	}
	// Each indicator's first row is its total, in bold; its units follow.
	seen := map[string]bool{}
	for i, r := range rows[4:] {
		if len(r) < 5 || r[0] == "" || seen[r[0]] {
			continue
		}
		seen[r[0]] = true
		ref := cell(5, i+5)
		id, _ := f.GetCellStyle(longSheet, ref)
		st, _ := f.GetStyle(id)
		if r[4] == "全区" && (st == nil || st.Font == nil || !st.Font.Bold) {
			t.Errorf("%s: total row of %s not bold", ref, r[2])
		}
	}
	if len(seen) != 9 {
		t.Errorf("%d indicators in the long form, want 9", len(seen))
	}
	// A unit that does not report an indicator has no row under it.
	for _, r := range rows {
		if len(r) > 4 && r[4] == "天河街道" && r[2] == "腾出用地" {
			t.Errorf("天河街道 does not report 腾出用地 but has a row: %q", r)
		}
	}
	var titles string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == longSheet {
			titles = dn.RefersTo
		}
	}
	if titles != "'"+longSheet+"'!$4:$4" {
		t.Errorf("print titles %q, want the header row", titles)
	}
}

// TestSummaryForm: summaryIndicatorSheet keeps a table wide while it prints at a
// readable scale one page wide, and turns it long when it would not.
func TestSummaryForm(t *testing.T) {
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	f := excelize.NewFile()
	defer f.Close()
	st := newStyles(f)
	for n := 1; n <= len(k.Indicators); n++ {
		results := make([]*score.IndicatorResult, n)
		for i := range results {
			results[i] = &k.Indicators[i]
		}
		wide := indicatorTable(k, st, "宽", "标题", results, true).printScale(1)
		got := summaryIndicatorSheet(k, st, "表", "标题", results, true)
		isLong := got.rows[3].cells[1].Value == "类别" // the long form's header row
		switch {
		case wide >= readableScale && isLong:
			t.Errorf("%d indicators print at %.0f%% wide but were turned long", n, wide*100)
		case wide < readableScale && !isLong:
			t.Errorf("%d indicators print at %.0f%% wide and stayed wide", n, wide*100)
		case isLong && got.printScale(1) < 1:
			t.Errorf("%d indicators: the long form prints at %.0f%%, want full scale", n, got.printScale(1)*100)
		}
		if n == 1 && isLong || n == len(k.Indicators) && !isLong {
			t.Errorf("%d indicators: long %v", n, isLong)
		}
	}
}

func TestSummaryCategorySheet(t *testing.T) {
	_, f, _ := testSummary(t)
	rows, _ := f.GetRows("亩均效益")
	if got := strings.Join(rows[indicatorHeaderFirst-1], ","); got != "序号,单位,规上工业亩均税收（万元/亩）,,,,高新技术产业增加值占比（%）" {
		t.Errorf("header %s", got)
	}
	if v, _ := f.GetCellValue("亩均效益", "A1"); v != "汇总测试区制造业腾笼换鸟攻坚行动\n2023年第三季度亩均效益指标汇总表" {
		t.Errorf("title %q", v)
	}
	// Same cells as the 总表.
	ref := cell(groupCol(t, f, "亩均效益", "高新技术产业增加值占比")+2, rowOf(t, f, "亩均效益", "星海街道"))
	if v := raw(t, f, "亩均效益", ref); v != "-0.8" || fill(t, f, "亩均效益", ref) != yellowFill {
		t.Errorf("%s = %q fill %q", ref, v, fill(t, f, "亩均效益", ref))
	}
}

func TestSummaryScoreSheets(t *testing.T) {
	_, f, _ := testSummary(t)
	const sheet = "赛马得分"
	rows, _ := f.GetRows(sheet)
	if got := strings.Join(rows[2], "|"); got != "名次|单位|规上工业总产值\n（20分）|高耗低效整治\n（10分）|企业风险排查处置\n（最高5分）|总分|较上期" {
		t.Errorf("header %q", got)
	}
	if v, _ := f.GetCellValue(sheet, "A1"); !strings.HasSuffix(v, "2023年第三季度赛马得分") {
		t.Errorf("title %q", v)
	}
	if v, _ := f.GetCellValue(sheet, "A2"); !strings.Contains(v, "工业强镇(街道)建设考核评价办法") || !strings.Contains(v, "2023年第二季度") {
		t.Errorf("note %q", v)
	}
	want := [][]string{
		{"1", "星海街道", "20.00", "10.00", "3.50", "33.50", "↑1"},
		{"2", "海城街道", "12.00", "9.50", "3.62", "25.12", "↓1"},
		{"3", "沙城街道", "0.00", "0.00", "/", "0.00", "持平"},
		{"3", "天河街道", "0.00", "0.00", "0.00", "0.00", "新"},
	}
	for i, w := range want {
		if got := rows[3+i]; strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("row %d: %v, want %v", 4+i, got, w)
		}
	}
	if v := raw(t, f, sheet, "F5"); v != "25.123" {
		t.Errorf("总分 stored %q, want the exact 25.123", v)
	}
	if typ, _ := f.GetCellType(sheet, "C4"); typ != excelize.CellTypeUnset {
		t.Errorf("points stored as %v, want numbers", typ)
	}

	notes, _ := f.GetRows("计分说明")
	if got := strings.Join(notes[2], ","); got != "名次,单位,评分项,分值,得分,计分说明" {
		t.Errorf("计分说明 header %s", got)
	}
	if len(notes) != 3+4*3-1 {
		t.Errorf("计分说明 has %d rows, want 3 + 4 units × 3 items, less 沙城街道's item that is not its own", len(notes))
	}
	if got := strings.Join(notes[4], ","); got != "1,星海街道,高耗低效整治,10分,10.00,高耗低效整治企业数 35家，第1名，得10分" {
		t.Errorf("计分说明 row 5: %s", got)
	}
}

func TestSummaryDefaultMethod(t *testing.T) {
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	s := summaryScores()
	s.Method, s.Default, s.Compared = score.DefaultMethod, true, nil
	s.Units[1].Scaled = "有1项指标不适用，按其余各项折算为百分制"
	f, _ := writeSummaryFile(t, k, s)
	note, _ := f.GetCellValue("赛马得分", "A2")
	if !strings.Contains(note, "默认方法") {
		t.Errorf("note %q does not say 默认方法", note)
	}
	rows, _ := f.GetRows("赛马得分")
	if got := rows[2]; got[len(got)-1] != "备注" || got[len(got)-2] != "总分" {
		t.Errorf("without a compared period and with a scaled score the header ends %v, want 总分, 备注", got)
	}
	notes, _ := f.GetRows("计分说明")
	found := false
	for _, r := range notes {
		if len(r) > 5 && r[2] == "折算" && r[5] == s.Units[1].Scaled {
			found = true
		}
	}
	if !found {
		t.Error("计分说明 lacks the 折算 line")
	}
}

func TestSummaryNoScores(t *testing.T) {
	k := score.Consolidate(loadSummaryCampaign(t), summaryData(), nil)
	f, _ := writeSummaryFile(t, k, nil)
	for _, name := range f.GetSheetList() {
		if name == "赛马得分" || name == "计分说明" {
			t.Errorf("sheet %s written without scores", name)
		}
	}
}

// TestSummaryNothingReceived: a period before any return came in still writes, with
// every unit 未报送, the list 无 and every task 未报.
func TestSummaryNothingReceived(t *testing.T) {
	k := score.Consolidate(loadSummaryCampaign(t), score.Data{Period: summaryPeriod}, nil)
	f, _ := writeSummaryFile(t, k, nil)
	rows, _ := f.GetRows("高耗低效整治企业清单")
	if len(rows) != 4 || rows[3][0] != "无" {
		t.Errorf("empty list rows %q", rows)
	}
	if v, _ := f.GetCellValue("总表", longCell(t, f, "总表", "星海街道", "高耗低效整治企业数", 2)); v != "未报送" {
		t.Errorf("completion %q, want 未报送", v)
	}
	rows, _ = f.GetRows("报送情况")
	if got := strings.Join(rows[len(rows)-1], ","); got != ",合计（4个单位）,未报送4个,,迟报0个,0,0" {
		t.Errorf("合计 %q", got)
	}
}

func TestSummaryList(t *testing.T) {
	_, f, _ := testSummary(t)
	const sheet = "高耗低效整治企业清单"
	rows, _ := f.GetRows(sheet)
	if got := strings.Join(rows[2], ","); got != "序号,填报单位,企业名称,统一社会信用代码,用地面积（亩）,员工数,整治进度,完成时间,重复" {
		t.Errorf("header %s", got)
	}
	if len(rows) != 6 {
		t.Fatalf("%d rows, want title, note, header and 3", len(rows))
	}
	if !strings.Contains(rows[1][0], "其中 2 行的统一社会信用代码与其他单位重复") {
		t.Errorf("note %q", rows[1][0])
	}
	tests := []struct {
		ref, raw, shown, format, fill string
		number                        bool
	}{
		{"B4", "星海街道", "星海街道", "", duplicateFill, false},
		{"E4", "12.5", "12.50", "0.00", duplicateFill, true},
		{"F4", "120", "120", "0", duplicateFill, true},
		{"H4", "45153", "2023-08-15", "yyyy-mm-dd", duplicateFill, true},
		{"I4", "与海城街道重复", "与海城街道重复", "", duplicateFill, false},
		{"E5", "8.25", "8.25", "0.00", "", true},
		{"I5", "", "", "", "", false},
		{"B6", "海城街道", "海城街道", "", duplicateFill, false},
		{"I6", "与星海街道重复", "与星海街道重复", "", duplicateFill, false},
	}
	for _, tt := range tests {
		if got := raw(t, f, sheet, tt.ref); got != tt.raw {
			t.Errorf("%s value %q, want %q", tt.ref, got, tt.raw)
		}
		if got, _ := f.GetCellValue(sheet, tt.ref); got != tt.shown {
			t.Errorf("%s shows %q, want %q", tt.ref, got, tt.shown)
		}
		if got := numFmt(t, f, sheet, tt.ref); got != tt.format {
			t.Errorf("%s format %q, want %q", tt.ref, got, tt.format)
		}
		if got := fill(t, f, sheet, tt.ref); got != tt.fill {
			t.Errorf("%s fill %q, want %q", tt.ref, got, tt.fill)
		}
	}
}

func TestSummaryTasksAndReporting(t *testing.T) {
	_, f, _ := testSummary(t)
	rows, _ := f.GetRows("任务进展")
	want := []string{
		"序号,任务,时限,牵头单位,配合单位,填报单位,角色,状态,进展情况",
		"1,精准排摸高耗低效企业,2023-11-30,星海街道,海城街道、天河街道,星海街道,牵头,推进中,已排摸企业35家，建立清单",
		",,,,,海城街道,配合,未报",
		",,,,,天河街道,配合,未报",
		"2,推进整治提升,,海城街道,星海街道,海城街道,牵头,滞后,两家企业未签约",
		",,,,,星海街道,配合,已完成,配合完成",
		"3,建设小微企业园,,天河街道,,天河街道,牵头,未报",
		"",
		",按牵头单位汇总",
		"序号,牵头单位,牵头任务数,已完成,推进中,未启动,滞后,未报",
		"1,星海街道,1,0,1,0,0,0",
		"2,海城街道,1,0,0,0,1,0",
		"3,天河街道,1,0,0,0,0,1",
		",合计,3,0,1,0,1,1",
	}
	for i, w := range want {
		if 2+i >= len(rows) {
			t.Fatalf("任务进展 ends at row %d", len(rows))
		}
		if got := strings.Join(rows[2+i], ","); got != w {
			t.Errorf("任务进展 row %d: %s\nwant %s", 3+i, got, w)
		}
	}
	if got := fill(t, f, "任务进展", "H5"); got != missingFill {
		t.Errorf("未报 fill %q", got)
	}
	if got := fill(t, f, "任务进展", "H7"); got != redFill {
		t.Errorf("滞后 fill %q", got)
	}
	ms, _ := f.GetMergeCells("任务进展")
	if refs := mergeRefs(ms); !strings.Contains(strings.Join(refs, " "), "B4:B6") {
		t.Errorf("task title not merged down its units: %v", refs)
	}

	rows, _ = f.GetRows("报送情况")
	want = []string{
		"序号,单位,状态,报送时间,是否迟报,错误数,提醒数",
		"1,星海街道,已采用,2023-10-08 09:15,否,0,0",
		"2,海城街道,已采用,2023-10-09 16:30,是,0,1",
		"3,沙城街道,退回,2023-10-10 11:00,否,3,2",
		"4,天河街道,未报送",
		",合计（4个单位）,已采用2个\n退回1个\n未报送1个,,迟报1个,3,3",
	}
	for i, w := range want {
		if got := strings.Join(rows[2+i], ","); got != w {
			t.Errorf("报送情况 row %d: %q\nwant %q", 3+i, got, w)
		}
	}
	if typ, _ := f.GetCellType("报送情况", "D4"); typ != excelize.CellTypeUnset || numFmt(t, f, "报送情况", "D4") != "yyyy-mm-dd hh:mm" {
		t.Errorf("报送时间 is not a date-time number")
	}
	for ref, want := range map[string]string{"C6": redFill, "C7": missingFill, "E5": yellowFill, "C4": ""} {
		if got := fill(t, f, "报送情况", ref); got != want {
			t.Errorf("报送情况 %s fill %q, want %q", ref, got, want)
		}
	}
}

// TestSummaryPrintSetup wants every sheet on A4 landscape with its header rows
// repeated, a sheet's used range as its dimension, and every table cell boxed.
func TestSummaryPrintSetup(t *testing.T) {
	_, f, _ := testSummary(t)
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.Size == nil || *pl.Size != 9 {
			t.Errorf("%s: not A4 landscape", sheet)
		}
		want := "'" + sheet + "'!$3:$3"
		switch sheet {
		case "总表": // the long form
			want = "'" + sheet + "'!$4:$4"
		case "空间腾换", "亩均效益", "投资", "绿色低碳", "质量", "其他指标":
			want = "'" + sheet + "'!$A:$B,'" + sheet + "'!$3:$5"
		case "赛马得分", "高耗低效整治企业清单":
			want = "'" + sheet + "'!$A:$B,'" + sheet + "'!$3:$3"
		}
		if titles[sheet] != want {
			t.Errorf("%s: print titles %q, want %q", sheet, titles[sheet], want)
		}
		rows, _ := f.GetRows(sheet)
		dim, _ := f.GetSheetDimension(sheet)
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		if !strings.HasSuffix(dim, ":"+cell(ncols, len(rows))) {
			t.Errorf("%s: dimension %s, used range ends at %s", sheet, dim, cell(ncols, len(rows)))
		}
		id, _ := f.GetCellStyle(sheet, "B4")
		if st, _ := f.GetStyle(id); st == nil || len(st.Border) != 4 {
			t.Errorf("%s: B4 has no border", sheet)
		}
	}
}

// TestSummaryWidths: numbers always fit their column (a number that does not prints
// as #####), text widens its column up to the cap.
func TestSummaryWidths(t *testing.T) {
	_, f, _ := testSummary(t)
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		merged := mergedCells(t, f, sheet)
		for i, r := range rows {
			for j, v := range r {
				ref := cell(j+1, i+1)
				if v == "" || merged[ref] {
					continue
				}
				w, _ := f.GetColWidth(sheet, colName(j+1))
				typ, _ := f.GetCellType(sheet, ref)
				if typ == excelize.CellTypeUnset && float64(textWidth(v)) >= w {
					t.Errorf("%s %s: number %q is %d wide in a column of %.1f", sheet, ref, v, textWidth(v), w)
				}
				if h, _ := f.GetRowHeight(sheet, i+1); h < float64(wrappedLines(v, w))*bodyLine {
					t.Errorf("%s row %d: %.1f pt for %d lines of %s", sheet, i+1, h, wrappedLines(v, w), ref)
				}
			}
		}
	}
}

func TestSummaryDeterministic(t *testing.T) {
	_, _, a := testSummary(t)
	_, _, b := testSummary(t)
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same consolidation differ")
	}
}

func TestSheetNames(t *testing.T) {
	n := newSheetNames("总表")
	tests := []struct{ in, want string }{
		{"空间腾换", "空间腾换"},
		{"总表", "总表（2）"},
		{"空间腾换", "空间腾换（2）"},
		{"a/b:c*d?[e]\\f", "a_b_c_d__e__f"},
		{"'引号'", "引号"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"},
		{"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八（2）"},
		{"History", "History（2）"},
		{"", "工作表"},
	}
	for _, tt := range tests {
		if got := n.take(tt.in); got != tt.want {
			t.Errorf("take(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestExcelNumber: every decimal of up to 15 significant digits is stored exactly as
// written although the stream writer takes float64.
func TestExcelNumber(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	values := []string{"0.1", "0.3", "4.5", "37", "1200.5", "0.48", "12345678901.2345", "-1.8", "99999999999999.9", "0.000123456789012345", "25.123"}
	for i, v := range values {
		if err := sw.SetRow(cell(1, i+1), []any{excelNumber(d(v))}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for i, v := range values {
		if got := raw(t, g, "Sheet1", cell(1, i+1)); got != v {
			t.Errorf("%s stored as %s", v, got)
		}
	}
}

// TestExcelDate: every minute of a day, and some seconds, read back exactly when cut
// to the second, as LibreOffice shows times.
func TestExcelDate(t *testing.T) {
	var times []time.Time
	for m := 0; m < 24*60; m++ {
		times = append(times, time.Date(2023, 10, 8, 0, m, 0, 0, time.UTC))
	}
	times = append(times, time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC), time.Date(2023, 8, 15, 12, 0, 1, 0, time.UTC))
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, when := range times {
		if err := sw.SetRow(cell(1, i+1), []any{excelDate(when)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	rows, _ := g.GetRows("Sheet1", excelize.Options{RawCellValue: true})
	for i, when := range times {
		serial := d(rows[i][0])
		back := excelEpoch.Add(time.Duration(serial.Mul(decimal.NewFromInt(86400)).Floor().IntPart()) * time.Second)
		if !back.Equal(when) {
			t.Errorf("%s: serial %s reads back as %s", when, serial, back)
		}
	}
}

// TestSummaryScoredSeeds writes the 汇总表 and the 约谈名单 of every seed's last period
// from score.Score and score.Interviews themselves: every unit ranked with numeric
// points (or 不计分 and why, when nothing is scorable), and 默认方法 said wherever a
// seed has no scoring block.
func TestSummaryScoredSeeds(t *testing.T) {
	for _, id := range seeds.IDs() {
		t.Run(id, func(t *testing.T) {
			c := loadSeed(t, id)
			periods := c.Span.Periods(c.Cadence)
			p := periods[len(periods)-1]
			k := score.Consolidate(c, fabricateData(c, p, 2), nil)
			s := score.Score(k, nil)
			f, _ := writeSummaryFile(t, k, s)
			rows, _ := f.GetRows("赛马得分")
			if !s.Scorable {
				// Nothing scorable (each of huzhou-2023-depts' indicators has one
				// department): one line saying so and why, not a grid of “/” and —,
				// and no method named that is not applied.
				if len(rows) != 2 || rows[1][0] != "本期"+strings.TrimPrefix(s.NotScorable, "本期")+"。" ||
					!strings.Contains(rows[1][0], "不计分、不排名") {
					t.Errorf("赛马得分 with nothing scorable: %q, want one line with %s", rows, s.NotScorable)
				}
				return
			}
			if len(rows) != 3+len(c.Units) {
				t.Errorf("赛马得分 has %d rows for %d units", len(rows), len(c.Units))
			}
			total := 0
			for j, h := range rows[2] {
				if h == "总分" {
					total = j + 1
				}
			}
			for r := 4; r < 4+len(c.Units) && total > 0; r++ {
				typ, _ := f.GetCellType("赛马得分", cell(total, r))
				v, _ := f.GetCellValue("赛马得分", cell(total, r))
				switch {
				case typ != excelize.CellTypeUnset && v != "被退回" && v != "未报送":
					t.Errorf("总分 of row %d stored as %v (%q)", r, typ, v)
				}
			}
			if note := strings.Join(rows[1], ""); strings.Contains(note, "默认方法") != s.Default {
				t.Errorf("note %q, default method %v", note, s.Default)
			}
			var buf bytes.Buffer
			if err := WriteInterviews(&buf, k, s, score.Interviews(k, s, nil)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestSummaryGolden dumps the summary of the test campaign and of the wzetdz-2015
// seed (its own scoring items, a preset list, no tasks): every cell with its value,
// number format and fill.
func TestSummaryGolden(t *testing.T) {
	t.Run("summary-test", func(t *testing.T) {
		_, f, _ := testSummary(t)
		golden.Check(t, filepath.Join("testdata", "summary-test.golden"), dumpSummary(t, f))
	})
	t.Run("wzetdz-2015", func(t *testing.T) {
		c := loadSeed(t, "wzetdz-2015")
		k := score.Consolidate(c, fabricateData(c, campaign.Period{Kind: campaign.Quarterly, Year: 2015, Quarter: 3}, 3), nil)
		f, _ := writeSummaryFile(t, k, fabricateScores(k))
		golden.Check(t, filepath.Join("testdata", "summary-wzetdz-2015.golden"), dumpSummary(t, f))
	})
}

// dumpSummary prints each sheet: dimension, panes, print titles, widths, merges and
// every cell with its stored value, its type, number format, fill and what a reader
// sees.
func dumpSummary(t testing.TB, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		titles[dn.Scope+" "+dn.Name] = dn.RefersTo
	}
	for _, sheet := range f.GetSheetList() {
		dim, _ := f.GetSheetDimension(sheet)
		fmt.Fprintf(&b, "== %s %s\n", sheet, dim)
		panes, _ := f.GetPanes(sheet)
		pl, _ := f.GetPageLayout(sheet)
		fit := "none"
		if pl.FitToWidth != nil && pl.FitToHeight != nil {
			fit = fmt.Sprintf("%d wide × %d tall", *pl.FitToWidth, *pl.FitToHeight)
		}
		fmt.Fprintf(&b, "freeze %s, print titles %s, fit %s\n", panes.TopLeftCell, titles[sheet+" _xlnm.Print_Titles"], fit)
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		ncols := 0
		for _, r := range rows {
			ncols = max(ncols, len(r))
		}
		var widths []string
		for j := 1; j <= ncols; j++ {
			w, _ := f.GetColWidth(sheet, colName(j))
			widths = append(widths, fmt.Sprintf("%s=%g", colName(j), w))
		}
		fmt.Fprintf(&b, "widths %s\n", strings.Join(widths, " "))
		ms, _ := f.GetMergeCells(sheet)
		refs := mergeRefs(ms)
		sort.Strings(refs)
		fmt.Fprintf(&b, "merged %s\n", strings.Join(refs, " "))
		covered := mergedCells(t, f, sheet)
		for _, m := range ms {
			delete(covered, m.GetStartAxis())
		}
		for i, r := range rows {
			h, _ := f.GetRowHeight(sheet, i+1)
			fmt.Fprintf(&b, "row %d (%gpt)\n", i+1, h)
			for j := range r {
				ref := cell(j+1, i+1)
				v := raw(t, f, sheet, ref)
				if v == "" || covered[ref] {
					continue
				}
				bg := ""
				if c := fill(t, f, sheet, ref); c != "" {
					bg = " {" + c + "}"
				}
				shown, _ := f.GetCellValue(sheet, ref)
				typ, _ := f.GetCellType(sheet, ref)
				if typ == excelize.CellTypeUnset {
					fmt.Fprintf(&b, "  %s = %s [%s]%s", ref, v, numFmt(t, f, sheet, ref), bg)
					if shown != v {
						fmt.Fprintf(&b, " → %s", shown)
					}
					b.WriteString("\n")
				} else {
					fmt.Fprintf(&b, "  %s “%s”%s\n", ref, strings.ReplaceAll(v, "\n", "⏎"), bg)
				}
			}
		}
	}
	return b.String()
}

// fabricateData is a period's data for every unit of a campaign: values around the
// targets so that every light shows, rowsPerUnit rows of every list (unit 1 lists
// unit 0's first enterprise again), and every task reported.
func fabricateData(c *campaign.Campaign, p campaign.Period, rowsPerUnit int) score.Data {
	data := score.Data{Period: p, Returns: map[string]*score.Return{}, Attempts: map[string]score.Attempt{}, Totals: map[string]decimal.Decimal{}}
	received := p.EndDate().AddDate(0, 0, 5).Add(10 * time.Hour)
	for i, u := range c.Units {
		ret := &score.Return{Values: map[string]score.Value{}, Tasks: map[string]score.TaskReport{}}
		for ii := range c.Indicators {
			in := &c.Indicators[ii]
			if !c.Reports(in, u.Code, p) {
				continue
			}
			t, span, ok := c.TargetFor(in, u.Code, p)
			ret.Values[in.ID] = fabricateValue(in, t, ok, campaign.TimeProgress(span, p), i)
		}
		for li := range c.Lists {
			l := &c.Lists[li]
			for r := 0; r < rowsPerUnit; r++ {
				ret.Rows = append(ret.Rows, score.Row{List: l.ID, Index: r, Values: score.PackValues(fabricateRow(l, i, r))})
			}
		}
		statuses := []string{score.TaskInProgress, score.TaskDone, score.TaskNotStarted, score.TaskBehind}
		for ti, task := range c.Tasks {
			ret.Tasks[task.ID] = score.TaskReport{Status: statuses[(i+ti)%len(statuses)], Progress: fmt.Sprintf("第%d项任务按计划推进", ti+1)}
		}
		data.Returns[u.Code] = ret
		data.Attempts[u.Code] = score.Attempt{State: score.StateAccepted, ReceivedAt: received.Add(time.Duration(i) * time.Minute), Late: i%7 == 3}
	}
	for ii := range c.Indicators {
		in := &c.Indicators[ii]
		if in.Total == campaign.TotalGiven && c.Total != nil {
			if t, _, ok := c.TargetFor(in, c.Total.Code, p); ok && t.IsNumber() {
				data.Totals[in.ID] = t.Value.Add(decimal.NewFromInt(1))
			}
		}
	}
	return data
}

func fabricateValue(in *campaign.Indicator, t campaign.Target, hasTarget bool, tp decimal.Decimal, i int) score.Value {
	if in.Kind == campaign.KindQualitative || t.Form == campaign.TargetText {
		return score.Value{Text: []string{"完成", "未完成"}[i%2]}
	}
	step := decimal.NewFromInt(int64(i % 5))
	var v decimal.Decimal
	switch {
	case !hasTarget || !t.IsNumber():
		v = decimal.NewFromInt(int64(10 + 7*i))
	case in.Kind == campaign.KindRate || in.Kind == campaign.KindChange:
		v = t.Value.Add(step.Sub(decimal.NewFromInt(2)).Mul(d("0.8")))
	case in.Kind == campaign.KindLowerBetter:
		v = t.Value.Mul(d("0.9").Add(step.Mul(d("0.05"))))
	case in.Kind == campaign.KindFlow:
		v = t.Value.Mul(tp).Mul(d("0.8").Add(step.Mul(d("0.1"))))
	default:
		v = t.Value.Mul(d("0.85").Add(step.Mul(d("0.06"))))
	}
	if in.Decimals >= 0 {
		v = v.Round(in.Decimals)
	}
	return score.NumberValue(v)
}

func fabricateRow(l *campaign.List, unit, row int) map[string]string {
	values := map[string]string{}
	for _, col := range l.Columns {
		var v string
		switch col.Type {
		case campaign.ColText:
			v = fmt.Sprintf("%s%d-%d", col.Title, unit+1, row+1)
		case campaign.ColUSCC:
			u := unit
			if unit == 1 && row == 0 {
				u = 0 // the same enterprise as unit 0's first row
			}
			v = fmt.Sprintf("9133%06dMA%07dX", u, row)
		case campaign.ColDecimal:
			v = fmt.Sprintf("%d.%d", 10+row%90, (unit+row)%100)
		case campaign.ColInteger:
			v = fmt.Sprint(5 + (unit*3+row)%200)
		case campaign.ColDate:
			v = fmt.Sprintf("2023-%02d-%02d", 1+row%12, 1+(unit+row)%28)
		case campaign.ColEnum:
			v = col.Values[(unit+row)%len(col.Values)]
		}
		values[col.ID] = v
	}
	return values
}

// fabricateScores ranks the units by a made-up total: the campaign's scoring items,
// or one default-method item per indicator with numeric targets.
func fabricateScores(k *score.Consolidation) *score.Scores {
	c := k.Campaign
	s := &score.Scores{Period: k.Period, Scorable: true}
	if c.Scoring != nil {
		s.Method, s.Items = c.Scoring.Name, c.Scoring.Items
	} else {
		s.Method, s.Default = score.DefaultMethod, true
		for i := range c.Indicators {
			in := &c.Indicators[i]
			if in.HasNumericTarget() {
				s.Items = append(s.Items, campaign.ScoringItem{ID: in.ID, Name: in.Name, Formula: campaign.FormulaMinMax})
			}
		}
		if len(s.Items) > 0 {
			each := decimal.NewFromInt(100).DivRound(decimal.NewFromInt(int64(len(s.Items))), 2)
			for i := range s.Items {
				s.Items[i].Points = each
			}
		}
	}
	for i, u := range c.Units {
		us := score.UnitScore{Unit: u.Code}
		for j, it := range s.Items {
			p := it.Points.Mul(decimal.NewFromInt(int64(60 + (i*13+j*7)%41))).Div(decimal.NewFromInt(100)).Round(2)
			us.Items = append(us.Items, reasoned(score.ItemScore{Item: it.ID, Points: p, Applies: true},
				fmt.Sprintf("%s：第%d名，得%s分", it.Name, 1+(i+j)%len(c.Units), p.StringFixed(2))))
			us.Points = us.Points.Add(p)
		}
		s.Units = append(s.Units, us)
	}
	sort.SliceStable(s.Units, func(a, b int) bool { return s.Units[a].Points.GreaterThan(s.Units[b].Points) })
	for i := range s.Units {
		s.Units[i].Rank = i + 1
		if i > 0 && s.Units[i].Points.Equal(s.Units[i-1].Points) {
			s.Units[i].Rank = s.Units[i-1].Rank
		}
	}
	return s
}

// ---- independent readers ----

// summaryReport is what testdata/inspect_summary.py says about a workbook.
type summaryReport struct {
	Sheets []struct {
		Name        string                 `json:"name"`
		Orientation string                 `json:"orientation"`
		PaperSize   int                    `json:"paperSize"`
		TitleRows   string                 `json:"titleRows"`
		TitleCols   string                 `json:"titleCols"`
		Freeze      string                 `json:"freeze"`
		Merged      []string               `json:"merged"`
		ColBreaks   []int                  `json:"colBreaks"`
		Cells       map[string]summaryCell `json:"cells"`
	} `json:"sheets"`
}

type summaryCell struct {
	Value  string `json:"value"`
	Type   string `json:"type"`
	Format string `json:"format"`
	Fill   string `json:"fill"`
}

func inspectSummary(t *testing.T, path string) summaryReport {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	script, err := filepath.Abs(filepath.Join("testdata", "inspect_summary.py"))
	if err != nil {
		t.Fatal(err)
	}
	var r summaryReport
	if err := json.Unmarshal([]byte(testtool.Run(t, py, script, path)), &r); err != nil {
		t.Fatalf("inspect_summary.py: %v", err)
	}
	return r
}

// TestSummaryOpenpyxl has openpyxl read the workbook: the sheets, numbers stored as
// numbers (not text) with their formats, the status fills, the merged headers, the
// frozen panes and the repeated print titles.
func TestSummaryOpenpyxl(t *testing.T) {
	t.Parallel()
	_, f, data := testSummary(t)
	path := filepath.Join(t.TempDir(), "汇总表.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := inspectSummary(t, path)
	var names []string
	for _, s := range r.Sheets {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != strings.Join(f.GetSheetList(), ",") {
		t.Fatalf("openpyxl sees sheets %v, excelize %v", names, f.GetSheetList())
	}
	for _, s := range r.Sheets {
		if s.Orientation != "landscape" || s.PaperSize != 9 {
			t.Errorf("%s: %s paper %d, want A4 landscape", s.Name, s.Orientation, s.PaperSize)
		}
		// Every cell excelize reads as a number is a number to openpyxl too.
		rows, _ := f.GetRows(s.Name)
		numbers := 0
		for i, row := range rows {
			for j, v := range row {
				ref := cell(j+1, i+1)
				typ, _ := f.GetCellType(s.Name, ref)
				if v == "" || typ != excelize.CellTypeUnset {
					continue
				}
				numbers++
				if c := s.Cells[ref]; c.Type != "n" && !(c.Type == "d" && strings.HasPrefix(c.Format, "yyyy")) {
					t.Errorf("%s!%s %q: openpyxl type %q, want a number", s.Name, ref, v, c.Type)
				}
			}
		}
		if numbers == 0 && s.Name != "其他指标" {
			t.Errorf("%s: no numbers at all", s.Name)
		}
	}
	sheet := func(name string) int {
		for i, s := range r.Sheets {
			if s.Name == name {
				return i
			}
		}
		t.Fatalf("no sheet %s", name)
		return 0
	}
	// The 总表 is in the long form; 亩均效益, two indicators, stays wide.
	total := r.Sheets[sheet("总表")]
	if total.Freeze != "A5" || total.TitleRows != "$4:$4" || total.TitleCols != "" {
		t.Errorf("总表: freeze %s, print titles %s %s", total.Freeze, total.TitleRows, total.TitleCols)
	}
	wide := r.Sheets[sheet("亩均效益")]
	if wide.Freeze != "C6" || wide.TitleRows != "$3:$5" || wide.TitleCols != "$A:$B" {
		t.Errorf("亩均效益: freeze %s, print titles %s %s", wide.Freeze, wide.TitleRows, wide.TitleCols)
	}
	for _, want := range []string{"A3:A5", "B3:B5", "C3:F3", "C4:F4"} {
		if !strings.Contains(" "+strings.Join(wide.Merged, " ")+" ", " "+want+" ") {
			t.Errorf("亩均效益: %s not merged (%v)", want, wide.Merged)
		}
	}
	checks := []struct{ sheet, ref, value, typ, format, fill string }{
		{"总表", "H7", "0.875", "n", "0.0%", greenFill},    // 星海 企业数 完成率
		{"总表", "I7", "绿", "s", "General", greenFill},     // its light, as a word
		{"总表", "H8", "0.6", "n", "0.0%", redFill},        // 海城
		{"总表", "G9", "被退回", "s", "General", missingFill}, // 沙城 (rejected): 完成
		{"总表", "H9", "被退回", "s", "General", missingFill}, // 完成率
		{"总表", "F7", "40", "n", "0", ""},                 // 目标
		{"总表", "G7", "35", "n", "0", ""},                 // 完成
		{"总表", "J7", "1", "n", "0", ""},                  // 排名
		{"总表", "C3", "绿灯", "s", "General", greenFill},    // legend
		{"赛马得分", "F4", "33.5", "n", "0.00", ""},          // 总分
		{"高耗低效整治企业清单", "H4", "2023-08-15 00:00:00", "d", "yyyy-mm-dd", duplicateFill},
		{"高耗低效整治企业清单", "E5", "8.25", "n", "0.00", ""},
		{"报送情况", "F6", "3", "n", "0", ""},
	}
	for _, c := range checks {
		got := r.Sheets[sheet(c.sheet)].Cells[c.ref]
		if got.Value != c.value || got.Type != c.typ || got.Format != c.format || got.Fill != c.fill {
			t.Errorf("%s!%s: openpyxl sees %+v, want value %q type %q format %q fill %q", c.sheet, c.ref, got, c.value, c.typ, c.format, c.fill)
		}
	}
}

// TestSummaryLibreOffice converts the test summary and the huzhou-2023 summary (the
// default method, pending and text targets) to PDF with LibreOffice, and finds the
// titles in the text of the PDFs.
func TestSummaryLibreOffice(t *testing.T) {
	t.Parallel()
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	_, _, data := testSummary(t)
	c := loadSeed(t, "huzhou-2023")
	k := score.Consolidate(c, fabricateData(c, summaryPeriod, 2), nil)
	_, huzhou := writeSummaryFile(t, k, fabricateScores(k))
	for name, content := range map[string][]byte{"summary-test": data, "summary-huzhou": huzhou} {
		path := filepath.Join(dir, name+".xlsx")
		if err := os.WriteFile(path, content, 0o644); err != nil {
			t.Fatal(err)
		}
		pdf := testtool.ConvertWithLibreOffice(t, path, "pdf")
		text := testtool.Run(t, pdftotext, "-layout", pdf, "-")
		for _, want := range []string{"2023年第三季度汇总表", "赛马得分", "报送情况", "完成率"} {
			if !strings.Contains(strings.NewReplacer(" ", "", "\n", "").Replace(text), want) {
				t.Errorf("%s: the PDF lacks %q", name, want)
			}
		}
		if keep := os.Getenv("TENGLONG_KEEP_PDF"); keep != "" {
			out, _ := os.ReadFile(pdf)
			os.WriteFile(filepath.Join(keep, name+".pdf"), out, 0o644)
			os.WriteFile(filepath.Join(keep, name+".xlsx"), content, 0o644)
		}
	}
}

// BenchmarkWriteSummary writes the 汇总表 of a province: 1,300 units × 100
// indicators (402 columns on the 总表 and again across the category sheets), two
// lists of 101,400 rows in all, 50 tasks and the default method's 100 items.
func BenchmarkWriteSummary(b *testing.B) {
	c, probs := campaign.Load(corpus.Campaign(corpus.Size{Units: 1300, Indicators: 100, Lists: 2, Tasks: 50}))
	if errs := probs.Errors(); len(errs) > 0 {
		b.Fatal(errs)
	}
	p := campaign.Period{Kind: campaign.Quarterly, Year: 2022, Quarter: 3}
	data := fabricateData(c, p, 40)
	for i, u := range c.Units {
		if i%50 == 7 { // some missing
			delete(data.Returns, u.Code)
			delete(data.Attempts, u.Code)
		}
	}
	k := score.Consolidate(c, data, nil)
	s := fabricateScores(k)
	rows := 0
	for _, l := range k.Lists {
		rows += len(l.Rows)
	}
	b.ReportAllocs()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	peak := peakHeap()
	size := 0
	for b.Loop() {
		var buf bytes.Buffer
		if err := WriteSummary(&buf, k, s); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MB-alloc/op")
	b.ReportMetric(float64(peak()-before.HeapAlloc)/1e6, "MB-peak-heap")
	b.ReportMetric(float64(size)/1e6, "MB-file")
	b.ReportMetric(float64(rows), "list-rows")
}

// peakHeap samples the live heap every few milliseconds until the returned function is
// called, which reports the highest sample.
func peakHeap() func() uint64 {
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		var peak uint64
		var m runtime.MemStats
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 { close(stop); return <-done }
}

// officeZone is the campaigns' default time zone (Asia/Shanghai): received times are
// shown in it, not in the machine's.
var officeZone = new(campaign.Campaign).Location()

// reasoned is is with the reason r.
func reasoned(is score.ItemScore, r string) score.ItemScore {
	is.SetReason(r)
	return is
}
