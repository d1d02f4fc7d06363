package main

// End-to-end tests of the loop an office runs every period (issue 4, "Proven by"):
// generate templates for the huzhou-2023 and wzetdz-2015 seeds, type returns into
// them with an independent writer (openpyxl, testdata/ingest/workbooks.py) the way
// clerks type — clean numbers, numbers typed as text, and each mistake of DESIGN.md §6
// that applies to these seeds — then ingest, validate, mark up, correct, re-save with
// LibreOffice, show the status and generate the next period, asserting every outcome,
// finding code, cell address and stored value.
//
// Setup is shared to keep this fast: one generate per seed, one openpyxl run typing
// every return of both seeds, one LibreOffice run re-saving the clean ones, one openpyxl
// run reading and fixing the marked-up returns, one for the next period.
//
// The seeds have no tasks, huzhou-2023 has no list and no indicator with a min or max,
// wzetdz-2015's list has no USCC, enum or date column and feeds no indicator, so task,
// enum, date, USCC, duplicate and roll-up findings cannot arise here (returns/check_test.go
// covers them); out-of-range and list findings are exercised on wzetdz-2015 only.
//
// The tests after TestIngestEndToEnd each pin one gap found while writing it.

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/store"
)

// Sheets of a generated template.
const (
	valuesSheet   = "指标填报"
	projectsSheet = "重点技改项目清单" // wzetdz-2015's list
	metaSheet     = "_tenglong"
	issuesSheet   = "问题清单" // first sheet of a marked-up return
)

// Fills of a marked-up return (workbook/styles.go), as openpyxl reports them.
const (
	redFill    = "FFFFC7CE"
	yellowFill = "FFFFEB9C"
)

// ---------------------------------------------------------------------------------
// What a clerk types.

// typed is one cell a clerk fills in: a number, text (even text that looks like a
// number), or a cell cleared. stores is what the store must then hold for it when it
// is an indicator value or list cell and differs from the text typed (12.5万 → 125000).
type typed struct {
	Sheet  string `json:"sheet"`
	Cell   string `json:"cell"`
	Type   string `json:"type"` // number | text | clear
	Text   string `json:"text"`
	stores string
}

func num(cell, text string) typed {
	return typed{Sheet: valuesSheet, Cell: cell, Type: "number", Text: text}
}
func txt(cell, text string) typed {
	return typed{Sheet: valuesSheet, Cell: cell, Type: "text", Text: text}
}

// listNum and listTxt type into wzetdz-2015's 重点技改项目清单 (B 项目名称, C 企业名称, D 总投资(万元)).
func listNum(cell, text string) typed {
	return typed{Sheet: projectsSheet, Cell: cell, Type: "number", Text: text}
}
func listTxt(cell, text string) typed {
	return typed{Sheet: projectsSheet, Cell: cell, Type: "text", Text: text}
}
func listClear(cell string) typed { return typed{Sheet: projectsSheet, Cell: cell, Type: "clear"} }

// meta overwrites a field of the very hidden metadata sheet (B4 fingerprint, B5 unit,
// B7 period), as copy-paste or a well-meaning colleague might.
func meta(cell, text string) typed {
	return typed{Sheet: metaSheet, Cell: cell, Type: "text", Text: text}
}

// as says what the store holds for a cell typed this way.
func (c typed) as(stored string) typed { c.stores = stored; return c }

// stored is the value the store must hold for a typed cell.
func (c typed) stored() string {
	if c.stores != "" {
		return c.stores
	}
	return strings.TrimSpace(c.Text)
}

// with is base with some cells typed differently (or added).
func with(base []typed, over ...typed) []typed {
	out := append([]typed(nil), base...)
	for _, o := range over {
		found := false
		for i := range out {
			if out[i].Sheet == o.Sheet && out[i].Cell == o.Cell {
				out[i], found = o, true
			}
		}
		if !found {
			out = append(out, o)
		}
	}
	return out
}

// ---------------------------------------------------------------------------------
// The seeds' templates.

// huzhouRows are the indicators of 指标填报 rows 4, 5, … for a huzhou-2023 unit.
var huzhouRows = []string{
	"new-industry-share-up",           // H4  八大新兴产业链营业收入占比提高, 个百分点
	"industry-value-added-growth",     // H5  规上工业增加值增长, %
	"manufacturing-investment-growth", // H6  制造业投资增长, %
	"tax-per-mu",                      // H7  规上工业亩均税收, 万元/亩
	"value-added-per-mu",              // H8  规上工业亩均增加值, 万元/亩
	"labor-productivity",              // H9  全员劳动生产率, 万元/人
	"rd-expense-ratio",                // H10 研发费用占营业收入比重, %
	"high-tech-share",                 // H11 高新技术产业增加值占比, %
	"patents-per-10k",                 // H12 每万人口高价值发明专利拥有量, 件 (decimals: 2)
	"digital-core-growth",             // H13 数字经济核心产业增加值增速, %
	"zj-made-standards",               // H14 “浙江制造”标准, 项 (pending target)
	"pinzibiao-firms",                 // H15 “品字标”认证企业, 家 (pending target)
	"inefficient-firms",               // H16 高耗低效整治企业数, 家
	"freed-land",                      // H17 腾出用地面积, 亩
	"freed-energy",                    // H18 腾出能耗空间, 万吨标煤
	"energy-intensity-drop",           // H19 单位GDP能耗下降率, % (南太湖新区: '/', no row)
}

// wzetdzRows are the indicators of 指标填报 rows 4, 5, … for a wzetdz-2015 street.
var wzetdzRows = []string{
	"output-growth",                // H4  规上工业总产值增速, %
	"output-total",                 // H5  规上工业总产值, 亿元, min 0
	"value-added-growth",           // H6  %
	"value-added-total",            // H7  亿元, min 0
	"renovation-growth",            // H8  %
	"small-to-scale",               // H9  小升规, 家, min 0
	"shareholding-reform",          // H10 有限转股份, 家
	"new-product-rate",             // H11 新产品产值率, %, 0–100
	"new-firms-100m",               // H12 家
	"old-plant-area",               // H13 旧厂房改造面积, 万平方米
	"energy-drop",                  // H14 %
	"tenglong-rectify",             // H15 “腾笼换鸟”整治工作: text target, 完成/未完成
	"output-per-mu",                // H16 万元/亩 (no target from here on)
	"profit-total",                 // H17 万元, may be negative
	"profit-per-mu",                // H18
	"profit-growth",                // H19
	"firms-100m",                   // H20 家
	"new-product-output",           // H21 亿元
	"new-product-growth",           // H22 %
	"industrial-investment",        // H23 亿元
	"industrial-investment-growth", // H24 %
	"renovation-share",             // H25 %, 0–100
}

// huzhouClean is a clean huzhou-2023 return, every number typed as a number.
func huzhouClean(unit string) []typed {
	cells := []typed{
		num("H4", "1.6"), num("H5", "7.25"), num("H6", "12.3"), num("H7", "48.5"),
		num("H8", "235.12"), num("H9", "29.65"), num("H10", "2.675"), num("H11", "78.01"),
		// A whole number of 件: decimals here are refused (TestIngestDecimalsInCountMeasureWithDecimals).
		num("H12", "19"),
		num("H13", "0.1"), num("H14", "3"), num("H15", "2"), num("H16", "120"),
		num("H17", "1234.56"), num("H18", "3.456789"), num("H19", "-0.35"),
	}
	if unit == "nantaihu" {
		return cells[:15]
	}
	return cells
}

// wzetdzClean is a clean wzetdz-2015 return: numbers as numbers, 完成 for the
// qualitative indicator, a preset project's 总投资 updated and two projects added.
func wzetdzClean() []typed {
	return []typed{
		num("H4", "8.5"), num("H5", "213.45"), num("H6", "9.1"), num("H7", "45.67"),
		num("H8", "20.5"), num("H9", "15"), num("H10", "6"), num("H11", "23.4"),
		num("H12", "3"), num("H13", "1.25"), num("H14", "5.2"), txt("H15", "完成"),
		num("H16", "456.7"), num("H17", "-1234.56"), num("H18", "12.3"), num("H19", "-0.1"),
		num("H20", "42"), num("H21", "50.05"), num("H22", "20.25"), num("H23", "12.34"),
		num("H24", "0.1"), num("H25", "61.5"),
		listNum("D4", "10000.5"),
		listTxt("B14", "智能化改造项目"), listTxt("C14", "温州某某机械有限公司"), listNum("D14", "1234.56"),
		listTxt("B15", "厂房改造项目"), listNum("D15", "0.1"),
	}
}

