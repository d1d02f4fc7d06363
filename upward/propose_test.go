package upward

import (
	"strings"
	"testing"
)

func TestPropose(t *testing.T) {
	c := countyCampaign(t, nil) // firms: county 250, sum; growth: given; a 甲镇, b 乙街道
	odd := countyCampaign(t, func(y string) string {
		return strings.Replace(y, "targets: {county: 250}", "targets: {county: 251}", 1)
	})
	for _, tc := range []struct {
		name   string
		odd    bool
		rows   [][]string
		column string
		want   []string
		refuse []string
	}{
		{name: "proportional", column: "按上年实绩",
			rows: [][]string{{"单位", "上年实绩"}, {"甲镇", "2"}, {"b", "1"}},
			// 250×2/3 = 166.67 → 167, 250/3 = 83.33 → 83: the shares add up to 250.
			want: []string{"targets: {county: 250, a: 167, b: 83}", "尾差记在“上年实绩”最大的甲镇", "没有改动 campaign.yaml"}},
		{name: "remainder to the largest", column: "上年实绩", odd: true,
			rows: [][]string{nil, {"上年实绩", "乡镇街道"}, {"1", "甲镇"}, {"1.5", "乙街道"}, {"", ""}},
			// 251×0.4 = 100.4 → 100, 251×0.6 = 150.6 → 151: 251; the unit column is found by its title.
			want: []string{"targets: {county: 251, a: 100, b: 151}"}},
		{name: "negative remainder", column: "上年实绩", odd: true,
			rows: [][]string{{"单位", "上年实绩"}, {"a", "1"}, {"b", "1"}},
			// 125.5 → 126 twice is 252: the largest (first of equals) gives one back.
			want: []string{"targets: {county: 251, a: 125, b: 126}"}},
		{name: "unknown unit and bad number", column: "上年实绩",
			rows:   [][]string{{"单位", "上年实绩"}, {"丙镇", "3"}, {"甲镇", "很多"}},
			refuse: []string{"第 2 行的单位“丙镇”不在 campaign.yaml 的 units 里", "第 3 行（甲镇）的“上年实绩”是“很多”，不是非负的数字", "这些单位没有“上年实绩”：甲镇、乙街道"}},
		{name: "no such column", column: "上年产值", rows: [][]string{{"单位", "上年实绩"}},
			refuse: []string{"没有标题为“上年产值”的列"}},
		{name: "all zero", column: "上年实绩", rows: [][]string{{"单位", "上年实绩"}, {"a", "0"}, {"b", "0"}},
			refuse: []string{"合计为 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := c
			if tc.odd {
				cc = odd
			}
			p, err := Propose(cc, tc.rows, tc.column, "上年实绩.xlsx")
			if tc.refuse != nil {
				if err == nil {
					t.Fatalf("proposed:\n%s", p.YAML)
				}
				for _, w := range tc.refuse {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("refusal lacks %q:\n%v", w, err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(p.YAML, w) {
					t.Errorf("proposal lacks %q:\n%s", w, p.YAML)
				}
			}
			if p.Indicators != 1 { // firms; std's target is pending, growth is given
				t.Errorf("%d indicators split, want 1", p.Indicators)
			}
			if strings.Contains(p.YAML, "id: growth") {
				t.Errorf("a given indicator was split:\n%s", p.YAML)
			}
		})
	}
}
