package main

// End-to-end tests of issue 12's workbook items: what a clerk and an office see when
// the templates, the 汇总表 and the 约谈名单 are opened or printed. Rendering is
// checked in LibreOffice's PDF (pdftotext, pdfinfo), cell contents with openpyxl.

import (
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/testtool"
)

// sheetsCampaign has a percentage-point indicator, a rate, a flow and a cumulative
// flow counted from a base (基数) for unit a only.
const sheetsCampaign = `id: sheets-test
title: 测试市新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动2023年目标体系表
issuer: 测试市制造业高质量发展领导小组办公室
span: {start: 2021-01, end: 2023-12}
cadence: quarterly
deadline: 10
units:
  - {code: a, name: 甲区, kind: area}
  - {code: b, name: 乙县, kind: area}
total: {code: city, name: 全市}
indicators:
  - {id: share, name: 数字经济核心产业增加值占比提高, measure: 个百分点, kind: change, decimals: 1, targets: {a: 1.5, b: 1.5}}
  - {id: growth, name: 规上工业增加值增长, measure: "%", kind: rate, decimals: 1, targets: {a: 7, b: 7}}
  - {id: firms, name: 高耗低效整治企业数, measure: 家, kind: flow, decimals: 0, targets: {a: 150, b: 250}}
  - {id: cum, name: 累计培育专精特新企业, measure: 家, kind: flow, scope: cumulative, decimals: 0, targets: {a: 220, b: 100}, base: {a: 168}}
`

// sheetsWorkspace makes a workspace on a campaign file of the test's own.
func sheetsWorkspace(t *testing.T, yaml string) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	writeBytes(t, filepath.Join(ws, "campaign.yaml"), []byte(yaml))
	runOK(t, "-w", ws, "check")
	return ws
}

// pdfText converts a workbook with LibreOffice and returns the PDF's text (layout
// kept) and its page count.
func pdfText(t *testing.T, xlsx string) (string, int) {
	t.Helper()
	testtool.Need(t, "pdftotext", "poppler-utils")
	pdf := testtool.ConvertWithLibreOffice(t, xlsx, "pdf")
	text := testtool.Run(t, "pdftotext", "-layout", pdf, "-")
	return text, pdfPages(t, pdf)
}

