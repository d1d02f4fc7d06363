package upward

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/workbook"
)

// Kind is what a county infers of one of the city's indicators from its template row:
// the template shows no kind, but its 填报口径 and 完成率 formula are written from it
// (workbook.basisText, completionFormula).
type Kind struct {
	Kind      campaign.IndicatorKind
	Scope     campaign.Scope
	SpanStart string // for a cumulative flow: the month it counts from (2021-01)
	TotalRule campaign.TotalRule
	// Base and BaseYear: a cumulative target counted from a base (基数) at the end of
	// BaseYear, as the template's 填报口径 states it; "" and 0 when none.
	Base       string
	BaseYear   int
	Commentary string // why, for the campaign.yaml comment
}

var cumulativeFrom = regexp.MustCompile(`^(\d{4})年(\d{1,2})月起累计至`)

// fromBase is the 填报口径 of a cumulative target counted from a base (workbook.basisText).
var fromBase = regexp.MustCompile(`^截至\d{4}年\d{1,2}月末累计总数（含(\d{4})年末基数(-?[0-9]+(?:\.[0-9]+)?)`)

// codePattern is what campaign ids, unit codes and indicator ids look like.
var codePattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// listIDs are the ids of the template's lists, their columns and its tasks.
func listIDs(pt *workbook.ParentTemplate) []string {
	var ids []string
	for _, l := range pt.Lists {
		ids = append(ids, l.ID)
		for _, c := range l.Columns {
			ids = append(ids, c.ID)
		}
	}
	for _, t := range pt.Tasks {
		ids = append(ids, t.ID)
	}
	return ids
}

func rowIDs(rows []workbook.ParentRow) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids
}

// InferKind reads an indicator's kind and aggregation from the city's template row.
// Flows add up (sum); levels, rates and changes cannot be added (given: the office
// enters the county's figure, or sets weighted-by).
func InferKind(r workbook.ParentRow) Kind {
	k := Kind{Scope: campaign.ScopeAnnual, TotalRule: campaign.TotalGiven}
	switch {
	case r.Qualitative:
		k.Kind, k.Commentary = campaign.KindQualitative, "定性指标：各单位都报“完成”才算完成"
	case fromBase.MatchString(r.Basis):
		m := fromBase.FindStringSubmatch(r.Basis)
		year, _ := strconv.Atoi(m[1])
		k.Kind, k.Scope, k.TotalRule = campaign.KindFlow, campaign.ScopeCumulative, campaign.TotalSum
		k.SpanStart, k.Base, k.BaseYear = fmt.Sprintf("%d-01", year+1), m[2], year
		k.Commentary = fmt.Sprintf("累计总数（含%d年末基数）：本级合计＝各单位之和，各单位的基数之和应等于本级的基数", year)
	case strings.Contains(r.Basis, "月末数"):
		k.Kind = campaign.KindLevel
		if r.Completion != "" && strings.Contains(r.Completion, "/"+r.ValueCell) {
			k.Kind = campaign.KindLowerBetter
		}
		k.Commentary = "期末水平值不能相加：本级合计由办公室录入（tenglong totals set），或改为 weighted-by"
	case strings.Contains(r.Basis, "同比") || strings.Contains(r.Basis, "，单位："):
		k.Kind, k.Commentary = campaign.KindChange, "增速、降幅不能相加：本级合计由办公室录入（tenglong totals set），或改为 weighted-by"
	case strings.Contains(r.Basis, "填百分数的数值"):
		k.Kind, k.Commentary = campaign.KindRate, "比率不能相加：本级合计由办公室录入（tenglong totals set），或改为 weighted-by"
	case strings.Contains(r.Basis, "累计"):
		k.Kind, k.TotalRule, k.Commentary = campaign.KindFlow, campaign.TotalSum, "累计量：本级合计＝各单位之和"
		if m := cumulativeFrom.FindStringSubmatch(r.Basis); m != nil {
			month, _ := strconv.Atoi(m[2])
			k.Scope, k.SpanStart = campaign.ScopeCumulative, fmt.Sprintf("%s-%02d", m[1], month)
		}
	default:
		k.Kind, k.Commentary = campaign.KindLevel, "本级合计由办公室录入（tenglong totals set）"
	}
	return k
}

