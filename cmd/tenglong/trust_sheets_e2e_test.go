package main

// End-to-end tests of issue 12's workbook items: what a clerk and an office see when
// the templates, the 汇总表 and the 约谈名单 are opened or printed. Rendering is
// checked in LibreOffice's PDF (pdftotext, pdfinfo), cell contents with openpyxl.

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

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

var _ = os.ReadFile

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

// TestSheetsSummaryFitsPageWidth: every table of the 汇总表 prints one page wide on A4
// landscape with its header rows repeated, so that the 83 indicators of
// huzhou-2023-depts print in a few pages instead of 118 vertical strips. Pages are
// counted in LibreOffice's PDF; page set-up is read with openpyxl.
func TestSheetsSummaryFitsPageWidth(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	for _, c := range []struct {
		seed     string
		maxPages int // before: 22, 118, 26
	}{{"huzhou-2023", 12}, {"huzhou-2023-depts", 22}, {"wzetdz-2015", 18}} {
		t.Run(c.seed, func(t *testing.T) {
			path := onlyFile(t, sheetsDemo(t, c.seed), "汇总表-*.xlsx")
			out := testtool.Run(t, py, "-c", `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    ps = ws.page_setup
    bad = []
    if not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage: bad.append("not fitToPage")
    if ps.fitToWidth not in (1, "1") or ps.fitToHeight not in (0, "0"): bad.append("fit %s x %s" % (ps.fitToWidth, ps.fitToHeight))
    if ps.orientation != "landscape" or str(ps.paperSize) != "9": bad.append("paper %s %s" % (ps.paperSize, ps.orientation))
    if ws.col_breaks.count: bad.append("%d column breaks" % ws.col_breaks.count)
    if not ws.print_title_rows: bad.append("no repeated header rows")
    if bad: print(ws.title, "; ".join(bad))
`, path)
			if strings.TrimSpace(out) != "" {
				t.Errorf("page set-up of the 汇总表 sheets:\n%s", out)
			}
			_, pages := pdfText(t, path)
			if pages > c.maxPages {
				t.Errorf("the 汇总表 of %s prints on %d pages, want at most %d", c.seed, pages, c.maxPages)
			}
		})
	}
}