func pdfPages(t *testing.T, pdf string) int {
	t.Helper()
	info := testtool.Run(t, testtool.Need(t, "pdfinfo", "poppler-utils"), pdf)
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info)
	if m == nil {
		t.Fatalf("pdfinfo shows no page count:\n%s", info)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// TestSheetsTemplateCompletionFits: a filled template printed by LibreOffice shows
// every 完成率 — differences in percentage points and long percentages — and none as
// ###; a target counted from a base computes (本期值−基数)÷(目标−基数) and says so in
// 填报口径; changing the unit's base makes ingest warn definition-changed.
func TestSheetsTemplateCompletionFits(t *testing.T) {
	ws := sheetsWorkspace(t, sheetsCampaign)
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	filled := fillReturns(t, ws, "2023Q3", map[string]map[string]string{
		"share":  {"a": "-10.8"},  // 1.5 → −12.3 个百分点
		"growth": {"a": "-5.3"},   // 7 → −12.3 个百分点
		"firms":  {"a": "123456"}, // 82304.0%
		"cum":    {"a": "194"},    // (194−168)/(220−168) = 50.0%; without the base 88.2%
	})
	path := filepath.Join(t.TempDir(), "01-甲区-2023Q3.xlsx")
	writeBytes(t, path, filled["01-甲区-2023Q3.xlsx"])
	text, _ := pdfText(t, path)
	if strings.Contains(text, "###") {
		t.Errorf("LibreOffice prints ### in the filled template:\n%s", text)
	}
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{"-12.3个百分点", "82304.0%", "50.0%", "含2020年末基数168家"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the printed template lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(flat, "88.2%") {
		t.Errorf("the 完成率 of the target with a base ignores the base:\n%s", text)
	}

	// The base is part of what the template shows: changing it is a changed definition.
	editYAML(t, ws, "base: {a: 168}", "base: {a: 170}")
	code, out, errs := run(t, "-w", ws, "validate", path, "--json")
	if code != 0 || !strings.Contains(out, `"definition-changed"`) {
		t.Errorf("validate after the base changed: exit %d, no definition-changed\n%s%s", code, out, errs)
	}
}

// sheetTexts reads every sheet of a workbook with openpyxl (an independent reader):
// sheet name → the non-empty cell texts, row by row.
func sheetTexts(t *testing.T, path string) map[string][]string {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	out := testtool.Run(t, py, "-c", `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None] for ws in wb.worksheets}, ensure_ascii=False))
`, path)
	var got map[string][]string
	jsonOf(t, out, &got)
	return got
}

// TestSheetsGuideDescribesItsOwnSheets: 填报说明 names the sheets the template has and
// no other — no list step without a list sheet, no 任务进展 without tasks — and its
// dates are those of the template's own period, the deadline day ending at 24:00 in
// the campaign's time zone.
func TestSheetsGuideDescribesItsOwnSheets(t *testing.T) {
	cases := []struct {
		seed, period, unit string
		want, not          []string
	}{
		{"huzhou-2023", "2023Q3", "wuxing",
			[]string{"本表共2个工作表：“填报说明”、“指标填报”", "2023年10月10日 24时前报送（北京时间）", "数据截至 2023年9月30日"},
			[]string{"清单", "任务进展", "“完成”或“未完成”"}},
		{"wzetdz-2015", "2015Q4", "xinghai",
			[]string{"本表共3个工作表：“填报说明”、“指标填报”、“重点技改项目清单”", "日期写成 2015-12-31", "2016年1月10日 24时前报送"},
			[]string{"2023", "任务进展"}},
		{"lucheng-2021", "2022Q2", "jxj",
			[]string{"“任务进展”：为本单位牵头或配合", "本表共3个工作表：“填报说明”、“指标填报”、“任务进展”", "数据截至 2022年6月30日", "2022年7月10日"},
			[]string{"清单", "2023年", "2021年"}},
	}
	for _, c := range cases {
		t.Run(c.seed, func(t *testing.T) {
			ws := filepath.Join(t.TempDir(), "office")
			runOK(t, "init", ws, "--seed", c.seed)
			runOK(t, "-w", ws, "generate", "--period", c.period)
			path := readManifest(t, filepath.Join(ws, templatesDir, c.period))[c.unit]
			sheets := sheetTexts(t, path)
			guide := strings.Join(sheets["填报说明"], "\n")
			for _, w := range c.want {
				if !strings.Contains(guide, w) {
					t.Errorf("填报说明 lacks %q:\n%s", w, guide)
				}
			}
			for _, n := range c.not {
				if strings.Contains(guide, n) {
					t.Errorf("填报说明 mentions %q:\n%s", n, guide)
				}
			}
		})
	}
}

// sheetsDemo runs the demo of a seed with the binary and returns its directory.
func sheetsDemo(t *testing.T, seed string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), seed)
	binOK(t, []string{"TENGLONG_CLOCK=2023-10-20T09:00:00+08:00"}, "demo", "--seed", seed, "--dir", dir)
	return dir
}

// onlyFile is the one file of a directory matching a glob.
func onlyFile(t *testing.T, dir, pattern string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil || len(m) != 1 {
		t.Fatalf("%s in %s: %v %v", pattern, dir, m, err)
	}
	return m[0]
}

