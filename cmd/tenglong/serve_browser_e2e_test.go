package main

// The whole flow of `tenglong serve` in a real browser (issue 19): Debian's headless
// Chromium (internal/browsertest) against web.New on an httptest server, on the
// huzhou-2023 seed. A unit opens its link, downloads the template, uploads a good
// return and sees 已采用, uploads a bad one and sees each finding with its cell, and
// downloads the marked-up copy; the office logs in, sees the board change without a
// reload when a unit uploads, and uploads a zip of returns. Every page is
// screenshotted (TENGLONG_SCREENSHOTS keeps them) for a person to look at.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"tenglong/campaign"
	"tenglong/internal/browsertest"
	"tenglong/internal/testtool"
	"tenglong/store"
	"tenglong/web"
	"tenglong/workbook"
)

// browserClock is before 2023Q3's deadline: uploads are on time.
var browserClock = time.Date(2023, 10, 8, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

const officePassword = "湖州报送2023"

// portalSite is a huzhou-2023 workspace with its 2023Q3 templates, served by web.New.
type portalSite struct {
	ws    string
	c     *campaign.Campaign
	p     campaign.Period
	srv   *httptest.Server
	links map[string]string // unit code → portal URL
	tmpl  map[string]string // unit code → generated template path
}

func startPortalSite(t *testing.T) *portalSite {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "huzhou")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	// generate at the server's clock: a template carries the day it was made.
	gen := exec.Command(binary, "-w", ws, "generate", "--period", "2023Q3", "-o", filepath.Join(ws, "out"))
	gen.Env = append(os.Environ(), "TENGLONG_CLOCK="+browserClock.Format(time.RFC3339))
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	env, _, _ := testEnv()
	c, err := loadCampaign(env, campaignPath(ws, ""))
	if err != nil {
		t.Fatal(err)
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
	return servePortalSite(t, ws, db, web.Config{Campaign: c, Period: p}, filepath.Join(ws, "out", "2023Q3"))
}

// servePortalSite serves cfg (its store db, the browser tests' clock, the lights as
// serve wires them in cmd_serve.go so the board looks as it will) on an httptest
// server and collects every unit's link and generated template (from tmplDir).
func servePortalSite(t *testing.T, ws string, db *store.Store, cfg web.Config, tmplDir string) *portalSite {
	t.Helper()
	cfg.Store, cfg.Log = db, io.Discard
	cfg.Now = func() time.Time { return browserClock }
	cfg.Lights = web.ResultsLights(cfg.Campaign, db)
	s, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		srv.Close()
		s.Shutdown(t.Context())
	})
	links, err := web.Links(cfg.Campaign, db, cfg.Period, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	site := &portalSite{ws: ws, c: cfg.Campaign, p: cfg.Period, srv: srv, links: map[string]string{}, tmpl: readManifest(t, tmplDir)}
	for _, l := range links {
		site.links[l.Unit] = l.URL
	}
	return site
}

