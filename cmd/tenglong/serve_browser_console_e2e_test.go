package main

// The office console's cycle buttons in a real browser (issue 19): Debian's headless
// Chromium (internal/browsertest) against web.New on an httptest server, on the
// huzhou-2023 seed with three returns in. The office logs in, runs consolidate from
// 周期操作 and downloads the 汇总表 (read back with openpyxl: the same values, sheet by
// sheet, as `tenglong consolidate -o` writes), runs the bulletin and downloads its
// PDF (pdftotext: title and period) and .docx, and runs send's dry run and sees the
// list. Screenshots of 周期操作 and of job pages (TENGLONG_SCREENSHOTS keeps them).

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tenglong/campaign"
	"tenglong/internal/browsertest"
	"tenglong/internal/testtool"
	"tenglong/web"
)

// consoleSite is a huzhou-2023 workspace served with its folder (the cycle buttons
// write and read there), every unit with a contact address, a mail: block (send's dry
// run connects to nothing), its 2023Q3 templates in 填报模板/ and accepted returns
// of its first three units.
func startConsoleSite(t *testing.T) *portalSite {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	path := filepath.Join(ws, "campaign.yaml")
	yaml := string(readBytes(t, path))
	unitLine := regexp.MustCompile(`(?m)^  - \{code: ([a-z-]+), name: ([^,]+), kind: (area|department)\}$`)
	yaml = unitLine.ReplaceAllString(yaml, "  - {code: $1, name: $2, kind: $3, contact: {name: 联系人, email: $1@huzhou.test}}")
	yaml += "\nmail:\n  host: 127.0.0.1\n  port: 2525\n  tls: none\n  from: 湖州市制造业办 <office@huzhou.test>\n"
	writeBytes(t, path, []byte(yaml))
	clock := "TENGLONG_CLOCK=" + browserClock.Format(time.RFC3339)
	gen := exec.Command(binary, "-w", ws, "generate", "--period", "2023Q3")
	gen.Env = append(os.Environ(), clock)
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	env, _, _ := testEnv()
	c, err := loadCampaign(env, campaignPath(ws, ""))
	if err != nil {
		t.Fatal(err)
	}
	if c.Mail == nil || c.Units[0].Contact.Email == "" {
		t.Fatal("campaign.yaml was not given addresses and a mail: block")
	}
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t, ws)
	t.Cleanup(func() { db.Close() })
	if err := web.SetPassword(db, officePassword); err != nil {
		t.Fatal(err)
	}
	site := servePortalSite(t, ws, db, web.Config{Campaign: c, Period: p, Workspace: ws, PublicURL: "http://10.1.2.3:8080"},
		filepath.Join(ws, "填报模板", "2023Q3"))
	for i := range 3 {
		u := c.Units[i]
		status, reply, err := portalUpload(http.DefaultClient, site.links[u.Code], filepath.Base(site.tmpl[u.Code]),
			site.fill(t, i, readBytes(t, site.tmpl[u.Code]), false))
		if err != nil || status != http.StatusOK || reply.Outcome != "accepted" {
			t.Fatalf("%s's return: HTTP %d %+v %v", u.Name, status, reply, err)
		}
	}
	return site
}

// officeLogin logs the browser in and leaves it on the board.
func officeLogin(b *browsertest.Browser, site *portalSite) {
	b.Do(chromedp.Navigate(site.srv.URL + "/office/"))
	b.WaitText("密码")
	b.Do(
		chromedp.SendKeys(chromedp.CSS(`input[type=password]`), officePassword),
		chromedp.Submit(chromedp.CSS(`input[type=password]`)),
	)
	b.WaitText("报送情况")
}