// TestSheetsSummaryFitsPageWidth: every table of the 汇总表 prints on A4 landscape,
// fitted to the page width, with its header rows repeated, at a readable scale (at
// least half size) and on a bounded number of pages: an indicator sheet too wide for
// that is written in the long form, one row per indicator and unit; a wide 赛马得分
// prints a few pages wide. Page set-up and column widths are read with openpyxl and
// the scale computed from them; LibreOffice's PDF is measured too (pages, and the
// height of the text on each page).
func TestSheetsSummaryFitsPageWidth(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	for _, c := range []struct {
		seed     string
		maxPages int // one page wide at any scale: 11, 19, 18; long forms: 21, 32, 24
	}{{"huzhou-2023", 24}, {"huzhou-2023-depts", 36}, {"wzetdz-2015", 28}} {
		t.Run(c.seed, func(t *testing.T) {
			path := onlyFile(t, sheetsDemo(t, c.seed), "汇总表-*.xlsx")
			out := testtool.Run(t, py, "-c", `
import sys, openpyxl
from openpyxl.utils import get_column_letter, column_index_from_string
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    ps = ws.page_setup
    bad = []
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage: bad.append("not fitToPage")
    wide = int(ps.fitToWidth or 1)
    if wide < 1 or ps.fitToHeight not in (0, "0"): bad.append("fit %s x %s" % (ps.fitToWidth, ps.fitToHeight))
    if ps.orientation != "landscape" or str(ps.paperSize) != "9": bad.append("paper %s %s" % (ps.paperSize, ps.orientation))
    if ws.col_breaks.count: bad.append("%d column breaks" % ws.col_breaks.count)
    if not ws.print_title_rows and ws.max_row > 2: bad.append("no repeated header rows")  # a title and one line repeat nothing
    # The scale fitting to "wide" pages gives: column widths in pixels (7 per digit
    # width plus 5 of padding, at 96 dpi) against A4 landscape inside the margins;
    # repeated columns print on every page.
    px = []
    for j in range(1, ws.max_column + 1):
        d = ws.column_dimensions.get(get_column_letter(j))
        px.append(int((d.width if d is not None and d.width else 8.43) * 7 + 5))
    repeated = 0
    if ws.print_title_cols:
        a, b = ws.print_title_cols.replace("$", "").split(":")
        repeated = sum(px[column_index_from_string(a) - 1:column_index_from_string(b)])
    room = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 96
    scale = min(1.0, wide * room / (sum(px) + (wide - 1) * repeated))
    if scale < 0.5: bad.append("prints at %.0f%%" % (scale * 100))
    if bad: print(ws.title, "; ".join(bad))
`, path)
			if strings.TrimSpace(out) != "" {
				t.Errorf("page set-up of the 汇总表 sheets:\n%s", out)
			}
			pdf := testtool.ConvertWithLibreOffice(t, path, "pdf")
			if pages := pdfPages(t, pdf); pages > c.maxPages {
				t.Errorf("the 汇总表 of %s prints on %d pages, want at most %d", c.seed, pages, c.maxPages)
			}
			// LibreOffice's own scale: 11 pt cell text prints with words about 11 pt
			// tall; at half size, 5.5. The median word of every page must reach it.
			bbox := testtool.Run(t, testtool.Need(t, "pdftotext", "poppler-utils"), "-bbox", pdf, "-")
			word := regexp.MustCompile(`<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"`)
			for i, page := range strings.Split(bbox, "<page ")[1:] {
				var hs []float64
				for _, m := range word.FindAllStringSubmatch(page, -1) {
					y0, _ := strconv.ParseFloat(m[1], 64)
					y1, _ := strconv.ParseFloat(m[2], 64)
					hs = append(hs, y1-y0)
				}
				if len(hs) == 0 {
					t.Errorf("page %d of the 汇总表 is blank", i+1)
					continue
				}
				sort.Float64s(hs)
				if median := hs[len(hs)/2]; median < 5.5 {
					t.Errorf("page %d of the 汇总表: text %.1f pt tall, printed below half size", i+1, median)
				}
			}
		})
	}
}

// TestSheetsSummaryLongForm: the 总表 of huzhou-2023-depts (83 indicators) is in the
// long form — its note says so, its header row is repeated — and, read with openpyxl,
// its 目标/完成/完成率/排名 are numbers wherever they are numbers (never a number as
// text), a unit whose light is 未报 shows 完成 as 未报送 or 被退回 (never 0; which one
// is TestStatesAgreeAcrossOutputs'), and every light is
// written as a word.
func TestSheetsSummaryLongForm(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	for _, seed := range []string{"huzhou-2023-depts", "wzetdz-2015"} {
		t.Run(seed, func(t *testing.T) {
			path := onlyFile(t, sheetsDemo(t, seed), "汇总表-*.xlsx")
			out := testtool.Run(t, py, "-c", `
import re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["总表"]
rows = list(ws.iter_rows())
head = [c.value for c in rows[3]]
want = ["序号", "类别", "指标", "计量单位", "单位", "目标", "完成", "完成率/较目标", "灯", "排名", "较上期"]
if head != want: print("header", head[:12]); sys.exit()
if "按指标逐项列出" not in str(rows[1][0].value): print("note", rows[1][0].value)
if ws.print_title_rows != "$4:$4": print("print titles", ws.print_title_rows)
numeric = re.compile(r"^[+-]?\d+(\.\d+)?(%|个百分点)?$")
numbers = 0
for r in rows[4:]:
    v = [c.value for c in r]
    if v[4] is None or str(v[4]).endswith("说明") or v[0] is None: continue
    for j in (5, 6, 7, 9):
        c = r[j]
        if isinstance(c.value, (int, float)): numbers += 1
        elif isinstance(c.value, str) and numeric.match(c.value.strip()): print("number as text", c.coordinate, c.value)
    if v[8] not in ("绿", "黄", "红", "未报", None): print("light", r[8].coordinate, v[8])
    if r[7].fill.fgColor.rgb and r[7].fill.fgColor.rgb[-6:] in ("C6EFCE", "FFEB9C", "FFC7CE") and not v[8]: print("coloured without a word", r[7].coordinate)
    if v[8] == "未报" and not r[4].font.b and v[6] not in ("未报送", "被退回"): print("not reported, 完成 is", r[6].coordinate, repr(v[6]))
if numbers == 0: print("no numbers at all")
print("ok", numbers)
`, path)
			if !strings.HasPrefix(strings.TrimSpace(out), "ok ") {
				t.Errorf("long-form 总表 of %s:\n%s", seed, out)
			}
		})
	}
}

