package main

// Issue 16, parts 2 and 3: mail that is not a return is not a submission (bounces,
// auto-replies, the blank template quoted back), bounces become 投递失败 for the unit
// they were addressed to, and the mail loop's rough edges (the SMTP envelope, send's
// exit code, a slow fetch, --json), against real Postfix and Dovecot.

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	netsmtp "net/smtp"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tenglong/internal/mailserver"
	"tenglong/store"
)

// deliverRaw hands crafted messages to Postfix (net/smtp, not tenglong), which files
// them into the office's mailbox; from "" is the null sender of a bounce.
func deliverRaw(t *testing.T, srv *mailserver.Servers, from string, msgs ...[]byte) {
	t.Helper()
	for _, m := range msgs {
		if err := netsmtp.SendMail(srv.SMTPAddr(), nil, from, []string{"office@huzhou.test"}, m); err != nil {
			t.Fatalf("delivering a crafted message: %v", err)
		}
	}
}

// sentTo is the raw message tenglong delivered to addr (of kind template), from the Maildir.
func sentTo(t *testing.T, srv *mailserver.Servers, addr string) []byte {
	t.Helper()
	for _, f := range srv.Messages() {
		data := readBytes(t, f)
		if bytes.Contains(data, []byte("Message-ID: <tenglong.template.")) && bytes.Contains(data, []byte("<"+addr+">")) {
			return data
		}
	}
	t.Fatalf("no template sent to %s in the mailbox", addr)
	return nil
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func crlfText(s string) []byte {
	return []byte(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n"))
}

// mixedWithXLSX is a multipart/mixed mail with a text and one workbook attached.
func mixedWithXLSX(headers, text, name string, xlsx []byte) []byte {
	return crlfText(headers + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"m1\"\n\n" +
		"--m1\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + b64(text) + "\n" +
		"--m1\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"" + name + "\"\n" +
		"Content-Disposition: attachment; filename=\"" + name + "\"\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString(xlsx) + "\n--m1--\n")
}

// statusDoc is status --json with the delivery failures.
type statusDoc struct {
	Units []struct {
		Code           string `json:"code"`
		State          string `json:"state"`
		DeliveryFailed *struct {
			Recipient string `json:"recipient"`
			Detail    string `json:"detail"`
		} `json:"delivery_failed"`
	} `json:"units"`
}

// TestFetchBouncesAndAutoReplies: after send, the mailbox holds a bounce in the
// Chinese providers' style (multipart/mixed, GBK text, our own template attached as
// message/rfc822) for 德清县, a DSN (multipart/report) for 安吉县, an auto-reply
// quoting the blank template for 长兴县, a plain reply carrying the blank template
// for 南浔区, and a return for 吴兴区 whose From is forged to the office's own
// address. fetch archives the first four and lists them under 跳过 with the reason;
// only 吴兴区 is a submission. status shows 德清县 and 安吉县 as 投递失败 naming the
// address; remind and send do not write to those addresses again (send exits 1
// naming them) and send --returns has nothing to send back; once 德清县's address is
// corrected, send mails it the template and the failure is gone.
func TestFetchBouncesAndAutoReplies(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	n := len(mw.units)
	binOK(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	srv.WaitMessages(n, 20*time.Second)
	templates := readManifest(t, filepath.Join(mw.ws, templatesDir, "2023Q3"))

	original := sentTo(t, srv, "deqing@huzhou.test")
	gbk := mustGBK(t, "您好，您发送的邮件未能成功投递。\n收件人：deqing@huzhou.test\n原因：550 收件人邮箱不存在(User not found)\n")
	bounce163 := crlfText("From: Postmaster@163.test\nTo: office@huzhou.test\nDate: Mon, 9 Oct 2023 09:01:00 +0800\n" +
		"Subject: =?GBK?B?" + base64.StdEncoding.EncodeToString([]byte(mustGBK(t, "系统退信"))) + "?=\nMessage-ID: <bounce-1@163.test>\n" +
		"MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"----=_Part_1\"\n\n" +
		"------=_Part_1\nContent-Type: text/plain; charset=GBK\nContent-Transfer-Encoding: base64\n\n" +
		base64.StdEncoding.EncodeToString([]byte(gbk)) + "\n------=_Part_1\nContent-Type: message/rfc822\n" +
		"Content-Disposition: attachment; filename=\"original.eml\"\n\n")
	bounce163 = append(append(bounce163, original...), crlfText("\n------=_Part_1--\n")...)

	anjiID := ""
	for _, line := range strings.Split(string(sentTo(t, srv, "anji@huzhou.test")), "\r\n") {
		if strings.HasPrefix(line, "Message-ID: ") {
			anjiID = strings.TrimPrefix(line, "Message-ID: ")
		}
	}
	dsn := crlfText("From: MAILER-DAEMON@huzhou.test (Mail Delivery System)\nTo: office@huzhou.test\n" +
		"Subject: Undelivered Mail Returned to Sender\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"D\"\n\n" +
		"--D\nContent-Type: text/plain\n\nYour message could not be delivered.\n" +
		"--D\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.huzhou.test\n\n" +
		"Final-Recipient: rfc822; anji@huzhou.test\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 Mailbox anji does not exist\n\n" +
		"--D\nContent-Type: text/rfc822-headers\n\nFrom: office@huzhou.test\nTo: anji@huzhou.test\nMessage-ID: " + anjiID + "\n\n--D--\n")

	autoReply := mixedWithXLSX("From: changxing@huzhou.test\nTo: office@huzhou.test\nSubject: =?UTF-8?B?"+b64("自动回复：关于报送2023Q3")+"?=\n"+
		"Auto-Submitted: auto-replied\nX-Autoreply: yes\n", "我近日休假。", filepath.Base(templates["changxing"]), readBytes(t, templates["changxing"]))
	blankBack := mixedWithXLSX("From: nanxun@huzhou.test\nTo: office@huzhou.test\nSubject: =?UTF-8?B?"+b64("回复：关于报送2023Q3")+"?=\n",
		"收到。", filepath.Base(templates["nanxun"]), readBytes(t, templates["nanxun"]))
	forged := mixedWithXLSX("From: office@huzhou.test\nTo: office@huzhou.test\nSubject: =?UTF-8?B?"+b64("吴兴区报表")+"?=\nMessage-ID: <forged-1@wuxing.test>\n",
		"报表见附件。", filepath.Base(templates["wuxing"]), filledReturn(t, mw.ws, "2023Q3", "wuxing", nil))
	deliverRaw(t, srv, "", bounce163, dsn)
	deliverRaw(t, srv, "changxing@huzhou.test", autoReply, blankBack, forged)
	srv.WaitMessages(n+5, 20*time.Second)

	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "fetch")
	t.Logf("fetch: exit %d\n%s%s", code, out, errs)
	if code != 0 {
		t.Fatalf("fetch: exit %d, want 0", code)
	}
	for _, want := range []string{
		"退信：发给德清县（deqing@huzhou.test）的2023Q3 模板没有送达（原因：550 收件人邮箱不存在",
		"退信：发给安吉县（anji@huzhou.test）的2023Q3 模板没有送达（550 5.1.1 Mailbox anji does not exist）",
		"自动回复（邮件头 Auto-Submitted: auto-replied）",
		"本办下发的空白模板（没有填写任何数据），是原样带回的，不是报送",
		"投递失败 2 个地址",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("fetch output lacks %q", want)
		}
	}
	if strings.Count(out, "本办自己发出的邮件") != n {
		t.Errorf("want the %d templates skipped as the office's own", n)
	}

	var st statusDoc
	if err := json.Unmarshal([]byte(binOK(t, nil, "-w", mw.ws, "status", "--period", "2023Q3", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, u := range st.Units {
		want, failed := "missing", ""
		switch u.Code {
		case "wuxing":
			want = "accepted"
		case "deqing", "anji":
			failed = u.Code + "@huzhou.test"
		}
		got := ""
		if u.DeliveryFailed != nil {
			got = u.DeliveryFailed.Recipient
		}
		if u.State != want || got != failed {
			t.Errorf("%s: state %s, delivery failed %q; want %s, %q", u.Code, u.State, got, want, failed)
		}
	}
	db := openDB(t, mw.ws)
	subs, _ := db.Submissions("huzhou-2023", "2023Q3")
	db.Close()
	if len(subs) != 1 || subs[0].Unit != "wuxing" {
		t.Errorf("submissions %+v, want only 吴兴区's", subs)
	}
	human := binOK(t, nil, "-w", mw.ws, "status", "--period", "2023Q3")
	if !strings.Contains(human, "投递失败：发往 deqing@huzhou.test 的邮件被退回") || !strings.Contains(human, "2 个单位的邮件投递失败") {
		t.Errorf("status:\n%s", human)
	}

	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3", "--dry-run")
	if code != 0 || strings.Contains(out, "将发送催报  德清县") || !strings.Contains(out, "投递失败  德清县：之前发往 deqing@huzhou.test") ||
		strings.Contains(out+errs, "报送被退回") || strings.Count(out, "将发送催报") != n-3 {
		t.Errorf("remind --dry-run: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3", "--dry-run", "--json")
	var reminded struct {
		Kind     string `json:"kind"`
		DryRun   bool   `json:"dry_run"`
		Units    int    `json:"units"`
		Messages []struct {
			Unit, Recipient, State, Detail string
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(out), &reminded); err != nil {
		t.Fatalf("remind --json: exit %d: %v\n%s%s", code, err, out, errs)
	}
	planned := map[string]string{}
	for _, m := range reminded.Messages {
		planned[m.Unit] = m.State
	}
	if code != 0 || reminded.Kind != "remind" || !reminded.DryRun || reminded.Units != n-1 || planned["deqing"] != "bounced" ||
		planned["anji"] != "bounced" || planned["changxing"] != "planned" || len(planned) != n-1 {
		t.Errorf("remind --dry-run --json: exit %d %+v", code, reminded)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--returns")
	if code != 0 || !strings.Contains(out, "没有被退回、待发回的报送") {
		t.Errorf("send --returns: exit %d\n%s%s", code, out, errs)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 1 || !strings.Contains(out, "没有发出的 2 封：德清县（deqing@huzhou.test）、安吉县（anji@huzhou.test）") || !strings.Contains(errs, "有 2 封模板没有发出") {
		t.Errorf("send to bounced addresses: exit %d, want 1\n%s%s", code, out, errs)
	}
	t.Logf("send to bounced addresses:\n%s%s", out, errs)

	path := filepath.Join(mw.ws, "campaign.yaml")
	writeBytes(t, path, bytes.Replace(readBytes(t, path), []byte("email: deqing@huzhou.test"), []byte("email: deqing2@huzhou.test"), 1))
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--json")
	var doc struct {
		Period   string `json:"period"`
		Kind     string `json:"kind"`
		Messages []struct {
			Unit, Recipient, State string
		} `json:"messages"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("send --json: %v\n%s", err, out)
	}
	states := map[string]string{}
	for _, m := range doc.Messages {
		states[m.Unit] = m.State + " " + m.Recipient
	}
	if code != 1 || doc.Period != "2023Q3" || doc.Kind != "template" || states["deqing"] != "sent deqing2@huzhou.test" ||
		states["anji"] != "bounced anji@huzhou.test" || states["wuxing"] != "sent-before wuxing@huzhou.test" {
		t.Errorf("send --json after correcting 德清县: exit %d %+v\n%s", code, states, errs)
	}
	if err := json.Unmarshal([]byte(binOK(t, nil, "-w", mw.ws, "status", "--period", "2023Q3", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	for _, u := range st.Units {
		if (u.DeliveryFailed != nil) != (u.Code == "anji") { // 德清县's corrected; 安吉县's not
			t.Errorf("%s after the correction: delivery failed %+v", u.Code, u.DeliveryFailed)
		}
	}
}

func mustGBK(t *testing.T, s string) string {
	t.Helper()
	out, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fakeSMTP serves SMTP on 127.0.0.1 the way a strict server does: a MAIL FROM or
// RCPT TO without angle brackets is refused with 501, and refuse decides each
// command's other answers (nil: 250). It returns the port.
func fakeSMTP(t *testing.T, refuse func(cmd, arg string) string) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r, w := bufio.NewReader(c), bufio.NewWriter(c)
				reply := func(s string) { w.WriteString(s + "\r\n"); w.Flush() }
				reply("220 fake ESMTP")
				for {
					line, err := r.ReadString('\n')
					if err != nil {
						return
					}
					line = strings.TrimRight(line, "\r\n")
					verb, arg, _ := strings.Cut(line, ":")
					verb = strings.ToUpper(strings.Fields(verb + " x")[0])
					switch {
					case verb == "EHLO" || verb == "HELO":
						reply("250-fake\r\n250 AUTH PLAIN")
					case verb == "AUTH":
						reply("235 ok")
					case (verb == "MAIL" || verb == "RCPT") && !strings.HasPrefix(strings.TrimSpace(arg), "<"):
						reply("501 5.1.7 Bad address syntax")
					case verb == "DATA":
						reply("354 go on")
						for {
							l, err := r.ReadString('\n')
							if err != nil || l == ".\r\n" {
								break
							}
						}
						reply("250 queued")
					case verb == "QUIT":
						reply("221 bye")
						return
					default:
						if a := refuse(verb, arg); a != "" {
							reply(a)
						} else {
							reply("250 ok")
						}
					}
				}
			}(c)
		}
	}()
	return l.Addr().(*net.TCPAddr).Port
}

// TestSendRefusals: the envelope goes in angle brackets (a strict server takes it);
// one recipient refused with 550, or all of them, make send exit 1 naming each; a
// 501 on MAIL FROM is explained as the office's own sender address (mail: from), not
// the units'. Each refused message is recorded as failed and goes on the next run.
func TestSendRefusals(t *testing.T) {
	stub := &mailserver.Servers{User: "office", Password: "pw", IMAPPort: 1}
	for _, tc := range []struct {
		name    string
		refuse  func(cmd, arg string) string
		out     []string // in stdout
		errs    []string // in stderr
		notErrs string
	}{
		{"strict server, all fine", func(string, string) string { return "" }, []string{"本次发送 6，"}, nil, ""},
		{"one 550", func(cmd, arg string) string {
			if cmd == "RCPT" && strings.Contains(arg, "deqing") {
				return "550 5.1.1 <deqing@huzhou.test>: Recipient address rejected: User unknown"
			}
			return ""
		}, []string{"被拒收  德清县", "本次发送 5，", "没有发出的 1 封：德清县（deqing@huzhou.test）"}, []string{"有 1 封模板没有发出：德清县（deqing@huzhou.test）"}, ""},
		{"all 550", func(cmd, arg string) string {
			if cmd == "RCPT" {
				return "550 5.1.1 Recipient address rejected"
			}
			return ""
		}, []string{"本次发送 0，", "没有发出的 6 封：吴兴区（wuxing@huzhou.test）、南浔区"}, []string{"有 6 封模板没有发出"}, ""},
		{"501 on MAIL FROM", func(cmd, arg string) string {
			if cmd == "MAIL" {
				return "501 5.1.7 Bad sender address syntax"
			}
			return ""
		}, nil, []string{"不接受发件人地址 office@huzhou.test（501", "mail: 的 from", "不是单位邮箱的问题"}, "被拒收"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			port := fakeSMTP(t, tc.refuse)
			mw := newMailWorkspace(t, stub, "50", port)
			mw.env = []string{"TENGLONG_MAIL_PASSWORD=pw"}
			code, out, errs := binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
			t.Logf("exit %d\n%s%s", code, out, errs)
			wantCode := 1
			if tc.errs == nil {
				wantCode = 0
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d", code, wantCode)
			}
			for _, w := range tc.out {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q", w)
				}
			}
			for _, w := range tc.errs {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q", w)
				}
			}
			if tc.notErrs != "" && strings.Contains(out+errs, tc.notErrs) {
				t.Errorf("output says %q: the units' addresses are blamed", tc.notErrs)
			}
		})
	}
}

// TestFetchSlowProcessing: reading the returns takes longer (1.5 s a mail, injected
// through Env)
// than the IMAP timeout (1 s) lets a connection sit idle; fetch takes every mail in
// one run all the same, exits 0, and prints no English library line on stderr.
func TestFetchSlowProcessing(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	path := filepath.Join(mw.ws, "campaign.yaml")
	writeBytes(t, path, bytes.Replace(readBytes(t, path), []byte("  timeout: 3\n"), []byte("  timeout: 1\n"), 1))
	townshipsReply(t, mw, nil)
	n := len(mw.units)
	srv.WaitMessages(n, 20*time.Second)
	// In process, so that the delay is injected (the shipped binary has no such knob).
	for _, kv := range mw.env {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	var outb, errb bytes.Buffer
	env := &Env{Stdout: &outb, Stderr: &errb, Now: time.Now, ingestDelay: 1500 * time.Millisecond}
	code := Execute(env, []string{"-w", mw.ws, "fetch", "--batch", "2", "--workers", "1"})
	out, errs := outb.String(), errb.String()
	t.Logf("fetch: exit %d\n%s%s", code, out, errs)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("收取新邮件 %d 封，其中报送文件 %d 个", n, n)) {
		t.Errorf("fetch: exit %d, want 0 and all %d taken in one run", code, n)
	}
	if strings.Contains(errs, "imap/client") || strings.Contains(errs, "i/o timeout") {
		t.Errorf("English library lines on stderr:\n%s", errs)
	}
	for unit, state := range statusStates(t, mw.ws) {
		if state != "accepted" {
			t.Errorf("%s: %s", unit, state)
		}
	}
}

// TestMailUnclosedBoundary: a saved mail whose multipart never closes, carrying a
// filled return, gives an accepted return with a mail-incomplete warning and nothing
// unreadable; the same return again in a mail from another sender is a duplicate
// that shows that sender's warning, not the first mail's.
func TestMailUnclosedBoundary(t *testing.T) {
	stub := &mailserver.Servers{User: "office", IMAPPort: 1}
	mw := newMailWorkspace(t, stub, "50", 1)
	ret := filledReturn(t, mw.ws, "2023Q3", "deqing", nil)
	dir := t.TempDir()
	first := mixedWithXLSX("From: deqing@huzhou.test\nSubject: x\nDate: Mon, 9 Oct 2023 09:00:00 +0800\n", "见附件", "03-deqing.xlsx", ret)
	first = bytes.TrimSuffix(first, []byte("\r\n--m1--\r\n")) // cut short: no closing boundary
	second := mixedWithXLSX("From: someone@else.test\nSubject: y\nDate: Mon, 9 Oct 2023 10:00:00 +0800\n", "见附件", "03-deqing.xlsx", ret)
	writeBytes(t, filepath.Join(dir, "1.eml"), first)
	writeBytes(t, filepath.Join(dir, "2.eml"), second)

	var doc struct {
		Files []struct {
			Path    string `json:"path"`
			Outcome string `json:"outcome"`
			Issues  []struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"issues"`
		} `json:"files"`
	}
	code, out, errs := binRun(t, nil, "-w", mw.ws, "ingest", "--json", filepath.Join(dir, "1.eml"))
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out, errs)
	}
	codes := func(i int) string {
		var c []string
		for _, is := range doc.Files[i].Issues {
			c = append(c, is.Code+":"+is.Message)
		}
		return strings.Join(c, "\n")
	}
	if code != 0 || len(doc.Files) != 1 || doc.Files[0].Outcome != string(store.Accepted) || !strings.Contains(codes(0), "mail-incomplete:") ||
		strings.Contains(codes(0), "sender-mismatch") {
		t.Fatalf("unclosed boundary: exit %d\n%s", code, out)
	}
	code, out, errs = binRun(t, nil, "-w", mw.ws, "ingest", "--json", filepath.Join(dir, "2.eml"))
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("exit %d: %v\n%s%s", code, err, out, errs)
	}
	if len(doc.Files) != 1 || doc.Files[0].Outcome != "duplicate" || !strings.Contains(codes(0), "someone@else.test") ||
		strings.Contains(codes(0), "mail-incomplete") {
		t.Errorf("duplicate from another sender: exit %d\n%s", code, out)
	}
}

// TestIngestSavedBounce: a bounce and an auto-reply saved as .eml and given to ingest
// are archived and listed under 跳过 with the reason; their attachments (the original
// template, a quoted one) are not read, and nothing is a submission. validate says
// the same of a bounce, with exit 3: there is no return in it to pass.
func TestIngestSavedBounce(t *testing.T) {
	stub := &mailserver.Servers{User: "office", IMAPPort: 1}
	mw := newMailWorkspace(t, stub, "50", 1)
	dir := t.TempDir()
	for _, f := range []string{"bounce-163-mixed.eml", "autoreply-auto-submitted.eml"} {
		writeBytes(t, filepath.Join(dir, f), readBytes(t, filepath.Join("..", "..", "mail", "testdata", "classify", f)))
	}
	code, out, errs := binRun(t, nil, "-w", mw.ws, "ingest", dir)
	t.Logf("ingest: exit %d\n%s%s", code, out, errs)
	for _, want := range []string{"跳过  bounce-163-mixed.eml：退信（发件人是邮件系统（Postmaster@163.test））", "跳过  autoreply-auto-submitted.eml：自动回复（邮件头 Auto-Submitted: auto-replied）",
		"共 2 个文件：已采用 0，退回 0，待确认 0，无法读取 0，重复 0，跳过 2。"} {
		if !strings.Contains(out, want) {
			t.Errorf("ingest output lacks %q", want)
		}
	}
	if code != 0 {
		t.Errorf("ingest: exit %d, want 0", code)
	}
	db := openDB(t, mw.ws)
	subs, _ := db.Submissions("huzhou-2023", "2023Q3")
	db.Close()
	if len(subs) != 0 {
		t.Errorf("%d submissions from a bounce and an auto-reply", len(subs))
	}
	code, out, _ = binRun(t, nil, "-w", mw.ws, "validate", "--json", filepath.Join(dir, "bounce-163-mixed.eml"))
	if code != 3 || !strings.Contains(out, `"outcome": "skipped"`) || !strings.Contains(out, `"skipped": "退信`) {
		t.Errorf("validate --json of a bounce: exit %d, want 3 (no return to validate)\n%s", code, out)
	}
}
