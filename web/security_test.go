package web

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"tenglong/store"
)

// Every office page without a session is a 303 to the login page, and does nothing.
func TestOfficeNeedsSession(t *testing.T) {
	e := newEnv(t)
	client := noRedirect(nil)
	cases := []struct{ method, path string }{
		{"GET", "/office/"}, {"GET", "/office/events"}, {"GET", "/office/unit/wuxing"},
		{"GET", "/office/file/" + strings.Repeat("a", 64)}, {"GET", "/office/links"}, {"GET", "/office/upload"},
		{"POST", "/office/upload"}, {"POST", "/office/links/wuxing/revoke"}, {"POST", "/office/links/wuxing/reissue"},
		{"POST", "/office/run/consolidate"}, {"POST", "/office/logout"}, {"GET", "/office/nothing"},
	}
	for _, tc := range cases {
		resp, _ := e.do(client, tc.method, tc.path, strings.NewReader("period=2023Q3"), "application/x-www-form-urlencoded", nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/office/login" {
			t.Errorf("%s %s: %d to %q, want 303 to /office/login", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if l, _ := e.db.PortalLinkOf(e.c.ID, "2023Q3", "wuxing"); l.Revoked || l.Generation != 1 {
		t.Errorf("a link changed without a session: %+v", l)
	}
}

// A form posted from another site carries neither the page's csrf field nor the
// script's header: refused with 403, and nothing is stored or changed.
func TestCrossSiteFormRefused(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	link := e.link("wuxing", "2023Q3")
	good := e.goodReturn("wuxing")
	form := func(fields map[string]string) (io.Reader, string) {
		body, ct := multipartBody(t, fields, map[string][]byte{"a.xlsx": good})
		return body, ct
	}
	cases := []struct {
		name   string
		client *http.Client
		method string
		path   string
		body   func() (io.Reader, string)
	}{
		{"portal upload without token", httpClient(), "POST", link + "upload", func() (io.Reader, string) { return form(nil) }},
		{"portal upload with a wrong token", httpClient(), "POST", link + "upload", func() (io.Reader, string) { return form(map[string]string{"csrf": "forged"}) }},
		{"office upload without token", office, "POST", "/office/upload", func() (io.Reader, string) { return form(nil) }},
		{"office revoke without token", office, "POST", "/office/links/wuxing/revoke", func() (io.Reader, string) {
			return strings.NewReader("period=2023Q3"), "application/x-www-form-urlencoded"
		}},
		{"office revoke as multipart", office, "POST", "/office/links/wuxing/revoke", func() (io.Reader, string) {
			return form(map[string]string{"period": "2023Q3"})
		}},
		{"office logout without token", office, "POST", "/office/logout", func() (io.Reader, string) {
			return strings.NewReader(""), "application/x-www-form-urlencoded"
		}},
	}
	for _, tc := range cases {
		body, ct := tc.body()
		resp, _ := e.do(tc.client, tc.method, tc.path, body, ct, nil)
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", tc.name, resp.StatusCode)
		}
	}
	if subs, _ := e.db.Submissions(e.c.ID, ""); len(subs) != 0 {
		t.Errorf("%d submissions stored by refused forms", len(subs))
	}
	if l, _ := e.db.PortalLinkOf(e.c.ID, "2023Q3", "wuxing"); l.Revoked {
		t.Error("a refused form revoked a link")
	}
	if resp, _ := e.do(office, "GET", "/office/", nil, "", nil); resp.StatusCode != 200 {
		t.Errorf("the session ended after a refused logout: %d", resp.StatusCode)
	}
}

// Uploaded file names are the sender's text: paths, .. and control characters are
// neither followed nor kept; the file is judged and stored as any other.
func TestUploadNamesHarmless(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	names := []string{"../../../../etc/cron.d/x.xlsx", `..\..\windows\x.xlsx`, "a\x00b\r\nc\x1b[31m.xlsx", "a\x00b\x1b[31m\u0007.xlsx", "/abs/path.xlsx", "..", "\u202egpj.xlsx"}
	bad, _ := e.badReturn("wuxing")
	taken := 0
	for i, name := range names {
		data := append(append([]byte(nil), bad...), byte(i)) // distinct bytes: each is judged
		resp, r := e.upload(e.link("wuxing", "2023Q3"), name, data)
		switch {
		case resp.StatusCode == 400 && strings.ContainsAny(name, "\r\n\x00"):
			// A line break or a NUL cannot be in a part's header: the form itself is
			// broken, refused whole (browsers never send such names).
		case resp.StatusCode != 200 || r.Outcome == "":
			t.Errorf("%q: %d %+v", name, resp.StatusCode, r)
		default:
			taken++
		}
	}
	subs, err := e.db.Submissions(e.c.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != taken || taken < len(names)-2 {
		t.Fatalf("%d submissions, %d uploads answered 200 of %d", len(subs), taken, len(names))
	}
	for _, s := range subs {
		if strings.ContainsAny(s.SourcePath, "/\\\x00\r\n\x1b\u202e") || strings.HasPrefix(s.SourcePath, ".") {
			t.Errorf("stored name %q", s.SourcePath)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files written in the working folder: %v", entries)
	}
}

// countingReader is an endless upload body that counts what the server read of it.
type countingReader struct {
	head []byte
	read int64
	max  int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.read >= c.max {
		return 0, io.EOF
	}
	n := copy(p, c.head)
	c.head = c.head[n:]
	if n == 0 {
		for i := range p {
			p[i] = 'x'
		}
		n = len(p)
	}
	c.read += int64(n)
	return n, nil
}

// An upload over the cap is answered 413 after reading little more than the cap: the
// rest is never read, no temporary file is made and nothing is stored.
func TestOversizeCutOffEarly(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	const cap = 256 << 10
	e := newEnv(t, func(c *Config) { c.MaxUpload = cap })
	link := e.link("wuxing", "2023Q3")
	for _, path := range []string{link + "upload", "/office/upload"} {
		head := "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.xlsx\"\r\n\r\n"
		body := &countingReader{head: []byte(head), max: 200 << 20}
		req := httptest.NewRequest("POST", path, body)
		req.Header.Set("Content-Type", "multipart/form-data; boundary=B")
		req.Header.Set("X-Requested-With", "tenglong")
		req.Header.Set("Accept", "application/json")
		if path == "/office/upload" {
			client := e.officeClient()
			u, _ := url.Parse(e.ts.URL)
			for _, c := range client.Jar.Cookies(u) {
				req.AddCookie(c)
			}
		}
		rec := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s: %d, want 413", path, rec.Code)
		}
		if body.read > cap+1<<20 {
			t.Errorf("%s: the server read %d bytes of an over-size upload (cap %d)", path, body.read, cap)
		}
		if !strings.Contains(rec.Body.String(), "文件太大") {
			t.Errorf("%s: answer %s", path, rec.Body.String())
		}
	}
	if subs, _ := e.db.Submissions(e.c.ID, ""); len(subs) != 0 {
		t.Error("an over-size upload was stored")
	}
	if audit, _ := e.db.Audit(store.AuditFilter{}); len(audit) != 0 {
		t.Errorf("an over-size upload left %d audit entries", len(audit))
	}
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("temporary files made: %v", entries)
	}
}

// 20 wrong passwords from one address throttle it: the 21st attempt, even with the
// right password, is 429 with Retry-After; once the window has passed the right
// password logs in.
func TestLoginThrottled(t *testing.T) {
	e := newEnv(t)
	e.officeClient() // sets the password
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	for i := 0; i < 20; i++ {
		if resp := e.login(client, "wrong-password"); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d", i+1, resp.StatusCode)
		}
	}
	resp := e.login(client, "mima-2023Q3")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("after 20 wrong: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if resp, _ := e.do(client, "GET", "/office/", nil, "", nil); resp.Request.URL.Path != "/office/login" {
		t.Error("a throttled login made a session")
	}
	e.clock.add(16 * time.Minute)
	if resp := e.login(client, "mima-2023Q3"); resp.StatusCode != 200 || resp.Request.URL.Path != "/office/" {
		t.Errorf("after the window: %d at %s", resp.StatusCode, resp.Request.URL.Path)
	}
}

// A link takes UploadsPerToken uploads per window; the next is 429 with Retry-After
// and a Chinese message, and other links are not affected.
func TestPortalRateLimited(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.UploadsPerToken = 2 })
	link := e.link("wuxing", "2023Q3")
	for i := 0; i < 2; i++ {
		if resp, _ := e.upload(link, "x.xlsx", []byte{byte(i)}); resp.StatusCode != 200 {
			t.Fatalf("upload %d: %d", i+1, resp.StatusCode)
		}
	}
	resp, body := e.do(httpClient(), "POST", link+"upload", strings.NewReader(""), "multipart/form-data; boundary=B",
		map[string]string{"Accept": "application/json", "X-Requested-With": "tenglong"})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "上传太频繁") {
		t.Errorf("third upload: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	if resp, _ := e.upload(e.link("nanxun", "2023Q3"), "x.xlsx", []byte("y")); resp.StatusCode != 200 {
		t.Errorf("another link: %d", resp.StatusCode)
	}
	e.clock.add(61 * time.Second)
	if resp, _ := e.upload(link, "x.xlsx", []byte("z")); resp.StatusCode != 200 {
		t.Errorf("after the window: %d", resp.StatusCode)
	}
}