// emptyValues are the value-empty warnings of 指标填报 rows from to to.
func emptyValues(from, to int) []string {
	var out []string
	for r := from; r <= to; r++ {
		out = append(out, fmt.Sprintf("value-empty %s!H%d", valuesSheet, r))
	}
	return out
}

// ---------------------------------------------------------------------------------
// The cases: one file each, how it is made, and what ingest must say about it.

type returnCase struct {
	file     string                       // name in the folder handed to ingest
	unit     string                       // whose template is used
	other    bool                         // the template comes from the other seed's workspace: another campaign
	cells    []typed                      // what the clerk types (openpyxl)
	sentBack bool                         // the template sent back exactly as generated
	newBook  bool                         // a new workbook made in the office suite: no template metadata
	resign   bool                         // the metadata cells typed are signed again with the office's key (as generate would)
	raw      func(template []byte) []byte // bytes that are no template at all
	outcome  string
	who      string   // "unit period" as reported
	findings []string // "code sheet!cell", or "code" for the whole file; in any order
}

var oleHeader = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleFile is an OLE2 compound file (.xls, .et, an encrypted .xlsx) whose content
// says what it is: each different, so that none is a duplicate of another.
func oleFile(content ...byte) []byte {
	b := append(append([]byte(nil), oleHeader...), make([]byte, 504)...)
	return append(b, content...)
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

func huzhouCases() []returnCase {
	return []returnCase{
		{file: "01-吴兴区-2023Q3.xlsx", unit: "wuxing", cells: huzhouClean("wuxing"),
			outcome: "accepted", who: "wuxing 2023Q3"},
		{file: "02-南浔区-2023Q3.xlsx", unit: "nanxun", cells: with(huzhouClean("nanxun"),
			txt("H4", "1.5个百分点").as("1.5"),
			txt("H5", "12%").as("12"),
			txt("H6", " 12 ").as("12"),
			txt("H7", "１２３．５").as("123.5"),
			txt("H8", "1,234.5").as("1234.5"),
			txt("H15", "12.5万").as("125000"), // 家
			txt("H16", "1,234").as("1234"),
			txt("H17", "12.5万").as("125000"), // 亩
			txt("J16", "含关停 3 家"),            // 备注
		), outcome: "accepted", who: "nanxun 2023Q3"},
		{file: "03-德清县-2023Q3.xlsx", unit: "deqing", cells: with(huzhouClean("deqing"),
			txt("H5", "abc"),
			num("H16", "12.5"), // 家
			num("F17", "1000"), // target 2000
		), outcome: "rejected", who: "deqing 2023Q3",
			findings: []string{"not-number 指标填报!H5", "not-integer 指标填报!H16", "target-changed 指标填报!F17"}},
		{file: "04-长兴县-2023Q3.xlsx", unit: "changxing", sentBack: true, outcome: "rejected", who: "changxing 2023Q3",
			findings: append(emptyValues(4, 19), "nothing-filled")},
		// The hidden sheet edited: its signature no longer verifies, so whose it is rests on
		// the visible title (安吉县 2023年第三季度) and the file is held for the office.
		{file: "05-安吉县-期次改了.xlsx", unit: "anji", cells: with(huzhouClean("anji"), meta("B7", "2024Q1")),
			outcome: "pending", who: "anji 2023Q3", findings: []string{"signature-invalid"}},
		{file: "05-安吉县-单位改了.xlsx", unit: "anji", cells: with(huzhouClean("anji"), meta("B5", "nowhere")),
			outcome: "pending", who: "anji 2023Q3", findings: []string{"signature-invalid"}},
		{file: "06-南太湖新区-2023Q3.xlsx", unit: "nantaihu", cells: with(huzhouClean("nantaihu"), meta("B4", strings.Repeat("0", 64))), resign: true,
			outcome: "accepted", who: "nantaihu 2023Q3", findings: []string{"definition-changed"}},
		{file: "别的行动-01-星海街道-2015Q3.xlsx", unit: "xinghai", other: true, cells: wzetdzClean(),
			outcome: "rejected", who: "xinghai 2015Q3", findings: []string{"wrong-campaign"}},
		{file: "旧格式.xls", raw: func([]byte) []byte { return oleFile([]byte("Workbook")...) },
			outcome: "unreadable", findings: []string{"xls-format"}},
		{file: "另存为xls改了扩展名.xlsx", raw: func([]byte) []byte { return oleFile(utf16le("Workbook")...) },
			outcome: "unreadable", findings: []string{"xls-format"}},
		{file: "设了密码.xlsx", raw: func([]byte) []byte { return oleFile(utf16le("EncryptedPackage")...) },
			outcome: "unreadable", findings: []string{"encrypted"}},
		{file: "WPS表格.et", raw: func([]byte) []byte { return oleFile([]byte("WPS")...) },
			outcome: "unreadable", findings: []string{"wps-format"}},
		{file: "带宏.xlsm", unit: "wuxing", raw: func(t []byte) []byte { return t },
			outcome: "unreadable", findings: []string{"macro-workbook"}},
		{file: "空文件.xlsx", raw: func([]byte) []byte { return nil },
			outcome: "unreadable", findings: []string{"not-workbook"}},
		{file: "导出的CSV.xlsx", raw: func([]byte) []byte { return []byte("单位,本期值\n吴兴区,1234.56\n") },
			outcome: "unreadable", findings: []string{"not-workbook"}},
		{file: "没下载完.xlsx", unit: "wuxing", raw: func(t []byte) []byte { return t[:len(t)/3] },
			outcome: "unreadable", findings: []string{"not-workbook"}},
		{file: "新建工作簿.xlsx", newBook: true, outcome: "unreadable", findings: []string{"not-template"}},
	}
}

func wzetdzCases() []returnCase {
	return []returnCase{
		{file: "01-星海街道-2015Q3.xlsx", unit: "xinghai", cells: wzetdzClean(), outcome: "accepted", who: "xinghai 2015Q3"},
		{file: "02-海城街道-2015Q3.xlsx", unit: "haicheng", cells: with(wzetdzClean(),
			txt("H4", "12%").as("12"),
			txt("H5", "1,234.5").as("1234.5"),
			txt("H7", "１２３．５").as("123.5"),
			txt("H9", "12.5万").as("125000"), // 家
			txt("H13", " 2.5 ").as("2.5"),
			txt("H15", "已完成").as("完成"),
			txt("H17", "－３").as("-3"), // full-width minus
			txt("H23", "3亿").as("3"),  // 亿元
			listTxt("D5", " 2340 ").as("2340"),
			listTxt("D14", "12.5万").as("12.5"), // 总投资(万元)
			listTxt("D15", "1,234.5").as("1234.5"),
		), outcome: "accepted", who: "haicheng 2015Q3"},
		{file: "03-沙城街道-2015Q3.xlsx", unit: "shacheng", cells: with(wzetdzClean(),
			txt("H4", "abc"),
			num("H5", "-5"),    // min 0
			num("H9", "3.5"),   // 家
			num("H11", "120"),  // max 100
			txt("H15", "基本完成"), // not 完成/未完成
			num("F5", "300"),   // target 25
			listClear("B4"),    // a preset project's name deleted, its firm and investment left
			listTxt("D14", "abc"),
			listNum("D15", "-100"),
			listTxt("C16", "某某企业"), // a firm without its project
		), outcome: "rejected", who: "shacheng 2015Q3", findings: []string{
			"not-number 指标填报!H4", "out-of-range 指标填报!H5", "not-integer 指标填报!H9",
			"out-of-range 指标填报!H11", "qualitative-invalid 指标填报!H15", "target-changed 指标填报!F5",
			"required-empty 重点技改项目清单!B4", "not-number 重点技改项目清单!D14",
			"out-of-range 重点技改项目清单!D15", "required-empty 重点技改项目清单!B16",
		}},
		{file: "别的行动-01-吴兴区-2023Q3.xlsx", unit: "wuxing", other: true, cells: huzhouClean("wuxing"),
			outcome: "rejected", who: "wuxing 2023Q3", findings: []string{"wrong-campaign"}},
	}
}

// ---------------------------------------------------------------------------------
// A seed's workspaces and files.

type seedRun struct {
	seed      string // also the campaign id
	campaign  string
	period    string
	ws        string            // the office: generate, ingest --json --return-dir, corrections, status
	ws2       string            // a second office: validate (no database yet), ingest without --json, LibreOffice copies
	root      string            // where returns are typed
	batch     string            // the folder handed to ingest
	returned  string            // --return-dir
	templates map[string]string // unit code → generated template of the period
	rows      []string          // 指标填报 rows 4, 5, … → indicator id
	cases     []returnCase
	other     *seedRun              // the other seed: its templates are another campaign's
	ingested  map[string]ingestFile // ingest --json of the batch, by file name
}

func newSeedRun(t *testing.T, seed, period string, rows []string, cases []returnCase) *seedRun {
	t.Helper()
	root := t.TempDir()
	s := &seedRun{seed: seed, campaign: seed, period: period, rows: rows, cases: cases, root: root,
		ws: filepath.Join(root, "office"), ws2: filepath.Join(root, "office2"),
		batch: filepath.Join(root, "回收"), returned: filepath.Join(root, "退回")}
	runOK(t, "init", s.ws, "--seed", seed)
	runOK(t, "init", s.ws2, "--seed", seed)
	runOK(t, "-w", s.ws, "generate", "--period", period)
	shareKey(t, s.ws, s.ws2) // the second office holds the same key: it accepts the first one's templates
	s.templates = readManifest(t, filepath.Join(s.ws, templatesDir, period))
	if err := os.MkdirAll(s.batch, 0o755); err != nil {
		t.Fatal(err)
	}
	return s
}

// readManifest reads generate's manifest.csv: unit code → template path.
func readManifest(t *testing.T, dir string) map[string]string {
	t.Helper()
	data := strings.TrimPrefix(readFile(t, filepath.Join(dir, "manifest.csv")), "\ufeff")
	records, err := csv.NewReader(strings.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range records[1:] {
		out[r[0]] = filepath.Join(dir, r[4])
	}
	return out
}

func (s *seedRun) template(c returnCase) string {
	if c.other {
		return s.other.templates[c.unit]
	}
	return s.templates[c.unit]
}

func (s *seedRun) caseFor(t *testing.T, file string) returnCase {
	t.Helper()
	for _, c := range s.cases {
		if c.file == file {
			return c
		}
	}
	t.Fatalf("no case %s", file)
	return returnCase{}
}

// jobs makes the batch folder: raw files written here, typed ones returned as
// openpyxl jobs. A lock file and a text file lie there too: ingest skips them.
func (s *seedRun) jobs(t *testing.T) []pyJob {
	t.Helper()
	var jobs []pyJob
	for _, c := range s.cases {
		dst := filepath.Join(s.batch, c.file)
		switch {
		case c.raw != nil:
			var tmpl []byte
			if c.unit != "" {
				tmpl = readBytes(t, s.template(c))
			}
			writeBytes(t, dst, c.raw(tmpl))
		case c.sentBack:
			writeBytes(t, dst, readBytes(t, s.template(c)))
		case c.newBook:
			jobs = append(jobs, pyJob{Op: "blank", Dst: dst})
		case c.resign:
			cells := append(append([]typed(nil), c.cells...), resign(t, s.ws, s.template(c), c.cells))
			jobs = append(jobs, pyJob{Op: "fill", Src: s.template(c), Dst: dst, Cells: cells})
		default:
			jobs = append(jobs, pyJob{Op: "fill", Src: s.template(c), Dst: dst, Cells: c.cells})
		}
	}
	writeBytes(t, filepath.Join(s.batch, "~$01-吴兴区-2023Q3.xlsx"), []byte("lock"))
	writeBytes(t, filepath.Join(s.batch, "说明.txt"), []byte("请查收"))
	return jobs
}

// ---------------------------------------------------------------------------------
// openpyxl and LibreOffice.

type pyJob struct {
	Op     string   `json:"op"`
	Src    string   `json:"src,omitempty"`
	Dst    string   `json:"dst,omitempty"`
	Cells  []typed  `json:"cells,omitempty"`
	Delete []string `json:"delete,omitempty"` // sheets removed before saving (fill)
	Digits int      `json:"digits,omitempty"` // how numbers are written (workbooks.py): 0 as typed, 16 openpyxl, 17 Excel
}

type inspected struct {
	Error  string   `json:"error"`
	Sheets []string `json:"sheets"`
	States []string `json:"states"`
	Cells  map[string]struct {
		Value   *string `json:"value"`
		Fill    *string `json:"fill"`
		Comment *string `json:"comment"`
	} `json:"cells"`
	Rows map[string][][]*string `json:"rows"`
}

// openpyxl runs testdata/ingest/workbooks.py on the jobs, in one process.
func openpyxl(t *testing.T, jobs []pyJob) []inspected {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	in, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, filepath.Join("testdata", "ingest", "workbooks.py"))
	cmd.Stdin = bytes.NewReader(in)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, errb.String())
	}
	var res []inspected
	if err := json.Unmarshal(out.Bytes(), &res); err != nil || len(res) != len(jobs) {
		t.Fatalf("openpyxl printed %d results for %d jobs: %v\n%s", len(res), len(jobs), err, out.String())
	}
	for i, r := range res {
		if r.Error != "" && jobs[i].Op != "inspect" && !strings.Contains(jobs[i].Src, "退回修改") {
			t.Fatalf("openpyxl %s %s: %s", jobs[i].Op, jobs[i].Dst, r.Error)
		}
	}
	return res
}

