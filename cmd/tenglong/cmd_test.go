package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

var fixedNow = time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)

func testEnv() (*Env, *bytes.Buffer, *bytes.Buffer) {
	var out, errb bytes.Buffer
	return &Env{Stdout: &out, Stderr: &errb, Now: func() time.Time { return fixedNow }}, &out, &errb
}

// run executes a command line the way main does and returns exit code and streams.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	env, out, errb := testEnv()
	code := Execute(env, args)
	return code, out.String(), errb.String()
}

// parse runs a constructor on argv with a runF that captures the options.
func parse[O any](t *testing.T, build func(*Env, func(*O) error) *cobra.Command, args ...string) (*O, error) {
	t.Helper()
	env, _, _ := testEnv()
	var got *O
	cmd := build(env, func(o *O) error { got = o; return nil })
	localize(cmd)
	cmd.SetArgs(args)
	cmd.SetOut(env.Stdout)
	cmd.SetErr(env.Stderr)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	return got, err
}

func TestInitArgs(t *testing.T) {
	tests := []struct {
		args    []string
		want    initOptions
		wantErr string
	}{
		{[]string{"ws", "--seed", "huzhou-2023"}, initOptions{Dir: "ws", Seed: "huzhou-2023"}, ""},
		{[]string{"ws", "--seed", "x", "--force"}, initOptions{Dir: "ws", Seed: "x", Force: true}, ""},
		{[]string{}, initOptions{}, "需要 一个目录参数"},
		{[]string{"a", "b"}, initOptions{}, "需要 一个目录参数"},
	}
	for _, tt := range tests {
		got, err := parse(t, newInitCmd, tt.args...)
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

func TestDemoArgs(t *testing.T) {
	got, err := parse(t, newDemoCmd)
	if err != nil || got.Seed != "huzhou-2023" || got.Dir != "" {
		t.Errorf("defaults: %+v %v", got, err)
	}
	got, err = parse(t, newDemoCmd, "--seed", "wzetdz-2015", "--dir", "d")
	if err != nil || got.Seed != "wzetdz-2015" || got.Dir != "d" {
		t.Errorf("flags: %+v %v", got, err)
	}
}

func TestExitCodes(t *testing.T) {
	ws := t.TempDir()
	if code, _, errs := run(t, "init", ws, "--seed", "huzhou-2023"); code != 0 {
		t.Fatalf("init: %d %s", code, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("id: x\ntitle: t\nspan: {start: 2023-01, end: 2023-12}\nunits: [{code: a, name: 甲}]\nindicators:\n  - {id: i, name: 指标, kind: flow, targets: {zz: 1}}\n"), 0o644)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"help", []string{"--help"}, 0, ""},
		{"seeds", []string{"seeds"}, 0, ""},
		{"check clean with warning", []string{"-w", ws, "check"}, 0, ""},
		{"check errors", []string{"check", "--file", bad}, 3, ""},
		{"show refuses a campaign with errors", []string{"show", "--file", bad}, 3, "第 6 行"},
		{"unknown command", []string{"frobnicate"}, 2, "未知命令“frobnicate”"},
		{"unknown flag", []string{"seeds", "--bogus"}, 2, "参数有误"},
		{"extra argument", []string{"check", "extra"}, 2, "不需要参数"},
		{"init without seed", []string{"init", t.TempDir()}, 2, "请用 --seed 指定种子"},
		{"init unknown seed", []string{"init", t.TempDir(), "--seed", "nope"}, 2, "没有种子“nope”"},
		{"init over existing", []string{"init", ws, "--seed", "huzhou-2023"}, 1, "已经存在"},
		{"missing workspace", []string{"-w", filepath.Join(ws, "nowhere"), "check"}, 1, "找不到"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(errs, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", errs, tt.stderr)
			}
		})
	}
}

