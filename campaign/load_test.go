package campaign

import (
	"fmt"
	"math/rand"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// fileSections is the minimal valid campaign the tests build on, section by section in
// file order. A case replaces a section or fills one of the empty ones; "" leaves a
// section out.
var fileSections = []struct{ key, text string }{
	{"id", "id: test-2023"},
	{"title", "title: 测试攻坚行动"},
	{"issuer", ""},
	{"source", ""},
	{"span", "span: {start: 2023-01, end: 2023-12}"},
	{"cadence", ""},
	{"deadline", ""},
	{"progress", ""},
	{"units", yamlLines(
		"units:",
		"  - {code: wuxing, name: 吴兴区, kind: area}",
		"  - {code: nanxun, name: 南浔区, kind: area}",
		"  - {code: jxj, name: 市经信局, kind: department}",
	)},
	{"total", "total: {code: city, name: 全市}"},
	{"benchmarks", ""},
	{"indicators", yamlLines(
		"indicators:",
		"  - {id: firms, name: 整治企业数, measure: 家, kind: flow, total: sum, targets: {wuxing: 1, nanxun: 2, city: 3}}",
	)},
	{"lists", ""},
	{"tasks", ""},
	{"scoring", ""},
	{"interviews", ""},
}

// yamlLines joins lines into a YAML fragment, so that cases keep Go indentation.
func yamlLines(lines ...string) string { return strings.Join(lines, "\n") }

// campaignFile writes the minimal campaign with some sections replaced.
func campaignFile(t *testing.T, over map[string]string) string {
	t.Helper()
	known := map[string]bool{}
	var b strings.Builder
	for _, s := range fileSections {
		known[s.key] = true
		text := s.text
		if o, ok := over[s.key]; ok {
			text = o
		}
		if text != "" {
			b.WriteString(strings.TrimRight(text, "\n"))
			b.WriteString("\n")
		}
	}
	for k := range over {
		if !known[k] {
			t.Fatalf("campaignFile: there is no section %q", k)
		}
	}
	return b.String()
}

// wantProblem is one expected problem. Its line is the line of the document that
// carries mark (a YAML comment such as "#!"); no mark means line 0, the whole file.
// Every string in has must appear in the message; "#1" inside one of them stands for
// the line that carries the mark "#1".
type wantProblem struct {
	code  string
	sev   Severity
	mark  string
	has   []string
	lacks []string
}

func errAt(code, mark string, has ...string) wantProblem {
	return wantProblem{code: code, sev: SeverityError, mark: mark, has: has}
}

func warnAt(code, mark string, has ...string) wantProblem {
	return wantProblem{code: code, sev: SeverityWarning, mark: mark, has: has}
}

func (w wantProblem) without(s ...string) wantProblem {
	w.lacks = append(w.lacks, s...)
	return w
}

// markLine finds the one line of doc that carries mark.
func markLine(t *testing.T, doc, mark string) int {
	t.Helper()
	found := 0
	for i, l := range strings.Split(doc, "\n") {
		if strings.Contains(l, mark) {
			if found != 0 {
				t.Fatalf("mark %q is on lines %d and %d:\n%s", mark, found, i+1, numbered(doc))
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("mark %q is on no line:\n%s", mark, numbered(doc))
	}
	return found
}

// lineMatching finds the one line of doc that matches pattern.
func lineMatching(t *testing.T, doc, pattern string) int {
	t.Helper()
	re := regexp.MustCompile(pattern)
	found := 0
	for i, l := range strings.Split(doc, "\n") {
		if re.MatchString(l) {
			if found != 0 {
				t.Fatalf("%s matches lines %d and %d", pattern, found, i+1)
			}
			found = i + 1
		}
	}
	if found == 0 {
		t.Fatalf("%s matches no line:\n%s", pattern, numbered(doc))
	}
	return found
}

var markRef = regexp.MustCompile(`#\d`)

func numbered(doc string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimRight(doc, "\n"), "\n") {
		fmt.Fprintf(&b, "%3d| %s\n", i+1, l)
	}
	return b.String()
}

func listProblems(ps Problems) string {
	if len(ps) == 0 {
		return "  (none)\n"
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "  %s %s line %d: %s\n", p.Code, p.Severity, p.Line, p.Message)
	}
	return b.String()
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// wellFormed reports what is wrong with a problem regardless of the case: every
// message is Chinese, printf-clean and says where it is.
func wellFormed(p Problem, lines int) string {
	switch {
	case p.Code == "":
		return "no code"
	case p.Severity != SeverityError && p.Severity != SeverityWarning:
		return "severity " + string(p.Severity)
	case !hasHan(p.Message):
		return "message is not Chinese"
	case strings.Contains(p.Message, "%!"):
		return "message has a printf error"
	case !utf8.ValidString(p.Message):
		return "message is not valid UTF-8"
	case p.Line < 0 || p.Line > lines+1:
		return fmt.Sprintf("line %d outside the file's %d lines", p.Line, lines)
	case p.Line > 0 && !strings.HasPrefix(p.String(), fmt.Sprintf("第 %d 行：", p.Line)):
		return "String() does not start with the line"
	}
	return ""
}

// expectProblems asserts that got is exactly wants: the same codes, severities and
// lines, each message naming what it must.
func expectProblems(t *testing.T, doc string, got Problems, wants []wantProblem) {
	t.Helper()
	lines := strings.Count(doc, "\n") + 1
	failed := false
	for _, p := range got {
		if why := wellFormed(p, lines); why != "" {
			t.Errorf("problem %s line %d %q: %s", p.Code, p.Line, p.Message, why)
			failed = true
		}
	}
	used := make([]bool, len(got))
	for _, w := range wants {
		if len(w.has) == 0 {
			t.Fatalf("case error: expected %s names nothing it must mention", w.code)
		}
		line := 0
		if w.mark != "" {
			line = markLine(t, doc, w.mark)
		}
		match := -1
		for i, p := range got {
			if !used[i] && p.Code == w.code && p.Severity == w.sev && p.Line == line {
				match = i
				break
			}
		}
		if match < 0 {
			t.Errorf("missing problem %s (%s) at line %d", w.code, w.sev, line)
			failed = true
			continue
		}
		used[match] = true
		msg := got[match].Message
		for _, h := range w.has {
			h = markRef.ReplaceAllStringFunc(h, func(m string) string { return fmt.Sprint(markLine(t, doc, m)) })
			if !strings.Contains(msg, h) {
				t.Errorf("%s at line %d: message %q does not contain %q", w.code, line, msg, h)
				failed = true
			}
		}
		for _, l := range w.lacks {
			if strings.Contains(msg, l) {
				t.Errorf("%s at line %d: message %q should not contain %q", w.code, line, msg, l)
				failed = true
			}
		}
	}
	for i, p := range got {
		if !used[i] {
			t.Errorf("unexpected problem %s (%s) at line %d: %s", p.Code, p.Severity, p.Line, p.Message)
			failed = true
		}
	}
	if failed {
		t.Logf("file:\n%s\nproblems:\n%s", numbered(doc), listProblems(got))
	}
}

type loadCase struct {
	name  string
	raw   string            // the whole file; otherwise the minimal campaign with over
	over  map[string]string // sections replaced in the minimal campaign
	wants []wantProblem
}

func (c loadCase) doc(t *testing.T) string {
	if c.raw != "" || c.over == nil {
		return c.raw
	}
	return campaignFile(t, c.over)
}

func runLoadCases(t *testing.T, cases []loadCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := c.doc(t)
			camp, probs := Load([]byte(doc))
			if camp == nil {
				t.Fatal("Load returned no campaign")
			}
			expectProblems(t, doc, probs, c.wants)
		})
	}
}

