package store

import (
	"context"
	"database/sql"
	"fmt"
)

// applicationID marks a SQLite file as a tenglong database (PRAGMA application_id,
// the bytes "TLNG").
const applicationID = 0x544c4e47

// migration is one schema version: SQL statements run in order in the upgrade
// transaction. Steps are only ever appended; a released step never changes.
type migration struct {
	name  string
	steps []string
	// then, when set, runs after the steps in the same transaction: for a change
	// that plain SQL cannot make safely twice (a table that becomes a view).
	then func(ctx context.Context, tx *sql.Tx) error
}

// entriesByMigration adds who entered an office entry (tests find it by name).
const entriesByMigration = "office entries: who entered them"

// migrations is the schema history; version N is migrations[N-1].
var migrations = []migration{
	{name: "files, submissions, values, list rows, tasks, findings, audit", steps: []string{
		// Raw bytes of every received file, content-addressed.
		`CREATE TABLE files (
			sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
			size       INTEGER NOT NULL CHECK (size = length(bytes)),
			bytes      BLOB NOT NULL,
			first_seen TEXT NOT NULL
		)`,
		// One row per file read for a campaign. Outcome duplicate is never a row:
		// a duplicate is an audit entry pointing at the earlier submission.
		`CREATE TABLE submissions (
			id            INTEGER PRIMARY KEY,
			campaign      TEXT NOT NULL CHECK (campaign <> ''),
			unit          TEXT NOT NULL,
			period        TEXT NOT NULL,
			sha256        TEXT NOT NULL REFERENCES files (sha256),
			source_path   TEXT NOT NULL,
			received_at   TEXT NOT NULL,
			outcome       TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'unreadable')),
			late          INTEGER NOT NULL CHECK (late IN (0, 1)),
			superseded_by INTEGER REFERENCES submissions (id) DEFERRABLE INITIALLY DEFERRED,
			created_at    TEXT NOT NULL,
			UNIQUE (campaign, sha256),
			CHECK (outcome <> 'accepted' OR (unit <> '' AND period <> '')),
			CHECK (superseded_by IS NULL OR (outcome = 'accepted' AND superseded_by <> id))
		)`,
		`CREATE INDEX submissions_by_unit ON submissions (campaign, period, unit, received_at)`,
		// At most one current (accepted, not superseded) submission per unit and period.
		`CREATE UNIQUE INDEX submissions_current ON submissions (campaign, period, unit)
			WHERE outcome = 'accepted' AND superseded_by IS NULL`,
		// Indicator values: value is decimal text exactly as given, NULL when empty;
		// text is a qualitative answer (完成/未完成).
		`CREATE TABLE submission_values (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			indicator  TEXT NOT NULL,
			seq        INTEGER NOT NULL,
			value      TEXT CHECK (value IS NULL OR (value <> '' AND value NOT GLOB '*[^0-9.-]*')),
			text       TEXT,
			note       TEXT,
			cell       TEXT NOT NULL,
			PRIMARY KEY (submission, indicator)
		) WITHOUT ROWID`,
		// The columns of lists, numbered once: list cells refer to them by number.
		`CREATE TABLE list_columns (
			id   INTEGER PRIMARY KEY,
			list TEXT NOT NULL,
			col  TEXT NOT NULL,
			UNIQUE (list, col)
		)`,
		// List cells, one row per cell; keyed so that one column of one submission is
		// a contiguous range (duplicate-USCC lookups) and inserts append.
		`CREATE TABLE submission_rows (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			column_id  INTEGER NOT NULL REFERENCES list_columns (id),
			row        INTEGER NOT NULL CHECK (row >= 0),
			value      TEXT,
			cell       TEXT NOT NULL,
			PRIMARY KEY (submission, column_id, row)
		) WITHOUT ROWID`,
		// The same, readable by people with a SQLite browser.
		`CREATE VIEW list_cells AS
			SELECT r.submission, c.list, c.col, r.row, r.value, r.cell
			FROM submission_rows r JOIN list_columns c ON c.id = r.column_id`,
		`CREATE TABLE submission_tasks (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			task       TEXT NOT NULL,
			seq        INTEGER NOT NULL,
			status     TEXT,
			progress   TEXT,
			cell       TEXT NOT NULL,
			PRIMARY KEY (submission, task)
		) WITHOUT ROWID`,
		`CREATE TABLE findings (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			seq        INTEGER NOT NULL,
			code       TEXT NOT NULL CHECK (code <> ''),
			severity   TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
			sheet      TEXT NOT NULL,
			cell       TEXT NOT NULL,
			message    TEXT NOT NULL,
			PRIMARY KEY (submission, seq)
		) WITHOUT ROWID`,
		// Append-only log of every state change.
		`CREATE TABLE audit (
			id         INTEGER PRIMARY KEY,
			at         TEXT NOT NULL,
			action     TEXT NOT NULL CHECK (action IN ('file-stored', 'accepted', 'rejected', 'unreadable', 'superseded', 'duplicate')),
			campaign   TEXT NOT NULL,
			submission INTEGER REFERENCES submissions (id),
			unit       TEXT NOT NULL,
			period     TEXT NOT NULL,
			sha256     TEXT NOT NULL,
			detail     TEXT NOT NULL
		)`,
		`CREATE INDEX audit_by_submission ON audit (submission)`,
		`CREATE INDEX audit_by_period ON audit (campaign, period, unit)`,
		`CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
			BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`,
		`CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
			BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`,
	}},
	{name: "list values by column and value, for the across-units check", steps: []string{
		// HeldByOthers looks up a file's USCCs here instead of holding a period in memory.
		// Partial: only 18-character values (统一社会信用代码), so the other list cells
		// cost nothing to write.
		`CREATE INDEX submission_rows_uscc ON submission_rows (value, column_id) WHERE length(value) = 18`,
	}},
	{name: "office entries: points per unit and item, totals per indicator", steps: []string{
		// Bonus or manual points the office entered for a unit on a scoring item. The
		// current points of (campaign, period, unit, item) are its latest row (highest
		// id); earlier rows stay as the record of what was entered, when and why.
		`CREATE TABLE office_points (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL CHECK (period <> ''),
			unit       TEXT NOT NULL CHECK (unit <> ''),
			item       TEXT NOT NULL CHECK (item <> ''),
			points     TEXT NOT NULL CHECK (points <> '' AND points NOT GLOB '*[^0-9.-]*'),
			reason     TEXT NOT NULL CHECK (reason <> ''),
			entered_at TEXT NOT NULL
		)`,
		// Every index ends with the rowid: the latest entry of a key is the last of its range.
		`CREATE INDEX office_points_by_key ON office_points (campaign, period, unit, item)`,
		`CREATE TRIGGER office_points_append_only_update BEFORE UPDATE ON office_points
			BEGIN SELECT RAISE(ABORT, 'office points are append-only'); END`,
		`CREATE TRIGGER office_points_append_only_delete BEFORE DELETE ON office_points
			BEGIN SELECT RAISE(ABORT, 'office points are append-only'); END`,
		// The office's own figure for an indicator whose total is taken from its entry
		// (total rule given), not summed from the units. Latest row wins likewise.
		`CREATE TABLE office_totals (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL CHECK (period <> ''),
			indicator  TEXT NOT NULL CHECK (indicator <> ''),
			value      TEXT NOT NULL CHECK (value <> '' AND value NOT GLOB '*[^0-9.-]*'),
			reason     TEXT NOT NULL CHECK (reason <> ''),
			entered_at TEXT NOT NULL
		)`,
		`CREATE INDEX office_totals_by_key ON office_totals (campaign, period, indicator)`,
		`CREATE TRIGGER office_totals_append_only_update BEFORE UPDATE ON office_totals
			BEGIN SELECT RAISE(ABORT, 'office totals are append-only'); END`,
		`CREATE TRIGGER office_totals_append_only_delete BEFORE DELETE ON office_totals
			BEGIN SELECT RAISE(ABORT, 'office totals are append-only'); END`,
	}},
	{name: "the workspace's secret that signs its templates", steps: []string{
		// One row: the HMAC key generate signs each template's metadata with and ingest
		// checks it by. It lives here, not in campaign.yaml (which offices share), so
		// only this workspace can make a template it accepts.
		`CREATE TABLE signing_key (
			id         INTEGER PRIMARY KEY CHECK (id = 1),
			key        BLOB NOT NULL CHECK (length(key) = 32),
			created_at TEXT NOT NULL
		)`,
	}},
	{name: "the mail loop: messages sent and messages fetched", steps: []string{
		// One row per attempt to send one message, appended, never changed: "sending"
		// before the SMTP DATA, then "sent" or "failed" after. The latest row of a
		// (campaign, period, unit, kind, ref) says where that message stands; a
		// "sending" with nothing after it is a run cut off mid-message, whose outcome
		// nobody knows (see cmd/tenglong's send for what a rerun does with it).
		`CREATE TABLE mail_sent (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL,
			unit       TEXT NOT NULL CHECK (unit <> ''),
			kind       TEXT NOT NULL CHECK (kind IN ('template', 'remind', 'return')),
			ref        TEXT NOT NULL,
			message_id TEXT NOT NULL CHECK (message_id <> ''),
			recipient  TEXT NOT NULL,
			state      TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
			detail     TEXT NOT NULL,
			at         TEXT NOT NULL
		)`,
		`CREATE INDEX mail_sent_by_key ON mail_sent (campaign, period, unit, kind, ref)`,
		`CREATE TRIGGER mail_sent_append_only_update BEFORE UPDATE ON mail_sent
			BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END`,
		// One row per message taken from an IMAP mailbox, written after its raw bytes
		// are in files and before anything is done with them: (mailbox, uidvalidity,
		// uid) says what was taken, ingested_at whether intake has run on it yet.
		`CREATE TABLE mail_fetched (
			id            INTEGER PRIMARY KEY,
			mailbox       TEXT NOT NULL,
			uidvalidity   INTEGER NOT NULL,
			uid           INTEGER NOT NULL,
			sha256        TEXT NOT NULL REFERENCES files (sha256),
			internal_date TEXT NOT NULL,
			fetched_at    TEXT NOT NULL,
			ingested_at   TEXT,
			UNIQUE (mailbox, uidvalidity, uid)
		)`,
		`CREATE INDEX mail_fetched_by_sha ON mail_fetched (sha256)`,
	}},
	{name: officeTotalsTextMigration, steps: []string{
		// A worded total (完成/未完成 against 完成省定目标) was stored as the sentinel
		// --1/--0 in value, whose CHECK admits only the characters of a number. It
		// gets its own column: value holds a number or nothing, text an answer or
		// nothing, exactly one of them. SQLite cannot change a CHECK in place, so
		// the table is rebuilt with its ids, the sentinels moved to text; dropping
		// the old table fires no trigger, and its index and triggers are recreated.
		`CREATE TABLE office_totals_v2 (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL CHECK (period <> ''),
			indicator  TEXT NOT NULL CHECK (indicator <> ''),
			value      TEXT CHECK (value IS NULL OR (value <> '' AND value NOT GLOB '*[^0-9.-]*' AND value NOT GLOB '*--*')),
			text       TEXT CHECK (text IS NULL OR text IN ('完成', '未完成')),
			reason     TEXT NOT NULL CHECK (reason <> ''),
			entered_at TEXT NOT NULL,
			CHECK ((value IS NULL) <> (text IS NULL))
		)`,
		`INSERT INTO office_totals_v2 (id, campaign, period, indicator, value, text, reason, entered_at)
			SELECT id, campaign, period, indicator,
				CASE WHEN value IN ('--1', '--0') THEN NULL ELSE value END,
				CASE value WHEN '--1' THEN '完成' WHEN '--0' THEN '未完成' END,
				reason, entered_at
			FROM office_totals ORDER BY id`,
		`DROP TABLE office_totals`,
		`ALTER TABLE office_totals_v2 RENAME TO office_totals`,
		`CREATE INDEX office_totals_by_key ON office_totals (campaign, period, indicator)`,
		`CREATE TRIGGER office_totals_append_only_update BEFORE UPDATE ON office_totals
			BEGIN SELECT RAISE(ABORT, 'office totals are append-only'); END`,
		`CREATE TRIGGER office_totals_append_only_delete BEFORE DELETE ON office_totals
			BEGIN SELECT RAISE(ABORT, 'office totals are append-only'); END`,
	}},
	{name: "held returns: outcome pending (待确认) and the office's confirmation", steps: []string{
		// SQLite cannot widen a CHECK in place: submissions and audit are rebuilt
		// (foreign keys are off during the upgrade, see migrate), same ids, same rows.
		// A pending submission is a file whose signed metadata did not verify, held
		// under the unit and period its visible title claims; superseded_by then names
		// the submission that resolved it (the office's confirmation, or the unit's
		// later accepted return). confirms names, on a confirmation, the pending
		// submission of the same bytes it judged again as the unit the office named:
		// so one file may have two submissions, the pending one and its confirmation.
		`CREATE TABLE submissions_rebuilt (
			id            INTEGER PRIMARY KEY,
			campaign      TEXT NOT NULL CHECK (campaign <> ''),
			unit          TEXT NOT NULL,
			period        TEXT NOT NULL,
			sha256        TEXT NOT NULL REFERENCES files (sha256),
			source_path   TEXT NOT NULL,
			received_at   TEXT NOT NULL,
			outcome       TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'unreadable', 'pending')),
			late          INTEGER NOT NULL CHECK (late IN (0, 1)),
			superseded_by INTEGER REFERENCES submissions (id) DEFERRABLE INITIALLY DEFERRED,
			created_at    TEXT NOT NULL,
			confirms      INTEGER REFERENCES submissions (id),
			CHECK (outcome NOT IN ('accepted', 'pending') OR (unit <> '' AND period <> '')),
			CHECK (superseded_by IS NULL OR (outcome IN ('accepted', 'pending') AND superseded_by <> id)),
			CHECK (confirms IS NULL OR (outcome IN ('accepted', 'rejected') AND confirms <> id))
		)`,
		`INSERT INTO submissions_rebuilt (id, campaign, unit, period, sha256, source_path, received_at, outcome, late,
			superseded_by, created_at)
			SELECT id, campaign, unit, period, sha256, source_path, received_at, outcome, late, superseded_by, created_at
			FROM submissions`,
		`DROP TABLE submissions`,
		`ALTER TABLE submissions_rebuilt RENAME TO submissions`,
		`CREATE INDEX submissions_by_unit ON submissions (campaign, period, unit, received_at)`,
		`CREATE UNIQUE INDEX submissions_current ON submissions (campaign, period, unit)
			WHERE outcome = 'accepted' AND superseded_by IS NULL`,
		// One submission per file and campaign, but for the office's confirmation of it.
		`CREATE UNIQUE INDEX submissions_bytes ON submissions (campaign, sha256) WHERE confirms IS NULL`,
		`CREATE INDEX submissions_by_sha ON submissions (campaign, sha256)`,
		`CREATE UNIQUE INDEX submissions_confirms ON submissions (confirms) WHERE confirms IS NOT NULL`,
		`CREATE TABLE audit_rebuilt (
			id         INTEGER PRIMARY KEY,
			at         TEXT NOT NULL,
			action     TEXT NOT NULL CHECK (action IN ('file-stored', 'accepted', 'rejected', 'unreadable', 'superseded',
				'duplicate', 'pending', 'confirmed')),
			campaign   TEXT NOT NULL,
			submission INTEGER REFERENCES submissions (id),
			unit       TEXT NOT NULL,
			period     TEXT NOT NULL,
			sha256     TEXT NOT NULL,
			detail     TEXT NOT NULL
		)`,
		`INSERT INTO audit_rebuilt SELECT id, at, action, campaign, submission, unit, period, sha256, detail FROM audit`,
		`DROP TABLE audit`,
		`ALTER TABLE audit_rebuilt RENAME TO audit`,
		`CREATE INDEX audit_by_submission ON audit (submission)`,
		`CREATE INDEX audit_by_period ON audit (campaign, period, unit)`,
		`CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
			BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`,
		`CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
			BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END`,
	}},
	{name: "bounces: messages the office sent that came back undelivered", steps: []string{
		// One row per bounce fetched: which message of the mail log it concerns (its
		// key, found by the original's Message-ID or by the recipient), the address
		// that failed and the server's reason. Appended, never changed; a later "sent"
		// of the same key in mail_sent (after the address was corrected) supersedes it.
		`CREATE TABLE mail_bounced (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL,
			unit       TEXT NOT NULL CHECK (unit <> ''),
			kind       TEXT NOT NULL,
			ref        TEXT NOT NULL,
			message_id TEXT NOT NULL,
			recipient  TEXT NOT NULL,
			detail     TEXT NOT NULL,
			sha256     TEXT NOT NULL REFERENCES files (sha256),
			at         TEXT NOT NULL
		)`,
		`CREATE INDEX mail_bounced_by_key ON mail_bounced (campaign, period, unit)`,
		`CREATE INDEX mail_sent_by_message_id ON mail_sent (message_id)`,
	}},
	{name: mailUpwardMigration, steps: []string{
		// A county's return mailed to its city (send --upward, 多级上报) is logged like
		// every other send; SQLite cannot widen the kind CHECK in place, so the log is
		// rebuilt with the same ids and rows (and its indexes and trigger).
		`CREATE TABLE mail_sent_rebuilt (
			id         INTEGER PRIMARY KEY,
			campaign   TEXT NOT NULL CHECK (campaign <> ''),
			period     TEXT NOT NULL,
			unit       TEXT NOT NULL CHECK (unit <> ''),
			kind       TEXT NOT NULL CHECK (kind IN ('template', 'remind', 'return', 'upward')),
			ref        TEXT NOT NULL,
			message_id TEXT NOT NULL CHECK (message_id <> ''),
			recipient  TEXT NOT NULL,
			state      TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed')),
			detail     TEXT NOT NULL,
			at         TEXT NOT NULL
		)`,
		`INSERT INTO mail_sent_rebuilt SELECT id, campaign, period, unit, kind, ref, message_id, recipient, state, detail, at FROM mail_sent`,
		`DROP TABLE mail_sent`,
		`ALTER TABLE mail_sent_rebuilt RENAME TO mail_sent`,
		`CREATE INDEX mail_sent_by_key ON mail_sent (campaign, period, unit, kind, ref)`,
		`CREATE INDEX mail_sent_by_message_id ON mail_sent (message_id)`,
		`CREATE TRIGGER mail_sent_append_only_update BEFORE UPDATE ON mail_sent
			BEGIN SELECT RAISE(ABORT, 'the mail log is append-only'); END`,
	}},
	{name: listRowsMigration, steps: []string{
		// List rows a row at a time (issue 21): one entry per row, its cells a JSON
		// array of [column id, value or null, cell] (listrows.go), instead of one
		// entry per cell — six times fewer B-tree inserts for a six-column list.
		`CREATE TABLE IF NOT EXISTS list_rows (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			list       TEXT NOT NULL,
			row        INTEGER NOT NULL CHECK (row >= 0),
			cells      TEXT NOT NULL,
			PRIMARY KEY (submission, list, row)
		) WITHOUT ROWID`,
		// The 18-character values (统一社会信用代码) of every column, looked up by value:
		// what the partial index submission_rows_uscc was.
		`CREATE TABLE IF NOT EXISTS list_uscc (
			value      TEXT NOT NULL,
			column_id  INTEGER NOT NULL REFERENCES list_columns (id),
			submission INTEGER NOT NULL REFERENCES submissions (id),
			row        INTEGER NOT NULL,
			PRIMARY KEY (value, column_id, submission, row)
		) WITHOUT ROWID`,
	}, then: listRowsFromCells},
	{name: webMigration, steps: []string{
		// tenglong serve (issue 19): small named settings such as the office console's
		// password hash, never shown and never in campaign.yaml.
		`CREATE TABLE web_settings (
			name       TEXT PRIMARY KEY CHECK (name <> ''),
			value      TEXT NOT NULL,
			updated_at TEXT NOT NULL
		)`,
		// The generation of each unit's portal link for a period: the link's token is
		// an HMAC over it (web/), so raising it re-issues the link, and revoked stops
		// the current one. No row is generation 1, not revoked.
		`CREATE TABLE portal_links (
			campaign   TEXT NOT NULL,
			period     TEXT NOT NULL,
			unit       TEXT NOT NULL,
			generation INTEGER NOT NULL CHECK (generation >= 1),
			revoked    INTEGER NOT NULL CHECK (revoked IN (0, 1)),
			updated_at TEXT NOT NULL,
			PRIMARY KEY (campaign, period, unit)
		) WITHOUT ROWID`,
		// Where an audited change came from: via (cli | portal | office), the remote
		// address of a web request and the unit whose portal link carried it.
		`ALTER TABLE audit ADD COLUMN via TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE audit ADD COLUMN remote TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE audit ADD COLUMN link_unit TEXT NOT NULL DEFAULT ''`,
	}},
	{name: entriesByMigration, steps: []string{
		// The office's own points and totals carry who entered them (the CLI's --by or
		// login name, the console's 录入人), as a confirmation does.
		`ALTER TABLE office_points ADD COLUMN entered_by TEXT NOT NULL DEFAULT ''`,
		`ALTER TABLE office_totals ADD COLUMN entered_by TEXT NOT NULL DEFAULT ''`,
	}},
	{name: listDataMigration, steps: []string{
		// A submission's list in one entry (issue 21): its cells a JSON array of [row,
		// column id, value or null, cell] (listrows.go), instead of one list_rows entry
		// per row — one insert a file instead of 300. A rowid table: its entries are
		// tens of kilobytes, kept in overflow pages, looked up by (submission, list).
		// Written to run again on a store whose schema_version rows were lost (as the
		// list rows migration before it is).
		`CREATE TABLE IF NOT EXISTS list_data (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			list       TEXT NOT NULL,
			cells      TEXT NOT NULL,
			UNIQUE (submission, list)
		)`,
		`INSERT OR IGNORE INTO list_data (submission, list, cells)
			SELECT r.submission, r.list,
				json_group_array(json_array(r.row, j.value -> 0, j.value -> 1, j.value -> 2) ORDER BY r.row, j.value ->> 0)
			FROM list_rows r, json_each(r.cells) j
			GROUP BY r.submission, r.list`,
		`DROP VIEW IF EXISTS list_cells`,
		`DROP VIEW IF EXISTS submission_rows`,
		`DROP TABLE list_rows`,
		`CREATE VIEW submission_rows AS
			SELECT d.submission, j.value ->> 1 AS column_id, j.value ->> 0 AS row, j.value ->> 2 AS value, j.value ->> 3 AS cell
			FROM list_data d, json_each(d.cells) j`,
		`CREATE VIEW list_cells AS
			SELECT r.submission, c.list, c.col, r.row, r.value, r.cell
			FROM submission_rows r JOIN list_columns c ON c.id = r.column_id`,
	}},
	{name: listCodesMigration, steps: []string{
		// A submission's 统一社会信用代码 in one entry a column (issue 21): its distinct
		// 18-character values as a JSON array, instead of one list_uscc index entry a
		// code. Real codes land all over an index by value, so every file rewrote
		// hundreds of its pages: 300 B-tree inserts a file were half of what storing a
		// return cost. The across-units check now looks codes up in memory
		// (codeindex.go), loading a period's entries once and then only the new ones.
		// Written to run again on a store whose schema_version rows were lost.
		`CREATE TABLE IF NOT EXISTS list_codes (
			submission INTEGER NOT NULL REFERENCES submissions (id),
			column_id  INTEGER NOT NULL REFERENCES list_columns (id),
			codes      TEXT NOT NULL,
			PRIMARY KEY (submission, column_id)
		) WITHOUT ROWID`,
		`CREATE TABLE IF NOT EXISTS list_uscc (value TEXT, column_id INTEGER, submission INTEGER, row INTEGER)`,
		`INSERT OR IGNORE INTO list_codes (submission, column_id, codes)
			SELECT submission, column_id, json_group_array(value ORDER BY value)
			FROM (SELECT DISTINCT submission, column_id, value FROM list_uscc)
			GROUP BY submission, column_id`,
		`DROP TABLE list_uscc`,
	}},
}