// fill is the demo's filled return of unit i (with the demo's typing mistakes when
// mistakes is set), from the template bytes.
func (s *portalSite) fill(t *testing.T, i int, template []byte, mistakes bool) []byte {
	t.Helper()
	data, err := fillReturn(s.c, s.p, s.c.Units[i], template, i, mistakes)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestServeBrowserUnitPortal: the township clerk's path through the portal.
func TestServeBrowserUnitPortal(t *testing.T) {
	site := startPortalSite(t)
	b := browsertest.Start(t)
	u := site.c.Units[0]
	b.Do(chromedp.Navigate(site.links[u.Code]))
	b.WaitText(u.Name)
	b.WaitText("未报送")
	checkChineseFont(t, b, "h1")
	checkBadge(t, b, "on first load", "未报送", "grey")
	checkFilePicker(t, b, "portal-file")
	// Pressed with nothing chosen: the page says so in its words (the browser's own
	// check, in the browser's language, is off).
	b.Do(chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)))
	b.WaitText("请先选择文件")
	b.Screenshot("1-portal")
	checkChinese(t, "portal", b.Text())

	// The template, downloaded as the clerk's browser does: the same bytes generate made.
	got := b.Download(chromedp.Click(`//a[contains(., "模板")]`))
	if want := readBytes(t, site.tmpl[u.Code]); !bytes.Equal(got.Data, want) {
		t.Errorf("downloaded template %q: %d bytes, not the %d bytes generate made", got.Name, len(got.Data), len(want))
	}
	if !strings.HasSuffix(got.Name, ".xlsx") || !strings.Contains(got.Name, u.Name) {
		t.Errorf("the template downloads as %q: want an .xlsx named after %s", got.Name, u.Name)
	}

	// A good return: 已采用, in place.
	dir := t.TempDir()
	good := filepath.Join(dir, u.Name+"-填好.xlsx")
	writeBytes(t, good, site.fill(t, 0, got.Data, false))
	b.Do(chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{good}))
	if shown := browsertest.Run(b, chromedp.Text(chromedp.CSS(`[data-file-name-for="portal-file"]`))); !strings.Contains(shown, filepath.Base(good)) {
		t.Errorf("after choosing %s the page says %q beside the button", filepath.Base(good), shown)
	}
	b.Do(chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	b.Do(chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)))
	// The history and the badge are read again in place: no reload, the accepted
	// return listed as current, the badge green.
	b.WaitText("已采用（当前有效）")
	checkBadge(t, b, "after a good return", "已采用", "green")
	if !browsertest.Run(b, chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Error("the portal reloaded to show the upload; it should update in place")
	}
	if history := browsertest.Run(b, chromedp.Text(chromedp.ID("history"))); strings.Contains(history, "还没有报送") || !strings.Contains(history, filepath.Base(good)) {
		t.Errorf("after a good return the history says:\n%s", history)
	}
	b.Screenshot("2-accepted")

	// A bad one: every finding validate reports is shown with its sheet and cell.
	bad := filepath.Join(dir, u.Name+"-有错.xlsx")
	writeBytes(t, bad, site.fill(t, 0, got.Data, true))
	want := validateFindings(t, site.ws, bad)
	if len(want) == 0 {
		t.Fatal("validate finds nothing wrong in the demo's mistyped return: the test needs findings")
	}
	uploadInPortal(b, bad)
	b.WaitText("退回")
	rows := browsertest.Run(b, chromedp.Evaluate[[][]string](
		`Array.from(document.querySelectorAll('#live table.findings tr')).slice(1).map(tr => Array.from(tr.cells).map(td => td.innerText.trim()))`))
	for _, f := range want {
		found := false
		for _, r := range rows {
			if len(r) == 4 && r[1] == f.Sheet && r[2] == f.Cell && r[3] == f.Message {
				found = true
			}
		}
		if !found {
			t.Errorf("the page does not show finding %s!%s %q; it shows %q", f.Sheet, f.Cell, f.Message, rows)
		}
	}
	if len(rows) != len(want) {
		t.Errorf("the page shows %d findings, validate %d", len(rows), len(want))
	}
	// The bad one is in the history too (without a reload); the accepted one still counts.
	b.WaitText(filepath.Base(bad))
	if history := browsertest.Run(b, chromedp.Text(chromedp.ID("history"))); !strings.Contains(history, filepath.Base(bad)) || !strings.Contains(history, "下载标注副本") {
		t.Errorf("after a bad return the history says:\n%s", history)
	}
	checkBadge(t, b, "after a bad return following a good one", "已采用", "green")
	b.Screenshot("3-rejected")
	checkChinese(t, "rejected", b.Text())

	// The marked-up copy: a workbook whose first sheet lists the problems and whose
	// cells with errors carry comments (read with openpyxl).
	markup := b.Download(chromedp.Click(`//div[@id="live"]//a[contains(., "标注")]`))
	path := filepath.Join(dir, "markup.xlsx")
	writeBytes(t, path, markup.Data)
	checkMarkup(t, path, want)

	// After a reload the history lists both, the accepted one current.
	b.Do(chromedp.Reload())
	b.WaitText("报送记录")
	text := b.Text()
	for _, s := range []string{"已采用（当前有效）", "退回", "下载标注副本"} {
		if !strings.Contains(text, s) {
			t.Errorf("the portal after reload lacks %q:\n%s", s, text)
		}
	}
	checkBadge(t, b, "after a reload", "已采用", "green")
	b.Screenshot("4-history")
	checkChinese(t, "portal history", b.Text())

	// On a phone (375 px wide) the page fits the screen: nothing wider to scroll to.
	b.Do(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile), chromedp.Reload())
	b.WaitText("报送记录")
	if w := browsertest.Run(b, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 375 {
		t.Errorf("on a 375 px phone the portal is %d px wide: the clerk must scroll sideways", w)
	}
	b.Screenshot("5-phone")
}

