package main

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/mail"
	"tenglong/store"
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
	f := &fetcher{env: env, c: c, db: db, key: key, workers: workers, delay: env.ingestDelay}

	// First download: every new message is stored and its UID noted, batch after
	// batch, with the connection busy all along; then let go of the server. Only then
	// are the messages read and judged, however long that takes: a server that drops
	// an idle connection after its timeout cannot cut the run short, and a rerun never
	// has to start again from where processing was slow.
	downloadErr := f.download(srv, m.Mailbox, opts.Batch)
	if err := f.ingestPending(); err != nil {
		return err
	}
	f.print(opts)
	if downloadErr != nil {
		var me *mail.Error
		if errors.As(downloadErr, &me) {
			return fmt.Errorf("%s；已收到的 %d 封都已存档入库，重新运行会接着收", mail.Explain(srv, downloadErr), f.taken)
		}
		return downloadErr
	}
	if f.rejected > 0 {
		return validationFailed("some files were rejected")
	}
	return nil
}

// download stores every message above the last UID taken, batch by batch, and logs
// out. Messages stored before an error stay stored, for ingestPending.
func (f *fetcher) download(srv mail.Server, mailbox string, batch int) error {
	box, err := mail.OpenMailbox(srv, mailbox)
	if err != nil {
		return err
	}
	defer box.Close()
	last, err := f.db.LastFetchedUID(mailbox, box.UIDValidity)
	if err != nil {
		return err
	}
	uids, err := box.UIDsAfter(last)
	if err != nil {
		return err
	}
	if batch <= 0 {
		batch = 50
	}
	progress := newProgress(f.env, "收信", len(uids))
	defer progress.done()
	for i := 0; i < len(uids); i += batch {
		j := min(i+batch, len(uids))
		err := box.Fetch(uids[i:j], func(msg mail.Fetched) error {
			defer progress.step()
			return f.take(mailbox, box.UIDValidity, msg)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ingestPending reads every message stored but not yet ingested — this run's and
// any a cut-off run left — oldest first.
func (f *fetcher) ingestPending() error {
	pending, err := f.db.PendingFetched()
	if err != nil {
		return err
	}
	progress := newProgress(f.env, "回收", len(pending))
	defer progress.done()
	for _, p := range pending {
		raw, err := f.db.File(p.SHA256)
		if err != nil {
			return err
		}
		if err := f.ingest(p.ID, fmt.Sprintf("%s-%d.eml", p.Mailbox, p.UID), p.SHA256, raw, p.InternalDate); err != nil {
			return err
		}
		progress.step()
	}
	return nil
}

// fetcher takes messages one by one: store the raw bytes and note the UID, then
// (ingestPending) sort and ingest.
type fetcher struct {
	env      *Env
	c        *campaign.Campaign
	db       *store.Store
	key      []byte
	workers  int
	delay    time.Duration
	reports  []intake.Report
	taken    int
	skipped  []fetchSkip
	bounces  []store.Bounce
	rejected int
}

// fetchSkip is a mail or file fetch took in and archived but did not count as a
// return, and why.
type fetchSkip struct {
	Mail   string `json:"mail"`
	Reason string `json:"reason"`
}

func (f *fetcher) skip(name, reason string) { f.skipped = append(f.skipped, fetchSkip{name, reason}) }

// take stores one message. Its raw bytes are in the store and its UID recorded
// before anything is read from it; a run killed after that finds it among the
// pending ones next time.
func (f *fetcher) take(mailbox string, uidvalidity uint32, msg mail.Fetched) error {
	if msg.Raw == nil {
		return nil
	}
	sha, _, err := f.db.PutFile(msg.Raw)
	if err != nil {
		return err
	}
	seen, err := f.db.FetchedSHA256(sha)
	if err != nil {
		return err
	}
	id, err := f.db.RecordFetched(store.Fetched{Mailbox: mailbox, UIDValidity: uidvalidity, UID: msg.UID, SHA256: sha, InternalDate: msg.InternalDate})
	if err != nil || id == 0 {
		return err // id 0: taken before (another fetch ran at the same time)
	}
	f.taken++
	if seen {
		// The same message under a new numbering (the server's UIDVALIDITY changed):
		// taken before, not ingested again.
		f.skip(fmt.Sprintf("%s-%d.eml", mailbox, msg.UID), "之前已收取过同样的邮件")
		return f.db.MarkIngested(id)
	}
	return nil
}

// ingest sorts a stored message (intake.SortMail) and runs intake on the attachments
// of a unit's mail, then marks it done. A bounce is recorded against the unit it
// was addressed to.
func (f *fetcher) ingest(id int64, name, sha string, raw []byte, received time.Time) error {
	if f.delay > 0 {
		time.Sleep(f.delay)
	}
	sorted, err := intake.SortMail(f.c, f.db, raw, sha)
	if err != nil {
		return err
	}
	for _, b := range sorted.Bounces {
		if err := f.db.RecordBounce(b); err != nil {
			return err
		}
		f.bounces = append(f.bounces, b)
	}
	if sorted.Skip != "" {
		f.skip(name, sorted.Skip)
		return f.db.MarkIngested(id)
	}
	inputs := intake.MailInputs(name, raw, received)
	if len(inputs) == 0 {
		f.skip(name, "没有附件")
		return f.db.MarkIngested(id)
	}
	err = intake.Files(f.db, inputs, f.workers, func(p intake.Parsed) error {
		r, err := intake.IngestOne(f.c, f.db, f.key, p, f.env.Now())
		if err != nil {
			return err
		}
		if r.Skipped != "" {
			f.skip(r.Path, r.Skipped)
			return nil
		}
		if r.Failed() {
			f.rejected++
		}
		r.Data, r.Checked, r.Stored = nil, nil, nil
		f.reports = append(f.reports, r)
		return nil
	})
	if err != nil {
		return err
	}
	return f.db.MarkIngested(id)
}

func (f *fetcher) print(opts *fetchOptions) {
	if opts.JSON {
		bounces := []map[string]string{}
		for _, b := range f.bounces {
			bounces = append(bounces, map[string]string{"unit": b.Unit, "period": b.Period, "kind": b.Kind,
				"recipient": b.Recipient, "detail": b.Detail})
		}
		skipped := f.skipped
		if skipped == nil {
			skipped = []fetchSkip{}
		}
		writeJSON(f.env.Stdout, map[string]any{"taken": f.taken, "skipped": skipped, "bounces": bounces, "files": nonNilReports(f.reports)})
		return
	}
	printReports(f.env, f.reports, outcomeLabels)
	for _, s := range f.skipped {
		fmt.Fprintf(f.env.Stdout, "跳过  %s：%s\n", s.Mail, s.Reason)
	}
	fmt.Fprintf(f.env.Stdout, "收取新邮件 %d 封，其中报送文件 %d 个，跳过 %d 封。\n", f.taken, len(f.reports), len(f.skipped))
	if len(f.bounces) > 0 {
		fmt.Fprintf(f.env.Stdout, "投递失败 %d 个地址：请在 campaign.yaml 里改正这些单位的联系人邮箱，再运行 tenglong send，只会重发给改过地址的单位。\n", len(f.bounces))
	}
}

func nonNilReports(r []intake.Report) []intake.Report {
	if r == nil {
		return []intake.Report{}
	}
	return r
}
