package corpus

import (
	"fmt"
	"strings"
)

// Size says how large a generated campaign is.
type Size struct {
	Units      int
	Indicators int
	Tasks      int
}

// kinds cycles through the indicator kinds so every comparison path is exercised.
var kinds = []string{"flow", "level", "rate", "change", "lower-better", "flow"}

// Campaign writes a campaign.yaml with s.Units townships, s.Indicators indicators
// (a target per unit and a total, every kind, some cumulative and by-year), a list
// feeding the first indicator, and s.Tasks tasks.
func Campaign(s Size) []byte {
	var b strings.Builder
	b.WriteString("id: generated\ntitle: 生成的压力测试行动\nsource: internal/corpus\n")
	b.WriteString("span: {start: 2021-01, end: 2023-12}\ncadence: quarterly\n")
	b.WriteString("units:\n")
	for u := 0; u < s.Units; u++ {
		fmt.Fprintf(&b, "  - {code: u%04d, name: 第%d乡镇, kind: area, contact: {name: 联系人%d, email: u%04d@example.cn}}\n", u, u+1, u+1, u)
	}
	b.WriteString("total: {code: all, name: 全省}\nindicators:\n")
	for i := 0; i < s.Indicators; i++ {
		kind := kinds[i%len(kinds)]
		total := "given"
		if kind == "flow" {
			total = "sum"
		}
		scope := "annual"
		if i%10 == 5 {
			scope = "cumulative"
		}
		fmt.Fprintf(&b, "  - id: ind-%03d\n    name: 指标%d\n    category: 类别%d\n    measure: 万元\n    kind: %s\n    scope: %s\n    total: %s\n",
			i, i+1, i%6+1, kind, scope, total)
		if i%7 == 3 {
			b.WriteString("    by-year:\n")
			for _, y := range []int{2021, 2023} {
				fmt.Fprintf(&b, "      %d: {", y)
				writeTargets(&b, s.Units, i+y)
				b.WriteString("}\n")
			}
			continue
		}
		b.WriteString("    targets: {")
		writeTargets(&b, s.Units, i)
		b.WriteString("}\n")
	}
	b.WriteString(`lists:
  - id: register
    name: 高耗低效整治企业清单
    rows: 100
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
      - {id: land, title: 用地面积（亩）, type: decimal, min: 0}
      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}
    feeds:
      - {indicator: ind-000, count: {state: 已完成}}
`)
	if s.Tasks > 0 {
		b.WriteString("tasks:\n")
		for t := 0; t < s.Tasks; t++ {
			fmt.Fprintf(&b, "  - {id: t%03d, title: 任务%d, lead: [u%04d], co: [u%04d], due: 2022-06-30}\n", t, t+1, t%s.Units, (t+1)%s.Units)
		}
	}
	return []byte(b.String())
}

// writeTargets writes {u0000: n, …, all: sum} with small deterministic numbers.
func writeTargets(b *strings.Builder, units, seed int) {
	sum := 0
	for u := 0; u < units; u++ {
		v := (u*7+seed*13)%50 + 1
		sum += v
		fmt.Fprintf(b, "u%04d: %d, ", u, v)
	}
	fmt.Fprintf(b, "all: %d", sum)
}