// sheetRows reads one sheet with openpyxl: every row's cells as text ("" for empty).
func sheetRows(t *testing.T, path, sheet string) [][]string {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	out := testtool.Run(t, py, "-c", `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
print(json.dumps([["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)], ensure_ascii=False))
`, path, sheet)
	var rows [][]string
	jsonOf(t, out, &rows)
	return rows
}

// column finds a header in a sheet's rows: the row index and the column.
func column(t *testing.T, rows [][]string, header string) (int, int) {
	t.Helper()
	for i, r := range rows {
		for j, v := range r {
			if v == header {
				return i, j
			}
		}
	}
	t.Fatalf("no column %s in %q", header, rows)
	return 0, 0
}

// TestSheetsInterviewRulesInWords: the 约谈名单 workbook names each rule by what it
// means (综合得分排名末位), never by its id in campaign.yaml (slow, last, red), and a
// unit summoned without accepted data shows 未报送, not 0 points and no rank.
func TestSheetsInterviewRulesInWords(t *testing.T) {
	dir := sheetsDemo(t, "huzhou-2023")
	rows := sheetRows(t, onlyFile(t, dir, "约谈名单-*.xlsx"), "约谈名单")
	header := "约谈规则"
	if !strings.Contains(fmtRows(rows), "| 约谈规则 |") {
		header = "规则" // the header before issue 12: check what it shows all the same
	}
	head, col := column(t, rows, header)
	ids := regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
	n := 0
	for _, r := range rows[head+1:] {
		for _, rule := range strings.Split(r[col], "\n") {
			rule = strings.TrimSpace(regexp.MustCompile(`^\d+\. `).ReplaceAllString(rule, ""))
			if ids.MatchString(rule) || strings.Contains(rule, "、") && ids.MatchString(strings.Split(rule, "、")[0]) {
				t.Errorf("约谈规则 shows the rule id %q: %q", rule, r)
			}
			if rule != "" {
				n++
			}
		}
	}
	// 安吉县 (rejected) and 南太湖新区 (missing) are summoned without a rank: no 0 points,
	// and each in its own state.
	if i, points := column(t, rows, "综合得分"); i == head {
		_, place := column(t, rows, "名次")
		want := map[string]string{"安吉县": "被退回", "南太湖新区": "未报送"}
		for _, r := range rows[head+1:] {
			if w, ok := want[r[1]]; ok && (r[points] != w || r[place] != w) {
				t.Errorf("%s: 综合得分 %q 名次 %q, want %s for both", r[1], r[points], r[place], w)
			}
		}
	}
	if n == 0 || !strings.Contains(fmtRows(rows), "综合得分排名末位") {
		t.Errorf("no rule named in words:\n%s", fmtRows(rows))
	}
}

func fmtRows(rows [][]string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, " | ") + "\n")
	}
	return b.String()
}

// notScorableCampaign gives each indicator to one unit only: units cannot be compared,
// so nothing is scorable; c never reports and is summoned for it.
const notScorableCampaign = `id: sheets-unscored
title: 测试市部门攻坚行动
issuer: 测试市领导小组办公室
span: {start: 2023-01, end: 2023-12}
cadence: quarterly
units:
  - {code: a, name: 市经信局, kind: department}
  - {code: b, name: 市科技局, kind: department}
  - {code: c, name: 市商务局, kind: department}
total: {code: city, name: 全市}
indicators:
  - {id: x, name: 工业投资, measure: 亿元, kind: flow, targets: {a: 100}}
  - {id: y, name: 研发投入, measure: 亿元, kind: flow, targets: {b: 50}}
  - {id: z, name: 外贸出口, measure: 亿元, kind: flow, targets: {c: 80}}
interviews:
  rules:
    - {id: last, when: {rank-from-bottom: 1}, reason: 综合得分排名末位}
    - {id: missing, when: {missing: true}, reason: 逾期未报送数据}
`

