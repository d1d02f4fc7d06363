package campaign

import (
	"regexp"
	"strings"
	"testing"
)

// checkCase is one campaign for Check. rule names the rule it exercises; a case with
// no wants is a passing case for that rule and must come out with no problem at all.
type checkCase struct {
	rule  string
	name  string
	over  map[string]string
	wants []wantProblem
}

// merged combines section replacements.
func merged(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func section(key string, lines ...string) map[string]string {
	return map[string]string{key: yamlLines(lines...)}
}

// firmsIndicator is the indicator of the minimal campaign.
const firmsIndicator = "  - {id: firms, name: 整治企业数, measure: 家, kind: flow, total: sum, targets: {wuxing: 1, nanxun: 2, city: 3}}"

// plainIndicators has one indicator with no targets, for cases about units.
var plainIndicators = section("indicators", "indicators: [{id: firms, name: 整治企业数, kind: flow}]")

// moreIndicators keeps the minimal campaign's indicator and adds lines after it.
func moreIndicators(lines ...string) map[string]string {
	return section("indicators", append([]string{"indicators:", firmsIndicator}, lines...)...)
}

// register is a list with one column of each kind; lines continue its columns or add
// feeds and preset rows.
func register(lines ...string) map[string]string {
	return section("lists", append([]string{
		"lists:",
		"  - id: register",
		"    name: 企业清单",
		"    columns:",
		"      - {id: name, title: 企业名称, type: text}",
		"      - {id: land, title: 用地面积, type: decimal}",
		"      - {id: staff, title: 员工数, type: integer}",
		"      - {id: state, title: 整治进度, type: enum, values: [整治中, 已完成]}",
	}, lines...)...)
}

func tasks(lines ...string) map[string]string {
	return section("tasks", append([]string{"tasks:"}, lines...)...)
}

func scoringItems(lines ...string) map[string]string {
	return section("scoring", append([]string{"scoring:", "  name: 赛马办法", "  items:"}, lines...)...)
}

func interviewRules(lines ...string) map[string]string {
	return section("interviews", append([]string{"interviews:", "  rules:"}, lines...)...)
}

var checkCases = []checkCase{
	// bad-id
	{rule: "bad-id", name: "unit code with capitals and underscore", over: section("units",
		"units:",
		"  - {code: wuxing, name: 吴兴区}",
		"  - {code: nanxun, name: 南浔区}",
		"  - {code: Bad_Code, name: 坏代码}  #!",
	), wants: []wantProblem{errAt("bad-id", "#!", "单位代码", "Bad_Code")}},
	{rule: "bad-id", name: "campaign id with a space", over: section("id", "id: Test 2023  #!"),
		wants: []wantProblem{errAt("bad-id", "#!", "行动代码", "Test 2023")}},
	{rule: "bad-id", name: "indicator id", over: moreIndicators(
		"  - {id: Tax_Per_Mu, name: 亩均税收, kind: level}  #!",
	), wants: []wantProblem{errAt("bad-id", "#!", "指标代码", "Tax_Per_Mu")}},
	{rule: "bad-id", name: "benchmark id starting with a digit", over: section("benchmarks",
		"benchmarks:",
		"  - {id: 2023-province, name: 2023年浙江省}  #!",
	), wants: []wantProblem{errAt("bad-id", "#!", "对标代码", "2023-province")}},
	{rule: "bad-id", name: "list and column ids", over: section("lists",
		"lists:",
		"  - id: Register  #1",
		"    name: 企业清单",
		"    columns:",
		"      - {id: firm.name, title: 企业名称}  #2",
	), wants: []wantProblem{
		errAt("bad-id", "#1", "清单代码", "Register"),
		errAt("bad-id", "#2", "列代码", "firm.name"),
	}},
	{rule: "bad-id", name: "task id", over: tasks(
		"  - {id: T07, title: 排摸企业, lead: jxj}  #!",
	), wants: []wantProblem{errAt("bad-id", "#!", "任务代码", "T07")}},
	{rule: "bad-id", name: "scoring item and interview rule ids", over: merged(
		scoringItems("    - {id: 基础, name: 基础工作, formula: manual}  #1"),
		interviewRules("    - {id: last_one, when: {missing: true}, reason: 未报送}  #2"),
	), wants: []wantProblem{
		errAt("bad-id", "#1", "计分项代码", "基础"),
		errAt("bad-id", "#2", "约谈规则代码", "last_one"),
	}},
	{rule: "bad-id", name: "lower case, digits and hyphens", over: merged(
		section("units", "units: [{code: x2-a, name: 二号}, {code: wuxing, name: 吴兴区}, {code: nanxun, name: 南浔区}]"),
		moreIndicators("  - {id: tax-per-mu-2, name: 亩均税收, kind: level}"),
		tasks("  - {id: t07-1, title: 排摸企业, lead: x2-a}"),
	)},

	// reserved-code
	{rule: "reserved-code", name: "target words as unit codes", over: merged(plainIndicators, section("units",
		"units:",
		"  - {code: na, name: 不适用}  #1",
		"  - {code: value, name: 数值}  #2",
		"  - {code: pending, name: 待定}  #3",
	)), wants: []wantProblem{
		errAt("reserved-code", "#1", "“na”", "保留字"),
		errAt("reserved-code", "#2", "“value”"),
		errAt("reserved-code", "#3", "“pending”"),
	}},
	{rule: "reserved-code", name: "the all-units key as a unit code", over: merged(plainIndicators, section("units",
		"units:",
		"  - {code: \"*\", name: 全部}  #!",
	)), wants: []wantProblem{
		errAt("reserved-code", "#!", "“*”"),
		errAt("bad-id", "#!", "“*”"),
	}},
	{rule: "reserved-code", name: "codes near the reserved words", over: merged(plainIndicators, section("units",
		"units: [{code: nan, name: 南安}, {code: values, name: 价值}, {code: notes, name: 备注}]",
	))},

	// duplicate-id
	{rule: "duplicate-id", name: "unit code twice", over: merged(plainIndicators, section("units",
		"units:",
		"  - {code: wuxing, name: 吴兴区}  #1",
		"  - {code: nanxun, name: 南浔区}",
		"  - {code: wuxing, name: 又一个吴兴区}  #!",
	)), wants: []wantProblem{errAt("duplicate-id", "#!", "单位代码", "wuxing", "第 #1 行")}},
	{rule: "duplicate-id", name: "total uses a unit's code", over: merged(plainIndicators,
		section("units", "units: [{code: wuxing, name: 吴兴区}]  #1"),
		section("total", "total: {code: wuxing, name: 全市}  #!"),
	), wants: []wantProblem{errAt("duplicate-id", "#!", "wuxing", "第 #1 行")}},
	{rule: "duplicate-id", name: "indicator id twice", over: section("indicators",
		"indicators:",
		"  - {id: firms, name: 整治企业数, kind: flow}  #1",
		"  - {id: firms, name: 重复的指标, kind: flow}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "指标代码", "firms", "第 #1 行")}},
	{rule: "duplicate-id", name: "benchmark id twice", over: section("benchmarks",
		"benchmarks:",
		"  - {id: province-2023, name: 2023年浙江省}  #1",
		"  - {id: province-2023, name: 2023年全省}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "对标代码", "province-2023", "第 #1 行")}},
	{rule: "duplicate-id", name: "list id twice", over: section("lists",
		"lists:",
		"  - {id: register, name: 企业清单, columns: [{id: name, title: 企业名称}]}  #1",
		"  - {id: register, name: 项目清单, columns: [{id: name, title: 项目名称}]}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "清单代码", "register", "第 #1 行")}},
	{rule: "duplicate-id", name: "column id twice", over: register(
		"      - {id: land, title: 占地面积, type: decimal}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "企业清单", "列代码", "land")}},
	{rule: "duplicate-id", name: "task id twice", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: jxj}  #1",
		"  - {id: t07, title: 整治企业, lead: jxj}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "任务代码", "t07", "第 #1 行")}},
	{rule: "duplicate-id", name: "scoring item id twice", over: scoringItems(
		"    - {id: basics, name: 基础工作, formula: manual}  #1",
		"    - {id: basics, name: 其他工作, formula: manual}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "计分项代码", "basics", "第 #1 行")}},
	{rule: "duplicate-id", name: "interview rule id twice", over: interviewRules(
		"    - {id: last, when: {rank-from-bottom: 1}, reason: 排名末位}  #1",
		"    - {id: last, when: {missing: true}, reason: 未报送}  #!",
	), wants: []wantProblem{errAt("duplicate-id", "#!", "约谈规则代码", "last", "第 #1 行")}},
	{rule: "duplicate-id", name: "the same code in different kinds of thing", over: merged(
		section("indicators", "indicators: [{id: wuxing, name: 吴兴指标, kind: flow}]"),
		section("lists",
			"lists:",
			"  - {id: wuxing, name: 企业清单, columns: [{id: name, title: 企业名称}]}",
			"  - {id: projects, name: 项目清单, columns: [{id: name, title: 项目名称}]}",
		),
		tasks("  - {id: wuxing, title: 排摸企业, lead: wuxing}"),
		scoringItems("    - {id: wuxing, name: 基础工作, formula: manual}"),
		interviewRules("    - {id: wuxing, when: {missing: true}, reason: 未报送}"),
	)},

	// bad-email
	{rule: "bad-email", name: "address without @", over: merged(plainIndicators, section("units",
		"units:",
		"  - code: wuxing  #!",
		"    name: 吴兴区",
		"    contact: {name: 张三, email: zhangsan-at-example.cn}",
	)), wants: []wantProblem{warnAt("bad-email", "#!", "吴兴区", "zhangsan-at-example.cn")}},
	{rule: "bad-email", name: "named address and empty address", over: merged(plainIndicators, section("units",
		"units:",
		"  - {code: wuxing, name: 吴兴区, contact: {email: \"张三 <zhangsan@example.cn>\"}}",
		"  - {code: nanxun, name: 南浔区, contact: {name: 李四, email: \"\"}}",
	))},

	// span-order
	{rule: "span-order", name: "end before start", over: section("span", "span: {start: 2023-12, end: 2023-01}  #!"),
		wants: []wantProblem{errAt("span-order", "#!", "2023-01", "2023-12", "span")}},
	{rule: "span-order", name: "a one-month span", over: section("span", "span: {start: 2023-06, end: 2023-06}")},

	// deadline-negative
	{rule: "deadline-negative", name: "negative deadline", over: section("deadline", "deadline: -3  #!"),
		wants: []wantProblem{errAt("deadline-negative", "#!", "deadline", "-3")}},
	{rule: "deadline-negative", name: "due on the period's last day", over: section("deadline", "deadline: 0")},

	// progress-order
	{rule: "progress-order", name: "yellow above green", over: section("progress", "progress: {green: 0.8, yellow: 0.9}  #!"),
		wants: []wantProblem{errAt("progress-order", "#!", "黄灯阈值 0.9", "绿灯阈值 0.8")}},
	{rule: "progress-order", name: "yellow equal to green", over: section("progress", "progress: {green: 0.9, yellow: 0.90}")},

	// progress-negative
	{rule: "progress-negative", name: "negative yellow", over: section("progress", "progress: {green: 1, yellow: -0.1}  #!"),
		wants: []wantProblem{errAt("progress-negative", "#!", "progress", "负数")}},
	{rule: "progress-negative", name: "negative percentage points", over: section("progress", "progress: {yellow-pp: -1}  #!"),
		wants: []wantProblem{errAt("progress-negative", "#!", "progress", "负数")}},
	{rule: "progress-negative", name: "all zero", over: section("progress", "progress: {green: 0, yellow: 0, yellow-pp: 0}")},

	// no-units
	{rule: "no-units", name: "empty unit list", over: merged(
		section("units", "units: []  #!"),
		section("indicators", "indicators: [{id: firms, name: 整治企业数, kind: flow, total: sum, targets: {city: 3}}]"),
	), wants: []wantProblem{errAt("no-units", "#!", "units")}},
	{rule: "no-units", name: "one unit", over: merged(plainIndicators, section("units", "units: [{code: wuxing, name: 吴兴区}]"))},

	// no-indicators
	{rule: "no-indicators", name: "empty indicator list", over: section("indicators", "indicators: []  #!"),
		wants: []wantProblem{errAt("no-indicators", "#!", "indicators")}},
	{rule: "no-indicators", name: "one indicator without targets", over: plainIndicators},

	// min-max
	{rule: "min-max", name: "indicator min above max", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, min: 10, max: 1.5}  #!",
	), wants: []wantProblem{errAt("min-max", "#!", "研发费用占比", "下限 10", "上限 1.5")}},
	{rule: "min-max", name: "column min above max", over: register(
		"      - {id: tax, title: 税收, type: decimal, min: 5, max: -1}  #!",
	), wants: []wantProblem{errAt("min-max", "#!", "税收", "下限 5", "上限 -1")}},
	{rule: "min-max", name: "min equal to max and min alone", over: merged(
		moreIndicators("  - {id: share, name: 研发费用占比, kind: rate, min: 1.50, max: 1.5}"),
		register("      - {id: tax, title: 税收, type: decimal, min: 0}"),
	)},

	// unknown-unit
	{rule: "unknown-unit", name: "target for a unit that does not exist", over: section("indicators",
		"indicators:",
		"  - id: firms",
		"    name: 整治企业数",
		"    kind: flow",
		"    total: sum",
		"    targets:",
		"      wuxing: 1",
		"      xinghai: 5  #!",
		"      city: 1",
	), wants: []wantProblem{errAt("unknown-unit", "#!", "整治企业数", "xinghai")}},
	{rule: "unknown-unit", name: "by-year target for a unit that does not exist", over: moreIndicators(
		"  - id: share",
		"    name: 研发费用占比",
		"    kind: rate",
		"    by-year:",
		"      2023:",
		"        wuxing: 2",
		"        ghost: 3  #!",
	), wants: []wantProblem{errAt("unknown-unit", "#!", "研发费用占比", "2023年", "ghost")}},
	{rule: "unknown-unit", name: "preset row of a unit that does not exist", over: register(
		"    preset:",
		"      - {no: 1, unit: wuxing, values: {name: 甲公司}}",
		"      - {no: 2, unit: ghost, values: {name: 乙公司}}  #!",
	), wants: []wantProblem{errAt("unknown-unit", "#!", "企业清单", "ghost")}},
	{rule: "unknown-unit", name: "task lead and co that do not exist", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: [ghost], co: [wuxing, phantom]}  #!",
	), wants: []wantProblem{
		errAt("unknown-unit", "#!", "排摸企业", "牵头单位“ghost”"),
		errAt("unknown-unit", "#!", "排摸企业", "配合单位“phantom”"),
	}},
	{rule: "unknown-unit", name: "targets for the total and a department, known preset and task units", over: merged(
		section("indicators", "indicators: [{id: firms, name: 整治企业数, kind: flow, targets: {jxj: 1, city: 5}, by-year: {2023: {nanxun: 2}}}]"),
		register("    preset: [{unit: city, values: {name: 甲公司}}, {values: {name: 乙公司}}]"),
		tasks("  - {id: t07, title: 排摸企业, lead: [city], co: [jxj, wuxing]}"),
	)},

	// qualitative-number
	{rule: "qualitative-number", name: "number target on a qualitative indicator", over: moreIndicators(
		"  - id: standards",
		"    name: 浙江制造标准",
		"    kind: qualitative",
		"    targets:",
		"      wuxing: 12  #!",
		"      nanxun: {text: 完成省定目标}",
	), wants: []wantProblem{errAt("qualitative-number", "#!", "浙江制造标准", "qualitative", "12")}},
	{rule: "qualitative-number", name: "one number for every unit", over: moreIndicators(
		"  - id: standards",
		"    name: 浙江制造标准",
		"    kind: qualitative",
		"    targets: 3  #!",
	), wants: []wantProblem{errAt("qualitative-number", "#!", "浙江制造标准", "3")}},
	{rule: "qualitative-number", name: "text, pending and na on a qualitative indicator", over: moreIndicators(
		"  - {id: standards, name: 浙江制造标准, kind: qualitative, targets: {wuxing: {text: 完成}, nanxun: {pending: 待下达}, jxj: na}}",
	)},

	// by-year-outside-span
	{rule: "by-year-outside-span", name: "year after the span", over: moreIndicators(
		"  - id: share",
		"    name: 研发费用占比",
		"    kind: rate",
		"    by-year: {2023: {wuxing: 2}, 2025: {wuxing: 3}}  #!",
	), wants: []wantProblem{errAt("by-year-outside-span", "#!", "研发费用占比", "2025", "2023-01 至 2023-12")}},
	{rule: "by-year-outside-span", name: "year before the span", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, by-year: {2022: 2}}  #!",
	), wants: []wantProblem{errAt("by-year-outside-span", "#!", "2022")}},
	{rule: "by-year-outside-span", name: "years at both ends of a multi-year span", over: merged(
		section("span", "span: {start: 2021-07, end: 2023-06}"),
		moreIndicators("  - {id: share, name: 研发费用占比, kind: rate, by-year: {2021: 2, 2022: 2.5, 2023: 3}}"),
	)},

	// unknown-benchmark
	{rule: "unknown-benchmark", name: "benchmark not defined at the top", over: merged(
		section("benchmarks", "benchmarks: [{id: base-2020, name: 2020年基数}]"),
		moreIndicators(
			"  - id: share",
			"    name: 研发费用占比",
			"    kind: rate",
			"    benchmarks:",
			"      base-2020: 1.5",
			"      province-2023: 2.5  #!",
		)), wants: []wantProblem{errAt("unknown-benchmark", "#!", "研发费用占比", "province-2023")}},
	{rule: "unknown-benchmark", name: "benchmarks defined at the top", over: merged(
		section("benchmarks", "benchmarks: [{id: base-2020, name: 2020年基数}, {id: province-2023, name: 2023年浙江省}]"),
		moreIndicators("  - {id: share, name: 研发费用占比, kind: rate, benchmarks: {base-2020: 1.5, province-2023: {text: 报会5/年}}}"),
	)},

	// base (基数): a cumulative flow's count before the span
	{rule: "base-not-cumulative", name: "a base on an annual indicator", over: moreIndicators(
		"  - {id: land, name: 腾出土地, kind: flow, base: 5, targets: {wuxing: 10}}  #!",
	), wants: []wantProblem{errAt("base-not-cumulative", "#!", "腾出土地", "scope: annual")}},
	{rule: "base-not-cumulative", name: "a base on a cumulative flow", over: moreIndicators("  - {id: land, name: 腾出土地, measure: 亩, kind: flow, scope: cumulative, base: {wuxing: 5, city: 9}, base-year: 2021, targets: {wuxing: 10, city: 20}}")},
	{rule: "base-not-number", name: "a base written as na", over: moreIndicators(
		"  - {id: land, name: 腾出土地, kind: flow, scope: cumulative, base: {wuxing: na}, targets: {wuxing: 10}}  #!",
	), wants: []wantProblem{errAt("base-not-number", "#!", "腾出土地", "wuxing")}},
	{rule: "base-not-number", name: "a base per unit", over: moreIndicators("  - {id: land, name: 腾出土地, measure: 亩, kind: flow, scope: cumulative, base: {wuxing: 5, city: 9}, base-year: 2021, targets: {wuxing: 10, city: 20}}")},
	{rule: "base-year-in-span", name: "a base year inside the span", over: moreIndicators(
		"  - {id: land, name: 腾出土地, kind: flow, scope: cumulative, base: 5, base-year: 2023, targets: {wuxing: 10}}  #!",
	), wants: []wantProblem{errAt("base-year-in-span", "#!", "2023")}},
	{rule: "base-year-in-span", name: "a base year before the span", over: moreIndicators("  - {id: land, name: 腾出土地, measure: 亩, kind: flow, scope: cumulative, base: {wuxing: 5, city: 9}, base-year: 2021, targets: {wuxing: 10, city: 20}}")},
	{rule: "base-year-without-base", name: "a base year alone", over: moreIndicators(
		"  - {id: land, name: 腾出土地, kind: flow, scope: cumulative, base-year: 2021, targets: {wuxing: 10}}  #!",
	), wants: []wantProblem{errAt("base-year-without-base", "#!", "base-year")}},
	{rule: "base-year-without-base", name: "a base year with its base", over: moreIndicators("  - {id: land, name: 腾出土地, measure: 亩, kind: flow, scope: cumulative, base: {wuxing: 5, city: 9}, base-year: 2021, targets: {wuxing: 10, city: 20}}")},
	{rule: "target-not-above-base", name: "an annual figure under a cumulative base", over: moreIndicators(
		"  - {id: land, name: 腾出土地, kind: flow, scope: cumulative, base: 168, targets: {wuxing: 20}}  #!",
	), wants: []wantProblem{errAt("target-not-above-base", "#!", "168", "20", "wuxing")}},
	{rule: "target-not-above-base", name: "targets above their bases", over: moreIndicators("  - {id: land, name: 腾出土地, measure: 亩, kind: flow, scope: cumulative, base: {wuxing: 5, city: 9}, base-year: 2021, targets: {wuxing: 10, city: 20}}")},

	// given-by-unit: the unit that reports the total exists
	{rule: "given-by-unit", name: "total given by an unknown unit", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: {given-by: kjj}}  #!",
	), wants: []wantProblem{errAt("given-by-unit", "#!", "研发费用占比", "kjj")}},
	{rule: "given-by-unit", name: "total given by a unit", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: {given-by: wuxing}}",
	)},

	// weighted-by-self
	{rule: "weighted-by-self", name: "weighted by itself", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: {weighted-by: share}}  #!",
	), wants: []wantProblem{errAt("weighted-by-self", "#!", "研发费用占比", "自己")}},
	{rule: "weighted-by-self", name: "weighted by another indicator", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: {weighted-by: firms}}",
	)},

	// unknown-indicator
	{rule: "unknown-indicator", name: "weighted by an indicator that does not exist", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: {weighted-by: gdp}}  #!",
	), wants: []wantProblem{errAt("unknown-indicator", "#!", "研发费用占比", "gdp")}},
	{rule: "unknown-indicator", name: "feed into an indicator that does not exist", over: register(
		"    feeds:",
		"      - {indicator: firms, count: {state: 已完成}}",
		"      - {indicator: freed-land, sum: land}  #!",
	), wants: []wantProblem{errAt("unknown-indicator", "#!", "企业清单", "freed-land")}},
	{rule: "unknown-indicator", name: "scoring metric of an indicator that does not exist", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: minmax, metric: output.actual}  #!",
	), wants: []wantProblem{errAt("unknown-indicator", "#!", "总产值", "“output”")}},
	{rule: "unknown-indicator", name: "scoring part of an indicator that does not exist", over: scoringItems(
		"    - id: output",
		"      name: 总产值",
		"      points: 20",
		"      formula: parts",
		"      parts:",
		"        - {metric: firms.actual, weight: 0.5}",
		"        - {metric: output-growth.growth, weight: 0.5}  #!",
	), wants: []wantProblem{errAt("unknown-indicator", "#!", "总产值", "output-growth")}},
	{rule: "unknown-indicator", name: "interview rule on an indicator that does not exist", over: interviewRules(
		"    - {id: tax-red, when: {indicator-red: tax-per-mu}, reason: 亩均税收亮红灯}  #!",
	), wants: []wantProblem{errAt("unknown-indicator", "#!", "tax-red", "tax-per-mu")}},
	{rule: "unknown-indicator", name: "every reference names an indicator", over: merged(
		moreIndicators("  - {id: share, name: 研发费用占比, kind: rate, total: {weighted-by: firms}}"),
		register("    feeds: [{indicator: firms, count: {state: 已完成}}]"),
		scoringItems(
			"    - {id: a, name: 甲, points: 10, formula: minmax, metric: share.actual}",
			"    - {id: b, name: 乙, points: 10, formula: parts, parts: [{metric: firms.growth, weight: 1}]}",
		),
		interviewRules("    - {id: share-red, when: {indicator-red: share}, reason: 占比亮红灯}"),
	)},

	// total-ignored
	{rule: "total-ignored", name: "total target on an indicator without a total", over: moreIndicators(
		"  - id: share",
		"    name: 研发费用占比",
		"    kind: rate",
		"    total: none",
		"    targets:",
		"      wuxing: 2",
		"      city: 2.5  #!",
	), wants: []wantProblem{warnAt("total-ignored", "#!", "研发费用占比", "none", "全市")}},
	{rule: "total-ignored", name: "no total target, or a given total", over: moreIndicators(
		"  - {id: share, name: 研发费用占比, kind: rate, total: none, targets: {wuxing: 2}}",
		"  - {id: growth, name: 增速, kind: change, total: given, targets: {wuxing: 2, city: 7}}",
	)},

	// total-mismatch
	{rule: "total-mismatch", name: "Huzhou's 15.1 against 15", over: merged(huzhouEnergy, section("units",
		"units:",
		"  - {code: wuxing, name: 吴兴区}",
		"  - {code: nanxun, name: 南浔区}",
		"  - {code: deqing, name: 德清县}",
		"  - {code: changxing, name: 长兴县}",
		"  - {code: anji, name: 安吉县}",
		"  - {code: nantaihu, name: 南太湖新区}",
		"  - {code: jxj, name: 市经信局}",
	)), wants: []wantProblem{warnAt("total-mismatch", "#!", "高耗低效整治腾出能耗空间", "各单位目标之和为 15.1", "全市目标 15 不一致")}},
	{rule: "total-mismatch", name: "by-year total differs", over: moreIndicators(
		"  - id: land",
		"    name: 腾出用地",
		"    kind: flow",
		"    total: sum",
		"    by-year:",
		"      2023:",
		"        wuxing: 1.5",
		"        nanxun: 2",
		"        city: 3  #!",
	), wants: []wantProblem{warnAt("total-mismatch", "#!", "腾出用地", "2023年", "3.5", "全市目标 3 不一致")}},
	{rule: "total-mismatch", name: "0.1 + 0.2 is exactly 0.3", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: sum, targets: {wuxing: 0.1, nanxun: 0.2, city: 0.30}}",
	)},
	{rule: "total-mismatch", name: "a unit's target is text", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: sum, targets: {wuxing: {text: 完成省定目标}, nanxun: 2, city: 99}}",
	)},
	{rule: "total-mismatch", name: "a unit's target is pending", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: sum, targets: {wuxing: 1, nanxun: {pending: 待下达}, city: 99}}",
	)},
	{rule: "total-mismatch", name: "the total is given", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: given, targets: {wuxing: 1, nanxun: 2, city: 99}}",
		"  - {id: area, name: 面积, kind: flow, targets: {wuxing: 1, nanxun: 2, city: 99}}",
	)},
	{rule: "total-mismatch", name: "na units are left out of the sum", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: sum, targets: {wuxing: na, nanxun: {value: 2, note: 以上}, jxj: /, city: 2.0}}",
	)},
	{rule: "total-mismatch", name: "the total's target is text", over: moreIndicators(
		"  - {id: land, name: 腾出用地, kind: flow, total: sum, targets: {wuxing: 1, nanxun: 2, city: {text: 完成}}}",
	)},

	// list-rows
	{rule: "list-rows", name: "negative rows", over: section("lists",
		"lists:",
		"  - id: register  #!",
		"    name: 企业清单",
		"    rows: -1",
		"    columns: [{id: name, title: 企业名称}]",
	), wants: []wantProblem{errAt("list-rows", "#!", "企业清单", "rows")}},
	{rule: "list-rows", name: "no blank rows", over: section("lists",
		"lists: [{id: register, name: 企业清单, rows: 0, columns: [{id: name, title: 企业名称}]}]",
	)},

	// enum-values
	{rule: "enum-values", name: "enum without values", over: register(
		"      - {id: way, title: 整治方式, type: enum}  #!",
	), wants: []wantProblem{errAt("enum-values", "#!", "整治方式", "values")}},
	{rule: "enum-values", name: "enum with values", over: register(
		"      - {id: way, title: 整治方式, type: enum, values: [兼并重组, 整体腾退]}",
	)},

	// values-ignored
	{rule: "values-ignored", name: "values on a text column", over: register(
		"      - {id: way, title: 整治方式, type: text, values: [兼并重组, 整体腾退]}  #!",
	), wants: []wantProblem{warnAt("values-ignored", "#!", "整治方式", "values")}},
	{rule: "values-ignored", name: "empty values on a text column", over: register(
		"      - {id: way, title: 整治方式, type: text, values: []}",
	)},

	// min-max-type
	{rule: "min-max-type", name: "min on a text column", over: register(
		"      - {id: way, title: 整治方式, min: 0}  #!",
	), wants: []wantProblem{errAt("min-max-type", "#!", "整治方式", "min/max")}},
	{rule: "min-max-type", name: "max on a date column", over: register(
		"      - {id: done, title: 完成时间, type: date, max: 20231231}  #!",
	), wants: []wantProblem{errAt("min-max-type", "#!", "完成时间")}},
	{rule: "min-max-type", name: "min and max on numeric columns", over: register(
		"      - {id: count, title: 企业数, type: integer, min: 0, max: 100}",
		"      - {id: tax, title: 税收, type: decimal, min: -0.5}",
	)},

	// feed-form
	{rule: "feed-form", name: "count and sum", over: register(
		"    feeds:",
		"      - {indicator: firms, count: {state: 已完成}, sum: land}  #!",
	), wants: []wantProblem{errAt("feed-form", "#!", "企业清单", "count", "sum")}},
	{rule: "feed-form", name: "neither count nor sum", over: register(
		"    feeds:",
		"      - {indicator: firms, where: {state: 已完成}}  #!",
	), wants: []wantProblem{errAt("feed-form", "#!", "企业清单", "count", "sum")}},
	{rule: "feed-form", name: "count, count of all rows, and sum", over: register(
		"    feeds:",
		"      - {indicator: firms, count: {state: 已完成}}",
		"      - {indicator: firms, count: {}}",
		"      - {indicator: firms, sum: staff, where: {state: 整治中}}",
	)},

	// unknown-column
	{rule: "unknown-column", name: "sum of a column that does not exist", over: register(
		"    feeds:",
		"      - {indicator: firms, sum: area}  #!",
	), wants: []wantProblem{errAt("unknown-column", "#!", "企业清单", "area")}},
	{rule: "unknown-column", name: "where on a column that does not exist", over: register(
		"    feeds:",
		"      - {indicator: firms, sum: land, where: {status: 已完成}}  #!",
	), wants: []wantProblem{errAt("unknown-column", "#!", "企业清单", "status")}},
	{rule: "unknown-column", name: "count on a column that does not exist", over: register(
		"    feeds:",
		"      - {indicator: firms, count: {phase: 已完成}}  #!",
	), wants: []wantProblem{errAt("unknown-column", "#!", "企业清单", "phase")}},
	{rule: "unknown-column", name: "preset value for a column that does not exist", over: register(
		"    preset:",
		"      - {no: 1, values: {name: 甲公司, invest: 9800}}  #!",
	), wants: []wantProblem{errAt("unknown-column", "#!", "企业清单", "invest", "name、land、staff、state")}},
	{rule: "unknown-column", name: "every column exists", over: register(
		"    feeds: [{indicator: firms, sum: land, where: {state: 已完成, name: 甲公司}}]",
		"    preset: [{values: {name: 甲公司, land: 3.5, staff: 12, state: 整治中}}]",
	)},

	// feed-sum-type
	{rule: "feed-sum-type", name: "sum of a text column", over: register(
		"    feeds:",
		"      - {indicator: firms, sum: name}  #!",
	), wants: []wantProblem{errAt("feed-sum-type", "#!", "企业清单", "企业名称")}},
	{rule: "feed-sum-type", name: "sum of an enum column", over: register(
		"    feeds:",
		"      - {indicator: firms, sum: state}  #!",
	), wants: []wantProblem{errAt("feed-sum-type", "#!", "整治进度")}},
	{rule: "feed-sum-type", name: "sum of integer and decimal columns", over: register(
		"    feeds: [{indicator: firms, sum: staff}, {indicator: firms, sum: land}]",
	)},

	// feed-value
	{rule: "feed-value", name: "count on a value the enum does not have", over: register(
		"    feeds:",
		"      - {indicator: firms, count: {state: 完成}}  #!",
	), wants: []wantProblem{errAt("feed-value", "#!", "整治进度", "完成", "整治中、已完成")}},
	{rule: "feed-value", name: "where on a value the enum does not have", over: register(
		"    feeds:",
		"      - {indicator: firms, sum: land, where: {state: 已整治}}  #!",
	), wants: []wantProblem{errAt("feed-value", "#!", "已整治")}},
	{rule: "feed-value", name: "enum value and free text", over: register(
		"    feeds: [{indicator: firms, count: {state: 已完成, name: 任意名称}}]",
	)},

	// task-no-lead
	{rule: "task-no-lead", name: "no lead", over: tasks(
		"  - {id: t07, title: 排摸企业, co: [wuxing]}  #!",
	), wants: []wantProblem{errAt("task-no-lead", "#!", "排摸企业", "lead")}},
	{rule: "task-no-lead", name: "empty lead list", over: tasks(
		"  - id: t07  #!",
		"    title: 排摸企业",
		"    lead: []",
	), wants: []wantProblem{errAt("task-no-lead", "#!", "排摸企业")}},
	{rule: "task-no-lead", name: "lead written as one code", over: tasks("  - {id: t07, title: 排摸企业, lead: jxj}")},

	// lead-also-co
	{rule: "lead-also-co", name: "lead also listed as co", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: [jxj], co: [wuxing, jxj]}  #!",
	), wants: []wantProblem{warnAt("lead-also-co", "#!", "排摸企业", "jxj")}},
	{rule: "lead-also-co", name: "two leads and other co units", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: [jxj, wuxing], co: [nanxun]}",
	)},

	// due-outside-span
	{rule: "due-outside-span", name: "due after the span", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: jxj, due: 2024-01-01}  #!",
	), wants: []wantProblem{warnAt("due-outside-span", "#!", "排摸企业", "2024-01-01", "2023-01 至 2023-12")}},
	{rule: "due-outside-span", name: "due before the span", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: jxj, due: 2022-12-31}  #!",
	), wants: []wantProblem{warnAt("due-outside-span", "#!", "2022-12-31")}},
	{rule: "due-outside-span", name: "due on the span's first and last days", over: tasks(
		"  - {id: t07, title: 排摸企业, lead: jxj, due: 2023-01-01}",
		"  - {id: t08, title: 整治企业, lead: jxj, due: 2023-12-31}",
	)},

	// points
	{rule: "points", name: "zero points", over: scoringItems(
		"    - {id: output, name: 总产值, points: 0, formula: minmax, metric: firms.actual}  #!",
	), wants: []wantProblem{errAt("points", "#!", "总产值", "points")}},
	{rule: "points", name: "no points on a ranked item", over: scoringItems(
		"    - {id: output, name: 总产值, formula: rank-step, step: 1, metric: firms.actual}  #!",
	), wants: []wantProblem{errAt("points", "#!", "总产值")}},
	{rule: "points", name: "negative points on a parts item", over: scoringItems(
		"    - {id: output, name: 总产值, points: -5, formula: parts, parts: [{metric: firms.actual, weight: 1}]}  #!",
	), wants: []wantProblem{errAt("points", "#!", "总产值")}},
	{rule: "points", name: "bonus and manual items need no points", over: scoringItems(
		"    - {id: risk, name: 风险处置, formula: bonus, max: 5}",
		"    - {id: basics, name: 基础工作, formula: manual}",
		"    - {id: output, name: 总产值, points: 0.5, formula: minmax, metric: firms.actual}",
	)},

	// metric-missing
	{rule: "metric-missing", name: "minmax without metric", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: minmax}  #!",
	), wants: []wantProblem{errAt("metric-missing", "#!", "总产值", "metric")}},
	{rule: "metric-missing", name: "rank-step without metric", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: rank-step, step: 0.5}  #!",
	), wants: []wantProblem{errAt("metric-missing", "#!", "总产值")}},
	{rule: "metric-missing", name: "metrics given", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: rank-step, step: 0.5, metric: firms.growth}",
		"    - {id: land, name: 用地, points: 20, formula: minmax, metric: firms.actual, lower-better: true}",
	)},

	// rank-step
	{rule: "rank-step", name: "rank-step without step", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: rank-step, metric: firms.actual}  #!",
	), wants: []wantProblem{errAt("rank-step", "#!", "总产值", "step")}},
	{rule: "rank-step", name: "negative step", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: rank-step, step: -0.5, metric: firms.actual}  #!",
	), wants: []wantProblem{errAt("rank-step", "#!", "总产值")}},
	{rule: "rank-step", name: "step on rank-step, none on minmax", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: rank-step, step: 0.5, metric: firms.actual}",
		"    - {id: land, name: 用地, points: 20, formula: minmax, metric: firms.actual}",
	)},

	// parts-missing
	{rule: "parts-missing", name: "parts item without parts", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: parts}  #!",
	), wants: []wantProblem{errAt("parts-missing", "#!", "总产值", "parts")}},
	{rule: "parts-missing", name: "empty parts", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: parts, parts: []}  #!",
	), wants: []wantProblem{errAt("parts-missing", "#!", "总产值")}},
	{rule: "parts-missing", name: "one part of weight 1", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: parts, parts: [{metric: firms.actual, weight: 1.0}]}",
	)},

	// parts-weights
	{rule: "parts-weights", name: "weights add up to 0.6", over: scoringItems(
		"    - id: output  #!",
		"      name: 总产值",
		"      points: 20",
		"      formula: parts",
		"      parts:",
		"        - {metric: firms.actual, weight: 0.3}",
		"        - {metric: firms.growth, weight: 0.3}",
	), wants: []wantProblem{errAt("parts-weights", "#!", "总产值", "0.6")}},
	{rule: "parts-weights", name: "weights add up to more than 1", over: scoringItems(
		"    - {id: output, name: 总产值, points: 20, formula: parts, parts: [{metric: firms.actual, weight: 0.7}, {metric: firms.growth, weight: 0.4}]}  #!",
	), wants: []wantProblem{errAt("parts-weights", "#!", "1.1")}},
	{rule: "parts-weights", name: "0.3 + 0.2 + 0.5 is exactly 1", over: scoringItems(
		"    - id: output",
		"      name: 总产值",
		"      points: 20",
		"      formula: parts",
		"      parts:",
		"        - {metric: firms.actual, weight: 0.3}",
		"        - {metric: firms.growth, weight: 0.2, lower-better: true}",
		"        - {metric: firms.completion, weight: 0.5}",
	)},

	// bonus-max
	{rule: "bonus-max", name: "bonus without max", over: scoringItems(
		"    - {id: risk, name: 企业风险排查处置, group: 加分项目, formula: bonus}  #!",
	), wants: []wantProblem{errAt("bonus-max", "#!", "企业风险排查处置", "max")}},
	{rule: "bonus-max", name: "bonus with max, manual without", over: scoringItems(
		"    - {id: risk, name: 企业风险排查处置, formula: bonus, max: 0.5}",
		"    - {id: basics, name: 基础工作, formula: manual}",
	)},

	// completion-no-target
	{rule: "completion-no-target", name: "completion of an indicator with text targets", over: merged(
		moreIndicators("  - {id: standards, name: 浙江制造标准, kind: qualitative, targets: {wuxing: {text: 完成}, nanxun: na}}"),
		scoringItems(
			"    - {id: std, name: 标准制定, points: 10, formula: minmax, metric: standards.completion}  #1",
			"    - id: mix",
			"      name: 综合",
			"      points: 10",
			"      formula: parts",
			"      parts:",
			"        - {metric: firms.completion, weight: 0.5}",
			"        - {metric: standards.completion, weight: 0.5}  #2",
		),
	), wants: []wantProblem{
		errAt("completion-no-target", "#1", "标准制定", "浙江制造标准"),
		errAt("completion-no-target", "#2", "综合", "浙江制造标准"),
	}},
	{rule: "completion-no-target", name: "completion of an indicator with no targets", over: merged(
		moreIndicators("  - {id: output, name: 总产值, kind: flow}"),
		scoringItems("    - {id: out, name: 产值, points: 10, formula: minmax, metric: output.completion}  #!"),
	), wants: []wantProblem{errAt("completion-no-target", "#!", "总产值")}},
	{rule: "completion-no-target", name: "completion with a by-year number, actual without targets", over: merged(
		moreIndicators(
			"  - {id: standards, name: 浙江制造标准, kind: qualitative, targets: {text: 完成}}",
			"  - {id: output, name: 总产值, kind: flow, by-year: {2023: {wuxing: 5}}}",
		),
		scoringItems(
			"    - {id: std, name: 标准制定, points: 10, formula: minmax, metric: standards.actual}",
			"    - {id: out, name: 产值, points: 10, formula: minmax, metric: output.completion}",
		),
	)},

	// rule-count
	{rule: "rule-count", name: "negative count", over: interviewRules(
		"    - {id: red, when: {red-at-least: -1}, reason: 红灯多}  #!",
	), wants: []wantProblem{errAt("rule-count", "#!", "red", "负数")}},
	{rule: "rule-count", name: "negative rank", over: interviewRules(
		"    - {id: last, when: {rank-from-bottom: -2}, reason: 排名末位}  #!",
	), wants: []wantProblem{errAt("rule-count", "#!", "last")}},
	{rule: "rule-count", name: "positive counts", over: interviewRules(
		"    - {id: last, when: {rank-from-bottom: 1}, reason: 排名末位}",
		"    - {id: red, when: {red-at-least: 3}, reason: 3项及以上指标落后序时进度}",
		"    - {id: repeat, when: {bottom-consecutive: 2}, reason: 连续两期排名末位}",
	)},

	// rule-conditions
	{rule: "rule-conditions", name: "two conditions in one rule", over: interviewRules(
		"    - {id: r1, when: {rank-from-bottom: 1, missing: true}, reason: 两个条件}  #!",
	), wants: []wantProblem{errAt("rule-conditions", "#!", "r1", "2 个条件")}},
	{rule: "rule-conditions", name: "three conditions in one rule", over: interviewRules(
		"    - id: r1  #!",
		"      reason: 三个条件",
		"      when:",
		"        red-at-least: 3",
		"        indicator-red: firms",
		"        late: true",
	), wants: []wantProblem{errAt("rule-conditions", "#!", "r1", "3 个条件")}},
	{rule: "rule-conditions", name: "one condition each, a false flag is no condition", over: interviewRules(
		"    - {id: missing, when: {missing: true}, reason: 未报送}",
		"    - {id: late, when: {late: true, missing: false}, reason: 迟报}",
		"    - {id: firms-red, when: {indicator-red: firms}, reason: 亮红灯}",
	)},

	// rule-never
	{rule: "rule-never", name: "a false flag only", over: interviewRules(
		"    - {id: late, when: {late: false}, reason: 迟报}  #!",
	), wants: []wantProblem{errAt("rule-never", "#!", "late", "永远不会成立")}},
	{rule: "rule-never", name: "rank zero", over: interviewRules(
		"    - {id: last, when: {rank-from-bottom: 0}, reason: 排名末位}  #!",
	), wants: []wantProblem{errAt("rule-never", "#!", "last")}},
	{rule: "rule-never", name: "a condition that can hold", over: interviewRules(
		"    - {id: late, when: {late: true}, reason: 迟报}",
	)},
}

