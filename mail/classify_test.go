package mail

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Classify tells bounces (a DSN, the 163 kind with the original attached, the QQ kind
// with a base64 original), auto-replies (each header, and the subject alone) and read
// receipts from a unit's reply, which stays Personal even with 退回 in its subject.
func TestClassify(t *testing.T) {
	const ours = "tenglong.template.0123456789abcdef01234567@huzhou.test"
	tests := []struct {
		file      string
		nature    Nature
		why       string // part of Why
		failed    []string
		original  string // among Originals
		diagnosis string // part of Diagnostic
	}{
		{"dsn-postfix.eml", Bounce, "delivery-status", []string{"deqing@huzhou.test"}, ours, "User unknown"},
		{"bounce-163-mixed.eml", Bounce, "Postmaster@163.test", []string{"deqing@huzhou.test"}, ours, "收件人邮箱不存在"},
		{"bounce-qq-base64.eml", Bounce, "退信：关于报送", []string{"deqing@huzhou.test"}, ours, ""},
		{"autoreply-auto-submitted.eml", AutoReply, "Auto-Submitted: auto-replied", nil, "", ""},
		{"autoreply-x-autoreply.eml", AutoReply, "X-Autoreply: yes", nil, "", ""},
		{"autoreply-suppress.eml", AutoReply, "X-Auto-Response-Suppress: All", nil, "", ""},
		{"autoreply-precedence.eml", AutoReply, "Precedence: auto_reply", nil, "", ""},
		{"autoreply-subject.eml", AutoReply, "Auto Reply:", nil, "", ""},
		{"receipt.eml", Receipt, "已读回执", nil, "", ""},
		{"reply-personal.eml", Personal, "", nil, "", ""},
		{"reply-auto-submitted-no.eml", Personal, "", nil, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "classify", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			c := Classify(data)
			if c.Nature != tc.nature || !strings.Contains(c.Why, tc.why) {
				t.Fatalf("nature %q why %q, want %q with %q", c.Nature, c.Why, tc.nature, tc.why)
			}
			if !slices.Equal(c.Failed, tc.failed) {
				t.Errorf("failed %v, want %v", c.Failed, tc.failed)
			}
			if tc.original != "" && !slices.Contains(c.Originals, tc.original) {
				t.Errorf("originals %v lack %s", c.Originals, tc.original)
			}
			if !strings.Contains(c.Diagnostic, tc.diagnosis) {
				t.Errorf("diagnostic %q, want %q", c.Diagnostic, tc.diagnosis)
			}
			if c.Nature == Personal && (c.Failed != nil || c.Originals != nil) {
				t.Errorf("a person's mail with bounce details: %+v", c)
			}
		})
	}
	if c := Classify([]byte("not a mail at all")); c.Nature != Personal {
		t.Errorf("not a mail: %+v", c)
	}
	if c := Classify([]byte("Message-ID: <a@b>\r\nSubject: x\r\n\r\n")); c.MessageID != "a@b" {
		t.Errorf("message id %q", c.MessageID)
	}
}

// The subjects bounces and auto-replies carry, and a unit's subjects that only look
// alike, on otherwise plain mails from a person.
func TestClassifySubjects(t *testing.T) {
	tests := []struct {
		subject string
		want    Nature
	}{
		{"Undeliverable: 关于报送2023Q3", Bounce},
		{"Delivery Status Notification (Failure)", Bounce},
		{"退信通知：关于报送", Bounce},
		{"邮件投递失败", Bounce},
		{"Undelivered Mail Returned to Sender", Bounce},
		{"Automatic reply: 关于报送", AutoReply},
		{"Out of Office: 报表", AutoReply},
		{"[外出] 关于报送", AutoReply},
		{"自动答复: 关于报送", AutoReply},
		{"已读: 关于报送", Receipt},
		{"回复：【退回修改】德清县 2023Q3", Personal},
		{"关于自动化改造项目的报送", Personal},
		{"Re: delivery plan for Q3", Personal},
		{"转发：回复：报表", Personal},
	}
	for _, tc := range tests {
		mail := "From: deqing@huzhou.test\r\nTo: office@huzhou.test\r\nSubject: =?UTF-8?B?" +
			base64.StdEncoding.EncodeToString([]byte(tc.subject)) + "?=\r\n\r\nhello\r\n"
		if c := Classify([]byte(mail)); c.Nature != tc.want {
			t.Errorf("%q: %q (%s), want %q", tc.subject, c.Nature, c.Why, tc.want)
		}
	}
}
