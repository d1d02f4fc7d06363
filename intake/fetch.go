package intake

import (
	"fmt"
	"sync"
	"time"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
)

// FetchOptions are how Fetch runs.
type FetchOptions struct {
	Campaign *campaign.Campaign
	Store    *store.Store
	Key      []byte // the workspace key templates are signed with
	Workers  int
	Batch    int           // messages fetched per command; 0 is 50
	Delay    time.Duration // before each message is judged (tests that kill a run midway)
	Now      func() time.Time
	// Lock, when set, is held while each message is judged and recorded: the web
	// server's uploads take the same lock, so a return is never judged twice at once.
	Lock sync.Locker
	// Progress, when set, is called as the run goes: stage 收信 (downloading) then
	// 回收 (judging), done of total; done is 0 when a stage starts.
	Progress func(stage string, done, total int)
}

// Fetched is what a fetch did: messages taken, the returns judged, the mails taken
// but not counted as returns (with why), the bounces recorded, and the download's
// error (the messages stored before it were judged all the same).
type Fetched struct {
	Taken       int
	Reports     []Report
	Skipped     []FetchSkip
	Bounces     []store.Bounce
	Rejected    int
	DownloadErr error
}

// FetchSkip is a mail or file fetch took in and archived but did not count as a
// return, and why.
type FetchSkip struct {
	Mail   string `json:"mail"`
	Reason string `json:"reason"`
}

// Fetch downloads every new message of the mailbox into the store, then judges every
// message stored but not yet ingested. First download: each message is stored and
// its UID noted, batch after batch, with the connection busy all along; then the
// server is let go. Only then are the messages read and judged, however long that
// takes: a server that drops an idle connection cannot cut the run short, and a
// rerun never starts again from where judging was slow. The error is a failure to
// judge (the store); a download's failure is Fetched.DownloadErr.
func Fetch(srv mail.Server, mailbox string, o FetchOptions) (*Fetched, error) {
	f := &fetcher{o: o, out: &Fetched{}}
	if f.o.Now == nil {
		f.o.Now = time.Now
	}
	f.out.DownloadErr = f.download(srv, mailbox)
	if err := f.ingestPending(); err != nil {
		return f.out, err
	}
	return f.out, nil
}

type fetcher struct {
	o   FetchOptions
	out *Fetched
}

func (f *fetcher) progress(stage string, done, total int) {
	if f.o.Progress != nil {
		f.o.Progress(stage, done, total)
	}
}

// download stores every message above the last UID taken, batch by batch, and logs
// out. Messages stored before an error stay stored, for ingestPending.
func (f *fetcher) download(srv mail.Server, mailbox string) error {
	box, err := mail.OpenMailbox(srv, mailbox)
	if err != nil {
		return err
	}
	defer box.Close()
	last, err := f.o.Store.LastFetchedUID(mailbox, box.UIDValidity)
	if err != nil {
		return err
	}
	uids, err := box.UIDsAfter(last)
	if err != nil {
		return err
	}
	batch := f.o.Batch
	if batch <= 0 {
		batch = 50
	}
	f.progress("收信", 0, len(uids))
	done := 0
	for i := 0; i < len(uids); i += batch {
		j := min(i+batch, len(uids))
		err := box.Fetch(uids[i:j], func(msg mail.Fetched) error {
			defer func() { done++; f.progress("收信", done, len(uids)) }()
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
	pending, err := f.o.Store.PendingFetched()
	if err != nil {
		return err
	}
	f.progress("回收", 0, len(pending))
	for i, p := range pending {
		raw, err := f.o.Store.File(p.SHA256)
		if err != nil {
			return err
		}
		if f.o.Lock != nil {
			f.o.Lock.Lock()
		}
		err = f.ingest(p.ID, fmt.Sprintf("%s-%d.eml", p.Mailbox, p.UID), p.SHA256, raw, p.InternalDate)
		if f.o.Lock != nil {
			f.o.Lock.Unlock()
		}
		if err != nil {
			return err
		}
		f.progress("回收", i+1, len(pending))
	}
	return nil
}

func (f *fetcher) skip(name, reason string) {
	f.out.Skipped = append(f.out.Skipped, FetchSkip{name, reason})
}

// take stores one message. Its raw bytes are in the store and its UID recorded
// before anything is read from it; a run killed after that finds it among the
// pending ones next time.
func (f *fetcher) take(mailbox string, uidvalidity uint32, msg mail.Fetched) error {
	if msg.Raw == nil {
		return nil
	}
	db := f.o.Store
	sha, _, err := db.PutFile(msg.Raw)
	if err != nil {
		return err
	}
	seen, err := db.FetchedSHA256(sha)
	if err != nil {
		return err
	}
	id, err := db.RecordFetched(store.Fetched{Mailbox: mailbox, UIDValidity: uidvalidity, UID: msg.UID, SHA256: sha, InternalDate: msg.InternalDate})
	if err != nil || id == 0 {
		return err // id 0: taken before (another fetch ran at the same time)
	}
	f.out.Taken++
	if seen {
		// The same message under a new numbering (the server's UIDVALIDITY changed):
		// taken before, not ingested again.
		f.skip(fmt.Sprintf("%s-%d.eml", mailbox, msg.UID), "之前已收取过同样的邮件")
		return db.MarkIngested(id)
	}
	return nil
}

// ingest sorts a stored message (SortMail) and runs intake on the attachments of a
// unit's mail, then marks it done. A bounce is recorded against the unit it was
// addressed to.
func (f *fetcher) ingest(id int64, name, sha string, raw []byte, received time.Time) error {
	if f.o.Delay > 0 {
		time.Sleep(f.o.Delay)
	}
	db := f.o.Store
	sorted, err := SortMail(f.o.Campaign, db, raw, sha)
	if err != nil {
		return err
	}
	for _, b := range sorted.Bounces {
		if err := db.RecordBounce(b); err != nil {
			return err
		}
		f.out.Bounces = append(f.out.Bounces, b)
	}
	if sorted.Skip != "" {
		f.skip(name, sorted.Skip)
		return db.MarkIngested(id)
	}
	inputs := MailInputs(name, raw, received)
	if len(inputs) == 0 {
		f.skip(name, "没有附件")
		return db.MarkIngested(id)
	}
	err = Files(db, inputs, f.o.Workers, func(p Parsed) error {
		r, err := IngestOne(f.o.Campaign, db, f.o.Key, p, f.o.Now())
		if err != nil {
			return err
		}
		if r.Skipped != "" {
			f.skip(r.Path, r.Skipped)
			return nil
		}
		if r.Failed() {
			f.out.Rejected++
		}
		r.Data, r.Checked, r.Stored = nil, nil, nil
		f.out.Reports = append(f.out.Reports, r)
		return nil
	})
	if err != nil {
		return err
	}
	return db.MarkIngested(id)
}
