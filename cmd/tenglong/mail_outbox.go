package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/term"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
)

// outMsg is one message send, remind or a rejected return's reply wants to send.
type outMsg struct {
	key      store.MailKey
	unitName string
	to       string
	draft    mail.Draft
}

// deliverOptions are what the sending commands share.
type deliverOptions struct {
	DryRun        bool
	ResendUnknown bool
	JSON          bool   // print one JSON document (deliverJSON), no lines as messages go
	Period        string // for the JSON document
	Verb          string // what a message is, in the output: 模板, 催报, 退回
}

// deliverSummary counts what happened, for the closing line, and lists every
// message with its outcome, for --json and for naming the ones not sent.
type deliverSummary struct {
	Sent, Before, Unknown, Refused, Planned int
	Unknowns                                []string
	Messages                                []deliverResult
}

// deliverResult is one message of send or remind --json.
type deliverResult struct {
	Unit      string `json:"unit"`
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
	// State: sent | sent-before | planned (a dry run) | unknown (cut off last time) |
	// refused (the server refused it) | bounced (the address bounced before: not sent) |
	// bad-address (campaign.yaml's address does not parse).
	State  string `json:"state"`
	Detail string `json:"detail"`
}

// failed are the messages that did not go out and need the office: refused, bounced,
// a bad address.
func (s deliverSummary) failed() []deliverResult {
	var out []deliverResult
	for _, m := range s.Messages {
		if m.State == "refused" || m.State == "bounced" || m.State == "bad-address" {
			out = append(out, m)
		}
	}
	return out
}

// mailServer is the campaign's SMTP server with the password, from the environment
// variable the campaign names or, on a terminal, a prompt; never from the file.
func mailServer(env *Env, m *campaign.Mail, imap bool) (mail.Server, error) {
	srv := mail.Server{Host: m.Host, Port: m.Port, TLS: string(m.TLS), Username: m.Username, Timeout: m.Timeout}
	if imap {
		srv.Host, srv.Port, srv.TLS = m.IMAPHost, m.IMAPPort, string(m.IMAPTLS)
	}
	if m.Username == "" {
		return srv, nil
	}
	if pw, ok := os.LookupEnv(m.PasswordEnv); ok {
		srv.Password = pw
		return srv, nil
	}
	pw, err := promptPassword(env, fmt.Sprintf("请输入邮箱 %s 的密码（不会显示）：", m.Username))
	if err != nil {
		return srv, fmt.Errorf("需要邮箱 %s 的密码：请把密码放进环境变量 %s（如 export %s=授权码）后重新运行，或在终端里运行以便输入",
			m.Username, m.PasswordEnv, m.PasswordEnv)
	}
	srv.Password = pw
	return srv, nil
}

// promptPassword reads a line from the terminal with echo off (x/term: the same on
// Windows consoles and Unix terminals); an error when stdin is not a terminal (a
// script, a test): nobody is there to type.
func promptPassword(env *Env, prompt string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errors.New("stdin is not a terminal")
	}
	fmt.Fprint(env.Stderr, prompt)
	pw, err := term.ReadPassword(fd)
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(pw), "\r"), nil
}

// messageID is the same for the same message every time it is tried: a resend after
// an unknown outcome carries the Message-ID of the first try, so the recipient's
// mail client shows one message, not two.
func messageID(k store.MailKey, from string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{k.Campaign, k.Period, k.Unit, k.Kind, k.Ref}, "\x00")))
	domain := "tenglong.invalid"
	if a, err := mail.ParseRecipients(from); err == nil && len(a) == 1 {
		if i := strings.LastIndex(a[0].Address, "@"); i > 0 {
			domain = a[0].Address[i+1:]
		}
	}
	return fmt.Sprintf("tenglong.%s.%s@%s", k.Kind, hex.EncodeToString(sum[:12]), domain)
}

