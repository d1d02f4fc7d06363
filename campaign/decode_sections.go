package campaign

import (
	"strings"

	"gopkg.in/yaml.v3"
)

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
		"ratio":     func(v *yaml.Node) { f.Ratio = d.ratio(v) },
	}, "indicator")
	return f
}

// ratio reads a ratio feed: {count: {条件}, scope: {条件}, labels: [开工, 应开工]} or
// {sum: 列, over: 列, scope: {条件}}.
func (d *decoder) ratio(n *yaml.Node) *Ratio {
	r := &Ratio{Line: resolve(n).Line}
	d.object(n, "比率 ratio", map[string]field{
		"count":  func(v *yaml.Node) { r.Count = d.conditions(v, "计数条件 count") },
		"sum":    func(v *yaml.Node) { r.Sum = d.str(v, "分子列 sum") },
		"over":   func(v *yaml.Node) { r.Over = d.str(v, "分母列 over") },
		"scope":  func(v *yaml.Node) { r.Scope = d.conditions(v, "统计范围 scope") },
		"labels": func(v *yaml.Node) { r.Labels = d.strList(v, "分子分母名称 labels") },
	})
	return r
}

// conditions reads {列: 值} or {列: {filled: true | min: 数 | max: 数 | within-years: 年数 | equals: 值}},
// in the file's order.
func (d *decoder) conditions(n *yaml.Node, what string) []Condition {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.probs.errorf(n.Line, "yaml-type", "%s应写成 {列: 条件} 的映射，这里却是%s", what, nodeKindName(n))
		return nil
	}
	var out []Condition
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		c := Condition{Column: k.Value, Line: k.Line}
		if v.Kind != yaml.MappingNode {
			c.Equals = d.str(v, what)
			out = append(out, c)
			continue
		}
		d.object(v, what, map[string]field{
			"equals": func(v *yaml.Node) { c.Equals = d.str(v, "等于 equals") },
			"filled": func(v *yaml.Node) { c.Filled = d.boolean(v, "已填写 filled") },
			"min":    func(v *yaml.Node) { c.Min = d.decimalPtr(v, "不小于 min") },
			"max":    func(v *yaml.Node) { c.Max = d.decimalPtr(v, "不大于 max") },
			"within-years": func(v *yaml.Node) {
				if x, ok := d.integer(v, "近几年 within-years"); ok {
					c.WithinYears = x
				}
			},
		})
		out = append(out, c)
	}
	return out
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
			r.Written = len(seen)
			if len(seen) == 0 {
				d.probs.errorf(resolve(v).Line, "rule-empty", "约谈条件 when 是空的：请写 rank-from-bottom、red-at-least、bottom-consecutive、indicator-red、missing 或 late 中的一项")
			}
		},
	}, "id", "reason", "when")
	return r
}
