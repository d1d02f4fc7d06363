package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestBreakdownArgs(t *testing.T) {
	build := func(env *Env, runF func(*breakdownOptions) error) *cobra.Command {
		g := &globalOptions{Workspace: "ws"}
		return newBreakdownCmd(env, g, runF)
	}
	tests := []struct {
		args    []string
		want    breakdownOptions
		wantErr string
	}{
		{nil, breakdownOptions{Workspace: "ws"}, ""},
		{[]string{"-o", "表.xlsx"}, breakdownOptions{Workspace: "ws", Output: "表.xlsx"}, ""},
		{[]string{"--output", "a/b.xlsx", "--year", "2023"}, breakdownOptions{Workspace: "ws", Output: "a/b.xlsx", Year: 2023}, ""},
		{[]string{"--year", "二〇二三"}, breakdownOptions{}, "invalid argument"},
		{[]string{"extra"}, breakdownOptions{}, "不需要参数“extra”"},
	}
	for _, tt := range tests {
		got, err := parse(t, build, tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil || *got != tt.want {
			t.Errorf("%v: got %+v %v, want %+v", tt.args, got, err, tt.want)
		}
	}
}

func TestBreakdownRun(t *testing.T) {
	huzhou := t.TempDir()
	if code, _, errs := run(t, "init", huzhou, "--seed", "huzhou-2023"); code != 0 {
		t.Fatal(errs)
	}
	lucheng := t.TempDir()
	if code, _, errs := run(t, "init", lucheng, "--seed", "lucheng-2021"); code != 0 {
		t.Fatal(errs)
	}
	broken := t.TempDir()
	os.WriteFile(filepath.Join(broken, "campaign.yaml"), []byte("id: x\ntitle: t\nspan: {start: 2023-01, end: 2023-12}\nunits: [{code: a, name: 甲}]\nindicators:\n  - {id: i, name: 指标, kind: flow, targets: {zz: 1}}\n"), 0o644)
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "campaign.yaml"), []byte("id: x\ntitle: t\nspan: {start: 2023-01, end: 2023-12}\nunits: [{code: a, name: 甲}]\nindicators:\n  - {id: i, name: 指标, kind: flow}\n"), 0o644)
	out := t.TempDir()

	tests := []struct {
		name    string
		opts    breakdownOptions
		code    int      // exit code Execute would give
		stdout  []string // lines the output contains
		stderr  string
		written string // the file that must exist afterwards
	}{
		{"default output in the workspace", breakdownOptions{Workspace: huzhou}, 0,
			[]string{"已生成任务分解表 " + filepath.Join(huzhou, "任务分解表.xlsx"), "任务分解表  16 项指标 × 6 个单位 + 全市"}, "",
			filepath.Join(huzhou, "任务分解表.xlsx")},
		{"explicit output", breakdownOptions{Workspace: lucheng, Output: filepath.Join(out, "鹿城.xlsx")}, 0,
			[]string{"2021年任务分解表  12 项指标 × 全区", "2023年任务分解表  12 项指标 × 全区", "任务清单          24 项任务"}, "",
			filepath.Join(out, "鹿城.xlsx")},
		{"one year", breakdownOptions{Workspace: lucheng, Output: filepath.Join(out, "2023.xlsx"), Year: 2023}, 0,
			[]string{"2023年任务分解表  12 项指标 × 全区"}, "", filepath.Join(out, "2023.xlsx")},
		{"year outside the span", breakdownOptions{Workspace: huzhou, Year: 2022}, 2, nil, "--year 2022 不在行动期（2023年）内", ""},
		{"year outside a multi-year span", breakdownOptions{Workspace: lucheng, Year: 2020}, 2, nil, "不在行动期（2021—2023年）内", ""},
		{"not xlsx", breakdownOptions{Workspace: huzhou, Output: "表.xls"}, 2, nil, "要以 .xlsx 结尾", ""},
		{"missing directory", breakdownOptions{Workspace: huzhou, Output: filepath.Join(out, "no", "a.xlsx")}, 1, nil, "目录 " + filepath.Join(out, "no") + " 不存在", ""},
		{"campaign with errors", breakdownOptions{Workspace: broken}, 3, nil, "有 1 个错误", ""},
		{"nothing to show", breakdownOptions{Workspace: empty}, 1, nil, "没有任何指标目标", ""},
		{"no workspace", breakdownOptions{Workspace: filepath.Join(out, "nowhere")}, 1, nil, "找不到", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, stdout, stderr := testEnv()
			err := breakdownRun(env, &tt.opts)
			code := exitOK
			if err != nil {
				code = exitFailure
				if ee, ok := err.(*exitError); ok {
					code = ee.code
				}
				stderr.WriteString(err.Error())
			}
			if code != tt.code {
				t.Errorf("exit %d, want %d (err %v)", code, tt.code, err)
			}
			for _, want := range tt.stdout {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			if !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.written != "" {
				if st, err := os.Stat(tt.written); err != nil || st.Size() == 0 {
					t.Errorf("%s not written: %v", tt.written, err)
				}
			}
			if tt.code != 0 && stdout.Len() != 0 {
				t.Errorf("a failed run printed %q", stdout)
			}
		})
	}
}