// Workspace is what CountyCampaign made, for init to print.
type Workspace struct {
	YAML       []byte
	ID         string
	UnitName   string
	Period     campaign.Period
	Indicators int
}

// noTarget is what a template shows for an indicator the unit reports without a target.
const noTarget = "（无目标，只报实际）"

// CountyCampaign writes the county's campaign.yaml from its city's template. The
// county still has to list its own units and split the targets: the file says so
// where, and `tenglong check` errors until units are there.
func CountyCampaign(pt *workbook.ParentTemplate, now time.Time) (*Workspace, error) {
	m := pt.Metadata
	p, err := campaign.ParsePeriod(m.Period)
	if err != nil {
		return nil, fmt.Errorf("模板里的期次“%s”看不懂：%v", m.Period, err)
	}
	if m.Campaign == "" || m.Unit == "" {
		return nil, fmt.Errorf("模板的元数据没有写明上级行动和本单位代码，不是 tenglong 生成的填报模板")
	}
	// Codes go into campaign.yaml as they are: a template whose metadata holds anything
	// but a code (edited, or not tenglong's) is refused rather than written into YAML.
	for _, code := range append([]string{m.Campaign, m.Unit}, append(rowIDs(pt.Rows), listIDs(pt)...)...) {
		if !codePattern.MatchString(code) {
			return nil, fmt.Errorf("模板元数据里的代码“%s”不是 tenglong 的代码（小写字母、数字和连字符），这份模板可能被改动过：请向上级要一份新模板", code)
		}
	}
	name := m.UnitName
	if name == "" {
		name = m.Unit
	}
	id := m.Campaign + "-" + m.Unit
	var b strings.Builder
	w := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	w("# 本文件由 tenglong init --from-template 于 %s 从上级发来的模板生成（多级上报）。\n", now.Format("2006-01-02"))
	w("# 指标、计量单位、期次和本级目标都取自上级模板：本级的数字最后要填回上级的这份模板，\n")
	w("# 所以不要改指标代码和计量单位。要做的：在 units 下列出本级的乡镇街道或部门，把每项指标的目标分解到各单位，\n")
	w("# 改完运行 tenglong check（各单位目标之和与上级下达的目标不一致时会提醒）。写法见 docs/campaign-file.md。\n\n")
	w("id: %s\n", id)
	w("title: %s\n", quote(name+"："+strings.Join(strings.Fields(pt.Title), ""))) // the title cell wraps
	w("# issuer: %s  # 本级发文单位，通报落款用，请填写\n", quote(name+"制造业高质量发展领导小组办公室"))
	w("source: %s\n", quote(fmt.Sprintf("上级模板 %s %s（%s）", m.Campaign, p.Label(), name)))
	start, end := fmt.Sprintf("%d-01", p.Year), fmt.Sprintf("%d-12", p.Year)
	for _, r := range pt.Rows {
		if k := InferKind(r); k.SpanStart != "" && k.SpanStart < start {
			start = k.SpanStart // a cumulative target counts from before this year
		}
	}
	w("span: {start: %s, end: %s}\n", start, end)
	w("cadence: %s\n", p.Kind)
	w("deadline: 5   # 各单位期末后几天内报送；上级要求本级 %s 前报送，请留出汇总的时间\n\n", oneLine(m.Deadline))
	w("# 本级的报送单位（乡镇街道、部门）：请逐个列出，例如\n")
	w("#   - {code: wukang, name: 武康街道, kind: area, contact: {name: \"\", email: \"\"}}\n")
	w(emptyUnits)
	w("total: {code: %s, name: %s}\n\n", m.Unit, quote(name))
	w("indicators:\n")
	for _, r := range pt.Rows {
		if r.Derived {
			w("  # %s %s：上级模板按清单自动计算，本级不报这个数，上报的清单行由上级算出\n", oneLine(r.No), oneLine(r.Name))
			continue
		}
		k := InferKind(r)
		w("  # %s %s：%s\n", oneLine(r.No), oneLine(r.Name), k.Commentary)
		w("  - id: %s\n", r.ID)
		w("    name: %s\n", quote(r.Name))
		if r.Category != "" {
			w("    category: %s\n", quote(r.Category))
		}
		w("    measure: %s\n", quote(r.Measure))
		w("    kind: %s\n", k.Kind)
		w("    scope: %s\n", k.Scope)
		w("    decimals: %d\n", r.Decimals)
		w("    total: %s\n", k.TotalRule)
		if t := targetYAML(r, k); t != "" {
			w("    targets: {%s: %s}   # 上级下达给%s的目标；请加上各单位的分解\n", m.Unit, t, oneLine(name))
		}
		if k.Base != "" {
			w("    base: {%s: %s}   # 上级模板里%s的基数（%d年末）；请加上各单位的基数\n", m.Unit, k.Base, oneLine(name), k.BaseYear)
			w("    base-year: %d\n", k.BaseYear)
		}
	}
	w("\n# 上级行动：本级汇总后用 tenglong upward 填回上级模板。indicators 是“本级指标代码: 上级指标代码”。\n")
	w("parent:\n")
	w("  campaign: %s\n", m.Campaign)
	w("  unit: %s\n", m.Unit)
	w("  name: %s\n", quote(name))
	w("  contact: {name: \"\", email: \"\"}   # 上级联系人，send --upward 发往这个邮箱\n")
	w("  indicators:\n")
	for _, r := range pt.Rows {
		if !r.Derived {
			w("    %s: %s\n", r.ID, r.ID)
		}
	}
	listsYAML(w, pt)
	out := []byte(b.String())
	if _, probs := campaign.Load(out); probs.HasErrors() {
		return nil, fmt.Errorf("从模板生成的 campaign.yaml 读不回来：%v", probs)
	}
	n := 0
	for _, r := range pt.Rows {
		if !r.Derived {
			n++
		}
	}
	return &Workspace{YAML: out, ID: id, UnitName: name, Period: p, Indicators: n}, nil
}

