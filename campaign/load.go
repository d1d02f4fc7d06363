package campaign

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// AllUnits is the TargetSet key of a target written once for every unit (and the total).
const AllUnits = "*"

var yamlLinePattern = regexp.MustCompile(`line (\d+)`)

// Load parses a campaign file. It always returns a campaign, as complete as the file
// allows, together with every problem found while reading it; callers decide whether
// problems of error severity stop them. Load never panics on bad input.
func Load(data []byte) (*Campaign, Problems) {
	d := &decoder{}
	c := &Campaign{Cadence: Quarterly, Deadline: 10, Thresholds: DefaultThresholds()}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		d.probs = append(d.probs, syntaxProblem(err))
		return c, d.probs
	}
	if len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		d.probs.errorf(0, "yaml-empty", "文件是空的：请写入攻坚行动的定义（可用 tenglong init 目录 --seed 种子 生成一份示例）")
		return c, d.probs
	}
	d.campaign(doc.Content[0], c)
	return c, d.probs
}

// syntaxProblem turns a YAML parser error into a Chinese problem with its line.
func syntaxProblem(err error) Problem {
	msg := err.Error()
	line := 0
	if m := yamlLinePattern.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msg = strings.Join(te.Errors, "；")
	}
	detail := strings.TrimPrefix(msg, "yaml: ")
	if i := strings.Index(detail, ": "); strings.HasPrefix(detail, "line ") && i > 0 {
		detail = detail[i+2:]
	}
	// yaml.v3 counts the lines of parser (not scanner) errors from 0: it names the
	// line before the collection that is left open, and no line when that is line 1.
	for _, p := range yamlParserProblems {
		if strings.HasPrefix(detail, p) {
			line++
			break
		}
	}
	for _, h := range syntaxHints {
		if strings.Contains(detail, h.english) {
			hint := h.chinese
			if m := yamlAnchorPattern.FindStringSubmatch(detail); m != nil {
				hint += "：*" + m[1]
			}
			return Problem{Code: "yaml-syntax", Severity: SeverityError, Line: line, Message: "YAML 格式错误：" + hint}
		}
	}
	return Problem{Code: "yaml-syntax", Severity: SeverityError, Line: line,
		Message: "YAML 格式错误（" + detail + "）：请检查缩进、冒号后的空格和括号是否成对"}
}

// yamlParserProblems are the complaints of yaml.v3's parser, whose lines count from 0.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

var yamlAnchorPattern = regexp.MustCompile(`^unknown anchor '(.*)' referenced`)

// syntaxHints translate the parser's common complaints for an office clerk.
var syntaxHints = []struct{ english, chinese string }{
	{"did not find expected ',' or ']'", "方括号 [ ] 没有成对，或列表项之间少了逗号"},
	{"did not find expected ',' or '}'", "花括号 { } 没有成对，或项之间少了逗号"},
	{"did not find expected key", "缩进没有对齐：同一层的项应从同一列开始"},
	{"mapping values are not allowed in this context", "这里不能出现“键: 值”：可能是缩进不对，或值里有冒号（值里有冒号请用英文双引号括起来）"},
	{"found a tab character", "有制表符（Tab）：缩进请只用空格"},
	{"found character that cannot start any token", "有不能出现在这里的字符（如制表符 Tab 或 @、`）：请改用空格，或把值用英文双引号括起来"},
	{"found unexpected end of stream", "文件意外结束：可能有引号没有成对"},
	{"could not find expected ':'", "缺少冒号“:”，或冒号后少了空格"},
	{"unknown anchor", "引用了没有定义的锚点（*名称）"},
}

