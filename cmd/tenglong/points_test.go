package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPointsAndTotalsRefuseBadInput checks that every wrong entry is a usage error
// (exit 2) that says what to type, and that nothing is stored.
func TestPointsAndTotalsRefuseBadInput(t *testing.T) {
	root := t.TempDir()
	wz := filepath.Join(root, "wz")
	hz := filepath.Join(root, "hz")
	runOK(t, "init", wz, "--seed", "wzetdz-2015")
	runOK(t, "init", hz, "--seed", "huzhou-2023")
	set := func(ws string, extra ...string) []string {
		return append([]string{"-w", ws, "points", "set", "--period", "2015Q4"}, extra...)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown unit", set(wz, "--unit", "东海街道", "--item", "risk", "--points", "3", "--reason", "x"), "没有单位“东海街道”，可选：xinghai（星海街道）"},
		{"no unit", set(wz, "--item", "risk", "--points", "3", "--reason", "x"), "请用 --unit 指定单位"},
		{"scored item", set(wz, "--unit", "xinghai", "--item", "output", "--points", "3", "--reason", "x"), "“output”不是需要录入分数的计分项，可选：risk（企业风险排查处置）、basics（基础工作）"},
		{"not a number", set(wz, "--unit", "xinghai", "--item", "risk", "--points", "三分", "--reason", "x"), "--points “三分” 不是数字"},
		{"no reason", set(wz, "--unit", "xinghai", "--item", "risk", "--points", "3"), "请用 --reason 写明打分理由"},
		{"no period", []string{"-w", wz, "points", "set", "--unit", "xinghai"}, "请用 --period 指定期次"},
		{"campaign without entered items", []string{"-w", hz, "points", "set", "--period", "2023Q3", "--unit", "wuxing", "--item", "x", "--points", "1", "--reason", "x"}, "没有需要录入分数的加分项或评分项"},
		{"total of a summed indicator", []string{"-w", wz, "totals", "set", "--period", "2015Q4", "--indicator", "small-to-scale", "--value", "1", "--reason", "x"}, "由系统按各单位数据计算"},
		{"total not a number", []string{"-w", wz, "totals", "set", "--period", "2015Q4", "--indicator", "output-growth", "--value", "约8", "--reason", "x"}, "--value “约8”"},
		{"total without source", []string{"-w", wz, "totals", "set", "--period", "2015Q4", "--indicator", "规上工业总产值增速", "--value", "8"}, "请用 --reason 写明数据来源"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, tt.args...)
			if code != 2 || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errs, tt.want)
			}
		})
	}
	if out := runOK(t, "-w", wz, "points", "list", "--period", "2015Q4", "--history"); !strings.Contains(out, "还没有录入任何分数") {
		t.Errorf("refused entries were stored:\n%s", out)
	}
	runOK(t, "-w", wz, "points", "set", "--period", "2015Q4", "--unit", "星海街道", "--item", "企业风险排查处置", "--points", "7", "--reason", "超封顶")
	runOK(t, "-w", wz, "points", "set", "--period", "2015Q4", "--unit", "xinghai", "--item", "risk", "--points", "4", "--reason", "更正")
	current := runOK(t, "-w", wz, "points", "list", "--period", "2015Q4")
	history := runOK(t, "-w", wz, "points", "list", "--period", "2015Q4", "--history")
	if strings.Count(current, "星海街道") != 1 || !strings.Contains(current, "更正") || strings.Count(history, "星海街道") != 2 {
		t.Errorf("list:\n%s\nhistory:\n%s", current, history)
	}
}
