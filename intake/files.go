package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
)

// Files reads each file, stores its raw bytes before anything else happens,
// parses files with a bounded pool of workers (excelize's XML decoding is the cost),
// and hands every Parsed file to handle in Input order, from this goroutine, which is
// the only one that writes to the store.
func Files(db *store.Store, files []Input, workers int, handle func(Parsed) error) error {
	return pipeline(files, workers, func(in Input) (Parsed, error) {
		p, err := readInput(in)
		if err == nil && db != nil {
			err = archive(db, &p)
		}
		return p, err
	}, parseFile, handle)
}

// Batches of Batched: a batch is committed once it holds batchFiles files or has
// been open batchAge, whichever comes first. One transaction for many files spares a
// commit (and the pages every file rewrites: the indexes, the audit log) per file.
// (When 统一社会信用代码 had an index entry each, landing all over it, 256 files a
// batch wrote a third less and took a fifth less CPU than 64: BenchmarkIngestWriter.)
// Batches of well under a second keep what a kill loses small and let another ingest
// at the same time take its turn well within its busy timeout.
//
// The first batch of a run is committed sooner, after batchFirstAge: its files are
// printed as stored within a moment of the start (the office sees the run moving),
// and a run cut short early keeps them.
const (
	batchFiles    = 256
	batchAge      = 400 * time.Millisecond
	batchFirstAge = 50 * time.Millisecond
)