func TestLoadMinimalCampaignIsClean(t *testing.T) {
	doc := campaignFile(t, nil)
	c, probs := LoadAndCheck([]byte(doc))
	expectProblems(t, doc, probs, nil)
	if c.ID != "test-2023" || len(c.Units) != 3 || c.Total == nil || len(c.Indicators) != 1 {
		t.Errorf("minimal campaign read as %+v", c)
	}
}

func TestLoadSyntaxErrors(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "key indented under a scalar", raw: yamlLines(
			"id: test-2023",
			"title: 测试攻坚行动",
			"  span: {start: 2023-01, end: 2023-12}  #!",
			"units: []",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "缩进")}},
		{name: "unclosed bracket", raw: yamlLines(
			"id: test-2023",
			"title: 测试攻坚行动",
			"units: [wuxing, nanxun  #!",
			"indicators: []",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "[")}},
		{name: "unclosed brace in a list item", raw: yamlLines(
			"id: test-2023",
			"title: 测试攻坚行动",
			"units:",
			"  - {code: wuxing, name: 吴兴区}",
			"  - {code: nanxun, name: 南浔区]  #!",
			"indicators: []",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "{")}},
		{name: "key falls out of its mapping", raw: yamlLines(
			"id: test-2023",
			"units:",
			"  - code: wuxing",
			"    name: 吴兴区",
			" kind: area  #!",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "缩进")}},
		{name: "list item indentation broken", raw: yamlLines(
			"id: test-2023",
			"units:",
			"  - code: wuxing  #!",
			"    name: 吴兴区",
			"   kind: area",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "缩进")}},
		{name: "tab indentation", raw: "id: test-2023\n\ttitle: 测试攻坚行动  #!\n",
			wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "Tab")}},
		{name: "unclosed quote", raw: yamlLines(
			"id: test-2023",
			"title: \"测试攻坚行动  #!",
			"units: []",
		), wants: []wantProblem{errAt("yaml-syntax", "#!", "YAML", "引号")}},
	})
}

func TestLoadEmptyFiles(t *testing.T) {
	for _, doc := range []string{"", "\n\n", "   \n", "# 只有注释\n", "---\n", "~\n", "--- # 空文档\n...\n"} {
		t.Run(fmt.Sprintf("%q", doc), func(t *testing.T) {
			_, probs := Load([]byte(doc))
			expectProblems(t, doc, probs, []wantProblem{errAt("yaml-empty", "", "文件是空的")})
			_, probs = LoadAndCheck([]byte(doc))
			expectProblems(t, doc, probs, []wantProblem{errAt("yaml-empty", "", "文件是空的")})
		})
	}
}

func TestLoadWrongTypes(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "file is a list", raw: "- id: test-2023  #!\n- title: 测试\n",
			wants: []wantProblem{errAt("yaml-type", "#!", "攻坚行动", "列表")}},
		{name: "file is a scalar", raw: "测试攻坚行动  #!\n",
			wants: []wantProblem{errAt("yaml-type", "#!", "攻坚行动", "测试攻坚行动")}},
		{name: "mapping where a list is expected", over: map[string]string{
			"units": "units: {code: wuxing, name: 吴兴区}  #!",
		}, wants: []wantProblem{errAt("yaml-type", "#!", "units", "列表", "键值映射")}},
		{name: "list where a scalar is expected", over: map[string]string{
			"title": "title: [测试, 行动]  #!",
		}, wants: []wantProblem{errAt("yaml-type", "#!", "title", "列表")}},
		{name: "scalar where a mapping is expected", over: map[string]string{
			"span": "span: 2023-01  #!",
		}, wants: []wantProblem{errAt("yaml-type", "#!", "span", "2023-01")}},
		{name: "contact is text", over: map[string]string{
			"units": yamlLines(
				"units:",
				"  - code: wuxing",
				"    name: 吴兴区",
				"    contact: 张三  #!",
			),
			"indicators": "indicators: [{id: firms, name: 整治企业数, kind: flow}]",
		}, wants: []wantProblem{errAt("yaml-type", "#!", "contact", "张三")}},
		{name: "decimals is text", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    decimals: abc  #!",
			),
		}, wants: []wantProblem{errAt("yaml-integer", "#!", "decimals", "abc")}},
		{name: "min is text", over: map[string]string{
			"indicators": "indicators: [{id: firms, name: 整治企业数, kind: flow, min: 十}]  #!",
		}, wants: []wantProblem{errAt("yaml-number", "#!", "min", "十")}},
		{name: "rows is not whole", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    rows: 1.5  #!",
				"    columns: [{id: name, title: 企业名称}]",
			),
		}, wants: []wantProblem{errAt("yaml-integer", "#!", "rows", "1.5")}},
		{name: "time zone unknown", over: map[string]string{
			"deadline": "timezone: Asia/Beijing  #!",
		}, wants: []wantProblem{errAt("bad-timezone", "#!", "Asia/Beijing", "Asia/Shanghai")}},
		{name: "terminal escape in a unit name", over: map[string]string{
			"units": yamlLines(
				"units:",
				`  - {code: wuxing, name: "吴兴区\e[2J", kind: area}  #!`,
				"  - {code: nanxun, name: 南浔区, kind: area}",
			),
		}, wants: []wantProblem{errAt("control-char", "#!", "单位名称", "U+001B", "控制字符")}},
		{name: "deadline is text", over: map[string]string{
			"deadline": "deadline: 十天  #!",
		}, wants: []wantProblem{errAt("yaml-integer", "#!", "deadline", "十天")}},
		{name: "deadline left blank", over: map[string]string{
			"deadline": "deadline:  #!",
		}, wants: []wantProblem{errAt("yaml-integer", "#!", "deadline", "没有填写").without("“”")}},
		{name: "threshold left blank", over: map[string]string{
			"progress": "progress: {green: , yellow: 0.9}  #!",
		}, wants: []wantProblem{errAt("yaml-number", "#!", "green", "没有填写").without("“”")}},
		{name: "threshold is text", over: map[string]string{
			"progress": "progress: {green: 高, yellow: 0.9}  #!",
		}, wants: []wantProblem{errAt("yaml-number", "#!", "green", "高")}},
		{name: "points is text", over: map[string]string{
			"scoring": yamlLines(
				"scoring:",
				"  items:",
				"    - {id: firms, name: 整治企业数, formula: minmax, metric: firms.actual, points: abc}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-number", "#!", "points", "abc")}},
		{name: "required is not a boolean", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    columns:",
				"      - {id: name, title: 企业名称, required: 也许}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-bool", "#!", "required", "也许")}},
		{name: "lead is a mapping", over: map[string]string{
			"tasks": yamlLines(
				"tasks:",
				"  - id: t1",
				"    title: 排摸企业",
				"    lead: {jxj: 牵头}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-type", "#!", "lead", "列表")}},
		{name: "targets is a list", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    targets: [1, 2]  #!",
			),
		}, wants: []wantProblem{errAt("yaml-type", "#!", "targets", "列表")}},
		{name: "by-year is a list", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    by-year: [2023]  #!",
			),
		}, wants: []wantProblem{errAt("yaml-type", "#!", "by-year", "列表")}},
		{name: "indicator benchmarks is a list", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    benchmarks: [1000]  #!",
			),
		}, wants: []wantProblem{errAt("yaml-type", "#!", "benchmarks", "列表")}},
		{name: "feed count is a list", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    columns: [{id: state, title: 进度, type: enum, values: [已完成]}]",
				"    feeds:",
				"      - indicator: firms",
				"        count: [已完成]  #!",
			),
		}, wants: []wantProblem{errAt("yaml-type", "#!", "count", "列表")}},
	})
}

