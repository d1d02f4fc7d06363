package campaign

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

func (d *decoder) indicator(n *yaml.Node) Indicator {
	in := Indicator{Scope: ScopeAnnual, Total: TotalGiven, Decimals: -1, Line: resolve(n).Line}
	what := "指标"
	d.object(n, what, map[string]field{
		"id":         func(v *yaml.Node) { in.ID = d.str(v, "指标代码 id") },
		"no":         func(v *yaml.Node) { in.No = d.str(v, "序号 no") },
		"name":       func(v *yaml.Node) { in.Name = d.str(v, "指标名称 name") },
		"category":   func(v *yaml.Node) { in.Category = d.str(v, "类别 category") },
		"measure":    func(v *yaml.Node) { in.Measure = d.str(v, "计量单位 measure") },
		"department": func(v *yaml.Node) { in.Department = d.str(v, "责任部门 department") },
		"kind": func(v *yaml.Node) {
			in.Kind = IndicatorKind(d.oneOf(v, "指标类型 kind", string(KindFlow), string(KindLevel), string(KindRate),
				string(KindChange), string(KindLowerBetter), string(KindQualitative)))
		},
		"scope": func(v *yaml.Node) {
			in.Scope = Scope(d.oneOf(v, "目标口径 scope", string(ScopeAnnual), string(ScopeCumulative)))
		},
		"decimals": func(v *yaml.Node) {
			if x, ok := d.integer(v, "小数位 decimals"); ok {
				if x < 0 || x > 6 {
					d.probs.errorf(resolve(v).Line, "decimals-range", "小数位 decimals 应在 0 到 6 之间，这里是 %d", x)
				} else {
					in.Decimals = int32(x)
				}
			}
		},
		"total": func(v *yaml.Node) { d.totalRule(v, &in) },
		"min":   func(v *yaml.Node) { in.Min = d.decimalPtr(v, "下限 min") },
		"max":   func(v *yaml.Node) { in.Max = d.decimalPtr(v, "上限 max") },
		"targets": func(v *yaml.Node) {
			in.TargetsLine = resolve(v).Line
			in.Targets = d.targetSet(v, "目标 targets")
		},
		"base": func(v *yaml.Node) {
			in.BaseLine = resolve(v).Line
			in.Base = d.targetSet(v, "基数 base")
		},
		"milestones": func(v *yaml.Node) {
			in.MilestonesLine = resolve(v).Line
			in.Milestones = d.milestones(v)
		},
		"base-year": func(v *yaml.Node) {
			if x, ok := d.integer(v, "基数年份 base-year"); ok {
				in.BaseYear = x
			}
		},
		"by-year": func(v *yaml.Node) {
			in.ByYearLines = map[int]int{}
			in.ByYear = d.byYear(v, in.ByYearLines)
		},
		"benchmarks": func(v *yaml.Node) {
			in.Benchmarks = map[string]Target{}
			v = resolve(v)
			if v.Kind != yaml.MappingNode {
				d.probs.errorf(v.Line, "yaml-type", "对标值 benchmarks 应写成 {对标代码: 值} 的映射，这里却是%s", nodeKindName(v))
				return
			}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k := resolve(v.Content[i])
				if _, dup := in.Benchmarks[k.Value]; dup {
					d.probs.errorf(k.Line, "yaml-duplicate-key", "对标值 benchmarks 里“%s”写了两次，请删去一处", k.Value)
					continue
				}
				t := d.target(v.Content[i+1], "对标值")
				t.Line = k.Line
				in.Benchmarks[k.Value] = t
			}
		},
	}, "id", "name", "kind")
	if in.Decimals < 0 {
		in.Decimals = defaultDecimals(in)
	}
	return in
}

