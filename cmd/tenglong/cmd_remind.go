package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"tenglong/outbox"
	"tenglong/web"
)

type remindOptions struct {
	Workspace     string
	Period        string
	DryRun        bool
	ResendUnknown bool
	JSON          bool
	PublicURL     string // as send's
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
	cmd.Flags().StringVar(&opts.PublicURL, "public-url", "", "tenglong serve 的地址：邮件里附上各单位的网页填报链接（默认 mail: public-url） / put portal links in the mail")
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
	if err := checkPublicURL(opts.PublicURL); err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	links, err := web.MailLinks(c, db, period, opts.PublicURL)
	if err != nil {
		return err
	}
	rs, err := outbox.RemindMessages(opts.Workspace, c, db, period, env.Now(), links)
	if err != nil {
		return err
	}
	msgs, waiting, noEmail := rs.Messages, rs.Waiting, rs.NoEmail
	if note := links.Note(len(c.Units)); note != "" && !opts.JSON && waiting > 0 {
		fmt.Fprintln(env.Stdout, note)
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