// checkBadge: the state badge reads state in the colour of that state (grey 未报送,
// green 已采用, …), as the browser paints it.
func checkBadge(t *testing.T, b *browsertest.Browser, when, state, colour string) {
	t.Helper()
	got := browsertest.Run(b, chromedp.Evaluate[[]int](`(() => {
		const el = document.getElementById('state');
		const m = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
		return m.slice(0, 3);
	})()`))
	text := browsertest.Run(b, chromedp.Text(chromedp.ID("state")))
	if text != state || len(got) != 3 || colourName(got[0], got[1], got[2]) != colour {
		t.Errorf("%s the state badge says %q on rgb%v (%s), want %q on %s", when, text, got, colourName(got[0], got[1], got[2]), state, colour)
	}
}

// colourName is a background colour's hue as a clerk names it.
func colourName(r, g, b int) string {
	hi, lo := max(r, g, b), min(r, g, b)
	switch {
	case hi-lo < 30:
		return "grey"
	case g == hi && g-r > 40 && g-b > 40:
		return "green"
	case r == hi && r-g > 60 && r-b > 60:
		return "red"
	case b == hi:
		return "blue"
	case r == hi && g > b+60:
		return "amber"
	}
	return "other"
}

// checkFilePicker: the file input speaks the page's language — a 选择文件 button (its
// label) and the page's own 还没有选择文件 — while the native input, which would say
// "Choose File" in an English browser, is out of sight but still reached with Tab.
func checkFilePicker(t *testing.T, b *browsertest.Browser, id string) {
	t.Helper()
	got := browsertest.Run(b, chromedp.Evaluate[map[string]any](`(() => {
		const input = document.getElementById('`+id+`');
		const label = document.querySelector('label[for="`+id+`"]');
		const shown = document.querySelector('[data-file-name-for="`+id+`"]');
		const st = getComputedStyle(input), box = input.getBoundingClientRect();
		const before = Array.from(document.querySelectorAll('a[href], button, input:not([type=hidden]), select')).filter(e => e.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
		if (before) before.focus();
		return {label: label ? label.innerText.trim() : '', shown: shown ? shown.innerText.trim() : '',
			displayed: st.display !== 'none' && st.visibility !== 'hidden', tiny: box.width <= 1 && box.height <= 1,
			labelButton: label ? getComputedStyle(label).backgroundColor : ''};
	})()`))
	b.Do(chromedp.KeyEvent("\t"))
	focused := browsertest.Run(b, chromedp.Evaluate[string](`document.activeElement ? document.activeElement.id : ''`))
	if got["label"] != "选择文件" || got["shown"] != "还没有选择文件" || got["displayed"] != true || got["tiny"] != true || focused != id {
		t.Errorf("the file picker %s: %v, Tab focuses %q: want a 选择文件 label, 还没有选择文件 beside it, the native input out of sight but reached with Tab", id, got, focused)
	}
}

