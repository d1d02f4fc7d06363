package workbook_test

// Independent readers prove the generated templates (issue 3, "Proven by"): openpyxl
// (Debian's python3-openpyxl) inspects protection, locking, validations and the sheet
// dimension; LibreOffice headless converts every template to PDF and CSV; a template
// filled by openpyxl — and the same file re-saved by LibreOffice — is read back by
// workbook.ReadTemplate with every value where it was typed. The tools are installed
// by .ci/run; these tests fail, never skip, without them.

import (
	"bytes"
	"encoding/json"
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
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/seeds"
	"tenglong/workbook"
)

// readerGenerated is the generation time of every template written here.
var readerGenerated = time.Date(2024, 1, 15, 9, 30, 0, 0, time.UTC)

// readerCampaign has what the seeds lack: a list with every column type (USCC, date,
// integer, a short and a long enum — the long one is kept on the metadata sheet — and an
// enum whose value has a comma, which an inline dropdown would split), feeds,
// preset rows tied to units, every indicator kind, and tasks each unit leads.
func readerCampaign() string {
	var ways []string
	for i := 1; i <= 20; i++ {
		ways = append(ways, fmt.Sprintf("方式%02d：兼并重组后整体搬迁入园", i))
	}
	return strings.Join([]string{
		"id: readers-test-2023",
		"title: 读者测试市制造业腾笼换鸟攻坚行动",
		"issuer: 读者测试市经济和信息化局",
		"span: {start: 2023-01, end: 2023-12}",
		"cadence: quarterly",
		"deadline: 10",
		"units:",
		`  - {code: wuxing, name: 吴兴区, kind: area, contact: {name: 张三, email: zhangsan@example.cn, phone: "0572-1234567"}}`,
		"  - {code: nanxun, name: 南浔区, kind: area}",
		"total: {code: city, name: 全市}",
		"indicators:",
		"  - {id: firms, no: 1, name: 高耗低效整治企业数, category: 空间腾换, measure: 家, kind: flow, scope: annual, min: 0, total: sum, targets: {wuxing: 150, nanxun: 250, city: 400}}",
		"  - {id: land, no: 2, name: 腾出用地, category: 空间腾换, measure: 亩, kind: flow, scope: annual, decimals: 2, min: 0, max: 100000, total: sum, targets: {wuxing: 1200.5, nanxun: 800, city: 2000.5}}",
		`  - {id: share, no: 3, name: 高新技术产业增加值占规上工业比重, category: 产业结构, measure: "%", kind: rate, decimals: 1, min: 0, max: 100, total: none, targets: {wuxing: 45.5, nanxun: 40}}`,
		`  - {id: growth, no: 4, name: 工业投资增速, category: 投资, measure: "%", kind: change, decimals: 1, total: none, targets: {wuxing: {value: 8, note: 以上}, nanxun: 7}}`,
		"  - {id: energy, no: 5, name: 单位工业增加值能耗, category: 绿色低碳, measure: 吨标准煤/万元, kind: lower-better, decimals: 3, min: 0, total: none, targets: {wuxing: 0.45, nanxun: 0.5}}",
		"  - {id: standards, no: 6, name: “浙江制造”标准制定, category: 质量, measure: 项, kind: qualitative, total: none, targets: {wuxing: {text: 完成省定目标}, nanxun: {text: 完成省定目标}}}",
		"  - {id: output, no: 7, name: 规上工业总产值, category: 产业结构, measure: 亿元, kind: flow, decimals: 2, min: 0}",
		"lists:",
		"  - id: register",
		"    name: 高耗低效整治企业清单",
		"    rows: 6",
		"    columns:",
		"      - {id: name, title: 企业名称, type: text, required: true}",
		"      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}",
		"      - {id: land, title: 用地面积（亩）, type: decimal, min: 0, max: 10000}",
		"      - {id: staff, title: 员工数, type: integer, min: 0}",
		"      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}",
		"      - {id: way, title: 整治方式, type: enum, values: [" + strings.Join(ways, ", ") + "]}",
		`      - {id: check, title: 验收情况, type: enum, values: ["已验收,已销号", 未验收]}`,
		"      - {id: done, title: 完成时间, type: date}",
		"      - {id: remark, title: 备注, type: text}",
		"    feeds:",
		"      - {indicator: firms, count: {state: 已完成}}",
		"      - {indicator: land, sum: land, where: {state: 已完成}}",
		"    preset:",
		"      - {no: 1, unit: wuxing, values: {name: 浙江某某阀门有限公司, land: 12.5}}",
		"      - {no: 2, unit: nanxun, values: {name: 南浔某某纺织有限公司}}",
		"      - {no: 3, values: {name: 不分单位的企业, uscc: 91330500MA2B0X1234, state: 整治中}}",
		"tasks:",
		`  - {id: t1, no: 1, action: 淘汰落后, title: 精准排摸高耗低效企业, text: "全面排摸高耗低效企业，建立整治清单，实行闭环管理。", lead: [wuxing], co: [nanxun], due: 2023-11-30}`,
		`  - {id: t2, no: 2, action: 淘汰落后, title: 推进整治提升, text: "对高耗低效企业实施分类整治，一企一策，达标销号。", lead: [nanxun], co: [wuxing]}`,
		"",
	}, "\n")
}

// tmpl is one generated template under test.
type tmpl struct {
	name   string // seed/unit, for messages
	c      *campaign.Campaign
	unit   campaign.Unit
	period campaign.Period
	input  workbook.TemplateInput
	data   []byte
	blank  *workbook.Return // ReadTemplate of the template as generated
	path   string
}

func (tm *tmpl) String() string { return tm.name }

