package web

import (
	"bytes"
	"context"
	"fmt"
	netmail "net/mail"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/mailserver"
	"tenglong/mail"
	"tenglong/seeds"
)

// mailEnv is a server on huzhou-2023 with every unit given an address and mail:
// pointing at a real Postfix + Dovecot (internal/mailserver), as the CLI's mail tests
// set it up; the password is in the environment variable the campaign reads.
func mailEnv(t *testing.T) (*env, *mailserver.Servers) {
	srv := mailserver.Start(t)
	data, _ := seeds.Get("huzhou-2023")
	yaml := string(data)
	unitLine := regexp.MustCompile(`(?m)^  - \{code: ([a-z-]+), name: ([^,]+), kind: (area|department)\}$`)
	yaml = unitLine.ReplaceAllStringFunc(yaml, func(line string) string {
		m := unitLine.FindStringSubmatch(line)
		return fmt.Sprintf("  - {code: %s, name: %s, kind: %s, contact: {name: 联系人, email: %s@huzhou.test}}", m[1], m[2], m[3], m[1])
	})
	yaml += fmt.Sprintf("\nmail:\n  host: 127.0.0.1\n  port: %d\n  tls: none\n  username: %s\n  from: 湖州市制造业办 <office@huzhou.test>\n  rate: 20\n  timeout: 5\n  imap-port: %d\n  imap-tls: none\n",
		srv.SMTPPort, srv.User, srv.IMAPPort)
	c, probs := campaign.LoadAndCheck([]byte(yaml))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	t.Setenv(campaign.DefaultPasswordEnv, srv.Password)
	ws := t.TempDir()
	e := newEnv(t, func(cfg *Config) { cfg.Campaign, cfg.Workspace = c, ws })
	e.c = c
	return e, srv
}

// tenglongMail counts the delivered messages tenglong sent of a kind (its Message-ID
// says which), by unit address.
func tenglongMail(t *testing.T, srv *mailserver.Servers, kind string) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, f := range srv.Messages() {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(m.Header.Get("Message-Id"), "<tenglong."+kind+".") {
			out[m.Header.Get("To")]++
		}
	}
	return out
}

// 发送模板: the first press is a dry run that lists every unit and sends nothing; a
// confirm that names no finished dry run is refused; the dry run's confirm button
// sends each unit its template once (through Postfix); pressing again plans nothing.
// 催报 the same way: every unit (none has reported) gets one reminder.
func TestRunSendDryRunThenConfirm(t *testing.T) {
	e, srv := mailEnv(t)
	office := e.officeClient()
	n := len(e.c.Units)
	if v := e.wait(office, e.run(office, "send", nil)); !strings.Contains(v.Error, "请先点“生成模板”") {
		t.Errorf("send before generate: %q", v.Error)
	}
	e.runDone(office, "generate", nil)

	dry := e.runDone(office, "send", nil)
	if !dry.DryRun || !dry.Confirm || strings.Count(strings.Join(dry.Lines, "\n"), "将发送模板") != n ||
		!contains(dry.Lines, fmt.Sprintf("试运行：共 %d 个单位，将发送 %d 封，之前已发送 0，状态不明 0，不能发送 0，没有邮箱 0。没有发出任何邮件。", n, n)) {
		t.Fatalf("dry run: %+v", dry)
	}
	time.Sleep(time.Second)
	if m := srv.Messages(); len(m) != 0 {
		t.Fatalf("a dry run delivered %d messages", len(m))
	}
	_, page := e.do(office, "GET", "/office/run/job/"+dry.ID, nil, "", nil)
	if !strings.Contains(string(page), `name="dry" value="`+dry.ID+`"`) || !strings.Contains(string(page), "确认发送") {
		t.Fatalf("no confirm button on the dry run's page:\n%s", page)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "period": {"2023Q3"}, "dry": {"nosuchrun"}}
	if resp, _ := e.do(office, "POST", "/office/run/send", strings.NewReader(form.Encode()), "application/x-www-form-urlencoded", nil); resp.StatusCode != 409 {
		t.Errorf("confirm without a dry run: %d", resp.StatusCode)
	}

	sent := e.runDone(office, "send", url.Values{"dry": {dry.ID}})
	if sent.DryRun || !strings.Contains(sent.Summary, fmt.Sprintf("已发送 %d 封模板邮件", n)) {
		t.Errorf("send: %+v", sent)
	}
	srv.WaitMessages(n, 30*time.Second)
	got := tenglongMail(t, srv, "template")
	if len(got) != n {
		t.Errorf("%d units got a template, want %d: %v", len(got), n, got)
	}
	for to, k := range got {
		if k != 1 {
			t.Errorf("%s got %d templates", to, k)
		}
	}
	again := e.runDone(office, "send", nil)
	if again.Confirm || !strings.Contains(again.Summary, "没有需要发送") {
		t.Errorf("second dry run: %+v", again)
	}

	dryRemind := e.runDone(office, "remind", url.Values{"resend": {"1"}})
	if !dryRemind.Confirm || strings.Count(strings.Join(dryRemind.Lines, "\n"), "将发送催报") != n {
		t.Fatalf("remind dry run: %+v", dryRemind)
	}
	reminded := e.runDone(office, "remind", url.Values{"dry": {dryRemind.ID}})
	if !contains(reminded.Lines, "已选择：重发上次中断时状态不明的邮件。") {
		t.Errorf("the confirm did not send as its dry run was run: %q", reminded.Lines)
	}
	srv.WaitMessages(2*n, 30*time.Second)
	if got := tenglongMail(t, srv, "remind"); len(got) != n {
		t.Errorf("%d units reminded, want %d", len(got), n)
	}
}

