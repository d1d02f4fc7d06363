package web

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// The portal's fragment (what portal.js reads after an upload): the state badge, its
// class the state's colour, and the history, without the page around them.
func TestPortalStatusFragment(t *testing.T) {
	e := newEnv(t)
	link := e.link("changxing", "2023Q3")
	_, before := e.get(link + "?part=status")
	if !strings.Contains(string(before), `<span class="badge none" id="state">未报送</span>`) || !strings.Contains(string(before), "还没有报送") {
		t.Errorf("the fragment before any upload:\n%s", before)
	}
	e.upload(link, "长兴县.xlsx", e.goodReturn("changxing"))
	resp, after := e.get(link + "?part=status")
	text := string(after)
	if resp.StatusCode != 200 || strings.Contains(text, "<html") || strings.Contains(text, "还没有报送") ||
		!strings.Contains(text, `<span class="badge ok" id="state">已采用</span>`) || !strings.Contains(text, `id="history"`) ||
		!strings.Contains(text, "长兴县.xlsx") || !strings.Contains(text, "已采用（当前有效）") {
		t.Errorf("the fragment after a good return: %d\n%s", resp.StatusCode, text)
	}
}

// Each state has its own colour class: grey, green, amber, red, blue.
func TestStateClass(t *testing.T) {
	seen := map[string]string{}
	for state, want := range map[string]string{stateMissing: "none", stateAccepted: "ok", stateLate: "warn", stateRejected: "bad", statePending: "info"} {
		got := stateClass(state)
		if got != want {
			t.Errorf("stateClass(%s) = %q, want %q", state, got, want)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s share the colour %q", state, other, got)
		}
		seen[got] = state
	}
}

// A form sent with nothing chosen (the pages leave the check to the server, whose
// words are Chinese, not the browser's): no file is judged, the answer says to choose
// one; an empty password is asked for again and not counted as a wrong one.
func TestEmptyFormsAnsweredInChinese(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	_, page := e.do(office, "GET", "/office/upload", nil, "", nil)
	body, ct := multipartBody(t, map[string]string{"csrf": csrfOf(t, page)}, map[string][]byte{"": nil})
	resp, html := e.do(office, "POST", "/office/upload", body, ct, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(html), "请选择要上传的文件") {
		t.Errorf("office upload with no file chosen: %d\n%s", resp.StatusCode, html)
	}
	link := e.link("anji", "2023Q3")
	_, portal := e.get(link)
	body, ct = multipartBody(t, map[string]string{"csrf": csrfOf(t, portal)}, map[string][]byte{"": nil})
	resp, html = e.do(http.DefaultClient, "POST", link+"upload", body, ct, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(html), "请选择一个文件") {
		t.Errorf("portal upload with no file chosen: %d\n%s", resp.StatusCode, html)
	}
	if subs, _ := e.db.Submissions(e.c.ID, "2023Q3"); len(subs) != 0 {
		t.Errorf("an empty form was recorded: %+v", subs)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	for range 25 { // more than the throttle's 20: an empty password is not a wrong one
		_, page := e.do(client, "GET", "/office/login", nil, "", nil)
		form := url.Values{"csrf": {csrfOf(t, page)}, "password": {""}}
		resp, html := e.do(client, "POST", "/office/login", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(html), "请输入密码") {
			t.Fatalf("login with an empty password: %d\n%s", resp.StatusCode, html)
		}
	}
	if resp := e.login(client, "mima-2023Q3"); resp.StatusCode != 200 {
		t.Errorf("the right password after empty ones: %d", resp.StatusCode)
	}
}
