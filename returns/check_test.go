package returns

import (
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/internal/golden"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// checkCase is one return of the test campaign: the clean fill with changes, a
// context, and exactly the findings expected.
type checkCase struct {
	name    string
	unit    string // default east
	period  string // default 2023Q3
	changes map[string]string
	ctx     Context
	want    []want
}

var checkCases = []checkCase{
	{name: "clean return: no findings"},

	// 本期值: numbers typed the way people type them.
	{name: "not a number", changes: map[string]string{indSheet + "!H6": "abc"},
		want: []want{{CodeNotNumber, indSheet, "H6", []string{"技改投资", "“abc”不是数字", "请填写数值", "（单位：万元）"}}}},
	{name: "a unit other than the measure", changes: map[string]string{indSheet + "!H6": "12.5吨"},
		want: []want{{CodeNotNumber, indSheet, "H6", []string{"“12.5吨”", "“吨”", "“万元”"}}}},
	{name: "a comma where a point was meant", changes: map[string]string{indSheet + "!H6": "1,23.5"},
		want: []want{{CodeNotNumber, indSheet, "H6", []string{"“1,23.5”", "逗号"}}}},
	{name: "full-width digits, 亿 into 万元, a trailing measure: all fine",
		changes: map[string]string{indSheet + "!H6": "０．１２３４５亿", indSheet + "!H7": "３．６％", indSheet + "!H10": "12家"}},
	{name: "a count with decimals", changes: map[string]string{indSheet + "!H10": "12.5"},
		want: []want{{CodeNotInteger, indSheet, "H10", []string{"累计培育企业", "“12.5”不是整数", "家"}}}},
	{name: "a count typed as 1.2万 is a whole number", changes: map[string]string{indSheet + "!H10": "1.2万"}},
	{name: "above the maximum", changes: map[string]string{indSheet + "!H7": "120"},
		want: []want{{CodeOutOfRange, indSheet, "H7", []string{"研发费用占比", "“120”", "0 到 100"}}}},
	{name: "below the minimum", changes: map[string]string{indSheet + "!H4": "-3"},
		want: []want{{CodeOutOfRange, indSheet, "H4", []string{"高耗低效整治企业数", "“-3”", "不能小于 0"}}}},
	{name: "at the limits", changes: map[string]string{indSheet + "!H7": "100", indSheet + "!H10": "0"}},
	{name: "an empty value is a warning, never 0", changes: map[string]string{indSheet + "!H6": "  "},
		want: []want{{CodeValueEmpty, indSheet, "H6", []string{"技改投资", "没有填写", "未报送", "不会当作 0"}}}},
	{name: "an empty qualitative value", changes: map[string]string{indSheet + "!H9": ""},
		want: []want{{CodeValueEmpty, indSheet, "H9", []string{"低小散整治", "“完成”或“未完成”"}}}},
	{name: "a qualitative answer that is not 完成/未完成", changes: map[string]string{indSheet + "!H9": "基本完成"},
		want: []want{{CodeQualitativeInvalid, indSheet, "H9", []string{"低小散整治", "“基本完成”", "“完成”或“未完成”"}}}},
	{name: "qualitative variants", changes: map[string]string{indSheet + "!H9": " 否 "}},

	// Year to date against the previous period.
	{name: "YTD lower than last quarter", ctx: Context{Previous: map[string]decimal.Decimal{"invest": dec("2000")}},
		want: []want{{CodeYTDDecreased, indSheet, "H6", []string{"技改投资", "1234.5", "2000", "当年累计数"}}}},
	{name: "YTD higher than last quarter", ctx: Context{Previous: map[string]decimal.Decimal{"invest": dec("1000"), "firms": dec("2")}}},
	{name: "a rate may fall", ctx: Context{Previous: map[string]decimal.Decimal{"rd-share": dec("5")}}},
	{name: "a cumulative flow must not fall", ctx: Context{Previous: map[string]decimal.Decimal{"cum-firms": dec("20")}},
		want: []want{{CodeYTDDecreased, indSheet, "H10", []string{"累计培育企业", "12", "20", "行动期内累计数"}}}},
	{name: "Q1 starts a new year", period: "2023Q1", ctx: Context{Previous: map[string]decimal.Decimal{"invest": dec("2000")}}},

	// Targets come from the campaign.
	{name: "a target changed", changes: map[string]string{indSheet + "!F6": "900"},
		want: []want{{CodeTargetChanged, indSheet, "F6", []string{"技改投资", "“900”", "1000", "不会采用"}}}},
	{name: "a target cleared", changes: map[string]string{indSheet + "!F4": ""},
		want: []want{{CodeTargetChanged, indSheet, "F4", []string{"高耗低效整治企业数", "10", "清空"}}}},
	{name: "a target as stored, or retyped equal", changes: map[string]string{indSheet + "!F5": "100.50", indSheet + "!F6": "1E3"}},

	// Roll-ups.
	{name: "count roll-up differs", changes: map[string]string{indSheet + "!H4": "3"},
		want: []want{{CodeRollupMismatch, indSheet, "H4", []string{"高耗低效整治企业数", "3", "高耗低效整治企业清单", "整治进度为“已完成”的行数 2"}}}},
	{name: "sum roll-up differs", changes: map[string]string{indSheet + "!H5": "31"},
		want: []want{{CodeRollupMismatch, indSheet, "H5", []string{"腾出用地", "31", "“用地面积（亩）”合计 30.5"}}}},
	{name: "sum roll-up equal at the reported precision", changes: map[string]string{listSheet + "!D5": "20.04"}},
	{name: "sum roll-up differs at the reported precision", changes: map[string]string{indSheet + "!H5": "30.50", listSheet + "!D5": "20.04"},
		want: []want{{CodeRollupMismatch, indSheet, "H5", []string{"30.5", "合计 30.54"}}}},
	{name: "a list row becomes 已完成: both roll-ups differ", changes: map[string]string{listSheet + "!F6": "已完成", listSheet + "!G6": "2023-09-01"},
		want: []want{
			{CodeRollupMismatch, indSheet, "H4", []string{"行数 3"}},
			{CodeRollupMismatch, indSheet, "H5", []string{"合计 35.5"}},
		}},
	{name: "no roll-up over an invalid column", changes: map[string]string{indSheet + "!H5": "31", listSheet + "!D5": "二十"},
		want: []want{{CodeNotNumber, listSheet, "D5", []string{"用地面积（亩）", "“二十”不是数字", "（单位：亩）"}}}},
	{name: "no roll-up against an empty value", changes: map[string]string{indSheet + "!H4": ""},
		want: []want{{CodeValueEmpty, indSheet, "H4", nil}}},

	// List rows.
	{name: "required cell empty", changes: map[string]string{listSheet + "!C6": ""},
		want: []want{{CodeRequiredEmpty, listSheet, "C6", []string{"“统一社会信用代码”是必填项", "整行清空"}}}},
	{name: "a row with one cell filled", changes: map[string]string{listSheet + "!E7": "8"},
		want: []want{
			{CodeRequiredEmpty, listSheet, "B7", []string{"企业名称"}},
			{CodeRequiredEmpty, listSheet, "C7", []string{"统一社会信用代码"}},
		}},
	{name: "a row of spaces is empty", changes: map[string]string{listSheet + "!B7": " ", listSheet + "!D7": "\u00a0"}},
	{name: "enum value not in the list", changes: map[string]string{listSheet + "!F6": "整治"},
		want: []want{{CodeEnumInvalid, listSheet, "F6", []string{"整治进度", "“整治”", "未启动、整治中、已完成"}}}},
	{name: "enum value with spaces and a unit in a number cell", changes: map[string]string{listSheet + "!F6": " 整治中 ", listSheet + "!D6": "5亩"}},
	{name: "decimal column below its minimum", changes: map[string]string{listSheet + "!D6": "-5"},
		want: []want{{CodeOutOfRange, listSheet, "D6", []string{"用地面积（亩）", "“-5”", "不能小于 0"}}}},
	{name: "integer column with decimals", changes: map[string]string{listSheet + "!E6": "10.5"},
		want: []want{{CodeNotInteger, listSheet, "E6", []string{"员工数（人）", "“10.5”不是整数"}}}},
	{name: "integer column not a number", changes: map[string]string{listSheet + "!E6": "十人"},
		want: []want{{CodeNotNumber, listSheet, "E6", []string{"员工数（人）", "“十人”"}}}},
	{name: "a date that does not exist", changes: map[string]string{listSheet + "!G6": "2023-02-30"},
		want: []want{{CodeBadDate, listSheet, "G6", []string{"完成时间", "“2023-02-30”", "2023-09-30"}}}},
	{name: "a date serial far in the past", changes: map[string]string{listSheet + "!G6": "1"},
		want: []want{{CodeBadDate, listSheet, "G6", []string{"1900-01-01", "2000 年到 2099 年"}}}},
	{name: "dates typed as text", changes: map[string]string{listSheet + "!G4": "2023年9月30日", listSheet + "!G5": "2023.9.30"}},
	{name: "USCC check digit wrong", changes: map[string]string{listSheet + "!C6": usccC[:17] + other(usccC[17])},
		want: []want{{CodeBadUSCC, listSheet, "C6", []string{usccC[:17], "校验位不对", "营业执照"}}}},
	{name: "USCC too short", changes: map[string]string{listSheet + "!C6": usccC[:17]},
		want: []want{{CodeBadUSCC, listSheet, "C6", []string{"应为 18 位", "17 位"}}}},
	{name: "USCC with a letter O", changes: map[string]string{listSheet + "!C6": "91330100MO2345678X"},
		want: []want{{CodeBadUSCC, listSheet, "C6", []string{"“O”", "不用 I、O、S、V、Z"}}}},
	{name: "USCC turned into a number by Excel", changes: map[string]string{listSheet + "!C6": "9.13301E+17"},
		want: []want{{CodeBadUSCC, listSheet, "C6", []string{"Excel", "文本"}}}},
	{name: "USCC in lower case with spaces", changes: map[string]string{listSheet + "!C6": " " + lowerSpaced(usccC) + " "}},
	{name: "USCC repeated in the file", changes: map[string]string{listSheet + "!C5": usccA, listSheet + "!C6": " " + usccA},
		want: []want{
			{CodeDuplicateInFile, listSheet, "C5", []string{usccA, "高耗低效整治企业清单!C4", "重复"}},
			{CodeDuplicateInFile, listSheet, "C6", []string{usccA, "高耗低效整治企业清单!C4"}},
		}},
	{name: "USCC reported by another unit", ctx: Context{OtherUSCC: map[string]string{usccB: "西城区", withCheck("91330102MA28A1B2D"): "南城区"}},
		want: []want{{CodeDuplicateAcrossUnits, listSheet, "C5", []string{usccB, "西城区", "只能由一个单位填报"}}}},

	// Tasks.
	{name: "task status not in the dropdown", changes: map[string]string{taskSheet + "!G4": "差不多了"},
		want: []want{{CodeTaskStatusInvalid, taskSheet, "G4", []string{"精准排摸高耗低效企业", "“差不多了”", "未启动、推进中、已完成、滞后"}}}},
	{name: "task progress without a status", changes: map[string]string{taskSheet + "!H5": "台账已建立"},
		want: []want{{CodeTaskStatusEmpty, taskSheet, "G5", []string{"建立整治台账", "没有选择状态"}}}},
	{name: "task status synonyms", changes: map[string]string{taskSheet + "!G4": "进行中", taskSheet + "!G5": "已完成"}},
}

// other is a different character of the USCC alphabet.
func other(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

// lowerSpaced writes a code the careless way: lower case, a space every 6 characters.
func lowerSpaced(code string) string {
	out := ""
	for i, r := range code {
		if i > 0 && i%6 == 0 {
			out += " "
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out += string(r)
	}
	return out
}

func TestCheck(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	for _, tc := range checkCases {
		t.Run(tc.name, func(t *testing.T) {
			unit, period := tc.unit, tc.period
			if unit == "" {
				unit = "east"
			}
			if period == "" {
				period = "2023Q3"
			}
			r := Check(c, build(t, c, unit, period, edit(tc.changes)), tc.ctx)
			checkFindings(t, r.Findings, tc.want)
		})
	}
}

// Every finding code has a case that produces it.
func TestEveryCodeIsTested(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range checkCases {
		for _, w := range tc.want {
			seen[w.code] = true
		}
	}
	for _, tc := range identifyCases {
		for _, w := range tc.want {
			seen[w.code] = true
		}
	}
	seen[CodeUnknownInput] = true // TestUnknownInputs
	for _, tc := range sniffCases {
		seen[tc.code] = true
	}
	seen[CodeNotTemplate] = true        // TestNotTemplate
	seen[CodeNothingFilled] = true      // TestBlankTemplatesOfEverySeed
	seen[CodeMetadataMissing] = true    // TestFromVisible
	seen[CodeTooLarge] = true           // TestTooLargeAndSkipped
	seen[CodeSkipped] = true            // TestTooLargeAndSkipped
	seen[CodeMailIncomplete] = true     // cmd/tenglong: TestMailUnclosedBoundary
	seen[CodeSignatureInvalid] = true   // TestSignatureAndTitles
	seen[CodeTitleMismatch] = true      // TestSignatureAndTitles
	seen[CodeSignatureUnchecked] = true // cmd/tenglong: validate without a database
	seen[CodeSenderMismatch] = true     // cmd/tenglong: TestSenderMismatch
	seen[CodeMailDateIgnored] = true    // cmd/tenglong: TestMailDate
	seen[CodeFormulaInInput] = true     // TestFormulaInInput
	seen[CodeEmptyOverAccepted] = true  // TestEmptyOverAccepted
	seen[CodeWrongLink] = true          // web: TestPortalRefusesOtherUnitsAndPeriods
	for _, c := range Codes() {
		if !seen[c.Code] {
			t.Errorf("finding code %s has no test case", c.Code)
		}
		if c.Severity != SeverityError && c.Severity != SeverityWarning {
			t.Errorf("finding code %s: severity %q", c.Code, c.Severity)
		}
	}
}

// The converted values: every number exact, every list cell canonical.
func TestCheckConvertsValues(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	fill := edit(map[string]string{
		indSheet + "!H5": "30.50", indSheet + "!J5": "  含两宗\u00a0", indSheet + "!H6": "0.12345亿",
		listSheet + "!C6": " " + lowerSpaced(usccC) + " ", listSheet + "!G4": "2023年9月30日", listSheet + "!B4": " 甲机械有限公司\u3000",
		listSheet + "!F6": "整治中 ", listSheet + "!D5": "２０", listSheet + "!G6": "20231001",
		taskSheet + "!G5": "进行中",
	})
	r := Check(c, build(t, c, "east", "2023Q3", fill), Context{})
	if len(r.Findings) != 0 {
		t.Fatalf("findings:\n%s", dumpFindings(r.Findings))
	}
	if r.Unit.Code != "east" || r.Period.String() != "2023Q3" {
		t.Errorf("identified %s %s", r.Unit.Code, r.Period)
	}
	values := map[string]Value{}
	for _, v := range r.Values {
		values[v.Indicator] = v
	}
	if len(values) != 7 {
		t.Errorf("%d values, want 7", len(values))
	}
	for id, want := range map[string]string{"firms": "2", "land": "30.5", "invest": "1234.5", "rd-share": "3.6", "energy-drop": "1.2", "cum-firms": "12"} {
		v := values[id]
		if v.Number == nil || v.Number.String() != want {
			t.Errorf("%s = %v, want %s", id, v.Number, want)
		}
	}
	if v := values["land"]; v.Raw != "30.50" || v.Cell != "H5" || v.Note != "含两宗" {
		t.Errorf("land: raw %q cell %s note %q", v.Raw, v.Cell, v.Note)
	}
	if v := values["rectify"]; v.Done == nil || !*v.Done || v.Number != nil {
		t.Errorf("rectify: done %v number %v", v.Done, v.Number)
	}
	if len(r.Rows) != 3 {
		t.Fatalf("%d rows, want 3 (empty rows skipped)", len(r.Rows))
	}
	for i, want := range []map[string]string{
		{"name": "甲机械有限公司", "uscc": usccA, "land": "10.5", "staff": "20", "state": "已完成", "done": "2023-09-30"},
		{"name": "乙五金厂", "uscc": usccB, "land": "20", "staff": "35", "state": "已完成", "done": "2023-09-30"},
		{"name": "丙塑料制品厂", "uscc": usccC, "land": "5", "staff": "10", "state": "整治中", "done": "2023-10-01"},
	} {
		row := r.Rows[i]
		if row.List != "register" || row.Index != i {
			t.Errorf("row %d: list %s index %d", i, row.List, row.Index)
		}
		for col, v := range want {
			if got := row.Cell(col).Value; got != v {
				t.Errorf("row %d %s = %q, want %q (raw %q)", i, col, got, v, row.Cell(col).Raw)
			}
		}
	}
	if rc := r.Rows[1].Cell("land"); rc.Raw != "２０" || rc.Cell != "D5" {
		t.Errorf("row 1 land: raw %q cell %s", rc.Raw, rc.Cell)
	}
	if len(r.Tasks) != 2 || r.Tasks[0] != (Task{ID: "t1", Status: "推进中", Progress: "已排摸 120 家", Cell: "G4"}) ||
		r.Tasks[1] != (Task{ID: "t2", Status: "推进中", Cell: "G5"}) {
		t.Errorf("tasks %+v", r.Tasks)
	}
	if got := UniqueUSCCs(c, r.Rows); len(got) != 3 || got[0] != usccA || got[2] != usccC {
		t.Errorf("UniqueUSCCs = %v", got)
	}
	if r.Errors() != 0 || r.Warnings() != 0 {
		t.Errorf("errors %d warnings %d", r.Errors(), r.Warnings())
	}
}

// "0.1" stays 0.1, and the raw text is kept to the last zero.
func TestCheckKeepsValuesExact(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	fill := edit(map[string]string{indSheet + "!H8": "0.1", indSheet + "!H6": "1234.5600", listSheet + "!D4": "0.1", listSheet + "!D5": "0.2", indSheet + "!H5": "0.3"})
	r := Check(c, build(t, c, "east", "2023Q3", fill), Context{})
	if len(r.Findings) != 0 {
		t.Fatalf("findings:\n%s", dumpFindings(r.Findings)) // 0.1 + 0.2 is exactly 0.3
	}
	for _, v := range r.Values {
		switch v.Indicator {
		case "energy-drop":
			if !v.Number.Equal(dec("0.1")) || v.Number.String() != "0.1" {
				t.Errorf("0.1 read as %s", v.Number)
			}
		case "invest":
			if v.Raw != "1234.5600" || !v.Number.Equal(dec("1234.56")) {
				t.Errorf("1234.5600: raw %q number %s", v.Raw, v.Number)
			}
		}
	}
}

func TestResultCounts(t *testing.T) {
	r := Result{Findings: []Finding{
		newFinding(CodeNotNumber, "s", "A1", "x"), newFinding(CodeValueEmpty, "s", "A2", "x"),
		newFinding(CodeValueEmpty, "s", "A3", "x"), newFinding(CodeBadUSCC, "s", "A4", "x"),
	}}
	if r.Errors() != 2 || r.Warnings() != 2 {
		t.Errorf("errors %d warnings %d, want 2 and 2", r.Errors(), r.Warnings())
	}
	if s := r.Findings[0].String(); s != "s!A1：x" {
		t.Errorf("String() = %q", s)
	}
	if s := (Finding{Message: "整个文件"}).String(); s != "整个文件" {
		t.Errorf("String() without a cell = %q", s)
	}
}

func TestCodeTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Codes() {
		if seen[c.Code] {
			t.Errorf("code %s defined twice", c.Code)
		}
		seen[c.Code] = true
		if c.Meaning == "" {
			t.Errorf("code %s has no meaning", c.Code)
		}
	}
	if SeverityOf("no-such-code") != "" {
		t.Error("an unknown code has a severity")
	}
	defer func() {
		if recover() == nil {
			t.Error("newFinding accepted an undefined code")
		}
	}()
	newFinding("no-such-code", "", "", "")
}

// A return with a mistake of every kind, its findings kept in a golden file so that
// the wording a clerk reads is reviewed as a whole (go test ./returns -update).
func TestMistakesGolden(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	fill := edit(map[string]string{
		indSheet + "!H4": "3", indSheet + "!H5": "31", indSheet + "!H6": "12.5吨", indSheet + "!H7": "120",
		indSheet + "!H8": "", indSheet + "!H9": "基本完成", indSheet + "!H10": "12.5", indSheet + "!F6": "900",
		listSheet + "!C5": usccA, listSheet + "!C6": usccC[:17], listSheet + "!F6": "整治",
		listSheet + "!E7": "8", listSheet + "!G7": "2023-02-30", listSheet + "!B8": "丁公司", listSheet + "!C8": withCheck("91330102MA28A1B2D"),
		taskSheet + "!G4": "差不多了", taskSheet + "!H5": "台账已建立",
	})
	ret := build(t, c, "east", "2023Q3", fill)
	ret.Metadata.Fingerprint = "old"
	r := Check(c, ret, Context{OtherUSCC: map[string]string{withCheck("91330102MA28A1B2D"): "西城区"}})
	golden.Check(t, "testdata/mistakes.golden", dumpFindings(r.Findings))
}

// Whatever is typed into any cell, Check reports and never panics.
func FuzzCheck(f *testing.F) {
	c := loadCampaign(f, testCampaign)
	for _, s := range []string{"abc", "1,234.5", "12.5万", "2023年9月30日", usccA, "已完成", "", "1E30"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, raw string, at int) {
		ret := build(t, c, "east", "2023Q3", cleanFill())
		if at < 0 {
			at = -at
		}
		ret.Values[at%len(ret.Values)].Raw = raw
		ret.Values[(at*7+3)%len(ret.Values)].Raw = raw
		r := Check(c, ret, Context{Previous: map[string]decimal.Decimal{"invest": dec("1")}})
		for _, fd := range r.Findings {
			if fd.Message == "" || SeverityOf(fd.Code) != fd.Severity {
				t.Errorf("finding %+v", fd)
			}
		}
	})
}