// runButton opens 周期操作, presses one action's button and waits on its job page
// until the job is done; shot, when set, is the job page's screenshot taken at once
// (the job may still be running).
func runButton(t *testing.T, b *browsertest.Browser, site *portalSite, action, shot string) {
	t.Helper()
	b.Do(chromedp.Navigate(site.srv.URL + "/office/run?period=2023Q3"))
	b.WaitText("报送周期操作")
	b.Do(chromedp.Click(chromedp.CSS(`form#run-` + action + ` button[type=submit]`)))
	b.WaitText("返回周期操作") // only the job page links back
	if shot != "" {
		b.Screenshot(shot)
	}
	// The page reloads itself when the job ends (run.js): wait for its end badge.
	for deadline := time.Now().Add(3 * browsertest.StepTimeout); ; time.Sleep(200 * time.Millisecond) {
		text := b.Text()
		if strings.Contains(text, "已完成") || strings.Contains(text, "没有完成") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s's job did not finish:\n%s", action, text)
		}
	}
	if done := browsertest.Run(b, chromedp.Evaluate[string](`document.getElementById('job').getAttribute('data-done')`)); done != "true" {
		t.Errorf("%s's finished job page has data-done=%q", action, done)
	}
	if text := b.Text(); strings.Contains(text, "出错了") {
		t.Fatalf("%s failed:\n%s", action, text)
	}
}

// download fetches one of the job page's files by its label, as the clerk clicks it.
func download(t *testing.T, b *browsertest.Browser, label string) browsertest.Download {
	t.Helper()
	return b.Download(chromedp.Click(`//ul[@id="files"]//a[contains(., "` + label + `")]`))
}