// deliver sends the messages in order, at most rate a second, recording each in the
// store's mail log: "sending" before the data, "sent" or "failed" after. A message
// whose latest entry is "sent" is not sent again. One whose latest entry is
// "sending" was cut off after the data started (a killed run, a connection lost while
// the server answered the final "."): it may have arrived, so it is not sent again
// unless ResendUnknown, and the output names it. A dropped connection before the
// data is retried, with backoff; a refused login or an unreachable server stops the
// run, keeping what was done.
func deliver(env *Env, c *campaign.Campaign, db *store.Store, srv mail.Server, msgs []outMsg, opts deliverOptions) (deliverSummary, error) {
	var sum deliverSummary
	m := c.Mail
	from := m.From
	if from == "" {
		from = c.Contact.Email
	}
	fromAddr, err := mail.ParseRecipients(from)
	if err != nil || len(fromAddr) != 1 {
		return sum, fmt.Errorf("发件人地址“%s”不可用：请在 campaign.yaml 的 mail: 里写 from（如 办公室 <office@example.gov.cn>）", from)
	}
	states := map[store.MailKey]store.MailEntry{}
	kinds := map[string]bool{}
	for _, msg := range msgs {
		if !kinds[msg.key.Kind] {
			kinds[msg.key.Kind] = true
			got, err := db.MailStates(c.ID, msg.key.Period, msg.key.Kind)
			if err != nil {
				return sum, err
			}
			for k, v := range got {
				states[k] = v
			}
		}
	}
	bounces, err := db.Bounces(c.ID, "")
	if err != nil {
		return sum, err
	}
	say := func(format string, args ...any) {
		if !opts.JSON {
			fmt.Fprintf(env.Stdout, format, args...)
		}
	}
	result := func(msg outMsg, to, state, detail string) {
		sum.Messages = append(sum.Messages, deliverResult{Unit: msg.key.Unit, Name: msg.unitName, Recipient: to, State: state, Detail: detail})
	}
	interval := time.Duration(0)
	if r, _ := m.Rate.Float64(); r > 0 { // a pace, not an amount: float is fine here
		interval = time.Duration(float64(time.Second) / r)
	}
	var sender *mail.Sender
	defer func() {
		if sender != nil {
			sender.Close()
		}
	}()
	next := time.Now()
	for _, msg := range msgs {
		to, err := mail.ParseRecipients(msg.to)
		var rcpts []string
		for _, a := range to {
			rcpts = append(rcpts, a.Address)
		}
		st, seen := states[msg.key]
		step, bounce := store.NextStep(st, seen, bounces, msg.key.Unit, rcpts, opts.ResendUnknown)
		switch step {
		case store.StepSent:
			sum.Before++
			result(msg, st.Recipient, "sent-before", "")
			continue
		case store.StepUnknown:
			sum.Unknown++
			sum.Unknowns = append(sum.Unknowns, msg.unitName)
			result(msg, st.Recipient, "unknown", "")
			say("状态不明  %s：上次发送%s时程序中断，可能已经发出，这次没有重发。请向单位确认，确认没收到的用 --resend-unknown 重发\n", msg.unitName, opts.Verb)
			continue
		case store.StepBounced:
			why := ""
			if bounce.Detail != "" {
				why = "（" + bounce.Detail + "）"
			}
			sum.Refused++
			result(msg, bounce.Recipient, "bounced", bounce.Detail)
			say("投递失败  %s：之前发往 %s 的邮件被退信%s，这次没有发。请在 campaign.yaml 里改正这个单位的联系人邮箱后重新运行\n", msg.unitName, bounce.Recipient, why)
			continue
		}
		if err != nil || len(to) == 0 {
			sum.Refused++
			result(msg, msg.to, "bad-address", "联系人邮箱不可用")
			say("没有发送  %s：联系人邮箱“%s”不可用，请在 campaign.yaml 里改正\n", msg.unitName, msg.to)
			continue
		}
		if opts.DryRun {
			sum.Planned++
			result(msg, msg.to, "planned", "")
			say("将发送%s  %s  →  %s  （%s）\n", opts.Verb, msg.unitName, msg.to, msg.draft.Subject)
			continue
		}
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		next = time.Now().Add(interval)
		draft := msg.draft
		draft.From, draft.Outgoing, draft.Date = from, true, env.Now()
		draft.MessageID = messageID(msg.key, from)
		raw := draft.Bytes()
		entry := store.MailEntry{MailKey: msg.key, MessageID: draft.MessageID, Recipient: strings.Join(rcpts, ", ")}
		for attempt := 0; ; attempt++ {
			if sender == nil {
				ctx, cancel := context.WithTimeout(context.Background(), srvTimeout(srv))
				sender, err = mail.Dial(ctx, srv)
				cancel()
				if err != nil {
					sender = nil
					if mail.Fatal(err) && (attempt >= 2 || isLogin(err)) {
						return sum, errors.New(mail.Explain(srv, err))
					}
					if attempt >= 2 {
						return sum, errors.New(mail.Explain(srv, err))
					}
					time.Sleep(backoff(attempt))
					continue
				}
			}
			entry.State, entry.Detail = store.MailSending, ""
			if err := db.LogMail(entry); err != nil {
				return sum, err
			}
			err = sender.Send(fromAddr[0].Address, rcpts, raw)
			if err == nil {
				entry.State = store.MailSent
				if err := db.LogMail(entry); err != nil {
					return sum, err
				}
				sum.Sent++
				result(msg, entry.Recipient, "sent", "")
				say("已发送%s  %s  →  %s\n", opts.Verb, msg.unitName, entry.Recipient)
				break
			}
			if mail.Unknown(err) {
				// The final "." went out and no answer came back: the server may
				// have the message. The "sending" entry stays, and says so next run.
				sender.Close()
				sender = nil
				sum.Unknown++
				sum.Unknowns = append(sum.Unknowns, msg.unitName)
				result(msg, entry.Recipient, "unknown", err.Error())
				return sum, fmt.Errorf("%s；发给%s的%s状态不明（可能已经发出），重新运行时不会重发，请向单位确认", mail.Explain(srv, err), msg.unitName, opts.Verb)
			}
			entry.State, entry.Detail = store.MailFailed, err.Error()
			if lerr := db.LogMail(entry); lerr != nil {
				return sum, lerr
			}
			if mail.SenderRefused(err) {
				// The office's own address: every message would be refused alike.
				return sum, errors.New(mail.Explain(srv, err))
			}
			if mail.MessageOnly(err) {
				sender.Reset()
				sum.Refused++
				result(msg, entry.Recipient, "refused", mail.Explain(srv, err))
				say("被拒收  %s  →  %s：%s\n", msg.unitName, entry.Recipient, mail.Explain(srv, err))
				break
			}
			sender.Close()
			sender = nil
			if attempt >= 2 {
				return sum, errors.New(mail.Explain(srv, err))
			}
			time.Sleep(backoff(attempt))
		}
	}
	return sum, nil
}

