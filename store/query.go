package store

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

const storedColumns = `SELECT s.id, s.campaign, s.unit, s.period, s.sha256, s.source_path, s.received_at,
	s.outcome, s.late, ifnull(s.superseded_by, 0), ifnull(s.confirms, 0), s.created_at,
	(SELECT count(*) FROM findings f WHERE f.submission = s.id AND f.severity = 'error'),
	(SELECT count(*) FROM findings f WHERE f.submission = s.id AND f.severity = 'warning')
	FROM submissions s `

// queryStored lists submissions matching a WHERE clause on submissions s.
func queryStored(tx *sql.Tx, where string, args ...any) ([]Stored, error) {
	rows, err := tx.Query(storedColumns+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		var st Stored
		var received, created, outcome string
		if err := rows.Scan(&st.ID, &st.Campaign, &st.Unit, &st.Period, &st.SHA256, &st.SourcePath, &received,
			&outcome, &st.Late, &st.SupersededBy, &st.Confirms, &created, &st.Errors, &st.Warnings); err != nil {
			return nil, err
		}
		st.Outcome = Outcome(outcome)
		if st.ReceivedAt, err = parseTime(received); err != nil {
			return nil, err
		}
		if st.CreatedAt, err = parseTime(created); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Submissions lists the campaign's submissions for a period ("" for every period)
// in the order received (received time, then the order recorded).
func (s *Store) Submissions(campaign, period string) ([]Stored, error) {
	var out []Stored
	err := s.read("list submissions", func(tx *sql.Tx) error {
		var err error
		if period == "" {
			out, err = queryStored(tx, `WHERE s.campaign = ? ORDER BY s.received_at, s.id`, campaign)
			return err
		}
		// One period through the index: not every period's rows (status, issue 21).
		out, err = queryStored(tx, `WHERE s.campaign = ? AND s.period = ? ORDER BY s.received_at, s.id`,
			campaign, period)
		return err
	})
	return out, err
}

// Current lists, per unit in code order, the current (当前有效) submission of the
// campaign and period with its values. Units without accepted data are absent.
func (s *Store) Current(campaign, period string) ([]Current, error) {
	var out []Current
	err := s.read("current submissions", func(tx *sql.Tx) error {
		list, err := queryStored(tx, `WHERE s.campaign = ? AND s.period = ? AND s.outcome = 'accepted'
			AND s.superseded_by IS NULL ORDER BY s.unit`, campaign, period)
		if err != nil {
			return err
		}
		out = make([]Current, len(list))
		index := make(map[int64]int, len(list))
		for i, st := range list {
			out[i].Stored = st
			index[st.ID] = i
		}
		rows, err := tx.Query(`SELECT v.submission, v.indicator, ifnull(v.value, ''), ifnull(v.text, ''),
			ifnull(v.note, ''), v.cell
			FROM submissions s JOIN submission_values v ON v.submission = s.id
			WHERE s.campaign = ? AND s.period = ? AND s.outcome = 'accepted' AND s.superseded_by IS NULL
			ORDER BY v.submission, v.seq`, campaign, period)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var v Value
			if err := rows.Scan(&id, &v.Indicator, &v.Value, &v.Text, &v.Note, &v.Cell); err != nil {
				return err
			}
			if i, ok := index[id]; ok {
				out[i].Values = append(out[i].Values, v)
			}
		}
		return rows.Err()
	})
	return out, err
}

// LatestAttempt lists, per unit in code order, the unit's latest submission of any
// outcome for the campaign and period (latest received; ties by order recorded).
// Files whose unit could not be told are not listed.
func (s *Store) LatestAttempt(campaign, period string) ([]Stored, error) {
	var out []Stored
	err := s.read("latest attempts", func(tx *sql.Tx) error {
		var err error
		out, err = latestAttempts(tx, campaign, period)
		return err
	})
	return out, err
}

func latestAttempts(tx *sql.Tx, campaign, period string) ([]Stored, error) {
	return queryStored(tx, `WHERE s.campaign = ? AND s.period = ? AND s.unit <> ''
		AND s.id = (SELECT l.id FROM submissions l WHERE l.campaign = s.campaign AND l.period = s.period
			AND l.unit = s.unit ORDER BY l.received_at DESC, l.id DESC LIMIT 1)
		ORDER BY s.unit`, campaign, period)
}

// Status gives, per unit that has submitted for the campaign and period (in code
// order), what `tenglong status` shows. A unit with current data is accepted, even
// when a later correction was rejected or is pending (then Later is set); a unit
// without, that a held file claims, is pending; a unit with only rejected or
// unreadable files is rejected, showing its latest. The caller adds the units that
// have not submitted (missing).
func (s *Store) Status(campaign, period string) ([]UnitStatus, error) {
	var out []UnitStatus
	err := s.read("status", func(tx *sql.Tx) error {
		current, err := queryStored(tx, `WHERE s.campaign = ? AND s.period = ? AND s.outcome = 'accepted'
			AND s.superseded_by IS NULL`, campaign, period)
		if err != nil {
			return err
		}
		byUnit := make(map[string]Stored, len(current))
		for _, c := range current {
			byUnit[c.Unit] = c
		}
		latest, err := latestAttempts(tx, campaign, period)
		if err != nil {
			return err
		}
		held, err := heldCounts(tx, campaign, period)
		if err != nil {
			return err
		}
		for _, l := range latest {
			us := UnitStatus{Unit: l.Unit, State: string(Rejected), Shown: l, Pending: held[l.Unit]}
			if us.Pending > 0 {
				us.State = string(Pending)
			}
			if c, ok := byUnit[l.Unit]; ok {
				us.State, us.Shown = string(Accepted), c
				if l.ID != c.ID {
					later := l
					us.Later = &later
				}
			}
			out = append(out, us)
		}
		return nil
	})
	return out, err
}

// heldCounts is, per unit, how many of its files of the period are pending.
func heldCounts(tx *sql.Tx, campaign, period string) (map[string]int, error) {
	rows, err := tx.Query(`SELECT unit, count(*) FROM submissions
		WHERE campaign = ? AND period = ? AND outcome = 'pending' AND superseded_by IS NULL GROUP BY unit`, campaign, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var unit string
		var n int
		if err := rows.Scan(&unit, &n); err != nil {
			return nil, err
		}
		out[unit] = n
	}
	return out, rows.Err()
}

// AcceptedValues maps indicator id to the value of the unit's current submission for
// the campaign and period: the exact decimal text, or for a qualitative indicator its
// text (完成/未完成). Empty inputs are absent; the map is empty when the unit has no
// accepted submission. generate uses it with the previous period for 上期值.
func (s *Store) AcceptedValues(campaign, period, unit string) (map[string]string, error) {
	out := map[string]string{}
	err := s.read("accepted values", func(tx *sql.Tx) error {
		// Kept prepared (stmtcache.go): ingest asks this for every file.
		stmt, err := s.prepared(tx, `SELECT v.indicator, ifnull(v.value, ''), ifnull(v.text, '')
			FROM submissions s JOIN submission_values v ON v.submission = s.id
			WHERE s.campaign = ? AND s.period = ? AND s.unit = ? AND s.outcome = 'accepted'
			AND s.superseded_by IS NULL`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		rows, err := stmt.Query(campaign, period, unit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ind, value, text string
			if err := rows.Scan(&ind, &value, &text); err != nil {
				return err
			}
			switch {
			case value != "":
				out[ind] = value
			case text != "":
				out[ind] = text
			}
		}
		return rows.Err()
	})
	return out, err
}

// AcceptedUSCC maps each value of the given list columns (统一社会信用代码) in the
// current submissions of the campaign and period, other than exceptUnit's, to the
// unit that reported it (the first by unit code when several did). Values are
// compared exactly as stored: store them normalised (upper case, no spaces).
//
// It reads every such value of the period (1,300 units × 300 rows: about 0.5 s):
// to check one file at a time, use HeldByOthers.
func (s *Store) AcceptedUSCC(campaign, period, exceptUnit string, columns ...ListColumn) (map[string]string, error) {
	out := map[string]string{}
	err := s.scanAcceptedColumns(campaign, period, exceptUnit, columns, func(value, unit string) {
		if have, ok := out[value]; !ok || unit < have {
			out[value] = unit
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// AcceptedUSCCUnits maps each value of the given list columns in the current
// submissions of the campaign and period to every unit that reported it, in code order.
func (s *Store) AcceptedUSCCUnits(campaign, period string, columns ...ListColumn) (map[string][]string, error) {
	out := map[string][]string{}
	err := s.scanAcceptedColumns(campaign, period, "", columns, func(value, unit string) {
		units := out[value]
		i, found := slices.BinarySearch(units, unit)
		if !found {
			out[value] = slices.Insert(units, i, unit)
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// scanAcceptedColumns calls fn for every non-empty cell of the columns in the
// current submissions of the period, except those of exceptUnit.
func (s *Store) scanAcceptedColumns(campaign, period, exceptUnit string, columns []ListColumn, fn func(value, unit string)) error {
	return s.read("accepted list values", func(tx *sql.Tx) error {
		return scanCurrentColumns(tx, campaign, period, exceptUnit, columns, fn)
	})
}

func scanCurrentColumns(tx *sql.Tx, campaign, period, exceptUnit string, columns []ListColumn, fn func(value, unit string)) error {
	if len(columns) == 0 {
		return nil
	}
	var cond []string
	args := []any{campaign, period, exceptUnit}
	for _, c := range columns {
		cond = append(cond, "(c.list = ? AND c.col = ?)")
		args = append(args, c.List, c.Column)
	}
	rows, err := tx.Query(`SELECT r.value, s.unit
		FROM list_columns c CROSS JOIN submissions s JOIN submission_rows r ON r.submission = s.id AND r.column_id = c.id
		WHERE s.campaign = ? AND s.period = ? AND s.outcome = 'accepted' AND s.superseded_by IS NULL
		AND s.unit <> ? AND r.value IS NOT NULL AND (`+strings.Join(cond, " OR ")+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var value, unit string
	for rows.Next() {
		if err := rows.Scan(&value, &unit); err != nil {
			return err
		}
		fn(value, unit)
	}
	return rows.Err()
}

// Load returns a stored submission as it was recorded, with its values, rows, tasks
// and findings (rows by list and index; values, tasks and findings in the order given).
func (s *Store) Load(id int64) (Submission, error) {
	var sub Submission
	err := s.read("load submission", func(tx *sql.Tx) error {
		list, err := queryStored(tx, `WHERE s.id = ?`, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return fmt.Errorf("数据库 %s 里没有第 %d 号报送：%w", s.path, id, ErrNotFound)
		}
		st := list[0]
		sub = Submission{Campaign: st.Campaign, Unit: st.Unit, Period: st.Period, SHA256: st.SHA256,
			SourcePath: st.SourcePath, ReceivedAt: st.ReceivedAt, Late: st.Late, Outcome: st.Outcome}
		if sub.Values, err = loadValues(tx, id); err != nil {
			return err
		}
		if sub.Rows, err = loadRows(tx, id); err != nil {
			return err
		}
		if sub.Tasks, err = loadTasks(tx, id); err != nil {
			return err
		}
		sub.Findings, err = loadFindings(tx, id)
		return err
	})
	return sub, err
}

// Findings lists a submission's findings in the order recorded.
func (s *Store) Findings(id int64) ([]Finding, error) {
	var out []Finding
	err := s.read("findings", func(tx *sql.Tx) error {
		var err error
		out, err = loadFindings(tx, id)
		return err
	})
	return out, err
}

func loadValues(tx *sql.Tx, id int64) ([]Value, error) {
	rows, err := tx.Query(`SELECT indicator, ifnull(value, ''), ifnull(text, ''), ifnull(note, ''), cell
		FROM submission_values WHERE submission = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Value
	for rows.Next() {
		var v Value
		if err := rows.Scan(&v.Indicator, &v.Value, &v.Text, &v.Note, &v.Cell); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func loadRows(tx *sql.Tx, id int64) ([]Row, error) {
	rows, err := tx.Query(`SELECT c.list, c.col, r.row, ifnull(r.value, ''), r.cell
		FROM submission_rows r JOIN list_columns c ON c.id = r.column_id
		WHERE r.submission = ? ORDER BY c.list, r.row, c.col`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var list, col, value, ref string
		var index int
		if err := rows.Scan(&list, &col, &index, &value, &ref); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].List != list || out[n-1].Index != index {
			out = append(out, Row{List: list, Index: index, Values: map[string]Cell{}})
		}
		out[len(out)-1].Values[col] = Cell{Value: value, Cell: ref}
	}
	return out, rows.Err()
}

func loadTasks(tx *sql.Tx, id int64) ([]Task, error) {
	rows, err := tx.Query(`SELECT task, ifnull(status, ''), ifnull(progress, ''), cell
		FROM submission_tasks WHERE submission = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		var t Task
		if err := rows.Scan(&t.ID, &t.Status, &t.Progress, &t.Cell); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

func loadFindings(tx *sql.Tx, id int64) ([]Finding, error) {
	rows, err := tx.Query(`SELECT code, severity, sheet, cell, message FROM findings WHERE submission = ? ORDER BY seq`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Finding
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Code, &f.Severity, &f.Sheet, &f.Cell, &f.Message); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Audit lists audit entries matching the filter, oldest first.
func (s *Store) Audit(f AuditFilter) ([]AuditEntry, error) {
	var out []AuditEntry
	err := s.read("audit log", func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT id, at, action, campaign, ifnull(submission, 0), unit, period, sha256, detail,
			via, remote, link_unit
			FROM audit
			WHERE (? = '' OR campaign = ?) AND (? = '' OR period = ?) AND (? = '' OR unit = ?)
			AND (? = 0 OR submission = ?) AND (? = '' OR sha256 = ?)
			ORDER BY id`,
			f.Campaign, f.Campaign, f.Period, f.Period, f.Unit, f.Unit, f.Submission, f.Submission, f.SHA256, f.SHA256)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e AuditEntry
			var at, action string
			if err := rows.Scan(&e.ID, &at, &action, &e.Campaign, &e.Submission, &e.Unit, &e.Period, &e.SHA256, &e.Detail,
				&e.Origin.Via, &e.Origin.Remote, &e.Origin.LinkUnit); err != nil {
				return err
			}
			e.Action = Action(action)
			if e.At, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
