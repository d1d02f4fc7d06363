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
		wantLine  int // the error's line within the block (1 is "mail:")
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
		{name: "public url", block: "mail:\n  host: h\n  public-url: http://10.1.2.3:8080/\n", check: func(t *testing.T, m *Mail) {
			if m.PublicURL != "http://10.1.2.3:8080/" {
				t.Errorf("public-url: %q", m.PublicURL)
			}
		}},
		{name: "public url no scheme", block: "mail:\n  host: h\n  public-url: 10.1.2.3:8080\n", wantCodes: []string{"bad-public-url"}, wantLine: 3},
		{name: "public url ftp", block: "mail:\n  host: h\n  public-url: ftp://10.1.2.3/\n", wantCodes: []string{"bad-public-url"}, wantLine: 3},
		{name: "public url no host", block: "mail:\n  host: h\n  public-url: \"http://\"\n", wantCodes: []string{"bad-public-url"}, wantLine: 3},
		{name: "public url query", block: "mail:\n  host: h\n  public-url: http://a.cn/?x=1\n", wantCodes: []string{"bad-public-url"}, wantLine: 3},
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
			if tc.wantLine > 0 {
				base := strings.Count(campaignFile(t, nil), "\n")
				if errs := probs.Errors(); len(errs) == 0 || errs[0].Line != base+tc.wantLine || !strings.Contains(errs[0].Message, "http://") {
					t.Errorf("want an error on line %d saying how to write the address, got %+v", base+tc.wantLine, errs)
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