// Every submission's audit entry carries the remote address and the link's unit
// (and the office's uploads the office's door).
func TestAuditCarriesRemoteAndUnit(t *testing.T) {
	e := newEnv(t)
	e.upload(e.link("wuxing", "2023Q3"), "a.xlsx", e.goodReturn("wuxing"))
	e.upload(e.link("anji", "2023Q3"), "b.xlsx", e.goodReturn("nanxun")) // refused: another unit's
	e.upload(e.link("anji", "2023Q3"), "c.xlsx", []byte("not a workbook"))
	entries, err := e.db.Audit(store.AuditFilter{Campaign: e.c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("%d audit entries, want 3: %+v", len(entries), entries)
	}
	for _, a := range entries {
		if a.Origin.Via != "portal" || !strings.HasPrefix(a.Origin.Remote, "127.0.0.1:") || a.Origin.LinkUnit != a.Unit || a.Unit == "" {
			t.Errorf("audit entry %s of %s: origin %+v", a.Action, a.Unit, a.Origin)
		}
	}
}

// The session cookie is HttpOnly and SameSite=Strict, and Secure when the server is
// reached over TLS; logging out ends the session on the server too.
func TestSessionCookieFlags(t *testing.T) {
	for _, tls := range []bool{false, true} {
		e := newEnv(t, func(c *Config) { c.TLS = tls })
		if err := SetPassword(e.db, "mima-2023Q3"); err != nil {
			t.Fatal(err)
		}
		jar, _ := cookiejar.New(nil)
		client := noRedirect(jar)
		_, page := e.do(client, "GET", "/office/login", nil, "", nil)
		form := url.Values{"csrf": {csrfOf(t, page)}, "password": {"mima-2023Q3"}}
		resp, _ := e.do(client, "POST", "/office/login", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie {
				session = c
			}
		}
		if resp.StatusCode != http.StatusSeeOther || session == nil {
			t.Fatalf("TLS %v: login %d, cookies %v", tls, resp.StatusCode, resp.Cookies())
		}
		if !session.HttpOnly || session.SameSite != http.SameSiteStrictMode || session.Secure != tls {
			t.Errorf("TLS %v: session cookie %+v", tls, session)
		}
		if tls {
			continue // the jar does not send a Secure cookie over plain http
		}
		_, board := e.do(client, "GET", "/office/", nil, "", nil)
		logout := url.Values{"csrf": {csrfOf(t, board)}}
		e.do(client, "POST", "/office/logout", strings.NewReader(logout.Encode()), "application/x-www-form-urlencoded", nil)
		reuse, _ := http.NewRequest("GET", e.ts.URL+"/office/", nil)
		reuse.AddCookie(session)
		r2, err := noRedirect(nil).Do(reuse)
		if err != nil {
			t.Fatal(err)
		}
		r2.Body.Close()
		if r2.StatusCode != http.StatusSeeOther {
			t.Errorf("the session still works after logout: %d", r2.StatusCode)
		}
	}
}
