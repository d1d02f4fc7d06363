package store

import (
	"context"
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
	conn   *sql.Conn // the connection tx is on
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
	// On a connection of its own that does not checkpoint when it commits: the
	// batch's checkpoint runs beside the next batch instead (checkpointLater).
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err == nil {
		if _, err = conn.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
			conn.Close()
		}
	}
	if err != nil {
		s.writeMu.Unlock()
		return nil, s.wrap("begin batch", err)
	}
	tx, err := s.beginOn(conn, "begin batch")
	if err != nil {
		release(conn)
		s.writeMu.Unlock()
		return nil, err
	}
	b := &Batch{parent: s, conn: conn, tx: tx, start: time.Now()}
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
	err := b.tx.Commit()
	release(b.conn)
	if err != nil {
		b.parent.forgetCodes() // they may hold what the batch wrote
		return b.parent.wrap("commit batch", err)
	}
	b.parent.checkpointLater()
	return nil
}

// release gives a batch's connection back to the pool checkpointing as SQLite does
// by default, for the writes that take it next.
func release(conn *sql.Conn) {
	conn.ExecContext(context.Background(), `PRAGMA wal_autocheckpoint = 1000`)
	conn.Close()
}

// checkpointLater copies what the batches committed from the WAL into the database
// (a passive checkpoint) on another goroutine and connection: on the committing
// one it was a third of a batch's commit, which the next batch of files waited for
// (issue 21). Committed is durable already, in the WAL; a checkpoint cut short by a
// kill is finished by the next one. One runs at a time; asked for while one runs,
// another follows it.
func (s *Store) checkpointLater() {
	s.checkpointMu.Lock()
	defer s.checkpointMu.Unlock()
	if s.checkpointRunning {
		s.checkpointAgain = true
		return
	}
	s.checkpointRunning = true
	s.checkpoints.Add(1)
	go func() {
		defer s.checkpoints.Done()
		for {
			var busy, logged, copied int
			s.db.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logged, &copied) // failing, the next one copies it
			s.checkpointMu.Lock()
			if !s.checkpointAgain {
				s.checkpointRunning = false
				s.checkpointMu.Unlock()
				return
			}
			s.checkpointAgain = false
			s.checkpointMu.Unlock()
		}
	}()
}

// Rollback forgets everything the batch wrote and lets the write lock go; nothing
// when it is over already.
func (b *Batch) Rollback() {
	if b.done {
		return
	}
	b.done = true
	b.tx.Rollback()
	release(b.conn)
	b.parent.forgetCodes() // they may hold what the batch wrote
	b.parent.keepPrepared()
	b.parent.writeMu.Unlock()
}