// Batched is Files for a long run of files (tenglong ingest): handle judges and
// records each Parsed file, in Input order, through tx — the handle of the batch of
// files being stored, one transaction (store.Batch) — and the file's raw bytes are
// archived in that same transaction just before. After each batch is committed,
// committed is called: only then may what handle recorded be reported, so that a
// kill never loses a file that was said to be stored (it loses the open batch whole,
// which a rerun stores again; the files are still where they were read from).
//
// The workers judge each file as far as no store is needed (the campaign c and the
// signing key decide it), so that IngestOne with the same c and key has only the
// store's part left to do on the writing goroutine.
func Batched(db *store.Store, c *campaign.Campaign, key []byte, files []Input, workers int, handle func(tx *store.Store, p Parsed) error, committed func() error) error {
	var b *store.Batch
	defer func() {
		if b != nil {
			b.Rollback()
		}
	}()
	n, age := 0, batchFirstAge
	commit := func() error {
		if b == nil {
			return nil
		}
		err := b.Commit()
		b, n = nil, 0
		if err != nil {
			return err
		}
		return committed()
	}
	parse := func(p Parsed) Parsed {
		p = parseFile(p)
		p.ahead = judgeAhead(c, key, p)
		return p
	}
	err := pipeline(files, workers, nil, parse, func(p Parsed) error {
		if b == nil {
			var err error
			if b, err = db.BeginBatch(); err != nil {
				return err
			}
		}
		if err := archive(b.Store(), &p); err != nil {
			return err
		}
		if err := handle(b.Store(), p); err != nil {
			return err
		}
		if n++; n >= batchFiles || b.Age() >= age {
			age = batchAge
			return commit()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return commit()
}

// aheadPerWorker is how many files a worker may have read ahead of the one being
// handled: enough that the workers keep reading while the writing goroutine commits
// a batch (tens of milliseconds: a dozen files a worker), few enough that memory
// does not grow with files.
const aheadPerWorker = 12

// pipeline runs read on each input in order on this goroutine, parses what it read
// with a bounded pool of workers (parse), and hands every Parsed file to handle in Input
// order, from this goroutine. Bytes read before in the run are marked dup and not
// parsed again.
//
// With read nil the workers read too (readInput: the file's bytes and their sha256,
// which must not wait for the one writing goroutine, issue 21), and bytes read before
// in the run are marked dup when handed over (parsed all the same, which only a copy
// of a file given twice costs).
//
// The files ahead are queued for the workers before handle is called, and the
// queues hold all of them: while handle works (a batch's commit), the workers go on
// with the queued files instead of waiting for this goroutine to hand them the next.
func pipeline(files []Input, workers int, read func(Input) (Parsed, error), parse func(Parsed) Parsed, handle func(Parsed) error) error {
	type result struct {
		i   int
		p   Parsed
		err error
	}
	ahead := aheadPerWorker * workers
	jobs := make(chan Parsed, ahead)    // never full: at most ahead files are out
	results := make(chan result, ahead) // likewise: a worker never waits to give one back
	done := make(chan struct{})
	defer close(done)
	for w := 0; w < workers; w++ {
		go func() {
			for p := range jobs {
				r := result{i: p.index}
				if read == nil {
					p, r.err = readInput(files[r.i])
					p.index = r.i
				}
				if r.err == nil {
					r.p = parse(p)
				}
				select {
				case results <- r:
				case <-done:
					return
				}
			}
		}()
	}
	defer close(jobs)
	pending := map[int]Parsed{}
	seen := map[string]bool{} // sha256 of the bytes read in this batch: identical bytes are Parsed once
	next, sent := 0, 0
	for next < len(files) {
		// At most ahead files between the next to hand over and the last sent, parsed
		// or not: a slow file holds the others back rather than let them pile up.
		for sent < len(files) && sent-next < ahead {
			p := Parsed{index: sent}
			if read != nil {
				var err error
				if p, err = read(files[sent]); err != nil {
					return err
				}
				p.index = sent
				p.dup = p.sha != "" && seen[p.sha]
				seen[p.sha] = true
			}
			jobs <- p
			sent++
		}
		r := <-results
		if r.err != nil {
			return r.err
		}
		pending[r.i] = r.p
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if read == nil {
				p.dup = p.sha != "" && seen[p.sha]
				seen[p.sha] = true
			}
			if err := handle(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// readInput reads a file and its sha256. Files over the size caps are refused here,
// before any parsing: over MaxParseBytes read (to be archived) and refused, over
// MaxReadBytes not even read.
func readInput(in Input) (Parsed, error) {
	p := Parsed{path: in.path, received: in.received, hasReceived: in.hasReceived, from: in.from, fetched: in.fetched, warnings: in.warnings, notReturn: in.notReturn}
	if in.notReturn != "" {
		return p, nil
	}
	if in.skipped != "" {
		f := returns.SkippedMember(in.skipped)
		p.sniff = &f
		return p, nil
	}
	data := in.data
	if in.file != "" {
		info, err := os.Stat(in.file)
		if err != nil {
			return Parsed{}, fmt.Errorf("读不了 %s：%v", in.file, err)
		}
		if info.Size() > MaxReadBytes {
			f := returns.TooLarge(info.Size(), MaxParseBytes)
			p.sniff = &f
			return p, nil
		}
		if data, err = os.ReadFile(in.file); err != nil {
			return Parsed{}, fmt.Errorf("读不了 %s：%v", in.file, err)
		}
	}
	p.data, p.sha = data, sha256Hex(data)
	if int64(len(data)) > MaxParseBytes {
		f := returns.TooLarge(int64(len(data)), MaxParseBytes)
		p.sniff = &f
	}
	return p, nil
}

// archive stores the bytes readInput read: nothing received is ever lost, whatever
// happens to it next. existed says they were stored before.
func archive(db *store.Store, p *Parsed) error {
	if p.sha == "" { // not read: nothing to keep
		return nil
	}
	// readInput hashed these very bytes: the store takes that hash, not a second one.
	existed, err := db.PutFileHashed(p.data, p.sha)
	if err != nil {
		return fmt.Errorf("存档 %s 失败：%v", p.path, err)
	}
	p.existed = existed
	return nil
}

// ReturnDirMarker marks a folder as a --return-dir. Ingest's folder walk skips a
// folder holding it, so marked-up copies written inside the folder being collected
// are never taken in as returns, in this run or the next.
const ReturnDirMarker = ".tenglong-return-dir"

// Validate judges one input as ingest would, storing nothing: validate's check of a
// file. db may be nil (no workspace database); key is the signing key or nil.
func Validate(c *campaign.Campaign, db *store.Store, key []byte, in Input, now time.Time) (Report, error) {
	p, err := readInput(in) // nothing is stored
	if err != nil {
		return Report{}, err
	}
	if p.data == nil {
		p.sha = "" // no bytes: nothing that a submission could be recorded under
	}
	if p.notReturn != "" {
		return skippedReport(p, p.notReturn, now), nil
	}
	p = parseFile(p)
	// judge takes a saved mail's Date as the received time, as ingest does.
	r, err := judge(c, db, key, p, now)
	r.Issues = append(r.Issues, deliveryFindings(p)...)
	return r, err
}

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
