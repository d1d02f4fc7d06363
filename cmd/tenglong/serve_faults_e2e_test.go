package main

// Faults of `tenglong serve` on the built binary (issue 19): kill -9 while units are
// uploading, then restart — every upload that got an answer is stored, none is half
// stored, and the rest can be sent again; a second server on one workspace is
// refused, also after the first was killed with -9.

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tenglong/store"
)

// serveUnit is one unit's filled return and link.
type serveUnit struct {
	code, name string
	data       []byte
	link       string
}

// serveBatch is a generated campaign of n units in ws with every return filled
// (kill_test.go's killBatch), paired with the units' portal links of base.
func serveBatch(t *testing.T, ws string, n int) []*serveUnit {
	t.Helper()
	batch := killBatch(t, n, ws)
	var units []*serveUnit
	for code, path := range readManifest(t, filepath.Join(ws, "out", "2022Q3")) {
		name := filepath.Base(path)
		units = append(units, &serveUnit{code: code, name: name, data: readBytes(t, filepath.Join(batch, name))})
	}
	sort.Slice(units, func(i, j int) bool { return units[i].code < units[j].code })
	return units
}

func withLinks(t *testing.T, ws, base string, units []*serveUnit) {
	t.Helper()
	links := portalLinks(t, ws, "2022Q3", base)
	for _, u := range units {
		if u.link = links[u.code]; u.link == "" {
			t.Fatalf("tenglong links gives no link for %s", u.code)
		}
	}
}

// fileSHA is a file's checksum as the store names it.
func fileSHA(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestServeKillDuringUploads: 40 units upload at once, 6 at a time; once a few have
// their answer the server is killed with -9. After a restart (which must not be
// refused: the dead server's lock is stale) the store holds every answered upload as
// the submission the answer named, whole (file, values, rows); nothing twice; and
// the units without an answer send again and are accepted — at the end exactly one
// accepted submission per unit.
func TestServeKillDuringUploads(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	units := serveBatch(t, ws, 40)
	srv := startServe(t, ws, killClock, "--period", "2022Q3")
	withLinks(t, ws, srv.base, units)

	batch := startUploads(&http.Client{Timeout: 2 * time.Minute}, units, 6)
	batch.waitAnswered(8)
	srv.kill9()
	batch.wg.Wait()
	for i, r := range batch.results {
		if r.err == nil && r.status != http.StatusOK {
			t.Errorf("%s: HTTP %d before the kill", units[i].code, r.status)
		}
	}
	got := int(batch.answered.Load())
	if got < 8 || got == len(units) {
		t.Fatalf("%d of %d uploads answered when the server was killed: the test wants it killed mid-batch", got, len(units))
	}
	t.Logf("killed with %d of %d uploads answered", got, len(units))

	// The store as the dead server left it.
	checkStoreWhole(t, ws)
	db := openDB(t, ws)
	subs, err := db.Submissions("generated", "2022Q3")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]store.Stored{}
	for _, s := range subs {
		byID[s.ID] = s
	}
	for i, a := range batch.results {
		if !a.ok() {
			continue
		}
		u := units[i]
		s, found := byID[a.reply.Submission]
		if a.reply.Outcome != "accepted" || !found || s.Unit != u.code || s.SHA256 != fileSHA(u.data) || s.Outcome != store.Accepted {
			t.Errorf("%s: answered %+v, the store has %+v (found %v)", u.code, a.reply, s, found)
		}
	}

	// Restart: not refused, and the units without an answer send again.
	srv2 := startServe(t, ws, killClock, "--period", "2022Q3")
	withLinks(t, ws, srv2.base, units)
	client := &http.Client{Timeout: 2 * time.Minute}
	for i, a := range batch.results {
		if a.ok() {
			continue
		}
		u := units[i]
		status, r, err := portalUpload(client, u.link, u.name, u.data)
		// A file whose answer was lost in the kill may have been stored: then it is
		// a duplicate, and its unit is already 已采用.
		if err != nil || status != http.StatusOK || (r.Outcome != "accepted" && r.Outcome != "duplicate") || r.State != "已采用" {
			t.Errorf("%s after the restart: HTTP %d %+v %v", u.code, status, r, err)
		}
	}
	srv2.stop()

	checkStoreWhole(t, ws)
	db = openDB(t, ws)
	defer db.Close()
	current, err := db.Current("generated", "2022Q3")
	if err != nil {
		t.Fatal(err)
	}
	perUnit := map[string]int{}
	for _, c := range current {
		perUnit[c.Unit]++
	}
	for _, u := range units {
		if perUnit[u.code] != 1 {
			t.Errorf("%s: %d current accepted submissions, want 1", u.code, perUnit[u.code])
		}
	}
}