// listCodesMigration names the migration that keeps a submission's codes in one
// entry a column instead of an index entry a code (its test opens a store from just
// before it).
const listCodesMigration = "list codes in one entry a submission and column: list_codes instead of list_uscc"

// listDataMigration names the migration that stores a submission's list in one
// entry (its test opens a store from just before it).
const listDataMigration = "lists in one entry a submission: list_data, submission_rows a view of it"

// webMigration names the migration tenglong serve needs: its settings, the portal
// links' generations and the audit log's origin columns.
const webMigration = "web: office settings, portal link generations, audit origin (via, remote, link unit)"

// listRowsFromCells moves the cells of the cell-per-row table submission_rows into
// list_rows and list_uscc and puts a view of the same name and columns in its place,
// for the queries that read cells one by one and for people with a SQLite browser.
// A store where submission_rows is already that view (its schema_version rows lost)
// is left as it is.
func listRowsFromCells(ctx context.Context, tx *sql.Tx) error {
	var kind string
	if err := tx.QueryRowContext(ctx, `SELECT type FROM sqlite_schema WHERE name = 'submission_rows'`).Scan(&kind); err != nil {
		return err
	}
	if kind != "table" {
		return nil
	}
	for _, stmt := range []string{
		`INSERT INTO list_rows (submission, list, row, cells)
			SELECT r.submission, c.list, r.row, json_group_array(json_array(r.column_id, r.value, r.cell))
			FROM submission_rows r JOIN list_columns c ON c.id = r.column_id
			GROUP BY r.submission, c.list, r.row`,
		`INSERT INTO list_uscc (value, column_id, submission, row)
			SELECT value, column_id, submission, row FROM submission_rows WHERE length(value) = 18`,
		`DROP VIEW IF EXISTS list_cells`,
		`DROP INDEX IF EXISTS submission_rows_uscc`,
		`DROP TABLE submission_rows`,
		`CREATE VIEW submission_rows AS
			SELECT r.submission, j.value ->> 0 AS column_id, r.row, j.value ->> 1 AS value, j.value ->> 2 AS cell
			FROM list_rows r, json_each(r.cells) j`,
		`CREATE VIEW list_cells AS
			SELECT r.submission, c.list, c.col, r.row, r.value, r.cell
			FROM submission_rows r JOIN list_columns c ON c.id = r.column_id`,
	} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	return nil
}

