package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/outbox"
	"tenglong/store"
)

// mailServer is the campaign's SMTP server with the password, from the environment
// variable the campaign names or, on a terminal, a prompt; never from the file.
func mailServer(env *Env, m *campaign.Mail, imap bool) (mail.Server, error) {
	srv := outbox.Settings(m, imap)
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

// deliverOptions are what the sending commands share: outbox.Options and how the
// outcome is printed.
type deliverOptions struct {
	DryRun        bool
	ResendUnknown bool
	JSON          bool   // print one JSON document (deliverJSON), no lines as messages go
	Period        string // for the JSON document
	Verb          string // what a message is, in the output: 模板, 催报, 退回
}

// printDeliverSummary is the closing line of send and remind, and the messages that
// did not go out, by unit and address (outbox.SummaryLines).
func printDeliverSummary(env *Env, total int, sum outbox.Summary, noEmail []string, dry bool) {
	for _, line := range outbox.SummaryLines(total, sum, noEmail, dry) {
		fmt.Fprintln(env.Stdout, line)
	}
}

// failedList names the messages not sent (outbox.FailedList).
func failedList(failed []outbox.Result) string { return outbox.FailedList(failed) }

// deliverJSON is send and remind --json: the period, what was sent (kind), every
// message with its state, and the units without an address.
func deliverJSON(env *Env, kind string, o deliverOptions, total int, sum outbox.Summary, noEmail []string) {
	msgs := sum.Messages
	if msgs == nil {
		msgs = []outbox.Result{}
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
func sendAndReport(env *Env, c *campaign.Campaign, db *store.Store, m *campaign.Mail, msgs []outbox.Message, total int, noEmail []string, o deliverOptions) error {
	srv, err := mailSettings(env, m, o.DryRun)
	if err != nil {
		return err
	}
	sum, err := outbox.Deliver(c, db, srv, msgs, outbox.Options{DryRun: o.DryRun, ResendUnknown: o.ResendUnknown, Verb: o.Verb, Now: env.Now,
		Progress: func(_ outbox.Result, line string) {
			if !o.JSON && line != "" {
				fmt.Fprint(env.Stdout, line)
			}
		}})
	kind := map[string]string{"模板": "template", "催报": "remind", "退回": "return", "上报": "upward"}[o.Verb]
	if o.JSON {
		deliverJSON(env, kind, o, total, sum, noEmail)
	} else {
		printDeliverSummary(env, total, sum, noEmail, o.DryRun)
	}
	if err != nil {
		return fmt.Errorf("%v。已发出的 %d 封已记录，重新运行只发剩下的", err, sum.Sent)
	}
	if failed := sum.Failed(); len(failed) > 0 && !o.DryRun {
		return fmt.Errorf("有 %d 封%s没有发出：%s。原因见上；改正 campaign.yaml 里的邮箱后重新运行，只发这几封", len(failed), o.Verb, failedList(failed))
	}
	return nil
}
