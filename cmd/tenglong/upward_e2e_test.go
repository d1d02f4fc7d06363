package main

// End-to-end test of issue 20 (多级上报) on the built binary, three levels: huzhou-2023
// (the city) generates; 德清县 is initialised from the template the city sent it, with
// four of its real townships (武康街道、舞阳街道、阜溪街道、新市镇; public names, the
// figures are synthetic); the townships' returns are typed with openpyxl and ingested;
// `upward` fills the city's template; the city ingests it, and its figure for 德清县
// is checked, indicator by indicator, against an aggregation computed here.

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// deqingTownships are the county's units in the test, in campaign order.
var deqingTownships = []struct{ code, name string }{
	{"wukang", "武康街道"}, {"wuyang", "舞阳街道"}, {"fuxi", "阜溪街道"}, {"xinshi", "新市镇"},
}

// townshipFigures are what each township reports, by the county's indicator id, in
// deqingTownships order. Decimals are chosen to catch any float on the way.
var townshipFigures = map[string][]string{
	"new-industry-share-up":           {"1.2", "1.6", "0.9", "2.1"},
	"industry-value-added-growth":     {"7.9", "8.6", "9.1", "6.4"},
	"manufacturing-investment-growth": {"10", "14", "12", "9"},
	"tax-per-mu":                      {"41", "35", "28", "52"}, // weighted by industrial-land
	"value-added-per-mu":              {"210", "190", "205", "220"},
	"labor-productivity":              {"30.1", "28.7", "29.9", "31.4"},
	"rd-expense-ratio":                {"2.8", "2.6", "2.9", "2.5"},
	"high-tech-share":                 {"70.2", "66.5", "68.8", "71.3"},
	"patents-per-10k":                 {"22.01", "20.43", "21.77", "19.95"},
	"digital-core-growth":             {"11", "9", "13", "10"},
	"zj-made-standards":               {"3", "2", "1", "0"},
	"pinzibiao-firms":                 {"1", "1", "0", "2"},
	"inefficient-firms":               {"31", "22", "17", "9"},
	"freed-land":                      {"250.5", "180.25", "96", "40.75"},
	"freed-energy":                    {"0.31", "0.2", "0.15", "0.09"},
	"energy-intensity-drop":           {"5.1", "5.6", "4.9", "5.3"},
	"industrial-land":                 {"1200", "800", "650", "300"}, // the county's own indicator
}

// countyGiven are the county office's own figures for the indicators that cannot be
// added up (total: given), entered with `totals set`.
var countyGiven = map[string]string{
	"new-industry-share-up": "1.4", "industry-value-added-growth": "8.3", "manufacturing-investment-growth": "11",
	"value-added-per-mu": "201", "labor-productivity": "30.2", "rd-expense-ratio": "2.75", "high-tech-share": "69.1",
	"patents-per-10k": "21.83", "digital-core-growth": "12", "energy-intensity-drop": "5.4",
}

// summed are the indicators the county adds up (flows: total: sum).
var summed = []string{"zj-made-standards", "pinzibiao-firms", "inefficient-firms", "freed-land", "freed-energy"}

// expectedCounty is the county's figure for each city indicator, computed here from
// the townships' figures: sums, the land-weighted average of tax-per-mu rounded
// half-up to the city's 0 decimals, and the office's figures.
func expectedCounty(t *testing.T) map[string]decimal.Decimal {
	t.Helper()
	out := map[string]decimal.Decimal{}
	for _, id := range summed {
		sum := decimal.Zero
		for _, v := range townshipFigures[id] {
			sum = sum.Add(decimal.RequireFromString(v))
		}
		out[id] = sum
	}
	num, den := decimal.Zero, decimal.Zero
	for i, v := range townshipFigures["tax-per-mu"] {
		w := decimal.RequireFromString(townshipFigures["industrial-land"][i])
		num = num.Add(decimal.RequireFromString(v).Mul(w))
		den = den.Add(w)
	}
	out["tax-per-mu"] = num.Div(den).Round(0) // 103550/2950 = 35.10… → 35
	for id, v := range countyGiven {
		out[id] = decimal.RequireFromString(v)
	}
	if len(out) != 16 {
		t.Fatalf("expected figures for 16 city indicators, have %d", len(out))
	}
	return out
}

