package upward

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/seeds"
	"tenglong/workbook"
)

// The kind a county infers from each 填报口径 and 完成率 formula the template writer
// produces (workbook.basisText, completionFormula).
func TestInferKind(t *testing.T) {
	for _, tc := range []struct {
		name string
		row  workbook.ParentRow
		want Kind
	}{
		{"flow", workbook.ParentRow{Basis: "2023年1—9月累计"}, Kind{Kind: campaign.KindFlow, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalSum}},
		{"cumulative", workbook.ParentRow{Basis: "2021年1月起累计至2023年9月"}, Kind{Kind: campaign.KindFlow, Scope: campaign.ScopeCumulative, SpanStart: "2021-01", TotalRule: campaign.TotalSum}},
		{"cumulative from a base", workbook.ParentRow{Basis: "截至2023年9月末累计总数（含2020年末基数168家），完成率＝（本期值−基数）÷（目标−基数）", Measure: "家"},
			Kind{Kind: campaign.KindFlow, Scope: campaign.ScopeCumulative, SpanStart: "2021-01", TotalRule: campaign.TotalSum, Base: "168", BaseYear: 2020}},
		{"level", workbook.ParentRow{Basis: "2023年9月末数", ValueCell: "H4", Completion: `IF(AND(ISNUMBER(H4),F4>0),H4/F4,"")`}, Kind{Kind: campaign.KindLevel, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
		{"lower-better", workbook.ParentRow{Basis: "2023年9月末数", ValueCell: "H5", Completion: `IF(AND(ISNUMBER(H5),H5>0,F5>0),F5/H5,"")`}, Kind{Kind: campaign.KindLowerBetter, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
		{"change %", workbook.ParentRow{Basis: "2023年1—9月同比，填百分数的数值"}, Kind{Kind: campaign.KindChange, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
		{"change pp", workbook.ParentRow{Basis: "2023年1—9月，单位：个百分点"}, Kind{Kind: campaign.KindChange, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
		{"rate", workbook.ParentRow{Basis: "2023年1—9月，填百分数的数值"}, Kind{Kind: campaign.KindRate, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
		{"qualitative", workbook.ParentRow{Basis: "选择“完成”或“未完成”，情况写在备注", Qualitative: true}, Kind{Kind: campaign.KindQualitative, Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}},
	} {
		got := InferKind(tc.row)
		got.Commentary = ""
		if got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func parentTemplate(period string) *workbook.ParentTemplate {
	return &workbook.ParentTemplate{
		Metadata: workbook.Metadata{Campaign: "city-2023", Unit: "county", UnitName: "某县", Period: period, Deadline: "2023-10-10"},
		Title:    "某市攻坚行动",
		Rows: []workbook.ParentRow{
			{ID: "firms", Name: "整治企业数", Measure: "家", Basis: "2023年1—9月累计", Target: "250", TargetNumber: true, ValueCell: "H4", NoteCell: "J4"},
			{ID: "growth", Name: "增加值增长", Measure: "%", Basis: "2023年1—9月同比，填百分数的数值", Target: "8", TargetNumber: true, Decimals: 1, ValueCell: "H5", NoteCell: "J5"},
			{ID: "std", Name: "标准", Measure: "项", Basis: "2023年1—9月累计", Target: "待省下达", ValueCell: "H6"},
			{ID: "done", Name: "定性任务", Basis: "选择“完成”或“未完成”，情况写在备注", Target: "完成省定目标", Qualitative: true, ValueCell: "H7"},
		},
		Lists: []workbook.ParentList{{ID: "firms-list", Name: "整治企业清单", Sheet: "整治企业清单", First: 4, Last: 7, Filled: 2,
			Preset: []workbook.PresetRow{{No: "7", Values: map[string]string{"uscc": "91330521MA2B3C4D5E", "name": "丁公司", "invest": "12.5"}}},
			Columns: []workbook.ParentColumn{
				{ID: "uscc", Title: "统一社会信用代码", Type: campaign.ColUSCC, Required: true, Col: 2},
				{ID: "name", Title: "企业名称", Type: campaign.ColText, Col: 3},
				{ID: "invest", Title: "投资(万元)", Type: campaign.ColDecimal, Min: "0", Col: 4},
				{ID: "way", Title: "整治方式", Type: campaign.ColEnum, Values: []string{"关停", "提升"}, Col: 5},
			}}},
		Tasks: []workbook.ParentTask{{ID: "t1", No: "1", Action: "整治", Title: "排摸低效企业", Text: "全面排摸", Lead: true, Due: "2023-12-31", StatusCell: "G4", ProgressCell: "H4"}},
	}
}

// countyCampaign is the county's campaign as init writes it, with two townships.
func countyCampaign(t *testing.T, edit func(string) string) *campaign.Campaign {
	t.Helper()
	ws, err := CountyCampaign(parentTemplate("2023Q3"), time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(ws.YAML), "units: []", "units:\n  - {code: a, name: 甲镇, kind: area}\n  - {code: b, name: 乙街道, kind: area}", 1)
	yaml = strings.Replace(yaml, "lead: []", "lead: [a]\n    co: [b]", 1)
	if edit != nil {
		yaml = edit(yaml)
	}
	c, probs := campaign.Load([]byte(yaml))
	if probs = append(probs, campaign.Check(c)...); probs.HasErrors() {
		t.Fatalf("the county's campaign: %v\n%s", probs, yaml)
	}
	return c
}

func TestCountyCampaign(t *testing.T) {
	c := countyCampaign(t, nil)
	if c.ID != "city-2023-county" || c.Total == nil || c.Total.Code != "county" || c.Cadence != campaign.Quarterly {
		t.Fatalf("campaign %s, total %+v, cadence %s", c.ID, c.Total, c.Cadence)
	}
	p := c.Parent
	if p == nil || p.Campaign != "city-2023" || p.Unit != "county" || p.UnitName != "某县" || len(p.Indicators) != 4 {
		t.Fatalf("parent %+v", p)
	}
	for id, want := range map[string]campaign.TargetForm{"firms": campaign.TargetNumber, "growth": campaign.TargetNumber, "std": campaign.TargetPending, "done": campaign.TargetText} {
		in, _ := c.Indicator(id)
		if got := in.Targets["county"].Form; got != want {
			t.Errorf("%s: county target form %v, want %v", id, got, want)
		}
	}
	if in, _ := c.Indicator("growth"); in.Measure != "%" || in.Kind != campaign.KindChange || in.Total != campaign.TotalGiven || in.Decimals != 1 {
		t.Errorf("growth read as %+v", in)
	}
	// The city's list and task come down: the same ids and columns (the USCC not
	// unique: two townships may report one firm, upward reports it once).
	if len(c.Lists) != 1 || c.Lists[0].ID != "firms-list" || c.Lists[0].Name != "整治企业清单" || len(c.Lists[0].Columns) != 4 {
		t.Fatalf("lists %+v", c.Lists)
	}
	cols := c.Lists[0].Columns
	if u := cols[0]; u.Type != campaign.ColUSCC || u.Unique || !u.Required || cols[2].Type != campaign.ColDecimal || cols[2].Min == nil || !cols[2].Min.IsZero() ||
		cols[3].Type != campaign.ColEnum || strings.Join(cols[3].Values, ",") != "关停,提升" {
		t.Errorf("list columns %+v", cols)
	}
	if p := c.Lists[0].Preset; len(p) != 1 || p[0].No != "7" || p[0].Unit != "" || p[0].Values["name"] != "丁公司" || p[0].Values["uscc"] != "91330521MA2B3C4D5E" {
		t.Errorf("preset rows %+v", p)
	}
	if len(c.Tasks) != 1 || c.Tasks[0].ID != "t1" || c.Tasks[0].Title != "排摸低效企业" || c.Tasks[0].Due == nil || c.Tasks[0].Due.Format("2006-01-02") != "2023-12-31" {
		t.Errorf("tasks %+v", c.Tasks)
	}
}

// A cumulative target counted from a base (基数) comes down with its base and base
// year, and the county's span starts after the base year.
func TestCountyCampaignBase(t *testing.T) {
	pt := parentTemplate("2023Q3")
	pt.Rows = append(pt.Rows, workbook.ParentRow{ID: "firms-total", Name: "企业总数", Measure: "家", Basis: "截至2023年9月末累计总数（含2020年末基数168家），完成率＝（本期值−基数）÷（目标−基数）",
		Target: "220", TargetNumber: true, ValueCell: "H8"})
	ws, err := CountyCampaign(pt, time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(ws.YAML), "units: []", "units:\n  - {code: a, name: 甲镇, kind: area}\n  - {code: b, name: 乙街道, kind: area}", 1)
	yaml = strings.Replace(yaml, "lead: []", "lead: [a]", 1)
	c, probs := campaign.Load([]byte(yaml))
	if probs = append(probs, campaign.Check(c)...); probs.HasErrors() {
		t.Fatalf("the county's campaign: %v\n%s", probs, yaml)
	}
	in, _ := c.Indicator("firms-total")
	if in.Scope != campaign.ScopeCumulative || in.BaseYear != 2020 || in.Base["county"].Value.String() != "168" || c.Span.Start.String() != "2021-01" {
		t.Errorf("firms-total read as scope %s, base %v (%d), span from %s\n%s", in.Scope, in.Base, in.BaseYear, c.Span.Start, yaml)
	}
	if b, ok := c.BaseFor(in, "county"); !ok || b.String() != "168" {
		t.Errorf("BaseFor(county) = %s %v", b, ok)
	}
}

// A template whose metadata holds something other than codes is refused, never
// written into YAML; a target that is no number is kept as words.
func TestCountyCampaignRefusesOddMetadata(t *testing.T) {
	for name, edit := range map[string]func(*workbook.ParentTemplate){
		"campaign":  func(pt *workbook.ParentTemplate) { pt.Metadata.Campaign = "city\nunits: [x]" },
		"unit":      func(pt *workbook.ParentTemplate) { pt.Metadata.Unit = "County" },
		"indicator": func(pt *workbook.ParentTemplate) { pt.Rows[0].ID = "firms: {x: 1}" },
		"list":      func(pt *workbook.ParentTemplate) { pt.Lists[0].ID = "firms-list\n    rows: 9" },
		"column":    func(pt *workbook.ParentTemplate) { pt.Lists[0].Columns[0].ID = "uscc, type: text}" },
		"task":      func(pt *workbook.ParentTemplate) { pt.Tasks[0].ID = "t1\n    lead: [x]" },
	} {
		pt := parentTemplate("2023Q3")
		edit(pt)
		if _, err := CountyCampaign(pt, time.Now()); err == nil || !strings.Contains(err.Error(), "可能被改动过") {
			t.Errorf("%s: %v", name, err)
		}
	}
	pt := parentTemplate("2023Q3")
	pt.Rows[0].Target = "250}, b: {9"
	ws, err := CountyCampaign(pt, time.Now())
	if err != nil || !strings.Contains(string(ws.YAML), `targets: {county: {text: "250}, b: {9"}}`) {
		t.Errorf("a target that is no number: %v\n%s", err, ws.YAML)
	}
}

func data(values map[string]map[string]string) score.Data {
	d := score.Data{Returns: map[string]*score.Return{}, Totals: map[string]decimal.Decimal{"growth": decimal.RequireFromString("8.25")}}
	for unit, vs := range values {
		r := &score.Return{Values: map[string]score.Value{}, Tasks: map[string]score.TaskReport{"t1": {Status: "已完成"}}}
		for id, v := range vs {
			if n, err := decimal.NewFromString(v); err == nil {
				r.Values[id] = score.NumberValue(n)
			} else {
				r.Values[id] = score.Value{Text: v}
			}
		}
		d.Returns[unit] = r
	}
	return d
}

func TestBuild(t *testing.T) {
	both := map[string]map[string]string{
		"a": {"firms": "31", "growth": "7.9", "std": "1", "done": "完成"},
		"b": {"firms": "22.5", "growth": "9", "std": "2", "done": "未完成"},
	}
	onlyA := map[string]map[string]string{"a": both["a"]}
	removeStd := func(y string) string { // the indicator's block, up to the next one's comment, and its mapping
		j := strings.Index(y, "  - id: std")
		y = y[:j] + y[j+strings.Index(y[j:], "  # "):]
		return strings.Replace(y, "    std: std\n", "", 1)
	}
	for _, tc := range []struct {
		name    string
		edit    func(string) string
		values  map[string]map[string]string
		period  string
		partial bool
		refuse  []string
		cells   map[string]string
	}{
		{name: "complete", values: both, period: "2023Q3",
			cells: map[string]string{"H4": "53.5", "H5": "8.25", "H6": "3", "H7": "未完成", "J4": "本级汇总：2 个单位合计"}},
		{name: "missing unit", values: onlyA, period: "2023Q3", refuse: []string{"还有 1 个单位没有通过审核的报送：乙街道", "--partial"}},
		{name: "partial", values: onlyA, period: "2023Q3", partial: true, cells: map[string]string{"H4": "31", "H7": "完成", "J4": "本级汇总：已报 1/2 个单位"}},
		{name: "other period", values: both, period: "2023Q2", refuse: []string{"这份模板是2023年第二季度的，不是2023年第三季度（--period 2023Q3）的"}},
		{name: "measure", values: both, period: "2023Q3", edit: func(y string) string { return strings.Replace(y, `measure: "家"`, `measure: "户"`, 1) },
			refuse: []string{"指标“整治企业数”的计量单位本级是“户”，上级模板是“家”", "measure 改回“家”"}},
		{name: "removed", values: both, period: "2023Q3", edit: removeStd, refuse: []string{"上级模板要填指标“标准”（std），本级 campaign.yaml 里没有对应的指标"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := countyCampaign(t, tc.edit)
			p, _ := campaign.ParsePeriod("2023Q3")
			d := data(tc.values)
			d.Period = p
			k := score.Consolidate(c, d, nil)
			ret, err := Build(c, k, parentTemplate(tc.period), p, tc.partial)
			if tc.refuse != nil {
				if err == nil {
					t.Fatalf("built a return, want a refusal")
				}
				for _, w := range tc.refuse {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, cell := range ret.Cells {
				got[cell.Cell] = cell.Value
			}
			for ref, want := range tc.cells {
				if got[ref] != want {
					t.Errorf("%s = %q, want %q", ref, got[ref], want)
				}
			}
			if guide := strings.Join(ret.GuideLines, "\n"); strings.Contains(guide, "【部分汇总】") != tc.partial || (tc.partial && !strings.Contains(guide, "未含以下 1 个单位：乙街道")) {
				t.Errorf("guide lines %q", ret.GuideLines)
			}
			if len(ret.Detail.Rows) != 6 || ret.Detail.Headers[2] != "甲镇" || ret.Detail.Rows[4][0] != "清单：整治企业清单" || ret.Detail.Rows[5][0] != "任务：排摸低效企业" {
				t.Errorf("明细 %+v", ret.Detail)
			}
		})
	}
}

// Lists and tasks go upward: the townships' rows merged, a USCC two units reported
// once, the city's pre-filled rows beyond them cleared; a task's status from its
// units' statuses, its progress naming each unit.
func TestBuildListsAndTasks(t *testing.T) {
	row := func(uscc, name, invest string) score.Row {
		v := map[string]string{"uscc": uscc, "name": name}
		if invest != "" {
			v["invest"] = invest
		}
		return score.Row{List: "firms-list", Values: score.PackValues(v)}
	}
	type unitData struct {
		rows []score.Row
		task score.TaskReport
	}
	for _, tc := range []struct {
		name    string
		units   map[string]unitData
		partial bool
		edit    func(string) string
		refuse  []string
		cells   map[string]string
		guide   string
	}{
		{name: "merged", units: map[string]unitData{
			"a": {[]score.Row{row("91330521MA2B3C4D5E", "甲公司", "100.5"), row("91330521MA2B3C4D6F", "乙公司", "20")}, score.TaskReport{Status: "推进中", Progress: "已排摸3家。"}},
			"b": {[]score.Row{row("91330521MA2B3C4D6F", "乙公司", "20"), row("91330521MA2B3C4D7G", "丙公司", "")}, score.TaskReport{Status: "已完成", Progress: "已排摸2家"}},
		}, cells: map[string]string{"B4": "91330521MA2B3C4D5E", "C4": "甲公司", "D4": "100.5", "B5": "91330521MA2B3C4D6F", "C5": "乙公司", "D5": "20", "B6": "91330521MA2B3C4D7G", "C6": "丙公司",
			"G4": "推进中", "H4": "甲镇：已排摸3家；乙街道：已排摸2家。"},
			guide: "清单“整治企业清单”合并了各单位的 4 行，其中 1 行与其他单位重复（统一社会信用代码相同），只报一次，共 3 行。"},
		{name: "pre-filled rows cleared", units: map[string]unitData{
			"a": {[]score.Row{row("91330521MA2B3C4D5E", "甲公司", "1")}, score.TaskReport{Status: "已完成"}},
			"b": {nil, score.TaskReport{Status: "已完成"}},
		}, cells: map[string]string{"B4": "91330521MA2B3C4D5E", "C4": "甲公司", "D4": "1", "B5": "", "C5": "", "D5": "", "E5": "", "G4": "已完成"}},
		{name: "behind", units: map[string]unitData{
			"a": {nil, score.TaskReport{Status: "已完成"}}, "b": {nil, score.TaskReport{Status: "滞后", Progress: "用地未落实"}},
		}, cells: map[string]string{"G4": "滞后", "H4": "乙街道：用地未落实。", "B4": "", "C4": "", "D4": "", "E4": "", "B5": "", "C5": "", "D5": "", "E5": ""}},
		{name: "too many rows", units: map[string]unitData{
			"a": {[]score.Row{row("1", "", ""), row("2", "", ""), row("3", "", "")}, score.TaskReport{Status: "已完成"}},
			"b": {[]score.Row{row("4", "", ""), row("5", "", "")}, score.TaskReport{Status: "已完成"}},
		}, refuse: []string{"清单“整治企业清单”合并去重后有 5 行，上级模板只留了 4 行"}},
		{name: "task unreported", units: map[string]unitData{"a": {}, "b": {}}, refuse: []string{"任务“排摸低效企业”本级还没有单位报送状态", "--partial"}},
		{name: "task unreported, partial", units: map[string]unitData{"a": {}, "b": {}}, partial: true, cells: map[string]string{"B4": "", "C4": "", "D4": "", "E4": "", "B5": "", "C5": "", "D5": "", "E5": ""}},
		{name: "column removed", units: map[string]unitData{"a": {}, "b": {}},
			edit: func(y string) string {
				y = strings.Replace(y, `, invest: "12.5"`, "", 1)
				return strings.Replace(y, `      - {id: invest, title: "投资(万元)", type: decimal, min: 0}`+"\n", "", 1)
			},
			refuse: []string{"上级模板的清单“整治企业清单”有列“投资(万元)”（invest），本级 campaign.yaml 第"}},
		{name: "task removed", units: map[string]unitData{"a": {}, "b": {}},
			edit: func(y string) string {
				return y[:strings.Index(y, "\n# 上级模板的任务")] + "\n"
			},
			refuse: []string{"上级模板要填任务“排摸低效企业”（t1），本级 campaign.yaml 的 tasks 里没有这项任务"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := countyCampaign(t, tc.edit)
			p, _ := campaign.ParsePeriod("2023Q3")
			both := map[string]map[string]string{"a": {"firms": "1", "std": "1", "done": "完成"}, "b": {"firms": "2", "std": "1", "done": "完成"}}
			d := data(both)
			d.Period = p
			for unit, ud := range tc.units {
				r := d.Returns[unit]
				r.Rows = ud.rows
				r.Tasks = map[string]score.TaskReport{}
				if ud.task.Status != "" || ud.task.Progress != "" {
					r.Tasks["t1"] = ud.task
				}
			}
			k := score.Consolidate(c, d, nil)
			ret, err := Build(c, k, parentTemplate("2023Q3"), p, tc.partial)
			if tc.refuse != nil {
				if err == nil {
					t.Fatalf("built a return, want a refusal")
				}
				for _, w := range tc.refuse {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, cell := range ret.Cells {
				if cell.Sheet != workbook.IndicatorSheet {
					got[cell.Cell] = cell.Value
				}
			}
			for ref, want := range tc.cells {
				if v, ok := got[ref]; !ok || v != want {
					t.Errorf("%s = %q (filled %v), want %q", ref, v, ok, want)
				}
			}
			for ref := range got {
				if _, ok := tc.cells[ref]; !ok {
					t.Errorf("%s filled with %q, not expected", ref, got[ref])
				}
			}
			if tc.guide != "" && !strings.Contains(strings.Join(ret.GuideLines, "\n"), tc.guide) {
				t.Errorf("guide lines %q lack %q", ret.GuideLines, tc.guide)
			}
		})
	}
}

// The base a county reads is the one the city's template writer states: a Shengzhou
// indicator given a base for 市经信局 (the seed has the city's only).
func TestInferKindFromTemplate(t *testing.T) {
	data, ok := seeds.Get("shengzhou-2022")
	if !ok {
		t.Fatal("no seed shengzhou-2022")
	}
	y := strings.Replace(string(data), "base: {city: 168}", "base: {city: 168, jxj: 168}", 1)
	y = strings.Replace(y, "by-year: {2023: {city: 220}}", "by-year: {2023: {city: 220, jxj: 220}}", 1)
	c, probs := campaign.Load([]byte(y))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	u, _ := c.Unit("jxj")
	p, err := c.ReportingPeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	pt, err := workbook.ReadParentTemplate(tpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range pt.Rows {
		if r.ID != "backward-capacity-firms" {
			continue
		}
		if k := InferKind(r); k.Base != "168" || k.BaseYear != 2020 || k.Scope != campaign.ScopeCumulative || k.TotalRule != campaign.TotalSum {
			t.Errorf("read %+v from 填报口径 %q", k, r.Basis)
		}
		return
	}
	t.Fatal("the template has no row backward-capacity-firms")
}

// WithSplit (the levels demo) splits the city's targets among the county's units: a
// summed one in proportion, adding up exactly; a given one the county's target for
// each unit; words untouched. check then has nothing to say about the split.
func TestWithSplit(t *testing.T) {
	ws, err := CountyCampaign(parentTemplate("2023Q3"), time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	yaml, err := WithUnits(ws.YAML, []campaign.Unit{{Code: "a", Name: "甲镇"}, {Code: "b", Name: "乙街道"}})
	if err != nil {
		t.Fatal(err)
	}
	c, probs := campaign.Load(yaml)
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	split, err := WithSplit(yaml, c, map[string]decimal.Decimal{"a": decimal.NewFromInt(2), "b": decimal.NewFromInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"targets: {county: 250, a: 167, b: 83}", "targets: {county: 8, a: 8, b: 8}", `targets: {county: {pending: "待省下达"}}`, `targets: {county: {text: "完成省定目标"}}`} {
		if !strings.Contains(string(split), want) {
			t.Errorf("split campaign.yaml lacks %q:\n%s", want, split)
		}
	}
	c, probs = campaign.Load(split)
	for _, p := range append(probs, campaign.Check(c)...) {
		if p.Code == "total-mismatch" || p.Severity == campaign.SeverityError {
			t.Errorf("check of the split: %v", p)
		}
	}
	if _, err := WithSplit(yaml, c, map[string]decimal.Decimal{"a": decimal.NewFromInt(1)}); err == nil || !strings.Contains(err.Error(), "乙街道") {
		t.Errorf("a unit without a weight: %v", err)
	}
}

// A city whose rates are derived from a list (huzhou-2023-projects: 开工率 from the
// project list) sends templates whose 本期值 is a formula: the county reports the
// list, not the rates, and upward fills the rows and leaves the formulas to the city.
func TestDerivedRatesGoUpAsTheirList(t *testing.T) {
	data, ok := seeds.Get("huzhou-2023-projects")
	if !ok {
		t.Fatal("no seed huzhou-2023-projects")
	}
	city, probs := campaign.Load(data)
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	u, _ := city.Unit("deqing")
	p, err := city.ReportingPeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: city, Unit: u, Period: p, Deadline: p.Deadline(city.Deadline),
		Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: city.ID})
	if err != nil {
		t.Fatal(err)
	}
	pt, err := workbook.ReadParentTemplate(tpl)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := CountyCampaign(pt, time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	yaml, err := WithUnits(ws.YAML, []campaign.Unit{{Code: "a", Name: "甲镇"}, {Code: "b", Name: "乙街道"}})
	if err != nil {
		t.Fatal(err)
	}
	c, probs := campaign.Load(yaml)
	if probs = append(probs, campaign.Check(c)...); probs.HasErrors() {
		t.Fatalf("the county's campaign: %v\n%s", probs, yaml)
	}
	if ws.Indicators != 0 || len(c.Indicators) != 0 || len(c.Parent.Indicators) != 0 || !strings.Contains(string(yaml), "上级模板按清单自动计算，本级不报这个数") {
		t.Errorf("derived rates came down as indicators (%d):\n%s", len(c.Indicators), yaml)
	}
	if len(c.Lists) != 1 || len(c.Lists[0].Columns) != 10 {
		t.Fatalf("lists %+v", c.Lists)
	}
	year := c.Lists[0].Columns[1]
	if year.Type != campaign.ColInteger || year.Min == nil || year.Min.String() != "2000" || year.Max == nil || year.Max.String() != "2099" || !year.Required {
		t.Errorf("引进年份 came down as %+v", year)
	}
	// The townships' templates carry the list alone.
	town, _ := c.Unit("a")
	if _, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: town, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID}); err != nil {
		t.Errorf("a township's template: %v", err)
	}
	d := score.Data{Period: p, Returns: map[string]*score.Return{
		"a": {Values: map[string]score.Value{}, Rows: []score.Row{{List: "projects", Values: score.PackValues(map[string]string{"name": "甲项目", "year": "2023", "invest": "35000", "start": "2023-05-01"})}}},
		"b": {Values: map[string]score.Value{}, Rows: []score.Row{{List: "projects", Values: score.PackValues(map[string]string{"name": "乙项目", "year": "2022", "invest": "40000"})}}},
	}}
	ret, err := Build(c, score.Consolidate(c, d, nil), pt, p, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range ret.Cells {
		if cell.Sheet == workbook.IndicatorSheet {
			t.Errorf("upward typed %s!%s = %q over the city's formula", cell.Sheet, cell.Cell, cell.Value)
		}
	}
	if ret.ListRows != 2 {
		t.Errorf("%d list rows filled, want 2", ret.ListRows)
	}
}
