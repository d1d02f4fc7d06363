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
