package campaign

import "testing"

func TestReports(t *testing.T) {
	c, probs := LoadAndCheck([]byte(`
id: reporters
title: 谁来报
span: {start: 2021-01, end: 2023-12}
units:
  - {code: a, name: 甲街道, kind: area}
  - {code: b, name: 乙街道, kind: area}
  - {code: jxj, name: 区经信局, kind: department}
  - {code: kjj, name: 区科技局, kind: department}
total: {code: all, name: 全区}
indicators:
  - {id: split, name: 分解到街道, kind: flow, targets: {a: 10, b: na, all: 10}}
  - {id: yearly, name: 分年度, kind: level, by-year: {2021: {a: 5}, 2023: {a: 6}}}
  - {id: total-only, name: 只有全区目标, kind: change, targets: {all: 12}}
  - {id: report-only, name: 只报不考核, kind: flow}
  - {id: owned, name: 部门指标, kind: rate, department: 区经信局、区科技局, targets: {all: 3}}
  - {id: everyone, name: 统一目标, kind: flow, targets: {pending: 待下达}}
`))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	p2022 := Period{Kind: Quarterly, Year: 2022, Quarter: 3}
	p2021 := Period{Kind: Quarterly, Year: 2021, Quarter: 3}
	tests := []struct {
		indicator string
		period    Period
		want      map[string]bool
	}{
		{"split", p2022, map[string]bool{"a": true, "b": false, "jxj": false, "kjj": false, "all": false}},
		{"yearly", p2021, map[string]bool{"a": true, "b": false, "jxj": false}},
		{"yearly", p2022, map[string]bool{"a": true, "b": false}}, // no 2022 target, still a reporter
		{"total-only", p2022, map[string]bool{"a": true, "b": true, "jxj": false, "kjj": false}},
		{"report-only", p2022, map[string]bool{"a": true, "b": true, "jxj": false}},
		{"owned", p2022, map[string]bool{"a": false, "b": false, "jxj": true, "kjj": true}},
		{"everyone", p2022, map[string]bool{"a": true, "b": true, "jxj": true, "kjj": true, "all": false}},
	}
	for _, tt := range tests {
		in, _ := c.Indicator(tt.indicator)
		for unit, want := range tt.want {
			if got := c.Reports(in, unit, tt.period); got != want {
				t.Errorf("Reports(%s, %s, %s) = %v, want %v", tt.indicator, unit, tt.period, got, want)
			}
		}
	}
}
