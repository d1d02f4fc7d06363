package main

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"tenglong/intake"
	"tenglong/mail"
)

type fetchOptions struct {
	Workspace string
	JSON      bool
	Workers   int
	Batch     int
}

func newFetchCmd(env *Env, g *globalOptions, runF func(*fetchOptions) error) *cobra.Command {
	opts := &fetchOptions{}
	cmd := &cobra.Command{
		Use:   "fetch",
		Short: "从收件箱收取各单位报回的邮件并回收入库 / pull returns from the IMAP mailbox",
		Long: `按 campaign.yaml 里 mail: 的收信设置（imap-host、imap-port、imap-tls、mailbox，密码来自环境变量）
读取收件箱里的新邮件：每封邮件先原样存档，再像 ingest 一样回收其中的填报模板。收到时间以邮件服务器
记录的时间为准。记住已取到哪一封，重复运行不会重复收取，也不会漏收；只读打开收件箱，不改变已读标记。
本办自己发出的邮件（模板、催报、退回）会跳过。有文件被退回时退出码为 3。`,
		Example: "  TENGLONG_MAIL_PASSWORD=授权码 tenglong fetch",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return fetchRun(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "并行读取数（默认为 CPU 核数） / parallel readers")
	cmd.Flags().IntVar(&opts.Batch, "batch", 50, "每次向服务器取多少封 / messages per FETCH")
	return cmd
}

func fetchRun(env *Env, opts *fetchOptions) error {
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	m, err := needMail(c, opts.Workspace)
	if err != nil {
		return err
	}
	srv, err := mailServer(env, m, true)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.SigningKey()
	if err != nil {
		return err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var bar *progress
	f, err := intake.Fetch(srv, m.Mailbox, intake.FetchOptions{Campaign: c, Store: db, Key: key, Workers: workers, Batch: opts.Batch,
		Delay: env.ingestDelay, Now: env.Now,
		Progress: func(stage string, done, total int) {
			if done == 0 {
				if bar != nil {
					bar.done()
				}
				bar = newProgress(env, stage, total)
				return
			}
			bar.step()
		}})
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return err
	}
	printFetched(env, f, opts)
	if f.DownloadErr != nil {
		var me *mail.Error
		if errors.As(f.DownloadErr, &me) {
			return fmt.Errorf("%s；已收到的 %d 封都已存档入库，重新运行会接着收", mail.Explain(srv, f.DownloadErr), f.Taken)
		}
		return f.DownloadErr
	}
	if f.Rejected > 0 {
		return validationFailed("some files were rejected")
	}
	return nil
}

func printFetched(env *Env, f *intake.Fetched, opts *fetchOptions) {
	if opts.JSON {
		bounces := []map[string]string{}
		for _, b := range f.Bounces {
			bounces = append(bounces, map[string]string{"unit": b.Unit, "period": b.Period, "kind": b.Kind,
				"recipient": b.Recipient, "detail": b.Detail})
		}
		skipped := f.Skipped
		if skipped == nil {
			skipped = []intake.FetchSkip{}
		}
		writeJSON(env.Stdout, map[string]any{"taken": f.Taken, "skipped": skipped, "bounces": bounces, "files": nonNilReports(f.Reports)})
		return
	}
	printReports(env, f.Reports, outcomeLabels)
	for _, s := range f.Skipped {
		fmt.Fprintf(env.Stdout, "跳过  %s：%s\n", s.Mail, s.Reason)
	}
	fmt.Fprintf(env.Stdout, "收取新邮件 %d 封，其中报送文件 %d 个，跳过 %d 封。\n", f.Taken, len(f.Reports), len(f.Skipped))
	if len(f.Bounces) > 0 {
		fmt.Fprintf(env.Stdout, "投递失败 %d 个地址：请在 campaign.yaml 里改正这些单位的联系人邮箱，再运行 tenglong send，只会重发给改过地址的单位。\n", len(f.Bounces))
	}
}

func nonNilReports(r []intake.Report) []intake.Report {
	if r == nil {
		return []intake.Report{}
	}
	return r
}