// checkStoreWhole: every submission of the store is whole — its file kept with the
// bytes its checksum names, an accepted one with its values and list rows — and no
// file was recorded twice.
func checkStoreWhole(t *testing.T, ws string) {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	subs, err := db.Submissions("generated", "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int64{}
	for _, s := range subs {
		if other, twice := seen[s.SHA256]; twice {
			t.Errorf("submissions %d and %d are the same file %s", other, s.ID, s.SHA256[:12])
		}
		seen[s.SHA256] = s.ID
		data, err := db.File(s.SHA256)
		if err != nil || fileSHA(data) != s.SHA256 {
			t.Errorf("submission %d (%s): its file is not kept whole: %v", s.ID, s.Unit, err)
		}
		full, err := db.Load(s.ID)
		if err != nil {
			t.Errorf("submission %d: %v", s.ID, err)
			continue
		}
		if s.Outcome == store.Accepted && (len(full.Values) == 0 || len(full.Rows) == 0) {
			t.Errorf("submission %d (%s): accepted with %d values and %d list rows: half stored", s.ID, s.Unit, len(full.Values), len(full.Rows))
		}
	}
}

// TestServeSecondRefused: a second `tenglong serve` on the workspace exits 1 with a
// Chinese message naming the running one (its address or pid); after the first is
// killed with -9 a new one starts (the lock is stale), and refuses the next in turn.
func TestServeSecondRefused(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	runOK(t, "init", ws, "--seed", "huzhou-2023")

	first := startServe(t, ws, "")
	refused := func(running *serveProc) {
		t.Helper()
		cmd := serveCmd(ws, "")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		done := make(chan error, 1)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			<-done
			t.Fatalf("a second tenglong serve on the workspace still runs after a minute; stdout: %s", stdout.String())
		}
		if code := cmd.ProcessState.ExitCode(); code != 1 {
			t.Errorf("second serve: exit %d, want 1\nstdout: %s\nstderr: %s", code, stdout.String(), stderr.String())
		}
		msg := stderr.String()
		port := strings.TrimPrefix(running.base, "http://127.0.0.1")
		pid := strconv.Itoa(running.cmd.Process.Pid)
		if !strings.Contains(msg, port) && !strings.Contains(msg, pid) {
			t.Errorf("second serve says %q: want the running one's address (%s) or pid (%s)", msg, running.base, pid)
		}
		if !hasHan(msg) {
			t.Errorf("second serve says %q: want a Chinese message", msg)
		}
		if strings.Contains(stdout.String(), "办公室控制台") {
			t.Errorf("second serve printed an address: %s", stdout.String())
		}
	}
	refused(first)
	// The first still serves.
	if resp, err := http.Get(first.base + "/office/login"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the first server stopped answering after the refused second: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}

	first.kill9()
	third := startServe(t, ws, "")
	refused(third)
	third.stop()
	if _, err := os.Stat(filepath.Join(ws, store.FileName)); err != nil {
		t.Fatal(err)
	}
}

// hasHan reports whether s contains a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// TestServeTermDuringUploads: SIGTERM while units upload (the office closes the
// window, the service manager stops it): the server exits 0, and every upload either
// got its answer and is stored, or got no answer and is not stored — connection
// refused after the listener closed, or reset while it still waited in the kernel's
// queue unaccepted (the portal then says 上传失败 and the clerk sends again). An
// upload the server had taken in must be answered: one stored without an answer
// fails the test.
func TestServeTermDuringUploads(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	units := serveBatch(t, ws, 30)
	srv := startServe(t, ws, killClock, "--period", "2022Q3")
	withLinks(t, ws, srv.base, units)

	// No keep-alive: a POST on a connection the server closes as idle would fail
	// without being sent, and would look like an upload cut off.
	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{DisableKeepAlives: true}}
	batch := startUploads(client, units, 6)
	batch.waitAnswered(6)
	srv.stop() // SIGTERM, exit status 0 within a minute
	batch.wg.Wait()

	db := openDB(t, ws)
	defer db.Close()
	stored := map[string]bool{}
	subs, err := db.Submissions("generated", "2022Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range subs {
		stored[s.SHA256] = true
	}
	unanswered := 0
	for i, r := range batch.results {
		u := units[i]
		if r.ok() {
			if r.reply.Outcome != "accepted" || !stored[fileSHA(u.data)] {
				t.Errorf("%s: answered %+v, stored %v", u.code, r.reply, stored[fileSHA(u.data)])
			}
			continue
		}
		unanswered++
		if r.err == nil {
			t.Errorf("%s: HTTP %d during the shutdown, want an answer or no connection", u.code, r.status)
		}
		if stored[fileSHA(u.data)] {
			t.Errorf("%s: stored without an answer (%v): the shutdown cut off an upload it had taken in", u.code, r.err)
		}
	}
	if unanswered == 0 || unanswered == len(units) {
		t.Errorf("%d of %d uploads unanswered: the test wants the server stopped mid-batch", unanswered, len(units))
	}
	checkStoreWhole(t, ws)
}

// uploadBatch is every unit's return being uploaded in the background, a few at a
// time, as a township rush does.
type uploadBatch struct {
	results  []uploadResult // by unit, once wg is done
	answered atomic.Int32   // 200 answers so far
	wg       sync.WaitGroup
}

type uploadResult struct {
	status int
	reply  portalReply
	err    error // no answer: the server was gone or went
}

func (r uploadResult) ok() bool { return r.err == nil && r.status == http.StatusOK }