func (d *decoder) campaign(n *yaml.Node, c *Campaign) {
	d.object(n, "攻坚行动", map[string]field{
		"id":     func(v *yaml.Node) { c.ID = d.str(v, "行动代码 id") },
		"title":  func(v *yaml.Node) { c.Title = d.str(v, "行动名称 title") },
		"issuer": func(v *yaml.Node) { c.Issuer = d.str(v, "发文单位 issuer") },
		"source": func(v *yaml.Node) { c.Source = d.str(v, "出处 source") },
		"span": func(v *yaml.Node) {
			d.object(v, "起止月份 span", map[string]field{
				"start": func(v *yaml.Node) { c.Span.Start = d.yearMonth(v, "开始月份 start") },
				"end":   func(v *yaml.Node) { c.Span.End = d.yearMonth(v, "结束月份 end") },
			}, "start", "end")
		},
		"cadence": func(v *yaml.Node) {
			c.Cadence = PeriodKind(d.oneOf(v, "报送频次 cadence", string(Monthly), string(Quarterly), string(Annual)))
		},
		"deadline": func(v *yaml.Node) {
			if days, ok := d.integer(v, "报送期限 deadline"); ok {
				c.Deadline = days
			}
		},
		"progress": func(v *yaml.Node) { d.thresholds(v, &c.Thresholds) },
		"units": func(v *yaml.Node) {
			d.each(v, "责任单位 units", func(_ int, u *yaml.Node) { c.Units = append(c.Units, d.unit(u, "责任单位")) })
		},
		"total": func(v *yaml.Node) {
			t := d.unit(v, "合计 total")
			c.Total = &t
		},
		"benchmarks": func(v *yaml.Node) {
			d.each(v, "对标列 benchmarks", func(_ int, b *yaml.Node) {
				bm := Benchmark{Line: b.Line}
				d.object(b, "对标列", map[string]field{
					"id":   func(v *yaml.Node) { bm.ID = d.str(v, "对标代码 id") },
					"name": func(v *yaml.Node) { bm.Name = d.str(v, "对标名称 name") },
				}, "id", "name")
				c.Benchmarks = append(c.Benchmarks, bm)
			})
		},
		"indicators": func(v *yaml.Node) {
			d.each(v, "指标 indicators", func(_ int, in *yaml.Node) { c.Indicators = append(c.Indicators, d.indicator(in)) })
		},
		"lists": func(v *yaml.Node) {
			d.each(v, "清单 lists", func(_ int, l *yaml.Node) { c.Lists = append(c.Lists, d.list(l)) })
		},
		"tasks": func(v *yaml.Node) {
			d.each(v, "任务清单 tasks", func(_ int, t *yaml.Node) { c.Tasks = append(c.Tasks, d.task(t)) })
		},
		"scoring":    func(v *yaml.Node) { c.Scoring = d.scoring(v) },
		"interviews": func(v *yaml.Node) { c.Interviews = d.interviews(v) },
	}, "id", "title", "span", "units", "indicators")
}

func (d *decoder) thresholds(n *yaml.Node, t *Thresholds) {
	d.object(n, "亮灯阈值 progress", map[string]field{
		"green": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "绿灯阈值 green"); ok {
				t.Green = x
			}
		},
		"yellow": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "黄灯阈值 yellow"); ok {
				t.Yellow = x
			}
		},
		"yellow-pp": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "黄灯允许落后的百分点 yellow-pp"); ok {
				t.YellowPP = x
			}
		},
	})
}

func (d *decoder) unit(n *yaml.Node, what string) Unit {
	u := Unit{Kind: UnitArea, Line: resolve(n).Line}
	d.object(n, what, map[string]field{
		"code": func(v *yaml.Node) { u.Code = d.str(v, "单位代码 code") },
		"name": func(v *yaml.Node) { u.Name = d.str(v, "单位名称 name") },
		"kind": func(v *yaml.Node) {
			u.Kind = UnitKind(d.oneOf(v, "单位类型 kind", string(UnitArea), string(UnitDepartment)))
		},
		"contact": func(v *yaml.Node) {
			d.object(v, "联系人 contact", map[string]field{
				"name":  func(v *yaml.Node) { u.Contact.Name = d.str(v, "联系人姓名") },
				"email": func(v *yaml.Node) { u.Contact.Email = d.str(v, "电子邮箱") },
				"phone": func(v *yaml.Node) { u.Contact.Phone = d.str(v, "电话") },
			})
		},
	}, "code", "name")
	return u
}

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
		"by-year": func(v *yaml.Node) { in.ByYear = d.byYear(v) },
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
		d.object(n, "合计方式 total", map[string]field{
			"weighted-by": func(v *yaml.Node) { in.WeightedBy = d.str(v, "加权指标 weighted-by") },
		}, "weighted-by")
		in.Total = TotalWeightedBy
		return
	}
	in.Total = TotalRule(d.oneOf(n, "合计方式 total", string(TotalSum), string(TotalGiven), string(TotalNone)))
}

// targetFormKeys are the keys that make a mapping one target rather than a unit map.
var targetFormKeys = map[string]bool{"value": true, "note": true, "text": true, "pending": true}

