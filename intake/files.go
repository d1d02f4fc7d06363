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
	jobs := make(chan Parsed)
	results := make(chan struct {
		i int
		p Parsed
	}, workers)
	done := make(chan struct{})
	defer close(done)
	for w := 0; w < workers; w++ {
		go func() {
			for p := range jobs {
				i := p.index
				select {
				case results <- struct {
					i int
					p Parsed
				}{i, parseFile(p)}:
				case <-done:
					return
				}
			}
		}()
	}
	defer close(jobs)
	pending := map[int]Parsed{}
	seen := map[string]bool{} // sha256 of the bytes read in this batch: identical bytes are Parsed once
	next, sent, inflight := 0, 0, 0
	var ready *Parsed
	for next < len(files) {
		if ready == nil && sent < len(files) && inflight < 2*workers {
			p, err := readAndStore(db, files[sent])
			if err != nil {
				return err
			}
			p.index = sent
			p.dup = p.sha != "" && seen[p.sha]
			seen[p.sha] = true
			ready = &p
		}
		var jobCh chan Parsed
		var job Parsed
		if ready != nil {
			jobCh, job = jobs, *ready
		}
		select {
		case jobCh <- job:
			ready = nil
			sent++
			inflight++
		case r := <-results:
			inflight--
			pending[r.i] = r.p
			for {
				p, ok := pending[next]
				if !ok {
					break
				}
				delete(pending, next)
				next++
				if err := handle(p); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// readAndStore reads a file and archives its bytes: nothing received is ever lost,
// whatever happens to it next. Files over the size caps are refused here, before any
// parsing: over MaxParseBytes stored and refused, over MaxReadBytes not even read.
func readAndStore(db *store.Store, in Input) (Parsed, error) {
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
	p.data = data
	if db != nil {
		sha, existed, err := db.PutFile(data)
		if err != nil {
			return Parsed{}, fmt.Errorf("存档 %s 失败：%v", in.path, err)
		}
		p.sha, p.existed = sha, existed
	}
	if int64(len(data)) > MaxParseBytes {
		f := returns.TooLarge(int64(len(data)), MaxParseBytes)
		p.sniff = &f
	}
	return p, nil
}

// ReturnDirMarker marks a folder as a --return-dir. Ingest's folder walk skips a
// folder holding it, so marked-up copies written inside the folder being collected
// are never taken in as returns, in this run or the next.
const ReturnDirMarker = ".tenglong-return-dir"

// Validate judges one input as ingest would, storing nothing: validate's check of a
// file. db may be nil (no workspace database); key is the signing key or nil.
func Validate(c *campaign.Campaign, db *store.Store, key []byte, in Input, now time.Time) (Report, error) {
	p, err := readAndStore(nil, in) // nil: nothing is stored
	if err != nil {
		return Report{}, err
	}
	if p.data != nil {
		p.sha = sha256Hex(p.data)
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
