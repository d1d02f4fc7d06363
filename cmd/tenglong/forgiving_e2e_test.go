package main

// Where the meaning is unambiguous, tenglong takes what a clerk types: a mistyped
// command is named with the one meant, the period as tenglong prints it, units by
// name, a sub-folder of the workspace; and what it prints has no English left and
// says things once.

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"tenglong/internal/testtool"
)

func TestForgivingUnknownCommands(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ line, want string }{
		{"tenglong staus", "未知命令“staus”。是不是要用 tenglong status？"},
		{"tenglong bulletn --period 2023Q3", "未知命令“bulletn”。是不是要用 tenglong bulletin？"},
		{"tenglong -w . bulletn --period 2023Q3", "是不是要用 tenglong bulletin？"},
		{"tenglong points sett --period 2023Q3", "未知命令“sett”。是不是要用 tenglong points set？"},
		{"tenglong frobnicate", "未知命令“frobnicate”。用 tenglong --help 查看所有命令"},
	} {
		code, out := shell(t, dir, tc.line)
		if code != 2 || !strings.Contains(out, tc.want) || strings.Contains(out, "unknown flag") {
			t.Errorf("%s: exit %d\n%s\nwant exit 2 and %q", tc.line, code, out, tc.want)
		}
	}
}

// Every command's --help, at every depth, is Chinese: no "help for set", no
// "[flags]", no "(default …)", no value types like "string".
func TestHelpHasNoCobraEnglish(t *testing.T) {
	env, _, _ := testEnv()
	english := regexp.MustCompile(`help for|\[flags\]|\(default |--[a-z-]+ (string|int|strings|stringSlice)\b|Usage:|Flags:`)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		path := strings.TrimPrefix(c.CommandPath(), "tenglong")
		code, out := shell(t, t.TempDir(), "tenglong"+path+" --help")
		if code != 0 || english.MatchString(out) {
			t.Errorf("tenglong%s --help: exit %d, English left: %q", path, code, english.FindAllString(out, -1))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(env))
}

// --period takes 2023年第三季度, the form every screen and document prints, with the
// same result as 2023Q3.
func TestPrintedPeriodAccepted(t *testing.T) {
	ws := huzhouWithReturns(t)
	for _, cmd := range []string{"status", "consolidate", "score", "interviews", "points list", "totals list"} {
		code, short := shell(t, ws, "tenglong "+cmd+" --period 2023Q3")
		code2, printed := shell(t, ws, "tenglong "+cmd+" --period 2023年第三季度")
		if code != 0 || code2 != 0 || short != printed {
			t.Errorf("%s: --period 2023Q3 exit %d, --period 2023年第三季度 exit %d\n%s\n---\n%s", cmd, code, code2, short, printed)
		}
	}
	if code, out := shell(t, ws, "tenglong generate --period 2023年第三季度 -o 再生成"); code != 0 || !strings.Contains(out, "2023年第三季度") {
		t.Errorf("generate --period 2023年第三季度: exit %d\n%s", code, out)
	}
}

// generate --units takes names, as history and points do, also with a full-width
// comma; an unknown one is still refused.
func TestGenerateUnitsByName(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	if code, out := shell(t, ws, "tenglong generate --period 2023Q3 --units 德清县，changxing -o 模板"); code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	got := readManifest(t, filepath.Join(ws, "模板", "2023Q3"))
	if len(got) != 2 || got["deqing"] == "" || got["changxing"] == "" {
		t.Errorf("generated for %v, want deqing and changxing", got)
	}
	if code, out := shell(t, ws, "tenglong generate --period 2023Q3 --units 德清"); code != 2 || !strings.Contains(out, "没有单位“德清”") {
		t.Errorf("an unknown unit: exit %d\n%s", code, out)
	}
}

// Run from a sub-folder of a workspace, a command finds its campaign.yaml above, the
// way git finds .git; outside any workspace it still says campaign.yaml is missing.
func TestWorkspaceFoundFromSubfolder(t *testing.T) {
	ws := huzhouWithReturns(t)
	sub := filepath.Join(ws, "回收", "更深")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	_, want := shell(t, ws, "tenglong status --period 2023Q3")
	if code, got := shell(t, sub, "tenglong status --period 2023Q3"); code != 0 || got != want {
		t.Errorf("status from %s: exit %d\n%s\nwant\n%s", sub, code, got, want)
	}
	if code, out := shell(t, t.TempDir(), "tenglong status --period 2023Q3"); code != 1 || !strings.Contains(out, "找不到 campaign.yaml") {
		t.Errorf("outside a workspace: exit %d\n%s", code, out)
	}
}

// The 问题清单 of a marked-up copy is titled with the period as documents print it,
// read back with openpyxl.
func TestIssuesTitlePrintsPeriodLabel(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	ws := huzhouWithReturns(t)
	// An empty template: rejected, marked up into 退回/.
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	writeBytes(t, filepath.Join(ws, "空", "06-南太湖新区-2023Q3.xlsx"), readBytes(t, templates["nantaihu"]))
	if code, out := shell(t, ws, "tenglong ingest 空/ --return-dir 退回/"); code != 3 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	copies, _ := filepath.Glob(filepath.Join(ws, "退回", "*.xlsx"))
	if len(copies) != 1 {
		t.Fatalf("marked-up copies: %v", copies)
	}
	title := testtool.Run(t, py, "-c", "import openpyxl, sys; print(openpyxl.load_workbook(sys.argv[1])['问题清单']['A1'].value)", copies[0])
	if strings.TrimSpace(title) != "南太湖新区 2023年第三季度 报送问题清单" {
		t.Errorf("问题清单 title %q", title)
	}
}

// score --reasons names each item once: the reason after the colon does not start
// with the item's name again.
func TestScoreReasonsNameOnce(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	runOK(t, "demo", "--seed", "wzetdz-2015", "--dir", dir)
	code, out := shell(t, dir, "tenglong score --period 2015Q4 --reasons")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	repeated := regexp.MustCompile(`(?m)^  (\S+) [0-9.]+分：(\S+) `)
	lines := 0
	for _, m := range repeated.FindAllStringSubmatch(out, -1) {
		lines++
		if m[1] == m[2] {
			t.Errorf("the item's name said twice: %s", m[0])
		}
	}
	if lines < 10 {
		t.Errorf("only %d reason lines:\n%s", lines, out)
	}
}
