package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Batch is one write transaction over several received files (issue 21): ingest
// stores a batch of files and their submissions and commits them at once, instead of
// two transactions a file. Through its handle (Store) every method of the store
// reads and writes inside that transaction, so the next file of the batch is judged
// against the ones before it exactly as if each had been committed.
//
// The durability promise is kept by the caller: nothing of a batch may be reported
// as stored (printed, returned to a user) before Commit returned nil. A kill before
// that loses the whole batch and nothing else — no half submission, no file said to
// be accepted that is not there — and a rerun stores it again.
//
// A batch holds the store's write lock until Commit or Rollback: other goroutines'
// writes (and other processes') wait, so keep batches short (ingest commits every
// fraction of a second). Only one goroutine may use the handle.
type Batch struct {
	parent *Store
	handle *Store
	tx     *sql.Tx
	failed error // a write that failed inside the batch: it cannot be committed
	done   bool
	start  time.Time
	// columns are the list column numbers the batch asked for (columnID).
	columns map[ListColumn]int64
}

// BeginBatch opens a batch: a write transaction, waiting for another process's as a
// write does (ErrBusy when it never ends).
func (s *Store) BeginBatch() (*Batch, error) {
	if s.readOnly {
		return nil, errors.New("store: begin batch: the database was opened read-only")
	}
	if s.batch != nil {
		return nil, errors.New("store: a batch inside a batch")
	}
	s.writeMu.Lock()
	tx, err := s.begin("begin batch")
	if err != nil {
		s.writeMu.Unlock()
		return nil, err
	}
	b := &Batch{parent: s, tx: tx, start: time.Now()}
	b.handle = &Store{db: s.db, path: s.path, busyTimeout: s.busyTimeout, now: s.now, hook: s.hook, batch: b}
	return b, nil
}

// Store is the handle whose reads and writes go into the batch. It must not be used
// after Commit or Rollback.
func (b *Batch) Store() *Store { return b.handle }

// Age is how long the batch has been open.
func (b *Batch) Age() time.Duration { return time.Since(b.start) }

// write runs one of the store's write operations inside the batch. A failure leaves
// the batch unusable: what the operation wrote before failing cannot be told apart,
// so the whole batch is rolled back.
func (b *Batch) write(op string, fn func(tx *sql.Tx) error) error {
	if b.done {
		return fmt.Errorf("store: %s: the batch is over", op)
	}
	if b.failed != nil {
		return b.parent.wrap(op, fmt.Errorf("an earlier write of this batch failed: %w", b.failed))
	}
	if err := fn(b.tx); err != nil {
		b.failed = err
		return b.parent.wrap(op, err)
	}
	return nil
}

// Commit makes everything the batch wrote durable as one transaction, and lets the
// write lock go. After a failed write it rolls back and returns that failure.
func (b *Batch) Commit() error {
	if b.done {
		return errors.New("store: commit: the batch is over")
	}
	if b.failed != nil {
		b.Rollback()
		return b.parent.wrap("commit batch", b.failed)
	}
	b.done = true
	defer b.parent.writeMu.Unlock()
	defer b.parent.keepPrepared() // after the transaction: see stmtcache.go
	if err := b.tx.Commit(); err != nil {
		b.parent.forgetCodes() // they may hold what the batch wrote
		return b.parent.wrap("commit batch", err)
	}
	return nil
}

// Rollback forgets everything the batch wrote and lets the write lock go; nothing
// when it is over already.
func (b *Batch) Rollback() {
	if b.done {
		return
	}
	b.done = true
	b.tx.Rollback()
	b.parent.forgetCodes() // they may hold what the batch wrote
	b.parent.keepPrepared()
	b.parent.writeMu.Unlock()
}