// huzhouEnergy is the Huzhou indicator whose total (15) is not the sum of its units
// (15.1); the total-mismatch case puts it into the campaign.
var huzhouEnergy = section("indicators",
	"indicators:",
	"  - id: freed-energy",
	"    name: 高耗低效整治腾出能耗空间",
	"    measure: 万吨标准煤",
	"    kind: flow",
	"    total: sum",
	"    targets:",
	"      wuxing: 4",
	"      nanxun: 3.5",
	"      deqing: 2",
	"      changxing: 3.5",
	"      anji: 2",
	"      nantaihu: 0.1",
	"      jxj: na",
	"      city: 15  #!",
)

func TestCheckRules(t *testing.T) {
	for _, c := range checkCases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			doc := campaignFile(t, c.over)
			camp, probs := Load([]byte(doc))
			if len(probs) > 0 {
				t.Fatalf("the case's file does not load cleanly:\n%s\n%s", numbered(doc), listProblems(probs))
			}
			got := Check(camp)
			expectProblems(t, doc, got, c.wants)
			_, all := LoadAndCheck([]byte(doc))
			if len(all) != len(got) {
				t.Errorf("LoadAndCheck found %d problems, Check %d", len(all), len(got))
			}
		})
	}
}

// TestCheckRulesAreTested makes sure every rule in check.go has a case that breaks it
// and a case that keeps to it.
func TestCheckRulesAreTested(t *testing.T) {
	failing, passing := map[string]bool{}, map[string]bool{}
	for _, c := range checkCases {
		if len(c.wants) == 0 {
			passing[c.rule] = true
		}
		for _, w := range c.wants {
			failing[w.code] = true
		}
	}
	codes := problemCodes(t, "check.go")
	known := map[string]bool{}
	for _, code := range codes {
		known[code] = true
		if !failing[code] {
			t.Errorf("no case breaks rule %q", code)
		}
		if !passing[code] {
			t.Errorf("no passing case for rule %q", code)
		}
	}
	for _, c := range checkCases {
		if !known[c.rule] {
			t.Errorf("case %q names rule %q, which check.go does not have", c.name, c.rule)
		}
	}
}

