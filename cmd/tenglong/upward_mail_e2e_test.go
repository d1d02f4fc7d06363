package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/internal/mailserver"
	"tenglong/mail"
)

// send --upward mails the county's return to parent.contact through real Postfix:
// the attachment is the file byte for byte, the mail says what the file's 明细 shows,
// and a second run sends nothing (the mail log keeps the send).
func TestSendUpward(t *testing.T) {
	srv := mailserver.Start(t)
	ch := newUpwardChain(t)
	yaml := strings.Replace(ch.good, `  contact: {name: "", email: ""}`, "  contact: {name: 市经信局 王五, email: jxj@huzhou.test}", 1)
	yaml += fmt.Sprintf("\nmail:\n  host: 127.0.0.1\n  port: %d\n  tls: none\n  username: %s\n  from: 德清县制造业办 <office@deqing.test>\n  timeout: 3\n", srv.SMTPPort, srv.User)
	writeBytes(t, ch.yamlPath, []byte(yaml))
	env := []string{"TENGLONG_MAIL_PASSWORD=" + srv.Password, "TENGLONG_CLOCK=" + signClock}
	send := func() string {
		t.Helper()
		return binOK(t, env, "-w", ch.county, "send", "--period", "2023Q3", "--upward", ch.ret)
	}
	out := send()
	if !strings.Contains(out, "本次发送 1") {
		t.Errorf("send --upward:\n%s", out)
	}
	var sent [][]byte
	for _, f := range srv.WaitMessages(1, 20*time.Second) {
		if data := readBytes(t, f); bytes.Contains(data, []byte("Message-ID: <tenglong.upward.")) {
			sent = append(sent, data)
		}
	}
	if len(sent) != 1 {
		t.Fatalf("%d upward mails in the mailbox, want 1", len(sent))
	}
	m, err := mail.ReadSaved(sent[0], mail.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(sent[0], []byte("<jxj@huzhou.test>")) || !strings.Contains(m.Subject, "德清县") || strings.Contains(m.Subject, "部分汇总") {
		t.Errorf("mail to the city: subject %q\n%s", m.Subject, sent[0][:min(len(sent[0]), 600)])
	}
	if len(m.Attachments) != 1 || !bytes.Equal(m.Attachments[0].Data, readBytes(t, ch.ret)) || m.Attachments[0].Name != filepath.Base(ch.ret) {
		t.Errorf("the attachment is not the return byte for byte: %d attachments", len(m.Attachments))
	}
	if out := send(); !strings.Contains(out, "之前已发送 1") || !strings.Contains(out, "本次发送 0") {
		t.Errorf("a second send --upward:\n%s", out)
	}
	n := 0
	time.Sleep(2 * time.Second) // a second message, were one sent, has time to arrive
	for _, f := range srv.Messages() {
		if bytes.Contains(readBytes(t, f), []byte("Message-ID: <tenglong.upward.")) {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d upward mails after a second run, want 1", n)
	}
	// A file that is not this county's return for the period is refused.
	if code, _, errs := binRun(t, env, "-w", ch.county, "send", "--period", "2023Q3", "--upward", ch.q2Template); code != 1 || !strings.Contains(errs, "不是本级") {
		t.Errorf("send --upward of another period's template: exit %d %s", code, errs)
	}
}