func TestLoadDecimalsRange(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "decimals 9", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    decimals: 9  #!",
			),
		}, wants: []wantProblem{errAt("decimals-range", "#!", "decimals", "9")}},
		{name: "decimals -1", over: map[string]string{
			"indicators": "indicators: [{id: firms, name: 整治企业数, kind: flow, decimals: -1}]  #!",
		}, wants: []wantProblem{errAt("decimals-range", "#!", "decimals", "-1")}},
	})
}

func TestLoadUnknownKeys(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "typo nmae suggests name", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms  #1",
				"    nmae: 整治企业数  #2",
				"    kind: flow",
			),
		}, wants: []wantProblem{
			errAt("yaml-unknown-key", "#2", "nmae", "是不是想写“name”"),
			errAt("yaml-missing-key", "#1", "name"),
		}},
		{name: "typo titel suggests title", over: map[string]string{
			"id":    "id: test-2023  #1",
			"title": "titel: 测试攻坚行动  #2",
		}, wants: []wantProblem{
			errAt("yaml-unknown-key", "#2", "titel", "是不是想写“title”"),
			errAt("yaml-missing-key", "#1", "title"),
		}},
		{name: "unlike any key gets no suggestion", over: map[string]string{
			"units": yamlLines(
				"units:",
				"  - code: wuxing",
				"    name: 吴兴区",
				"    colour: 红色  #!",
			),
			"indicators": "indicators: [{id: firms, name: 整治企业数, kind: flow}]",
		}, wants: []wantProblem{errAt("yaml-unknown-key", "#!", "colour", "code、contact、kind、name").without("是不是想写")}},
		{name: "unknown key inside a target", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    targets:",
				"      wuxing: {value: 1, remark: 约数}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-unknown-key", "#!", "remark", "wuxing")}},
		{name: "unknown interview condition", over: map[string]string{
			"interviews": yamlLines(
				"interviews:",
				"  rules:",
				"    - {id: last, reason: 排名末位, when: {rank: 1}}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-unknown-key", "#!", "rank", "rank-from-bottom")}},
	})
}

func TestLoadDuplicateKeys(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "top-level key twice", over: map[string]string{
			"title":  "title: 测试攻坚行动",
			"issuer": "title: 另一个名称  #!",
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "title", "两次")}},
		{name: "unit key twice", over: map[string]string{
			"units":      "units: [{code: wuxing, name: 吴兴区, name: 南浔区}]  #!",
			"indicators": "indicators: [{id: firms, name: 整治企业数, kind: flow}]",
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "name", "两次")}},
		{name: "unit target twice", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    targets:",
				"      wuxing: 1",
				"      wuxing: 2  #!",
			),
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "wuxing", "两次")}},
		{name: "year twice", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    by-year:",
				"      2023: {wuxing: 1}",
				"      2023: {wuxing: 2}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "2023", "两次")}},
		{name: "benchmark value twice", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms",
				"    name: 整治企业数",
				"    kind: flow",
				"    benchmarks:",
				"      province-2023: 1000",
				"      province-2023: 1200  #!",
			),
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "province-2023", "两次")}},
		{name: "preset column twice", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    columns: [{id: name, title: 企业名称}]",
				"    preset:",
				"      - values:",
				"          name: 甲公司",
				"          name: 乙公司  #!",
			),
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "name", "两次")}},
		{name: "feed condition twice", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    columns: [{id: state, title: 进度, type: enum, values: [整治中, 已完成]}]",
				"    feeds:",
				"      - indicator: firms",
				"        count:",
				"          state: 已完成",
				"          state: 整治中  #!",
			),
		}, wants: []wantProblem{errAt("yaml-duplicate-key", "#!", "state", "两次")}},
	})
}

func TestLoadMissingKeys(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "total as a mapping without a rule", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - {id: firms, name: 整治企业数, kind: flow, total: {}}  #!",
			),
		}, wants: []wantProblem{errAt("total-form", "#!", "given-by", "weighted-by")}},
		{name: "total both weighted and given by a unit", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - {id: firms, name: 整治企业数, kind: flow, total: {weighted-by: firms, given-by: wuxing}}  #!",
			),
		}, wants: []wantProblem{errAt("total-form", "#!", "两种都写了")}},
		{name: "campaign without title", over: map[string]string{
			"id":    "id: test-2023  #!",
			"title": "",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "title")}},
		{name: "campaign without units", over: map[string]string{
			"id":    "id: test-2023  #!",
			"units": "",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "units")}},
		{name: "unit without name", over: map[string]string{
			"units": yamlLines(
				"units:",
				"  - {code: wuxing}  #!",
				"  - {code: nanxun, name: 南浔区}",
			),
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "name")}},
		{name: "total without code", over: map[string]string{
			"total": "total: {name: 全市}  #!",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "code", "合计")}},
		{name: "indicator without kind", over: map[string]string{
			"indicators": yamlLines(
				"indicators:",
				"  - id: firms  #!",
				"    name: 整治企业数",
			),
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "kind")}},
		{name: "span without end", over: map[string]string{
			"span": "span: {start: 2023-01}  #!",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "end")}},
		{name: "list without columns", over: map[string]string{
			"lists": "lists: [{id: register, name: 企业清单}]  #!",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "columns")}},
		{name: "feed without indicator", over: map[string]string{
			"lists": yamlLines(
				"lists:",
				"  - id: register",
				"    name: 企业清单",
				"    columns: [{id: name, title: 企业名称}]",
				"    feeds: [{count: {}}]  #!",
			),
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "indicator")}},
		{name: "task without title", over: map[string]string{
			"tasks": "tasks: [{id: t1, lead: jxj}]  #!",
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "title")}},
		{name: "scoring item without formula", over: map[string]string{
			"scoring": yamlLines(
				"scoring:",
				"  items:",
				"    - {id: firms, name: 整治企业数, points: 10}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "formula")}},
		{name: "interview rule without reason", over: map[string]string{
			"interviews": yamlLines(
				"interviews:",
				"  rules:",
				"    - {id: last, when: {rank-from-bottom: 1}}  #!",
			),
		}, wants: []wantProblem{errAt("yaml-missing-key", "#!", "reason")}},
	})
}

