package campaign

import (
	"gopkg.in/yaml.v3"
)

func (d *decoder) campaign(n *yaml.Node, c *Campaign) {
	seen := d.object(n, "攻坚行动", map[string]field{
		"id":      func(v *yaml.Node) { c.ID = d.str(v, "行动代码 id") },
		"title":   func(v *yaml.Node) { c.Title = d.str(v, "行动名称 title") },
		"issuer":  func(v *yaml.Node) { c.Issuer = d.str(v, "发文单位 issuer") },
		"source":  func(v *yaml.Node) { c.Source = d.str(v, "出处 source") },
		"contact": func(v *yaml.Node) { c.Contact = d.contact(v, "本办联系人 contact") },
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
		"timezone": func(v *yaml.Node) { d.timezone(v, c) },
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
		"bulletin":   func(v *yaml.Node) { c.Bulletin = d.bulletin(v) },
		"mail":       func(v *yaml.Node) { c.Mail = d.mail(v) },
		"parent":     func(v *yaml.Node) { c.Parent = d.parent(v) },
	}, "id", "title", "span", "units", "indicators")
	c.fieldLines = map[string]int{}
	for key, v := range seen {
		c.fieldLines[key] = v.Line
	}
}

// timezone reads the office's IANA time zone; a name the time zone database does not
// know is an error with its line, never a silent fallback to the machine's zone.
func (d *decoder) timezone(v *yaml.Node, c *Campaign) {
	name := d.str(v, "时区 timezone")
	loc, ok := loadLocation(name)
	if !ok {
		d.probs.errorf(resolve(v).Line, "bad-timezone",
			"时区 timezone“%s”不是有效的时区名称：请写 IANA 时区名，如 Asia/Shanghai（北京时间），不写则默认 Asia/Shanghai", name)
		return
	}
	c.Timezone, c.location = name, loc
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
		"contact": func(v *yaml.Node) { u.Contact = d.contact(v, "联系人 contact") },
	}, "code", "name")
	return u
}

func (d *decoder) contact(n *yaml.Node, what string) Contact {
	var c Contact
	d.object(n, what, map[string]field{
		"name":  func(v *yaml.Node) { c.Name = d.str(v, "联系人姓名") },
		"email": func(v *yaml.Node) { c.Email = d.str(v, "电子邮箱") },
		"phone": func(v *yaml.Node) { c.Phone = d.str(v, "电话") },
	})
	return c
}
