package store

import (
	"cmp"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"
	"unsafe"
)

// PutFile stores the raw bytes of a received file, in its own transaction (on a
// Batch's handle, in the batch's), and returns their sha256 (lowercase hex). Storing the same bytes again changes nothing
// and reports existed. Call it first, before parsing, so nothing received is lost.
func (s *Store) PutFile(data []byte) (sha string, existed bool, err error) {
	sum := sha256.Sum256(data)
	return s.putFile(data, hex.EncodeToString(sum[:]))
}

// PutFileHashed is PutFile for a caller that hashed the bytes already: sha must be
// the lowercase hex sha256 of exactly these bytes, as the caller computed it from
// them in memory (ingest's readers do, in parallel, to find duplicates: hashing
// again in the one writer was wasted). A sha that is not 64 lowercase hex digits is
// refused.
func (s *Store) PutFileHashed(data []byte, sha string) (existed bool, err error) {
	if !shaText.MatchString(sha) {
		return false, fmt.Errorf("store: file sha256 %q is not lowercase hex", sha)
	}
	_, existed, err = s.putFile(data, sha)
	return existed, err
}

// putFile stores data under sha, its sha256.
func (s *Store) putFile(data []byte, sha string) (_ string, existed bool, err error) {
	if data == nil {
		data = []byte{} // a NULL blob would break NOT NULL; an empty file is still a file
	}
	err = s.write("put file", func(tx *sql.Tx) error {
		stmt, err := s.prepared(tx, `INSERT INTO files (sha256, size, bytes, first_seen) VALUES (?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		res, err := stmt.Exec(sha, len(data), data, s.stamp())
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			existed = true
			return nil
		}
		return s.audit(tx, ActionFileStored, "", 0, "", "", sha, fmt.Sprintf("收到文件，%d 字节", len(data)))
	})
	if err != nil {
		return "", false, err
	}
	return sha, existed, nil
}

// File returns the bytes stored under sha; errors.Is(err, ErrNotFound) when none.
func (s *Store) File(sha string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRow(`SELECT bytes FROM files WHERE sha256 = ?`, sha).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("数据库 %s 里没有 sha256 为 %s 的文件：%w", s.path, sha, ErrNotFound)
	}
	if err != nil {
		return nil, s.wrap("read file", err)
	}
	return data, nil
}

// BySHA256 returns the submission these bytes produced in the campaign, or nil. Ingest
// may call it after PutFile reports existed, to skip parsing a duplicate; it then
// records the duplicate with RecordSubmission and Outcome Duplicate.
func (s *Store) BySHA256(campaign, sha string) (*Stored, error) {
	var out *Stored
	err := s.read("find by sha256", func(tx *sql.Tx) error {
		var err error
		out, err = s.bySHA(tx, campaign, sha)
		return err
	})
	return out, err
}

// bySHA is the latest judgment of the bytes: the office's confirmation of a pending
// file, when there is one, else the one submission they made. Whether there is one
// at all is asked first, with a statement kept prepared: for almost every file
// recorded there is none.
func (s *Store) bySHA(tx *sql.Tx, campaign, sha string) (*Stored, error) {
	var n int
	if err := s.queryRow(tx, `SELECT count(*) FROM submissions WHERE campaign = ? AND sha256 = ?`, []any{campaign, sha}, &n); err != nil || n == 0 {
		return nil, err
	}
	list, err := queryStored(tx, `WHERE s.campaign = ? AND s.sha256 = ? ORDER BY s.id DESC LIMIT 1`, campaign, sha)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

// decimalText is the exact decimal text the store accepts for an indicator value.
var decimalText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

var shaText = regexp.MustCompile(`^[0-9a-f]{64}$`)

// check refuses a submission that would break the store's invariants. These are
// programming errors in the caller, not problems of the file.
func (sub *Submission) check() error {
	switch {
	case sub.Campaign == "":
		return errors.New("store: submission without campaign")
	case !shaText.MatchString(sub.SHA256):
		return fmt.Errorf("store: submission sha256 %q is not lowercase hex from PutFile", sub.SHA256)
	case sub.ReceivedAt.IsZero():
		return errors.New("store: submission without received time")
	}
	switch sub.Outcome {
	case Accepted, Pending:
		if sub.Unit == "" || sub.Period == "" {
			return fmt.Errorf("store: %s submission without unit or period", sub.Outcome)
		}
	case Rejected, Unreadable, Duplicate:
	default:
		return fmt.Errorf("store: unknown outcome %q", sub.Outcome)
	}
	for _, v := range sub.Values {
		if v.Value != "" && !decimalText.MatchString(v.Value) {
			return fmt.Errorf("store: indicator %s value %q is not exact decimal text (pass decimal.String() or the normalised digits; put other text in Text)", v.Indicator, v.Value)
		}
	}
	errs := 0
	for _, f := range sub.Findings {
		switch f.Severity {
		case SeverityError:
			errs++
		case SeverityWarning:
		default:
			return fmt.Errorf("store: finding %s has severity %q, want error or warning", f.Code, f.Severity)
		}
	}
	if sub.Confirms != 0 && sub.Outcome != Accepted && sub.Outcome != Rejected {
		return fmt.Errorf("store: a confirmation is accepted or rejected, not %s", sub.Outcome)
	}
	if sub.Outcome == Accepted && errs > 0 {
		return fmt.Errorf("store: accepted submission with %d error findings (a file with errors is rejected)", errs)
	}
	return nil
}

// RecordSubmission stores one received file's submission in one transaction.
//
// If the bytes already produced a submission in the campaign, it stores nothing but a
// duplicate audit entry and returns Outcome Duplicate with the earlier submission.
// Otherwise it stores the submission with its values, rows, tasks and findings and
// an audit entry; an accepted one becomes the unit's current data for the period and
// the previous current one is marked superseded by it. Which one is current follows
// the order of recording (the ingest sequence), never ReceivedAt: a mail's Date is
// written by the sender's machine and decides only lateness, so an old-dated
// resubmission still replaces what it corrects.
//
// PutFile must have stored the bytes first.
func (s *Store) RecordSubmission(sub Submission) (Recorded, error) {
	if err := sub.check(); err != nil {
		return Recorded{}, err
	}
	var rec Recorded
	err := s.write("record submission", func(tx *sql.Tx) error {
		rec = Recorded{}
		earlier, err := s.bySHA(tx, sub.Campaign, sub.SHA256)
		if err != nil {
			return err
		}
		if earlier != nil {
			rec = Recorded{ID: earlier.ID, Outcome: Duplicate, Earlier: earlier}
			return s.auditFrom(tx, sub.Origin, ActionDuplicate, sub.Campaign, earlier.ID, earlier.Unit, earlier.Period, sub.SHA256,
				fmt.Sprintf("重复报送：与第 %d 号报送内容相同（来源 %s），未作改动", earlier.ID, sub.SourcePath))
		}
		if sub.Outcome == Duplicate {
			return fmt.Errorf("store: outcome duplicate but no submission of campaign %s has sha256 %s", sub.Campaign, sub.SHA256)
		}
		if sub.Confirms != 0 {
			return errors.New("store: a confirmation is recorded with Confirm")
		}
		if rec, err = s.insert(tx, &sub); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		return Recorded{}, err
	}
	return rec, nil
}

// insert stores a new submission inside tx.
func (s *Store) insert(tx *sql.Tx, sub *Submission) (Recorded, error) {
	var id int64
	if err := s.queryRow(tx, `SELECT ifnull(max(id), 0) + 1 FROM submissions`, nil, &id); err != nil {
		return Recorded{}, err
	}
	rec := Recorded{ID: id, Outcome: sub.Outcome}
	received := timeText(sub.ReceivedAt)

	// Supersede before inserting: the partial unique index allows one current
	// submission per unit and period. The superseded_by foreign key is deferred, so
	// the old row may point at the new id before it exists. The newest recorded
	// accepted file is current, whatever its received time says.
	if sub.Outcome == Accepted {
		var curID int64
		err := s.queryRow(tx, `SELECT id FROM submissions
			WHERE campaign = ? AND period = ? AND unit = ? AND outcome = 'accepted' AND superseded_by IS NULL`,
			[]any{sub.Campaign, sub.Period, sub.Unit}, &curID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return rec, err
		default:
			if err := s.exec(tx, `UPDATE submissions SET superseded_by = ? WHERE id = ?`, id, curID); err != nil {
				return rec, err
			}
			rec.Supersedes = curID
		}
	}
	var confirms any
	if sub.Confirms != 0 {
		confirms = sub.Confirms
	}
	if err := s.exec(tx, `INSERT INTO submissions (id, campaign, unit, period, sha256, source_path, received_at,
		outcome, late, superseded_by, created_at, confirms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, sub.Campaign, sub.Unit, sub.Period, sub.SHA256, sub.SourcePath, received,
		string(sub.Outcome), sub.Late, nil, s.stamp(), confirms); err != nil {
		if sqliteCode(err) == 19 { // SQLITE_CONSTRAINT: most likely the file is missing
			return rec, fmt.Errorf("insert submission (was the file stored with PutFile first?): %w", err)
		}
		return rec, err
	}
	if err := s.step("submission"); err != nil {
		return rec, err
	}
	if err := s.insertValues(tx, id, sub.Values); err != nil {
		return rec, err
	}
	if err := s.step("values"); err != nil {
		return rec, err
	}
	if err := s.insertRows(tx, id, sub.Rows); err != nil {
		return rec, err
	}
	if err := s.step("rows"); err != nil {
		return rec, err
	}
	if err := insertTasks(tx, id, sub.Tasks); err != nil {
		return rec, err
	}
	if err := s.step("tasks"); err != nil {
		return rec, err
	}
	errs, warns, err := insertFindings(tx, id, sub.Findings)
	if err != nil {
		return rec, err
	}
	if err := s.step("findings"); err != nil {
		return rec, err
	}
	if err := s.auditFrom(tx, sub.Origin, Action(sub.Outcome), sub.Campaign, id, sub.Unit, sub.Period, sub.SHA256,
		outcomeDetail(sub, rec, errs, warns)); err != nil {
		return rec, err
	}
	if rec.Supersedes != 0 {
		if err := s.audit(tx, ActionSuperseded, sub.Campaign, rec.Supersedes, sub.Unit, sub.Period, sub.SHA256,
			fmt.Sprintf("被第 %d 号报送更正（来源 %s）", id, sub.SourcePath)); err != nil {
			return rec, err
		}
	}
	if sub.Outcome == Accepted {
		if err := s.resolveHeld(tx, sub, id); err != nil {
			return rec, err
		}
	}
	return rec, s.step("audit")
}

// resolveHeld marks the unit's pending files of the period superseded by its accepted
// submission id: the unit has now sent a return that verifies (or the office confirmed
// one), so what was held claiming it no longer waits for anyone.
func (s *Store) resolveHeld(tx *sql.Tx, sub *Submission, id int64) error {
	// Almost always there is none: asked first with a statement kept prepared.
	var n int
	err := s.queryRow(tx, `SELECT count(*) FROM submissions WHERE campaign = ? AND period = ? AND unit = ? AND outcome = 'pending'
		AND superseded_by IS NULL`, []any{sub.Campaign, sub.Period, sub.Unit}, &n)
	if err != nil || n == 0 {
		return err
	}
	held, err := queryStored(tx, `WHERE s.campaign = ? AND s.period = ? AND s.unit = ? AND s.outcome = 'pending'
		AND s.superseded_by IS NULL ORDER BY s.id`, sub.Campaign, sub.Period, sub.Unit)
	if err != nil {
		return err
	}
	for _, h := range held {
		if _, err := tx.Exec(`UPDATE submissions SET superseded_by = ? WHERE id = ?`, id, h.ID); err != nil {
			return err
		}
		if err := s.audit(tx, ActionSuperseded, sub.Campaign, h.ID, sub.Unit, sub.Period, h.SHA256,
			fmt.Sprintf("待确认的文件（来源 %s）不再待确认：本单位本期已有第 %d 号报送采用（来源 %s）", h.SourcePath, id, sub.SourcePath)); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) step(stage string) error {
	if s.hook == nil {
		return nil
	}
	return s.hook(stage)
}

func outcomeDetail(sub *Submission, rec Recorded, errs, warns int) string {
	var d string
	switch sub.Outcome {
	case Accepted:
		d = fmt.Sprintf("已采用：%d 个指标值、%d 行清单、%d 项任务，%d 个警告", len(sub.Values), len(sub.Rows), len(sub.Tasks), warns)
		if rec.Supersedes != 0 {
			d += fmt.Sprintf("；更正第 %d 号报送", rec.Supersedes)
		}
	case Rejected:
		d = fmt.Sprintf("退回：%d 个错误、%d 个警告", errs, warns)
	case Pending:
		d = fmt.Sprintf("待确认：模板签名核对不上，暂存不计入，等办公室确认；%d 个错误、%d 个警告", errs, warns)
	default:
		d = "无法读取"
		if len(sub.Findings) > 0 {
			d += "：" + sub.Findings[0].Message
		}
	}
	if sub.Late {
		d += "；逾期报送"
	}
	return d + "（来源 " + sub.SourcePath + "）"
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// insertValues stores the indicator values of submission id, rowBatch to a statement:
// one INSERT a value was a fifth of storing a return.
func (s *Store) insertValues(tx *sql.Tx, id int64, values []Value) error {
	idArg := any(id) // boxed once, not once a value
	err := s.insertBatched(tx, "submission_values (submission, indicator, seq, value, text, note, cell)", "(?, ?, ?, ?, ?, ?, ?)", 7, len(values),
		func(i int, args []any) []any {
			v := &values[i]
			return append(args, idArg, v.Indicator, i, nullable(v.Value), nullable(v.Text), nullable(v.Note), v.Cell)
		})
	if err != nil {
		return fmt.Errorf("values: %w", err)
	}
	return nil
}

// anyCell reports whether a row given as slices has a cell to store.
func anyCell(cells []Cell) bool {
	for i := range cells {
		if cells[i].Cell != "" {
			return true
		}
	}
	return false
}

// sameColumns reports whether b is the column list a: the same slice (a list's rows
// share one) or equal ids.
func sameColumns(a, b []string) bool {
	if a == nil || len(a) != len(b) {
		return false
	}
	return unsafe.SliceData(a) == unsafe.SliceData(b) || slices.Equal(a, b)
}

// rowBatch is how many rows go into one INSERT statement.
const rowBatch = 100

// insertRows stores the list rows of submission id: one list_data entry per list
// (listrows.go), and a column's 18-character values in list_codes.
func (s *Store) insertRows(tx *sql.Tx, id int64, rows []Row) error {
	type list struct {
		name    string
		cells   []storedCell
		ordered bool // rows came in increasing index order: no sort needed
		// The column ids of the last row given as slices (Row.Columns), and their
		// positions in column id order, worked out once for the list's rows.
		columns []string
		colIDs  []int64
		order   []int
	}
	var lists []list // few: a linear search beats a map
	ids := map[ListColumn]int64{}
	names := map[int64]ListColumn{} // column id → list and column
	codes := s.buffers().codes[:0]  // 18-character values
	defer func() { s.buffers().codes = emptied(codes) }()
	columnID := func(list, c string) (int64, error) {
		col := ListColumn{List: list, Column: c}
		colID, ok := ids[col]
		if !ok {
			var err error
			if colID, err = s.columnID(tx, col); err != nil {
				return 0, err
			}
			ids[col] = colID
			names[colID] = col
		}
		return colID, nil
	}
	for _, r := range rows {
		if len(r.Values) == 0 && !anyCell(r.Cells[:min(len(r.Cells), len(r.Columns))]) {
			continue
		}
		li := slices.IndexFunc(lists, func(l list) bool { return l.name == r.List })
		if li < 0 {
			li = len(lists)
			var cells []storedCell
			if li == 0 { // the first list's cells go where the last file's did
				cells = s.buffers().cells
			}
			lists = append(lists, list{name: r.List, cells: cells[:0], ordered: true})
		}
		l := &lists[li]
		if n := len(l.cells); n > 0 && l.cells[n-1].row >= r.Index {
			l.ordered = false
		}
		if len(r.Values) == 0 { // the row as slices: its cells in column id order
			if !sameColumns(l.columns, r.Columns) {
				l.columns = r.Columns
				l.colIDs = make([]int64, len(r.Columns))
				for i, c := range r.Columns {
					var err error
					if l.colIDs[i], err = columnID(r.List, c); err != nil {
						return err
					}
				}
				l.order = make([]int, len(r.Columns))
				for i := range l.order {
					l.order[i] = i
				}
				slices.SortFunc(l.order, func(a, b int) int { return cmp.Compare(l.colIDs[a], l.colIDs[b]) })
				for i := 1; i < len(l.order); i++ {
					if l.colIDs[l.order[i-1]] == l.colIDs[l.order[i]] {
						return fmt.Errorf("list %s column %s given twice", r.List, r.Columns[l.order[i]])
					}
				}
			}
			for _, i := range l.order {
				if i >= len(r.Cells) || r.Cells[i].Cell == "" {
					continue
				}
				v := &r.Cells[i]
				l.cells = append(l.cells, storedCell{row: r.Index, col: l.colIDs[i], value: v.Value, ref: v.Cell})
				if utf8.RuneCountInString(v.Value) == 18 {
					codes = append(codes, storedCode{value: v.Value, col: l.colIDs[i]})
				}
			}
			continue
		}
		start := len(l.cells)
		for c, v := range r.Values {
			colID, err := columnID(r.List, c)
			if err != nil {
				return err
			}
			// In column order within the row: an insertion into the row's few cells.
			cell := storedCell{row: r.Index, col: colID, value: v.Value, ref: v.Cell}
			l.cells = append(l.cells, cell)
			i := len(l.cells) - 1
			for ; i > start && l.cells[i-1].col > colID; i-- {
				l.cells[i] = l.cells[i-1]
			}
			l.cells[i] = cell
			if utf8.RuneCountInString(v.Value) == 18 {
				codes = append(codes, storedCode{value: v.Value, col: colID})
			}
		}
	}
	if len(lists) == 0 {
		s.owner().noteWritten(writtenCodes{id: id}) // none: what the index is to take
		return nil
	}
	defer func() { s.buffers().cells = emptied(lists[0].cells) }()
	buf := &s.buffers().list
	idArg := any(id) // boxed once, not once a list
	for _, l := range lists {
		if !l.ordered { // rows out of order, or one row given twice
			slices.SortStableFunc(l.cells, func(a, b storedCell) int { return cmp.Or(cmp.Compare(a.row, b.row), cmp.Compare(a.col, b.col)) })
			for i := 1; i < len(l.cells); i++ {
				if a, b := l.cells[i-1], l.cells[i]; a.row == b.row && a.col == b.col {
					return fmt.Errorf("list %s row %d column %s stored twice", l.name, a.row, names[a.col].Column)
				}
			}
		}
		*buf = appendCells((*buf)[:0], l.cells)
		// The text is copied by SQLite when bound: no copy of it as a Go string.
		if err := s.exec(tx, `INSERT INTO list_data (submission, list, cells) VALUES (?, ?, ?)`,
			idArg, l.name, unsafe.String(unsafe.SliceData(*buf), len(*buf))); err != nil {
			return fmt.Errorf("list %s: %w", l.name, err)
		}
	}
	// A column's distinct codes in one list_codes entry, a JSON array in value order
	// (codeindex.go reads them back): one insert a column instead of an index entry
	// a code.
	slices.SortFunc(codes, func(a, b storedCode) int {
		return cmp.Or(cmp.Compare(a.col, b.col), cmp.Compare(a.value, b.value))
	})
	// What is written is also handed to the code index (codeindex.go) as hashes, so
	// that it need not read the entries back.
	written := writtenCodes{id: id}
	for start := 0; start < len(codes); {
		col := codes[start].col
		*buf = append((*buf)[:0], '[')
		hashes := make([]uint32, 0, len(codes)-start)
		end := start
		for ; end < len(codes) && codes[end].col == col; end++ {
			if end > start && codes[end].value == codes[end-1].value {
				continue // the same code in two rows: the unit holds it once
			}
			if end > start {
				*buf = append(*buf, ',')
			}
			*buf = appendJSONString(*buf, codes[end].value)
			hashes = append(hashes, codeHash(codes[end].value))
		}
		*buf = append(*buf, ']')
		if err := s.exec(tx, `INSERT INTO list_codes (submission, column_id, codes) VALUES (?, ?, ?)`,
			idArg, col, unsafe.String(unsafe.SliceData(*buf), len(*buf))); err != nil {
			return fmt.Errorf("list codes: %w", err)
		}
		written.columns = append(written.columns, writtenColumn{col: names[col], hashes: hashes})
		start = end
	}
	s.owner().noteWritten(written)
	return nil
}

// storedCode is one 18-character list value as list_codes keeps it.
type storedCode struct {
	value string
	col   int64
}

// insertBatched inserts n rows into table (with its column list), rowBatch rows per
// statement of placeholders one, args(i, dst) appending row i's width arguments.
func (s *Store) insertBatched(tx *sql.Tx, table, one string, width, n int, args func(i int, dst []any) []any) error {
	if n == 0 {
		return nil
	}
	prepare := func(k int) (*sql.Stmt, error) {
		q := make([]byte, 0, 40+len(table)+k*(len(one)+2))
		q = append(q, "INSERT INTO "...)
		q = append(q, table...)
		q = append(q, " VALUES "...)
		for i := 0; i < k; i++ {
			if i > 0 {
				q = append(q, ", "...)
			}
			q = append(q, one...)
		}
		return s.prepared(tx, string(q))
	}
	var full *sql.Stmt
	buf := s.buffers().args[:0]
	defer func() { s.buffers().args = emptied(buf) }()
	for start := 0; start < n; start += rowBatch {
		end := min(start+rowBatch, n)
		buf = buf[:0]
		for i := start; i < end; i++ {
			buf = args(i, buf)
		}
		stmt := full
		if end-start < rowBatch || full == nil {
			var err error
			if stmt, err = prepare(end - start); err != nil {
				return err
			}
			if end-start == rowBatch {
				full = stmt
			}
			defer stmt.Close()
		}
		if _, err := stmt.Exec(buf...); err != nil {
			return err
		}
	}
	return nil
}

// columnID numbers a list column, once per database. A batch remembers the numbers
// it asked for (only while it lasts: a number given inside a batch rolled back may
// be given to another column later).
func (s *Store) columnID(tx *sql.Tx, c ListColumn) (int64, error) {
	if s.batch != nil {
		if id, ok := s.batch.columns[c]; ok {
			return id, nil
		}
	}
	var id int64
	err := s.queryRow(tx, `SELECT id FROM list_columns WHERE list = ? AND col = ?`, []any{c.List, c.Column}, &id)
	if errors.Is(err, sql.ErrNoRows) {
		res, err := tx.Exec(`INSERT INTO list_columns (list, col) VALUES (?, ?)`, c.List, c.Column)
		if err != nil {
			return 0, err
		}
		if id, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	} else if err != nil {
		return 0, err
	}
	if s.batch != nil {
		if s.batch.columns == nil {
			s.batch.columns = map[ListColumn]int64{}
		}
		s.batch.columns[c] = id
	}
	return id, nil
}

func insertTasks(tx *sql.Tx, id int64, tasks []Task) error {
	for i, t := range tasks {
		if _, err := tx.Exec(`INSERT INTO submission_tasks (submission, task, seq, status, progress, cell)
			VALUES (?, ?, ?, ?, ?, ?)`, id, t.ID, i, nullable(t.Status), nullable(t.Progress), t.Cell); err != nil {
			return fmt.Errorf("task %s: %w", t.ID, err)
		}
	}
	return nil
}

func insertFindings(tx *sql.Tx, id int64, findings []Finding) (errs, warns int, err error) {
	for i, f := range findings {
		if _, err := tx.Exec(`INSERT INTO findings (submission, seq, code, severity, sheet, cell, message)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, i, f.Code, f.Severity, f.Sheet, f.Cell, f.Message); err != nil {
			return 0, 0, fmt.Errorf("finding %s: %w", f.Code, err)
		}
		if f.Severity == SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns, nil
}

func (s *Store) audit(tx *sql.Tx, action Action, campaign string, submission int64, unit, period, sha, detail string) error {
	return s.auditFrom(tx, Origin{}, action, campaign, submission, unit, period, sha, detail)
}

// auditFrom is audit with where the change came from (a web request's remote address
// and the unit of the portal link it came through).
func (s *Store) auditFrom(tx *sql.Tx, o Origin, action Action, campaign string, submission int64, unit, period, sha, detail string) error {
	var sub any
	if submission != 0 {
		sub = submission
	}
	if o == (Origin{}) {
		// The columns' defaults: the same statement as before they existed, which the
		// migration tests run against a store of an earlier schema.
		stmt, err := s.prepared(tx, `INSERT INTO audit (at, action, campaign, submission, unit, period, sha256, detail)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		_, err = stmt.Exec(s.stamp(), string(action), campaign, sub, unit, period, sha, detail)
		return err
	}
	stmt, err := s.prepared(tx, `INSERT INTO audit (at, action, campaign, submission, unit, period, sha256, detail, via, remote, link_unit)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	_, err = stmt.Exec(s.stamp(), string(action), campaign, sub, unit, period, sha, detail, o.Via, o.Remote, o.LinkUnit)
	return err
}

// buffers are the room the writing path keeps between files (writes are one at a
// time: the caller holds writeMu), on the store a batch's handle writes through. A
// new slice for every file was the largest part of gathering a list's cells.
func (s *Store) buffers() *writeBuffers {
	if s.batch != nil {
		s = s.batch.parent
	}
	return &s.bufs
}

// writeBuffers is that room.
type writeBuffers struct {
	list  []byte       // a list's cells as stored (insertRows), and a column's codes
	cells []storedCell // a list's cells gathered (insertRows)
	codes []storedCode // a file's codes gathered (insertRows)
	args  []any        // a statement's arguments (insertBatched)
}

// emptied drops what b refers to (strings, boxed values), keeping the room.
func emptied[T any](b []T) []T {
	clear(b)
	return b[:0]
}
