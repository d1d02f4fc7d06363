package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/internal/mailserver"
)

// encryptMail rewrites the workspace's mail: block to the servers' encrypted ports:
// SMTP with smtpTLS ("starttls" or "tls") and IMAP over implicit TLS.
func encryptMail(t *testing.T, mw *mailWorkspace, smtpTLS string) {
	t.Helper()
	port := mw.srv.STARTTLSPort
	if smtpTLS == "tls" {
		port = mw.srv.SMTPSPort
	}
	path := filepath.Join(mw.ws, "campaign.yaml")
	yaml := string(readBytes(t, path))
	block := yaml[strings.Index(yaml, "\nmail:\n"):]
	lines := strings.Split(block, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "  port: "):
			lines[i] = fmt.Sprintf("  port: %d", port)
		case strings.HasPrefix(l, "  tls: "):
			lines[i] = "  tls: " + smtpTLS
		case strings.HasPrefix(l, "  imap-port: "):
			lines[i] = fmt.Sprintf("  imap-port: %d", mw.srv.IMAPSPort)
		case strings.HasPrefix(l, "  imap-tls: "):
			lines[i] = "  imap-tls: tls"
		}
	}
	yaml = yaml[:strings.Index(yaml, "\nmail:\n")] + strings.Join(lines, "\n")
	writeBytes(t, path, []byte(yaml))
}

// TestMailTLSLoop: the templates go out over STARTTLS, the reminders over implicit
// TLS, and the replies come in over IMAPS, the binary trusting the servers' throwaway
// CA through SSL_CERT_FILE as it would a provincial mail server's.
func TestMailTLSLoop(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	mw.env = append(mw.env, "SSL_CERT_FILE="+srv.CAFile)
	n := len(mw.units)

	encryptMail(t, mw, "starttls")
	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 0 || strings.Count(out, "已发送模板") != n {
		t.Fatalf("send over STARTTLS: exit %d\n%s%s", code, out, errs)
	}
	srv.WaitMessages(n, 20*time.Second)
	if got := delivered(t, srv, "template"); len(got) != n {
		t.Fatalf("STARTTLS: %d templates delivered, want %d", len(got), n)
	}

	encryptMail(t, mw, "tls")
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3")
	if code != 0 || strings.Count(out, "已发送催报") != n {
		t.Fatalf("remind over implicit TLS: exit %d\n%s%s", code, out, errs)
	}
	srv.WaitMessages(2*n, 20*time.Second)
	if got := delivered(t, srv, "remind"); len(got) != n {
		t.Fatalf("implicit TLS: %d reminders delivered, want %d", len(got), n)
	}

	townshipsReply(t, mw, nil)
	if got := srv.WaitMessages(3*n, 20*time.Second); len(got) != 3*n {
		t.Fatalf("%d messages in the mailbox, want %d", len(got), 3*n)
	}
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "fetch")
	if code != 0 {
		t.Fatalf("fetch over IMAPS: exit %d\n%s%s", code, out, errs)
	}
	for unit, state := range statusStates(t, mw.ws) {
		if _, ours := mw.units[unit]; ours && state != "accepted" {
			t.Errorf("%s: %s after fetch over IMAPS, want accepted", unit, state)
		}
	}
}

// TestMailTLSUntrusted: without the CA the binary refuses the servers' certificate —
// sending over STARTTLS and over implicit TLS, and fetching over IMAPS — says in
// Chinese that the certificate is not trusted and what to do, exits 1, and records
// nothing as sent: once the CA is trusted the next run sends every template.
func TestMailTLSUntrusted(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	n := len(mw.units)
	untrusted := func(what string, code int, out, errs string) {
		t.Helper()
		for _, want := range []string{"证书不受信任", "SSL_CERT_FILE", "根证书"} {
			if !strings.Contains(errs, want) {
				t.Errorf("%s: stderr lacks %q", what, want)
			}
		}
		if code != 1 || strings.Contains(out, "已发送模板") {
			t.Errorf("%s: exit %d, want 1 and nothing sent", what, code)
		}
		t.Logf("%s: exit %d\n%s%s", what, code, out, errs)
	}
	for _, mode := range []string{"starttls", "tls"} {
		encryptMail(t, mw, mode)
		code, out, errs := binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
		untrusted("send tls: "+mode, code, out, errs)
	}
	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "fetch")
	untrusted("fetch imap-tls: tls", code, out, errs)
	time.Sleep(500 * time.Millisecond)
	if got := len(srv.Messages()); got != 0 {
		t.Fatalf("%d messages delivered through an untrusted connection", got)
	}

	mw.env = append(mw.env, "SSL_CERT_FILE="+srv.CAFile)
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("本次发送 %d，", n)) {
		t.Fatalf("send with the CA trusted: exit %d\n%s%s", code, out, errs)
	}
	srv.WaitMessages(n, 20*time.Second)
	if got := delivered(t, srv, "template"); len(got) != n {
		t.Errorf("with the CA trusted: %d delivered, want %d", len(got), n)
	}
}

// TestIMAPStartTLS: fetch over IMAP upgraded with STARTTLS on the plain port. Without
// the CA the certificate is refused in Chinese before the password goes out (exit 1,
// nothing taken, no English library line); with it every reply comes in and is
// accepted.
func TestIMAPStartTLS(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	path := filepath.Join(mw.ws, "campaign.yaml")
	writeBytes(t, path, []byte(strings.Replace(string(readBytes(t, path)), "  imap-tls: none\n", "  imap-tls: starttls\n", 1)))
	townshipsReply(t, mw, nil)
	n := len(mw.units)
	srv.WaitMessages(n, 20*time.Second)

	code, out, errs := binRun(t, mw.env, "-w", mw.ws, "fetch")
	t.Logf("untrusted: exit %d\n%s%s", code, out, errs)
	if code != 1 || !strings.Contains(errs, "证书不受信任") || !strings.Contains(out, "收取新邮件 0 封") || strings.Contains(errs, "imap/client") {
		t.Errorf("STARTTLS with an untrusted certificate: exit %d, want 1, the certificate named and nothing taken", code)
	}
	mw.env = append(mw.env, "SSL_CERT_FILE="+srv.CAFile)
	code, out, errs = binRun(t, mw.env, "-w", mw.ws, "fetch", "--json")
	var doc struct {
		Taken   int `json:"taken"`
		Skipped []struct {
			Mail, Reason string
		} `json:"skipped"`
		Bounces []any `json:"bounces"`
		Files   []struct {
			Unit    string `json:"unit"`
			Outcome string `json:"outcome"`
		} `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("fetch --json over STARTTLS: exit %d: %v\n%s%s", code, err, out, errs)
	}
	if code != 0 || doc.Taken != n || len(doc.Files) != n || doc.Skipped == nil || doc.Bounces == nil {
		t.Fatalf("fetch --json over STARTTLS: exit %d, %+v", code, doc)
	}
	for unit, state := range statusStates(t, mw.ws) {
		if state != "accepted" {
			t.Errorf("%s: %s after fetch over STARTTLS, want accepted", unit, state)
		}
	}
}
