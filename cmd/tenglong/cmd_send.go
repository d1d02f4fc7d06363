package main

import (
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/outbox"
	"tenglong/web"
)

type sendOptions struct {
	Workspace     string
	Period        string
	Output        string
	DryRun        bool
	ResendUnknown bool
	Returns       bool
	JSON          bool
	// PublicURL is where the units reach tenglong serve: each mail carries the
	// unit's portal link under it (else under mail: public-url).
	PublicURL string
	// Upward is a county's filled return (tenglong upward -o) to mail to its city's
	// contact, parent.contact (cmd_send_upward.go).
	Upward string
}

func newSendCmd(env *Env, g *globalOptions, runF func(*sendOptions) error) *cobra.Command {
	opts := &sendOptions{}
	cmd := &cobra.Command{
		Use:   "send --period 期次",
		Short: "用邮件把本期模板发给各单位（可续发，不重发） / mail each unit its template over SMTP",
		Long: `按 campaign.yaml 里 mail: 的设置（发信服务器、加密方式、用户名；密码来自环境变量，
不写在文件里），把 generate 生成的本期模板逐个发给各单位的联系人邮箱。每封邮件都记在工作目录的
数据库里：中途失败后重新运行，只发还没发的，已发的不会再发。上次中断在发送途中、不知道是否发出的，
不会自动重发（请向单位确认后用 --resend-unknown）。加 --returns 则把被退回的报送连同标注好问题的
文件发回单位。`,
		Example: "  tenglong send --period 2023Q3 --dry-run\n  TENGLONG_MAIL_PASSWORD=授权码 tenglong send --period 2023Q3",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return sendRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "generate 的输出目录（默认 工作目录/"+templatesDir+"） / where generate wrote")
	cmd.Flags().BoolVar(&opts.DryRun, "dry-run", false, "只列出要发的邮件，不发送 / list, do not send")
	cmd.Flags().BoolVar(&opts.ResendUnknown, "resend-unknown", false, "重发上次中断时状态不明的邮件 / resend messages whose outcome is unknown")
	cmd.Flags().BoolVar(&opts.Returns, "returns", false, "发回被退回的报送（附标注问题的文件） / mail rejected returns back")
	cmd.Flags().StringVar(&opts.Upward, "upward", "", "把 tenglong upward 填好的报送文件发给上级联系人（parent.contact） / mail the return to the city")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.PublicURL, "public-url", "", "tenglong serve 的地址：邮件里附上各单位的网页填报链接（默认 mail: public-url） / put portal links in the mail")
	return cmd
}

// needMail is the campaign's mail block, or the error that says how to write one.
func needMail(c *campaign.Campaign, workspace string) (*campaign.Mail, error) {
	if c.Mail == nil {
		return nil, fmt.Errorf("campaign.yaml 里没有 mail: 邮件设置，无法自动发信：请加上 host、port、tls、username、from（密码放在环境变量 %s 里），或把 %s 下各期 mail 文件夹里的邮件草稿（.eml）用邮件客户端打开后手工发送",
			campaign.DefaultPasswordEnv, filepath.Join(workspace, templatesDir))
	}
	return c.Mail, nil
}

func sendRun(env *Env, opts *sendOptions) error {
	if opts.Upward != "" {
		return sendUpwardRun(env, opts)
	}
	if opts.Returns {
		return sendReturnsRun(env, opts)
	}
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	m, err := needMail(c, opts.Workspace)
	if err != nil {
		return err
	}
	out := opts.Output
	if out == "" {
		out = filepath.Join(opts.Workspace, templatesDir)
	}
	dir := filepath.Join(out, period.String())
	units, err := selectUnits(c, nil)
	if err != nil {
		return err
	}
	deadline := period.Deadline(c.Deadline)
	drafts, err := outbox.NewDrafts(opts.Workspace, c, period, deadline)
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
	msgs, noEmail, err := outbox.TemplateMessages(c, period, dir, units, drafts, links)
	if err != nil {
		return err
	}
	if note := links.Note(len(units)); note != "" && !opts.JSON {
		fmt.Fprintln(env.Stdout, note)
	}
	return sendAndReport(env, c, db, m, msgs, len(units), noEmail, deliverOptions{DryRun: opts.DryRun, ResendUnknown: opts.ResendUnknown, JSON: opts.JSON, Period: period.String(), Verb: "模板"})
}

// checkPublicURL refuses a --public-url that is no address, as a usage error.
func checkPublicURL(s string) error {
	if err := campaign.CheckPublicURL(s); err != nil {
		return usageErrorf("--public-url %v", err)
	}
	return nil
}

// mailSettings is mailServer, without asking for a password on a dry run.
func mailSettings(env *Env, m *campaign.Mail, dry bool) (mail.Server, error) {
	if dry {
		return mail.Server{Host: m.Host, Port: m.Port, TLS: string(m.TLS), Username: m.Username}, nil
	}
	return mailServer(env, m, false)
}

// sendReturnsRun mails each unit whose latest return was rejected that file back,
// marked up (workbook.MarkUp, as ingest --return-dir writes it), with the findings in
// the body. Each rejected submission is sent back once: the mail log keys it by its
// submission number.
func sendReturnsRun(env *Env, opts *sendOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	m, err := needMail(c, opts.Workspace)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	rm, err := outbox.ReturnMessages(opts.Workspace, c, db, period)
	if err != nil {
		return err
	}
	for _, line := range rm.NotMarked {
		fmt.Fprintf(env.Stderr, "没有发回  %s，请用 ingest --return-dir 生成后手工发送\n", line)
	}
	msgs, rejected, noEmail := rm.Messages, rm.Rejected, rm.NoEmail
	if rejected == 0 {
		if opts.JSON {
			deliverJSON(env, "return", deliverOptions{DryRun: opts.DryRun, Period: period.String()}, 0, outbox.Summary{}, nil)
			return nil
		}
		fmt.Fprintf(env.Stdout, "%s 没有被退回、待发回的报送。\n", period)
		return nil
	}
	return sendAndReport(env, c, db, m, msgs, rejected, noEmail, deliverOptions{DryRun: opts.DryRun, ResendUnknown: opts.ResendUnknown, JSON: opts.JSON, Period: period.String(), Verb: "退回"})
}
