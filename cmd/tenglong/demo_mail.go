package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/mail"
)

// demoMail runs the mail loop in the demo when --mail names a server that answers:
// the units get contact addresses and the campaign a mail: block, send mails the
// templates, the on-time returns come back as the townships' replies, and fetch takes
// them in. Otherwise it says where the .eml drafts are. It reports whether the
// on-time returns were mailed (then ingest skips them).
func demoMail(env *Env, opts *demoOptions, dir string, period campaign.Period, returned string) (bool, error) {
	w := env.Stdout
	drafts := filepath.Join(dir, templatesDir, period.String(), "mail")
	parts := strings.Split(opts.Mail, ":")
	if opts.Mail == "" || len(parts) != 4 || !reachable(parts[0], parts[1]) || !reachable(parts[0], parts[2]) {
		fmt.Fprintf(w, "\n（邮件：%s 里是给各单位的邮件草稿（.eml），用邮件客户端打开即可发送。", drafts)
		if opts.Mail != "" {
			fmt.Fprintf(w, "--mail %s 连不上或格式不对（应为 主机:SMTP端口:IMAP端口:用户名），", opts.Mail)
		}
		fmt.Fprintf(w, "在 campaign.yaml 里写好 mail: 后可用 tenglong send 直接发送、tenglong fetch 收取。）\n")
		return false, nil
	}
	host, smtpPort, imapPort, user := parts[0], parts[1], parts[2], parts[3]
	path := campaignPath(dir, "")
	data, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	// Every unit a demo address (delivered to the one local mailbox).
	unit := regexp.MustCompile(`(?m)^(  - \{code: ([a-z0-9-]+), [^}\n]*?)\}$`)
	text := unit.ReplaceAllStringFunc(string(data), func(line string) string {
		if strings.Contains(line, "contact:") {
			return line
		}
		m := unit.FindStringSubmatch(line)
		return m[1] + ", contact: {email: " + m[2] + "@demo.invalid}}"
	})
	text += fmt.Sprintf("\nmail:\n  host: %s\n  port: %s\n  tls: none\n  username: %s\n  from: 演示办公室 <office@demo.invalid>\n  rate: 20\n  imap-port: %s\n  imap-tls: none\n  timeout: 10\n",
		host, smtpPort, user, imapPort)
	if err := writeFileAtomic(path, []byte(text)); err != nil {
		return false, err
	}
	c, err := loadCampaign(env, path)
	if err != nil {
		return false, err
	}
	fmt.Fprintf(w, "\n==== 第 5 步之二：用邮件发出模板（tenglong -w %s send --period %s，服务器 %s:%s）====\n", dir, period, host, smtpPort)
	if err := sendRun(env, &sendOptions{Workspace: dir, Period: period.String()}); err != nil {
		return false, err
	}
	srv, err := mailServer(env, c.Mail, false)
	if err != nil {
		return false, err
	}
	onTime := filepath.Join(returned, "按时")
	files, _ := filepath.Glob(filepath.Join(onTime, "*.xlsx"))
	fmt.Fprintf(w, "\n==== 第 6 步之一：模拟 %d 个单位按时用邮件回复填好的模板，再收信入库（tenglong -w %s fetch）====\n", len(files), dir)
	sender, err := mail.Dial(context.Background(), srv)
	if err != nil {
		return false, fmt.Errorf("%s", mail.Explain(srv, err))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			sender.Close()
			return false, err
		}
		from := "township@demo.invalid"
		for _, u := range c.Units {
			if strings.Contains(filepath.Base(f), "-"+safeFileName(u.Name)+"-") {
				from = u.Contact.Email
			}
		}
		d := mail.Draft{From: from, To: "office@demo.invalid", Subject: "回复：" + filepath.Base(f), Body: "报表见附件。",
			Date: env.Now(), Outgoing: true, Attachment: mail.Attachment{Name: filepath.Base(f), Data: b}}
		if err := sender.Send(from, []string{"office@demo.invalid"}, d.Bytes()); err != nil {
			sender.Close()
			return false, fmt.Errorf("%s", mail.Explain(srv, err))
		}
	}
	sender.Close()
	time.Sleep(2 * time.Second) // the server delivers after it has answered
	if err := fetchRun(env, &fetchOptions{Workspace: dir}); err != nil && !isValidationFailure(err) {
		return false, err
	}
	fmt.Fprintf(w, "\n---- 被退回的报送用邮件发回（tenglong -w %s send --period %s --returns）----\n", dir, period)
	if err := sendRun(env, &sendOptions{Workspace: dir, Period: period.String(), Returns: true}); err != nil {
		return false, err
	}
	return true, nil
}

func reachable(host, port string) bool {
	c, err := net.DialTimeout("tcp", net.JoinHostPort(host, port), 2*time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