// targetSet reads {unit: target, ...}, or one target written for every unit.
func (d *decoder) targetSet(n *yaml.Node, what string) TargetSet {
	n = resolve(n)
	set := TargetSet{}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return set
	}
	if n.Kind == yaml.ScalarNode || isSingleTarget(n) {
		t := d.target(n, what)
		set[AllUnits] = t
		return set
	}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成 {单位代码: 目标} 的映射，这里却是%s", what, nodeKindName(n))
		return set
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		if _, dup := set[k.Value]; dup {
			d.probs.errorf(k.Line, "yaml-duplicate-key", "%s里单位“%s”写了两次，请删去一处", what, k.Value)
			continue
		}
		t := d.target(n.Content[i+1], what+"（"+k.Value+"）")
		t.Line = k.Line
		set[k.Value] = t
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

// target reads one target in any of its forms.
func (d *decoder) target(n *yaml.Node, what string) Target {
	n = resolve(n)
	t := Target{Line: n.Line}
	switch n.Kind {
	case yaml.ScalarNode:
		s := strings.TrimSpace(n.Value)
		if n.Tag == "!!null" || s == "" {
			d.probs.errorf(n.Line, "target-empty", "%s是空的。%s；没有目标就删去这一项", what, targetForms)
			return t
		}
		if s == "na" || s == "/" || s == "NA" {
			t.Form = TargetNA
			return t
		}
		v, err := parseDecimal(s)
		if err != nil {
			d.probs.errorf(n.Line, "target-form", "%s“%s”无法识别。%s", what, s, targetForms)
			return t
		}
		t.Form, t.Value, t.Literal = TargetNumber, v, s
		return t
	case yaml.MappingNode:
		var value, note, text, pending *yaml.Node
		d.object(n, what, map[string]field{
			"value":   func(v *yaml.Node) { value = v },
			"note":    func(v *yaml.Node) { note = v },
			"text":    func(v *yaml.Node) { text = v },
			"pending": func(v *yaml.Node) { pending = v },
		})
		switch {
		case value != nil && text == nil && pending == nil:
			if x, ok := d.decimal(value, what); ok {
				t.Form, t.Value, t.Literal = TargetNumber, x, strings.TrimSpace(resolve(value).Value)
			}
			if note != nil {
				t.Note = d.str(note, what+"的备注 note")
			}
		case text != nil && value == nil && pending == nil && note == nil:
			t.Form, t.Note = TargetText, d.str(text, what)
		case pending != nil && value == nil && text == nil && note == nil:
			t.Form, t.Note = TargetPending, d.str(pending, what)
		default:
			d.probs.errorf(n.Line, "target-form", "%s的写法有冲突：value、text、pending 只能用一种（note 只跟 value 一起用）。%s", what, targetForms)
		}
		return t
	default:
		d.probs.errorf(n.Line, "target-form", "%s不能是%s。%s", what, nodeKindName(n), targetForms)
		return t
	}
}

func (d *decoder) byYear(n *yaml.Node) map[int]TargetSet {
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
		visit(t)
	}
	for _, set := range in.ByYear {
		for _, t := range set {
			visit(t)
		}
	}
	if !seen {
		return 2
	}
	if (in.Kind == KindRate || in.Kind == KindChange) && places < 1 {
		places = 1
	}
	return places
}

func (d *decoder) list(n *yaml.Node) List {
	l := List{Line: resolve(n).Line}
	d.object(n, "清单", map[string]field{
		"id":   func(v *yaml.Node) { l.ID = d.str(v, "清单代码 id") },
		"name": func(v *yaml.Node) { l.Name = d.str(v, "清单名称 name") },
		"rows": func(v *yaml.Node) {
			if x, ok := d.integer(v, "预留行数 rows"); ok {
				l.Rows = x
			}
		},
		"columns": func(v *yaml.Node) {
			d.each(v, "清单列 columns", func(_ int, c *yaml.Node) { l.Columns = append(l.Columns, d.column(c)) })
		},
		"feeds": func(v *yaml.Node) {
			d.each(v, "汇总 feeds", func(_ int, f *yaml.Node) { l.Feeds = append(l.Feeds, d.feed(f)) })
		},
		"preset": func(v *yaml.Node) {
			d.each(v, "预填行 preset", func(_ int, p *yaml.Node) {
				row := PresetRow{Line: p.Line}
				d.object(p, "预填行", map[string]field{
					"no":     func(v *yaml.Node) { row.No = d.str(v, "序号 no") },
					"unit":   func(v *yaml.Node) { row.Unit = d.str(v, "单位 unit") },
					"values": func(v *yaml.Node) { row.Values = d.stringMap(v, "预填值 values") },
				}, "values")
				l.Preset = append(l.Preset, row)
			})
		},
	}, "id", "name", "columns")
	return l
}

