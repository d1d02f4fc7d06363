// Package store keeps a workspace's database, tenglong.db: the raw bytes of every
// received file, the submissions read from them with their values, list rows, task
// progress and findings, and an audit log of every state change. It is the only
// importer of the database driver (modernc.org/sqlite, pure Go, no cgo).
//
// Glossary:
//
//	File          收到的原始文件: bytes exactly as received, content-addressed by sha256
//	              and stored before anything is recorded from them (PutFile), so nothing
//	              received is lost; ingest stores a batch of files and their submissions
//	              in one transaction (Batch) and reports them only once it is committed.
//	Submission    报送: one returned file as read for one unit and period, with its outcome
//	              accepted (已采用) | rejected (退回) | unreadable (无法读取) | pending (待确认).
//	Pending       待确认: a file whose signed metadata did not verify, held under the unit
//	              and period its title claims; never current. Its superseded_by names
//	              what resolved it: the office's confirmation (Confirm: the same bytes
//	              judged again, a second submission whose confirms names it) or the
//	              unit's later accepted return.
//	Current       当前有效: a unit's latest accepted submission for a campaign and period, in
//	              the order recorded (the ingest sequence, never the mail's Date, which is
//	              the sender's clock); the only one whose values count.
//	Superseded    被更正: an accepted submission replaced by a later accepted one; it stays
//	              stored and its superseded_by names the one that replaced it.
//	Duplicate     重复报送: bytes that already produced a submission in the campaign; nothing
//	              new is stored except an audit entry, and the earlier submission is returned.
//	Audit log     审计日志: one row per state change (file stored, accepted, rejected,
//	              unreadable, pending, confirmed — with who and why —, superseded,
//	              duplicate), never updated or deleted.
//	Finding       校验问题: a stable code, severity (error | warning), sheet, cell and message.
//	Signing key   模板签名密钥: 32 random bytes made on first use (SigningKey), with which
//	              generate signs each template's metadata and ingest checks it. Kept here,
//	              not in campaign.yaml (which offices share), so only this workspace can
//	              make a template it accepts.
//	Points entry  加分录入: points the office entered for a unit on a scoring item, with a
//	              reason (SetPoints). Append-only: the latest entry of (campaign, period,
//	              unit, item) is current, earlier ones stay as its history; each entry is
//	              its own audit trail and is not repeated in the audit log.
//	Total entry   直接录入值: the office's own figure for an indicator whose total is taken
//	              from the office's entry rather than summed from the units (SetTotal);
//	              append-only, latest per indicator wins, likewise.
//	Portal link   填报链接: a unit's link to tenglong serve's portal for a period; the web
//	              package derives its token from the signing key and the link's generation
//	              kept here (RevokePortalLink, ReissuePortalLink). Settings (SetSetting)
//	              hold the office console's password hash.
//	Origin        来源: where a submission came in — the web portal (with the remote
//	              address and the link's unit), the office console, or the command line —
//	              kept on its audit entries.
//
// Storage rules: decimals are TEXT exactly as the caller gives them ("0.1", "1234.5600"),
// never floats; times are RFC 3339 UTC text to the second. Each RecordSubmission is one
// write transaction (BEGIN IMMEDIATE): a submission is either fully in or not at all.
// The database runs in WAL mode with a busy timeout, so a second tenglong process waits
// for the first instead of failing or corrupting anything. Inside one process, writes
// are serialised by a mutex; the ingest command writes from one goroutine and parses
// with a pool of workers.
//
// A submission's list is one list_data entry, its cells a JSON array (listrows.go):
// one insert a file, however many rows; the submission_rows and list_cells views
// show it a cell a row for the queries that read cells one by one and for people
// with a SQLite browser. The cross-unit duplicate check (HeldByOthers) looks a file's
// values up in an index kept in memory (codeindex.go): 32-bit hashes of the codes of
// the period's current submissions, built once from list_codes (a column's distinct
// codes of a submission in one entry) and then brought up to date with the files
// recorded since. An index by value in the database cost every file hundreds of
// B-tree inserts spread over it; this one costs about 13 bytes a code held (20 MB for
// 5,000 units of 300 codes) and nothing else of a period is held in memory.
//
// Opening checks the whole file (PRAGMA quick_check), so that every command refuses a
// database damaged anywhere. With RememberChecks (every tenglong command) a passed
// check, and a writing command's clean close, are remembered as the file's size, time
// and inode (and its -wal's) in a stamp in the user's cache folder; an open that finds
// the file exactly so skips the check, and anything else changing the file brings it
// back (checkstamp.go). A damaged page SQLite reads is still reported as corrupt.
//
// Errors a user can act on (database busy, corrupt, not a tenglong database, written by a
// newer tenglong, disk full, read-only) are *Error values with a Chinese message naming
// the file and what to do; everything else is a wrapped internal error.
//
// This package knows nothing of Excel, PDF, YAML or the command line: it imports no other
// tenglong package, does not validate cells or decide outcomes (ingest does), never
// deletes what it stored, and writes no file but the database (and its -wal/-shm) and,
// with RememberChecks, its stamp in the cache folder.
package store