// resave saves files again with LibreOffice, all in one run (as a township using
// another office suite would), into dir under the same names.
func resave(t *testing.T, dir string, files ...string) {
	t.Helper()
	soffice := testtool.LibreOffice(t)
	profile := "file://" + filepath.Join(t.TempDir(), "profile")
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", dir}, files...)
	testtool.Run(t, soffice, args...)
	for _, f := range files {
		if _, err := os.Stat(filepath.Join(dir, filepath.Base(f))); err != nil {
			t.Fatalf("LibreOffice wrote no copy of %s", f)
		}
	}
}

// ---------------------------------------------------------------------------------
// Commands, JSON and the store.

func runOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := run(t, args...)
	if code != 0 {
		t.Fatalf("tenglong %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

type reportedIssue struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Message  string `json:"message"`
}

type ingestFile struct {
	Path    string          `json:"path"`
	SHA256  string          `json:"sha256"`
	Unit    string          `json:"unit"`
	Period  string          `json:"period"`
	Outcome string          `json:"outcome"`
	Issues  []reportedIssue `json:"issues"`
	Earlier *struct {
		Submission int64  `json:"submission"`
		Outcome    string `json:"outcome"`
		ReceivedAt string `json:"received_at"`
	} `json:"earlier"` // a duplicate's earlier submission
}

// ingestJSON runs ingest --json and returns the files by name, checking the exit code:
// 3 when a file is rejected or unreadable, else 0.
func ingestJSON(t *testing.T, ws string, args ...string) map[string]ingestFile {
	t.Helper()
	code, out, errs := run(t, append([]string{"-w", ws, "ingest", "--json"}, args...)...)
	if errs != "" {
		t.Errorf("ingest --json wrote to stderr: %s", errs)
	}
	var doc struct {
		Files []ingestFile `json:"files"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil || dec.More() {
		t.Fatalf("ingest --json is not one JSON document of DESIGN §9: %v\n%s", err, out)
	}
	files := map[string]ingestFile{}
	bad := false
	for _, f := range doc.Files {
		files[filepath.Base(f.Path)] = f
		outcome := f.Outcome
		if f.Earlier != nil { // a duplicate fails as its bytes did the first time
			outcome = f.Earlier.Outcome
		}
		bad = bad || outcome == "rejected" || outcome == "unreadable"
	}
	if want := map[bool]int{true: 3, false: 0}[bad]; code != want {
		t.Errorf("ingest exit %d, want %d", code, want)
	}
	return files
}

// keys are findings as "code sheet!cell" ("code" for the whole file), sorted.
func findingKeys(issues []reportedIssue) []string {
	out := []string{}
	for _, f := range issues {
		k := f.Code
		if f.Sheet != "" || f.Cell != "" {
			k += " " + f.Sheet + "!" + f.Cell
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sortedStrings(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// checkFile asserts one file's outcome, unit, period and findings against its case.
func checkFile(t *testing.T, c returnCase, got ingestFile) {
	t.Helper()
	if got.Outcome != c.outcome {
		t.Errorf("%s: outcome %q, want %q (findings %v)", c.file, got.Outcome, c.outcome, findingKeys(got.Issues))
	}
	if who := strings.TrimSpace(got.Unit + " " + got.Period); who != c.who {
		t.Errorf("%s: unit and period %q, want %q", c.file, who, c.who)
	}
	if k, want := findingKeys(got.Issues), sortedStrings(c.findings); strings.Join(k, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: findings\n  %s\nwant\n  %s", c.file, strings.Join(k, "\n  "), strings.Join(want, "\n  "))
	}
	for _, f := range got.Issues {
		if f.Message == "" || f.Severity != map[bool]string{true: "error", false: "warning"}[isError(f.Code)] {
			t.Errorf("%s: finding %+v: want a message and the code's severity", c.file, f)
		}
	}
}

// isError: the codes of DESIGN §6 that reject a file; the others warn.
func isError(code string) bool {
	switch code {
	case "value-empty", "definition-changed", "ytd-decreased", "unknown-input", "task-status-empty":
		return false
	}
	return true
}

func openDB(t *testing.T, ws string) *store.Store {
	t.Helper()
	db, err := store.Open(filepath.Join(ws, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// storeCounts are the numbers of submissions and audit entries of a workspace.
func storeCounts(t *testing.T, ws, campaignID string) (subs, audit int) {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	s, err := db.Submissions(campaignID, "")
	if err != nil {
		t.Fatal(err)
	}
	a, err := db.Audit(store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(s), len(a)
}

// expected is what the store must hold after a return typed with cells is accepted:
// indicator values and notes (指标填报 H and J), and list rows (wzetdz's preset rows
// as the campaign gives them, changed by what was typed).
type expected struct {
	values map[string]string
	notes  map[string]string
	rows   map[int]map[string]string
}

func (s *seedRun) expect(t *testing.T, cells []typed) expected {
	t.Helper()
	e := expected{values: map[string]string{}, notes: map[string]string{}, rows: map[int]map[string]string{}}
	if s.seed == "wzetdz-2015" {
		env, _, _ := testEnv()
		c, err := loadCampaign(env, campaignPath(s.ws, ""))
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range c.Lists[0].Preset {
			e.rows[i] = map[string]string{}
			for k, v := range p.Values {
				e.rows[i][k] = v
			}
		}
	}
	cellRef := regexp.MustCompile(`^([A-Z]+)([0-9]+)$`)
	for _, c := range cells {
		m := cellRef.FindStringSubmatch(c.Cell)
		row, _ := strconv.Atoi(m[2])
		v := c.stored()
		if c.Type == "clear" {
			v = ""
		}
		switch {
		case c.Sheet == valuesSheet && m[1] == "H":
			e.values[s.rows[row-4]] = v
		case c.Sheet == valuesSheet && m[1] == "J":
			e.notes[s.rows[row-4]] = v
		case c.Sheet == projectsSheet:
			col := map[string]string{"B": "name", "C": "firm", "D": "invest"}[m[1]]
			if e.rows[row-4] == nil {
				e.rows[row-4] = map[string]string{}
			}
			e.rows[row-4][col] = v
		}
	}
	for i, r := range e.rows {
		for k, v := range r {
			if v == "" {
				delete(r, k)
			}
		}
		if len(r) == 0 {
			delete(e.rows, i)
		}
	}
	return e
}

// checkStored asserts that a unit's current submission holds exactly what was typed:
// every value to the last decimal, every note, every list row.
func (s *seedRun) checkStored(t *testing.T, ws, period, unit string, want expected) store.Current {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	values, err := db.AcceptedValues(s.campaign, period, unit)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(values) != fmt.Sprint(want.values) {
		t.Errorf("%s %s: stored values\n  %v\nwant (as typed)\n  %v", unit, period, values, want.values)
	}
	current, err := db.Current(s.campaign, period)
	if err != nil {
		t.Fatal(err)
	}
	var cur *store.Current
	for i := range current {
		if current[i].Unit == unit {
			cur = &current[i]
		}
	}
	if cur == nil {
		t.Fatalf("%s %s: no current submission", unit, period)
	}
	sub, err := db.Load(cur.ID)
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, v := range sub.Values {
		if v.Note != "" {
			notes[v.Indicator] = v.Note
		}
	}
	if fmt.Sprint(notes) != fmt.Sprint(want.notes) {
		t.Errorf("%s %s: notes %v, want %v", unit, period, notes, want.notes)
	}
	rows := map[int]map[string]string{}
	for _, r := range sub.Rows {
		rows[r.Index] = map[string]string{}
		for k, c := range r.Values {
			if c.Value != "" {
				rows[r.Index][k] = c.Value
			}
		}
	}
	if fmt.Sprint(rows) != fmt.Sprint(want.rows) {
		t.Errorf("%s %s: list rows\n  %v\nwant\n  %v", unit, period, rows, want.rows)
	}
	return *cur
}

type statusLine struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	State      string  `json:"state"`
	ReceivedAt *string `json:"received_at"`
	Late       bool    `json:"late"`
	Errors     int     `json:"errors"`
	Warnings   int     `json:"warnings"`
}

// checkStatus runs status --json and the human status, and asserts each unit's
// state, error and warning counts ("accepted 0 1"), that every unit that returned is
// late (the clock, 2026-11-22, is after every deadline), and the totals line.
func (s *seedRun) checkStatus(t *testing.T, want map[string]string, totals string, notes ...string) {
	t.Helper()
	code, out, errs := run(t, "-w", s.ws, "status", "--period", s.period, "--json")
	if code != 0 {
		t.Fatalf("status --json: exit %d %s", code, errs)
	}
	var doc struct {
		Period string       `json:"period"`
		Units  []statusLine `json:"units"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Period != s.period {
		t.Fatalf("status --json: %v\n%s", err, out)
	}
	if len(doc.Units) != len(want) {
		t.Errorf("status lists %d units, want %d", len(doc.Units), len(want))
	}
	at := fixedNow.In(shanghai).Format(time.RFC3339) // shown in the campaign's zone, whatever the machine's
	for _, u := range doc.Units {
		got := fmt.Sprintf("%s %d %d", u.State, u.Errors, u.Warnings)
		if u.State == "missing" {
			got = "missing"
			if u.ReceivedAt != nil || u.Late {
				t.Errorf("%s missing but received %v late %v", u.Code, orEmpty(u.ReceivedAt), u.Late)
			}
		} else if u.ReceivedAt == nil || *u.ReceivedAt != at || !u.Late {
			t.Errorf("%s: received_at %v late %v, want %s and late (after the deadline)", u.Code, u.ReceivedAt, u.Late, at)
		}
		if got != want[u.Code] {
			t.Errorf("status of %s (%s): %q, want %q", u.Code, u.Name, got, want[u.Code])
		}
	}
	code, out, _ = run(t, "-w", s.ws, "status", "--period", s.period)
	if code != 0 {
		t.Fatalf("status: exit %d", code)
	}
	when := fixedNow.In(shanghai).Format("2006-01-02 15:04")
	labels := map[string]string{"missing": "未报送", "accepted": "已采用", "rejected": "退回"}
	for _, u := range doc.Units {
		line := lineStarting(out, u.Name+" ")
		if !strings.Contains(line, labels[u.State]) {
			t.Errorf("status line of %s lacks %s: %q", u.Name, labels[u.State], line)
		}
		if u.State != "missing" && (!strings.Contains(line, when) || !strings.Contains(line, "迟报")) {
			t.Errorf("status line of %s lacks %s and 迟报: %q", u.Name, when, line)
		}
		if u.State == "missing" && strings.Contains(line, "迟报") {
			t.Errorf("status line of missing %s says 迟报: %q", u.Name, line)
		}
	}
	for _, w := range append(notes, totals) {
		if !strings.Contains(out, w) {
			t.Errorf("status lacks %q:\n%s", w, out)
		}
	}
}

// lineStarting is the first line of out that starts with s.
func lineStarting(out, s string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, s) {
			return l
		}
	}
	return ""
}

func readBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func writeBytes(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func shaOf(t *testing.T, path string) string {
	sum := sha256.Sum256(readBytes(t, path))
	return hex.EncodeToString(sum[:])
}

// ---------------------------------------------------------------------------------
// The test.

// correction is how a unit fixes its rejected return: the cells it types again.
type correction struct {
	file  string // the rejected file
	unit  string
	cells []typed
}

func TestIngestEndToEnd(t *testing.T) {
	hz := newSeedRun(t, "huzhou-2023", "2023Q3", huzhouRows, huzhouCases())
	wz := newSeedRun(t, "wzetdz-2015", "2015Q3", wzetdzRows, wzetdzCases())
	hz.other, wz.other = wz, hz
	seeds := []*seedRun{hz, wz}

	// How 德清县 and 沙城街道 fix their rejected returns.
	fixes := map[*seedRun]correction{
		hz: {file: "03-德清县-2023Q3.xlsx", unit: "deqing", cells: []typed{num("H5", "7.5"), num("H16", "12"), num("F17", "2000")}},
		wz: {file: "03-沙城街道-2015Q3.xlsx", unit: "shacheng", cells: []typed{
			num("H4", "8"), num("H5", "200.5"), num("H9", "3"), num("H11", "22.5"), txt("H15", "未完成"), num("F5", "25"),
			listTxt("B4", "年产5000台高低温高端特种阀门技改项目"), listNum("D14", "88"), listNum("D15", "100"), listTxt("B16", "项目丙"),
		}},
	}
	// One openpyxl run types every return of both seeds: the batches, the fixed
	// returns, and 南太湖新区's two corrections of its accepted return — the first
	// accepted (it supersedes), the second with a mistake.
	jobs := append(hz.jobs(t), wz.jobs(t)...)
	for _, s := range seeds {
		f := fixes[s]
		c := s.caseFor(t, f.file)
		jobs = append(jobs, pyJob{Op: "fill", Src: s.templates[f.unit], Dst: filepath.Join(s.root, "更正", f.file), Cells: with(c.cells, f.cells...)})
	}
	corrected := filepath.Join(hz.root, "更正", "06-南太湖新区-2023Q3-更正.xlsx")
	wrongAgain := filepath.Join(hz.root, "再更正", "06-南太湖新区-2023Q3-再更正.xlsx")
	correctedCells := with(huzhouClean("nantaihu"), num("H16", "45"))
	jobs = append(jobs,
		pyJob{Op: "fill", Src: hz.templates["nantaihu"], Dst: corrected, Cells: correctedCells},
		pyJob{Op: "fill", Src: hz.templates["nantaihu"], Dst: wrongAgain, Cells: with(correctedCells, txt("H16", "四十五"))})
	for _, j := range jobs {
		os.MkdirAll(filepath.Dir(j.Dst), 0o755)
	}
	openpyxl(t, jobs)

	// One LibreOffice run saves the clean and the text-typed returns of both seeds again.
	resaved := filepath.Join(t.TempDir(), "LibreOffice")
	var toResave []string
	for _, s := range seeds {
		for _, c := range s.cases[:2] {
			toResave = append(toResave, filepath.Join(s.batch, c.file))
		}
	}
	resave(t, resaved, toResave...)

	for _, s := range seeds {
		t.Run(s.seed, func(t *testing.T) {
			t.Run("ingest --json", func(t *testing.T) { s.ingestBatch(t) })
			t.Run("stored as typed", func(t *testing.T) { s.storedAsTyped(t) })
			t.Run("validate", func(t *testing.T) { s.validate(t) })
			t.Run("ingest human output", func(t *testing.T) { s.ingestHuman(t) })
			t.Run("same bytes twice", func(t *testing.T) { s.duplicates(t) })
			t.Run("LibreOffice", func(t *testing.T) { s.libreOffice(t, resaved) })
		})
	}
	if t.Failed() {
		t.FailNow() // what follows builds on the batches
	}

	t.Run("status after the batch", func(t *testing.T) {
		hz.checkStatus(t, map[string]string{
			"wuxing": "accepted 0 0", "nanxun": "accepted 0 0", "deqing": "rejected 3 0",
			"changxing": "rejected 1 16", "anji": "pending 1 0", "nantaihu": "accepted 0 1",
		}, "合计：应报 6 个单位，已采用 3（其中迟报 3），退回待改 2，待确认 1，未报送 0。",
			"待确认的文件 2 份", "05-安吉县-期次改了.xlsx", "tenglong confirm --file 文件编号 --unit 单位")
		wz.checkStatus(t, map[string]string{
			"xinghai": "accepted 0 0", "haicheng": "accepted 0 0", "shacheng": "rejected 10 0", "tianhe": "missing",
		}, "合计：应报 4 个单位，已采用 2（其中迟报 2），退回待改 1，待确认 0，未报送 1。")
	})

	t.Run("return-dir", func(t *testing.T) { checkReturns(t, seeds, fixes) })

	t.Run("corrections", func(t *testing.T) {
		for _, s := range seeds {
			f := fixes[s]
			path := filepath.Join(s.root, "更正", f.file)
			checkFile(t, returnCase{file: "更正/" + f.file, outcome: "accepted", who: f.unit + " " + s.period},
				ingestJSON(t, s.ws, path)[f.file])
			s.checkStored(t, s.ws, s.period, f.unit, s.expect(t, with(s.caseFor(t, f.file).cells, f.cells...)))
		}
		// 南太湖新区: an accepted correction of an accepted return supersedes it …
		got := ingestJSON(t, hz.ws, corrected)[filepath.Base(corrected)]
		checkFile(t, returnCase{file: "更正", outcome: "accepted", who: "nantaihu 2023Q3"}, got)
		cur := hz.checkStored(t, hz.ws, hz.period, "nantaihu", hz.expect(t, correctedCells))
		// … and a correction with a mistake is rejected; the accepted data still counts.
		got = ingestJSON(t, hz.ws, wrongAgain)[filepath.Base(wrongAgain)]
		checkFile(t, returnCase{file: "再更正", outcome: "rejected", who: "nantaihu 2023Q3",
			findings: []string{"not-number 指标填报!H16"}}, got)
		hz.checkStored(t, hz.ws, hz.period, "nantaihu", hz.expect(t, correctedCells))

		db := openDB(t, hz.ws)
		defer db.Close()
		subs, err := db.Submissions(hz.campaign, hz.period)
		if err != nil {
			t.Fatal(err)
		}
		var history []string
		for _, sub := range subs {
			if sub.Unit != "nantaihu" && sub.Unit != "deqing" {
				continue
			}
			rel, _ := filepath.Rel(hz.root, sub.SourcePath)
			history = append(history, fmt.Sprintf("%s %s %s superseded:%v", sub.Unit, filepath.ToSlash(rel), sub.Outcome, sub.SupersededBy != 0))
			if rel == filepath.Join("回收", "06-南太湖新区-2023Q3.xlsx") && sub.SupersededBy != cur.ID {
				t.Errorf("the first return of 南太湖新区 is superseded by %d, want the correction %d", sub.SupersededBy, cur.ID)
			}
		}
		want := []string{
			"deqing 回收/03-德清县-2023Q3.xlsx rejected superseded:false",
			"nantaihu 回收/06-南太湖新区-2023Q3.xlsx accepted superseded:true",
			"deqing 更正/03-德清县-2023Q3.xlsx accepted superseded:false",
			"nantaihu 更正/06-南太湖新区-2023Q3-更正.xlsx accepted superseded:false",
			"nantaihu 再更正/06-南太湖新区-2023Q3-再更正.xlsx rejected superseded:false",
		}
		if strings.Join(history, "\n") != strings.Join(want, "\n") {
			t.Errorf("submissions of deqing and nantaihu:\n  %s\nwant\n  %s", strings.Join(history, "\n  "), strings.Join(want, "\n  "))
		}
		// The audit log keeps every step, the rejected first return of 德清县 included
		// (and the batch ingested a second time: a duplicate noted, nothing changed).
		for unit, want := range map[string]string{
			"deqing":   "rejected duplicate accepted",
			"nantaihu": "accepted duplicate accepted superseded rejected",
		} {
			entries, err := db.Audit(store.AuditFilter{Campaign: hz.campaign, Period: hz.period, Unit: unit})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, e := range entries {
				actions = append(actions, string(e.Action))
			}
			if strings.Join(actions, " ") != want {
				t.Errorf("audit of %s: %v, want %s", unit, actions, want)
			}
		}
	})

	t.Run("status after corrections", func(t *testing.T) {
		hz.checkStatus(t, map[string]string{
			"wuxing": "accepted 0 0", "nanxun": "accepted 0 0", "deqing": "accepted 0 0",
			"changxing": "rejected 1 16", "anji": "pending 1 0", "nantaihu": "accepted 0 0",
		}, "合计：应报 6 个单位，已采用 4（其中迟报 4），退回待改 1，待确认 1，未报送 0。",
			"的更正被退回（1 个错误），仍用此前采用的数据")
		wz.checkStatus(t, map[string]string{
			"xinghai": "accepted 0 0", "haicheng": "accepted 0 0", "shacheng": "accepted 0 0", "tianhe": "missing",
		}, "合计：应报 4 个单位，已采用 3（其中迟报 3），退回待改 0，待确认 0，未报送 1。")
	})

	t.Run("generate next period", func(t *testing.T) {
		hz.nextPeriod(t, map[string][]typed{
			"wuxing":    huzhouClean("wuxing"),
			"nanxun":    hz.caseFor(t, "02-南浔区-2023Q3.xlsx").cells,
			"deqing":    with(hz.caseFor(t, "03-德清县-2023Q3.xlsx").cells, fixes[hz].cells...),
			"changxing": nil,
			"anji":      nil,
			"nantaihu":  correctedCells,
		})
	})
}

// ingestBatch ingests the batch folder with --json and --return-dir and asserts
// every file, and that lock and text files were skipped.
func (s *seedRun) ingestBatch(t *testing.T) {
	s.ingested = ingestJSON(t, s.ws, s.batch, "--return-dir", s.returned)
	if len(s.ingested) != len(s.cases) {
		var names []string
		for n := range s.ingested {
			names = append(names, n)
		}
		t.Errorf("ingest reported %d files, want %d (the lock file and 说明.txt skipped): %v", len(s.ingested), len(s.cases), names)
	}
	for _, c := range s.cases {
		got, ok := s.ingested[c.file]
		if !ok {
			t.Errorf("%s: not reported", c.file)
			continue
		}
		checkFile(t, c, got)
		if sha := shaOf(t, filepath.Join(s.batch, c.file)); got.SHA256 != sha {
			t.Errorf("%s: sha256 %s, want %s", c.file, got.SHA256, sha)
		}
	}
	// One return per rejected file, none for accepted or unreadable ones.
	var want, have []string
	for _, c := range s.cases {
		if c.outcome == "rejected" {
			want = append(want, strings.TrimSuffix(c.file, filepath.Ext(c.file))+"-退回修改.xlsx")
		}
	}
	entries, _ := os.ReadDir(s.returned)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") { // the return dir's marker
			have = append(have, e.Name())
		}
	}
	if strings.Join(sortedStrings(have), "\n") != strings.Join(sortedStrings(want), "\n") {
		t.Errorf("--return-dir holds\n  %s\nwant\n  %s", strings.Join(have, "\n  "), strings.Join(sortedStrings(want), "\n  "))
	}
}

