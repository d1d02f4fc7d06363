package main

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
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
	f := &fetcher{env: env, c: c, db: db, key: key, workers: workers, own: ownAddress(c)}

	// Messages a cut-off run stored but did not ingest come first: nothing taken is lost.
	pending, err := db.PendingFetched()
	if err != nil {
		return err
	}
	for _, p := range pending {
		raw, err := db.File(p.SHA256)
		if err != nil {
			return err
		}
		if err := f.ingest(p.ID, fmt.Sprintf("%s-%d.eml", p.Mailbox, p.UID), raw, p.InternalDate); err != nil {
			return err
		}
	}

	box, err := mail.OpenMailbox(srv, m.Mailbox)
	if err != nil {
		f.print(opts)
		return fmt.Errorf("%s；之前收到的都已存档入库", mail.Explain(srv, err))
	}
	defer box.Close()
	last, err := db.LastFetchedUID(m.Mailbox, box.UIDValidity)
	if err != nil {
		return err
	}
	uids, err := box.UIDsAfter(last)
	if err != nil {
		f.print(opts)
		return fmt.Errorf("%s；之前收到的都已存档入库", mail.Explain(srv, err))
	}
	batch := opts.Batch
	if batch <= 0 {
		batch = 50
	}
	progress := newProgress(env, "收信", len(uids))
	for i := 0; i < len(uids); i += batch {
		j := min(i+batch, len(uids))
		err := box.Fetch(uids[i:j], func(msg mail.Fetched) error {
			defer progress.step()
			return f.take(m.Mailbox, box.UIDValidity, msg)
		})
		if err != nil {
			progress.done()
			f.print(opts)
			var me *mail.Error
			if errors.As(err, &me) {
				return fmt.Errorf("%s；已收到的 %d 封都已存档入库，重新运行会接着收", mail.Explain(srv, err), f.taken)
			}
			return err
		}
	}
	progress.done()
	f.print(opts)
	if f.rejected > 0 {
		return validationFailed("some files were rejected")
	}
	return nil
}

// fetcher takes messages one by one: store the raw bytes, note the UID, ingest.
type fetcher struct {
	env      *Env
	c        *campaign.Campaign
	db       *store.Store
	key      []byte
	workers  int
	own      string
	reports  []intake.Report
	taken    int
	skipped  []string
	rejected int
}

// take stores one message and ingests it. Its raw bytes are in the store and its UID
// recorded before anything is read from it; a run killed after that finds it among
// the pending ones next time.
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
	name := fmt.Sprintf("%s-%d.eml", mailbox, msg.UID)
	if seen {
		// The same message under a new numbering (the server's UIDVALIDITY changed):
		// taken before, not ingested again.
		f.skipped = append(f.skipped, name+"：之前已收取过同样的邮件")
		return f.db.MarkIngested(id)
	}
	return f.ingest(id, name, msg.Raw, msg.InternalDate)
}

// ingest runs intake on a stored message's attachments, then marks it done.
func (f *fetcher) ingest(id int64, name string, raw []byte, received time.Time) error {
	if f.ownMessage(raw) {
		f.skipped = append(f.skipped, name+"：本办自己发出的邮件")
		return f.db.MarkIngested(id)
	}
	inputs := intake.MailInputs(name, raw, received)
	if len(inputs) == 0 {
		f.skipped = append(f.skipped, name+"：没有附件")
		return f.db.MarkIngested(id)
	}
	err := intake.Files(f.db, inputs, f.workers, func(p intake.Parsed) error {
		r, err := intake.IngestOne(f.c, f.db, f.key, p, f.env.Now())
		if err != nil {
			return err
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

// ownMessage: what tenglong sent (its Message-IDs), or anything from the office's
// own address, is not a return.
func (f *fetcher) ownMessage(raw []byte) bool {
	head := raw
	if i := strings.Index(string(raw), "\r\n\r\n"); i > 0 {
		head = raw[:i]
	}
	h := strings.ToLower(string(head))
	if strings.Contains(h, "\nmessage-id: <tenglong.") {
		return true
	}
	saved, err := mail.ReadSaved(raw, mail.DefaultLimits())
	if err != nil || f.own == "" {
		return false
	}
	from, err := mail.ParseRecipients(saved.From)
	return err == nil && len(from) == 1 && strings.EqualFold(from[0].Address, f.own)
}

func ownAddress(c *campaign.Campaign) string {
	from := c.Mail.From
	if from == "" {
		from = c.Contact.Email
	}
	if a, err := mail.ParseRecipients(from); err == nil && len(a) == 1 {
		return a[0].Address
	}
	return ""
}

func (f *fetcher) print(opts *fetchOptions) {
	if opts.JSON {
		writeJSON(f.env.Stdout, map[string]any{"taken": f.taken, "skipped": nonNil(f.skipped), "files": nonNilReports(f.reports)})
		return
	}
	printReports(f.env, f.reports, outcomeLabels)
	for _, s := range f.skipped {
		fmt.Fprintf(f.env.Stdout, "跳过  %s\n", s)
	}
	fmt.Fprintf(f.env.Stdout, "收取新邮件 %d 封，其中报送文件 %d 个，跳过 %d 封。\n", f.taken, len(f.reports), len(f.skipped))
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilReports(r []intake.Report) []intake.Report {
	if r == nil {
		return []intake.Report{}
	}
	return r
}
