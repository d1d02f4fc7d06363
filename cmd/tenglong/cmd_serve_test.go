package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
	"tenglong/store"
	"tenglong/web"
)

func TestServeArgs(t *testing.T) {
	got, err := parse(t, func(env *Env, runF func(*serveOptions) error) *cobra.Command {
		return newServeCmd(env, &globalOptions{Workspace: "ws"}, runF)
	}, "--listen", "0.0.0.0:9000", "--public-url", "http://10.1.2.3:9000", "--tls-cert", "c.pem", "--tls-key", "k.pem",
		"--period", "2023Q3", "--no-browser")
	if err != nil {
		t.Fatal(err)
	}
	if got.Workspace != "ws" || got.Listen != "0.0.0.0:9000" || got.PublicURL != "http://10.1.2.3:9000" || got.TLSCert != "c.pem" ||
		got.TLSKey != "k.pem" || got.Period != "2023Q3" || !got.NoBrowser || got.SetPassword {
		t.Errorf("got %+v", got)
	}
}

// syncBuffer is a buffer a running server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serve prints the console's address first, then the portal's line; a second serve
// on the workspace is refused naming the first; closing Stop ends it with no error.
func TestServeListensAndRefusesASecond(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	var out, errs syncBuffer
	env := &Env{Stdout: &out, Stderr: &errs, Now: func() time.Time { return fixedNow }}
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- serveRun(env, &serveOptions{Workspace: ws, Listen: "127.0.0.1:0", NoBrowser: true, Stop: stop})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(out.String(), "单位填报入口") {
		if time.Now().After(deadline) {
			t.Fatalf("no listening line: %q %q", out.String(), errs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	console, ok := strings.CutPrefix(lines[0], "办公室控制台：")
	if len(lines) != 2 || !ok || !strings.HasPrefix(console, "http://127.0.0.1:") || !strings.HasSuffix(console, "/office/") ||
		lines[1] != "单位填报入口：各单位的链接见控制台“填报链接”页，或 tenglong links" {
		t.Fatalf("stdout %q", out.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(console)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET %s: %v %v", console, resp, err)
	}
	resp.Body.Close()

	second := serveRun(&Env{Stdout: io.Discard, Stderr: io.Discard, Now: env.Now},
		&serveOptions{Workspace: ws, Listen: "127.0.0.1:0", NoBrowser: true, Stop: stop})
	if second == nil || !strings.Contains(second.Error(), "已经有一个 tenglong serve 在运行") || !strings.Contains(second.Error(), console) {
		t.Errorf("second serve: %v", second)
	}
	close(stop)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := http.Get(console); err == nil {
		t.Error("still listening after stop")
	}
}

// --set-password reads one line from a pipe and stores an argon2id hash, never the
// password itself.
func TestServeSetPasswordFromPipe(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	env, out, _ := testEnv()
	if err := serveRun(env, &serveOptions{Workspace: ws, SetPassword: true, Stdin: strings.NewReader("mima-2023Q3\n")}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "已设置") {
		t.Errorf("stdout %q", out.String())
	}
	db, err := store.Open(filepath.Join(ws, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	hash, ok, err := db.Setting("office-password")
	if err != nil || !ok || !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "mima") {
		t.Errorf("stored %q %v %v", hash, ok, err)
	}
	err = serveRun(env, &serveOptions{Workspace: ws, SetPassword: true, Stdin: strings.NewReader("short\n")})
	if err == nil || !strings.Contains(err.Error(), "太短") {
		t.Errorf("a short password: %v", err)
	}
}

// The portal's template is the same bytes generate writes, on the same day.
func TestServeTemplateIsGenerates(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	if code, _, errs := run(t, "-w", ws, "generate", "--period", "2023Q3", "--units", "wuxing"); code != 0 {
		t.Fatal(errs)
	}
	generated, err := os.ReadFile(filepath.Join(ws, templatesDir, "2023Q3", "01-吴兴区-2023Q3.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	env, _, _ := testEnv()
	c, err := loadCampaign(env, campaignPath(ws, ""))
	if err != nil {
		t.Fatal(err)
	}
	db, err := openStore(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv, err := web.New(web.Config{Campaign: c, Store: db, Now: env.Now})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	p, _ := campaign.ParsePeriod("2023Q3")
	links, err := web.Links(c, db, p, ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(links[0].URL + "template")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	served, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(served, generated) {
		t.Errorf("the portal's template (%d bytes) differs from generate's (%d bytes)", len(served), len(generated))
	}
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "01-%E5%90%B4%E5%85%B4%E5%8C%BA-2023Q3.xlsx") {
		t.Errorf("file name: %s", resp.Header.Get("Content-Disposition"))
	}
}

// links --json lists every unit's link; --reissue changes one unit's link only, and
// --revoke leaves it without one.
func TestLinksJSONRevokeReissue(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	list := func() map[string]web.Link {
		code, out, errs := run(t, "-w", ws, "links", "--period", "2023Q3", "--public-url", "http://10.1.2.3:8080", "--json")
		if code != 0 {
			t.Fatal(errs)
		}
		var links []web.Link
		if err := json.Unmarshal([]byte(out), &links); err != nil {
			t.Fatal(err)
		}
		m := map[string]web.Link{}
		for _, l := range links {
			m[l.Unit] = l
		}
		return m
	}
	before := list()
	if len(before) != 6 || before["wuxing"].Name != "吴兴区" || before["wuxing"].Period != "2023Q3" ||
		!strings.HasPrefix(before["wuxing"].URL, "http://10.1.2.3:8080/u/") {
		t.Fatalf("links %+v", before)
	}
	if code, _, errs := run(t, "-w", ws, "links", "--period", "2023Q3", "--reissue", "吴兴区"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := run(t, "-w", ws, "links", "--period", "2023Q3", "--revoke", "nanxun"); code != 0 {
		t.Fatal(errs)
	}
	after := list()
	if after["wuxing"].URL == before["wuxing"].URL || after["wuxing"].URL == "" {
		t.Error("--reissue kept wuxing's link")
	}
	if after["nanxun"].URL != "" || !after["nanxun"].Revoked {
		t.Errorf("--revoke: %+v", after["nanxun"])
	}
	if after["deqing"] != before["deqing"] {
		t.Error("another unit's link changed")
	}
	if code, _, errs := run(t, "-w", ws, "links", "--revoke", "nobody"); code != exitUsage || !strings.Contains(errs, "没有单位") {
		t.Errorf("unknown unit: %d %s", code, errs)
	}
}

// The board's lights are the consolidation's: a unit with an accepted return has one
// light per indicator it reports, a unit without none.
func TestServeBoardLights(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	if code, _, errs := run(t, "-w", ws, "generate", "--period", "2023Q3", "--units", "wuxing"); code != 0 {
		t.Fatal(errs)
	}
	env, _, _ := testEnv()
	c, err := loadCampaign(env, campaignPath(ws, ""))
	if err != nil {
		t.Fatal(err)
	}
	filled, err := fill.Return(c, readBytes(t, filepath.Join(ws, templatesDir, "2023Q3", "01-吴兴区-2023Q3.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(ws, "吴兴区.xlsx")
	if err := os.WriteFile(file, filled, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := run(t, "-w", ws, "ingest", file); code != 0 {
		t.Fatal(out, errs)
	}
	db, err := openStore(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, _ := campaign.ParsePeriod("2023Q3")
	lights, err := web.ResultsLights(c, db)(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(lights["wuxing"]) == 0 || len(lights["nanxun"]) != 0 {
		t.Fatalf("lights %v", lights)
	}
	for _, l := range lights["wuxing"] {
		switch l.Status {
		case "green", "yellow", "red", "na", "pending":
		default:
			t.Errorf("%s: status %q", l.Indicator, l.Status)
		}
	}
}