// readerCampaigns are the six seeds and the test campaign.
func readerCampaigns(t *testing.T) []*campaign.Campaign {
	t.Helper()
	var out []*campaign.Campaign
	for _, id := range seeds.IDs() {
		data, ok := seeds.Get(id)
		if !ok {
			t.Fatalf("no seed %s", id)
		}
		c, probs := campaign.Load(data)
		if errs := probs.Errors(); len(errs) > 0 {
			t.Fatalf("seed %s: %v", id, errs)
		}
		out = append(out, c)
	}
	c, probs := campaign.LoadAndCheck([]byte(readerCampaign()))
	if errs := probs.Errors(); len(errs) > 0 {
		t.Fatalf("test campaign: %v", errs)
	}
	return append(out, c)
}

// readerUnits are the units whose templates are proven: the first, every unit that
// leads a task, and, where the campaign has lists, the last (a street of wzetdz-2015).
func readerUnits(c *campaign.Campaign) []campaign.Unit {
	want := map[string]bool{c.Units[0].Code: true}
	for _, task := range c.Tasks {
		for _, u := range task.Lead {
			want[u] = true
		}
	}
	if len(c.Lists) > 0 {
		want[c.Units[len(c.Units)-1].Code] = true
	}
	var out []campaign.Unit
	for _, u := range c.Units {
		if want[u.Code] {
			out = append(out, u)
		}
	}
	return out
}

// lastPeriod is the last reporting period of the campaign's span.
func lastPeriod(t *testing.T, c *campaign.Campaign) campaign.Period {
	t.Helper()
	ps := c.Span.Periods(c.Cadence)
	if len(ps) == 0 {
		t.Fatalf("%s: no periods in %s", c.ID, c.Span)
	}
	p, err := c.ReportingPeriod(ps[len(ps)-1].String())
	if err != nil {
		t.Fatalf("%s: %v", c.ID, err)
	}
	return p
}

func templateInput(c *campaign.Campaign, u campaign.Unit, p campaign.Period) workbook.TemplateInput {
	return workbook.TemplateInput{Campaign: c, Unit: u, Period: p, Deadline: p.Deadline(c.Deadline),
		Generated: readerGenerated, Password: c.ID}
}

// readerTemplates writes the template of every proven unit of every campaign into dir.
func readerTemplates(t *testing.T, dir string) []*tmpl {
	t.Helper()
	var out []*tmpl
	for _, c := range readerCampaigns(t) {
		p := lastPeriod(t, c)
		for _, u := range readerUnits(c) {
			tm := &tmpl{name: c.ID + "/" + u.Code, c: c, unit: u, period: p, input: templateInput(c, u, p)}
			data, err := workbook.WriteTemplate(tm.input)
			if err != nil {
				t.Fatalf("%s: WriteTemplate: %v", tm, err)
			}
			tm.data = data
			if tm.blank, err = workbook.ReadTemplate(data); err != nil {
				t.Fatalf("%s: ReadTemplate of the blank template: %v", tm, err)
			}
			tm.path = filepath.Join(dir, c.ID+"-"+u.Code+".xlsx")
			if err := os.WriteFile(tm.path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out = append(out, tm)
		}
	}
	return out
}

// ---- openpyxl ----

type pyReport struct {
	Sheets        []pySheet `json:"sheets"`
	LockStructure bool      `json:"lockStructure"`
}

type pySheet struct {
	Name           string            `json:"name"`
	State          string            `json:"state"`
	Protected      bool              `json:"protected"`
	Password       string            `json:"password"`
	Algorithm      string            `json:"algorithm"`
	Hash           string            `json:"hash"`
	Dimension      string            `json:"dimension"`
	Computed       string            `json:"computed"`
	RoRows         int               `json:"roRows"`
	Validations    []pyValidation    `json:"validations"`
	Orientation    string            `json:"orientation"`
	PaperSize      int               `json:"paperSize"`
	FitToWidth     int               `json:"fitToWidth"`
	FitToPage      bool              `json:"fitToPage"`
	PrintTitleRows string            `json:"printTitleRows"`
	Freeze         string            `json:"freeze"`
	Merged         []string          `json:"merged"`
	Cells          map[string]pyCell `json:"cells"`
}

type pyValidation struct {
	Type       string `json:"type"`
	Operator   string `json:"operator"`
	Formula1   string `json:"formula1"`
	Formula2   string `json:"formula2"`
	Sqref      string `json:"sqref"`
	AllowBlank bool   `json:"allowBlank"`
	ShowError  bool   `json:"showError"`
	ShowInput  bool   `json:"showInput"`
	ErrorStyle string `json:"errorStyle"`
	Prompt     string `json:"prompt"`
	Error      string `json:"error"`
}

type pyCell struct {
	Value  *string `json:"value"`
	Type   string  `json:"type"`
	Locked bool    `json:"locked"`
	Format string  `json:"format"`
	Wrap   bool    `json:"wrap"`
}

func (s *pySheet) value(ref string) string {
	if c, ok := s.Cells[ref]; ok && c.Value != nil {
		return *c.Value
	}
	return ""
}

func (r *pyReport) sheet(name string) *pySheet {
	for i := range r.Sheets {
		if r.Sheets[i].Name == name {
			return &r.Sheets[i]
		}
	}
	return nil
}

// inspect runs testdata/inspect_template.py over the files in one python process.
func inspect(t *testing.T, paths []string) map[string]*pyReport {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	script, err := filepath.Abs(filepath.Join("testdata", "inspect_template.py"))
	if err != nil {
		t.Fatal(err)
	}
	out := testtool.Run(t, py, append([]string{script}, paths...)...)
	reports := map[string]*pyReport{}
	if err := json.Unmarshal([]byte(out), &reports); err != nil {
		t.Fatalf("inspect_template.py output: %v", err)
	}
	return reports
}

// legacyHash is the 16-bit sheet-protection password hash of ECMA-376 Part 4 §14.7.1,
// the one Excel 2003 wrote and every reader understands.
func legacyHash(pw string) string {
	var h uint32
	for i, r := range []byte(pw) {
		v := uint32(r) << uint(i+1)
		h ^= (v & 0x7fff) | (v >> 15)
	}
	h ^= uint32(len(pw))
	h ^= 0xCE4B
	return fmt.Sprintf("%X", h)
}

// bigBound is the bound a numeric validation uses where the campaign sets none.
const bigBound = "1000000000000"

var (
	rangePattern = regexp.MustCompile(`^([A-Z]+)([0-9]+)(?::([A-Z]+)([0-9]+))?$`)
	taskStates   = []string{"未启动", "推进中", "已完成", "滞后"}
)

// expand lists the cells of a reference: G5 or C4:C33.
func expand(t *testing.T, ref string) []string {
	t.Helper()
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		to = from
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(strings.ReplaceAll(from, "$", ""))
	c2, r2, err2 := excelize.CellNameToCoordinates(strings.ReplaceAll(to, "$", ""))
	if err1 != nil || err2 != nil {
		t.Fatalf("bad reference %q", ref)
	}
	var out []string
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			name, _ := excelize.CoordinatesToCellName(c, r)
			out = append(out, name)
		}
	}
	return out
}

