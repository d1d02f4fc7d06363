package outbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
)

// Message is one message send, remind, a rejected return's reply or the upward
// report wants to send: its key in the mail log, the unit's name as the output names
// it, the address line from campaign.yaml and the draft (From, Date and Message-ID
// are set when it goes).
type Message struct {
	Key      store.MailKey
	UnitName string
	To       string
	Draft    mail.Draft
}

// Options are how Deliver runs.
type Options struct {
	DryRun        bool // decide and report every message, send none
	ResendUnknown bool // send again a message whose outcome is unknown
	// Verb is what a message is, in the progress lines: 模板, 催报, 退回, 上报.
	Verb string
	// Now is the clock the messages are dated with.
	Now func() time.Time
	// Progress, when set, is called once for each message as its outcome is known,
	// with the Chinese line the CLI prints for it ("" when the run stops on it and
	// the returned error says why).
	Progress func(r Result, line string)
}

// Summary counts what happened, for the closing line, and lists every message with
// its outcome, for --json and for naming the ones not sent.
type Summary struct {
	Sent, Before, Unknown, Refused, Planned int
	Unknowns                                []string // the units whose message's outcome is unknown
	Messages                                []Result
}

// Result is one message's outcome, as send and remind --json print it.
type Result struct {
	Unit      string `json:"unit"`
	Name      string `json:"name"`
	Recipient string `json:"recipient"`
	// State: sent | sent-before | planned (a dry run) | unknown (cut off last time) |
	// refused (the server refused it) | bounced (the address bounced before: not sent) |
	// bad-address (campaign.yaml's address does not parse).
	State  string `json:"state"`
	Detail string `json:"detail"`
}

// Failed are the messages that did not go out and need the office: refused, bounced,
// a bad address.
func (s Summary) Failed() []Result {
	var out []Result
	for _, m := range s.Messages {
		if m.State == "refused" || m.State == "bounced" || m.State == "bad-address" {
			out = append(out, m)
		}
	}
	return out
}

// MessageID is the same for the same message every time it is tried: a resend after
// an unknown outcome carries the Message-ID of the first try, so the recipient's
// mail client shows one message, not two.
func MessageID(k store.MailKey, from string) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{k.Campaign, k.Period, k.Unit, k.Kind, k.Ref}, "\x00")))
	domain := "tenglong.invalid"
	if a, err := mail.ParseRecipients(from); err == nil && len(a) == 1 {
		if i := strings.LastIndex(a[0].Address, "@"); i > 0 {
			domain = a[0].Address[i+1:]
		}
	}
	return fmt.Sprintf("tenglong.%s.%s@%s", k.Kind, hex.EncodeToString(sum[:12]), domain)
}

// Deliver sends the messages in order, at most rate a second, recording each in the
// store's mail log: "sending" before the data, "sent" or "failed" after. A message
// whose latest entry is "sent" is not sent again. One whose latest entry is
// "sending" was cut off after the data started (a killed run, a connection lost while
// the server answered the final "."): it may have arrived, so it is not sent again
// unless ResendUnknown, and the output names it. A dropped connection before the
// data is retried, with backoff; a refused login or an unreachable server stops the
// run, keeping what was done.
func Deliver(c *campaign.Campaign, db *store.Store, srv mail.Server, msgs []Message, opts Options) (Summary, error) {
	var sum Summary
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
		if !kinds[msg.Key.Kind] {
			kinds[msg.Key.Kind] = true
			got, err := db.MailStates(c.ID, msg.Key.Period, msg.Key.Kind)
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
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	// result records a message's outcome and reports it with its line.
	result := func(msg Message, to, state, detail, format string, args ...any) {
		r := Result{Unit: msg.Key.Unit, Name: msg.UnitName, Recipient: to, State: state, Detail: detail}
		sum.Messages = append(sum.Messages, r)
		if opts.Progress != nil {
			line := ""
			if format != "" {
				line = fmt.Sprintf(format, args...)
			}
			opts.Progress(r, line)
		}
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
		to, err := mail.ParseRecipients(msg.To)
		var rcpts []string
		for _, a := range to {
			rcpts = append(rcpts, a.Address)
		}
		st, seen := states[msg.Key]
		step, bounce := store.NextStep(st, seen, bounces, msg.Key.Unit, rcpts, opts.ResendUnknown)
		switch step {
		case store.StepSent:
			sum.Before++
			result(msg, st.Recipient, "sent-before", "", "")
			continue
		case store.StepUnknown:
			sum.Unknown++
			sum.Unknowns = append(sum.Unknowns, msg.UnitName)
			result(msg, st.Recipient, "unknown", "", "状态不明  %s：上次发送%s时程序中断，可能已经发出，这次没有重发。请向单位确认，确认没收到的用 --resend-unknown 重发\n", msg.UnitName, opts.Verb)
			continue
		case store.StepBounced:
			why := ""
			if bounce.Detail != "" {
				why = "（" + bounce.Detail + "）"
			}
			sum.Refused++
			result(msg, bounce.Recipient, "bounced", bounce.Detail, "投递失败  %s：之前发往 %s 的邮件被退信%s，这次没有发。请在 campaign.yaml 里改正这个单位的联系人邮箱后重新运行\n", msg.UnitName, bounce.Recipient, why)
			continue
		}
		if err != nil || len(to) == 0 {
			sum.Refused++
			result(msg, msg.To, "bad-address", "联系人邮箱不可用", "没有发送  %s：联系人邮箱“%s”不可用，请在 campaign.yaml 里改正\n", msg.UnitName, msg.To)
			continue
		}
		if opts.DryRun {
			sum.Planned++
			result(msg, msg.To, "planned", "", "将发送%s  %s  →  %s  （%s）\n", opts.Verb, msg.UnitName, msg.To,
				strings.TrimSpace(msg.Draft.Subject)) // the subject template ends in a line break; the mail makes it one line

			continue
		}
		if wait := time.Until(next); wait > 0 {
			time.Sleep(wait)
		}
		next = time.Now().Add(interval)
		draft := msg.Draft
		draft.From, draft.Outgoing, draft.Date = from, true, now()
		draft.MessageID = MessageID(msg.Key, from)
		raw := draft.Bytes()
		entry := store.MailEntry{MailKey: msg.Key, MessageID: draft.MessageID, Recipient: strings.Join(rcpts, ", ")}
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
				result(msg, entry.Recipient, "sent", "", "已发送%s  %s  →  %s\n", opts.Verb, msg.UnitName, entry.Recipient)
				break
			}
			if mail.Unknown(err) {
				// The final "." went out and no answer came back: the server may
				// have the message. The "sending" entry stays, and says so next run.
				sender.Close()
				sender = nil
				sum.Unknown++
				sum.Unknowns = append(sum.Unknowns, msg.UnitName)
				result(msg, entry.Recipient, "unknown", err.Error(), "")
				return sum, fmt.Errorf("%s；发给%s的%s状态不明（可能已经发出），重新运行时不会重发，请向单位确认", mail.Explain(srv, err), msg.UnitName, opts.Verb)
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
				result(msg, entry.Recipient, "refused", mail.Explain(srv, err), "被拒收  %s  →  %s：%s\n", msg.UnitName, entry.Recipient, mail.Explain(srv, err))
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
