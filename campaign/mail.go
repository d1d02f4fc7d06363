package campaign

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"gopkg.in/yaml.v3"
)

// MailTLS is how a connection to a mail server is protected.
type MailTLS string

const (
	// MailSTARTTLS: a plain connection upgraded with STARTTLS, refused without it.
	MailSTARTTLS MailTLS = "starttls"
	// MailImplicitTLS: TLS from the first byte (SMTP 465, IMAP 993).
	MailImplicitTLS MailTLS = "tls"
	// MailPlain: no TLS at all; only for a server on the same machine (127.0.0.1).
	MailPlain MailTLS = "none"
)

// Mail is the `mail:` block: how send and remind reach the units by SMTP and how
// fetch reads the office's mailbox by IMAP. The password is never in the file (which
// offices share and print): it comes from the environment variable PasswordEnv or,
// on a terminal, a prompt.
type Mail struct {
	Host        string          // SMTP server
	Port        int             // 0: 587 for starttls, 465 for tls, 25 for none
	TLS         MailTLS         // "": starttls
	Username    string          // login for SMTP AUTH and IMAP; "": no AUTH
	From        string          // "": the campaign's contact email
	PasswordEnv string          // "": TENGLONG_MAIL_PASSWORD
	Rate        decimal.Decimal // messages per second at most; zero: 5
	IMAPHost    string          // "": Host
	IMAPPort    int             // 0: 993 for tls, 143 otherwise
	IMAPTLS     MailTLS         // "": TLS
	Mailbox     string          // "": INBOX
	Timeout     time.Duration   // per connection and command; 0: 30s
	// PublicURL is where the units reach `tenglong serve` (http://10.1.2.3:8080):
	// when set, send and remind put each unit's portal link in its mail. "": no link.
	PublicURL string
	Line      int
}

// DefaultPasswordEnv is the environment variable the mail password is read from
// when the campaign names none.
const DefaultPasswordEnv = "TENGLONG_MAIL_PASSWORD"

func (d *decoder) mail(n *yaml.Node) *Mail {
	m := &Mail{Line: resolve(n).Line}
	tls := func(v *yaml.Node, what string) MailTLS {
		return MailTLS(d.oneOf(v, what, string(MailSTARTTLS), string(MailImplicitTLS), string(MailPlain)))
	}
	port := func(v *yaml.Node, what string) int {
		p, ok := d.integer(v, what)
		if ok && (p < 1 || p > 65535) {
			d.probs.errorf(resolve(v).Line, "bad-mail-port", "%s %d 不是有效的端口号：请写 1 到 65535 之间的数", what, p)
		}
		return p
	}
	refuse := func(v *yaml.Node) {
		d.probs.errorf(resolve(v).Line, "mail-password-in-file",
			"邮箱密码不能写在 campaign.yaml 里（这个文件会被共享、打印）：请删掉这一行，把密码放在环境变量里（password-env 写变量名，默认 %s），或在发送时按提示输入", DefaultPasswordEnv)
	}
	d.object(n, "邮件设置 mail", map[string]field{
		"host":         func(v *yaml.Node) { m.Host = d.str(v, "发信服务器 host") },
		"port":         func(v *yaml.Node) { m.Port = port(v, "发信端口 port") },
		"tls":          func(v *yaml.Node) { m.TLS = tls(v, "发信加密方式 tls") },
		"username":     func(v *yaml.Node) { m.Username = d.str(v, "登录用户名 username") },
		"from":         func(v *yaml.Node) { m.From = d.str(v, "发件人 from") },
		"password-env": func(v *yaml.Node) { m.PasswordEnv = d.str(v, "密码所在的环境变量 password-env") },
		"rate": func(v *yaml.Node) {
			if x, ok := d.decimal(v, "每秒最多发送封数 rate"); ok {
				if !x.IsPositive() {
					d.probs.errorf(resolve(v).Line, "bad-mail-rate", "每秒最多发送封数 rate 应大于 0，这里是 %s", x)
				}
				m.Rate = x
			}
		},
		"imap-host": func(v *yaml.Node) { m.IMAPHost = d.str(v, "收信服务器 imap-host") },
		"imap-port": func(v *yaml.Node) { m.IMAPPort = port(v, "收信端口 imap-port") },
		"imap-tls":  func(v *yaml.Node) { m.IMAPTLS = tls(v, "收信加密方式 imap-tls") },
		"mailbox":   func(v *yaml.Node) { m.Mailbox = d.str(v, "收件箱 mailbox") },
		"timeout": func(v *yaml.Node) {
			if s, ok := d.integer(v, "等待服务器的秒数 timeout"); ok && s > 0 {
				m.Timeout = time.Duration(s) * time.Second
			}
		},
		"public-url": func(v *yaml.Node) {
			m.PublicURL = d.str(v, "填报网页地址 public-url")
			if err := CheckPublicURL(m.PublicURL); err != nil {
				d.probs.errorf(resolve(v).Line, "bad-public-url", "填报网页地址 public-url %v", err)
			}
		},
		"password": refuse,
		"pass":     refuse,
	}, "host")
	if m.TLS == "" {
		m.TLS = MailSTARTTLS
	}
	if m.Port == 0 {
		m.Port = map[MailTLS]int{MailSTARTTLS: 587, MailImplicitTLS: 465, MailPlain: 25}[m.TLS]
	}
	if m.PasswordEnv == "" {
		m.PasswordEnv = DefaultPasswordEnv
	}
	if m.Rate.IsZero() {
		m.Rate = decimal.NewFromInt(5)
	}
	if m.IMAPHost == "" {
		m.IMAPHost = m.Host
	}
	if m.IMAPTLS == "" {
		m.IMAPTLS = MailImplicitTLS
	}
	if m.IMAPPort == 0 {
		m.IMAPPort = 143
		if m.IMAPTLS == MailImplicitTLS {
			m.IMAPPort = 993
		}
	}
	if m.Mailbox == "" {
		m.Mailbox = "INBOX"
	}
	return m
}

// CheckPublicURL checks the address the units reach `tenglong serve` at, from
// mail: public-url or --public-url: an http or https address with a host, which
// the portal links are made under. The error says what is wrong, for a clerk.
func CheckPublicURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsAny(s, " \t\r\n"):
		return fmt.Errorf("“%s”不是网址：请写成 http://10.1.2.3:8080 这样，即各单位在浏览器里打开 tenglong serve 的地址", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("“%s”要以 http:// 或 https:// 开头，如 http://10.1.2.3:8080", s)
	case u.Host == "" || u.Hostname() == "":
		return fmt.Errorf("“%s”缺少主机地址：请写成 http://10.1.2.3:8080 这样", s)
	case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
		return errors.New("“" + s + "”只写地址即可，不要带 ?、# 或用户名，如 http://10.1.2.3:8080")
	}
	return nil
}
