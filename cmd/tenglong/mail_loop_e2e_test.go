package main

// Issue 13, the mail loop: send, fetch, remind and replies against real Postfix and
// Dovecot on 127.0.0.1 (internal/mailserver), run on the built binary.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/internal/mailserver"
	"tenglong/internal/testtool"
	mailpkg "tenglong/mail"
	"tenglong/outbox"
	"tenglong/store"
	"tenglong/workbook"
)

// mailWorkspace is a huzhou-2023 workspace whose units have contact emails and whose
// campaign.yaml has a mail: block pointing at the servers, generated for 2023Q3.
type mailWorkspace struct {
	ws    string
	srv   *mailserver.Servers
	env   []string // the password in the environment
	units map[string]string
}

func newMailWorkspace(t *testing.T, srv *mailserver.Servers, rate string, smtpPort int) *mailWorkspace {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	path := filepath.Join(ws, "campaign.yaml")
	yaml := string(readBytes(t, path))
	units := map[string]string{}
	unitLine := regexp.MustCompile(`(?m)^  - \{code: ([a-z-]+), name: ([^,]+), kind: (area|department)\}$`)
	yaml = unitLine.ReplaceAllStringFunc(yaml, func(line string) string {
		m := unitLine.FindStringSubmatch(line)
		units[m[1]] = m[2]
		return fmt.Sprintf("  - {code: %s, name: %s, kind: %s, contact: {name: 联系人, email: %s@huzhou.test}}", m[1], m[2], m[3], m[1])
	})
	if len(units) < 4 {
		t.Fatalf("found %d units in campaign.yaml", len(units))
	}
	yaml += fmt.Sprintf(`
mail:
  host: 127.0.0.1
  port: %d
  tls: none
  username: %s
  from: 湖州市制造业办 <office@huzhou.test>
  rate: %s
  imap-port: %d
  imap-tls: none
  timeout: 3
`, smtpPort, srv.User, rate, srv.IMAPPort)
	writeBytes(t, path, []byte(yaml))
	binOK(t, nil, "-w", ws, "check")
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	return &mailWorkspace{ws: ws, srv: srv, env: []string{"TENGLONG_MAIL_PASSWORD=" + srv.Password}, units: units}
}

// delivered maps Message-ID → how many copies the Maildir holds, for messages sent by
// tenglong (kind given: template, remind, return).
func delivered(t *testing.T, srv *mailserver.Servers, kind string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, f := range srv.Messages() {
		data := readBytes(t, f)
		m, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id := m.Header.Get("Message-Id")
		if strings.HasPrefix(id, "<tenglong."+kind+".") {
			out[id]++
		}
	}
	return out
}