func startUploads(client *http.Client, units []*serveUnit, workers int) *uploadBatch {
	b := &uploadBatch{results: make([]uploadResult, len(units))}
	jobs := make(chan int)
	for range workers {
		b.wg.Go(func() {
			for i := range jobs {
				u := units[i]
				status, r, err := portalUpload(client, u.link, u.name, u.data)
				b.results[i] = uploadResult{status, r, err}
				if b.results[i].ok() {
					b.answered.Add(1)
				}
			}
		})
	}
	go func() {
		for i := range units {
			jobs <- i
		}
		close(jobs)
	}()
	return b
}

// waitAnswered waits (three minutes at most) until n uploads have their answer.
func (b *uploadBatch) waitAnswered(n int32) {
	deadline := time.Now().Add(3 * time.Minute)
	for b.answered.Load() < n && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}

// csrfField is the hidden csrf field of a console form.
var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// officeClient logs in to the console of a running server with the password, as a
// browser does (the login form's token and cookie, then the session cookie).
func officeClient(t *testing.T, base, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Jar: jar, Timeout: 2 * time.Minute}
	token := formToken(t, client, base+"/office/login")
	resp, err := client.PostForm(base+"/office/login", url.Values{"csrf": {token}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/office/" {
		t.Fatalf("login ended at %s (HTTP %d), want the board", resp.Request.URL, resp.StatusCode)
	}
	return client
}

// formToken is the csrf field of the page's form.
func formToken(t *testing.T, client *http.Client, page string) string {
	t.Helper()
	resp, err := client.Get(page)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfField.FindSubmatch(body)
	if m == nil {
		t.Fatalf("%s has no csrf field:\n%s", page, body)
	}
	return string(m[1])
}

// officeUploadZip posts a zip through the console's upload form; err when the
// server did not answer.
func officeUploadZip(t *testing.T, client *http.Client, base string, zipData []byte) (int, string, error) {
	t.Helper()
	token := formToken(t, client, base+"/office/upload")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	fw, _ := mw.CreateFormFile("file", "批次.zip")
	fw.Write(zipData)
	mw.Close()
	resp, err := client.Post(base+"/office/upload", mw.FormDataContentType(), &body)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page), err
}

// acceptedCount is the number of units `tenglong status --json` shows accepted: a
// second process reading the store while the server writes it.
func acceptedCount(t *testing.T, ws string) int {
	t.Helper()
	out, err := exec.Command(binary, "-w", ws, "status", "--json", "--period", "2022Q3").Output()
	if err != nil {
		t.Fatalf("status --json: %v", err)
	}
	return strings.Count(string(out), `"state": "accepted"`)
}

// TestServeKillDuringOfficeZip: the office uploads a zip of 60 returns; once a few
// are in the store the server is killed with -9. After a restart the store is whole
// (each file recorded is whole, none twice) and the same zip uploaded again is
// taken: the files recorded before the kill as duplicates, the rest accepted — at
// the end one accepted submission per unit.
func TestServeKillDuringOfficeZip(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "ws")
	units := serveBatch(t, ws, 60) // a zip that takes a while, so the kill falls inside it
	pw := exec.Command(binary, "-w", ws, "serve", "--set-password")
	pw.Stdin = strings.NewReader(officePassword + "\n")
	if out, err := pw.CombinedOutput(); err != nil {
		t.Fatalf("serve --set-password: %v\n%s", err, out)
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, u := range units {
		w, err := zw.Create(u.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(u.data)
	}
	zw.Close()

	srv := startServe(t, ws, killClock, "--period", "2022Q3")
	client := officeClient(t, srv.base, officePassword)
	answered := make(chan error, 1)
	go func() {
		_, _, err := officeUploadZip(t, client, srv.base, zbuf.Bytes())
		answered <- err
	}()
	deadline := time.Now().Add(3 * time.Minute)
	for acceptedCount(t, ws) < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	srv.kill9()
	if err := <-answered; err == nil {
		t.Fatal("the zip's upload was answered before the kill: the test wants it killed midway")
	}
	before := acceptedCount(t, ws)
	if before < 3 || before == len(units) {
		t.Fatalf("%d of %d returns stored when the server was killed: the test wants it midway", before, len(units))
	}
	t.Logf("killed with %d of %d returns of the zip stored", before, len(units))
	checkStoreWhole(t, ws)

	srv2 := startServe(t, ws, killClock, "--period", "2022Q3")
	status, page, err := officeUploadZip(t, officeClient(t, srv2.base, officePassword), srv2.base, zbuf.Bytes())
	if err != nil || status != http.StatusOK {
		t.Fatalf("the zip again after the restart: HTTP %d %v\n%s", status, err, page)
	}
	srv2.stop()
	checkStoreWhole(t, ws)
	if n := acceptedCount(t, ws); n != len(units) {
		t.Errorf("%d of %d units accepted after the zip was sent again", n, len(units))
	}
	db := openDB(t, ws)
	defer db.Close()
	current, err := db.Current("generated", "2022Q3")
	if err != nil {
		t.Fatal(err)
	}
	if len(current) != len(units) {
		t.Errorf("%d current submissions, want one per unit (%d)", len(current), len(units))
	}
}