// covering is the validation whose sqref covers every cell of ref; more than one is an
// error too (Excel applies only one).
func covering(t *testing.T, s *pySheet, ref string) *pyValidation {
	t.Helper()
	want := expand(t, ref)
	var found *pyValidation
	for i := range s.Validations {
		dv := &s.Validations[i]
		cells := map[string]bool{}
		for _, part := range strings.Fields(dv.Sqref) {
			for _, c := range expand(t, part) {
				cells[c] = true
			}
		}
		n := 0
		for _, c := range want {
			if cells[c] {
				n++
			}
		}
		switch {
		case n == 0:
			continue
		case n < len(want):
			t.Errorf("%s!%s: validation %s covers only part of it", s.Name, ref, dv.Sqref)
		case found != nil:
			t.Errorf("%s!%s: covered by two validations, %s and %s", s.Name, ref, found.Sqref, dv.Sqref)
		}
		found = dv
	}
	if found == nil {
		t.Errorf("%s!%s: no data validation", s.Name, ref)
		return &pyValidation{}
	}
	return found
}

// checkNumberRule checks a decimal or whole-number validation between min and max.
func checkNumberRule(t *testing.T, where string, dv *pyValidation, whole bool, min, max *decimal.Decimal) {
	t.Helper()
	kind := "decimal"
	if whole {
		kind = "whole"
	}
	low, high := "-"+bigBound, bigBound
	if min != nil {
		low = min.String()
	}
	if max != nil {
		high = max.String()
	}
	if dv.Type != kind || dv.Operator != "between" || dv.Formula1 != low || dv.Formula2 != high {
		t.Errorf("%s: validation %s %s %s..%s, want %s between %s..%s", where, dv.Type, dv.Operator, dv.Formula1, dv.Formula2, kind, low, high)
	}
}

// checkListRule checks a dropdown offering exactly choices, inline or from a range of
// the metadata sheet.
func checkListRule(t *testing.T, where string, dv *pyValidation, meta *pySheet, choices []string) {
	t.Helper()
	if dv.Type != "list" {
		t.Errorf("%s: validation type %q, want list", where, dv.Type)
		return
	}
	var got []string
	if strings.HasPrefix(dv.Formula1, `"`) {
		got = strings.Split(strings.Trim(dv.Formula1, `"`), ",")
	} else {
		sheet, ref, ok := strings.Cut(dv.Formula1, "!")
		if !ok || strings.Trim(sheet, "'") != "_tenglong" {
			t.Errorf("%s: dropdown source %q is not on the metadata sheet", where, dv.Formula1)
			return
		}
		for _, c := range expand(t, ref) {
			got = append(got, meta.value(c))
		}
	}
	if strings.Join(got, "|") != strings.Join(choices, "|") {
		t.Errorf("%s: dropdown offers %q, want %q", where, got, choices)
	}
}

// checkMessages wants a stop on bad input and a message saying what to type.
func checkMessages(t *testing.T, where string, dv *pyValidation) {
	t.Helper()
	if !dv.ShowError || (dv.ErrorStyle != "" && dv.ErrorStyle != "stop") || dv.Error == "" {
		t.Errorf("%s: validation does not stop bad input with a message (%+v)", where, *dv)
	}
	if !dv.ShowInput || dv.Prompt == "" {
		t.Errorf("%s: validation has no input message", where)
	}
	if !dv.AllowBlank {
		t.Errorf("%s: a blank cell must be allowed (ingest reports missing values)", where)
	}
}

func TestTemplatesOpenpyxl(t *testing.T) {
	t.Parallel()
	tms := readerTemplates(t, t.TempDir())
	var paths []string
	for _, tm := range tms {
		paths = append(paths, tm.path)
	}
	reports := inspect(t, paths)
	for _, tm := range tms {
		t.Run(tm.name, func(t *testing.T) { checkOpenpyxl(t, tm, reports[tm.path]) })
	}
}