// TestSendResumes: a dry run sends nothing; send mails every unit its template; a
// send killed mid-run and run again sends what is left and nothing twice; a third run
// sends nothing.
func TestSendResumes(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "4", srv.SMTPPort)
	n := len(mw.units)

	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--dry-run")
	if code != 0 || strings.Count(out, "将发送模板") != n || !strings.Contains(out, "没有发出任何邮件") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	time.Sleep(500 * time.Millisecond)
	if got := len(srv.Messages()); got != 0 {
		t.Fatalf("a dry run delivered %d messages", got)
	}

	// Killed after two messages are on their way, then after more.
	for _, after := range []int{2, 5} {
		cmd := exec.Command(binary, "-w", mw.ws, "send", "--period", "2023Q3")
		cmd.Env = append(os.Environ(), mw.env...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		srv.WaitMessages(after, 20*time.Second)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 0 {
		t.Fatalf("rerun: exit %d\n%s%s", code, out, errs)
	}
	unknown := strings.Count(out, "状态不明  ")
	time.Sleep(time.Second)
	got := delivered(t, srv, "template")
	for id, copies := range got {
		if copies != 1 {
			t.Errorf("%s delivered %d times", id, copies)
		}
	}
	if len(got)+unknown < n || len(got) > n {
		t.Errorf("%d units, %d delivered, %d reported unknown\n%s", n, len(got), unknown, out)
	}
	t.Logf("after the kills: %d delivered, %d unknown\n%s", len(got), unknown, out)

	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 0 || !strings.Contains(out, "本次发送 0，") {
		t.Fatalf("third run: exit %d\n%s%s", code, out, errs)
	}
	if again := delivered(t, srv, "template"); len(again) != len(got) {
		t.Errorf("the third run delivered more: %d then %d", len(got), len(again))
	}
}

// TestSendFailures: a refused login, a server that drops the connection and one that
// never answers each give a Chinese message and exit 1, sending nothing and recording
// nothing as sent; once the server works the next run sends everything.
func TestSendFailures(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)

	code, out, errs := binRun(t, []string{"TENGLONG_MAIL_PASSWORD=wrong"}, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 1 || !strings.Contains(errs, "拒绝登录") {
		t.Errorf("wrong password: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("wrong password:\n%s", errs)

	code, out, errs = binRun(t, nil, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 1 || !strings.Contains(errs, "TENGLONG_MAIL_PASSWORD") {
		t.Errorf("no password: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("no password:\n%s", errs)

	for _, c := range []struct {
		name, want string
		serve      func(net.Conn)
	}{
		{"drop", "断开", func(c net.Conn) { c.Close() }},
		{"drop after login", "断开", func(c net.Conn) {
			// A server that greets and logs in, then drops the line at the first message.
			w := bufio.NewWriter(c)
			r := bufio.NewReader(c)
			w.WriteString("220 fake ESMTP\r\n")
			w.Flush()
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
				case "EHLO", "HELO":
					w.WriteString("250-fake\r\n250 AUTH PLAIN\r\n")
				case "AUTH":
					w.WriteString("235 ok\r\n")
				case "MAIL":
					c.Close()
					return
				default:
					w.WriteString("250 ok\r\n")
				}
				w.Flush()
			}
		}},
		{"silent", "没有响应", func(c net.Conn) { time.Sleep(10 * time.Second); c.Close() }},
	} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				go c.serve(conn)
			}
		}()
		bad := newMailWorkspace(t, srv, "50", l.Addr().(*net.TCPAddr).Port)
		code, out, errs := binRun(t, bad.env, "-w", bad.ws, "send", "--period", "2023Q3")
		l.Close()
		if code != 1 || !strings.Contains(errs, c.want) {
			t.Errorf("%s: exit %d, want 1 and %q\n%s%s", c.name, code, c.want, out, errs)
		}
		t.Logf("%s:\n%s", c.name, errs)
	}

	binOK(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	srv.WaitMessages(len(mw.units), 20*time.Second)
	if got := delivered(t, srv, "template"); len(got) != len(mw.units) {
		t.Errorf("after the failures: %d delivered, want %d", len(got), len(mw.units))
	}
}

// replyJob is one township reply for testdata/mail/reply.py.
type replyJob struct {
	Host      string `json:"host"`
	Port      int    `json:"port"`
	User      string `json:"user"`
	Password  string `json:"password"`
	From      string `json:"from"`
	To        string `json:"to"`
	Subject   string `json:"subject"`
	InReplyTo string `json:"in_reply_to"`
	File      string `json:"file"`
}

// townshipsReply has every unit reply with a filled return through Python's smtplib;
// the units in bad reply with a value that is not a number (rejected).
func townshipsReply(t *testing.T, mw *mailWorkspace, bad map[string]bool) {
	t.Helper()
	dir := t.TempDir()
	var jobs bytes.Buffer
	for unit, path := range readManifest(t, filepath.Join(mw.ws, templatesDir, "2023Q3")) {
		override := map[string]string{}
		if bad[unit] {
			ret, err := workbook.ReadTemplate(readBytes(t, path))
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range ret.Metadata.Inputs {
				if in.Kind == workbook.InputValue {
					override[in.Key] = "不知道"
					break
				}
			}
		}
		file := filepath.Join(dir, filepath.Base(path))
		writeBytes(t, file, filledReturn(t, mw.ws, "2023Q3", unit, override))
		line, _ := json.Marshal(replyJob{Host: "127.0.0.1", Port: mw.srv.SMTPPort, User: mw.srv.User, Password: mw.srv.Password,
			From: unit + "@huzhou.test", To: "office@huzhou.test", Subject: "回复：" + unit + " 2023Q3 报表", File: file})
		jobs.Write(append(line, '\n'))
	}
	py := testtool.Python(t)
	cmd := exec.Command(py, filepath.Join("testdata", "mail", "reply.py"))
	cmd.Stdin = &jobs
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("reply.py: %v\n%s", err, out)
	}
}

// statusStates is status --json: unit → state.
func statusStates(t *testing.T, ws string) map[string]string {
	t.Helper()
	var doc struct {
		Units []struct {
			Code  string `json:"code"`
			State string `json:"state"`
		} `json:"units"`
	}
	if err := json.Unmarshal([]byte(binOK(t, nil, "-w", ws, "status", "--period", "2023Q3", "--json")), &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, u := range doc.Units {
		out[u.Code] = u.State
	}
	return out
}

// TestMailLoop: generate → send → the townships reply with filled returns (a Python
// script) → fetch → status shows every return accepted but the one with a bad value,
// each once (TestFetchKilled kills fetch mid-run); a rerun takes nothing; a mailbox
// renumbered by the server (new UIDVALIDITY) is read again and nothing is taken twice.
func TestMailLoop(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	n := len(mw.units)
	binOK(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	srv.WaitMessages(n, 20*time.Second)
	townshipsReply(t, mw, map[string]bool{"wuxing": true})
	if got := srv.WaitMessages(2*n, 20*time.Second); len(got) != 2*n {
		t.Fatalf("%d messages in the mailbox, want %d", len(got), 2*n)
	}

	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "fetch")
	if code != 3 || !strings.Contains(out, "本办自己发出的邮件") {
		t.Fatalf("fetch: exit %d, want 3 (one return rejected)\n%s%s", code, out, errs)
	}
	t.Logf("fetch:\n%s", out)
	states := statusStates(t, mw.ws)
	for unit := range mw.units {
		want := "accepted"
		if unit == "wuxing" {
			want = "rejected"
		}
		if states[unit] != want {
			t.Errorf("%s: %s, want %s", unit, states[unit], want)
		}
	}
	db := openDB(t, mw.ws)
	subs, _ := db.Submissions("huzhou-2023", "2023Q3")
	db.Close()
	if len(subs) != n {
		t.Errorf("%d submissions, want %d (one per reply)", len(subs), n)
	}

	code, out, _ = binRun(t, mw.env, "-w", mw.ws, "fetch")
	if code != 0 || !strings.Contains(out, "收取新邮件 0 封") {
		t.Errorf("rerun: exit %d\n%s", code, out)
	}

	// Dovecot renumbers a Maildir whose uidlist is gone: a new UIDVALIDITY.
	if err := os.Remove(filepath.Join(srv.Maildir, "dovecot-uidlist")); err != nil {
		t.Fatal(err)
	}
	code, out, _ = binRun(t, mw.env, "-w", mw.ws, "fetch")
	if code != 0 || strings.Count(out, "之前已收取过同样的邮件") != 2*n {
		t.Errorf("renumbered: exit %d\n%s", code, out)
	}
	db = openDB(t, mw.ws)
	subs, _ = db.Submissions("huzhou-2023", "2023Q3")
	db.Close()
	if len(subs) != n {
		t.Errorf("after renumbering: %d submissions, want %d", len(subs), n)
	}

	// 催报: only wuxing (rejected) is waiting; once a day.
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3", "--dry-run")
	if code != 0 || strings.Count(out, "将发送催报") != 1 || !strings.Contains(out, "吴兴区") {
		t.Errorf("remind --dry-run: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3")
	if code != 0 || strings.Count(out, "已发送催报") != 1 {
		t.Errorf("remind: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("remind:\n%s", out)
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3")
	if code != 0 || !strings.Contains(out, "本次发送 0，之前已发送 1") {
		t.Errorf("remind again: exit %d\n%s%s", code, out, errs)
	}

	// The rejected return goes back, marked up, with its findings in the body; once.
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--returns")
	if code != 0 || strings.Count(out, "已发送退回") != 1 {
		t.Errorf("send --returns: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--returns")
	if code != 0 || !strings.Contains(out, "本次发送 0，之前已发送 1") {
		t.Errorf("send --returns again: exit %d\n%s%s", code, out, errs)
	}
	srv.WaitMessages(2*n+2, 20*time.Second)
	if r, b := delivered(t, srv, "remind"), delivered(t, srv, "return"); len(r) != 1 || len(b) != 1 {
		t.Fatalf("delivered %d reminders and %d returns, want 1 and 1", len(r), len(b))
	}
	for _, f := range srv.Messages() {
		data := readBytes(t, f)
		if !bytes.Contains(data, []byte("Message-ID: <tenglong.return.")) {
			continue
		}
		msg, err := mailpkg.ReadSaved(data, mailpkg.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		if len(msg.Attachments) != 1 || !strings.HasSuffix(msg.Attachments[0].Name, "-退回修改.xlsx") {
			t.Errorf("the return's attachments: %+v", msg.Attachments)
		}
		if body := textBody(t, data); !strings.Contains(body, "错误 ") || !strings.Contains(body, "吴兴区") {
			t.Errorf("the return's body lists no findings:\n%s", body)
		}
		marked, err := workbook.ReadVisible(msg.Attachments[0].Data)
		if err != nil || marked == nil {
			t.Errorf("the marked-up copy does not open: %v", err)
		}
	}
	// fetch takes the office's own messages in and skips them.
	code, out, _ = binRun(t, mw.env, "-w", mw.ws, "fetch")
	if code != 0 || strings.Count(out, "本办自己发出的邮件") != 2 {
		t.Errorf("fetch after remind and returns: exit %d\n%s", code, out)
	}
}

// corpusMailWorkspace is a generated campaign of n units (each with an email) whose
// mail: block points at the servers, generated for 2022Q3, and its filled returns.
func corpusMailWorkspace(t testing.TB, srv *mailserver.Servers, units int, rate string) (ws string, returns []string) {
	yaml := corpus.Campaign(corpus.Size{Units: units, Indicators: 10})
	c, probs := campaign.LoadAndCheck(yaml)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	root := t.TempDir()
	ws = filepath.Join(root, "office")
	os.MkdirAll(ws, 0o755)
	yaml = append(yaml, fmt.Sprintf(`
mail:
  host: 127.0.0.1
  port: %d
  tls: none
  username: %s
  from: 办公室 <office@example.cn>
  rate: %s
  imap-port: %d
  imap-tls: none
`, srv.SMTPPort, srv.User, rate, srv.IMAPPort)...)
	if err := os.WriteFile(filepath.Join(ws, campaignFile), yaml, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "-w", ws, "generate", "--period", "2022Q3").CombinedOutput()
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	dir := filepath.Join(root, "returns")
	os.MkdirAll(dir, 0o755)
	for _, path := range readManifestTB(t, filepath.Join(ws, templatesDir, "2022Q3")) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		filled, err := fill.Return(c, data)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, filepath.Base(path))
		if err := os.WriteFile(file, filled, 0o644); err != nil {
			t.Fatal(err)
		}
		returns = append(returns, file)
	}
	sort.Strings(returns)
	return ws, returns
}

// readManifestTB is readManifest for a benchmark too: unit code → template path.
func readManifestTB(t testing.TB, dir string) map[string]string {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range records[1:] {
		out[r[0]] = filepath.Join(dir, r[4])
	}
	return out
}

// replyAll sends every return as a reply from its unit (u0001@example.cn) through
// Python's smtplib.
func replyAll(t testing.TB, srv *mailserver.Servers, files []string) {
	var jobs bytes.Buffer
	for _, f := range files {
		line, _ := json.Marshal(replyJob{Host: "127.0.0.1", Port: srv.SMTPPort, User: srv.User, Password: srv.Password,
			From: "township@example.cn", To: "office@example.cn", Subject: "报表 " + filepath.Base(f), File: f})
		jobs.Write(append(line, '\n'))
	}
	py := "/usr/bin/python3"
	cmd := exec.Command(py, filepath.Join("testdata", "mail", "reply.py"))
	cmd.Stdin = &jobs
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("reply.py: %v\n%s", err, out)
	}
}

// TestFetchKilled: fetch of 150 replies killed at two moments mid-run, then rerun,
// takes every message exactly once: 150 accepted, 150 submissions, every fetched
// message ingested.
func TestFetchKilled(t *testing.T) {
	srv := mailserver.Start(t)
	ws, files := corpusMailWorkspace(t, srv, 150, "50")
	replyAll(t, srv, files)
	if got := srv.WaitMessages(len(files), 30*time.Second); len(got) != len(files) {
		t.Fatalf("%d messages, want %d", len(got), len(files))
	}
	env := []string{"TENGLONG_MAIL_PASSWORD=" + srv.Password}
	killedMid := 0
	for _, after := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond} {
		cmd := exec.Command(binary, "-w", ws, "fetch", "--batch", "5", "--workers", "1")
		cmd.Env = append(os.Environ(), env...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(after):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			killedMid++
		}
	}
	if killedMid == 0 {
		t.Error("fetch finished before either kill: the test killed nothing")
	}
	code, out, errs := binRun(t, env, "-w", ws, "fetch")
	if code != 0 {
		t.Fatalf("fetch: exit %d\n%s%s", code, out, errs)
	}
	db := openDB(t, ws)
	defer db.Close()
	subs, _ := db.Submissions("generated", "2022Q3")
	accepted := 0
	for _, s := range subs {
		if s.Outcome == store.Accepted {
			accepted++
		}
	}
	pending, _ := db.PendingFetched()
	if len(subs) != len(files) || accepted != len(files) || len(pending) != 0 {
		t.Errorf("%d submissions, %d accepted, %d fetched but not ingested; want %d, %d, 0\n%s", len(subs), accepted, len(pending), len(files), len(files), out)
	}
}

// textBody is the text/plain part of a multipart message, decoded with the standard
// library (not tenglong's reader).
func textBody(t *testing.T, data []byte) string {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			raw, _ := io.ReadAll(p)
			if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
				dec, err := base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
				if err != nil {
					t.Fatal(err)
				}
				return string(dec)
			}
			return string(raw)
		}
	}
}

