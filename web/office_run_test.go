package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/docx"
	"tenglong/internal/testtool"
	"tenglong/report"
	"tenglong/results"
	"tenglong/workbook"
)

var jobPath = regexp.MustCompile(`^/office/run/job/([A-Za-z0-9_-]+)$`)

// run presses a cycle button as the page's form does and returns the job's id.
func (e *env) run(client *http.Client, action string, fields url.Values) string {
	e.t.Helper()
	_, page := e.do(client, "GET", "/office/run", nil, "", nil)
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("csrf", csrfOf(e.t, page))
	if fields.Get("period") == "" {
		fields.Set("period", "2023Q3")
	}
	resp, body := e.do(client, "POST", "/office/run/"+action, strings.NewReader(fields.Encode()), "application/x-www-form-urlencoded", nil)
	m := jobPath.FindStringSubmatch(resp.Request.URL.Path)
	if resp.StatusCode != 200 || m == nil {
		e.t.Fatalf("%s: %d at %s\n%s", action, resp.StatusCode, resp.Request.URL, body)
	}
	return m[1]
}

// wait reads a job's status until it is done.
func (e *env) wait(client *http.Client, id string) jobView {
	e.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, body := e.do(client, "GET", "/office/run/job/"+id+"/status", nil, "", map[string]string{"Accept": "application/json"})
		var v jobView
		if resp.StatusCode != 200 || json.Unmarshal(body, &v) != nil {
			e.t.Fatalf("status of %s: %d %s", id, resp.StatusCode, body)
		}
		if v.Done {
			return v
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("job %s not done: %v", id, v.Lines)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// runDone presses a button and waits for its run to end without an error.
func (e *env) runDone(client *http.Client, action string, fields url.Values) jobView {
	e.t.Helper()
	v := e.wait(client, e.run(client, action, fields))
	if v.Error != "" {
		e.t.Fatalf("%s failed: %s\n%s", action, v.Error, strings.Join(v.Lines, "\n"))
	}
	return v
}

// file downloads a job's file by its name.
func (e *env) file(client *http.Client, v jobView, name string) []byte {
	e.t.Helper()
	for _, f := range v.Files {
		if f.Name == name {
			resp, data := e.do(client, "GET", f.URL, nil, "", nil)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
				e.t.Fatalf("%s: %d %v", f.URL, resp.StatusCode, resp.Header)
			}
			return data
		}
	}
	e.t.Fatalf("no file %s among %+v", name, v.Files)
	return nil
}

// assembled is the period's results as the CLI assembles them.
func (e *env) assembled(period string) *results.Period {
	e.t.Helper()
	p, _ := campaign.ParsePeriod(period)
	r, err := results.Assemble(e.c, e.db, p)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// Every button needs a session, and a form token with it: without a session the post
// goes to the login page and starts nothing; with a session but no token it is
// refused; an unknown action is a 404; a download needs the session too.
func TestRunNeedsSessionAndToken(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	for _, a := range runActions {
		resp, _ := e.do(noRedirect(nil), "POST", "/office/run/"+a.ID, strings.NewReader("period=2023Q3"), "application/x-www-form-urlencoded", nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/office/login" {
			t.Errorf("%s without a session: %d %s", a.ID, resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, _ = e.do(office, "POST", "/office/run/"+a.ID, strings.NewReader("period=2023Q3"), "application/x-www-form-urlencoded", nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s without a token: %d", a.ID, resp.StatusCode)
		}
	}
	if n := len(e.srv.jobs().byID); n != 0 {
		t.Errorf("%d jobs started by refused posts", n)
	}
	id := e.run(office, "consolidate", nil)
	e.wait(office, id)
	resp, _ := e.do(noRedirect(nil), "GET", "/office/download/"+id+"/0", nil, "", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("download without a session: %d", resp.StatusCode)
	}
	_, page := e.do(office, "GET", "/office/run", nil, "", nil)
	resp, _ = e.do(office, "POST", "/office/run/nothing", strings.NewReader("csrf="+csrfOf(t, page)), "application/x-www-form-urlencoded", nil)
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown action: %d", resp.StatusCode)
	}
}

// 汇总: the downloaded 汇总表 reads back (openpyxl) exactly as the one consolidate -o
// writes from the same store, and the run's lines count the units as consolidate does.
func TestRunConsolidate(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	if _, r := e.upload(e.link("wuxing", "2023Q3"), "a.xlsx", e.goodReturn("wuxing")); r.Outcome != "accepted" {
		t.Fatalf("upload: %+v", r)
	}
	v := e.runDone(office, "consolidate", nil)
	got := e.file(office, v, "汇总表-2023Q3.xlsx")
	r := e.assembled("2023Q3")
	var want bytes.Buffer
	if err := workbook.WriteSummary(&want, r.Consolidation, r.Scores); err != nil {
		t.Fatal(err)
	}
	if g, w := openpyxlAllSheets(t, got), openpyxlAllSheets(t, want.Bytes()); g != w || !strings.Contains(g, "吴兴区") {
		t.Errorf("汇总表 read back differs from consolidate's:\n%.600s\n---\n%.600s", g, w)
	}
	var gotDoc, wantDoc any
	json.Unmarshal(e.file(office, v, "汇总-2023Q3.json"), &gotDoc)
	wd, _ := json.Marshal(results.NewConsolidationDoc(r.Consolidation))
	json.Unmarshal(wd, &wantDoc)
	if gotDoc == nil || fmt.Sprint(gotDoc) != fmt.Sprint(wantDoc) {
		t.Error("汇总 JSON differs from consolidate --json's document")
	}
	toEnter := results.ToEnterConsole(r.Consolidation)
	if !strings.Contains(toEnter, "“录入合计数”") || !contains(v.Lines, toEnter) {
		t.Errorf("the totals still to enter are not named with the console's form: %q in %q", toEnter, v.Lines)
	}
	if !contains(v.Lines, results.SubmissionLine(r.Consolidation)) || !strings.Contains(v.Summary, "汇总表可以下载") {
		t.Errorf("lines %q summary %q", v.Lines, v.Summary)
	}
}

// 赛马打分: the downloaded JSON is score --json's document (results.NewScoresDoc) and
// the page gives each scored unit's items with their reasons.
func TestRunScore(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	for _, u := range []string{"wuxing", "nanxun"} {
		e.upload(e.link(u, "2023Q3"), u+".xlsx", e.goodReturn(u))
	}
	v := e.runDone(office, "score", nil)
	var got, want any
	if err := json.Unmarshal(e.file(office, v, "赛马得分-2023Q3.json"), &got); err != nil {
		t.Fatal(err)
	}
	doc, _ := json.Marshal(results.NewScoresDoc(e.c, e.assembled("2023Q3")))
	json.Unmarshal(doc, &want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("score JSON differs from NewScoresDoc:\n%.400v\n%.400v", got, want)
	}
	text := strings.Join(v.Lines, "\n")
	if !strings.Contains(text, "第1名") || !strings.Contains(text, "分：") || !strings.Contains(text, "计分办法") {
		t.Errorf("no ranks or reasons:\n%s", text)
	}
}

// 季度通报 and 约谈名单: the PDFs are the bytes results.Bulletin/Interviews make for the
// same store and date (what bulletin -o and interviews -o write), pdftotext reads
// them, and the .docx are docx.Write's of the same models.
func TestRunBulletinAndInterviews(t *testing.T) {
	ws := t.TempDir()
	e := newEnv(t, func(c *Config) { c.Workspace = ws })
	office := e.officeClient()
	e.upload(e.link("wuxing", "2023Q3"), "w.xlsx", e.goodReturn("wuxing"))
	fonts, err := report.FindFonts(ws, "", "")
	if err != nil {
		t.Fatal(err)
	}
	r := e.assembled("2023Q3")
	date := testClock.In(e.c.Location())

	v := e.runDone(office, "bulletin", url.Values{"issue": {"7"}, "date": {"2023-10-20"}})
	printed := time.Date(2023, 10, 20, 0, 0, 0, 0, e.c.Location())
	want, err := results.Bulletin(e.c, r, results.BulletinOptions{Workspace: ws, IssueNo: 7, Date: printed, Fonts: fonts})
	if err != nil {
		t.Fatal(err)
	}
	pdf := e.file(office, v, "通报-2023Q3.pdf")
	if !bytes.Equal(pdf, want.PDF) {
		t.Error("bulletin PDF differs from results.Bulletin's")
	}
	if text := pdftotext(t, pdf); !strings.Contains(text, "第7期") && !strings.Contains(text, "第 7 期") {
		t.Errorf("pdftotext: no issue 7 in %.300s", text)
	}
	var wantDocx bytes.Buffer
	docx.Write(&wantDocx, want.Model, printed)
	if got := e.file(office, v, "通报-2023Q3.docx"); docxText(t, got) != docxText(t, wantDocx.Bytes()) {
		t.Error("bulletin .docx differs from docx.Write's")
	}
	if !strings.Contains(v.Summary, "第7期") {
		t.Errorf("summary %q", v.Summary)
	}
	if bad := e.wait(office, e.run(office, "bulletin", url.Values{"date": {"10月20日"}})); !strings.Contains(bad.Error, "不是日期") {
		t.Errorf("bad date: %q", bad.Error)
	}

	v = e.runDone(office, "interviews", url.Values{"place": {"市政府201会议室"}, "time": {"10月25日上午9:00"}})
	iv, err := results.Interviews(e.c, r, results.InterviewOptions{Workspace: ws, Place: "市政府201会议室", Time: "10月25日上午9:00", Date: date, Fonts: fonts})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(e.file(office, v, "约谈名单-2023Q3.pdf"), iv.PDF) {
		t.Error("interviews PDF differs from results.Interviews'")
	}
	if len(r.Interviews) == 0 || !strings.Contains(v.Summary, fmt.Sprintf("共 %d 个单位", len(r.Interviews))) {
		t.Errorf("interviews %d, summary %q", len(r.Interviews), v.Summary)
	}
	e.file(office, v, "约谈名单-2023Q3.xlsx")
	e.file(office, v, "约谈名单-2023Q3.docx")
}

// 生成模板 writes every unit's template, draft and manifest into the workspace as
// generate does, the zip to download holds them, and a template is the bytes the
// portal serves (which are generate's).
func TestRunGenerate(t *testing.T) {
	ws := t.TempDir()
	e := newEnv(t, func(c *Config) { c.Workspace = ws })
	office := e.officeClient()
	v := e.runDone(office, "generate", nil)
	dir := filepath.Join(ws, "填报模板", "2023Q3")
	files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	drafts, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
	if len(files) != len(e.c.Units) || len(drafts) != len(e.c.Units) {
		t.Fatalf("%d templates, %d drafts for %d units", len(files), len(drafts), len(e.c.Units))
	}
	if _, err := os.Stat(filepath.Join(dir, "manifest.csv")); err != nil {
		t.Error(err)
	}
	bundle := e.file(office, v, "填报模板-2023Q3.zip")
	z, err := zip.NewReader(bytes.NewReader(bundle), int64(len(bundle)))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 2*len(e.c.Units)+1 {
		t.Errorf("zip holds %d files", len(z.File))
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, workbook.TemplateFileName(1, len(e.c.Units), e.c.Units[0].Name, campaign.Period{Kind: campaign.Quarterly, Year: 2023, Quarter: 3})))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(onDisk, e.template(e.c.Units[0].Code)) {
		t.Error("generated template differs from the portal's")
	}
	if len(v.Lines) < len(e.c.Units) || !strings.Contains(v.Summary, fmt.Sprintf("已生成 %d 个单位", len(e.c.Units))) {
		t.Errorf("lines %d summary %q", len(v.Lines), v.Summary)
	}
}

// One run of an action at a time: pressing the button again while it runs is refused
// with the running one named; another action may run meanwhile.
func TestRunOneAtATime(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	release := make(chan struct{})
	runActions = append(runActions, runAction{ID: "slow", Label: "慢操作", run: func(_ *Server, _ *runInput, out *jobOut) error {
		out.Line("开始")
		<-release
		return nil
	}})
	t.Cleanup(func() { runActions = runActions[:len(runActions)-1] })
	id := e.run(office, "slow", nil)
	_, page := e.do(office, "GET", "/office/run", nil, "", nil)
	form := url.Values{"csrf": {csrfOf(t, page)}, "period": {"2023Q3"}}
	resp, body := e.do(office, "POST", "/office/run/slow", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(string(body), "正在进行") || !strings.Contains(string(body), id) {
		t.Errorf("second run: %d %s", resp.StatusCode, body)
	}
	e.runDone(office, "consolidate", nil)
	close(release)
	if v := e.wait(office, id); v.Error != "" || v.Lines[0] != "开始" {
		t.Errorf("%+v", v)
	}
	e.run(office, "slow", nil) // free again
	_, jobPage := e.do(office, "GET", "/office/run/job/"+id, nil, "", nil)
	if !strings.Contains(string(jobPage), "已完成") || !strings.Contains(string(jobPage), "<li>开始</li>") {
		t.Errorf("job page: %s", jobPage)
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

// openpyxlAllSheets reads a workbook with openpyxl: every sheet's name and its cells'
// values, row by row.
func openpyxlAllSheets(t *testing.T, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(testtool.Python(t, "openpyxl"), "-c", `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print("==", ws.title)
    for row in ws.iter_rows(values_only=True):
        print("|".join("" if v is None else str(v) for v in row))
`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	return string(out)
}

func pdftotext(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(path, pdf, 0o644)
	return testtool.Run(t, "pdftotext", "-layout", path, "-")
}

// docxText is a .docx's document.xml.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(r)
			return b.String()
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// 生成模板 for the ticked units only, with another deadline: only theirs are written,
// and the deadline is the one given (as generate --units --deadline).
func TestRunGenerateSomeUnits(t *testing.T) {
	ws := t.TempDir()
	e := newEnv(t, func(c *Config) { c.Workspace = ws })
	office := e.officeClient()
	v := e.runDone(office, "generate", url.Values{"units": {"wuxing", "anji"}, "deadline": {"2023-10-15"}})
	files, _ := filepath.Glob(filepath.Join(ws, "填报模板", "2023Q3", "*.xlsx"))
	if len(files) != 2 || !strings.Contains(v.Summary, "已生成 2 个单位") || !strings.Contains(v.Summary, "2023年10月15日") {
		t.Errorf("files %v summary %q", files, v.Summary)
	}
	if bad := e.wait(office, e.run(office, "generate", url.Values{"deadline": {"10月15日"}})); !strings.Contains(bad.Error, "不是日期") {
		t.Errorf("bad deadline: %q", bad.Error)
	}
}

// The finished runs' files are let go oldest first once they hold too much; the
// newest keep theirs and a page of a trimmed run says to run it again.
func TestRunFilesTrimmed(t *testing.T) {
	js := &jobs{byID: map[string]*job{}, running: map[string]string{}}
	for _, id := range []string{"old", "mid", "new"} {
		js.byID[id] = &job{ID: id, done: true, files: []jobFile{{Name: id + ".xlsx", Data: make([]byte, 10)}}}
		js.order = append(js.order, id)
	}
	js.trimFiles(20)
	if js.byID["old"].files != nil || !js.byID["old"].view().Dropped || js.byID["mid"].files == nil || js.byID["new"].files == nil {
		t.Errorf("kept: old %v mid %v new %v", js.byID["old"].files != nil, js.byID["mid"].files != nil, js.byID["new"].files != nil)
	}
}

// Once the server is stopping no run starts: it could outlive the store.
func TestRunRefusedWhileStopping(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	_, page := e.do(office, "GET", "/office/run", nil, "", nil)
	if err := e.srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "period": {"2023Q3"}}
	resp, body := e.do(office, "POST", "/office/run/consolidate", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "正在停止") {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
