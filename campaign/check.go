package campaign

import (
	"net/mail"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

// reservedCodes cannot be unit codes: they are the words of the target forms.
var reservedCodes = map[string]bool{"value": true, "text": true, "pending": true, "note": true, "na": true, "milestones": true, AllUnits: true}

// Check runs every definition rule of DESIGN.md §4 on a loaded campaign and returns
// the problems, each with its YAML line. It never stops at the first problem.
func Check(c *Campaign) Problems {
	k := &checker{c: c, units: map[string]*Unit{}, indicators: map[string]*Indicator{}, benchmarks: map[string]bool{}}
	k.campaign()
	k.unitsAndTotal()
	k.benchmarkDefs()
	k.indicatorDefs()
	for i := range c.Indicators {
		k.indicator(&c.Indicators[i])
	}
	k.lists()
	k.tasks()
	k.scoring()
	k.interviews()
	k.checkMasthead()
	k.parent()
	return k.probs
}

type checker struct {
	c          *Campaign
	probs      Problems
	units      map[string]*Unit // includes the total
	indicators map[string]*Indicator
	benchmarks map[string]bool
}

func (k *checker) id(line int, what, id string) {
	if id != "" && !idPattern.MatchString(id) {
		k.probs.errorf(line, "bad-id", "%s“%s”只能用小写英文字母、数字和连字符“-”，并以字母开头（例如 tax-per-mu）", what, id)
	}
}

// unique reports the second and later uses of an id.
type uniqueSet struct {
	k     *checker
	what  string
	lines map[string]int
}

func (k *checker) uniqueSet(what string) *uniqueSet {
	return &uniqueSet{k: k, what: what, lines: map[string]int{}}
}

func (u *uniqueSet) add(id string, line int) bool {
	if id == "" {
		return false
	}
	if first, dup := u.lines[id]; dup {
		u.k.probs.errorf(line, "duplicate-id", "%s“%s”重复：第 %d 行已经用过，请改成不同的代码", u.what, id, first)
		return false
	}
	u.lines[id] = line
	return true
}

func (k *checker) campaign() {
	c := k.c
	k.id(c.FieldLine("id"), "行动代码 id", c.ID)
	if (c.Span.Start != YearMonth{}) && (c.Span.End != YearMonth{}) && c.Span.End.Before(c.Span.Start) {
		k.probs.errorf(c.FieldLine("span"), "span-order", "行动的结束月份 %s 早于开始月份 %s，请检查 span", c.Span.End, c.Span.Start)
	}
	if c.Deadline < 0 {
		k.probs.errorf(c.FieldLine("deadline"), "deadline-negative", "报送期限 deadline 是期末后的天数，不能是负数（%d）", c.Deadline)
	}
	p := c.Thresholds
	if p.Yellow.GreaterThan(p.Green) {
		k.probs.errorf(c.FieldLine("progress"), "progress-order", "黄灯阈值 %s 高于绿灯阈值 %s，请让 yellow 不大于 green", p.Yellow, p.Green)
	}
	if p.Yellow.IsNegative() || p.Green.IsNegative() || p.YellowPP.IsNegative() {
		k.probs.errorf(c.FieldLine("progress"), "progress-negative", "亮灯阈值 progress 不能是负数")
	}
	if len(c.Units) == 0 {
		k.probs.errorf(c.FieldLine("units"), "no-units", "没有任何责任单位：请在 units 下列出报送单位")
	}
	// A county whose city derives every rate from a list (多级上报) only relays the list.
	if len(c.Indicators) == 0 && (c.Parent == nil || len(c.Lists) == 0) {
		k.probs.errorf(c.FieldLine("indicators"), "no-indicators", "没有任何指标：请在 indicators 下列出指标")
	}
}

func (k *checker) unitsAndTotal() {
	seen := k.uniqueSet("单位代码")
	all := append([]Unit(nil), k.c.Units...)
	if k.c.Total != nil {
		all = append(all, *k.c.Total)
	}
	for i := range all {
		u := &all[i]
		k.id(u.Line, "单位代码", u.Code)
		if reservedCodes[u.Code] {
			k.probs.errorf(u.Line, "reserved-code", "单位代码不能用“%s”：它是目标写法的保留字，请换一个", u.Code)
		}
		if seen.add(u.Code, u.Line) {
			k.units[u.Code] = u
		}
		if e := u.Contact.Email; e != "" {
			if _, err := mail.ParseAddress(e); err != nil {
				k.probs.warnf(u.Line, "bad-email", "%s的邮箱“%s”不像有效地址，模板邮件将发不出去", u.Name, e)
			}
		}
	}
}

func (k *checker) benchmarkDefs() {
	seen := k.uniqueSet("对标代码")
	for _, b := range k.c.Benchmarks {
		k.id(b.Line, "对标代码", b.ID)
		if seen.add(b.ID, b.Line) {
			k.benchmarks[b.ID] = true
		}
	}
}

func (k *checker) indicatorDefs() {
	seen := k.uniqueSet("指标代码")
	for i := range k.c.Indicators {
		in := &k.c.Indicators[i]
		k.id(in.Line, "指标代码", in.ID)
		if seen.add(in.ID, in.Line) {
			k.indicators[in.ID] = in
		}
	}
}

func (k *checker) indicator(in *Indicator) {
	name := "指标“" + in.Name + "”"
	if in.Min != nil && in.Max != nil && in.Min.GreaterThan(*in.Max) {
		k.probs.errorf(in.Line, "min-max", "%s的下限 %s 大于上限 %s", name, in.Min, in.Max)
	}
	k.targetSet(in, in.Targets, name+"的目标")
	k.checkMilestones(in)
	years := make([]int, 0, len(in.ByYear))
	for y := range in.ByYear {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if k.c.Span.Start.Year != 0 && k.c.Span.End.Year != 0 && (y < k.c.Span.Start.Year || y > k.c.Span.End.Year) {
			k.probs.errorf(in.ByYearLines[y], "by-year-outside-span", "%s有 %d 年的目标，但行动期是 %s", name, y, k.c.Span)
		}
		k.targetSet(in, in.ByYear[y], name+"的"+itoa(y)+"年目标")
	}
	k.base(in, name, years)
	for _, b := range sortedTargetKeys(in.Benchmarks) {
		if !k.benchmarks[b] {
			k.probs.errorf(in.Benchmarks[b].Line, "unknown-benchmark", "%s的对标“%s”没有在顶层 benchmarks 里定义，请先定义或改正代码", name, b)
		}
	}
	if in.GivenBy != "" {
		if u := k.units[in.GivenBy]; u == nil || (k.c.Total != nil && in.GivenBy == k.c.Total.Code) {
			k.probs.errorf(in.Line, "given-by-unit", "%s的合计由“%s”报送（total: {given-by: …}），但 units 里没有这个单位代码，请改正", name, in.GivenBy)
		}
	}
	switch in.Total {
	case TotalWeightedBy:
		switch {
		case in.WeightedBy == in.ID:
			k.probs.errorf(in.Line, "weighted-by-self", "%s不能按自己加权", name)
		case k.indicators[in.WeightedBy] == nil:
			k.probs.errorf(in.Line, "unknown-indicator", "%s按指标“%s”加权，但没有这个指标", name, in.WeightedBy)
		}
	case TotalNone:
		if k.c.Total != nil {
			sets := []TargetSet{in.Targets}
			for _, y := range years {
				sets = append(sets, in.ByYear[y])
			}
			for _, set := range sets {
				if t, ok := set[k.c.Total.Code]; ok {
					k.probs.warnf(t.Line, "total-ignored", "%s的合计方式是 none，但写了%s的目标，它不会被使用", name, k.c.Total.Name)
				}
			}
		}
	}
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

func sortedTargetKeys[T Target | *Target](m map[string]T) []string {
	ks := make([]string, 0, len(m))
	for key := range m {
		ks = append(ks, key)
	}
	sort.Strings(ks)
	return ks
}

// targetSet checks one unit → target map: every code is a unit, qualitative
// indicators have text targets, and a `total: sum` total equals the sum of its units.
func (k *checker) targetSet(in *Indicator, set TargetSet, what string) {
	bad := func(code string, t *Target) bool {
		return code != AllUnits && k.units[code] == nil || in.Kind == KindQualitative && t.Form == TargetNumber
	}
	// Sorting 5,000 codes per set only to report in order: sorted when there is
	// something to report.
	for code, t := range set {
		if !bad(code, t) {
			continue
		}
		for _, code := range sortedTargetKeys(set) {
			t := set[code]
			if code != AllUnits && k.units[code] == nil {
				k.probs.errorf(t.Line, "unknown-unit", "%s里的单位代码“%s”不在 units（或 total）里，请改正代码或先添加这个单位", what, code)
			}
			if in.Kind == KindQualitative && t.Form == TargetNumber {
				k.probs.errorf(t.Line, "qualitative-number", "%s：定性指标（qualitative）的目标应写成 {text: …}，这里%s却是数字 %s", what, unitLabel(code), t.Value)
			}
		}
		break
	}
	if k.c.Total != nil && k.c.Parent != nil && (in.Total == TotalGiven || in.Total == TotalWeightedBy) && in.Kind != KindQualitative {
		k.parentSplit(in, set, what)
		return
	}
	if in.Total != TotalSum || k.c.Total == nil {
		return
	}
	total, ok := set[k.c.Total.Code]
	if !ok || total.Form != TargetNumber {
		return
	}
	sum, n := decimal.Zero, 0
	for _, u := range k.c.Units {
		t, ok := set[u.Code]
		if !ok {
			continue
		}
		switch t.Form {
		case TargetNumber:
			sum = sum.Add(t.Value)
			n++
		case TargetNA:
		default:
			return // text or pending unit targets have no sum
		}
	}
	if n > 0 && !sum.Equal(total.Value) && k.c.Parent != nil {
		// A county's total target is the city's target for it: the split is what to fix.
		k.probs.warnf(total.Line, "total-mismatch", "%s：各单位目标之和为 %s，与上级下达给%s的目标 %s 不一致（按合计方式 sum 相加），请调整各单位的分解",
			what, sum.String(), k.c.Total.Name, total.Value.String())
		return
	}
	if n > 0 && !sum.Equal(total.Value) {
		k.probs.warnf(total.Line, "total-mismatch", "%s：各单位目标之和为 %s，与%s目标 %s 不一致，请核对原文",
			what, sum.String(), k.c.Total.Name, total.Value.String())
	}
}

func (k *checker) lists() {
	seen := k.uniqueSet("清单代码")
	for i := range k.c.Lists {
		l := &k.c.Lists[i]
		k.id(l.Line, "清单代码", l.ID)
		seen.add(l.ID, l.Line)
		name := "清单“" + l.Name + "”"
		if l.Rows < 0 {
			k.probs.errorf(l.Line, "list-rows", "%s的预留行数 rows 不能是负数", name)
		}
		cols := map[string]*Column{}
		colSeen := k.uniqueSet(name + "的列代码")
		for j := range l.Columns {
			col := &l.Columns[j]
			k.id(col.Line, "列代码", col.ID)
			if colSeen.add(col.ID, col.Line) {
				cols[col.ID] = col
			}
			k.column(name, col)
		}
		for _, f := range l.Feeds {
			k.feed(name, f, cols)
		}
		for _, row := range l.Preset {
			if row.Unit != "" && k.units[row.Unit] == nil {
				k.probs.errorf(row.Line, "unknown-unit", "%s预填行的单位“%s”不在 units 里", name, row.Unit)
			}
			for _, c := range sortedStringKeys(row.Values) {
				if cols[c] == nil {
					k.probs.errorf(row.Line, "unknown-column", "%s预填行里的列“%s”不存在，可用的列：%s", name, c, columnIDs(l))
				}
			}
		}
	}
}

func (k *checker) column(list string, col *Column) {
	what := list + "的列“" + col.Title + "”"
	numeric := col.Type == ColDecimal || col.Type == ColInteger
	if col.Type == ColEnum && len(col.Values) == 0 {
		k.probs.errorf(col.Line, "enum-values", "%s是下拉选择（enum），请用 values 列出可选值", what)
	}
	if col.Type != ColEnum && len(col.Values) > 0 {
		k.probs.warnf(col.Line, "values-ignored", "%s不是下拉选择（enum），values 不会起作用", what)
	}
	if !numeric && (col.Min != nil || col.Max != nil) {
		k.probs.errorf(col.Line, "min-max-type", "%s不是数值列，不能设 min/max", what)
	}
	if col.Min != nil && col.Max != nil && col.Min.GreaterThan(*col.Max) {
		k.probs.errorf(col.Line, "min-max", "%s的下限 %s 大于上限 %s", what, col.Min, col.Max)
	}
}

func (k *checker) feed(list string, f Feed, cols map[string]*Column) {
	if k.indicators[f.Indicator] == nil {
		k.probs.errorf(f.Line, "unknown-indicator", "%s汇总到指标“%s”，但没有这个指标，请改正 feeds 里的 indicator", list, f.Indicator)
	}
	if f.Ratio != nil {
		if f.Count != nil || f.Sum != "" || f.Where != nil {
			k.probs.errorf(f.Line, "feed-form", "%s的一条汇总写了 ratio（比率），就不能再写 count、sum 或 where：条件写在 ratio 的 count 和 scope 里", list)
		}
		k.ratio(list, f, cols)
		return
	}
	switch {
	case f.Count != nil && f.Sum != "":
		k.probs.errorf(f.Line, "feed-form", "%s的一条汇总同时写了 count 和 sum，只能用一种", list)
	case f.Count == nil && f.Sum == "":
		k.probs.errorf(f.Line, "feed-form", "%s的一条汇总没有写 count（计数）或 sum（求和列）", list)
	case f.Sum != "":
		col := cols[f.Sum]
		if col == nil {
			k.probs.errorf(f.Line, "unknown-column", "%s求和的列“%s”不存在", list, f.Sum)
		} else if col.Type != ColDecimal && col.Type != ColInteger {
			k.probs.errorf(f.Line, "feed-sum-type", "%s求和的列“%s”不是数值列", list, col.Title)
		}
	}
	for _, cond := range []map[string]string{f.Count, f.Where} {
		for _, c := range sortedStringKeys(cond) {
			col := cols[c]
			if col == nil {
				k.probs.errorf(f.Line, "unknown-column", "%s汇总条件里的列“%s”不存在", list, c)
				continue
			}
			if col.Type == ColEnum && !slices.Contains(col.Values, cond[c]) {
				k.probs.errorf(f.Line, "feed-value", "%s汇总条件“%s = %s”不在该列的可选值里（%s）", list, col.Title, cond[c], strings.Join(col.Values, "、"))
			}
		}
	}
}

func columnIDs(l *List) string {
	ids := make([]string, len(l.Columns))
	for i, c := range l.Columns {
		ids[i] = c.ID
	}
	return strings.Join(ids, "、")
}

func sortedStringKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for key := range m {
		ks = append(ks, key)
	}
	sort.Strings(ks)
	return ks
}

func (k *checker) tasks() {
	seen := k.uniqueSet("任务代码")
	for _, t := range k.c.Tasks {
		k.id(t.Line, "任务代码", t.ID)
		seen.add(t.ID, t.Line)
		what := "任务“" + t.Title + "”"
		if len(t.Lead) == 0 {
			k.probs.errorf(t.Line, "task-no-lead", "%s没有牵头单位，请在 lead 里写一个单位代码", what)
		}
		for _, code := range t.Lead {
			if k.units[code] == nil {
				k.probs.errorf(t.Line, "unknown-unit", "%s的牵头单位“%s”不在 units 里，请改正代码或先添加这个单位", what, code)
			}
		}
		for _, code := range t.Co {
			if k.units[code] == nil {
				k.probs.errorf(t.Line, "unknown-unit", "%s的配合单位“%s”不在 units 里，请改正代码或先添加这个单位", what, code)
			}
			if slices.Contains(t.Lead, code) {
				k.probs.warnf(t.Line, "lead-also-co", "%s的单位“%s”既是牵头又是配合，请只保留一处", what, code)
			}
		}
		if t.Due != nil && k.c.Span.End.Year != 0 {
			due := YearMonth{t.Due.Year(), int(t.Due.Month())}
			if due.Before(k.c.Span.Start) || k.c.Span.End.Before(due) {
				k.probs.warnf(t.Line, "due-outside-span", "%s的时限 %s 不在行动期 %s 内", what, t.Due.Format("2006-01-02"), k.c.Span)
			}
		}
	}
}

func (k *checker) scoring() {
	s := k.c.Scoring
	if s == nil {
		return
	}
	seen := k.uniqueSet("计分项代码")
	for _, it := range s.Items {
		k.id(it.Line, "计分项代码", it.ID)
		seen.add(it.ID, it.Line)
		what := "计分项“" + it.Name + "”"
		needsPoints := it.Formula == FormulaMinMax || it.Formula == FormulaParts || it.Formula == FormulaRankStep
		if needsPoints && !it.Points.IsPositive() {
			k.probs.errorf(it.Line, "points", "%s的分值 points 应大于 0", what)
		}
		switch it.Formula {
		case FormulaMinMax, FormulaRankStep:
			if it.Metric.Indicator == "" {
				k.probs.errorf(it.Line, "metric-missing", "%s需要 metric（如 output-total.actual）", what)
			} else {
				k.metric(it.Line, what, it.Metric)
			}
			if it.Formula == FormulaRankStep && !it.Step.IsPositive() {
				k.probs.errorf(it.Line, "rank-step", "%s按名次计分，请写每降一名减的分 step（如 0.5）", what)
			}
		case FormulaParts:
			if len(it.Parts) == 0 {
				k.probs.errorf(it.Line, "parts-missing", "%s按分项计分（parts），请列出分项及权重", what)
				break
			}
			sum := decimal.Zero
			for _, p := range it.Parts {
				k.metric(p.Line, what, p.Metric)
				sum = sum.Add(p.Weight)
			}
			if !sum.Equal(decimal.NewFromInt(1)) {
				k.probs.errorf(it.Line, "parts-weights", "%s各分项权重之和是 %s，应为 1（如 0.3、0.2、0.5）", what, sum)
			}
		case FormulaBonus:
			if it.Max == nil {
				k.probs.errorf(it.Line, "bonus-max", "%s是加分项（bonus），请写封顶分 max", what)
			}
		}
	}
}

func (k *checker) metric(line int, what string, m Metric) {
	if m.Indicator == "" {
		return // missing or malformed: already reported when the file was read
	}
	in := k.indicators[m.Indicator]
	if in == nil {
		k.probs.errorf(line, "unknown-indicator", "%s用到的指标“%s”不存在", what, m.Indicator)
		return
	}
	if m.Field == MetricCompletion && !in.HasNumericTarget() {
		k.probs.errorf(line, "completion-no-target", "%s按“%s”的完成率计分，但该指标没有数值目标", what, in.Name)
	}
}

func (k *checker) interviews() {
	iv := k.c.Interviews
	if iv == nil {
		return
	}
	seen := k.uniqueSet("约谈规则代码")
	for _, r := range iv.Rules {
		k.id(r.Line, "约谈规则代码", r.ID)
		seen.add(r.ID, r.Line)
		conditions, negative := 0, false
		for _, n := range []int{r.RankFromBottom, r.RedAtLeast, r.BottomConsecutive} {
			if n < 0 {
				negative = true
				k.probs.errorf(r.Line, "rule-count", "约谈规则“%s”的名次或项数不能是负数", r.ID)
			}
			if n > 0 {
				conditions++
			}
		}
		if r.IndicatorRed != "" {
			conditions++
			if k.indicators[r.IndicatorRed] == nil {
				k.probs.errorf(r.Line, "unknown-indicator", "约谈规则“%s”用到的指标“%s”不存在", r.ID, r.IndicatorRed)
			}
		}
		if r.Missing {
			conditions++
		}
		if r.Late {
			conditions++
		}
		if conditions == 0 && r.Written > 0 && !negative {
			k.probs.errorf(r.Line, "rule-never", "约谈规则“%s”的条件永远不会成立（如 missing: false 或 rank-from-bottom: 0）：请写一个会成立的条件，或删去这条规则", r.ID)
		}
		if conditions > 1 {
			k.probs.errorf(r.Line, "rule-conditions", "约谈规则“%s”写了 %d 个条件，每条规则只写一个；需要多个条件请分成几条规则", r.ID, conditions)
		}
	}
}

// unitLabel names a target's unit in a message; AllUnits reads as 各单位.
func unitLabel(code string) string {
	if code == AllUnits {
		return "各单位"
	}
	return "单位“" + code + "”"
}

// base checks an indicator's base (基数): only a cumulative flow counts from one; it is
// a number per unit like targets; its year is before the campaign's span; and every
// numeric target it applies to is above it (else nothing is left to do and the
// completion (actual − base)/(target − base) is meaningless).
func (k *checker) base(in *Indicator, name string, years []int) {
	if len(in.Base) == 0 {
		if in.BaseYear != 0 {
			k.probs.errorf(in.Line, "base-year-without-base", "%s写了基数年份 base-year，但没有写基数 base", name)
		}
		return
	}
	if in.Scope != ScopeCumulative || in.Kind != KindFlow {
		k.probs.errorf(in.BaseLine, "base-not-cumulative", "%s写了基数 base，但基数只用于累计（scope: cumulative）的流量指标（kind: flow），"+
			"这里是 kind: %s、scope: %s。请删去 base，或改为累计口径", name, in.Kind, in.Scope)
		return
	}
	if start := k.c.Span.Start.Year; start != 0 && in.BaseYear != 0 && in.BaseYear >= start {
		k.probs.errorf(in.BaseLine, "base-year-in-span", "%s的基数年份 base-year %d 应早于行动开始的 %d 年（基数是行动开始前已累计的数）", name, in.BaseYear, start)
	}
	for _, code := range sortedTargetKeys(in.Base) {
		b := in.Base[code]
		what := name + "的基数 base"
		if code != AllUnits {
			what += "（" + code + "）"
			if k.units[code] == nil {
				k.probs.errorf(b.Line, "unknown-unit", "%s：单位代码“%s”不在 units（或 total）里，请改正代码", what, code)
			}
		}
		if b.Form != TargetNumber {
			k.probs.errorf(b.Line, "base-not-number", "%s应是数字（原文“基数”一栏的数），如 base: {city: 168}", what)
			continue
		}
		sets := []TargetSet{in.Targets}
		for _, y := range years {
			sets = append(sets, in.ByYear[y])
		}
		for _, set := range sets {
			for _, tcode := range sortedTargetKeys(set) {
				t := set[tcode]
				if t.Form != TargetNumber || (code != AllUnits && tcode != code && tcode != AllUnits) {
					continue
				}
				if code == AllUnits {
					if _, own := in.Base[tcode]; own {
						continue
					}
				}
				if !t.Value.GreaterThan(b.Value) {
					k.probs.errorf(t.Line, "target-not-above-base", "%s：目标 %s 不大于基数 %s（第%d行）。累计目标应是含基数的累计数，"+
						"如基数168、到2023年累计220；如果原文的目标是当年新增数，请不要写基数", name+"中"+unitLabel(tcode), t.Value, b.Value, b.Line)
				}
			}
		}
	}
}