// TestSheetsNothingScorable: when nothing is scorable the 汇总表's 赛马得分 is one
// line saying 不计分、不排名 and why (not a grid of “/” and —), and the 约谈名单
// workbook says so, with 未报送 for the unit that sent nothing and 不排名 for the
// others; neither prints 0.00 or a blank rank.
func TestSheetsNothingScorable(t *testing.T) {
	ws := sheetsWorkspace(t, notScorableCampaign)
	env := []string{"TENGLONG_CLOCK=2023-10-20T09:00:00+08:00"}
	binOK(t, env, "-w", ws, "generate", "--period", "2023Q3")
	fillAndIngest(t, ws, "2023Q3", map[string]map[string]string{"x": {"a": "60"}, "y": {"b": "30"}})
	summary := filepath.Join(ws, "汇总表.xlsx")
	binOK(t, env, "-w", ws, "consolidate", "--period", "2023Q3", "-o", summary)
	list := filepath.Join(ws, "约谈名单.xlsx")
	binOK(t, env, "-w", ws, "interviews", "--period", "2023Q3", "--xlsx", list)

	scores := sheetRows(t, summary, "赛马得分")
	if len(scores) != 2 || len(scores[1]) != 1 || !strings.Contains(scores[1][0], "不计分、不排名") ||
		!strings.Contains(scores[1][0], "只有一个单位承担") || strings.Contains(scores[1][0], "计分方法") {
		t.Errorf("赛马得分 with nothing scorable is not one line saying so and why:\n%s", fmtRows(scores))
	}

	rows := sheetRows(t, list, "约谈名单")
	head, col := column(t, rows, "约谈规则")
	_, points := column(t, rows, "综合得分")
	_, place := column(t, rows, "名次")
	if note := strings.Join(rows[1], ""); !strings.Contains(note, "不计分、不排名") {
		t.Errorf("约谈名单 note %q does not say nothing is scored", note)
	}
	found := false
	for _, r := range rows[head+1:] {
		if r[1] != "市商务局" {
			continue
		}
		found = true
		if r[col] != "未报送" || r[points] != "不计分" || r[place] != "未报送" {
			t.Errorf("约谈名单 row %q: want 约谈规则 未报送, 综合得分 不计分, 名次 未报送", r)
		}
	}
	if !found || strings.Contains(fmtRows(rows), "0.00") {
		t.Errorf("约谈名单 lacks 市商务局 or prints 0.00:\n%s", fmtRows(rows))
	}
}

// TestSheetsTitlesBreakBetweenPhrases: the merged title rows of every workbook — the
// breakdown, a template, the 汇总表 and the 约谈名单 — printed by LibreOffice break
// between phrases of the campaign's title (制造业 / “腾笼换鸟、凤凰涅槃”), never inside a
// word (攻坚 / 行动, 培 / 育).
func TestSheetsTitlesBreakBetweenPhrases(t *testing.T) {
	for _, seed := range []string{"huzhou-2023-depts", "wzetdz-2015"} {
		t.Run(seed, func(t *testing.T) {
			dir := sheetsDemo(t, seed)
			c, probs := campaign.Load(readBytes(t, filepath.Join(dir, "campaign.yaml")))
			if probs.HasErrors() {
				t.Fatal(probs)
			}
			title := []rune(c.Title)
			files := []string{onlyFile(t, dir, "任务分解表.xlsx"), onlyFile(t, dir, "汇总表-*.xlsx"), onlyFile(t, dir, "约谈名单-*.xlsx")}
			templates, _ := filepath.Glob(filepath.Join(dir, templatesDir, "*", "*.xlsx"))
			files = append(files, templates[0])
			for _, path := range files {
				pdf := testtool.ConvertWithLibreOffice(t, path, "pdf")
				lines := strings.Split(testtool.Run(t, "pdftotext", pdf, "-"), "\n")
				for i := 0; i+1 < len(lines); i++ {
					a, b := []rune(strings.TrimSpace(lines[i])), []rune(strings.TrimSpace(lines[i+1]))
					if len(a) < 2 || len(b) < 2 {
						continue
					}
					// The two lines join inside the title: the break must be a phrase boundary.
					join := string(a[len(a)-2:]) + string(b[:2])
					if !strings.Contains(string(title), join) || !strings.Contains(string(title), string(a)) {
						continue
					}
					if !strings.ContainsRune("和及与、，”）)》", a[len(a)-1]) && !strings.ContainsRune("“（(《0123456789", b[0]) {
						t.Errorf("%s: a title breaks inside a word: %q / %q", filepath.Base(path), string(a), string(b))
					}
				}
			}
		})
	}
}