func checkOpenpyxl(t *testing.T, tm *tmpl, r *pyReport) {
	if r == nil {
		t.Fatal("openpyxl reported nothing")
	}
	c, u, p := tm.c, tm.unit, tm.period
	indicators := workbook.TemplateIndicators(c, u.Code, p)
	tasks := workbook.TemplateTasks(c, u.Code)

	// Sheets, in order, and their states.
	want := []string{"填报说明", "指标填报"}
	for _, l := range c.Lists {
		want = append(want, l.Name)
	}
	if len(tasks) > 0 {
		want = append(want, "任务进展")
	}
	want = append(want, "_tenglong")
	var names []string
	for _, s := range r.Sheets {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("sheets %v, want %v", names, want)
	}
	if !r.LockStructure {
		t.Error("workbook structure is not locked")
	}
	meta := r.sheet("_tenglong")
	for _, s := range r.Sheets {
		wantState := "visible"
		if s.Name == "_tenglong" {
			wantState = "veryHidden"
		}
		if s.State != wantState {
			t.Errorf("%s is %s, want %s", s.Name, s.State, wantState)
		}
		if !s.Protected {
			t.Errorf("%s is not protected", s.Name)
		}
		if !strings.EqualFold(s.Password, legacyHash(c.ID)) {
			t.Errorf("%s: protection password %q, want the legacy hash %s of %q", s.Name, s.Password, legacyHash(c.ID), c.ID)
		}
		if s.Algorithm != "" || s.Hash != "" {
			t.Errorf("%s: SHA-512 protection (%s) written; want the legacy hash only", s.Name, s.Algorithm)
		}
		// The dimension is the used range, and a read-only reader sees every row.
		if s.Dimension == "A1" || s.Dimension != s.Computed {
			t.Errorf("%s: dimension %q, the used range is %q", s.Name, s.Dimension, s.Computed)
		}
		if _, last, err := excelize.CellNameToCoordinates(s.Computed[strings.Index(s.Computed, ":")+1:]); err != nil || s.RoRows != last {
			t.Errorf("%s: read-only openpyxl iterates %d rows, the sheet has %s", s.Name, s.RoRows, s.Computed)
		}
		if s.Name == "_tenglong" {
			continue
		}
		if s.PaperSize != 9 || !s.FitToPage || s.FitToWidth != 1 {
			t.Errorf("%s: page set-up paper %d fitToPage %v fitToWidth %d, want A4 (9) fitted to one page wide", s.Name, s.PaperSize, s.FitToPage, s.FitToWidth)
		}
		if s.Name != "填报说明" {
			if s.PrintTitleRows != "$1:$3" && s.PrintTitleRows != "1:3" {
				t.Errorf("%s: print titles %q, want rows 1:3", s.Name, s.PrintTitleRows)
			}
			if s.Freeze != "A4" {
				t.Errorf("%s: frozen at %q, want A4", s.Name, s.Freeze)
			}
		}
	}

	// The metadata sheet, read by openpyxl, says what ReadTemplate says, and is right.
	fields := map[string]string{}
	for row := 2; row < 11; row++ {
		if k := meta.value(fmt.Sprintf("A%d", row)); k != "" {
			fields[k] = meta.value(fmt.Sprintf("B%d", row))
		}
	}
	m := tm.blank.Metadata
	for k, v := range map[string]string{
		"format": workbook.TemplateFormat, "campaign": c.ID, "fingerprint": c.TemplateFingerprint(u.Code, p), "unit": u.Code,
		"unit-name": u.Name, "period": p.String(), "generated": readerGenerated.Format("2006-01-02"),
		"deadline": p.Deadline(c.Deadline).Format("2006-01-02"),
	} {
		if fields[k] != v {
			t.Errorf("metadata %s = %q (openpyxl), want %q", k, fields[k], v)
		}
	}
	if m.Campaign != c.ID || m.Unit != u.Code || m.Period != p.String() || m.Fingerprint != c.TemplateFingerprint(u.Code, p) || m.Format != workbook.TemplateFormat {
		t.Errorf("ReadTemplate metadata %+v", m)
	}
	for i, in := range m.Inputs {
		row := 12 + i
		got := [5]string{}
		for j, col := range "ABCDE" {
			got[j] = meta.value(fmt.Sprintf("%c%d", col, row))
		}
		if got != [5]string{in.Kind, in.Key, in.Sheet, in.Ref, in.Target} {
			t.Errorf("metadata row %d reads %q with openpyxl, %+v with ReadTemplate", row, got, in)
		}
	}

	// Every input is unlocked, every other cell locked; targets are locked numbers.
	inputs := map[string]bool{}
	for _, in := range m.Inputs {
		if in.Kind == workbook.InputTarget {
			continue
		}
		for _, ref := range expand(t, in.Ref) {
			inputs[in.Sheet+"!"+ref] = true
		}
	}
	for _, s := range r.Sheets {
		if s.Name == "_tenglong" {
			continue
		}
		for ref, cell := range s.Cells {
			if cell.Locked == inputs[s.Name+"!"+ref] {
				t.Errorf("%s!%s: locked=%v, but input=%v", s.Name, ref, cell.Locked, inputs[s.Name+"!"+ref])
			}
		}
	}
	for key := range inputs {
		sheet, ref, _ := strings.Cut(key, "!")
		if s := r.sheet(sheet); s == nil {
			t.Errorf("input %s: no sheet", key)
		} else if _, ok := s.Cells[ref]; !ok {
			t.Errorf("input %s: openpyxl sees no such cell (outside the used range?)", key)
		}
	}

	// Addresses match what the unit sees, and each input has its validation.
	ind := r.sheet("指标填报")
	byID := map[string]*campaign.Indicator{}
	for _, in := range indicators {
		byID[in.ID] = in
	}
	var valueKeys, taskKeys []string
	targets := 0
	for _, in := range m.Inputs {
		s := r.sheet(in.Sheet)
		if s == nil {
			t.Errorf("input %+v: no such sheet", in)
			continue
		}
		where := fmt.Sprintf("%s %s!%s (%s)", in.Kind, in.Sheet, in.Ref, in.Key)
		col, row, _ := excelize.CellNameToCoordinates(strings.Split(in.Ref, ":")[0])
		header := func(title string) {
			t.Helper()
			name, _ := excelize.CoordinatesToCellName(col, 3)
			if got := s.value(name); got != title {
				t.Errorf("%s: column header %q, want %q", where, got, title)
			}
		}
		rowText := func(colLetter string) string { return s.value(fmt.Sprintf("%s%d", colLetter, row)) }
		switch in.Kind {
		case workbook.InputValue, workbook.InputNote, workbook.InputTarget:
			indicator := byID[in.Key]
			if indicator == nil {
				t.Errorf("%s: not an indicator the unit reports", where)
				continue
			}
			if s != ind || rowText("C") != indicator.Name {
				t.Errorf("%s: the row shows %q, want %q", where, rowText("C"), indicator.Name)
			}
			target, _, _ := c.TargetFor(indicator, u.Code, p)
			switch in.Kind {
			case workbook.InputValue:
				header("本期值")
				valueKeys = append(valueKeys, in.Key)
				dv := covering(t, s, in.Ref)
				checkMessages(t, where, dv)
				if indicator.Kind == campaign.KindQualitative || target.Form == campaign.TargetText {
					checkListRule(t, where, dv, meta, []string{"完成", "未完成"})
				} else {
					checkNumberRule(t, where, dv, indicator.WholeNumbers(), indicator.Min, indicator.Max)
				}
			case workbook.InputNote:
				header("备注")
			case workbook.InputTarget:
				targets++
				header("目标")
				cell := s.Cells[in.Ref]
				if target.Form != campaign.TargetNumber || cell.Value == nil || cell.Type != "n" {
					t.Errorf("%s: target cell %+v for target %+v", where, cell, target)
					continue
				}
				got, err := decimal.NewFromString(*cell.Value)
				if err != nil || !got.Equal(target.Value) || in.Target != target.NumberText() {
					t.Errorf("%s: target %s (recorded %q), want %s", where, *cell.Value, in.Target, target.NumberText())
				}
			}
		case workbook.InputTaskStatus, workbook.InputTaskProgress:
			var task *campaign.Task
			for _, tk := range tasks {
				if tk.ID == in.Key {
					task = tk
				}
			}
			if task == nil || in.Sheet != "任务进展" {
				t.Errorf("%s: not a task of the unit", where)
				continue
			}
			if rowText("C") != task.Title {
				t.Errorf("%s: the row shows %q, want %q", where, rowText("C"), task.Title)
			}
			if in.Kind == workbook.InputTaskStatus {
				header("状态")
				taskKeys = append(taskKeys, in.Key)
				dv := covering(t, s, in.Ref)
				checkMessages(t, where, dv)
				checkListRule(t, where, dv, meta, taskStates)
			} else {
				header("进展情况")
			}
		case workbook.InputListColumn:
			listID, colID, _ := strings.Cut(in.Key, ".")
			var list *campaign.List
			for i := range c.Lists {
				if c.Lists[i].ID == listID {
					list = &c.Lists[i]
				}
			}
			if list == nil || in.Sheet != list.Name {
				t.Errorf("%s: not a list of the campaign", where)
				continue
			}
			var column *campaign.Column
			for i := range list.Columns {
				if list.Columns[i].ID == colID {
					column = &list.Columns[i]
				}
			}
			if column == nil {
				t.Errorf("%s: no such column", where)
				continue
			}
			title := column.Title
			if column.Required {
				title += " *"
			}
			header(title)
			var presets []campaign.PresetRow
			for _, pr := range list.Preset {
				if pr.Unit == "" || pr.Unit == u.Code {
					presets = append(presets, pr)
				}
			}
			cells := expand(t, in.Ref)
			if row != 4 || len(cells) != len(presets)+list.Rows {
				t.Errorf("%s: %d rows from row %d, want %d preset + %d blank rows from row 4", where, len(cells), row, len(presets), list.Rows)
				continue
			}
			// The unit's preset rows come first, pre-filled; then blank rows.
			for i, ref := range cells {
				want := ""
				if i < len(presets) {
					want = presets[i].Values[colID]
				}
				got := s.value(ref)
				if a, errA := decimal.NewFromString(got); errA == nil && column.Type == campaign.ColDecimal {
					if b, errB := decimal.NewFromString(want); errB == nil && a.Equal(b) {
						continue
					}
				}
				if got != want {
					t.Errorf("%s: %s holds %q, want %q", where, ref, got, want)
				}
			}
			checkColumnRule(t, where, s, meta, in.Ref, column)
		default:
			t.Errorf("unknown input kind %q", in.Kind)
		}
	}
	var wantValues, wantTasks []string
	numeric := 0
	for _, in := range indicators {
		wantValues = append(wantValues, in.ID)
		if tg, _, _ := c.TargetFor(in, u.Code, p); tg.Form == campaign.TargetNumber && in.Kind != campaign.KindQualitative {
			numeric++
		}
	}
	for _, tk := range tasks {
		wantTasks = append(wantTasks, tk.ID)
	}
	if strings.Join(valueKeys, ",") != strings.Join(wantValues, ",") {
		t.Errorf("本期值 inputs for %v, want %v", valueKeys, wantValues)
	}
	if strings.Join(taskKeys, ",") != strings.Join(wantTasks, ",") {
		t.Errorf("task inputs for %v, want %v", taskKeys, wantTasks)
	}
	if targets != numeric {
		t.Errorf("%d targets recorded, the unit has %d numeric targets", targets, numeric)
	}
	// Only the unit's own targets appear: no other unit's name on its sheets.
	for _, other := range c.Units {
		if other.Code == u.Code || strings.Contains(u.Name, other.Name) {
			continue
		}
		for ref, cell := range ind.Cells {
			if cell.Value != nil && *cell.Value == other.Name {
				t.Errorf("指标填报!%s names another unit, %s", ref, other.Name)
			}
		}
	}
}

