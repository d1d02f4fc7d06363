package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
	"tenglong/store"
	"tenglong/workbook"
)

// heldReturn is a unit's good return on a template signed with another workspace's
// key: ingest holds it 待确认 (the signature does not verify).
func (e *env) heldReturn(unit string) []byte {
	e.t.Helper()
	u, _ := e.c.Unit(unit)
	p, _ := campaign.ParsePeriod("2023Q3")
	tmpl, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: e.c, Unit: u, Period: p, Deadline: p.Deadline(e.c.Deadline),
		Generated: testClock, Password: e.c.ID, SigningKey: []byte("another workspace's key, not this one")})
	if err != nil {
		e.t.Fatal(err)
	}
	data, err := fill.Return(e.c, tmpl)
	if err != nil {
		e.t.Fatal(err)
	}
	return data
}

// officeUploadFile uploads one file through the console's upload form.
func (e *env) officeUploadFile(office *http.Client, name string, data []byte) string {
	e.t.Helper()
	_, page := e.do(office, "GET", "/office/upload", nil, "", nil)
	body, ct := multipartBody(e.t, map[string]string{"csrf": csrfOf(e.t, page)}, map[string][]byte{name: data})
	resp, html := e.do(office, "POST", "/office/upload", body, ct, nil)
	if resp.StatusCode != 200 {
		e.t.Fatalf("office upload of %s: %d\n%s", name, resp.StatusCode, html)
	}
	return string(html)
}

// A held file (待确认) is listed on its unit's page with its findings and confirmed
// there as the unit's return: only with a session and the form's token, only with a
// reason; the confirmation is intake.Confirm's (judged again, accepted), recorded in
// the audit log with who (the office and its address), when (the server's clock) and
// why, and then counted on the board.
func TestOfficeConfirmHeldFile(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	e.officeUploadFile(office, "德清县-别处的模板.xlsx", e.heldReturn("deqing"))
	subs, _ := e.db.Submissions(e.c.ID, "2023Q3")
	if len(subs) != 1 || !subs[0].Held() {
		t.Fatalf("the file signed elsewhere was not held: %+v", subs)
	}
	held := subs[0]

	_, board := e.do(office, "GET", "/office/?period=2023Q3", nil, "", nil)
	if row := rowOf(string(board), "deqing"); !strings.Contains(row, "待确认") || !strings.Contains(row, `/office/unit/deqing?period=2023Q3#held`) {
		t.Errorf("the board's row of a held unit does not lead to confirming it: %s", row)
	}
	_, page := e.do(office, "GET", "/office/unit/deqing?period=2023Q3", nil, "", nil)
	findings, _ := e.db.Findings(held.ID)
	if len(findings) == 0 {
		t.Fatal("a held file with no findings: the test needs the signature's")
	}
	for _, want := range []string{`id="held"`, "德清县-别处的模板.xlsx", held.SHA256[:12], `value="` + held.SHA256 + `"`,
		`action="/office/unit/deqing/confirm"`, `name="reason"`, findings[0].Message} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the unit page lacks %q", want)
		}
	}
	form := func(reason string) url.Values {
		return url.Values{"csrf": {csrfOf(t, page)}, "period": {"2023Q3"}, "file": {held.SHA256}, "unit": {"deqing"}, "reason": {reason}}
	}
	post := func(client *http.Client, v url.Values) (*http.Response, string) {
		resp, body := e.do(client, "POST", "/office/unit/deqing/confirm", strings.NewReader(v.Encode()), "application/x-www-form-urlencoded", nil)
		return resp, string(body)
	}
	stillHeld := func(when string) {
		t.Helper()
		subs, _ := e.db.Submissions(e.c.ID, "2023Q3")
		if len(subs) != 1 || !subs[0].Held() {
			t.Errorf("%s: the file is no longer held: %+v", when, subs)
		}
	}

	// No session: to the login page, nothing done.
	jar, _ := cookiejar.New(nil)
	if resp, _ := post(noRedirect(jar), form("核实过")); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/office/login" {
		t.Errorf("confirm without a session: %d → %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	stillHeld("without a session")
	// A session but no form token (a cross-site form): 403.
	bad := form("核实过")
	bad.Del("csrf")
	if resp, _ := post(office, bad); resp.StatusCode != http.StatusForbidden {
		t.Errorf("confirm without the form token: %d", resp.StatusCode)
	}
	stillHeld("without the form token")
	// No reason: refused, saying so.
	if resp, body := post(office, form("  ")); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "请写明确认理由") {
		t.Errorf("confirm without a reason: %d\n%s", resp.StatusCode, body)
	}
	stillHeld("without a reason")

	e.clock.add(3 * time.Hour) // the confirmation's time is the server's, not the upload's
	good := form("电话向德清县经信局核实，系其本人报送")
	good.Set("by", "王小明")
	resp, body := post(office, good)
	if resp.StatusCode != 200 || !strings.Contains(body, "已确认") || !strings.Contains(body, "已采用") {
		t.Fatalf("confirm: %d\n%s", resp.StatusCode, body)
	}
	current, _ := e.db.Current(e.c.ID, "2023Q3")
	if len(current) != 1 || current[0].Unit != "deqing" || current[0].Confirms != held.ID {
		t.Fatalf("after the confirmation the current returns are %+v", current)
	}
	history, _ := e.db.History(e.c.ID, "2023Q3", "deqing")
	var confirmed *store.HistoryEntry
	for i, h := range history {
		if h.Action == store.ActionConfirmed {
			confirmed = &history[i]
		}
	}
	switch {
	case confirmed == nil:
		t.Fatalf("no confirmation in the audit log: %+v", history)
	case !confirmed.At.Equal(e.clock.now().Truncate(time.Second)):
		t.Errorf("the confirmation is recorded at %v, the server's clock says %v", confirmed.At, e.clock.now())
	case !strings.Contains(confirmed.Detail, "王小明，办公室（网页，来自 127.0.0.1）") || !strings.Contains(confirmed.Detail, "电话向德清县经信局核实"):
		t.Errorf("the confirmation's audit entry does not say who and why: %s", confirmed.Detail)
	case confirmed.Origin.Via != "office" || !strings.HasPrefix(confirmed.Origin.Remote, "127.0.0.1:"):
		t.Errorf("the confirmation's audit entry does not say where from: %+v", confirmed.Origin)
	}
	_, table := e.do(office, "GET", "/office/?part=table&period=2023Q3", nil, "", nil)
	if !strings.Contains(string(table), "已采用 1（其中迟报 0），退回 0，待确认 0") {
		t.Errorf("the board does not count the confirmed return: %s", table)
	}
	_, page = e.do(office, "GET", "/office/unit/deqing?period=2023Q3", nil, "", nil)
	if strings.Contains(string(page), `id="held"`) || !strings.Contains(auditTable(t, page), "办公室确认") {
		t.Errorf("the unit page after the confirmation:\n%s", page)
	}
	if !strings.Contains(string(page), "待确认（已处理，见第 "+strconv.FormatInt(current[0].ID, 10)+" 号报送）") {
		t.Errorf("the unit page's list of files does not say the held one was dealt with:\n%s", page)
	}
	if words := englishWords(auditTable(t, page)); len(words) > 0 || !strings.Contains(auditTable(t, page), "确认为 德清县 2023Q3 的报送") {
		t.Errorf("the audit log after the confirmation shows English words %q or no unit name:\n%s", words, auditTable(t, page))
	}
	// Confirming it again is refused with the reason.
	if resp, body := post(office, form("再确认一次")); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "已经确认过了") {
		t.Errorf("a second confirmation: %d\n%s", resp.StatusCode, body)
	}
}