func (d *decoder) totalRule(n *yaml.Node, in *Indicator) {
	n = resolve(n)
	if n.Kind == yaml.MappingNode {
		seen := d.object(n, "合计方式 total", map[string]field{
			"weighted-by": func(v *yaml.Node) { in.WeightedBy = d.str(v, "加权指标 weighted-by") },
			"given-by":    func(v *yaml.Node) { in.GivenBy = d.str(v, "报送合计的单位 given-by") },
		})
		_, weighted := seen["weighted-by"]
		_, given := seen["given-by"]
		switch {
		case weighted && given:
			d.probs.errorf(n.Line, "total-form", "合计方式 total 只能写一种：{weighted-by: 指标代码}（加权）或 {given-by: 单位代码}（由该单位报送合计），这里两种都写了")
		case given:
			in.Total = TotalGiven
		case weighted:
			in.Total = TotalWeightedBy
		default:
			d.probs.errorf(n.Line, "total-form", "合计方式 total 写成 {…} 时应是 {weighted-by: 指标代码}（加权）或 {given-by: 单位代码}（由该单位报送合计）")
		}
		return
	}
	in.Total = TotalRule(d.oneOf(n, "合计方式 total", string(TotalSum), string(TotalGiven), string(TotalNone)))
}

// targetFormKeys are the keys that make a mapping one target rather than a unit map.
var targetFormKeys = map[string]bool{"value": true, "note": true, "text": true, "pending": true, "milestones": true}

// targetSet reads {unit: target, ...}, or one target written for every unit.
func (d *decoder) targetSet(n *yaml.Node, what string) TargetSet {
	n = resolve(n)
	if f, ok := d.flows[n]; ok {
		delete(d.flows, n)
		return d.flowTargets(f, n.Line, what)
	}
	set := TargetSet{}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return set
	}
	if n.Kind == yaml.ScalarNode || isSingleTarget(n) {
		set[AllUnits] = d.share(d.target(n, what))
		return set
	}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成 {单位代码: 目标} 的映射，这里却是%s", what, nodeKindName(n))
		return set
	}
	set = make(TargetSet, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if _, dup := set[k.Value]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "%s里单位“%s”写了两次，请删去一处", what, k.Value)
			continue
		}
		t := d.target(n.Content[i+1], what, k.Value)
		t.Line = k.Line
		set[d.intern(k.Value)] = d.share(t)
	}
	return set
}

func isSingleTarget(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content) == 0 {
		return false
	}
	for i := 0; i < len(n.Content); i += 2 {
		if !targetFormKeys[resolve(n.Content[i]).Value] {
			return false
		}
	}
	return true
}

const targetForms = "请写数字（如 150）、na（不适用，原文的“/”）、{value: 4.5, note: 备注}、{text: 文字目标} 或 {pending: 待下达说明}"

// target reads one target in any of its forms; unit, when given, is the unit it is
// written for, named in its problems after what (目标（u0001）). The name is only
// put together for a problem: a campaign has hundreds of thousands of targets.
func (d *decoder) target(n *yaml.Node, what string, unit ...string) Target {
	n = resolve(n)
	t := Target{Line: n.Line}
	name := func() string {
		if len(unit) > 0 {
			return what + "（" + unit[0] + "）"
		}
		return what
	}
	switch n.Kind {
	case yaml.ScalarNode:
		return d.scalarTarget(n.Value, n.Tag == "!!null", n.Line, name)
	case yaml.MappingNode:
		what := name()
		var value, note, text, pending, stages *yaml.Node
		d.object(n, what, map[string]field{
			"value":      func(v *yaml.Node) { value = v },
			"note":       func(v *yaml.Node) { note = v },
			"text":       func(v *yaml.Node) { text = v },
			"pending":    func(v *yaml.Node) { pending = v },
			"milestones": func(v *yaml.Node) { stages = v },
		})
		if stages != nil {
			if value == nil {
				d.probs.errorf(resolve(stages).Line, "target-form", "%s写了节点目标 milestones，但没有数值目标 value：节点只能跟数值目标一起写，如 {value: 120, milestones: {Q1: 20, Q2: 50, Q3: 90, Q4: 120}}", what)
			} else {
				t.Milestones = d.milestones(stages)
			}
		}
		switch {
		case value != nil && text == nil && pending == nil:
			if x, ok := d.number(value, what); ok {
				t.Form, t.Value, t.Literal = TargetNumber, x.value, x.text
			}
			if note != nil {
				t.Note = d.str(note, what+"的备注 note")
			}
		case text != nil && value == nil && pending == nil && note == nil:
			t.Form, t.Note = TargetText, d.str(text, what)
			if t.Note == "" {
				d.probs.errorf(n.Line, "target-empty", "%s的文字目标 text 是空的：请照原文写出目标，如 {text: 完成省定目标}", what)
			}
		case pending != nil && value == nil && text == nil && note == nil:
			t.Form, t.Note = TargetPending, d.str(pending, what)
			if t.Note == "" {
				d.probs.errorf(n.Line, "target-empty", "%s的待定目标 pending 是空的：请写明原因，如 {pending: 待省下达任务指标后再分解}", what)
			}
		default:
			d.probs.errorf(n.Line, "target-form", "%s的写法有冲突：value、text、pending 只能用一种（note 只跟 value 一起用）。%s", what, targetForms)
		}
		return t
	default:
		d.probs.errorf(n.Line, "target-form", "%s不能是%s。%s", name(), nodeKindName(n), targetForms)
		return t
	}
}

