package returns

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestRatioDerivedAtIngest: a rate a list derives is computed from the rows when the
// cell is left to its formula (whatever result the file cached) or empty; a typed
// rate is checked against the rows at its cell, 未开展 included.
func TestRatioDerivedAtIngest(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023-projects")
	const list = "产业项目清单"
	rows := map[string]string{ // B name, C 引进年份, D 总投资, H 实际开工日期
		list + "!B4": "示例甲", list + "!C4": "2023", list + "!D4": "50000", list + "!H4": "2023-03-01",
		list + "!B5": "示例乙", list + "!C5": "2022", list + "!D5": "30000", list + "!H5": "2022-10-01",
		list + "!B6": "示例丙", list + "!C6": "2022", list + "!D6": "80000",
	}
	old := map[string]string{list + "!B4": "示例丁", list + "!C4": "2020", list + "!D4": "90000", list + "!H4": "2020-05-01"}
	cases := []struct {
		name    string
		fill    map[string]string
		formula string // the value cell's formula, with its stale cached result as typed
		value   string // the stored 开工率; "" none
		want    []want
	}{
		{name: "left to the formula", fill: rows, formula: "IF(COUNTIFS(…)=0,\"未开展\",…)", value: "66.6667"},
		{name: "formula result stale", fill: with(rows, indSheet+"!H4", "12"), formula: "IF(COUNTIFS(…)=0,\"未开展\",…)", value: "66.6667"},
		{name: "empty", fill: rows, value: "66.6667"},
		{name: "typed and agreeing", fill: with(rows, indSheet+"!H4", "66.7"), value: "66.6667"},
		{name: "typed and wrong", fill: with(rows, indSheet+"!H4", "70"),
			want: []want{{CodeRollupMismatch, indSheet, "H4", []string{"近两年引进3亿元以上产业项目开工率", "70", "开工 2 个 / 应开工 3 个 = 66.7%"}}}},
		{name: "nothing in scope", fill: old},
		{name: "typed over nothing in scope", fill: with(old, indSheet+"!H4", "50"),
			want: []want{{CodeRollupMismatch, indSheet, "H4", []string{"50", "未开展（应开工 0 个）", "请清空本期值"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ret := build(t, c, "wuxing", "2023Q3", tc.fill)
			for i := range ret.Values {
				if v := &ret.Values[i]; v.Sheet == indSheet && v.Cell == "H4" && tc.formula != "" {
					v.Formula = tc.formula
				}
			}
			r := Check(c, ret, Context{})
			checkFindings(t, r.Findings, tc.want)
			var got *decimal.Decimal
			for _, v := range r.Values {
				if v.Indicator == "project-start-rate-2y" {
					got = v.Number
				}
			}
			switch {
			case tc.value == "" && got != nil && len(tc.want) == 0:
				t.Errorf("stored %s, want no number (未开展)", got)
			case tc.value != "" && (got == nil || !got.Equal(decimal.RequireFromString(tc.value))):
				t.Errorf("stored %v, want %s", got, tc.value)
			}
		})
	}
}