var (
	tagText     = regexp.MustCompile(`<[^>]*>`)
	englishWord = regexp.MustCompile(`[A-Za-z]{3,}`)
)

// auditTable is the text of the unit page's 审计日志 table, tags removed.
func auditTable(t *testing.T, page []byte) string {
	t.Helper()
	_, rest, ok := strings.Cut(string(page), "<h2>审计日志</h2>")
	if !ok {
		t.Fatalf("no audit log on the page:\n%s", page)
	}
	table, _, _ := strings.Cut(rest, "</table>")
	return tagText.ReplaceAllString(table, " ")
}

// The unit page's audit log is in the office's words: every action a return can
// have (accepted, rejected, superseded, duplicate, pending) in Chinese, the same
// labels as tenglong history, and no English word anywhere in the table but the
// file names the units gave.
func TestUnitPageAuditInChinese(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	link := e.link("anji", "2023Q3")
	bad, _ := e.badReturn("anji")
	good := e.goodReturn("anji")
	for _, f := range []struct {
		name string
		data []byte
	}{{"第一次.xlsx", bad}, {"第二次.xlsx", good}, {"第三次.xlsx", good}} {
		e.upload(link, f.name, f.data)
	}
	e.officeUploadFile(office, "别处的模板.xlsx", e.heldReturn("anji"))
	_, page := e.do(office, "GET", "/office/unit/anji?period=2023Q3", nil, "", nil)
	text := auditTable(t, page)
	for _, want := range []string{"退回", "采用", "重复报送", "待确认"} {
		if !strings.Contains(text, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, text)
		}
	}
	if english := englishWords(text); len(english) > 0 {
		t.Errorf("the audit log shows English words %q:\n%s", english, text)
	}
}

// englishWords are the Latin words of a text but the file type xlsx.
func englishWords(text string) []string {
	var english []string
	for _, w := range englishWord.FindAllString(text, -1) {
		if w != "xlsx" {
			english = append(english, w)
		}
	}
	return english
}

// What a request records is stamped by the server's clock (Config.Now), whatever
// clock the store was opened with: the audit entry of an upload, of the file kept.
func TestWebRecordsAtServerClock(t *testing.T) {
	e := newEnv(t)
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName)) // the machine's clock
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	serverTime := time.Date(2023, 10, 9, 14, 30, 0, 0, time.UTC)
	srv, err := New(Config{Campaign: e.c, Store: db, Now: func() time.Time { return serverTime }})
	if err != nil {
		t.Fatal(err)
	}
	e.db, e.srv = db, srv
	e.ts.Config.Handler = srv.Handler()
	good := e.goodReturn("wuxing")
	if resp, r := e.upload(e.link("wuxing", "2023Q3"), "吴兴区.xlsx", good); resp.StatusCode != 200 || r.Outcome != "accepted" {
		t.Fatalf("upload: %d %+v", resp.StatusCode, r)
	}
	history, err := db.History(e.c.ID, "2023Q3", "wuxing")
	if err != nil || len(history) == 0 {
		t.Fatalf("history %v %v", history, err)
	}
	for _, h := range history {
		if !h.At.Equal(serverTime) {
			t.Errorf("audit entry %s is recorded at %v, the server's clock says %v", h.Action, h.At, serverTime)
		}
	}
}
