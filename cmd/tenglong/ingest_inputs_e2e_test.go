package main

// ingest forgives what the README's own line meets: a path that is not there, files
// received long before they are ingested, and the office's own marked-up copies.

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

// shellAt is shell with the clock at a given moment.
func shellAt(t *testing.T, dir, clock, line string) (int, string) {
	t.Helper()
	cmd := exec.Command("sh", "-c", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(binary)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TENGLONG_CLOCK="+clock)
	out, err := cmd.CombinedOutput()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), string(out)
	} else if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}

// A path that does not exist — a mistyped zip, an empty 收件箱/ whose *.eml the shell
// leaves as written — is named; the others are still ingested; the exit code is 1.
func TestIngestMissingPathsReported(t *testing.T) {
	ws := huzhouWithReturns(t)
	os.MkdirAll(filepath.Join(ws, "空收件箱"), 0o755)
	code, out := shell(t, ws, "tenglong ingest 回收/ 空收件箱/*.eml 收件箱/*.eml 没有这个.zip")
	if code != 1 {
		t.Errorf("exit %d, want 1 (something was missing)\n%s", code, out)
	}
	for _, want := range []string{"找不到 空收件箱/*.eml：没有与它匹配的文件；其余的照常回收", "找不到 没有这个.zip：请检查路径",
		"2 个路径找不到（空收件箱/*.eml、没有这个.zip），其余已回收", "吴兴区 2023Q3  已采用", "南浔区 2023Q3  已采用", "德清县 2023Q3  已采用"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if code, out := shell(t, ws, "tenglong ingest 没有这个.zip"); code != 1 || !strings.Contains(out, "给出的路径都找不到") {
		t.Errorf("nothing there: exit %d\n%s", code, out)
	}
}

// Ingested months later, loose files are late unless --received says when they came;
// a file in a mail keeps the mail's time either way; the summary says which was used.
func TestIngestReceivedTime(t *testing.T) {
	const later = "2024-02-01T09:00:00+08:00" // the quarter closed long ago
	for _, tc := range []struct {
		flag, wantTime string
		late           bool
	}{
		{"", "2 个文件按本次回收的时间 2024-02-01 09:00 记（早已收到的请用 --received 写明收到时间）", true},
		{"--received 2023-10-09", "2 个文件按 --received 的 2023-10-09 00:00 记", false},
		{`--received "2023-10-09 15:30"`, "2 个文件按 --received 的 2023-10-09 15:30 记", false},
	} {
		ws := filepath.Join(t.TempDir(), "huzhou")
		runOK(t, "init", ws, "--seed", "huzhou-2023")
		shell(t, ws, "tenglong generate --period 2023Q3")
		unitFiles(t, ws)
		code, out := shellAt(t, ws, later, "tenglong ingest 回收/ 收件箱/*.eml "+tc.flag)
		if code != 0 || !strings.Contains(out, "收到时间："+tc.wantTime+"；邮件里的 1 个文件按邮件的时间记。") {
			t.Errorf("%q: exit %d\n%s", tc.flag, code, out)
		}
		if got := strings.Count(out, "已采用，迟报"); (got == 2) != tc.late || got > 2 {
			t.Errorf("%q: %d late, want late=%v (the mail never)\n%s", tc.flag, got, tc.late, out)
		}
	}
	ws := huzhouWithReturns(t)
	for _, bad := range []string{"--received 昨天", "--received 2030-01-01"} {
		if code, out := shell(t, ws, "tenglong ingest 回收/ "+bad); code != 2 || !strings.Contains(out, "--received") {
			t.Errorf("%s: exit %d\n%s", bad, code, out)
		}
	}
}

// The office's own marked-up copies, ingested by mistake, are skipped with one line
// and record nothing; a copy the unit corrected and saved is a return like any
// other; the summary says where the copies were written.
func TestIngestOfficeCopies(t *testing.T) {
	py := testtool.Python(t, "openpyxl")
	ws := huzhouWithReturns(t)
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	writeBytes(t, filepath.Join(ws, "空", "06-南太湖新区-2023Q3.xlsx"), readBytes(t, templates["nantaihu"]))
	code, out := shell(t, ws, "tenglong ingest 空/ --return-dir 退回/")
	if code != 3 || !strings.Contains(out, "标好问题的退回副本写在 退回/，可直接发回各单位。") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	_, before := shell(t, ws, "tenglong history --unit 南太湖新区 --period 2023Q3")
	code, out = shell(t, ws, "tenglong ingest 退回/*.xlsx")
	if code != 0 || !strings.Contains(out, "06-南太湖新区-2023Q3-退回修改.xlsx  跳过：这是本办 --return-dir 写出的退回副本") || strings.Contains(out, "退回  ") {
		t.Errorf("our own copy: exit %d\n%s", code, out)
	}
	if _, after := shell(t, ws, "tenglong history --unit 南太湖新区 --period 2023Q3"); after != before {
		t.Errorf("skipping our copy changed the history:\n%s\n---\n%s", before, after)
	}
	// The unit fills the copy in and saves it (openpyxl, as Excel would): a return.
	copyPath := filepath.Join(ws, "退回", "06-南太湖新区-2023Q3-退回修改.xlsx")
	fixed := filepath.Join(ws, "改好", "06-南太湖新区-2023Q3.xlsx")
	os.MkdirAll(filepath.Dir(fixed), 0o755)
	testtool.Run(t, py, "-c", `import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
wb["指标填报"]["H4"] = 1.2
wb.save(sys.argv[2])`, copyPath, fixed)
	code, out = shell(t, ws, "tenglong ingest 改好/")
	if strings.Contains(out, "跳过") || !strings.Contains(out, "南太湖新区 2023Q3") {
		t.Errorf("the unit's corrected copy: exit %d\n%s", code, out)
	}
}

// Errors come before 提醒 in what ingest and validate print: an empty template's one
// decisive error is the first line under the file.
func TestValidateErrorsFirst(t *testing.T) {
	ws := huzhouWithReturns(t)
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	writeBytes(t, filepath.Join(ws, "空.xlsx"), readBytes(t, templates["nantaihu"]))
	code, out := shell(t, ws, "tenglong validate 空.xlsx")
	lines := strings.Split(out, "\n")
	if code != 3 || len(lines) < 3 || !strings.HasPrefix(strings.TrimSpace(lines[1]), "错误 模板里没有填写任何数据") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

// savedByUnit is a workbook as a spreadsheet program leaves it after saving: its own
// name in docProps/app.xml.
func savedByUnit(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "docProps/app.xml" {
			b = []byte(strings.Replace(string(b), "<Application>tenglong 退回副本</Application>", "<Application>Microsoft Excel</Application>", 1))
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	return out.Bytes()
}