// storedAsTyped: every accepted return is the unit's current data, exactly as typed.
func (s *seedRun) storedAsTyped(t *testing.T) {
	for _, c := range s.cases {
		if c.outcome == "accepted" {
			cur := s.checkStored(t, s.ws, s.period, c.unit, s.expect(t, c.cells))
			if filepath.Base(cur.SourcePath) != c.file || !cur.Late {
				t.Errorf("%s: current is %s late %v", c.unit, cur.SourcePath, cur.Late)
			}
		}
	}
	// Nothing of a rejected or unreadable file is current data.
	db := openDB(t, s.ws)
	defer db.Close()
	current, err := db.Current(s.campaign, s.period)
	if err != nil {
		t.Fatal(err)
	}
	accepted := 0
	for _, c := range s.cases {
		if c.outcome == "accepted" {
			accepted++
		}
	}
	if len(current) != accepted {
		t.Errorf("%d units have current data, want %d", len(current), accepted)
	}
}

// validate runs validate on every batch file in the second workspace, which has no
// database: the same findings as ingest, nothing stored, exit 3 unless accepted; and
// in the office's workspace, whose database it must not change.
func (s *seedRun) validate(t *testing.T) {
	wantKeys := []string{"issues", "outcome", "path", "period", "sha256", "unit"}
	for _, c := range s.cases {
		path := filepath.Join(s.batch, c.file)
		code, out, errs := run(t, "-w", s.ws2, "validate", path, "--json")
		if want := map[bool]int{true: 0, false: 3}[c.outcome == "accepted"]; code != want {
			t.Errorf("validate %s: exit %d, want %d (%s)", c.file, code, want, errs)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("validate %s --json: not one JSON document: %v\n%s", c.file, err, out)
		}
		var names []string
		for k := range raw {
			names = append(names, k)
		}
		if strings.Join(sortedStrings(names), ",") != strings.Join(wantKeys, ",") {
			t.Errorf("validate --json fields %v, want %v", sortedStrings(names), wantKeys)
		}
		var got ingestFile
		json.Unmarshal([]byte(out), &got)
		checkFile(t, c, got)
		if ing := s.ingested[c.file]; fmt.Sprint(got.Issues) != fmt.Sprint(ing.Issues) || got.SHA256 != ing.SHA256 {
			t.Errorf("validate %s says\n  %v\ningest said\n  %v", c.file, got.Issues, ing.Issues)
		}
		// The human output names every finding, the same as ingest.
		code, out, _ = run(t, "-w", s.ws2, "validate", path)
		label := map[string]string{"accepted": "校验通过", "rejected": "有错误，报送会被退回", "unreadable": "无法读取",
			"pending": "签名核对不上，回收时会暂存为待确认"}[c.outcome]
		if first := strings.SplitN(out, "\n", 2)[0]; !strings.HasPrefix(first, c.file+"  ") || !strings.Contains(first, label) {
			t.Errorf("validate %s: first line %q, want the file and %q", c.file, first, label)
		}
		for _, f := range got.Issues {
			if line := findingLine(f); !strings.Contains(out, line) {
				t.Errorf("validate %s lacks %q:\n%s", c.file, line, out)
			}
		}
	}
	if subs, _ := storeCounts(t, s.ws2, s.campaign); subs != 0 {
		t.Errorf("validate stored %d submissions", subs)
	}
	subs, audit := storeCounts(t, s.ws, s.campaign)
	for _, c := range s.cases[:3] {
		run(t, "-w", s.ws, "validate", filepath.Join(s.batch, c.file))
	}
	if s2, a2 := storeCounts(t, s.ws, s.campaign); s2 != subs || a2 != audit {
		t.Errorf("validate changed the store: %d→%d submissions, %d→%d audit entries", subs, s2, audit, a2)
	}
}

