package mailserver

import (
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