func TestSeedsJSON(t *testing.T) {
	code, out, _ := run(t, "seeds", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Seeds []struct {
			ID         string `json:"id"`
			Title      string `json:"title"`
			Units      int    `json:"units"`
			Indicators int    `json:"indicators"`
		} `json:"seeds"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	want := map[string][2]int{"huzhou-2023": {6, 16}, "huzhou-2023-depts": {10, 83}, "huzhou-2023-projects": {6, 5}, "shengzhou-2022": {30, 17},
		"lucheng-2021": {21, 14}, "ouhai-2021": {30, 16}, "wzetdz-2015": {4, 22}}
	if len(got.Seeds) != len(want) {
		t.Fatalf("%d seeds, want %d", len(got.Seeds), len(want))
	}
	for _, s := range got.Seeds {
		if w, ok := want[s.ID]; !ok || w != [2]int{s.Units, s.Indicators} || s.Title == "" {
			t.Errorf("seed %+v, want units/indicators %v", s, w)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	code, out, _ := run(t, "-w", ws, "check", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Errors   []map[string]any `json:"errors"`
		Warnings []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Line    int    `json:"line"`
		} `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.Errors == nil || len(got.Errors) != 0 {
		t.Errorf("errors = %v, want []", got.Errors)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Code != "total-mismatch" || !strings.Contains(got.Warnings[0].Message, "15.1") {
		t.Fatalf("warnings = %+v", got.Warnings)
	}
	// The line points at the 全市 target of 高耗低效整治腾出能耗空间 in the workspace file.
	lines := strings.Split(readFile(t, filepath.Join(ws, "campaign.yaml")), "\n")
	if l := lines[got.Warnings[0].Line-1]; !strings.Contains(l, "city") || !strings.Contains(l, "15") {
		t.Errorf("warning line %d is %q, want the city: 15 target", got.Warnings[0].Line, l)
	}
}

func TestCheckHumanOutputAndErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte(`id: x
title: 测试
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲}
indicators:
  - {id: i, name: 指标, kind: flow, targets: {zz: 1}}
tasks:
  - {id: t1, title: 任务, lead: [nobody]}
`), 0o644)
	code, out, _ := run(t, "check", "--file", path)
	if code != 3 {
		t.Fatalf("exit %d, want 3", code)
	}
	for _, want := range []string{"错误 第 7 行", "“zz”", "错误 第 9 行", "“nobody”", "发现 2 个错误"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = run(t, "check", "--file", path, "--json")
	var got map[string][]map[string]any
	if code != 3 || json.Unmarshal([]byte(out), &got) != nil || len(got["errors"]) != 2 {
		t.Errorf("json: exit %d %s", code, out)
	}
}

func TestInitWritesCommentedSeed(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "new", "dir")
	code, out, errs := run(t, "init", ws, "--seed", "wzetdz-2015")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	text := readFile(t, filepath.Join(ws, "campaign.yaml"))
	if !strings.HasPrefix(text, "# 本文件由 tenglong init 于 2026-11-22 从内置种子 wzetdz-2015 生成。") {
		t.Errorf("header: %q", text[:200])
	}
	if !strings.Contains(out, "4 个单位") || !strings.Contains(out, "tenglong -w "+ws+" check") {
		t.Errorf("output: %s", out)
	}
}

func TestDemoRunsInitCheckShow(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := run(t, "demo", "--dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"第 1 步", "第 2 步", "15.1", "第 3 步", "高耗低效整治企业数", "1200", "完成省定目标",
		"第 4 步", "第 5 步", "第 6 步", "“约一百二十”不是数字", "第 7 步", "已采用 4（其中迟报 2），退回待改 1，待确认 0，未报送 1",
		filepath.Join(dir, "campaign.yaml")} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestShowSummaries(t *testing.T) {
	tests := []struct {
		seed string
		want []string
	}{
		{"lucheng-2021", []string{"2021年目标", "2023年目标", "任务清单（24 项）", "区经信局"}},
		{"wzetdz-2015", []string{"工业强镇", "分项加权", "按名次递减", "（封顶 5）", "重点技改项目清单", "原文列出 10 行", "（只报实际）"}},
		{"huzhou-2023-depts", []string{"市经信局 1.5", "83 项"}},
	}
	for _, tt := range tests {
		t.Run(tt.seed, func(t *testing.T) {
			ws := t.TempDir()
			run(t, "init", ws, "--seed", tt.seed)
			code, out, errs := run(t, "-w", ws, "show")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("show lacks %q", w)
				}
			}
		})
	}
}

func TestDisplayWidthAlignsChinese(t *testing.T) {
	if w := displayWidth("全市 15"); w != 7 {
		t.Errorf("width = %d, want 7", w)
	}
	var b bytes.Buffer
	tb := newTable("单位", "目标").alignRight(1)
	tb.add("吴兴区", "150")
	tb.add("南太湖新区", "50")
	tb.write(&b)
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	for _, l := range lines {
		if displayWidth(l) != displayWidth(lines[0]) {
			t.Errorf("misaligned:\n%s", b.String())
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