// checkColumnRule checks the validation of a list column by its type.
func checkColumnRule(t *testing.T, where string, s, meta *pySheet, ref string, col *campaign.Column) {
	t.Helper()
	if col.Type == campaign.ColText && !col.Required {
		for _, dv := range s.Validations {
			for _, part := range strings.Fields(dv.Sqref) {
				if part == ref {
					t.Errorf("%s: an optional text column has a validation", where)
				}
			}
		}
		return
	}
	dv := covering(t, s, ref)
	if !dv.ShowInput || dv.Prompt == "" {
		t.Errorf("%s: no input message", where)
	}
	switch col.Type {
	case campaign.ColText:
		return
	case campaign.ColDecimal, campaign.ColInteger:
		checkNumberRule(t, where, dv, col.Type == campaign.ColInteger, col.Min, col.Max)
	case campaign.ColUSCC:
		if dv.Type != "textLength" || dv.Operator != "between" || dv.Formula1 != "18" || dv.Formula2 != "18" {
			t.Errorf("%s: USCC validation %s %s %s..%s, want textLength of 18", where, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
		}
	case campaign.ColDate:
		if dv.Type != "date" || dv.Operator != "between" || dv.Formula1 == "" {
			t.Errorf("%s: date validation %+v", where, *dv)
		}
		if c := s.Cells[strings.Split(ref, ":")[0]]; !strings.Contains(c.Format, "yy") {
			t.Errorf("%s: date cells formatted %q", where, c.Format)
		}
	case campaign.ColEnum:
		checkListRule(t, where, dv, meta, col.Values)
	}
	if dv.Type != "" && !dv.ShowError {
		t.Errorf("%s: bad input is not stopped", where)
	}
	if col.Type == campaign.ColUSCC {
		if c := s.Cells[strings.Split(ref, ":")[0]]; c.Format != "@" {
			t.Errorf("%s: USCC cells formatted %q, want text (@) so 18 digits do not become 1.2E+17", where, c.Format)
		}
	}
}

// ---- LibreOffice ----

// convertAll converts files with one LibreOffice process (one start-up for all) into
// a fresh directory and returns it.
func convertAll(t *testing.T, paths []string, format string) string {
	t.Helper()
	return startConvert(t, paths, format)()
}

// startConvert starts converting files with one LibreOffice process in a private
// profile (parallel runs and a user's open LibreOffice do not collide); the function
// it returns waits for it and returns the directory of the results.
func startConvert(t *testing.T, paths []string, format string) func() string {
	t.Helper()
	soffice := testtool.LibreOffice(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--headless", "--norestore", "--convert-to", format, "--outdir", out}, paths...)
	cmd := exec.Command(soffice, args...)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatalf("%s: %v", soffice, err)
	}
	return func() string {
		t.Helper()
		if err := cmd.Wait(); err != nil {
			t.Fatalf("LibreOffice --convert-to %s: %v\n%s", format, err, output.String())
		}
		return out
	}
}

func base(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

var pageSize = regexp.MustCompile(`Page +\d+ size: +([0-9.]+) x ([0-9.]+) pts`)

func TestTemplatesLibreOffice(t *testing.T) {
	t.Parallel()
	tms := readerTemplates(t, t.TempDir())
	pdfinfo := testtool.Need(t, "pdfinfo", "poppler-utils")
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	var paths []string
	for _, tm := range tms {
		paths = append(paths, tm.path)
	}
	pdfDone := startConvert(t, paths, "pdf")
	// CSV of every sheet (the last filter field, -1), UTF-8 (76).
	csvDone := startConvert(t, paths, `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1`)
	pdfDir, csvDir := pdfDone(), csvDone()
	keep := os.Getenv("TENGLONG_KEEP_PDF") // a directory to copy the PDFs to, for looking at them
	for _, tm := range tms {
		t.Run(tm.name, func(t *testing.T) {
			pdf := filepath.Join(pdfDir, base(tm.path)+".pdf")
			if keep != "" {
				data, err := os.ReadFile(pdf)
				if err == nil {
					err = os.WriteFile(filepath.Join(keep, filepath.Base(pdf)), data, 0o644)
				}
				if err != nil {
					t.Error(err)
				}
			}
			info := testtool.Run(t, pdfinfo, "-f", "1", "-l", "1000", pdf)
			sizes := pageSize.FindAllStringSubmatch(info, -1)
			if len(sizes) == 0 {
				t.Fatalf("pdfinfo finds no pages:\n%s", info)
			}
			for i, m := range sizes {
				w, _ := strconv.ParseFloat(m[1], 64)
				h, _ := strconv.ParseFloat(m[2], 64)
				if w > h {
					w, h = h, w
				}
				if w < 594 || w > 597 || h < 841 || h > 843 {
					t.Errorf("page %d is %s x %s pt, not A4", i+1, m[1], m[2])
				}
			}
			text := testtool.Run(t, pdftotext, "-layout", pdf, "-")
			flat := strings.Join(strings.Fields(text), "")
			for _, want := range []string{tm.unit.Name, "指标填报表", "怎么填", strings.Join(strings.Fields(tm.c.Title), "")} {
				if !strings.Contains(flat, want) {
					t.Errorf("the PDF does not show %q", want)
				}
			}
			if strings.Contains(text, "###") {
				t.Errorf("the PDF shows ### (a column too narrow for its number):\n%s", text)
			}
			if strings.Contains(flat, "元数据") {
				t.Error("the PDF prints the very hidden metadata sheet")
			}
			if len(workbook.TemplateTasks(tm.c, tm.unit.Code)) > 0 && !strings.Contains(flat, "任务进展") {
				t.Error("the PDF has no 任务进展 page")
			}

			// CSV: one file per sheet; the indicator sheet lists the unit's indicators.
			csv, err := os.ReadFile(filepath.Join(csvDir, base(tm.path)+"-指标填报.csv"))
			if err != nil {
				entries, _ := os.ReadDir(csvDir)
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Fatalf("no CSV of 指标填报: %v (LibreOffice wrote %v)", err, names)
			}
			for _, in := range workbook.TemplateIndicators(tm.c, tm.unit.Code, tm.period) {
				if !bytes.Contains(csv, []byte(in.Name)) {
					t.Errorf("the CSV of 指标填报 lacks %q", in.Name)
				}
			}
			for _, l := range tm.c.Lists {
				if _, err := os.Stat(filepath.Join(csvDir, base(tm.path)+"-"+l.Name+".csv")); err != nil {
					t.Errorf("no CSV of %s: %v", l.Name, err)
				}
			}
		})
	}
}

// ---- round trip ----

// fillCell is one cell the clerk types into.
type fillCell struct {
	Sheet string `json:"sheet"`
	Cell  string `json:"cell"`
	Type  string `json:"type"` // number, text or date
	Text  string `json:"text"` // as typed
	want  string // what ReadTemplate returns: the text typed, a date's serial number
	in    workbook.InputCell
	row   int
}

type fillJob struct {
	Src   string     `json:"src"`
	Dst   string     `json:"dst"`
	Cells []fillCell `json:"cells"`
}

// excelSerial is the serial number Excel stores for a date.
func excelSerial(t *testing.T, date string) string {
	d, err := time.Parse("2006-01-02", date)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.Itoa(int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24))
}

// fits reports whether a number lies within an optional min and max.
func fits(v string, min, max *decimal.Decimal) bool {
	d := decimal.RequireFromString(v)
	return (min == nil || !d.LessThan(*min)) && (max == nil || !d.GreaterThan(*max))
}

// pickNumber is the n-th of the candidates that fits min and max.
func pickNumber(candidates []string, n int, min, max *decimal.Decimal) string {
	var ok []string
	for _, c := range candidates {
		if fits(c, min, max) {
			ok = append(ok, c)
		}
	}
	if len(ok) == 0 {
		return min.String()
	}
	return ok[n%len(ok)]
}

// fillPlan is what a clerk types into the n-th template: a number in every 本期值 (1234.56 and
// 0.1 among them), 完成/未完成 where the target is text, remarks (with spaces, line
// breaks and full-width characters), rows of every list, and every task's state and
// progress.
func fillPlan(t *testing.T, tm *tmpl, n int) []fillCell {
	t.Helper()
	c := tm.c
	var plan []fillCell
	add := func(in workbook.InputCell, ref string, row int, typ, text string) {
		want := text
		if typ == "date" {
			want = excelSerial(t, text)
		}
		plan = append(plan, fillCell{Sheet: in.Sheet, Cell: ref, Type: typ, Text: text, want: want, in: in, row: row})
	}
	indicators := map[string]*campaign.Indicator{}
	for i := range c.Indicators {
		indicators[c.Indicators[i].ID] = &c.Indicators[i]
	}
	notes := []string{"数据来自区统计局快报", "  前后有空格的说明  ", "第一行\n第二行：较上期增加１２３４．５万元", "口径与上期相同，含新区"}
	decimals := []string{"1234.56", "0.1", "98.7", "12", "3.25", "0", "45.5"}
	wholes := []string{"12", "150", "3", "0"}
	nValue, nQual, nNote, nTask := 0, n, 0, 0 // n varies the answers between templates
	for _, in := range tm.blank.Metadata.Inputs {
		switch in.Kind {
		case workbook.InputValue:
			ind := indicators[in.Key]
			target, _, _ := c.TargetFor(ind, tm.unit.Code, tm.period)
			if ind.Kind == campaign.KindQualitative || target.Form == campaign.TargetText {
				add(in, in.Ref, -1, "text", []string{"完成", "未完成"}[nQual%2])
				nQual++
				continue
			}
			candidates := decimals
			if ind.WholeNumbers() {
				candidates = wholes
			}
			add(in, in.Ref, -1, "number", pickNumber(candidates, nValue, ind.Min, ind.Max))
			nValue++
		case workbook.InputNote:
			if nNote%2 == 0 {
				add(in, in.Ref, -1, "text", notes[(nNote/2)%len(notes)])
			}
			nNote++
		case workbook.InputTaskStatus:
			add(in, in.Ref, -1, "text", taskStates[nTask%len(taskStates)])
		case workbook.InputTaskProgress:
			add(in, in.Ref, -1, "text", fmt.Sprintf("已完成第%d项任务的排摸，涉及企业 12 家；下一步：%s", nTask+1, "验收销号"))
			nTask++
		case workbook.InputListColumn:
			listID, colID, _ := strings.Cut(in.Key, ".")
			var col campaign.Column
			presets := 0
			for _, l := range c.Lists {
				if l.ID != listID {
					continue
				}
				for _, cl := range l.Columns {
					if cl.ID == colID {
						col = cl
					}
				}
				for _, pr := range l.Preset {
					if pr.Unit == "" || pr.Unit == tm.unit.Code {
						presets++
					}
				}
			}
			cells := expand(t, in.Ref)
			// The first preset row is corrected, the first blank row and the last
			// prepared row are filled in every column.
			rows := []int{presets, len(cells) - 1}
			if presets > 0 {
				rows = append([]int{0}, rows...)
			}
			for k, row := range rows {
				var typ, text string
				switch col.Type {
				case campaign.ColText:
					typ, text = "text", fmt.Sprintf("%s（第%d行）", col.Title, row+1)
				case campaign.ColUSCC:
					typ, text = "text", []string{"91330304MA2AT1B83K", "913303007450533350", "91330500MA2B0X1234"}[k]
				case campaign.ColDecimal:
					typ, text = "number", pickNumber([]string{"1234.56", "0.1", "2500.5"}, k, col.Min, col.Max)
				case campaign.ColInteger:
					typ, text = "number", pickNumber([]string{"35", "0", "1200"}, k, col.Min, col.Max)
				case campaign.ColEnum:
					typ, text = "text", col.Values[(len(col.Values)-1+k)%len(col.Values)]
				case campaign.ColDate:
					typ, text = "date", []string{"2023-09-30", "2023-12-01", "2024-01-05"}[k]
				}
				add(in, cells[row], row, typ, text)
			}
		}
	}
	return plan
}

// checkReadBack wants ReadTemplate to return every typed value at its input, exactly as
// typed, and every other input as it was generated.
func checkReadBack(t *testing.T, tm *tmpl, plan []fillCell, data []byte, who string) {
	t.Helper()
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		t.Fatalf("%s: ReadTemplate: %v", who, err)
	}
	if ret.Metadata.Campaign != tm.c.ID || ret.Metadata.Unit != tm.unit.Code || ret.Metadata.Period != tm.period.String() ||
		len(ret.Metadata.Inputs) != len(tm.blank.Metadata.Inputs) {
		t.Errorf("%s: metadata read back as %+v", who, ret.Metadata)
	}
	typed := map[string]fillCell{}
	for _, f := range plan {
		typed[f.Sheet+"!"+f.Cell] = f
	}
	blank := map[string]string{}
	for _, v := range tm.blank.Values {
		blank[v.Sheet+"!"+v.Cell] = v.Raw
	}
	seen := map[string]bool{}
	for _, v := range ret.Values {
		key := v.Sheet + "!" + v.Cell
		f, ok := typed[key]
		if !ok {
			if v.Raw != blank[key] {
				t.Errorf("%s: %s %s (%s) reads %q, untouched it was %q", who, key, v.Kind, v.Key, v.Raw, blank[key])
			}
			continue
		}
		seen[key] = true
		if v.Kind != f.in.Kind || v.Key != f.in.Key || v.Row != f.row {
			t.Errorf("%s: %s read as %s %s row %d, typed as %s %s row %d", who, key, v.Kind, v.Key, v.Row, f.in.Kind, f.in.Key, f.row)
		}
		if v.Raw != f.want {
			t.Errorf("%s: %s (%s %s) reads %q, typed %q (want %q)", who, key, v.Kind, v.Key, v.Raw, f.Text, f.want)
		}
	}
	for _, f := range plan {
		if !seen[f.Sheet+"!"+f.Cell] {
			t.Errorf("%s: typed %q into %s!%s, ReadTemplate does not return it", who, f.Text, f.Sheet, f.Cell)
		}
	}
}

