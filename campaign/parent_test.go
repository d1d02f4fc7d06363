package campaign

import (
	"strconv"
	"strings"
	"testing"
)

const parentCampaign = `id: county
title: 某县
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲镇, kind: area}
  - {code: b, name: 乙镇, kind: area}
total: {code: county, name: 某县}
indicators:
  - id: firms
    name: 整治企业数
    measure: 家
    kind: flow
    total: sum
    targets: {county: 250, a: 100, b: 140}
  - {id: growth, name: 增长, measure: "%", kind: change, total: given, targets: {county: 8, a: 8, b: 8}}
parent:
  campaign: city
  unit: county
  name: 某县
  contact: {name: 市经信局, email: jxj@city.gov.cn}
  indicators:
    firms: firms
    growth: city-growth
`

func TestParentBlock(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(string) string
		want []string // code@line: message part
	}{
		{name: "split short of the city's target", want: []string{"total-mismatch@14:整治企业数”的目标：各单位目标之和为 240，与上级下达给某县的目标 250 不一致（按合计方式 sum 相加），请调整各单位的分解"}},
		{name: "unknown indicator", edit: func(y string) string {
			return strings.Replace(y, "    growth: city-growth\n", "    growth: city-growth\n    gone: gone\n", 1)
		},
			want: []string{"parent-indicator@24:“gone”，但 indicators 里没有这个指标代码"}},
		{name: "city indicator twice", edit: func(y string) string { return strings.Replace(y, "growth: city-growth", "growth: firms", 1) },
			want: []string{"parent-indicator@23:都对应上级指标“firms”"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			y := parentCampaign
			if tc.edit != nil {
				y = tc.edit(y)
			}
			c, probs := Load([]byte(y))
			if probs.HasErrors() {
				t.Fatalf("load: %v", probs)
			}
			if c.Parent == nil || c.Parent.Contact.Email != "jxj@city.gov.cn" || c.Parent.UnitName != "某县" {
				t.Fatalf("parent %+v", c.Parent)
			}
			if id, ok := c.Parent.CountyIndicator("firms"); !ok || id != "firms" {
				t.Errorf("CountyIndicator(firms) = %s %v", id, ok)
			}
			probs = Check(c)
			for _, w := range tc.want {
				code, rest, _ := strings.Cut(w, "@")
				line, msg, _ := strings.Cut(rest, ":")
				found := false
				for _, p := range probs {
					if p.Code == code && strconv.Itoa(p.Line) == line && strings.Contains(p.Message, msg) {
						found = true
					}
				}
				if !found {
					t.Errorf("no %s at line %s saying %q in %v", code, line, msg, probs)
				}
			}
		})
	}
}

// A county's split of an indicator it does not add up is checked against the city's
// target too: a given figure lies between its units' (so no unit reaching the target
// means the county cannot), a weighted one is their weighted mean by the weight
// indicator's targets.
func TestParentSplitByKind(t *testing.T) {
	const head = `id: county
title: 某县
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲镇, kind: area}
  - {code: b, name: 乙镇, kind: area}
total: {code: county, name: 某县}
indicators:
`
	const tail = `parent:
  campaign: city
  unit: county
  indicators: {x: x}
`
	for _, tc := range []struct {
		name, indicators string
		want             string // "" for no total-mismatch warning
	}{
		{"given, no unit reaches it", `  - {id: x, name: 增速, measure: "%", kind: change, total: given, targets: {county: 8, a: 7, b: 7.5}}` + "\n",
			"第 9 行 指标“增速”的目标：各单位目标都低于上级下达给某县的目标 8（最高 7.5）：本级数由办公室录入，在各单位的数之间，达不到上级的目标；请调整各单位的分解（如果本级数是各单位相加，请把 total 改为 sum）"},
		{"given, one reaches it", `  - {id: x, name: 增速, measure: "%", kind: change, total: given, targets: {county: 8, a: 7, b: 8.5}}` + "\n", ""},
		{"given, lower is better", `  - {id: x, name: 能耗, measure: 吨, kind: lower-better, total: given, targets: {county: 0.5, a: 0.6, b: 0.7}}` + "\n",
			"各单位目标都高于上级下达给某县的目标 0.5（最低 0.6）"},
		{"weighted, short", `  - {id: x, name: 亩均税收, measure: 万元, kind: level, total: {weighted-by: land}, targets: {county: 40, a: 35, b: 50}}
  - {id: land, name: 用地, measure: 亩, kind: level, total: sum, targets: {county: 400, a: 300, b: 100}}` + "\n",
			"第 9 行 指标“亩均税收”的目标：各单位目标按“用地”的目标加权平均为 38.75，低于上级下达给某县的目标 40：请调整各单位的分解"},
		{"weighted, enough", `  - {id: x, name: 亩均税收, measure: 万元, kind: level, total: {weighted-by: land}, targets: {county: 40, a: 42, b: 40}}
  - {id: land, name: 用地, measure: 亩, kind: level, total: sum, targets: {county: 400, a: 300, b: 100}}` + "\n", ""},
		{"weighted, no weights", `  - {id: x, name: 亩均税收, measure: 万元, kind: level, total: {weighted-by: land}, targets: {county: 40, a: 35, b: 38}}
  - {id: land, name: 用地, measure: 亩, kind: level, total: sum}` + "\n",
			"各单位目标都低于上级下达给某县的目标 40（最高 38）：本级数是各单位的加权平均"},
		{"no split", `  - {id: x, name: 增速, measure: "%", kind: change, total: given, targets: {county: 8}}` + "\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, probs := Load([]byte(head + tc.indicators + tail))
			if probs.HasErrors() {
				t.Fatalf("load: %v", probs)
			}
			var got []string
			for _, p := range Check(c) {
				if p.Code == "total-mismatch" {
					got = append(got, "第 "+strconv.Itoa(p.Line)+" 行 "+p.Message)
				}
			}
			switch {
			case tc.want == "" && len(got) > 0:
				t.Errorf("warned %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.Contains(got[0], tc.want)):
				t.Errorf("warnings %q, want one saying %q", got, tc.want)
			}
		})
	}
}

// A county's units' bases (基数) of a summed cumulative indicator add up to the base
// the city gave the county.
func TestParentBaseSplit(t *testing.T) {
	y := strings.Replace(parentCampaign, "    targets: {county: 250, a: 100, b: 140}\n",
		"    targets: {county: 250, a: 110, b: 140}\n    scope: cumulative\n    base: {county: 168, a: 100, b: 60}\n    base-year: 2020\n", 1)
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"short", "", "", "第 16 行：指标“整治企业数”的基数：各单位基数之和为 160，与上级给某县的基数 168 不一致，请调整各单位的基数"},
		{"adds up", "a: 100, b: 60", "a: 100, b: 68", ""},
		{"county only", "base: {county: 168, a: 100, b: 60}", "base: {county: 168}", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, probs := Load([]byte(strings.Replace(y, tc.from, tc.to, 1)))
			if probs.HasErrors() {
				t.Fatalf("load: %v", probs)
			}
			var got []string
			for _, p := range Check(c) {
				if p.Code == "base-mismatch" {
					got = append(got, "第 "+strconv.Itoa(p.Line)+" 行："+p.Message)
				}
			}
			if (tc.want == "") != (len(got) == 0) || (tc.want != "" && got[0] != tc.want) {
				t.Errorf("warnings %q, want %q", got, tc.want)
			}
		})
	}
}
