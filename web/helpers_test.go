package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
	"tenglong/internal/testtool"
	"tenglong/seeds"
	"tenglong/store"
	"tenglong/workbook"
)

// testClock is inside huzhou-2023's 2023Q3 reporting window (due 2023-10-10).
var testClock = time.Date(2023, 10, 8, 10, 0, 0, 0, time.FixedZone("CST", 8*3600))

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is a running server on a huzhou-2023 workspace.
type env struct {
	t     *testing.T
	c     *campaign.Campaign
	db    *store.Store
	srv   *Server
	ts    *httptest.Server
	clock *clock
	log   *bytes.Buffer
}

func newEnv(t *testing.T, tweak ...func(*Config)) *env {
	t.Helper()
	data, ok := seeds.Get("huzhou-2023")
	if !ok {
		t.Fatal("no huzhou-2023 seed")
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	clk := &clock{t: testClock}
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName), store.WithClock(clk.now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	log := &bytes.Buffer{}
	cfg := Config{Campaign: c, Store: db, Now: clk.now, Log: &lockedWriter{w: log}}
	for _, f := range tweak {
		f(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, c: c, db: db, srv: srv, ts: ts, clock: clk, log: log}
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// link is a unit's portal path for a period: /u/TOKEN/.
func (e *env) link(unit, period string) string {
	e.t.Helper()
	p, err := campaign.ParsePeriod(period)
	if err != nil {
		e.t.Fatal(err)
	}
	links, err := Links(e.c, e.db, p, "")
	if err != nil {
		e.t.Fatal(err)
	}
	for _, l := range links {
		if l.Unit == unit {
			if l.URL == "" {
				e.t.Fatalf("%s's link is revoked", unit)
			}
			return l.URL
		}
	}
	e.t.Fatalf("no unit %s", unit)
	return ""
}

// get fetches a path with the default client (no cookies).
func (e *env) get(path string) (*http.Response, []byte) {
	e.t.Helper()
	return e.do(http.DefaultClient, "GET", path, nil, "", nil)
}

func (e *env) do(client *http.Client, method, path string, body io.Reader, contentType string, header map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, data
}

// template is a unit's template for 2023Q3 as the portal serves it.
func (e *env) template(unit string) []byte {
	e.t.Helper()
	resp, data := e.get(e.link(unit, "2023Q3") + "template")
	if resp.StatusCode != 200 {
		e.t.Fatalf("template of %s: %d", unit, resp.StatusCode)
	}
	return data
}

// goodReturn is a unit's template filled so that every check passes.
func (e *env) goodReturn(unit string) []byte {
	e.t.Helper()
	data, err := fill.Return(e.c, e.template(unit))
	if err != nil {
		e.t.Fatal(err)
	}
	return data
}

// badReturn is a good return with "abc" typed in its first value cell: one finding
// (not a number), returned with that cell.
func (e *env) badReturn(unit string) ([]byte, string) {
	e.t.Helper()
	good := e.goodReturn(unit)
	ret, err := workbook.ReadTemplate(good)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, in := range ret.Metadata.Inputs {
		if in.Kind == workbook.InputValue {
			bad, err := workbook.FillCells(good, []workbook.Fill{{Sheet: in.Sheet, Cell: in.Ref, Value: "abc", Text: true}})
			if err != nil {
				e.t.Fatal(err)
			}
			return bad, in.Ref
		}
	}
	e.t.Fatal("no value input")
	return nil, ""
}

// multipartBody is a form with fields and files (all in field "file").
func multipartBody(t *testing.T, fields map[string]string, files map[string][]byte) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for name, data := range files {
		part, err := w.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		part.Write(data)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

// upload posts a file to a portal link as the page's script does (JSON, header).
func (e *env) upload(link, name string, data []byte) (*http.Response, uploadReply) {
	e.t.Helper()
	body, ct := multipartBody(e.t, nil, map[string][]byte{name: data})
	resp, out := e.do(http.DefaultClient, "POST", link+"upload", body, ct,
		map[string]string{"Accept": "application/json", "X-Requested-With": "tenglong"})
	var r uploadReply
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(out, &r); err != nil {
			e.t.Fatalf("reply %s: %v", out, err)
		}
	}
	return resp, r
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf is the first form token of a page.
func csrfOf(t *testing.T, page []byte) string {
	t.Helper()
	m := csrfField.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no csrf field in %s", page)
	}
	return string(m[1])
}

// officeClient logs in with a fresh password and returns the client (cookie jar).
func (e *env) officeClient() *http.Client {
	e.t.Helper()
	if err := SetPassword(e.db, "mima-2023Q3"); err != nil {
		e.t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp := e.login(client, "mima-2023Q3")
	if resp.StatusCode != 200 || !strings.HasSuffix(resp.Request.URL.Path, "/office/") {
		e.t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return client
}

// login posts a password through the login form.
func (e *env) login(client *http.Client, password string) *http.Response {
	e.t.Helper()
	_, page := e.do(client, "GET", "/office/login", nil, "", nil)
	form := url.Values{"csrf": {csrfOf(e.t, page)}, "password": {password}}
	resp, _ := e.do(client, "POST", "/office/login", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil)
	return resp
}

// noRedirect is a client that shows redirects instead of following them.
func noRedirect(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// httpClient is a client without cookies that follows redirects.
func httpClient() *http.Client { return &http.Client{} }

// openpyxlFirstSheet reads a workbook with openpyxl (an independent reader): the
// first sheet's name and the text of its cells.
func openpyxlFirstSheet(t *testing.T, data []byte) (string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	py := testtool.Python(t, "openpyxl")
	out, err := exec.Command(py, "-c", `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(ws.title)
print(" ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None))
`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	first, text, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return first, text
}