// findingLine is how human output lists a finding under its file.
func findingLine(f reportedIssue) string {
	label := map[string]string{"error": "错误", "warning": "提醒"}[f.Severity]
	where := f.Message
	if f.Sheet != "" || f.Cell != "" {
		where = f.Sheet + "!" + f.Cell + "：" + f.Message
	}
	return "    " + label + " " + where + "  [" + f.Code + "]"
}

// ingestHuman runs the built binary on the batch without --json, in the second
// workspace: exit 3, a line per file with its unit, outcome (late) and counts, the
// findings under it, and the totals.
func (s *seedRun) ingestHuman(t *testing.T) {
	cmd := exec.Command(binary, "-w", s.ws2, "ingest", s.batch)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 3 {
		t.Fatalf("ingest: %v, want exit 3\n%s", err, errb.String())
	}
	if errb.Len() != 0 {
		t.Errorf("stderr: %s", errb.String())
	}
	text := out.String()
	counts := map[string]int{}
	for _, c := range s.cases {
		counts[c.outcome]++
		f := s.ingested[c.file]
		errs, warns := 0, 0
		for _, i := range f.Issues {
			if i.Severity == "error" {
				errs++
			} else {
				warns++
			}
		}
		who := map[string]string{"accepted": "已采用，迟报", "rejected": "退回", "unreadable": "无法读取", "pending": "待确认"}[c.outcome]
		head := fmt.Sprintf("  %s  %d 个错误、%d 个提醒", who, errs, warns)
		line := lineStarting(text, c.file+"  ")
		if !strings.HasPrefix(line, c.file+"  ") || !strings.HasSuffix(line, head) {
			t.Errorf("%s: line %q, want it to end %q", c.file, line, head)
		}
		switch {
		case (c.outcome == "unreadable" || c.who == "") && !strings.Contains(line, "（未识别）"):
			t.Errorf("%s: %q does not say the unit is unknown", c.file, line)
		case c.outcome != "unreadable" && c.who != "" && !strings.Contains(line, " "+strings.Fields(c.who)[1]+"  "):
			t.Errorf("%s: %q lacks the period", c.file, line)
		}
		for _, i := range f.Issues {
			if !strings.Contains(text, findingLine(i)) {
				t.Errorf("%s: output lacks %q", c.file, findingLine(i))
			}
		}
	}
	total := fmt.Sprintf("共 %d 个文件：已采用 %d，退回 %d，待确认 %d，无法读取 %d，重复 0。", len(s.cases),
		counts["accepted"], counts["rejected"], counts["pending"], counts["unreadable"])
	if !strings.Contains(text, total) {
		t.Errorf("output lacks %q:\n%s", total, text)
	}
	if strings.Contains(text, "~$") || strings.Contains(text, "说明.txt") {
		t.Errorf("lock or text file ingested:\n%s", text)
	}
	// The second office stores the same as the first.
	for _, c := range s.cases {
		if c.outcome == "accepted" {
			s.checkStored(t, s.ws2, s.period, c.unit, s.expect(t, c.cells))
		}
	}
}