// listRowsMigration names the migration that stores list rows a row at a time (its
// test opens a store from just before it).
const listRowsMigration = "list rows a row at a time: list_rows, list_uscc, submission_rows a view"

// mailUpwardMigration names the migration that lets the mail log hold a county's
// return to its city (its test opens a store from just before it).
const mailUpwardMigration = "mail log: kind upward, a county's return mailed to its city"

// officeTotalsTextMigration names the migration that gave worded totals their own
// column (its test opens a store from just before it).
const officeTotalsTextMigration = "office totals: worded answers (完成/未完成) in their own text column"

// SchemaVersion is the schema version this build writes.
func SchemaVersion() int { return len(migrations) }

// migrate brings the database to len(steps). It reads the version first and takes
// the write lock only when there is something to do; inside the transaction it reads
// again, since another process may have upgraded it in between.
func (s *Store) migrate(ctx context.Context, steps []migration) error {
	version, err := s.version(ctx, s.db)
	if err != nil {
		return err
	}
	if err := s.checkVersion(version, len(steps)); err != nil || version == len(steps) {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	// The upgrade runs on a connection of its own with foreign keys off: a step that
	// rebuilds a table other tables refer to (SQLite cannot change a CHECK in place)
	// drops and recreates it, which the foreign keys would refuse half way. Before the
	// commit foreign_key_check proves every reference still holds.
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if version, err = s.version(ctx, tx); err != nil {
		return err
	}
	if err := s.checkVersion(version, len(steps)); err != nil || version == len(steps) {
		return err
	}
	if version == 0 {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", applicationID)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `CREATE TABLE schema_version (
			version    INTEGER PRIMARY KEY,
			name       TEXT NOT NULL,
			applied_at TEXT NOT NULL
		)`); err != nil {
			return err
		}
	}
	for v := version + 1; v <= len(steps); v++ {
		m := steps[v-1]
		for i, stmt := range m.steps {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("schema version %d (%s) step %d: %w", v, m.name, i+1, err)
			}
		}
		if m.then != nil {
			if err := m.then(ctx, tx); err != nil {
				return fmt.Errorf("schema version %d (%s): %w", v, m.name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`,
			v, m.name, s.stamp()); err != nil {
			return err
		}
	}
	if err := foreignKeyCheck(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeyCheck fails when a row refers to one that is not there.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return err
		}
		return fmt.Errorf("schema upgrade broke a reference: %s row %d refers to a missing %s", table, rowid.Int64, parent)
	}
	return rows.Err()
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// version is the schema version of the database: 0 for a new, empty file. A file
// that has tables but is not a tenglong database is refused.
func (s *Store) version(ctx context.Context, q querier) (int, error) {
	var appID, tables, hasVersion int
	if err := q.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return 0, err
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE name = 'schema_version')
		FROM sqlite_schema WHERE type = 'table'`).Scan(&tables, &hasVersion); err != nil {
		return 0, err
	}
	if tables == 0 && appID == 0 {
		return 0, nil
	}
	if appID != applicationID || hasVersion == 0 {
		return 0, newError(s.path, ErrNotOurs, nil,
			"%s 不是 tenglong 的数据库（可能是别的程序的文件同名放在了工作目录里）：请把它移走或改名后重试", s.path)
	}
	var version int
	if err := q.QueryRowContext(ctx, `SELECT ifnull(max(version), 0) FROM schema_version`).Scan(&version); err != nil {
		return 0, err
	}
	return version, nil
}

func (s *Store) checkVersion(have, known int) error {
	if have > known {
		return newError(s.path, ErrTooNew, nil,
			"数据库 %s 的结构版本是 %d，本程序只认识到版本 %d：它已被更新版本的 tenglong 使用过。请升级 tenglong 后再打开（旧版本不会改动它）",
			s.path, have, known)
	}
	return nil
}