func (d *decoder) column(n *yaml.Node) Column {
	c := Column{Type: ColText, Line: resolve(n).Line}
	d.object(n, "清单列", map[string]field{
		"id":    func(v *yaml.Node) { c.ID = d.str(v, "列代码 id") },
		"title": func(v *yaml.Node) { c.Title = d.str(v, "列标题 title") },
		"type": func(v *yaml.Node) {
			c.Type = ColumnType(d.oneOf(v, "列类型 type", string(ColText), string(ColDecimal), string(ColInteger),
				string(ColDate), string(ColEnum), string(ColUSCC)))
		},
		"required": func(v *yaml.Node) { c.Required = d.boolean(v, "必填 required") },
		"unique":   func(v *yaml.Node) { c.Unique = d.boolean(v, "不得重复 unique") },
		"min":      func(v *yaml.Node) { c.Min = d.decimalPtr(v, "下限 min") },
		"max":      func(v *yaml.Node) { c.Max = d.decimalPtr(v, "上限 max") },
		"values":   func(v *yaml.Node) { c.Values = d.strList(v, "可选值 values") },
	}, "id", "title")
	return c
}

func (d *decoder) feed(n *yaml.Node) Feed {
	f := Feed{Line: resolve(n).Line}
	d.object(n, "汇总 feeds", map[string]field{
		"indicator": func(v *yaml.Node) { f.Indicator = d.str(v, "汇总到的指标 indicator") },
		"count":     func(v *yaml.Node) { f.Count = d.stringMap(v, "计数条件 count") },
		"sum":       func(v *yaml.Node) { f.Sum = d.str(v, "求和列 sum") },
		"where":     func(v *yaml.Node) { f.Where = d.stringMap(v, "条件 where") },
	}, "indicator")
	return f
}

func (d *decoder) task(n *yaml.Node) Task {
	t := Task{Line: resolve(n).Line}
	d.object(n, "任务", map[string]field{
		"id":     func(v *yaml.Node) { t.ID = d.str(v, "任务代码 id") },
		"no":     func(v *yaml.Node) { t.No = d.str(v, "序号 no") },
		"action": func(v *yaml.Node) { t.Action = d.str(v, "行动 action") },
		"title":  func(v *yaml.Node) { t.Title = d.str(v, "任务 title") },
		"text":   func(v *yaml.Node) { t.Text = d.str(v, "工作内容 text") },
		"lead":   func(v *yaml.Node) { t.Lead = d.strList(v, "牵头单位 lead") },
		"co":     func(v *yaml.Node) { t.Co = d.strList(v, "配合单位 co") },
		"due":    func(v *yaml.Node) { t.Due = d.date(v, "完成时限 due") },
	}, "id", "title")
	return t
}

func (d *decoder) scoring(n *yaml.Node) *Scoring {
	s := &Scoring{Line: resolve(n).Line}
	d.object(n, "赛马办法 scoring", map[string]field{
		"name": func(v *yaml.Node) { s.Name = d.str(v, "办法名称 name") },
		"items": func(v *yaml.Node) {
			d.each(v, "计分项 items", func(_ int, it *yaml.Node) { s.Items = append(s.Items, d.scoringItem(it)) })
		},
	}, "items")
	return s
}

func (d *decoder) scoringItem(n *yaml.Node) ScoringItem {
	it := ScoringItem{Line: resolve(n).Line}
	d.object(n, "计分项", map[string]field{
		"id":    func(v *yaml.Node) { it.ID = d.str(v, "计分项代码 id") },
		"name":  func(v *yaml.Node) { it.Name = d.str(v, "计分项名称 name") },
		"group": func(v *yaml.Node) { it.Group = d.str(v, "分组 group") },
		"note":  func(v *yaml.Node) { it.Note = d.str(v, "赋分办法 note") },
		"points": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "分值 points"); ok {
				it.Points = x
			}
		},
		"formula": func(v *yaml.Node) {
			it.Formula = Formula(d.oneOf(v, "计分公式 formula", string(FormulaMinMax), string(FormulaParts),
				string(FormulaRankStep), string(FormulaBonus), string(FormulaManual)))
		},
		"metric": func(v *yaml.Node) { it.Metric = d.metric(v) },
		"parts": func(v *yaml.Node) {
			d.each(v, "分项 parts", func(_ int, p *yaml.Node) {
				part := ScoringPart{Line: p.Line}
				d.object(p, "分项", map[string]field{
					"metric": func(v *yaml.Node) { part.Metric = d.metric(v) },
					"weight": func(v *yaml.Node) {
						if x, ok := d.decimal(v, "权重 weight"); ok {
							part.Weight = x
						}
					},
					"lower-better": func(v *yaml.Node) { part.LowerBetter = d.boolean(v, "越低越好 lower-better") },
				}, "metric", "weight")
				it.Parts = append(it.Parts, part)
			})
		},
		"step": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "每降一名减分 step"); ok {
				it.Step = x
			}
		},
		"max":          func(v *yaml.Node) { it.Max = d.decimalPtr(v, "封顶分 max") },
		"lower-better": func(v *yaml.Node) { it.LowerBetter = d.boolean(v, "越低越好 lower-better") },
	}, "id", "name", "formula")
	return it
}