// duplicates ingests the same folder again: every file a duplicate, exit 0, and the
// store's submissions and values unchanged; the audit log only notes each duplicate.
func (s *seedRun) duplicates(t *testing.T) {
	db := openDB(t, s.ws)
	before, err := db.Current(s.campaign, s.period)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	subs, audit := storeCounts(t, s.ws, s.campaign)
	again := ingestJSON(t, s.ws, s.batch)
	for _, c := range s.cases {
		if got := again[c.file]; got.Outcome != "duplicate" || got.SHA256 != s.ingested[c.file].SHA256 {
			t.Errorf("%s again: %s, want duplicate", c.file, got.Outcome)
		}
	}
	subs2, audit2 := storeCounts(t, s.ws, s.campaign)
	if subs2 != subs {
		t.Errorf("submissions %d → %d after the same bytes again", subs, subs2)
	}
	db = openDB(t, s.ws)
	defer db.Close()
	after, err := db.Current(s.campaign, s.period)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("current data changed:\n%v\n%v", before, after)
	}
	entries, err := db.Audit(store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if audit2 != audit+len(s.cases) {
		t.Errorf("audit entries %d → %d, want one duplicate note per file (%d)", audit, audit2, len(s.cases))
	}
	for _, e := range entries[audit:] {
		if e.Action != store.ActionDuplicate {
			t.Errorf("the same bytes again audited %s: %s", e.Action, e.Detail)
		}
	}
}

// libreOffice ingests the clean returns saved again by LibreOffice into the second
// workspace: accepted with the same findings, and the same values, notes and rows.
// The binary ingests them, on the real clock like the batch before them, so that they
// are received later and supersede it.
func (s *seedRun) libreOffice(t *testing.T, dir string) {
	args := []string{"-w", s.ws2, "ingest", "--json"}
	for _, c := range s.cases[:2] {
		args = append(args, filepath.Join(dir, c.file))
	}
	out, err := exec.Command(binary, args...).Output()
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	var doc struct{ Files []ingestFile }
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, out)
	}
	got := map[string]ingestFile{}
	for _, f := range doc.Files {
		got[filepath.Base(f.Path)] = f
	}
	for _, c := range s.cases[:2] {
		if shaOf(t, filepath.Join(dir, c.file)) == shaOf(t, filepath.Join(s.batch, c.file)) {
			t.Fatalf("LibreOffice did not change %s", c.file)
		}
		checkFile(t, c, got[c.file])
		cur := s.checkStored(t, s.ws2, s.period, c.unit, s.expect(t, c.cells))
		if !strings.HasPrefix(cur.SourcePath, dir) {
			t.Errorf("%s: current data from %s, want the LibreOffice copy", c.unit, cur.SourcePath)
		}
	}
}

// checkReturns reads every marked-up return with openpyxl — 问题清单 first and listing
// every finding, each bad cell filled red (yellow for a warning) with the finding in
// its comment, the metadata still very hidden — then types the fixes into the two
// fixable ones, which validate as their unit's template with no finding.
func checkReturns(t *testing.T, seeds []*seedRun, fixes map[*seedRun]correction) {
	type read struct {
		s    *seedRun
		c    returnCase
		path string
	}
	var reads []read
	var jobs []pyJob
	for _, s := range seeds {
		for _, c := range s.cases {
			if c.outcome != "rejected" {
				continue
			}
			path := filepath.Join(s.returned, strings.TrimSuffix(c.file, filepath.Ext(c.file))+"-退回修改.xlsx")
			var cells []typed
			for _, f := range s.ingested[c.file].Issues {
				if f.Cell != "" {
					cells = append(cells, typed{Sheet: f.Sheet, Cell: f.Cell})
				}
			}
			reads = append(reads, read{s, c, path})
			jobs = append(jobs, pyJob{Op: "inspect", Src: path, Cells: cells})
		}
	}
	var fixed []read
	for _, s := range seeds {
		f := fixes[s]
		name := strings.TrimSuffix(f.file, ".xlsx") + "-退回修改.xlsx"
		dst := filepath.Join(s.root, "改好的", name)
		os.MkdirAll(filepath.Dir(dst), 0o755)
		fixed = append(fixed, read{s, returnCase{file: name, outcome: "accepted", who: f.unit + " " + s.period}, dst})
		jobs = append(jobs, pyJob{Op: "fill", Src: filepath.Join(s.returned, name), Dst: dst, Cells: f.cells})
	}
	results := openpyxl(t, jobs)
	for i, r := range reads {
		got, issues := results[i], r.s.ingested[r.c.file].Issues
		if got.Error != "" {
			t.Errorf("%s: openpyxl cannot open the marked-up copy %s: %s", r.c.file, filepath.Base(r.path), got.Error)
			continue
		}
		if len(got.Sheets) == 0 || got.Sheets[0] != issuesSheet {
			t.Errorf("%s: sheets %v, want %s first", r.c.file, got.Sheets, issuesSheet)
			continue
		}
		for j, name := range got.Sheets {
			if (name == metaSheet) != (got.States[j] == "veryHidden") {
				t.Errorf("%s: sheet %s is %s", r.c.file, name, got.States[j])
			}
		}
		rows := got.Rows[issuesSheet]
		if len(rows) != 3+len(issues) {
			t.Errorf("%s: 问题清单 has %d rows, want 3 + %d findings", r.c.file, len(rows), len(issues))
			continue
		}
		// The period as documents print it (2023年第三季度), not 2023Q3; none when
		// the file could not be placed in one.
		period := r.s.ingested[r.c.file].Period
		if p, err := campaign.ParsePeriod(period); err == nil {
			period = p.Label()
		}
		if title := orEmpty(rows[0][0]); !strings.Contains(title, period) {
			t.Errorf("%s: 问题清单 title %q lacks the period %s", r.c.file, title, period)
		}
		worst := map[string]string{}
		for j, f := range issues {
			label := map[string]string{"error": "错误", "warning": "提醒"}[f.Severity]
			want := []string{strconv.Itoa(j + 1), f.Sheet, f.Cell, label, f.Message}
			var have []string
			for _, v := range rows[3+j][:5] {
				have = append(have, orEmpty(v))
			}
			if strings.Join(have, "|") != strings.Join(want, "|") {
				t.Errorf("%s: 问题清单 row %d\n  %q\nwant\n  %q", r.c.file, j+4, have, want)
			}
			if f.Cell == "" {
				continue
			}
			key := f.Sheet + "!" + f.Cell
			if worst[key] != "error" {
				worst[key] = f.Severity
			}
			if cell := got.Cells[key]; cell.Comment == nil || !strings.Contains(*cell.Comment, f.Message) {
				t.Errorf("%s: %s comment %q lacks %q", r.c.file, key, orEmpty(cell.Comment), f.Message)
			}
		}
		for key, sev := range worst {
			want := map[string]string{"error": redFill, "warning": yellowFill}[sev]
			if fill := orEmpty(got.Cells[key].Fill); fill != want {
				t.Errorf("%s: %s filled %q, want %q (%s)", r.c.file, key, fill, want, sev)
			}
		}
	}
	// The fixed marked-up copies are still their unit's template: validate accepts
	// them (nothing stored; the corrections subtest ingests the same fixes).
	for i, r := range fixed {
		if res := results[len(reads)+i]; res.Error != "" {
			t.Errorf("%s: openpyxl cannot fix the marked-up copy: %s", r.c.file, res.Error)
			continue
		}
		code, out, _ := run(t, "-w", r.s.ws, "validate", r.path, "--json")
		var got ingestFile
		json.Unmarshal([]byte(out), &got)
		checkFile(t, r.c, got)
		if code != 0 {
			t.Errorf("validate %s: exit %d", r.c.file, code)
		}
	}
}

func orEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// nextPeriod generates the next period's templates after ingest: 上期值 (column G of
// 指标填报) holds each unit's accepted values, nothing for units without accepted data;
// a year-to-date value typed lower than it is then a ytd-decreased warning.
func (s *seedRun) nextPeriod(t *testing.T, accepted map[string][]typed) {
	const next = "2023Q4"
	runOK(t, "-w", s.ws, "generate", "--period", next)
	templates := readManifest(t, filepath.Join(s.ws, templatesDir, next))
	var units []string
	var jobs []pyJob
	for unit := range accepted {
		units = append(units, unit)
	}
	sort.Strings(units)
	for _, unit := range units {
		var cells []typed
		for row := range huzhouClean(unit) {
			cells = append(cells, typed{Sheet: valuesSheet, Cell: fmt.Sprintf("G%d", row+4)})
		}
		jobs = append(jobs, pyJob{Op: "inspect", Src: templates[unit], Cells: cells})
	}
	lower := filepath.Join(s.root, next, "01-吴兴区-2023Q4.xlsx")
	os.MkdirAll(filepath.Dir(lower), 0o755)
	jobs = append(jobs, pyJob{Op: "fill", Src: templates["wuxing"], Dst: lower, Cells: with(huzhouClean("wuxing"), num("H16", "100"))})
	results := openpyxl(t, jobs)
	for i, unit := range units {
		want := s.expect(t, accepted[unit]).values
		for row, id := range s.rows[:len(huzhouClean(unit))] {
			key := fmt.Sprintf("%s!G%d", valuesSheet, row+4)
			got := orEmpty(results[i].Cells[key].Value)
			w, ok := want[id]
			switch {
			case !ok && got != "":
				t.Errorf("%s %s 上期值 %s = %q, want empty (no accepted value)", unit, next, key, got)
			case ok && !sameDecimal(got, w):
				t.Errorf("%s %s 上期值 %s = %q, want %s", unit, next, key, got, w)
			}
		}
	}
	got := ingestJSON(t, s.ws, lower)[filepath.Base(lower)]
	checkFile(t, returnCase{file: lower, outcome: "accepted", who: "wuxing " + next,
		findings: []string{"ytd-decreased 指标填报!H16"}}, got)
}

func sameDecimal(a, b string) bool {
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	return err1 == nil && err2 == nil && x.Equal(y)
}

// ---------------------------------------------------------------------------------
// Known gaps, one test each.

// A wzetdz-2015 template sent back untouched is a blank template (nothing-filled):
// its 重点技改项目清单 rows 1–10 are the office's preset projects, not typed by the street.
func TestIngestBlankTemplateWithPresetListRows(t *testing.T) {
	ws := t.TempDir()
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q3", "--units", "tianhe")
	path := readManifest(t, filepath.Join(ws, templatesDir, "2015Q3"))["tianhe"]
	code, out, _ := run(t, "-w", ws, "validate", path, "--json")
	var got ingestFile
	json.Unmarshal([]byte(out), &got)
	checkFile(t, returnCase{file: filepath.Base(path), outcome: "rejected", who: "tianhe 2015Q3",
		findings: append(emptyValues(4, 25), "nothing-filled")}, got)
	if code != 3 {
		t.Errorf("exit %d, want 3", code)
	}
}

// 每万人口高价值发明专利拥有量 is measured in 件 but is a ratio with decimals: 2 (targets
// 18.56, 20.87, …): a unit's 19.27 is a valid value, not a count typed with decimals.
func TestIngestDecimalsInCountMeasureWithDecimals(t *testing.T) {
	ws := t.TempDir()
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3", "--units", "wuxing")
	src := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))["wuxing"]
	dst := filepath.Join(t.TempDir(), "01-吴兴区-2023Q3.xlsx")
	openpyxl(t, []pyJob{{Op: "fill", Src: src, Dst: dst, Cells: with(huzhouClean("wuxing"), num("H12", "19.27"))}})
	code, out, _ := run(t, "-w", ws, "validate", dst, "--json")
	var got ingestFile
	json.Unmarshal([]byte(out), &got)
	checkFile(t, returnCase{file: "01-吴兴区-2023Q3.xlsx", outcome: "accepted", who: "wuxing 2023Q3"}, got)
	if code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
}

// Excel writes the double nearest a typed number with up to 17 significant digits
// (a typed 19.99 is <v>19.989999999999998</v>, 8.8 is 8.8000000000000007) and openpyxl
// with 16 ("%.16g": 78.01 is 78.01000000000001); both rewrite every number of the
// workbook, the locked targets too (南太湖新区's 80.4). What was typed is the shortest
// decimal that reads back as that double — Excel shows at most 15 significant digits —
// and that is what must be stored, with no target-changed for an untouched target.
func TestIngestNumbersAsExcelWritesThem(t *testing.T) {
	ws := t.TempDir()
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	runOK(t, "-w", ws, "generate", "--period", "2023Q3", "--units", "wuxing,nantaihu")
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	dir := t.TempDir()
	cells := func(unit string) []typed {
		return with(huzhouClean(unit), num("H8", "19.99"), num("H11", "78.01"), num("H17", "8.8"), num("H18", "0.3"))
	}
	openpyxl(t, []pyJob{
		{Op: "fill", Src: templates["wuxing"], Dst: filepath.Join(dir, "01-吴兴区-openpyxl.xlsx"), Cells: cells("wuxing"), Digits: 16},
		{Op: "fill", Src: templates["nantaihu"], Dst: filepath.Join(dir, "06-南太湖新区-Excel.xlsx"), Cells: cells("nantaihu"), Digits: 17},
	})
	got := ingestJSON(t, ws, dir)
	s := &seedRun{seed: "huzhou-2023", campaign: "huzhou-2023", ws: ws, rows: huzhouRows}
	for file, unit := range map[string]string{"01-吴兴区-openpyxl.xlsx": "wuxing", "06-南太湖新区-Excel.xlsx": "nantaihu"} {
		checkFile(t, returnCase{file: file, outcome: "accepted", who: unit + " 2023Q3"}, got[file])
		if got[file].Outcome == "accepted" {
			s.checkStored(t, ws, "2023Q3", unit, s.expect(t, cells(unit)))
		}
	}
}