// uploadInPortal chooses the file and presses the upload button.
func uploadInPortal(b *browsertest.Browser, path string) {
	b.Do(
		chromedp.SetUploadFiles(chromedp.CSS(`#upload input[type=file]`), []string{path}),
		chromedp.Click(chromedp.CSS(`#upload button[type=submit]`)),
	)
}

// validateFindings is what `tenglong validate --json` reports for a file: the
// independent judge of what the portal must show.
func validateFindings(t *testing.T, ws, path string) []reportedIssue {
	t.Helper()
	_, out, _ := run(t, "-w", ws, "validate", "--json", path)
	var res []struct {
		Issues []reportedIssue `json:"issues"`
	}
	var one struct {
		Issues []reportedIssue `json:"issues"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		if err := json.Unmarshal([]byte(out), &one); err != nil {
			t.Fatalf("validate --json: %v\n%s", err, out)
		}
		return one.Issues
	}
	var all []reportedIssue
	for _, r := range res {
		all = append(all, r.Issues...)
	}
	return all
}

// checkMarkup opens the marked-up copy with openpyxl: 问题清单 first, a comment on
// every cell with a finding.
func checkMarkup(t *testing.T, path string, want []reportedIssue) {
	t.Helper()
	py := testtool.Python(t, "openpyxl")
	script := `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"first": wb.sheetnames[0], "comments": {}}
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.comment:
                out["comments"][ws.title + "!" + c.coordinate] = c.comment.text
print(json.dumps(out, ensure_ascii=False))
`
	var got struct {
		First    string            `json:"first"`
		Comments map[string]string `json:"comments"`
	}
	if err := json.Unmarshal([]byte(testtool.Run(t, py, "-c", script, path)), &got); err != nil {
		t.Fatal(err)
	}
	if got.First != "问题清单" {
		t.Errorf("the marked-up copy's first sheet is %q, want 问题清单", got.First)
	}
	for _, f := range want {
		if f.Cell == "" {
			continue
		}
		if c := got.Comments[f.Sheet+"!"+f.Cell]; !strings.Contains(c, f.Message) {
			t.Errorf("the marked-up copy's %s!%s comment is %q, want it to say %q", f.Sheet, f.Cell, c, f.Message)
		}
	}
}

// checkChineseFont: the page's Chinese is drawn with the CJK font, not empty boxes.
func checkChineseFont(t *testing.T, b *browsertest.Browser, selector string) {
	t.Helper()
	for family := range b.Fonts(selector) {
		if strings.Contains(family, "CJK") {
			return
		}
	}
	t.Errorf("%s is drawn with %v, no CJK font: a screenshot shows empty boxes", selector, b.Fonts(selector))
}

// englishWord is a run of three or more Latin letters; urlText a web address.
var (
	englishWord = regexp.MustCompile(`[A-Za-z]{3,}`)
	urlText     = regexp.MustCompile(`https?://\S+`)
)

// allowedLatin are the Latin words a clerk's page may show: file types, the
// program's own name and the commands the console's pages name as doing the same,
// and the GDP of an indicator's name.
var allowedLatin = map[string]bool{"xlsx": true, "zip": true, "eml": true, "tenglong": true, "ingest": true, "confirm": true, "GDP": true}

// checkChinese: the text a page shows is Chinese — no English word besides
// allowedLatin (file names, addresses and the like are the user's own).
func checkChinese(t *testing.T, page, text string) {
	t.Helper()
	var english []string
	for _, w := range englishWord.FindAllString(urlText.ReplaceAllString(text, ""), -1) {
		if !allowedLatin[w] {
			english = append(english, w)
		}
	}
	if len(english) > 0 {
		t.Errorf("the %s page shows English words %q:\n%s", page, english, text)
	}
}