// scalarTarget reads a target written as one value: a number, or na.
func (d *decoder) scalarTarget(value string, null bool, line int, name func() string) Target {
	t := Target{Line: line}
	s := strings.TrimSpace(value)
	if null || s == "" {
		d.probs.errorf(line, "target-empty", "%s是空的。%s；没有目标就删去这一项", name(), targetForms)
		return t
	}
	if s == "na" || s == "/" || s == "NA" {
		t.Form = TargetNA
		return t
	}
	v, err := d.parseNumber(s)
	if err != nil {
		d.probs.errorf(line, "target-form", "%s“%s”无法识别。%s", name(), s, targetForms)
		return t
	}
	t.Form, t.Value, t.Literal = TargetNumber, v.value, v.text
	return t
}

// flowTargets is targetSet of a one-line {unit: value, …} read from its text
// (decode_flow.go): the same targets and problems, without a node per value. The
// units that write the same word share its target, read once; a word with a problem
// is read again for each unit, whose problem names it.
func (d *decoder) flowTargets(f *flowMap, line int, what string) TargetSet {
	set := make(TargetSet, len(f.pairs)/2)
	if d.pool.line == nil {
		d.pool.line = map[string]*Target{}
	}
	same := d.pool.line
	clear(same)
	for i := 0; i+1 < len(f.pairs); i += 2 {
		unit := f.word(i)
		if _, dup := set[unit]; dup {
			d.probs.errorf(line, "yaml-duplicate-key", "%s里单位“%s”写了两次，请删去一处", what, unit)
			continue
		}
		word := f.word(i + 1)
		t, ok := same[word]
		if !ok {
			probs := len(d.probs)
			t = d.newTarget(d.scalarTarget(word, false, line, func() string { return what + "（" + unit + "）" }))
			if len(d.probs) == probs {
				same[word] = t
			}
		}
		set[d.intern(unit)] = t
	}
	return set
}

func (d *decoder) byYear(n *yaml.Node, lines map[int]int) map[int]TargetSet {
	n = resolve(n)
	out := map[int]TargetSet{}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "分年度目标 by-year 应写成 {年份: {单位代码: 目标}} 的映射，这里却是%s", nodeKindName(n))
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		year, err := strconv.Atoi(k.Value)
		if err != nil || year < 1900 || year > 2200 {
			d.probs.errorf(k.Line, "by-year-year", "分年度目标 by-year 的“%s”不是年份，请写成 2023 这样的四位年份", k.Value)
			continue
		}
		if _, dup := out[year]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "分年度目标 by-year 里 %d 年写了两次，请删去一处", year)
			continue
		}
		lines[year] = k.Line
		out[year] = d.targetSet(n.Content[i+1], strconv.Itoa(year)+"年目标")
	}
	return out
}

// defaultDecimals shows as many decimals as the most precise target needs; rates and
// changes show at least one, and an indicator with no numeric target shows two.
func defaultDecimals(in Indicator) int32 {
	places, seen := int32(0), false
	visit := func(t Target) {
		if t.Form == TargetNumber {
			seen = true
			if e := -t.Value.Exponent(); e > places {
				places = e
			}
		}
	}
	for _, t := range in.Targets {
		visit(*t)
	}
	for _, set := range in.ByYear {
		for _, t := range set {
			visit(*t)
		}
	}
	if !seen {
		if IsCountMeasure(in.Measure) {
			return 0
		}
		return 2
	}
	if (in.Kind == KindRate || in.Kind == KindChange) && places < 1 {
		places = 1
	}
	return places
}