func TestTemplatesRoundTrip(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tms := readerTemplates(t, dir)
	filledDir := filepath.Join(dir, "filled")
	if err := os.Mkdir(filledDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var jobs []fillJob
	plans := map[*tmpl][]fillCell{}
	typed := map[string]bool{}
	for i, tm := range tms {
		plan := fillPlan(t, tm, i)
		plans[tm] = plan
		jobs = append(jobs, fillJob{Src: tm.path, Dst: filepath.Join(filledDir, filepath.Base(tm.path)), Cells: plan})
		for _, f := range plan {
			typed[f.in.Kind+"="+f.Text] = true
		}
	}
	// The plan covers what the brief asks: decimals as typed, text answers, remarks,
	// list cells of every type, task states and progress.
	for _, want := range []string{"value=1234.56", "value=0.1", "value=完成", "value=未完成", "note=  前后有空格的说明  ",
		"note=第一行\n第二行：较上期增加１２３４．５万元", "list=1234.56", "list=0.1", "list=35", "list=2023-09-30",
		"list=91330304MA2AT1B83K", "list=已完成", "list=已验收,已销号", "list=方式20：兼并重组后整体搬迁入园",
		"task-status=已完成", "task-status=滞后"} {
		if !typed[want] {
			t.Errorf("no template got %q typed in", want)
		}
	}
	py := testtool.Python(t, "openpyxl")
	script, err := filepath.Abs(filepath.Join("testdata", "fill_template.py"))
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := json.Marshal(jobs)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, script)
	cmd.Stdin = bytes.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("fill_template.py: %v\n%s", err, out)
	}
	var filled []string
	for _, job := range jobs {
		filled = append(filled, job.Dst)
	}
	// The same files saved again by LibreOffice, as a clerk using it would.
	resaved := convertAll(t, filled, "xlsx")
	for _, tm := range tms {
		t.Run(tm.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(filledDir, filepath.Base(tm.path)))
			if err != nil {
				t.Fatal(err)
			}
			checkReadBack(t, tm, plans[tm], data, "openpyxl")
			data, err = os.ReadFile(filepath.Join(resaved, filepath.Base(tm.path)))
			if err != nil {
				t.Fatal(err)
			}
			checkReadBack(t, tm, plans[tm], data, "LibreOffice")
		})
	}
}

