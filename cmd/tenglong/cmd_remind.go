package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/outbox"
	"tenglong/store"
	"tenglong/templates"
)

type remindOptions struct {
	Workspace     string
	Period        string
	DryRun        bool
	ResendUnknown bool
	JSON          bool
}

func newRemindCmd(env *Env, g *globalOptions, runF func(*remindOptions) error) *cobra.Command {
	opts := &remindOptions{}
	cmd := &cobra.Command{
		Use:   "remind --period 期次",
		Short: "给未报送或被退回未重报的单位发催报邮件 / mail reminders to units missing or rejected",
		Long: `给本期还没有报送、或报送被退回后还没有重新报送的单位发催报邮件。截止日期前后措辞不同
（templates/remind-before.txt、remind-after.txt，可在工作区 templates/ 下改写）。每封都记在数据库里，
同一天重复运行不会重复催报。`,
		Example: "  tenglong remind --period 2023Q3 --dry-run\n  TENGLONG_MAIL_PASSWORD=授权码 tenglong remind --period 2023Q3",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return remindRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "只列出要催报的单位，不发送 / list, do not send")
	cmd.Flags().BoolVar(&opts.ResendUnknown, "resend-unknown", false, "重发上次中断时状态不明的催报 / resend reminders whose outcome is unknown")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

func remindRun(env *Env, opts *remindOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	m, err := needMail(c, opts.Workspace)
	if err != nil {
		return err
	}
	now := c.In(env.Now())
	overdue := c.Late(period, now)
	due := period.Deadline(c.Deadline)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	dueDay := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
	days := int(dueDay.Sub(today).Hours() / 24)
	bodyName := "remind-before.txt"
	if overdue {
		bodyName, days = "remind-after.txt", -days
	}
	subjectT, err := templates.Load(opts.Workspace, "remind-subject.txt")
	if err != nil {
		return err
	}
	bodyT, err := templates.Load(opts.Workspace, bodyName)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	statuses, err := db.Status(c.ID, period.String())
	if err != nil {
		return err
	}
	state := map[string]string{}
	for _, s := range statuses {
		state[s.Unit] = s.State
	}
	// One reminder a unit a day: a rerun the same day does not remind twice.
	ref := now.Format("2006-01-02")
	var msgs []outbox.Message
	var noEmail []string
	waiting := 0
	for _, u := range c.Units {
		if state[u.Code] == string(store.Accepted) {
			continue
		}
		waiting++
		if u.Contact.Email == "" {
			noEmail = append(noEmail, u.Name)
			continue
		}
		data := templates.Remind{Unit: u.Name, Campaign: c.Title, Issuer: c.Issuer, Period: period.String(), PeriodLabel: period.Label(),
			Deadline: campaign.DateLabel(due), Overdue: overdue, Days: days, Rejected: state[u.Code] == string(store.Rejected),
			ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email}
		subject, err := subjectT.Render(data)
		if err != nil {
			return err
		}
		body, err := bodyT.Render(data)
		if err != nil {
			return err
		}
		msgs = append(msgs, outbox.Message{Key: store.MailKey{Campaign: c.ID, Period: period.String(), Unit: u.Code, Kind: "remind", Ref: ref},
			UnitName: u.Name, To: u.Contact.Email,
			Draft: mail.Draft{To: u.Contact.Email, ToName: u.Name + " " + u.Contact.Name, Subject: subject, Body: body}})
	}
	if waiting == 0 {
		if opts.JSON {
			deliverJSON(env, "remind", deliverOptions{DryRun: opts.DryRun, Period: period.String()}, 0, outbox.Summary{}, nil)
			return nil
		}
		fmt.Fprintf(env.Stdout, "%s 各单位都已报送并采用，不需要催报。\n", period)
		return nil
	}
	return sendAndReport(env, c, db, m, msgs, waiting, noEmail, deliverOptions{DryRun: opts.DryRun, ResendUnknown: opts.ResendUnknown, JSON: opts.JSON, Period: period.String(), Verb: "催报"})
}