func TestLoadUnknownEnumValues(t *testing.T) {
	indicator := func(field string) map[string]string {
		return map[string]string{"indicators": yamlLines(
			"indicators:",
			"  - id: firms",
			"    name: 整治企业数",
			"    kind: flow",
			"    "+field+"  #!",
		)}
	}
	// The indicator's own kind is replaced rather than repeated.
	badKind := map[string]string{"indicators": yamlLines(
		"indicators:",
		"  - id: firms",
		"    name: 整治企业数",
		"    kind: stock  #!",
	)}
	runLoadCases(t, []loadCase{
		{name: "indicator kind", over: badKind,
			wants: []wantProblem{errAt("yaml-enum", "#!", "kind", "stock", "flow", "lower-better", "qualitative")}},
		{name: "scope", over: indicator("scope: yearly"),
			wants: []wantProblem{errAt("yaml-enum", "#!", "scope", "yearly", "cumulative")}},
		{name: "total", over: indicator("total: average"),
			wants: []wantProblem{errAt("yaml-enum", "#!", "total", "average", "sum")}},
		{name: "cadence", over: map[string]string{"cadence": "cadence: weekly  #!"},
			wants: []wantProblem{errAt("yaml-enum", "#!", "cadence", "weekly", "quarterly")}},
		{name: "unit kind", over: map[string]string{"units": "units: [{code: wuxing, name: 吴兴区, kind: town}]  #!"},
			wants: []wantProblem{errAt("yaml-enum", "#!", "kind", "town", "area", "department")}},
		{name: "column type", over: map[string]string{"lists": yamlLines(
			"lists:",
			"  - id: register",
			"    name: 企业清单",
			"    columns:",
			"      - {id: tax, title: 税收, type: money}  #!",
		)}, wants: []wantProblem{errAt("yaml-enum", "#!", "type", "money", "decimal", "uscc")}},
		{name: "formula", over: map[string]string{"scoring": yamlLines(
			"scoring:",
			"  items:",
			"    - {id: firms, name: 整治企业数, points: 10, formula: linear}  #!",
		)}, wants: []wantProblem{errAt("yaml-enum", "#!", "formula", "linear", "minmax", "rank-step")}},
	})
}

func TestLoadMonthsAndDates(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "month 13", over: map[string]string{"span": "span: {start: 2023-13, end: 2023-12}  #!"},
			wants: []wantProblem{errAt("yaml-month", "#!", "start", "2023-13")}},
		{name: "year without month", over: map[string]string{"span": "span: {start: 2023, end: 2023-12}  #!"},
			wants: []wantProblem{errAt("yaml-month", "#!", "start", "“2023”", "2023-01")}},
		{name: "slashed month", over: map[string]string{"span": yamlLines(
			"span:",
			"  start: 2023-01",
			"  end: 2023/12  #!",
		)}, wants: []wantProblem{errAt("yaml-month", "#!", "end", "2023/12")}},
		{name: "due without day", over: map[string]string{"tasks": yamlLines(
			"tasks:",
			"  - id: t1",
			"    title: 排摸企业",
			"    lead: jxj",
			"    due: 2021-11  #!",
		)}, wants: []wantProblem{errAt("yaml-date", "#!", "due", "2021-11", "2021-11-30")}},
		{name: "due on a day that does not exist", over: map[string]string{
			"tasks": "tasks: [{id: t1, title: 排摸企业, lead: jxj, due: 2023-02-30}]  #!",
		}, wants: []wantProblem{errAt("yaml-date", "#!", "due", "2023-02-30")}},
		{name: "due in Chinese", over: map[string]string{
			"tasks": "tasks: [{id: t1, title: 排摸企业, lead: jxj, due: 2021年11月底前}]  #!",
		}, wants: []wantProblem{errAt("yaml-date", "#!", "due", "2021年11月底前")}},
	})
}

// targetsOf writes the minimal campaign with the indicator's targets block replaced.
func targetsOf(lines ...string) map[string]string {
	return map[string]string{"indicators": yamlLines(append([]string{
		"indicators:",
		"  - id: firms",
		"    name: 整治企业数",
		"    kind: flow",
	}, lines...)...)}
}