func srvTimeout(srv mail.Server) time.Duration {
	if srv.Timeout > 0 {
		return srv.Timeout
	}
	return 30 * time.Second
}

func isLogin(err error) bool {
	var e *mail.Error
	return errors.As(err, &e) && e.Op == "login"
}

// backoff is the wait before the next try: 1s, 2s, 4s.
func backoff(attempt int) time.Duration { return time.Second << attempt }

// printDeliverSummary is the closing line of send and remind, and the messages that
// did not go out, by unit and address.
func printDeliverSummary(env *Env, total int, sum deliverSummary, noEmail []string, dry bool) {
	if dry {
		fmt.Fprintf(env.Stdout, "试运行：共 %d 个单位，将发送 %d 封，之前已发送 %d，状态不明 %d，不能发送 %d，没有邮箱 %d。没有发出任何邮件。\n",
			total, sum.Planned, sum.Before, sum.Unknown, sum.Refused, len(noEmail))
		return
	}
	fmt.Fprintf(env.Stdout, "共 %d 个单位：本次发送 %d，之前已发送 %d，状态不明 %d，拒收或地址有误 %d，没有邮箱 %d。\n",
		total, sum.Sent, sum.Before, sum.Unknown, sum.Refused, len(noEmail))
	if failed := sum.failed(); len(failed) > 0 {
		fmt.Fprintf(env.Stdout, "没有发出的 %d 封：%s\n", len(failed), failedList(failed))
	}
	if len(noEmail) > 0 {
		fmt.Fprintf(env.Stdout, "没有邮箱的单位（请在 campaign.yaml 里补上 contact: email，或另行通知）：%s\n", strings.Join(noEmail, "、"))
	}
}

// failedList names the messages not sent: 德清县（deqing@…）、长兴县（…）.
func failedList(failed []deliverResult) string {
	var names []string
	for _, f := range failed {
		names = append(names, f.Name+"（"+f.Recipient+"）")
	}
	return strings.Join(names, "、")
}

// deliverJSON is send and remind --json: the period, what was sent (kind), every
// message with its state, and the units without an address.
func deliverJSON(env *Env, kind string, o deliverOptions, total int, sum deliverSummary, noEmail []string) {
	msgs := sum.Messages
	if msgs == nil {
		msgs = []deliverResult{}
	}
	if noEmail == nil {
		noEmail = []string{}
	}
	writeJSON(env.Stdout, map[string]any{"period": o.Period, "kind": kind, "dry_run": o.DryRun, "units": total,
		"messages": msgs, "no_email": noEmail})
}

// sendAndReport is the end of send, send --returns and remind: the server settings
// (no password asked on a dry run), delivery with its record, the summary, and on a
// failure what was done and that a rerun sends only the rest. Any message that did
// not go out (refused, bounced before, a bad address) makes it fail: exit 1.
func sendAndReport(env *Env, c *campaign.Campaign, db *store.Store, m *campaign.Mail, msgs []outMsg, total int, noEmail []string, o deliverOptions) error {
	srv, err := mailSettings(env, m, o.DryRun)
	if err != nil {
		return err
	}
	sum, err := deliver(env, c, db, srv, msgs, o)
	kind := map[string]string{"模板": "template", "催报": "remind", "退回": "return", "上报": "upward"}[o.Verb]
	if o.JSON {
		deliverJSON(env, kind, o, total, sum, noEmail)
	} else {
		printDeliverSummary(env, total, sum, noEmail, o.DryRun)
	}
	if err != nil {
		return fmt.Errorf("%v。已发出的 %d 封已记录，重新运行只发剩下的", err, sum.Sent)
	}
	if failed := sum.failed(); len(failed) > 0 && !o.DryRun {
		return fmt.Errorf("有 %d 封%s没有发出：%s。原因见上；改正 campaign.yaml 里的邮箱后重新运行，只发这几封", len(failed), o.Verb, failedList(failed))
	}
	return nil
}