func TestCheckRichCampaignIsClean(t *testing.T) {
	c, probs := Load([]byte(richCampaign))
	expectProblems(t, richCampaign, probs, nil)
	expectProblems(t, richCampaign, Check(c), nil)
}

// TestCheckAfterLoadErrors covers campaigns whose file had errors: Check must not add
// problems that only repeat, or follow from, what loading already reported.
func TestCheckAfterLoadErrors(t *testing.T) {
	cases := []loadCase{
		{name: "end month unreadable", over: merged(
			section("span", "span: {start: 2023-01, end: 2023-13}  #!"),
			moreIndicators("  - {id: share, name: 研发费用占比, kind: rate, by-year: {2023: 2}}"),
			tasks("  - {id: t07, title: 排摸企业, lead: jxj, due: 2023-06-30}"),
		), wants: []wantProblem{errAt("yaml-month", "#!", "2023-13")}},
		{name: "part without metric", over: scoringItems(
			"    - id: output",
			"      name: 总产值",
			"      points: 20",
			"      formula: parts",
			"      parts:",
			"        - {metric: firms.actual, weight: 0.5}",
			"        - {weight: 0.5}  #!",
		), wants: []wantProblem{errAt("yaml-missing-key", "#!", "metric")}},
		{name: "part with a malformed metric", over: scoringItems(
			"    - {id: output, name: 总产值, points: 20, formula: parts, parts: [{metric: firms, weight: 1}]}  #!",
		), wants: []wantProblem{errAt("metric-form", "#!", "firms")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := c.doc(t)
			_, probs := LoadAndCheck([]byte(doc))
			expectProblems(t, doc, probs, c.wants)
		})
	}
}