func TestLoadBadTargets(t *testing.T) {
	runLoadCases(t, []loadCase{
		{name: "value and text", over: targetsOf(
			"    targets:",
			"      wuxing: {value: 1, text: 完成}  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "wuxing", "冲突")}},
		{name: "text and pending", over: targetsOf(
			"    targets:",
			"      nanxun:",
			"        text: 完成省定目标  #!",
			"        pending: 待下达",
		), wants: []wantProblem{errAt("target-form", "#!", "nanxun", "冲突")}},
		{name: "note alone", over: targetsOf(
			"    targets:",
			"      wuxing: {note: 以上}  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "wuxing", "note")}},
		{name: "empty target", over: targetsOf(
			"    targets:",
			"      wuxing:  #!",
			"      nanxun: 2",
		), wants: []wantProblem{errAt("target-empty", "#!", "wuxing", "空")}},
		{name: "empty string target", over: targetsOf(
			"    targets:",
			"      wuxing: \"\"  #!",
		), wants: []wantProblem{errAt("target-empty", "#!", "wuxing", "空")}},
		{name: "empty text target", over: targetsOf(
			"    targets:",
			"      wuxing: {text: }  #!",
		), wants: []wantProblem{errAt("target-empty", "#!", "wuxing", "text", "完成省定目标")}},
		{name: "empty pending target", over: targetsOf(
			"    targets:",
			"      wuxing: {pending: \"\"}  #!",
		), wants: []wantProblem{errAt("target-empty", "#!", "wuxing", "pending")}},
		{name: "word as a number", over: targetsOf(
			"    targets:",
			"      wuxing: 1",
			"      nanxun: abc  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "nanxun", "abc")}},
		{name: "number with its measure", over: targetsOf(
			"    targets:",
			"      wuxing: 150家  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "wuxing", "150家")}},
		{name: "list as a target", over: targetsOf(
			"    targets:",
			"      wuxing: [1, 2]  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "wuxing", "列表")}},
		{name: "value is not a number", over: targetsOf(
			"    targets:",
			"      wuxing: {value: abc, note: 以上}  #!",
		), wants: []wantProblem{errAt("yaml-number", "#!", "wuxing", "abc")}},
		{name: "one target for all that is not a number", over: targetsOf(
			"    targets: abc  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "targets", "abc")}},
		{name: "by-year key is not a year", over: targetsOf(
			"    by-year:",
			"      y2023: {wuxing: 1}  #!",
		), wants: []wantProblem{errAt("by-year-year", "#!", "y2023", "2023")}},
		{name: "by-year key is not a plausible year", over: targetsOf(
			"    by-year:",
			"      2023: {wuxing: 1}",
			"      23: {wuxing: 2}  #!",
		), wants: []wantProblem{errAt("by-year-year", "#!", "“23”")}},
		{name: "by-year target not a number", over: targetsOf(
			"    by-year:",
			"      2023:",
			"        wuxing: 十  #!",
		), wants: []wantProblem{errAt("target-form", "#!", "2023年", "wuxing", "十")}},
	})
}

func TestLoadTargetForms(t *testing.T) {
	type wantTarget struct {
		key     string // unit code, or AllUnits
		form    TargetForm
		value   string // exact decimal, number targets only
		literal string
		note    string
	}
	cases := []struct {
		name    string
		targets []string
		want    []wantTarget
	}{
		{"number", []string{"    targets: {wuxing: 150}"},
			[]wantTarget{{"wuxing", TargetNumber, "150", "150", ""}}},
		{"negative decimal", []string{"    targets: {wuxing: -2.5}"},
			[]wantTarget{{"wuxing", TargetNumber, "-2.5", "-2.5", ""}}},
		{"quoted number", []string{"    targets: {wuxing: \"37\"}"},
			[]wantTarget{{"wuxing", TargetNumber, "37", "37", ""}}},
		{"na", []string{"    targets: {wuxing: na}"},
			[]wantTarget{{"wuxing", TargetNA, "", "", ""}}},
		{"slash", []string{"    targets: {wuxing: /}"},
			[]wantTarget{{"wuxing", TargetNA, "", "", ""}}},
		{"NA", []string{"    targets: {wuxing: NA}"},
			[]wantTarget{{"wuxing", TargetNA, "", "", ""}}},
		{"value with note", []string{"    targets: {wuxing: {value: 4.5, note: 含南太湖新区}}"},
			[]wantTarget{{"wuxing", TargetNumber, "4.5", "4.5", "含南太湖新区"}}},
		{"value without note", []string{"    targets: {wuxing: {value: 2}}"},
			[]wantTarget{{"wuxing", TargetNumber, "2", "2", ""}}},
		{"text", []string{"    targets: {city: {text: 完成省定目标}}"},
			[]wantTarget{{"city", TargetText, "", "", "完成省定目标"}}},
		{"pending", []string{"    targets: {city: {pending: 待省下达任务指标后再分解}}"},
			[]wantTarget{{"city", TargetPending, "", "", "待省下达任务指标后再分解"}}},
		{"pending for all units", []string{"    targets: {pending: 待省下达任务指标后再分解}"},
			[]wantTarget{{AllUnits, TargetPending, "", "", "待省下达任务指标后再分解"}}},
		{"number for all units", []string{"    targets: 5"},
			[]wantTarget{{AllUnits, TargetNumber, "5", "5", ""}}},
		{"value with note for all units", []string{"    targets: {value: 2, note: 以上}"},
			[]wantTarget{{AllUnits, TargetNumber, "2", "2", "以上"}}},
		{"text for all units", []string{"    targets: {text: 完成}"},
			[]wantTarget{{AllUnits, TargetText, "", "", "完成"}}},
		{"na for all units", []string{"    targets: na"},
			[]wantTarget{{AllUnits, TargetNA, "", "", ""}}},
		{"mixed forms block", []string{
			"    targets:",
			"      wuxing: 0.1",
			"      nanxun: 3.0",
			"      jxj: /",
			"      city: {text: 完成省定目标}",
		}, []wantTarget{
			{"wuxing", TargetNumber, "0.1", "0.1", ""},
			{"nanxun", TargetNumber, "3", "3.0", ""},
			{"jxj", TargetNA, "", "", ""},
			{"city", TargetText, "", "", "完成省定目标"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := campaignFile(t, targetsOf(c.targets...))
			camp, probs := Load([]byte(doc))
			expectProblems(t, doc, probs, nil)
			if len(camp.Indicators) != 1 {
				t.Fatalf("got %d indicators", len(camp.Indicators))
			}
			set := camp.Indicators[0].Targets
			if len(set) != len(c.want) {
				t.Errorf("got %d targets %v, want %d", len(set), set, len(c.want))
			}
			for _, w := range c.want {
				got, ok := set[w.key]
				if !ok {
					t.Errorf("no target for %q in %v", w.key, set)
					continue
				}
				if got.Form != w.form || got.Literal != w.literal || got.Note != w.note {
					t.Errorf("%s: got form %q literal %q note %q, want %q %q %q", w.key, got.Form, got.Literal, got.Note, w.form, w.literal, w.note)
				}
				if w.form == TargetNumber && !got.Value.Equal(decimal.RequireFromString(w.value)) {
					t.Errorf("%s: value %s, want %s", w.key, got.Value, w.value)
				}
				if w.form != TargetNumber && !got.Value.IsZero() {
					t.Errorf("%s: %s target carries value %s", w.key, w.form, got.Value)
				}
				// A unit's target is on its key's line; one target for all units on the targets line.
				pattern := `[ {]` + regexp.QuoteMeta(w.key) + `:`
				if w.key == AllUnits {
					pattern = `^    targets:`
				}
				if want := lineMatching(t, doc, pattern); got.Line != want {
					t.Errorf("%s: target on line %d, want %d", w.key, got.Line, want)
				}
			}
		})
	}
}

func TestLoadTargetLines(t *testing.T) {
	doc := campaignFile(t, targetsOf(
		"    targets:  #0",
		"      wuxing: 1  #1",
		"      nanxun:  #2",
		"        value: 2",
		"      city: {text: 完成}  #3",
	))
	camp, probs := Load([]byte(doc))
	expectProblems(t, doc, probs, nil)
	set := camp.Indicators[0].Targets
	for code, mark := range map[string]string{"wuxing": "#1", "nanxun": "#2", "city": "#3"} {
		if want := markLine(t, doc, mark); set[code].Line != want {
			t.Errorf("target %s on line %d, want %d", code, set[code].Line, want)
		}
	}
	// A block mapping starts at its first key.
	if want := markLine(t, doc, "#1"); camp.Indicators[0].TargetsLine != want {
		t.Errorf("TargetsLine %d, want %d", camp.Indicators[0].TargetsLine, want)
	}
}

func TestLoadExactDecimals(t *testing.T) {
	doc := campaignFile(t, map[string]string{
		"progress": "progress: {green: 1.0, yellow: 0.95, yellow-pp: 0.5}",
		"indicators": yamlLines(
			"indicators:",
			"  - id: firms",
			"    name: 整治企业数",
			"    kind: flow",
			"    min: 0.1",
			"    targets: {wuxing: 0.1, nanxun: 0.2, jxj: 3.0, city: 0.3}",
			"  - id: share",
			"    name: 研发费用占比",
			"    kind: rate",
			"    targets: {wuxing: 3}",
			"  - id: mixed",
			"    name: 亩均税收",
			"    kind: level",
			"    targets: {wuxing: 37, nanxun: 1.25}",
			"    by-year: {2023: {wuxing: 12.125}}",
			"  - id: words",
			"    name: 定性",
			"    kind: qualitative",
			"    targets: {text: 完成}",
			"  - id: fixed",
			"    name: 指定小数位",
			"    kind: level",
			"    decimals: 0",
			"    targets: {wuxing: 1.25}",
		),
	})
	camp, probs := Load([]byte(doc))
	expectProblems(t, doc, probs, nil)
	firms := camp.Indicators[0].Targets
	tenth := decimal.New(1, -1)
	if v := firms["wuxing"].Value; !v.Equal(tenth) || v.String() != "0.1" || v.Exponent() != -1 {
		t.Errorf("0.1 read as %s (exponent %d)", v, v.Exponent())
	}
	if sum := firms["wuxing"].Value.Add(firms["nanxun"].Value); !sum.Equal(firms["city"].Value) {
		t.Errorf("0.1 + 0.2 = %s, not exactly 0.3", sum)
	}
	if jxj := firms["jxj"]; jxj.Literal != "3.0" || !jxj.Value.Equal(decimal.NewFromInt(3)) || jxj.Display() != "3.0" {
		t.Errorf("3.0 read as literal %q value %s display %q", jxj.Literal, jxj.Value, jxj.Display())
	}
	if m := camp.Indicators[0].Min; m == nil || !m.Equal(tenth) {
		t.Errorf("min 0.1 read as %v", m)
	}
	th := camp.Thresholds
	if !th.Green.Equal(decimal.NewFromInt(1)) || th.Yellow.String() != "0.95" || th.YellowPP.String() != "0.5" {
		t.Errorf("thresholds read as %+v", th)
	}
	for i, want := range []int32{1, 1, 3, 2, 0} {
		if got := camp.Indicators[i].Decimals; got != want {
			t.Errorf("indicator %s: default decimals %d, want %d", camp.Indicators[i].ID, got, want)
		}
	}
}

func TestLoadMetrics(t *testing.T) {
	scoring := func(metric string) map[string]string {
		return map[string]string{"scoring": yamlLines(
			"scoring:",
			"  items:",
			"    - id: firms",
			"      name: 整治企业数",
			"      points: 10",
			"      formula: minmax",
			"      metric: "+metric+"  #!",
		)}
	}
	runLoadCases(t, []loadCase{
		{name: "unknown field", over: scoring("firms.foo"),
			wants: []wantProblem{errAt("metric-form", "#!", "firms.foo", "“foo”", "completion")}},
		{name: "no dot", over: scoring("nodot"),
			wants: []wantProblem{errAt("metric-form", "#!", "nodot", "actual")}},
		{name: "no indicator", over: scoring(".actual"),
			wants: []wantProblem{errAt("metric-form", "#!", ".actual")}},
		{name: "empty field", over: scoring("firms."),
			wants: []wantProblem{errAt("metric-form", "#!", "firms.")}},
		{name: "metric is a mapping", over: scoring("{indicator: firms}"),
			wants: []wantProblem{errAt("yaml-type", "#!", "metric", "键值映射")}},
	})
	for metric, want := range map[string]Metric{
		"firms.actual":     {"firms", MetricActual},
		"firms.completion": {"firms", MetricCompletion},
		"firms.growth":     {"firms", MetricGrowth},
	} {
		doc := campaignFile(t, scoring(metric))
		camp, probs := Load([]byte(doc))
		expectProblems(t, doc, probs, nil)
		if got := camp.Scoring.Items[0].Metric; got != want || got.String() != metric {
			t.Errorf("metric %s read as %+v", metric, got)
		}
	}
}

func TestLoadInterviewRules(t *testing.T) {
	rules := func(lines ...string) map[string]string {
		return map[string]string{"interviews": yamlLines(append([]string{"interviews:", "  rules:"}, lines...)...)}
	}
	runLoadCases(t, []loadCase{
		{name: "when is an empty mapping", over: rules(
			"    - {id: last, reason: 排名末位, when: {}}  #!",
		), wants: []wantProblem{errAt("rule-empty", "#!", "when", "rank-from-bottom")}},
		{name: "when has no value", over: rules(
			"    - id: last",
			"      reason: 排名末位",
			"      when:  #!",
		), wants: []wantProblem{errAt("rule-empty", "#!", "when", "rank-from-bottom")}},
		{name: "count is not whole", over: rules(
			"    - {id: red, reason: 红灯多, when: {red-at-least: 三}}  #!",
		), wants: []wantProblem{errAt("yaml-integer", "#!", "red-at-least", "三")}},
		{name: "missing is not a boolean", over: rules(
			"    - {id: missing, reason: 未报送, when: {missing: 可能}}  #!",
		), wants: []wantProblem{errAt("yaml-bool", "#!", "missing", "可能")}},
	})
}

func TestLoadAliases(t *testing.T) {
	doc := yamlLines(
		"id: test-2023",
		"title: &title 测试攻坚行动",
		"issuer: *title",
		"span: &span {start: 2023-01, end: 2023-12}",
		"units:",
		"  - &wuxing {code: wuxing, name: 吴兴区, kind: area, contact: &contact {name: 张三, email: zs@example.cn}}",
		"  - {code: nanxun, name: 南浔区, contact: *contact}",
		"total: {code: city, name: 全市}",
		"indicators:",
		"  - id: firms",
		"    name: &firmsname 整治企业数",
		"    kind: &flow flow",
		"    total: sum",
		"    targets: &same {wuxing: 1, nanxun: 2, city: 3}",
		"  - id: land",
		"    name: 腾出用地",
		"    kind: *flow",
		"    total: sum",
		"    targets: *same",
		"    by-year:",
		"      2023: *same",
		"lists:",
		"  - id: register",
		"    name: *firmsname",
		"    columns: &cols",
		"      - {id: name, title: 企业名称}",
		"      - &state {id: state, title: 进度, type: enum, values: &states [整治中, 已完成]}",
		"  - id: register2",
		"    name: 第二批",
		"    columns: *cols",
		"",
	)
	camp, probs := LoadAndCheck([]byte(doc))
	expectProblems(t, doc, probs, nil)
	if camp.Issuer != "测试攻坚行动" {
		t.Errorf("issuer alias read as %q", camp.Issuer)
	}
	if camp.Units[1].Contact.Email != "zs@example.cn" {
		t.Errorf("contact alias read as %+v", camp.Units[1].Contact)
	}
	land := camp.Indicators[1]
	if land.Kind != KindFlow || len(land.Targets) != 3 || !land.Targets["nanxun"].Value.Equal(decimal.NewFromInt(2)) {
		t.Errorf("aliased targets read as %+v", land)
	}
	if len(land.ByYear[2023]) != 3 {
		t.Errorf("aliased by-year read as %v", land.ByYear)
	}
	if camp.Lists[0].Name != "整治企业数" || len(camp.Lists[1].Columns) != 2 || len(camp.Lists[1].Columns[1].Values) != 2 {
		t.Errorf("aliased lists read as %+v", camp.Lists)
	}

	undefined := "id: test-2023\ntitle: 测试\nunits: *nope\n"
	_, probs = LoadAndCheck([]byte(undefined))
	expectProblems(t, undefined, probs, []wantProblem{errAt("yaml-syntax", "", "YAML", "nope")})
}

// richCampaign uses every part of the file format; it must load and check clean.
var richCampaign = yamlLines(
	"id: huzhou-test-2023",
	"title: 湖州市测试攻坚行动",
	"issuer: 湖州市制造业高质量发展领导小组办公室",
	"source: 湖政办发〔2023〕22号 附件1之附1",
	"span: {start: 2023-01, end: 2023-12}",
	"cadence: monthly",
	"deadline: 7",
	"progress: {green: 1.0, yellow: 0.9, yellow-pp: 1}",
	"units:",
	"  - {code: wuxing, name: 吴兴区, kind: area, contact: {name: 张三, email: zhangsan@example.cn, phone: \"0572-1234567\"}}",
	"  - {code: nanxun, name: 南浔区, kind: area}",
	"  - code: jxj",
	"    name: 市经信局",
	"    kind: department",
	"total: {code: city, name: 全市}",
	"benchmarks:",
	"  - {id: province-2023, name: 2023年浙江省}",
	"  - {id: base-2020, name: 2020年基数}",
	"indicators:",
	"  - id: inefficient-firms",
	"    no: 1",
	"    name: 高耗低效整治企业数",
	"    category: 空间腾换",
	"    measure: 家",
	"    kind: flow",
	"    scope: annual",
	"    decimals: 0",
	"    department: 市经信局",
	"    total: sum",
	"    min: 0",
	"    targets:",
	"      wuxing: 150",
	"      nanxun: 250",
	"      jxj: na",
	"      city: 400",
	"    benchmarks: {province-2023: 1000, base-2020: {text: 报会5/年}}",
	"  - id: freed-land",
	"    name: 腾出用地",
	"    measure: 亩",
	"    kind: flow",
	"    total: sum",
	"    targets: {wuxing: 4, nanxun: 3.5, city: 7.5}",
	"  - id: energy-drop",
	"    name: 单位GDP能耗下降率",
	"    measure: \"%\"",
	"    kind: change",
	"    targets:",
	"      wuxing: {value: 4.5, note: 含南太湖新区}",
	"      nanxun: /",
	"      city: {text: 完成省定目标}",
	"  - id: tax-per-mu",
	"    name: 规上工业亩均税收",
	"    measure: 万元/亩",
	"    kind: lower-better",
	"    scope: cumulative",
	"    total: {weighted-by: freed-land}",
	"    max: 1000",
	"    targets: {wuxing: 48, nanxun: 40}",
	"    by-year:",
	"      2023: {wuxing: 50}",
	"  - id: zj-standards",
	"    name: “浙江制造”标准",
	"    measure: 项",
	"    kind: qualitative",
	"    total: none",
	"    targets: {pending: 待省下达任务指标后再分解}",
	"lists:",
	"  - id: inefficient-register",
	"    name: 高耗低效整治企业清单",
	"    rows: 300",
	"    columns:",
	"      - {id: name, title: 企业名称, type: text, required: true}",
	"      - {id: uscc, title: 统一社会信用代码, type: uscc, required: yes, unique: true}",
	"      - {id: land, title: 用地面积（亩）, type: decimal, min: 0, max: 10000}",
	"      - {id: staff, title: 员工数, type: integer}",
	"      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}",
	"      - {id: done, title: 完成时间, type: date}",
	"    feeds:",
	"      - {indicator: inefficient-firms, count: {state: 已完成}}",
	"      - {indicator: freed-land, sum: land, where: {state: 已完成}}",
	"    preset:",
	"      - {no: 1, unit: wuxing, values: {name: 浙江某某阀门有限公司, land: 12.5}}",
	"      - {values: {name: 不分单位的企业}}",
	"tasks:",
	"  - {id: t07, no: 7, action: 淘汰落后, title: 精准排摸高耗低效企业, text: \"全面排摸……\", lead: [jxj], co: [wuxing, nanxun], due: 2023-11-30}",
	"  - id: t08",
	"    title: 推进整治",
	"    lead: wuxing",
	"scoring:",
	"  name: 赛马考核办法",
	"  items:",
	"    - {id: firms, name: 整治企业数, points: 20, formula: minmax, metric: inefficient-firms.completion}",
	"    - {id: land, name: 腾出用地, points: 10, formula: rank-step, step: 0.5, metric: freed-land.actual, lower-better: false}",
	"    - id: output",
	"      name: 综合",
	"      group: 基础指标",
	"      points: 20",
	"      formula: parts",
	"      parts:",
	"        - {metric: tax-per-mu.actual, weight: 0.3}",
	"        - {metric: freed-land.growth, weight: 0.2, lower-better: true}",
	"        - {metric: energy-drop.actual, weight: 0.5}",
	"    - {id: risk, name: 企业风险排查处置, group: 加分项目, formula: bonus, max: 5, note: 每处置1家加1分}",
	"    - {id: basics, name: 基础工作, formula: manual, max: 10}",
	"interviews:",
	"  rules:",
	"    - {id: last, when: {rank-from-bottom: 1}, reason: 综合得分排名末位}",
	"    - {id: red, when: {red-at-least: 3}, reason: 3项及以上指标落后序时进度}",
	"    - {id: repeat, when: {bottom-consecutive: 2}, reason: 连续两期排名末位}",
	"    - {id: tax-red, when: {indicator-red: tax-per-mu}, reason: 亩均税收亮红灯}",
	"    - {id: missing, when: {missing: true}, reason: 未按时报送}",
	"    - {id: late, when: {late: true}, reason: 迟报}",
	"",
)

func TestLoadRichCampaign(t *testing.T) {
	c, probs := LoadAndCheck([]byte(richCampaign))
	expectProblems(t, richCampaign, probs, nil)
	line := func(text string) int {
		t.Helper()
		for i, l := range strings.Split(richCampaign, "\n") {
			if strings.Contains(l, text) {
				return i + 1
			}
		}
		t.Fatalf("no line has %q", text)
		return 0
	}
	if c.Issuer == "" || c.Source == "" || c.Cadence != Monthly || c.Deadline != 7 {
		t.Errorf("header read as %q %q %q %d", c.Issuer, c.Source, c.Cadence, c.Deadline)
	}
	if c.Span != (Span{YearMonth{2023, 1}, YearMonth{2023, 12}}) {
		t.Errorf("span read as %v", c.Span)
	}
	if u := c.Units[0]; u.Contact.Phone != "0572-1234567" || u.Contact.Email != "zhangsan@example.cn" || u.Line != line("code: wuxing") {
		t.Errorf("unit read as %+v", u)
	}
	if u := c.Units[2]; u.Kind != UnitDepartment || u.Line != line("code: jxj") {
		t.Errorf("block unit read as %+v", u)
	}
	if c.Total == nil || c.Total.Code != "city" || c.Total.Line != line("total:") {
		t.Errorf("total read as %+v", c.Total)
	}
	if len(c.Benchmarks) != 2 || c.Benchmarks[1].Line != line("id: base-2020") {
		t.Errorf("benchmarks read as %+v", c.Benchmarks)
	}
	in := c.Indicators[0]
	if in.No != "1" || in.Category != "空间腾换" || in.Measure != "家" || in.Department != "市经信局" ||
		in.Total != TotalSum || in.Min == nil || !in.Min.IsZero() || in.Line != line("id: inefficient-firms") {
		t.Errorf("indicator read as %+v", in)
	}
	if b := in.Benchmarks["base-2020"]; b.Form != TargetText || b.Note != "报会5/年" || !in.Benchmarks["province-2023"].Value.Equal(decimal.NewFromInt(1000)) {
		t.Errorf("indicator benchmarks read as %+v", in.Benchmarks)
	}
	tax := c.Indicators[3]
	if tax.Total != TotalWeightedBy || tax.WeightedBy != "freed-land" || tax.Scope != ScopeCumulative || tax.Kind != KindLowerBetter ||
		tax.ByYear[2023]["wuxing"].Value.IntPart() != 50 || tax.Max == nil {
		t.Errorf("weighted indicator read as %+v", tax)
	}
	if c.Indicators[4].Total != TotalNone || c.Indicators[4].Targets[AllUnits].Form != TargetPending {
		t.Errorf("qualitative indicator read as %+v", c.Indicators[4])
	}
	l := c.Lists[0]
	if l.Rows != 300 || len(l.Columns) != 6 || len(l.Feeds) != 2 || len(l.Preset) != 2 {
		t.Fatalf("list read as %+v", l)
	}
	if col := l.Columns[1]; col.Type != ColUSCC || !col.Required || !col.Unique || col.Line != line("id: uscc") {
		t.Errorf("column read as %+v", col)
	}
	if col := l.Columns[2]; col.Min == nil || col.Max == nil || col.Max.IntPart() != 10000 {
		t.Errorf("numeric column read as %+v", col)
	}
	if col := l.Columns[4]; col.Type != ColEnum || strings.Join(col.Values, ",") != "未启动,整治中,已完成" {
		t.Errorf("enum column read as %+v", col)
	}
	if f := l.Feeds[0]; f.Indicator != "inefficient-firms" || f.Count["state"] != "已完成" || f.Sum != "" || f.Line != line("count: {state") {
		t.Errorf("count feed read as %+v", f)
	}
	if f := l.Feeds[1]; f.Sum != "land" || f.Where["state"] != "已完成" || f.Count != nil {
		t.Errorf("sum feed read as %+v", f)
	}
	if p := l.Preset[0]; p.No != "1" || p.Unit != "wuxing" || p.Values["land"] != "12.5" || p.Line != line("no: 1, unit: wuxing") {
		t.Errorf("preset read as %+v", p)
	}
	task := c.Tasks[0]
	if task.No != "7" || task.Action != "淘汰落后" || task.Text != "全面排摸……" || strings.Join(task.Lead, ",") != "jxj" ||
		strings.Join(task.Co, ",") != "wuxing,nanxun" || task.Due == nil || task.Due.Format("2006-01-02") != "2023-11-30" {
		t.Errorf("task read as %+v", task)
	}
	if task := c.Tasks[1]; strings.Join(task.Lead, ",") != "wuxing" || task.Due != nil || task.Line != line("id: t08") {
		t.Errorf("task with one lead read as %+v", task)
	}
	s := c.Scoring
	if s == nil || s.Name != "赛马考核办法" || len(s.Items) != 5 {
		t.Fatalf("scoring read as %+v", s)
	}
	if it := s.Items[1]; it.Formula != FormulaRankStep || it.Step.String() != "0.5" || !it.Points.Equal(decimal.NewFromInt(10)) {
		t.Errorf("rank-step item read as %+v", it)
	}
	if it := s.Items[2]; len(it.Parts) != 3 || it.Group != "基础指标" || !it.Parts[1].LowerBetter || it.Parts[2].Weight.String() != "0.5" ||
		it.Parts[0].Metric != (Metric{"tax-per-mu", MetricActual}) || it.Parts[0].Line != line("tax-per-mu.actual, weight") {
		t.Errorf("parts item read as %+v", it)
	}
	if it := s.Items[3]; it.Formula != FormulaBonus || it.Max == nil || it.Max.IntPart() != 5 || it.Note == "" {
		t.Errorf("bonus item read as %+v", it)
	}
	iv := c.Interviews
	if iv == nil || len(iv.Rules) != 6 {
		t.Fatalf("interviews read as %+v", iv)
	}
	want := []InterviewRule{{RankFromBottom: 1}, {RedAtLeast: 3}, {BottomConsecutive: 2}, {IndicatorRed: "tax-per-mu"}, {Missing: true}, {Late: true}}
	for i, r := range iv.Rules {
		got := r
		got.ID, got.Reason, got.Line = "", "", 0
		if got.Written != 1 {
			t.Errorf("rule %d: Written = %d, want 1", i, got.Written)
		}
		got.Written = 0
		if got != want[i] || r.Reason == "" || r.Line != line("id: "+r.ID+",") {
			t.Errorf("rule %d read as %+v", i, r)
		}
	}
}

func TestLoadAndCheckStopsOnlyOnUnreadableFiles(t *testing.T) {
	broken := "id: test-2023\nunits: [wuxing\n"
	_, probs := LoadAndCheck([]byte(broken))
	if len(probs) != 1 || probs[0].Code != "yaml-syntax" {
		t.Errorf("syntax error: got\n%s", listProblems(probs))
	}
	// A file that parses but has the wrong shape is still checked.
	doc := "id: test-2023\ntitle: 测试\nspan: {start: 2023-01, end: 2023-12}\nunits: []  #u\nindicators: []  #i\n"
	_, probs = LoadAndCheck([]byte(doc))
	expectProblems(t, doc, probs, []wantProblem{
		errAt("no-units", "#u", "units"),
		errAt("no-indicators", "#i", "indicators"),
	})
}

// TestLoadNeverPanics feeds garbage, truncated and mangled campaign files to Load and
// LoadAndCheck: each must return a campaign and well-formed problems, never panic.
func TestLoadNeverPanics(t *testing.T) {
	var inputs [][]byte
	valid := []byte(richCampaign)
	for i := 0; i <= len(valid); i++ {
		if i%5 == 0 || i == len(valid) || valid[i-1] == '\n' {
			inputs = append(inputs, valid[:i])
		}
	}
	r := rand.New(rand.NewSource(20230930))
	tokens := []string{"{", "}", "[", "]", ":", ": ", "- ", ",", "\n", "  ", "\t", "&a ", "*a", "*b", "<<: ", "!!map ",
		"? ", "|", ">", "'", "\"", "#", "---\n", "...\n", "~", "null", "id", "units", "targets", "value", "text",
		"pending", "na", "/", "1.5", "-3", "2023-13", "by-year", "2023", "metric", "x.y", "when", "吴兴区", "\xff\xfe", "\x00"}
	for i := 0; i < 400; i++ {
		n := r.Intn(64)
		var b []byte
		for j := 0; j < n; j++ {
			b = append(b, tokens[r.Intn(len(tokens))]...)
		}
		inputs = append(inputs, b)
		raw := make([]byte, r.Intn(256))
		r.Read(raw)
		inputs = append(inputs, raw)
	}
	for i := 0; i < 400; i++ {
		b := append([]byte(nil), valid...)
		for j := 0; j < 1+r.Intn(4); j++ {
			switch r.Intn(3) {
			case 0:
				b[r.Intn(len(b))] = byte(r.Intn(256))
			case 1:
				at := r.Intn(len(b))
				b = append(b[:at], b[min(len(b), at+1+r.Intn(20)):]...)
			default:
				at := r.Intn(len(b))
				tok := tokens[r.Intn(len(tokens))]
				b = append(b[:at], append([]byte(tok), b[at:]...)...)
			}
		}
		inputs = append(inputs, b)
	}
	failures := 0
	for _, in := range inputs {
		for _, fn := range []struct {
			name string
			f    func([]byte) (*Campaign, Problems)
		}{{"Load", Load}, {"LoadAndCheck", LoadAndCheck}} {
			why := func() (why string) {
				defer func() {
					if p := recover(); p != nil {
						why = fmt.Sprintf("panic: %v", p)
					}
				}()
				c, probs := fn.f(in)
				if c == nil {
					return "no campaign"
				}
				lines := strings.Count(string(in), "\n") + 1
				for _, p := range probs {
					if w := wellFormed(p, lines); w != "" {
						return fmt.Sprintf("problem %s line %d %q: %s", p.Code, p.Line, p.Message, w)
					}
				}
				return ""
			}()
			if why != "" {
				failures++
				if failures <= 5 {
					t.Errorf("%s(%q): %s", fn.name, truncate(in, 300), why)
				}
			}
		}
	}
	if failures > 5 {
		t.Errorf("%d failures in all", failures)
	}
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// problemCodes lists the problem codes a source file can produce.
func problemCodes(t *testing.T, files ...string) []string {
	t.Helper()
	re := regexp.MustCompile(`(?:errorf|warnf)\([^,]+, "([a-z-]+)"|Code: "([a-z-]+)"`)
	seen := map[string]bool{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			seen[m[1]+m[2]] = true
		}
	}
	var codes []string
	for c := range seen {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	if len(codes) < 5 {
		t.Fatalf("found only %v in %v", codes, files)
	}
	return codes
}

// TestLoadProblemCodesAreTested makes sure every code the loader can report has a case
// in this file that expects it.
func TestLoadProblemCodesAreTested(t *testing.T) {
	src, err := os.ReadFile("load_test.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range problemCodes(t, "load.go", "decode.go", "decode_campaign.go", "decode_indicator.go", "decode_sections.go") {
		if !regexp.MustCompile(`errAt\("` + regexp.QuoteMeta(code) + `"`).Match(src) {
			t.Errorf("no test expects the loader's problem %q", code)
		}
	}
}
