package corpus

import (
	"fmt"
	"strings"
)

// Size says how large a generated campaign is. The zero values of the fields added for
// the template benchmark (Lists, ListRows, TasksPerUnit) keep the original shape: one
// register list of 100 prepared rows and Tasks tasks.
type Size struct {
	Units      int
	Indicators int
	// Tasks are tasks t000… each led by one unit and co-owned by the next.
	Tasks int
	// Lists is how many lists the campaign has, cycling through the list shapes below
	// (an enterprise register, a project list with a long dropdown, …); 0 means one,
	// negative none.
	Lists int
	// ListRows is how many blank rows each list's template prepares; 0 means 100.
	ListRows int
	// TasksPerUnit adds tasks p00001… so that every unit leads or co-owns this many of
	// them (half led, half co-owned; exact when Units > TasksPerUnit/2).
	TasksPerUnit int
}

// kinds cycles through the indicator kinds so every comparison path is exercised.
var kinds = []string{"flow", "level", "rate", "change", "lower-better", "flow"}

// Campaign writes a campaign.yaml with s.Units townships, s.Indicators indicators
// (a target per unit and a total, every kind, some cumulative and by-year), s.Lists
// lists of s.ListRows prepared rows, the first feeding the first indicator, s.Tasks
// tasks and s.TasksPerUnit tasks per unit.
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
	writeLists(&b, s)
	if s.Tasks > 0 || (s.TasksPerUnit > 0 && s.Units > 0) {
		b.WriteString("tasks:\n")
	}
	for t := 0; t < s.Tasks; t++ {
		fmt.Fprintf(&b, "  - {id: t%03d, title: 任务%d, lead: [u%04d], co: [u%04d], due: 2022-06-30}\n", t, t+1, t%s.Units, (t+1)%s.Units)
	}
	writeUnitTasks(&b, s)
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

// industries are the 31 manufacturing divisions of GB/T 4754-2017 (制造业大类 13–43):
// joined they pass the 200 characters above which templates keep a dropdown's choices
// in a hidden range instead of inline (Excel allows 255).
var industries = []string{
	"农副食品加工业", "食品制造业", "酒、饮料和精制茶制造业", "烟草制品业", "纺织业", "纺织服装、服饰业",
	"皮革、毛皮、羽毛及其制品和制鞋业", "木材加工和木、竹、藤、棕、草制品业", "家具制造业", "造纸和纸制品业",
	"印刷和记录媒介复制业", "文教、工美、体育和娱乐用品制造业", "石油、煤炭及其他燃料加工业",
	"化学原料和化学制品制造业", "医药制造业", "化学纤维制造业", "橡胶和塑料制品业", "非金属矿物制品业",
	"黑色金属冶炼和压延加工业", "有色金属冶炼和压延加工业", "金属制品业", "通用设备制造业", "专用设备制造业",
	"汽车制造业", "铁路、船舶、航空航天和其他运输设备制造业", "电气机械和器材制造业",
	"计算机、通信和其他电子设备制造业", "仪器仪表制造业", "其他制造业", "废弃资源综合利用业",
	"金属制品、机械和设备修理业",
}

// writeLists writes s.Lists lists, alternating an enterprise register (text, USCC,
// decimal, short dropdown) and a project list (text, long dropdown, decimal, date,
// integer, free text).
func writeLists(b *strings.Builder, s Size) {
	n := s.Lists
	if n == 0 {
		n = 1
	}
	if n < 0 {
		return
	}
	rows := s.ListRows
	if rows <= 0 {
		rows = 100
	}
	b.WriteString("lists:\n")
	for i := 0; i < n; i++ {
		suffix, nameSuffix := "", ""
		if i >= 2 {
			suffix, nameSuffix = fmt.Sprintf("-%d", i+1), fmt.Sprintf("（%d）", i/2+1)
		}
		if i%2 == 0 {
			fmt.Fprintf(b, `  - id: register%s
    name: 高耗低效整治企业清单%s
    rows: %d
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
      - {id: land, title: 用地面积（亩）, type: decimal, min: 0}
      - {id: state, title: 整治进度, type: enum, values: [未启动, 整治中, 已完成]}
    feeds:
      - {indicator: ind-000, count: {state: 已完成}}
`, suffix, nameSuffix, rows)
			continue
		}
		feed := 6
		if s.Indicators <= feed {
			feed = 0
		}
		fmt.Fprintf(b, `  - id: projects%s
    name: 重点项目推进清单%s
    rows: %d
    columns:
      - {id: name, title: 项目名称, type: text, required: true}
      - {id: industry, title: 所属行业, type: enum, values: [%s]}
      - {id: invest, title: 计划总投资（万元）, type: decimal, min: 0, max: 10000000}
      - {id: start, title: 开工日期, type: date}
      - {id: jobs, title: 新增就业（人）, type: integer, min: 0}
      - {id: note, title: 备注, type: text}
    feeds:
      - {indicator: ind-%03d, sum: invest}
`, suffix, nameSuffix, rows, strings.Join(industries, ", "), feed)
	}
}

// actions and dues vary the tasks' 行动 and 时限 columns.
var (
	actions = []string{"低效工业用地整治", "高耗低效企业整治", "小微企业园提升", "招大引强", "数字化改造"}
	dues    = []string{"2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31", "2023-06-30"}
)

// writeUnitTasks writes ceil(s.TasksPerUnit/2) rounds of one task per unit: in round r
// unit u leads a task co-owned by unit u+r+1 (mod Units), so each unit leads one and
// co-owns one per round; an odd last round has no co-owners.
func writeUnitTasks(b *strings.Builder, s Size) {
	if s.TasksPerUnit <= 0 || s.Units <= 0 {
		return
	}
	rounds := (s.TasksPerUnit + 1) / 2
	id := 0
	for r := 0; r < rounds; r++ {
		for u := 0; u < s.Units; u++ {
			id++
			fmt.Fprintf(b, "  - {id: p%05d, no: \"%d\", action: %s, title: 第%d乡镇重点任务%d, text: \"", id, id, actions[id%len(actions)], u+1, r+1)
			// 工作内容 of varying length, so row heights and wrapping differ.
			b.WriteString("摸清底数，建立台账，制定整治方案并按月调度")
			for k := 0; k < id%4; k++ {
				b.WriteString("；对照目标查找差距，逐项落实责任单位和完成时限")
			}
			fmt.Fprintf(b, "。\", lead: [u%04d]", u)
			co := (u + r + 1) % s.Units
			last := r == rounds-1 && s.TasksPerUnit%2 == 1
			if !last && co != u {
				fmt.Fprintf(b, ", co: [u%04d]", co)
			}
			fmt.Fprintf(b, ", due: %s}\n", dues[id%len(dues)])
		}
	}
}
