package main

// Issue 13, the mail loop: send, fetch, remind and replies against real Postfix and
// Dovecot on 127.0.0.1 (internal/mailserver), run on the built binary.

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	netmail "net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"tenglong/internal/mailserver"
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