// TestCheckProblemOrder: Check reports in a fixed order, so that `tenglong check`
// prints the same list every time.
func TestCheckProblemOrder(t *testing.T) {
	doc := campaignFile(t, merged(
		moreIndicators("  - {id: share, name: 占比, kind: rate, targets: {zz: 1, yy: 2, xx: 3}, benchmarks: {b3: 1, b1: 2, b2: 3}}"),
		register("    feeds: [{indicator: firms, count: {c3: x, c1: y, c2: z}}]"),
	))
	c, probs := Load([]byte(doc))
	if len(probs) > 0 {
		t.Fatalf("file does not load:\n%s", listProblems(probs))
	}
	first := listProblems(Check(c))
	if strings.Count(first, "\n") != 9 {
		t.Fatalf("expected 9 problems, got\n%s", first)
	}
	for i := 0; i < 20; i++ {
		if again := listProblems(Check(c)); again != first {
			t.Fatalf("order changed:\n%s\nthen\n%s", first, again)
		}
	}
	order := regexp.MustCompile(`“(xx|yy|zz|b1|b2|b3|c1|c2|c3)”`).FindAllStringSubmatch(first, -1)
	var names []string
	for _, m := range order {
		names = append(names, m[1])
	}
	if got := strings.Join(names, ","); got != "xx,yy,zz,b1,b2,b3,c1,c2,c3" {
		t.Errorf("problems in order %s", got)
	}
}