// sheetValues reads a workbook with openpyxl: each sheet's cell values by row, as text.
func sheetValues(t *testing.T, path string) map[string][][]string {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {}
for ws in wb.worksheets:
    out[ws.title] = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
print(json.dumps(out, ensure_ascii=False))
`
	var out map[string][][]string
	if err := json.Unmarshal([]byte(testtool.Run(t, py, "-c", script, path)), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// emailText is an address, fileText a download's name: the units' and the files' own,
// not the page's wording.
var (
	emailText = regexp.MustCompile(`[\w.+-]+@[\w.-]+`)
	fileText  = regexp.MustCompile(`\S+\.(xlsx|json|pdf|docx|zip)\b`)
)

// consoleChinese is checkChinese for the console's pages, which may also name the
// file types an office clerk knows (PDF, Word, Excel), the campaign file's and the
// fonts folder's names, the downloads' file names and the units' addresses.
func consoleChinese(t *testing.T, page, text string) {
	t.Helper()
	text = fileText.ReplaceAllString(emailText.ReplaceAllString(text, ""), "")
	text = strings.NewReplacer("PDF", "", "Word", "", "Excel", "", "campaign.yaml", "", "JSON", "", "fonts 文件夹", "").Replace(text)
	checkChinese(t, page, text)
}

// TestServeBrowserConsole: consolidate, bulletin and send's dry run from the console.
func TestServeBrowserConsole(t *testing.T) {
	site := startConsoleSite(t)
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	b := browsertest.Start(t)
	officeLogin(b, site)
	b.Do(chromedp.Navigate(site.srv.URL + "/office/run?period=2023Q3"))
	b.WaitText("报送周期操作")
	checkChineseFont(t, b, "h1")
	// Every button's card holds its fields: a long indicator name's list once ran
	// past the 录入合计数 card's edge.
	if wide := browsertest.Run(b, chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('form.card')).filter(f => f.scrollWidth > f.clientWidth + 1).map(f => f.id)`)); len(wide) > 0 {
		t.Errorf("these buttons' fields run past their card: %v", wide)
	}
	b.Screenshot("1-run")
	consoleChinese(t, "run", b.Text())
	dir := t.TempDir()

	// Consolidate: the 汇总表 the browser downloads holds what the CLI's does.
	runButton(t, b, site, "consolidate", "2-consolidate-job")
	b.Screenshot("3-consolidate-done")
	consoleChinese(t, "consolidate job", b.Text())
	summary := download(t, b, "汇总表")
	if !strings.HasSuffix(summary.Name, ".xlsx") {
		t.Errorf("the 汇总表 downloads as %q", summary.Name)
	}
	got := filepath.Join(dir, "browser.xlsx")
	writeBytes(t, got, summary.Data)
	want := filepath.Join(dir, "cli.xlsx")
	cli := exec.Command(binary, "-w", site.ws, "consolidate", "--period", "2023Q3", "-o", want)
	cli.Env = append(os.Environ(), "TENGLONG_CLOCK="+browserClock.Format(time.RFC3339))
	if out, err := cli.CombinedOutput(); err != nil {
		t.Fatalf("consolidate -o: %v\n%s", err, out)
	}
	gotSheets, wantSheets := sheetValues(t, got), sheetValues(t, want)
	if len(gotSheets) == 0 || len(gotSheets) != len(wantSheets) {
		t.Errorf("the downloaded 汇总表 has %d sheets, consolidate -o's %d", len(gotSheets), len(wantSheets))
	}
	for name, rows := range wantSheets {
		if g, w := fmt.Sprint(gotSheets[name]), fmt.Sprint(rows); g != w {
			t.Errorf("sheet %s differs from consolidate -o's:\nbrowser %s\ncli     %s", name, g, w)
		}
	}

	// The bulletin: the PDF names the period in its title; the .docx opens as Word's.
	runButton(t, b, site, "bulletin", "4-bulletin-job")
	b.Screenshot("5-bulletin-done")
	consoleChinese(t, "bulletin job", b.Text())
	pdf := download(t, b, "PDF")
	pdfPath := filepath.Join(dir, "通报.pdf")
	writeBytes(t, pdfPath, pdf.Data)
	flat := flatText(testtool.Run(t, pdftotext, pdfPath, "-"))
	for _, s := range []string{site.p.Label() + "推进情况的通报", "腾笼换鸟", site.c.Issuer} {
		if !strings.Contains(flat, s) {
			t.Errorf("the downloaded bulletin's text lacks %q:\n%.600s", s, flat)
		}
	}
	docx := download(t, b, "Word")
	if !strings.HasSuffix(docx.Name, ".docx") {
		t.Errorf("the Word bulletin downloads as %q", docx.Name)
	}
	zr, err := zip.NewReader(bytes.NewReader(docx.Data), int64(len(docx.Data)))
	if err != nil {
		t.Fatalf("the .docx is no zip: %v", err)
	}
	var body string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, _ := f.Open()
			raw, _ := io.ReadAll(rc)
			rc.Close()
			body = string(raw)
		}
	}
	if !strings.Contains(body, site.p.Label()) {
		t.Errorf("the .docx's word/document.xml does not name %s", site.p.Label())
	}

	// Send's dry run: the list of who would get a template, nothing sent, a confirm
	// button.
	runButton(t, b, site, "send", "")
	b.WaitText("试发完成")
	lines := browsertest.Run(b, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#lines li')).map(li => li.innerText)`))
	listed := 0
	for _, u := range site.c.Units {
		for _, l := range lines {
			if strings.Contains(l, u.Name) && strings.Contains(l, u.Code+"@huzhou.test") {
				listed++
				break
			}
		}
	}
	if !strings.Contains(strings.Join(lines, "\n"), fmt.Sprintf("邮件正文附上各单位本期的网页填报链接（%d 个单位）", len(site.c.Units))) {
		t.Errorf("the dry run does not say the mails carry the units' links (the server has --public-url):\n%s", strings.Join(lines, "\n"))
	}
	if listed != len(site.c.Units) {
		t.Errorf("the dry run lists %d of %d units with their address:\n%s", listed, len(site.c.Units), strings.Join(lines, "\n"))
	}
	if !browsertest.Run(b, chromedp.Evaluate[bool](`!!document.querySelector('form#confirm button')`)) {
		t.Error("the dry run offers no 确认发送 button")
	}
	b.Screenshot("6-send-dry-run")
	consoleChinese(t, "send dry run", b.Text())
}