// targetYAML is the county's target as the template shows it, as a campaign.yaml target.
func targetYAML(r workbook.ParentRow, k Kind) string {
	t := strings.TrimSpace(r.Target)
	switch {
	case r.TargetNumber && isNumber(t):
		return t
	case t == "" || t == noTarget:
		return ""
	case t == "/":
		return "na"
	case k.Kind == campaign.KindQualitative || !strings.HasPrefix(t, "待"):
		return "{text: " + quote(t) + "}"
	}
	return "{pending: " + quote(t) + "}"
}

// quote writes s as a YAML double-quoted scalar (Go's quoting is valid YAML for text).
func quote(s string) string { return strconv.Quote(s) }

// emptyUnits is the line CountyCampaign leaves for the office's own units.
const emptyUnits = "units: []\n"

// WithUnits writes units into a campaign.yaml CountyCampaign made, where it left
// `units: []` (the demo's townships; an office types its own), and makes them all
// lead the city's tasks. Targets stay the county's: units without a target of their
// own report every indicator.
func WithUnits(yaml []byte, units []campaign.Unit) ([]byte, error) {
	s := string(yaml)
	if !strings.Contains(s, emptyUnits) {
		return nil, fmt.Errorf("campaign.yaml 里已经有单位了（没有“units: []”这一行），没有改动")
	}
	var b strings.Builder
	b.WriteString("units:\n")
	for _, u := range units {
		kind := u.Kind
		if kind == "" {
			kind = campaign.UnitArea
		}
		fmt.Fprintf(&b, "  - {code: %s, name: %s, kind: %s}\n", u.Code, quote(u.Name), kind)
	}
	codes := make([]string, len(units))
	for i, u := range units {
		codes[i] = u.Code
	}
	s = strings.Replace(s, emptyUnits, b.String(), 1)
	return []byte(strings.ReplaceAll(s, "    "+emptyLead+"\n", "    lead: ["+strings.Join(codes, ", ")+"]\n")), nil
}

func isNumber(s string) bool {
	_, err := decimal.NewFromString(s)
	return err == nil
}

// oneLine keeps text written into a YAML comment on its line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