// TestMailPasswordRefused: a password written into campaign.yaml's mail: block is an
// error of check (exit 3) naming the line and where the password goes instead; and a
// campaign without mail: makes send say how to send the drafts by hand.
func TestMailPasswordRefused(t *testing.T) {
	ws := filepath.Join(t.TempDir(), "office")
	binOK(t, nil, "init", ws, "--seed", "huzhou-2023")
	path := filepath.Join(ws, "campaign.yaml")
	plain := readBytes(t, path)
	binOK(t, nil, "-w", ws, "generate", "--period", "2023Q3")
	code, out, errs := binRun(t, nil, "-w", ws, "send", "--period", "2023Q3")
	if code != 1 || !strings.Contains(errs, "没有 mail: 邮件设置") || !strings.Contains(errs, "邮件草稿") {
		t.Errorf("no mail block: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("no mail block:\n%s", errs)
	writeBytes(t, path, append(plain, []byte("\nmail:\n  host: smtp.example.cn\n  username: office\n  password: secret123\n")...))
	code, out, errs = binRun(t, nil, "-w", ws, "check")
	if code != 3 || !strings.Contains(out+errs, "邮箱密码不能写在 campaign.yaml 里") || !strings.Contains(out+errs, "mail-password-in-file") {
		t.Errorf("password in the file: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("password in the file:\n%s%s", out, errs)
}

// TestDemoMailLoop: the demo runs the mail loop against a local server given with
// --mail (send, the townships' replies, fetch, the rejected return mailed back), and
// without one points at the .eml drafts.
func TestDemoMailLoop(t *testing.T) {
	srv := mailserver.Start(t)
	dir := filepath.Join(t.TempDir(), "demo")
	env := []string{"TENGLONG_MAIL_PASSWORD=" + srv.Password}
	out := binOK(t, env, "demo", "--dir", dir, "--mail", fmt.Sprintf("127.0.0.1:%d:%d:%s", srv.SMTPPort, srv.IMAPPort, srv.User))
	for _, want := range []string{"第 5 步之二：用邮件发出模板", "已发送模板", "收取新邮件", "已发送退回", "演示完成"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo --mail output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
	out = binOK(t, nil, "demo", "--dir", filepath.Join(t.TempDir(), "demo"))
	if !strings.Contains(out, "邮件草稿（.eml）") || strings.Contains(out, "已发送模板") {
		t.Errorf("demo without a server:\n%s", out)
	}
}

// TestFetchFailures: an IMAP server that refuses the login, drops the connection or
// never answers gives a Chinese message and exit 1, and what an earlier fetch took
// stays taken.
func TestFetchFailures(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	townshipsReply(t, mw, nil)
	srv.WaitMessages(len(mw.units), 20*time.Second)
	binOK(t, mw.env, "-w", mw.ws, "fetch")
	before := len(statusStates(t, mw.ws))

	code, out, errs := binRun(t, []string{"TENGLONG_MAIL_PASSWORD=wrong"}, "-w", mw.ws, "fetch")
	if code != 1 || !strings.Contains(errs, "拒绝登录") {
		t.Errorf("wrong password: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("wrong password:\n%s", errs)
	path := filepath.Join(mw.ws, "campaign.yaml")
	good := readBytes(t, path)
	for _, c := range []struct {
		name, want string
		serve      func(net.Conn)
	}{
		{"drop", "断开", func(c net.Conn) { c.Close() }},
		{"drop after greeting", "断开", func(c net.Conn) {
			c.Write([]byte("* OK fake IMAP ready\r\n"))
			bufio.NewReader(c).ReadString('\n')
			c.Close()
		}},
		{"silent", "没有响应", func(c net.Conn) { time.Sleep(10 * time.Second); c.Close() }},
	} {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			for {
				conn, err := l.Accept()
				if err != nil {
					return
				}
				go c.serve(conn)
			}
		}()
		bad := strings.Replace(string(good), fmt.Sprintf("imap-port: %d", srv.IMAPPort), fmt.Sprintf("imap-port: %d", l.Addr().(*net.TCPAddr).Port), 1)
		writeBytes(t, path, []byte(bad))
		code, out, errs := binRun(t, mw.env, "-w", mw.ws, "fetch")
		l.Close()
		if code != 1 || !strings.Contains(errs, c.want) || strings.Contains(errs, "imap/client") {
			t.Errorf("%s: exit %d, want 1 and %q, and no English library line\n%s%s", c.name, code, c.want, out, errs)
		}
		t.Logf("%s:\n%s", c.name, errs)
	}
	writeBytes(t, path, good)
	states := statusStates(t, mw.ws)
	accepted := 0
	for _, s := range states {
		if s == "accepted" {
			accepted++
		}
	}
	if len(states) != before || accepted != len(mw.units) {
		t.Errorf("after the failures: %v", states)
	}
}

// TestSendUnknownNotResent: a message whose last entry is "sending" (the run died
// between the data and the server's answer) is named and not resent; with
// --resend-unknown it goes, under the Message-ID its first try had.
func TestSendUnknownNotResent(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	db := openDB(t, mw.ws)
	key := store.MailKey{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "deqing", Kind: "template"}
	id := outbox.MessageID(key, "湖州市制造业办 <office@huzhou.test>")
	if err := db.LogMail(store.MailEntry{MailKey: key, MessageID: id, Recipient: "deqing@huzhou.test", State: store.MailSending}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 0 || !strings.Contains(out, "状态不明  德清县：上次发送模板时程序中断，可能已经发出，这次没有重发") || !strings.Contains(out, "状态不明 1") {
		t.Fatalf("send: exit %d\n%s%s", code, out, errs)
	}
	t.Logf("unknown:\n%s", out)
	srv.WaitMessages(len(mw.units)-1, 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	if got := delivered(t, srv, "template"); len(got) != len(mw.units)-1 || got["<"+id+">"] != 0 {
		t.Fatalf("delivered %d (德清县 %d), want %d and none to 德清县", len(got), got["<"+id+">"], len(mw.units)-1)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--resend-unknown")
	if code != 0 || !strings.Contains(out, "已发送模板  德清县") || !strings.Contains(out, "本次发送 1，") {
		t.Fatalf("--resend-unknown: exit %d\n%s%s", code, out, errs)
	}
	srv.WaitMessages(len(mw.units), 20*time.Second)
	if got := delivered(t, srv, "template"); len(got) != len(mw.units) || got["<"+id+">"] != 1 {
		t.Errorf("after --resend-unknown: %d delivered, 德清县 %d", len(got), got["<"+id+">"])
	}
}