// 收取邮件: two units' returns mailed to the office's mailbox (one good, one with a
// bad cell) are fetched over IMAP and judged as fetch judges them — one accepted, one
// rejected, both in the store with their findings, the board told — and a second
// press takes nothing new.
func TestRunFetch(t *testing.T) {
	e, srv := mailEnv(t)
	office := e.officeClient()
	bad, _ := e.badReturn("nanxun")
	sender, err := mail.Dial(context.Background(), mail.Server{Host: "127.0.0.1", Port: srv.SMTPPort, TLS: "none", Username: srv.User, Password: srv.Password, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for unit, data := range map[string][]byte{"wuxing": e.goodReturn("wuxing"), "nanxun": bad} {
		d := mail.Draft{From: unit + "@huzhou.test", To: "office@huzhou.test", Subject: "报表 " + unit, Body: "请查收",
			Date: testClock, Attachment: mail.Attachment{Name: unit + ".xlsx", Data: data}, Outgoing: true}
		if err := sender.Send(unit+"@huzhou.test", []string{"office@huzhou.test"}, d.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	sender.Close()
	srv.WaitMessages(2, 30*time.Second)
	events := e.srv.events.subscribe()
	defer e.srv.events.unsubscribe(events)

	v := e.runDone(office, "fetch", nil)
	if !strings.Contains(v.Summary, "收取新邮件 2 封，其中报送文件 2 个（退回 1 个）") {
		t.Fatalf("fetch: %+v", v)
	}
	subs, err := e.db.Submissions(e.c.ID, "2023Q3")
	if err != nil || len(subs) != 2 {
		t.Fatalf("submissions %+v %v", subs, err)
	}
	outcomes := map[string]string{}
	for _, s := range subs {
		outcomes[s.Unit] = string(s.Outcome)
	}
	if outcomes["wuxing"] != "accepted" || outcomes["nanxun"] != "rejected" {
		t.Errorf("outcomes %v", outcomes)
	}
	got := map[string]bool{}
	for len(got) < 2 {
		select {
		case ev := <-events:
			got[ev.Unit] = true
		case <-time.After(5 * time.Second):
			t.Fatalf("board events: %v", got)
		}
	}
	again := e.runDone(office, "fetch", nil)
	if !strings.Contains(again.Summary, "收取新邮件 0 封") {
		t.Errorf("second fetch: %q", again.Summary)
	}
}

// 发回退回的报送: a unit's rejected return goes back to it once, marked up, after a
// dry run that names it; the accepted unit gets nothing.
func TestRunReturns(t *testing.T) {
	e, srv := mailEnv(t)
	office := e.officeClient()
	bad, _ := e.badReturn("nanxun")
	if _, r := e.upload(e.link("nanxun", "2023Q3"), "南浔区.xlsx", bad); r.Outcome != "rejected" {
		t.Fatalf("upload: %+v", r)
	}
	e.upload(e.link("wuxing", "2023Q3"), "吴兴区.xlsx", e.goodReturn("wuxing"))
	dry := e.runDone(office, "returns", nil)
	if !dry.Confirm || strings.Count(strings.Join(dry.Lines, "\n"), "将发送退回") != 1 || !strings.Contains(strings.Join(dry.Lines, "\n"), "南浔区") {
		t.Fatalf("dry run: %+v", dry)
	}
	e.runDone(office, "returns", url.Values{"dry": {dry.ID}})
	srv.WaitMessages(1, 30*time.Second)
	got := tenglongMail(t, srv, "return")
	if len(got) != 1 {
		t.Fatalf("returns delivered: %v", got)
	}
	for to := range got {
		if !strings.Contains(to, "nanxun@huzhou.test") {
			t.Errorf("return went to %s", to)
		}
	}
	raw, _ := os.ReadFile(srv.Messages()[0])
	if !bytes.Contains(raw, []byte("xlsx")) {
		t.Error("no attachment in the return")
	}
	if again := e.runDone(office, "returns", nil); again.Confirm {
		t.Errorf("second dry run offers to send again: %+v", again)
	}
}