// metric reads "indicator.field".
func (d *decoder) metric(n *yaml.Node) Metric {
	s, ok := d.scalar(n, "计分指标 metric")
	if !ok {
		return Metric{}
	}
	s = strings.TrimSpace(s)
	i := strings.LastIndex(s, ".")
	if i <= 0 {
		d.probs.errorf(resolve(n).Line, "metric-form", "计分指标 metric“%s”应写成 指标代码.actual（实际值）、.completion（完成率）或 .growth（增速）", s)
		return Metric{}
	}
	m := Metric{Indicator: s[:i], Field: MetricField(s[i+1:])}
	switch m.Field {
	case MetricActual, MetricCompletion, MetricGrowth:
	default:
		d.probs.errorf(resolve(n).Line, "metric-form", "计分指标 metric“%s”的“%s”无法识别，可选：actual（实际值）、completion（完成率）、growth（增速）", s, m.Field)
	}
	return m
}

func (d *decoder) interviews(n *yaml.Node) *Interviews {
	iv := &Interviews{Line: resolve(n).Line}
	d.object(n, "约谈规则 interviews", map[string]field{
		"rules": func(v *yaml.Node) {
			d.each(v, "约谈规则 rules", func(_ int, r *yaml.Node) { iv.Rules = append(iv.Rules, d.rule(r)) })
		},
	}, "rules")
	return iv
}

func (d *decoder) rule(n *yaml.Node) InterviewRule {
	r := InterviewRule{Line: resolve(n).Line}
	count := func(v *yaml.Node, what string, dst *int) {
		if x, ok := d.integer(v, what); ok {
			*dst = x
		}
	}
	d.object(n, "约谈规则", map[string]field{
		"id":     func(v *yaml.Node) { r.ID = d.str(v, "规则代码 id") },
		"reason": func(v *yaml.Node) { r.Reason = d.str(v, "约谈事由 reason") },
		"when": func(v *yaml.Node) {
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				v = &yaml.Node{Kind: yaml.MappingNode, Line: v.Line} // `when:` with nothing after it is empty too
			}
			seen := d.object(v, "约谈条件 when", map[string]field{
				"rank-from-bottom":   func(v *yaml.Node) { count(v, "倒数名次 rank-from-bottom", &r.RankFromBottom) },
				"red-at-least":       func(v *yaml.Node) { count(v, "红灯项数 red-at-least", &r.RedAtLeast) },
				"bottom-consecutive": func(v *yaml.Node) { count(v, "连续末位期数 bottom-consecutive", &r.BottomConsecutive) },
				"indicator-red":      func(v *yaml.Node) { r.IndicatorRed = d.str(v, "亮红灯的指标 indicator-red") },
				"missing":            func(v *yaml.Node) { r.Missing = d.boolean(v, "未报送 missing") },
				"late":               func(v *yaml.Node) { r.Late = d.boolean(v, "迟报 late") },
			})
			if len(seen) == 0 {
				d.probs.errorf(resolve(v).Line, "rule-empty", "约谈条件 when 是空的：请写 rank-from-bottom、red-at-least、bottom-consecutive、indicator-red、missing 或 late 中的一项")
			}
		},
	}, "id", "reason", "when")
	return r
}

// LoadAndCheck loads a campaign and, when the file could be parsed at all, runs every
// definition check on it: the problems `tenglong check` reports.
func LoadAndCheck(data []byte) (*Campaign, Problems) {
	c, probs := Load(data)
	for _, p := range probs {
		if p.Code == "yaml-syntax" || p.Code == "yaml-empty" {
			return c, probs
		}
	}
	return c, append(probs, Check(c)...)
}