// splitTargets are the township targets of the summed indicators; freed-land's first
// split (wrong) does not add up to the city's 2000.
var splitTargets = map[string]string{
	"inefficient-firms": "wukang: 100, wuyang: 60, fuxi: 50, xinshi: 40",
	"freed-land":        "wukang: 800, wuyang: 500, fuxi: 400, xinshi: 300",
	"freed-energy":      "wukang: 0.8, wuyang: 0.5, fuxi: 0.4, xinshi: 0.3",
}

// indicatorBlock finds an indicator's block in the county's campaign.yaml.
func indicatorBlock(t *testing.T, yaml, id string) (start, end int) {
	t.Helper()
	start = strings.Index(yaml, "  - id: "+id+"\n")
	if start < 0 {
		t.Fatalf("campaign.yaml has no indicator %s:\n%s", id, yaml)
	}
	end = strings.Index(yaml[start+1:], "\n  - id: ")
	if end < 0 {
		end = strings.Index(yaml[start:], "\n\n")
		return start, start + end
	}
	return start, start + 1 + end
}

// editInBlock replaces old with new inside one indicator's block.
func editInBlock(t *testing.T, yaml, id, old, new string) string {
	t.Helper()
	s, e := indicatorBlock(t, yaml, id)
	block := yaml[s:e]
	if !strings.Contains(block, old) {
		t.Fatalf("indicator %s has no %q:\n%s", id, old, block)
	}
	return yaml[:s] + strings.Replace(block, old, new, 1) + yaml[e:]
}

var countyTarget = regexp.MustCompile(`targets: \{deqing: ([0-9.]+)\}`)

// countyWorkspace is what the office does after init: list its townships, split the
// summed targets (with freed-land's given split), weight tax-per-mu by its own land
// indicator.
func countyWorkspace(t *testing.T, yaml, freedLand string) string {
	t.Helper()
	var units strings.Builder
	units.WriteString("units:\n")
	for _, u := range deqingTownships {
		units.WriteString("  - {code: " + u.code + ", name: " + u.name + ", kind: area}\n")
	}
	if !strings.Contains(yaml, "units: []\n") {
		t.Fatalf("init wrote no empty units list:\n%s", yaml)
	}
	yaml = strings.Replace(yaml, "units: []\n", units.String(), 1)
	for id, split := range splitTargets {
		if id == "freed-land" {
			split = freedLand
		}
		s, e := indicatorBlock(t, yaml, id)
		m := countyTarget.FindStringSubmatch(yaml[s:e])
		if m == nil {
			t.Fatalf("indicator %s has no county target:\n%s", id, yaml[s:e])
		}
		yaml = editInBlock(t, yaml, id, m[0], "targets: {deqing: "+m[1]+", "+split+"}")
	}
	yaml = editInBlock(t, yaml, "tax-per-mu", "total: given", "total: {weighted-by: industrial-land}")
	if !strings.Contains(yaml, "    lead: []\n") {
		t.Fatalf("init wrote no task to assign:\n%s", yaml)
	}
	yaml = strings.Replace(yaml, "    lead: []\n", "    lead: [wukang]\n    co: [wuyang, fuxi, xinshi]\n", 1)
	own := "  - {id: industrial-land, name: 规上工业用地面积, measure: 亩, kind: level, decimals: 0, total: sum}\n"
	i := strings.Index(yaml, "\n# 上级行动")
	if i < 0 {
		t.Fatalf("init wrote no parent block:\n%s", yaml)
	}
	return yaml[:i] + "\n" + own + yaml[i+1:]
}

// fillTownships types townshipFigures into the county's templates of the units given,
// with openpyxl, and returns the filled files.
func fillTownships(t *testing.T, ws, dir string, units ...string) []string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	var jobs []pyJob
	var files []string
	for i, u := range deqingTownships {
		if !slices.Contains(units, u.code) {
			continue
		}
		ret, err := workbook.ReadTemplate(readBytes(t, templates[u.code]))
		if err != nil {
			t.Fatal(err)
		}
		var cells []typed
		for _, in := range ret.Metadata.Inputs {
			if in.Kind == workbook.InputValue {
				v, ok := townshipFigures[in.Key]
				if !ok {
					t.Fatalf("no figure for %s", in.Key)
				}
				cells = append(cells, typed{Sheet: in.Sheet, Cell: in.Ref, Type: "number", Text: v[i]})
			}
		}
		cells = append(cells, townshipListAndTask(t, ret.Metadata.Inputs, u.code)...)
		dst := filepath.Join(dir, filepath.Base(templates[u.code]))
		jobs = append(jobs, pyJob{Op: "fill", Src: templates[u.code], Dst: dst, Cells: cells})
		files = append(files, dst)
	}
	openpyxl(t, jobs)
	return files
}

