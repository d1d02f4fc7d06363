package mailserver

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/smtp"
	"os"
	"strings"
	"testing"
	"time"
)

// The servers take a message with AUTH and deliver it into the Maildir.
func TestServersDeliver(t *testing.T) {
	s := Start(t)
	auth := smtp.PlainAuth("", s.User, s.Password, "127.0.0.1")
	msg := "From: a@office.test\r\nTo: b@gov.test\r\nSubject: hi\r\n\r\nbody\r\n"
	if err := smtp.SendMail(s.SMTPAddr(), auth, "a@office.test", []string{"b@gov.test"}, []byte(msg)); err != nil {
		log, _ := os.ReadFile(s.Dir + "/postfix.log")
		t.Fatalf("%v\n%s", err, log)
	}
	got := s.WaitMessages(1, 10*time.Second)
	if len(got) != 1 {
		log, _ := os.ReadFile(s.Dir + "/postfix.log")
		t.Fatalf("delivered %d, want 1\n%s", len(got), log)
	}
	data, _ := os.ReadFile(got[0])
	if !strings.Contains(string(data), "Subject: hi") {
		t.Errorf("delivered:\n%s", data)
	}
	bad := smtp.PlainAuth("", s.User, "wrong", "127.0.0.1")
	if err := smtp.SendMail(s.SMTPAddr(), bad, "a@office.test", []string{"b@gov.test"}, []byte(msg)); err == nil {
		t.Error("a wrong password was accepted")
	} else {
		fmt.Println("wrong password:", err)
	}
}

// The encrypted ports present a certificate for 127.0.0.1 signed by CAFile: mail goes
// in over STARTTLS (required: no AUTH offered before it) and over implicit TLS, and
// IMAPS greets; a client that does not trust the CA is refused the handshake.
func TestServersTLS(t *testing.T) {
	s := Start(t)
	pemData, err := os.ReadFile(s.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemData) {
		t.Fatalf("%s holds no certificate", s.CAFile)
	}
	conf := &tls.Config{RootCAs: roots, ServerName: "127.0.0.1"}
	auth := smtp.PlainAuth("", s.User, s.Password, "127.0.0.1")
	msg := "From: a@office.test\r\nTo: b@gov.test\r\nSubject: tls\r\n\r\nbody\r\n"
	send := func(name string, c *smtp.Client, starttls bool) {
		t.Helper()
		if starttls {
			if ok, _ := c.Extension("AUTH"); ok {
				t.Errorf("%s: AUTH offered before STARTTLS", name)
			}
			if err := c.StartTLS(conf); err != nil {
				t.Fatalf("%s: STARTTLS: %v", name, err)
			}
		}
		if err := c.Auth(auth); err != nil {
			t.Fatalf("%s: AUTH: %v", name, err)
		}
		if err := c.Mail("a@office.test"); err != nil {
			t.Fatal(err)
		}
		if err := c.Rcpt("b@gov.test"); err != nil {
			t.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(msg))
		if err := w.Close(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		c.Quit()
	}
	c, err := smtp.Dial(fmt.Sprintf("127.0.0.1:%d", s.STARTTLSPort))
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		t.Error("the STARTTLS port does not offer STARTTLS")
	}
	send("starttls", c, true)
	conn, err := tls.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", s.SMTPSPort), conf)
	if err != nil {
		t.Fatal(err)
	}
	c, err = smtp.NewClient(conn, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	send("smtps", c, false)
	if got := s.WaitMessages(2, 10*time.Second); len(got) != 2 {
		log, _ := os.ReadFile(s.Dir + "/postfix.log")
		t.Fatalf("delivered %d, want 2\n%s", len(got), log)
	}

	for _, addr := range []string{fmt.Sprintf("127.0.0.1:%d", s.SMTPSPort), s.IMAPSAddr()} {
		if _, err := tls.Dial("tcp", addr, &tls.Config{ServerName: "127.0.0.1"}); err == nil {
			t.Errorf("%s: a client without the test CA trusted the certificate", addr)
		}
	}
	conn, err = tls.Dial("tcp", s.IMAPSAddr(), conf)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	line, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.HasPrefix(line, "* OK") {
		t.Errorf("IMAPS greeting %q", line)
	}
}
