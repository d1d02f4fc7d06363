package web

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/mail"
)

// The board's event stream says when a submission is recorded: an upload through a
// portal link arrives as an event naming the unit, and the board's table (what the
// page's script fetches) then shows it 已采用 and the totals line counts it.
func TestBoardEventAfterUpload(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Lights = func(campaign.Period) (map[string][]Light, error) {
			return map[string][]Light{"wuxing": {{Indicator: "规上工业增加值", Status: "green"}}}, nil
		}
	})
	office := e.officeClient()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.ts.URL+"/office/events", nil)
	resp, err := office.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	lines := bufio.NewScanner(resp.Body)
	lines.Scan() // ": 已连接": subscribed before the upload
	good := e.goodReturn("wuxing")
	go e.upload(e.link("wuxing", "2023Q3"), "a.xlsx", good)
	var event, data string
	for lines.Scan() {
		line := lines.Text()
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			event = v
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok {
			data = v
			break
		}
	}
	if event != "submission" || !strings.Contains(data, `"unit":"wuxing"`) || !strings.Contains(data, `"outcome":"accepted"`) {
		t.Fatalf("event %q data %q", event, data)
	}
	_, table := e.do(office, "GET", "/office/?part=table&period=2023Q3", nil, "", nil)
	row := rowOf(string(table), "wuxing")
	if !strings.Contains(row, "已采用") || !strings.Contains(row, `class="light green" title="规上工业增加值"`) || !strings.Contains(row, "绿 1 · 黄 0 · 红 0") || strings.Contains(string(table), "<html") {
		t.Errorf("board fragment row: %s", row)
	}
	if !strings.Contains(string(table), "共 6 个单位：已采用 1（其中迟报 0），退回 0，待确认 0，未报送 5") {
		t.Errorf("totals line: %s", table)
	}
}

// rowOf is the board's table row of a unit.
func rowOf(html, unit string) string {
	i := strings.Index(html, `data-unit="`+unit+`"`)
	if i < 0 {
		return ""
	}
	end := strings.Index(html[i:], "</tr>")
	return html[i : i+end]
}

// The office uploads a zip of returns: each judged and recorded as ingest would, the
// unit's page then shows the file to download, its findings and the audit entry with
// the office as its door.
func TestOfficeUploadZip(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	bad, cell := e.badReturn("nanxun")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, data := range map[string][]byte{"回收/吴兴区.xlsx": e.goodReturn("wuxing"), "回收/南浔区.xlsx": bad} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	_, page := e.do(office, "GET", "/office/upload", nil, "", nil)
	body, ct := multipartBody(t, map[string]string{"csrf": csrfOf(t, page)}, map[string][]byte{"批次.zip": zbuf.Bytes()})
	resp, html := e.do(office, "POST", "/office/upload", body, ct, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(html), "已采用") || !strings.Contains(string(html), cell) {
		t.Fatalf("office upload: %d\n%s", resp.StatusCode, html)
	}
	status, _ := e.db.Status(e.c.ID, "2023Q3")
	states := map[string]string{}
	for _, st := range status {
		states[st.Unit] = st.State
	}
	if states["wuxing"] != "accepted" || states["nanxun"] != "rejected" {
		t.Errorf("states %v", states)
	}
	_, unitPage := e.do(office, "GET", "/office/unit/nanxun?period=2023Q3", nil, "", nil)
	for _, want := range []string{"南浔区.xlsx", cell, "控制台", "/office/file/", "/office/markup/"} {
		if !strings.Contains(string(unitPage), want) {
			t.Errorf("unit page lacks %q", want)
		}
	}
	subs, _ := e.db.Submissions(e.c.ID, "2023Q3")
	for _, s := range subs {
		resp, data := e.do(office, "GET", "/office/file/"+s.SHA256, nil, "", nil)
		stored, _ := e.db.File(s.SHA256)
		if resp.StatusCode != 200 || !bytes.Equal(data, stored) {
			t.Errorf("file %s: %d, %d bytes", s.SourcePath, resp.StatusCode, len(data))
		}
	}
}

// The links page lists every unit's link; revoking one from the console makes it 404
// at once, re-issuing gives a new one that works.
func TestOfficeLinksRevokeReissue(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	old := e.link("anji", "2023Q3")
	_, page := e.do(office, "GET", "/office/links?period=2023Q3", nil, "", nil)
	if !strings.Contains(string(page), old) {
		t.Fatalf("links page lacks %s", old)
	}
	post := func(action string) string {
		form := url.Values{"csrf": {csrfOf(t, page)}, "period": {"2023Q3"}}
		resp, body := e.do(office, "POST", "/office/links/anji/"+action, strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", action, resp.StatusCode)
		}
		return string(body)
	}
	post("revoke")
	if resp, _ := e.get(old); resp.StatusCode != 404 {
		t.Errorf("revoked link: %d", resp.StatusCode)
	}
	post("reissue")
	fresh := e.link("anji", "2023Q3")
	if fresh == old {
		t.Fatal("re-issue kept the token")
	}
	if resp, _ := e.get(old); resp.StatusCode != 404 {
		t.Errorf("old link after re-issue: %d", resp.StatusCode)
	}
	if resp, _ := e.get(fresh); resp.StatusCode != 200 {
		t.Errorf("new link: %d", resp.StatusCode)
	}
}

// A saved mail (.eml) uploaded in the console is opened as ingest opens it: its
// attachment judged, received at the mail's Date.
func TestOfficeUploadMail(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	sent := time.Date(2023, 10, 7, 16, 30, 0, 0, time.FixedZone("CST", 8*3600))
	eml := mail.Draft{From: "deqing@example.cn", To: "office@example.cn", Subject: "德清县三季度报表", Body: "请查收",
		Date: sent, Attachment: mail.Attachment{Name: "03-德清县-2023Q3.xlsx", Data: e.goodReturn("deqing")}, Outgoing: true}.Bytes()
	_, page := e.do(office, "GET", "/office/upload", nil, "", nil)
	body, ct := multipartBody(t, map[string]string{"csrf": csrfOf(t, page)}, map[string][]byte{"回复.eml": eml})
	resp, html := e.do(office, "POST", "/office/upload", body, ct, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(html), "回复.eml/03-德清县-2023Q3.xlsx") || !strings.Contains(string(html), "已采用") {
		t.Fatalf("office upload of a mail: %d\n%s", resp.StatusCode, html)
	}
	current, _ := e.db.Current(e.c.ID, "2023Q3")
	if len(current) != 1 || current[0].Unit != "deqing" || !current[0].ReceivedAt.Equal(sent) {
		t.Errorf("current %+v", current)
	}
}