type consolidated struct {
	Indicators []struct {
		ID    string `json:"id"`
		Units []struct {
			Code   string  `json:"code"`
			Actual *string `json:"actual"`
		} `json:"units"`
	} `json:"indicators"`
}

// upwardChain is a three-level run up to the county's complete return: the city, its
// 2023Q3 template for 德清县 and its 2023Q2 one, the county's workspace (campaign.yaml
// as good) with every township's return ingested, and ret, upward's file. On the way
// it checks init --from-template, check's split warning and the partial return.
type upwardChain struct {
	root, city, county, cityTemplate, q2Template, yamlPath, good, ret string
}

// mustTL runs the binary with the ingest clock and wants exit 0.
func mustTL(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := tl(t, args...)
	if code != 0 {
		t.Fatalf("tenglong %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func newUpwardChain(t *testing.T) *upwardChain {
	t.Helper()
	mustTL := func(args ...string) string { t.Helper(); return mustTL(t, args...) }
	root := t.TempDir()
	city := filepath.Join(root, "湖州")
	county := filepath.Join(root, "德清")
	mustTL("init", city, "--seed", "huzhou-2023")
	// The seed's document has no list or task for the counties: the test adds a
	// synthetic list and task to the city's campaign, so that they go down and up.
	cityYAML := filepath.Join(city, campaignFile)
	writeBytes(t, cityYAML, []byte(readFile(t, cityYAML)+cityListAndTask))
	mustTL("-w", city, "generate", "--period", "2023Q3")
	mustTL("-w", city, "generate", "--period", "2023Q2")
	cityTemplate := filepath.Join(root, "德清县-2023Q3.xlsx")
	writeBytes(t, cityTemplate, readBytes(t, readManifest(t, filepath.Join(city, templatesDir, "2023Q3"))["deqing"]))
	q2Template := readManifest(t, filepath.Join(city, templatesDir, "2023Q2"))["deqing"]

	// 1. The county's workspace from the city's template.
	out := mustTL("init", county, "--from-template", cityTemplate)
	for _, want := range []string{"huzhou-2023", "德清县", "16 项指标", "units"} {
		if !strings.Contains(out, want) {
			t.Errorf("init --from-template output lacks %q:\n%s", want, out)
		}
	}
	yamlPath := filepath.Join(county, campaignFile)
	initial := readFile(t, yamlPath)
	for _, want := range []string{"parent:\n  campaign: huzhou-2023\n  unit: deqing\n", "    freed-land: freed-land\n",
		"  - id: inefficient-list\n", "{id: uscc, title: \"统一社会信用代码\", type: uscc, required: true}", "{id: land, title: \"腾出用地(亩)\", type: decimal, min: 0}",
		"values: [\"关停退出\", \"改造提升\", \"兼并重组\"]", "{id: done-on, title: \"完成日期\", type: date}", "  - id: t-survey\n", "    due: 2023-12-31\n",
		"total: {code: deqing, name: \"德清县\"}", "targets: {deqing: 2000}", "measure: \"万吨标煤\"", "kind: change", "kind: rate", "kind: level"} {
		if !strings.Contains(initial, want) {
			t.Errorf("the county's campaign.yaml lacks %q", want)
		}
	}
	if code, out, _ := tl(t, "-w", county, "check"); code != 3 || !strings.Contains(out, "没有任何责任单位") {
		t.Errorf("check before the townships are listed: exit %d, want 3 asking for units\n%s", code, out)
	}

	// check warns, with the YAML line, when the split does not add up to the city's target.
	writeBytes(t, yamlPath, []byte(countyWorkspace(t, initial, "wukang: 800, wuyang: 500, fuxi: 400, xinshi: 200")))
	code, out, errs := tl(t, "-w", county, "check")
	line := regexp.MustCompile(`第 (\d+) 行：[^\n]*高耗低效整治腾出用地面积[^\n]*1900[^\n]*上级下达给德清县的目标 2000`).FindStringSubmatch(out)
	if code != 0 || line == nil {
		t.Fatalf("check with a split short of the city's target: exit %d, want 0 and a warning naming the line\n%s%s", code, out, errs)
	}
	if got := strings.Split(readFile(t, yamlPath), "\n"); !strings.Contains(got[atoi(t, line[1])-1], "deqing: 2000") {
		t.Errorf("the warning's line %s is not freed-land's targets: %q", line[1], got[atoi(t, line[1])-1])
	}
	good := countyWorkspace(t, initial, splitTargets["freed-land"])
	writeBytes(t, yamlPath, []byte(good))
	if out := mustTL("-w", county, "check"); strings.Contains(out, "上级下达") {
		t.Errorf("check warns on a split that adds up:\n%s", out)
	}

	// 2. The townships report; 新市镇 is late.
	mustTL("-w", county, "generate", "--period", "2023Q3")
	inbox := filepath.Join(root, "收件箱")
	first := fillTownships(t, county, inbox, "wukang", "wuyang", "fuxi")
	for name, f := range tlIngest(t, county, 0, first...) {
		if f.Outcome != "accepted" {
			t.Fatalf("township return %s: %s %v", name, f.Outcome, f.Issues)
		}
	}
	for id, v := range countyGiven {
		mustTL("-w", county, "totals", "set", "--period", "2023Q3", "--indicator", id, "--value", v, "--reason", "县统计局快报")
	}
	ret := filepath.Join(root, "德清县-2023Q3-报送.xlsx")

	// A township missing: refused with its name; --partial says so on 填报说明.
	code, out, errs = tl(t, "-w", county, "upward", "--period", "2023Q3", "--template", cityTemplate, "-o", ret)
	if code != 1 || !strings.Contains(errs, "新市镇") || !strings.Contains(errs, "--partial") {
		t.Errorf("upward with 新市镇 missing: exit %d, want 1 naming it\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(ret); err == nil {
		t.Errorf("a refused upward wrote %s", ret)
	}
	partial := filepath.Join(root, "部分.xlsx")
	out = mustTL("-w", county, "upward", "--period", "2023Q3", "--template", cityTemplate, "-o", partial, "--partial")
	if !strings.Contains(out, "未含 1 个单位：新市镇") {
		t.Errorf("upward --partial does not say which unit is left out:\n%s", out)
	}
	guide := openpyxl(t, []pyJob{{Op: "inspect", Src: partial}})[0]
	if !rowsContain(guide.Rows["填报说明"], "【部分汇总】本次上报未含以下 1 个单位：新市镇") {
		t.Errorf("the partial return's 填报说明 does not say so: %v", guide.Rows["填报说明"])
	}

	// 3. Everyone in: the county's return.
	tlIngest(t, county, 0, fillTownships(t, county, inbox, "xinshi")...)
	out = mustTL("-w", county, "upward", "--period", "2023Q3", "--template", cityTemplate, "-o", ret)
	if strings.Contains(out, "部分汇总") || strings.Contains(out, "未含") {
		t.Errorf("a complete return is called partial:\n%s", out)
	}
	return &upwardChain{root: root, city: city, county: county, cityTemplate: cityTemplate, q2Template: q2Template, yamlPath: yamlPath, good: good, ret: ret}
}

func TestUpwardThreeLevels(t *testing.T) {
	ch := newUpwardChain(t)
	root, city, county, cityTemplate, q2Template, yamlPath, good, ret := ch.root, ch.city, ch.county, ch.cityTemplate, ch.q2Template, ch.yamlPath, ch.good, ch.ret
	mustTL := func(args ...string) string { t.Helper(); return mustTL(t, args...) }
	want := expectedCounty(t)
	checkDetail(t, ret)
	checkSameButInputs(t, cityTemplate, ret)

	// 4. The city takes it like any county's return: accepted, signature valid.
	cityInbox := filepath.Join(root, "市收件箱")
	writeBytes(t, filepath.Join(cityInbox, filepath.Base(ret)), readBytes(t, ret))
	f := tlIngest(t, city, 0, filepath.Join(cityInbox, filepath.Base(ret)))[filepath.Base(ret)]
	if f.Outcome != "accepted" || f.Unit != "deqing" || f.Period != "2023Q3" {
		t.Fatalf("the city's ingest of the county's return: %s %s %s %v", f.Outcome, f.Unit, f.Period, f.Issues)
	}
	for _, is := range f.Issues {
		if strings.HasPrefix(is.Code, "signature") || is.Severity == "error" {
			t.Errorf("the city found %s: %s", is.Code, is.Message)
		}
	}
	checkListsAndTasks(t, ret, city)
	var k consolidated
	jsonOf(t, mustTL("-w", city, "consolidate", "--period", "2023Q3", "--json"), &k)
	seen := 0
	for _, in := range k.Indicators {
		for _, u := range in.Units {
			if u.Code != "deqing" {
				continue
			}
			seen++
			exp, ok := want[in.ID]
			switch {
			case !ok:
				t.Errorf("the city has indicator %s the test did not expect", in.ID)
			case u.Actual == nil:
				t.Errorf("%s: the city has no figure for 德清县, want %s", in.ID, exp)
			case !decimal.RequireFromString(*u.Actual).Equal(exp):
				t.Errorf("%s: the city's figure for 德清县 is %s, the townships' aggregation is %s", in.ID, *u.Actual, exp)
			}
		}
	}
	if seen != len(want) {
		t.Errorf("the city consolidated %d indicators for 德清县, want %d", seen, len(want))
	}

	// The city drills into the county's figures: its 明细, marked as the county's own.
	var drill struct {
		Unit    string     `json:"unit"`
		Headers []string   `json:"headers"`
		Rows    [][]string `json:"rows"`
	}
	jsonOf(t, mustTL("-w", city, "consolidate", "--period", "2023Q3", "--drill", "德清县", "--json"), &drill)
	wantRow := []string{"高耗低效整治企业数", "家", "31", "22", "17", "9", "79"}
	if drill.Unit != "deqing" || !slices.Contains(drill.Headers, "新市镇") || !slices.ContainsFunc(drill.Rows, func(r []string) bool {
		return len(r) >= len(wantRow) && slices.Equal(r[:len(wantRow)], wantRow)
	}) {
		t.Errorf("consolidate --drill 德清县 --json: %+v", drill)
	}
	if out := mustTL("-w", city, "consolidate", "--period", "2023Q3", "--drill", "deqing"); !strings.Contains(out, "德清县自己的数字") || !strings.Contains(out, "武康街道") {
		t.Errorf("consolidate --drill does not mark the county's own figures:\n%s", out)
	}
	if code, _, errs := tl(t, "-w", city, "consolidate", "--period", "2023Q3", "--drill", "吴兴区"); code != 1 || !strings.Contains(errs, "吴兴区 2023年第三季度还没有已采用的报送") {
		t.Errorf("drill into a unit without a return: exit %d %s", code, errs)
	}

	// The bulletin's optional annex prints the same breakdown, marked as the county's.
	bulletin := filepath.Join(root, "通报.pdf")
	mustTL("-w", city, "bulletin", "--period", "2023Q3", "--annex", "德清县", "-o", bulletin)
	text := strings.Join(strings.Fields(testtool.Run(t, "pdftotext", bulletin, "-")), "")
	for _, want := range []string{"德清县报送附来的下级单位明细", "是德清县自己的数字，仅供参考；汇总采用的是德清县报送的合计数", "武康街道", "新市镇", "250.5", "180.25", "567.5"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin --annex 德清县 lacks %q", want)
		}
	}
	if code, _, errs := tl(t, "-w", city, "bulletin", "--period", "2023Q3", "--annex", "吴兴区", "-o", filepath.Join(root, "x.pdf")); code != 1 || !strings.Contains(errs, "吴兴区 2023年第三季度还没有已采用的报送") {
		t.Errorf("bulletin --annex of a unit without a return: exit %d %s", code, errs)
	}

	// 5. What the city refuses or upward refuses.
	t.Run("hand-edited", func(t *testing.T) {
		targetCell := ""
		for _, in := range mustRead(t, ret).Metadata.Inputs {
			if in.Kind == workbook.InputTarget && in.Key == "inefficient-firms" {
				targetCell = in.Ref
			}
		}
		edited := filepath.Join(root, "改过", "改目标-"+filepath.Base(ret))
		metaEdited := filepath.Join(root, "改过", "改元数据-"+filepath.Base(ret))
		if err := os.MkdirAll(filepath.Dir(edited), 0o755); err != nil {
			t.Fatal(err)
		}
		openpyxl(t, []pyJob{
			{Op: "fill", Src: ret, Dst: edited, Cells: []typed{num(targetCell, "200")}},
			{Op: "fill", Src: ret, Dst: metaEdited, Cells: []typed{meta("B4", "0000")}},
		})
		files := tlIngest(t, city, 3, edited, metaEdited)
		for _, path := range []string{edited, metaEdited} {
			f, ok := files[filepath.Base(path)]
			if !ok || f.Outcome == "accepted" {
				t.Errorf("the city accepted (or did not see) %s, edited by hand: %s %v", filepath.Base(path), f.Outcome, f.Issues)
			}
		}
		if f := files[filepath.Base(metaEdited)]; !slices.ContainsFunc(f.Issues, func(i reportedIssue) bool { return i.Code == "signature-invalid" }) {
			t.Errorf("an edited metadata sheet is not called signature-invalid: %v", f.Issues)
		}
	})
	t.Run("files", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--template", filepath.Join(root, "没有.xlsx"), "-o", filepath.Join(root, "x.xlsx")}, 1, "找不到上级模板"},
			{[]string{"--template", cityTemplate, "-o", cityTemplate}, 2, "-o 不能是上级模板本身"},
			{[]string{"--template", yamlPath, "-o", filepath.Join(root, "x.xlsx")}, 1, "不是 tenglong 生成的填报模板"},
			{[]string{"-o", filepath.Join(root, "x.xlsx")}, 2, "请用 --template 指定上级发来的本期模板"},
		} {
			code, out, errs := tl(t, append([]string{"-w", county, "upward", "--period", "2023Q3"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Errorf("upward %v: exit %d, want %d saying %q\n%s%s", tc.args, code, tc.code, tc.want, out, errs)
			}
		}
	})
	t.Run("another period", func(t *testing.T) {
		code, out, errs := tl(t, "-w", county, "upward", "--period", "2023Q3", "--template", q2Template, "-o", filepath.Join(root, "q2.xlsx"))
		if code != 1 || !strings.Contains(errs, "这份模板是2023年第二季度的，不是2023年第三季度") {
			t.Errorf("upward on 2023Q2's template: exit %d\n%s%s", code, out, errs)
		}
	})
	t.Run("measure changed", func(t *testing.T) {
		writeBytes(t, yamlPath, []byte(editInBlock(t, good, "freed-land", "measure: \"亩\"", "measure: \"公顷\"")))
		defer writeBytes(t, yamlPath, []byte(good))
		code, out, errs := tl(t, "-w", county, "upward", "--period", "2023Q3", "--template", cityTemplate, "-o", filepath.Join(root, "m.xlsx"))
		if code != 1 || !strings.Contains(errs, "指标“高耗低效整治腾出用地面积”的计量单位本级是“公顷”，上级模板是“亩”") {
			t.Errorf("upward with a changed unit of measure: exit %d\n%s%s", code, out, errs)
		}
	})
	t.Run("indicator removed", func(t *testing.T) {
		s, e := indicatorBlock(t, good, "pinzibiao-firms")
		removed := strings.Replace(good[:s]+good[e+1:], "    pinzibiao-firms: pinzibiao-firms\n", "", 1)
		writeBytes(t, yamlPath, []byte(removed))
		defer writeBytes(t, yamlPath, []byte(good))
		code, out, errs := tl(t, "-w", county, "upward", "--period", "2023Q3", "--template", cityTemplate, "-o", filepath.Join(root, "r.xlsx"))
		if code != 1 || !strings.Contains(errs, "上级模板要填指标““品字标浙江制造”认证企业”（pinzibiao-firms），本级 campaign.yaml 里没有对应的指标") {
			t.Errorf("upward with an indicator removed: exit %d\n%s%s", code, out, errs)
		}
	})
}

func mustRead(t *testing.T, path string) *workbook.Return {
	t.Helper()
	r, err := workbook.ReadTemplate(readBytes(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func rowsContain(rows [][]*string, text string) bool {
	for _, r := range rows {
		for _, c := range r {
			if c != nil && strings.Contains(*c, text) {
				return true
			}
		}
	}
	return false
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// checkDetail reads the return's 明细 sheet with openpyxl: the townships' own figures
// of 高耗低效整治企业数, and the figure sent up.
func checkDetail(t *testing.T, path string) {
	t.Helper()
	row := ""
	for _, in := range mustRead(t, path).Metadata.Inputs {
		if in.Kind == workbook.InputValue && in.Key == "inefficient-firms" {
			row = strings.TrimLeft(in.Ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") // the same row as on 指标填报
		}
	}
	cells := []typed{{Sheet: "明细", Cell: "A" + row}, {Sheet: "明细", Cell: "C3"}, {Sheet: "明细", Cell: "F3"}}
	for _, col := range []string{"C", "D", "E", "F", "G"} {
		cells = append(cells, typed{Sheet: "明细", Cell: col + row})
	}
	got := openpyxl(t, []pyJob{{Op: "inspect", Src: path, Cells: cells}})[0]
	if !slices.Contains(got.Sheets, "明细") {
		t.Fatalf("the return has no 明细 sheet: %v", got.Sheets)
	}
	want := map[string]string{"A" + row: "高耗低效整治企业数", "C3": "武康街道", "F3": "新市镇",
		"C" + row: "31", "D" + row: "22", "E" + row: "17", "F" + row: "9", "G" + row: "79"}
	for ref, w := range want {
		if c := got.Cells["明细!"+ref]; c.Value == nil || *c.Value != w {
			t.Errorf("明细!%s = %v, want %s", ref, c.Value, w)
		}
	}
}

// demo --levels runs the whole chain on the seed and lists the files: the city takes
// the county's return (已采用) and the drill shows the county's townships.
func TestDemoLevels(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "演示")
	out := mustTL(t, "demo", "--levels", "--dir", dir)
	for _, want := range []string{"德清县-2023Q3-报送.xlsx  德清县 2023Q3  已采用  0 个错误", "德清县自己的数字", "武康街道", "多级上报演示完成"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo --levels output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"德清县-2023Q3.xlsx", "德清县-2023Q3-报送.xlsx", filepath.Join("德清县", campaignFile)} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("demo --levels wrote no %s", f)
		}
	}

	// The county's targets are split among its townships: a summed one adds up to the
	// city's target for 德清县 exactly, and check has nothing to say about the split.
	if strings.Contains(out, "不一致") || strings.Contains(out, "达不到上级的目标") {
		t.Errorf("demo --levels: check warns about the split:\n%s", out)
	}
	yaml := readFile(t, filepath.Join(dir, "德清县", campaignFile))
	split := regexp.MustCompile(`targets: \{deqing: ([0-9.]+), wukang: ([0-9.]+), wuyang: ([0-9.]+), fuxi: ([0-9.]+), xinshi: ([0-9.]+)\}   # [^\n]*按各单位权数分解`).FindAllStringSubmatch(yaml, -1)
	if len(split) != 3 || !strings.Contains(yaml, "targets: {deqing: 2000, wukang: 800, wuyang: 500, fuxi: 400, xinshi: 300}") {
		t.Errorf("the demo county's summed targets are not split (%d found):\n%s", len(split), yaml)
	}
	for _, m := range split {
		sum := decimal.Zero
		for _, v := range m[2:] {
			sum = sum.Add(decimal.RequireFromString(v))
		}
		if !sum.Equal(decimal.RequireFromString(m[1])) {
			t.Errorf("%s: the townships' targets add up to %s", m[0], sum)
		}
	}

	// breakdown --propose on the demo's county: last year's figures in a CSV, the
	// split printed as a fragment, campaign.yaml untouched.
	county := filepath.Join(dir, "德清县")
	before := readFile(t, filepath.Join(county, campaignFile))
	csvPath := filepath.Join(dir, "上年实绩.csv")
	writeBytes(t, csvPath, []byte("\ufeff单位,上年实绩\n武康街道,120\n舞阳街道,80\nfuxi,60\n新市镇,40\n"))
	out = mustTL(t, "-w", county, "breakdown", "--propose", "按上年实绩", csvPath)
	for _, want := range []string{
		"targets: {deqing: 250, wukang: 100, wuyang: 67, fuxi: 50, xinshi: 33}",  // 250×120/300 …, 66.67→67, 33.33→33
		"targets: {deqing: 2, wukang: 0.8, wuyang: 0.5, fuxi: 0.4, xinshi: 0.3}", // one decimal: 0.53→0.5, 0.27→0.3
		"targets: {deqing: 2000, wukang: 800, wuyang: 533, fuxi: 400, xinshi: 267}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("breakdown --propose lacks %q:\n%s", want, out)
		}
	}
	if readFile(t, filepath.Join(county, campaignFile)) != before {
		t.Error("breakdown --propose changed campaign.yaml")
	}
	if code, _, errs := tl(t, "-w", county, "breakdown", "--propose", "上年实绩", filepath.Join(dir, "没有.csv")); code != 1 || !strings.Contains(errs, "找不到分解依据文件") {
		t.Errorf("breakdown --propose of a missing file: exit %d %s", code, errs)
	}
}
