package campaign

import (
	"strings"
	"testing"
	"time"
)

// The mail: block: defaults filled in, a password refused with its line, bad values
// reported.
func TestMailBlock(t *testing.T) {
	tests := []struct {
		name      string
		block     string
		wantCodes []string
		check     func(t *testing.T, m *Mail)
	}{
		{name: "defaults", block: "mail:\n  host: smtp.example.cn\n", check: func(t *testing.T, m *Mail) {
			if m.TLS != MailSTARTTLS || m.Port != 587 || m.PasswordEnv != DefaultPasswordEnv || m.Rate.String() != "5" ||
				m.IMAPHost != "smtp.example.cn" || m.IMAPTLS != MailImplicitTLS || m.IMAPPort != 993 || m.Mailbox != "INBOX" {
				t.Errorf("defaults: %+v", m)
			}
		}},
		{name: "implicit tls", block: "mail:\n  host: h\n  tls: tls\n  imap-tls: none\n  timeout: 7\n", check: func(t *testing.T, m *Mail) {
			if m.Port != 465 || m.IMAPPort != 143 || m.Timeout != 7*time.Second {
				t.Errorf("tls: %+v", m)
			}
		}},
		{name: "password", block: "mail:\n  host: h\n  password: secret\n", wantCodes: []string{"mail-password-in-file"}},
		{name: "bad port", block: "mail:\n  host: h\n  port: 70000\n", wantCodes: []string{"bad-mail-port"}},
		{name: "bad rate", block: "mail:\n  host: h\n  rate: 0\n", wantCodes: []string{"bad-mail-rate"}},
		{name: "no host", block: "mail:\n  port: 25\n", wantCodes: []string{"yaml-missing-key"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := campaignFile(t, nil) + tc.block
			c, probs := LoadAndCheck([]byte(doc))
			var codes []string
			for _, p := range probs.Errors() {
				codes = append(codes, p.Code)
				if p.Code == "mail-password-in-file" && !strings.Contains(p.Message, "环境变量") {
					t.Errorf("message does not say where the password goes: %s", p.Message)
				}
			}
			if strings.Join(codes, ",") != strings.Join(tc.wantCodes, ",") {
				t.Errorf("errors %v, want %v", codes, tc.wantCodes)
			}
			if tc.check != nil {
				if c.Mail == nil {
					t.Fatal("no mail block")
				}
				tc.check(t, c.Mail)
			}
		})
	}
}