// TestServeBrowserOffice: the office clerk logs in, watches the board change
// without reloading while a unit uploads, and uploads a zip of two units' returns.
func TestServeBrowserOffice(t *testing.T) {
	site := startPortalSite(t)
	b := browsertest.Start(t)
	b.Do(chromedp.Navigate(site.srv.URL + "/office/"))
	b.WaitText("密码")
	b.Screenshot("1-login")
	checkChinese(t, "login", b.Text())
	b.Do(
		chromedp.SendKeys(chromedp.CSS(`input[type=password]`), officePassword),
		chromedp.Submit(chromedp.CSS(`input[type=password]`)),
	)
	b.WaitText("报送情况")
	checkChineseFont(t, b, "h1")
	n := len(site.c.Units)
	b.WaitText("未报送 " + strconv.Itoa(n))
	b.Screenshot("2-board")
	checkChinese(t, "board", b.Text())

	// A unit uploads (its clerk's browser, here a plain client); the board shows it
	// without a reload: a mark set on the page's window survives.
	b.Do(chromedp.Evaluate[chromedp.Void](`window.notReloaded = true`))
	// The board's script opened its event stream at load; a stream of our own that
	// is open says the server takes them, so the upload below is not sent before the
	// page listens.
	b.Do(chromedp.Evaluate[chromedp.Void](`window.probe = new EventSource('/office/events'); window.probe.onopen = () => { window.probeOpen = true }`))
	for deadline := time.Now().Add(browsertest.StepTimeout); !browsertest.Run(b, chromedp.Evaluate[bool](`window.probeOpen === true`)); {
		if time.Now().After(deadline) {
			t.Fatal("the office's event stream (/office/events) did not open")
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.Do(chromedp.Evaluate[chromedp.Void](`window.probe.close()`))
	u := site.c.Units[1]
	filled := site.fill(t, 1, readBytes(t, site.tmpl[u.Code]), false)
	status, reply, err := portalUpload(http.DefaultClient, site.links[u.Code], filepath.Base(site.tmpl[u.Code]), filled)
	if err != nil || status != http.StatusOK || reply.Outcome != "accepted" {
		t.Fatalf("a unit's upload: HTTP %d %+v %v", status, reply, err)
	}
	b.WaitText("已采用 1")
	row := browsertest.Run(b, chromedp.Text(chromedp.CSS(`tr[data-unit="`+u.Code+`"]`)))
	if !strings.Contains(row, "已采用") {
		t.Errorf("the board's row of %s says %q after its upload", u.Name, row)
	}
	if !browsertest.Run(b, chromedp.Evaluate[bool](`window.notReloaded === true`)) {
		t.Error("the board reloaded the page to show the upload; it should update in place")
	}
	// The line under the board says when it was updated, in Chinese (it said
	// "12:40:53 AM" in a browser whose language is not Chinese).
	live := browsertest.Run(b, chromedp.Text(chromedp.ID("live")))
	if !regexp.MustCompile(`^已更新：\d{1,2}:\d{2}:\d{2}$`).MatchString(live) {
		t.Errorf("the board's update line says %q, want 已更新：HH:MM:SS", live)
	}
	b.Screenshot("3-board-live")
	checkChinese(t, "live board", b.Text())

	// A zip of two units' returns, uploaded through the console.
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, i := range []int{2, 3} {
		u := site.c.Units[i]
		w, err := zw.Create(filepath.Base(site.tmpl[u.Code]))
		if err != nil {
			t.Fatal(err)
		}
		w.Write(site.fill(t, i, readBytes(t, site.tmpl[u.Code]), false))
	}
	zw.Close()
	zipPath := filepath.Join(t.TempDir(), "批次.zip")
	if err := os.WriteFile(zipPath, zbuf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Do(chromedp.Navigate(site.srv.URL + "/office/upload"))
	b.WaitText("代单位上传")
	checkFilePicker(t, b, "office-files")
	b.Do(chromedp.Click(chromedp.CSS(`form[action="/office/upload"] button[type=submit]`)))
	b.WaitText("请选择要上传的文件")
	checkChinese(t, "office upload without a file", b.Text())
	b.Do(chromedp.Navigate(site.srv.URL + "/office/upload"))
	b.WaitText("代单位上传")
	b.Screenshot("4-upload")
	checkChinese(t, "office upload", b.Text())
	b.Do(
		chromedp.SetUploadFiles(chromedp.CSS(`input[type=file]`), []string{zipPath}),
	)
	if shown := browsertest.Run(b, chromedp.Text(chromedp.CSS(`[data-file-name-for="office-files"]`))); !strings.Contains(shown, "批次.zip") {
		t.Errorf("after choosing 批次.zip the upload page says %q beside the button", shown)
	}
	b.Screenshot("4b-upload-chosen")
	b.Do(chromedp.Click(chromedp.CSS(`form[action="/office/upload"] button[type=submit]`)))
	for _, i := range []int{2, 3} {
		b.WaitText(filepath.Base(site.tmpl[site.c.Units[i].Code]))
	}
	text := b.Text()
	if strings.Count(text, "已采用") < 2 {
		t.Errorf("the office upload's result does not say 已采用 for both files:\n%s", text)
	}
	b.Screenshot("5-upload-result")
	checkChinese(t, "office upload result", b.Text())

	b.Do(chromedp.Navigate(site.srv.URL + "/office/"))
	b.WaitText("已采用 3")
	b.Screenshot("6-board-after-zip")

	b.Do(chromedp.Navigate(site.srv.URL + "/office/unit/" + u.Code))
	b.WaitText(u.Name)
	b.WaitText("审计日志")
	b.Screenshot("7-unit")
	// The whole page, its audit log included, is in Chinese (the log's actions
	// read “accepted” until they took tenglong history's labels).
	checkChinese(t, "office unit", b.Text())

	b.Do(chromedp.Navigate(site.srv.URL + "/office/links"))
	b.WaitText("填报链接")
	b.Screenshot("8-links")

	// A return on a template signed in another workspace is held 待确认; the board
	// leads to it, the unit page lists it with its findings, and the office confirms
	// it there with a reason: then it counts.
	held := site.c.Units[4]
	tmpl, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: site.c, Unit: held, Period: site.p,
		Deadline: site.p.Deadline(site.c.Deadline), Generated: browserClock, Password: site.c.ID, SigningKey: []byte("另一台电脑上的工作目录")})
	if err != nil {
		t.Fatal(err)
	}
	status, reply, err = portalUpload(http.DefaultClient, site.links[held.Code], held.Name+"-旧电脑.xlsx", site.fill(t, 4, tmpl, false))
	if err != nil || status != http.StatusOK || reply.Outcome != "pending" {
		t.Fatalf("a return on another workspace's template: HTTP %d %+v %v", status, reply, err)
	}
	b.Do(chromedp.Navigate(site.srv.URL + "/office/"))
	b.WaitText("待确认 1")
	b.Do(chromedp.Click(`//tr[@data-unit="` + held.Code + `"]//a[contains(., "去确认")]`))
	b.WaitText("待确认的文件")
	b.Screenshot("9-held")
	checkChinese(t, "unit page with a held file", b.Text())
	b.Do(
		chromedp.SendKeys(chromedp.CSS(`#held input[name=reason]`), "电话向"+held.Name+"核实，系其用旧电脑上的模板填报"),
		chromedp.Click(chromedp.CSS(`#held button[type=submit]`)),
	)
	b.WaitText("已确认")
	text = b.Text()
	for _, want := range []string{"办公室确认", "办公室（网页，来自 127.0.0.1）", "旧电脑上的模板"} {
		if !strings.Contains(text, want) {
			t.Errorf("after the confirmation the unit page lacks %q:\n%s", want, text)
		}
	}
	checkChinese(t, "unit page after a confirmation", text)
	b.Screenshot("10-confirmed")
	b.Do(chromedp.Navigate(site.srv.URL + "/office/"))
	b.WaitText("已采用 4")
}
