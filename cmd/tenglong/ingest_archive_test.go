package main

// Ingest of zip archives and saved mails, and the refusals before parsing (issue 7,
// items 1 and 2): archives written the way Windows archivers write them (GBK names),
// mails written by Python's email package (GBK names, a Date), an unsafe path, a file
// over the size cap, a truncated download — each with its outcome, and every file
// received stored raw.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tenglong/intake"
	"tenglong/internal/testtool"
)

// gbkZip writes an archive whose member names are GBK bytes without the UTF-8 flag,
// as WinRAR, 360压缩 and Windows' own "compressed folder" write them.
func gbkZip(t *testing.T, members map[string][]byte, order []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	enc := simplifiedchinese.GBK.NewEncoder()
	for _, name := range order {
		raw, err := enc.String(name)
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: raw, NonUTF8: true, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(members[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type ingested struct {
	Path    string `json:"path"`
	SHA256  string `json:"sha256"`
	Unit    string `json:"unit"`
	Outcome string `json:"outcome"`
	Issues  []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"issues"`
}

// ingestAll runs ingest --json and returns its files by path (exit 0 or 3).
func ingestAll(t *testing.T, ws string, paths ...string) map[string]ingested {
	t.Helper()
	code, out, errs := run(t, append([]string{"-w", ws, "ingest", "--json"}, paths...)...)
	if code != 0 && code != 3 {
		t.Fatalf("ingest: exit %d\n%s%s", code, out, errs)
	}
	var doc struct {
		Files []ingested `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("ingest --json: %v\n%s", err, out)
	}
	byPath := map[string]ingested{}
	for _, f := range doc.Files {
		byPath[f.Path] = f
	}
	return byPath
}

func TestIngestZipsAndMails(t *testing.T) {
	py := testtool.Python(t)
	root := t.TempDir()
	ws := filepath.Join(root, "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q4")
	files := fillReturns(t, ws, "2015Q4", wzetdzValues)
	names := map[string]string{} // unit → file name
	for name := range files {
		for _, u := range []string{"星海街道", "海城街道", "沙城街道", "天河街道"} {
			if strings.Contains(name, u) {
				names[u] = name
			}
		}
	}
	inbox := filepath.Join(root, "收件箱")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}

	// 星海 and 海城 in a zip made on Windows, in a folder, with a zip inside holding
	// 沙城's, and a member trying to climb out of the folder.
	inner := gbkZip(t, map[string][]byte{"沙城/" + names["沙城街道"]: files[names["沙城街道"]]}, []string{"沙城/" + names["沙城街道"]})
	outer := gbkZip(t, map[string][]byte{
		"回收/" + names["星海街道"]: files[names["星海街道"]],
		"回收/" + names["海城街道"]: files[names["海城街道"]],
		"补报.zip":              inner,
		"../../偷跑.xlsx":       files[names["星海街道"]],
		"说明.docx":             []byte("not a workbook"),
	}, []string{"回收/" + names["星海街道"], "回收/" + names["海城街道"], "补报.zip", "../../偷跑.xlsx", "说明.docx"})
	batch := filepath.Join(inbox, "四季度报表.zip")
	writeBytes(t, batch, outer)

	// 天河 mails its return: the mail's Date, three days after the deadline, is when
	// it was received.
	tianhe := filepath.Join(root, names["天河街道"])
	writeBytes(t, tianhe, files[names["天河街道"]])
	eml := filepath.Join(inbox, "回复：报送.eml")
	testtool.Run(t, py, filepath.Join("testdata", "ingest", "make_mail.py"), eml, "Wed, 13 Jan 2016 16:20:00 +0800", tianhe)

	got := ingestAll(t, ws, inbox)
	want := map[string]string{
		filepath.Join(inbox, "四季度报表.zip") + "/回收/" + names["星海街道"]:        "accepted",
		filepath.Join(inbox, "四季度报表.zip") + "/回收/" + names["海城街道"]:        "accepted",
		filepath.Join(inbox, "四季度报表.zip") + "/补报.zip/沙城/" + names["沙城街道"]: "accepted",
		eml + "/" + names["天河街道"]: "accepted",
	}
	for path, outcome := range want {
		if got[path].Outcome != outcome {
			t.Errorf("%s: %q, want %s (all: %v)", path, got[path].Outcome, outcome, keys(got))
		}
	}
	var slip *ingested
	for p, f := range got {
		if strings.Contains(p, "偷跑") {
			f := f
			slip = &f
		}
	}
	if slip == nil || slip.Outcome != "unreadable" || len(slip.Issues) == 0 || slip.Issues[0].Code != "skipped" {
		t.Errorf("the ../ member: %+v", slip)
	}
	for p := range got {
		if strings.Contains(p, "说明.docx") {
			t.Errorf("a non-workbook member was ingested: %s", p)
		}
	}
	// The mail's Date is the received time, and 13 January is after the 10 January deadline.
	var status struct {
		Units []struct {
			Code       string  `json:"code"`
			State      string  `json:"state"`
			ReceivedAt *string `json:"received_at"`
			Late       bool    `json:"late"`
		} `json:"units"`
	}
	jsonOf(t, runOK(t, "-w", ws, "status", "--period", "2015Q4", "--json"), &status)
	for _, u := range status.Units {
		if u.Code != "tianhe" {
			continue
		}
		at, _ := time.Parse(time.RFC3339, *u.ReceivedAt)
		if u.State != "accepted" || !at.Equal(time.Date(2016, 1, 13, 16, 20, 0, 0, time.FixedZone("", 8*3600))) || !u.Late {
			t.Errorf("天河 status %+v (received %s)", u, *u.ReceivedAt)
		}
	}
	// The archive and the mail themselves are stored raw.
	db := openDB(t, ws)
	defer db.Close()
	for _, f := range []string{batch, eml} {
		if _, err := db.File(shaOf(t, f)); err != nil {
			t.Errorf("%s not stored raw: %v", f, err)
		}
	}
}

// TestIngestRefusesBeforeParsing: a file over the size cap and a truncated download are
// refused with their reasons and stored raw; the batch goes on.
func TestIngestRefusesBeforeParsing(t *testing.T) {
	root := t.TempDir()
	ws := filepath.Join(root, "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q4")
	files := fillReturns(t, ws, "2015Q4", wzetdzValues)
	batch := filepath.Join(root, "batch")
	if err := os.MkdirAll(batch, 0o755); err != nil {
		t.Fatal(err)
	}
	var good string
	for name, data := range files {
		good = name
		writeBytes(t, filepath.Join(batch, name), data)
		break
	}
	truncated := filepath.Join(batch, "下载一半.xlsx")
	writeBytes(t, truncated, files[good][:len(files[good])/2])
	huge := filepath.Join(batch, "超大.xlsx")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("PK\x03\x04"))
	f.Truncate(intake.MaxParseBytes + 1) // sparse: costs no disk
	f.Close()

	got := ingestAll(t, ws, batch)
	if g := got[filepath.Join(batch, good)]; g.Outcome != "accepted" {
		t.Errorf("the good file: %+v", g)
	}
	for path, code := range map[string]string{truncated: "not-workbook", huge: "too-large"} {
		g := got[path]
		if g.Outcome != "unreadable" || len(g.Issues) == 0 || g.Issues[0].Code != code || g.SHA256 == "" {
			t.Errorf("%s: %+v, want unreadable %s, stored", filepath.Base(path), g, code)
		}
	}
	db := openDB(t, ws)
	defer db.Close()
	if _, err := db.File(shaOf(t, truncated)); err != nil {
		t.Errorf("the truncated file is not stored raw: %v", err)
	}
}

func keys(m map[string]ingested) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// bombTemplate is a real template with size bytes of whitespace added inside every
// sheet's data: a decompression bomb dressed as a return, which the reader must open
// and inflate to find out.
func bombTemplate(t *testing.T, template []byte, size int64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(rc)
		rc.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		at := bytes.Index(body, []byte("<sheetData>"))
		if !strings.HasPrefix(f.Name, "xl/worksheets/") || at < 0 {
			w.Write(body)
			continue
		}
		at += len("<sheetData>")
		w.Write(body[:at])
		for n := int64(0); n < size; n += int64(len(chunk)) {
			w.Write(chunk)
		}
		w.Write(body[at:])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestIngestZipBombMemory ingests decompression bombs (a real template whose sheets
// inflate to 1 GiB each), bare and inside a zip,
// with the built binary: refused, and the process's peak memory stays under 300 MB.
func TestIngestZipBombMemory(t *testing.T) {
	root := t.TempDir()
	ws := filepath.Join(root, "office")
	runOK(t, "init", ws, "--seed", "wzetdz-2015")
	runOK(t, "-w", ws, "generate", "--period", "2015Q4")
	var template []byte
	for _, path := range readManifest(t, filepath.Join(ws, templatesDir, "2015Q4")) {
		template = readBytes(t, path)
		break
	}
	bomb := bombTemplate(t, template, 1<<30)
	batch := filepath.Join(root, "batch")
	if err := os.MkdirAll(batch, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(batch, "炸弹.xlsx"), bomb)
	bomb2 := bombTemplate(t, template, 1<<30+1<<20) // other bytes: not a duplicate
	writeBytes(t, filepath.Join(batch, "打包.zip"), gbkZip(t, map[string][]byte{"炸弹2.xlsx": bomb2}, []string{"炸弹2.xlsx"}))
	cmd := ingestCmd(ws, "--json", batch)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("ingest of bombs: exit %d (%v)\n%s", code, err, out.String())
	}
	var doc struct {
		Files []ingested `json:"files"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 2 {
		t.Fatalf("files: %+v", doc.Files)
	}
	for _, f := range doc.Files {
		if f.Outcome != "unreadable" {
			t.Errorf("%s: %s, want unreadable", f.Path, f.Outcome)
		}
	}
	peak := maxRSS(cmd.ProcessState)
	t.Logf("peak memory ingesting two bombs of 1 GiB per sheet (%d KB compressed): %d MB", len(bomb)>>10, peak>>20)
	for _, f := range doc.Files {
		t.Logf("%s: %s %v", filepath.Base(f.Path), f.Outcome, f.Issues)
	}
	if peak > 300<<20 {
		t.Errorf("peak memory %d MB, over the 300 MB cap", peak>>20)
	}
}