// ---- determinism ----

// TestTemplatesDeterministic: the same input gives byte-identical files (the stronger
// property: not only the same cell contents), written again, from a campaign loaded
// afresh, or by the pool of workers.
func TestTemplatesDeterministic(t *testing.T) {
	t.Parallel()
	tms := readerTemplates(t, t.TempDir())
	fresh := readerTemplates(t, t.TempDir()) // every campaign parsed again
	var inputs []workbook.TemplateInput
	for i, tm := range tms {
		if !bytes.Equal(fresh[i].data, tm.data) {
			t.Errorf("%s: the same campaign loaded twice gives different bytes", tm)
		}
		again, err := workbook.WriteTemplate(tm.input)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, tm.data) {
			t.Errorf("%s: writing the same template twice gives different bytes", tm)
		}
		inputs = append(inputs, tm.input)
	}
	var order []int
	err := workbook.RenderTemplates(inputs, 2, func(i int, data []byte, err error) error {
		order = append(order, i)
		if err != nil {
			return err
		}
		if !bytes.Equal(data, tms[i].data) {
			t.Errorf("%s: the pool writes different bytes", tms[i])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sort.IntsAreSorted(order) || len(order) != len(tms) {
		t.Errorf("RenderTemplates emitted %v, want 0..%d in order", order, len(tms)-1)
	}
}
