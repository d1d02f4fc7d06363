package store

import (
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PointsEntry is bonus or manual points the office entered for a unit on a scoring item.
type PointsEntry struct {
	ID        int64
	Campaign  string
	Period    string
	Unit      string
	Item      string // scoring item id
	Points    string // exact decimal text, e.g. "2.5" or "-1"
	Reason    string // why, in the office's words; required
	By        string // who entered it; "" in stores from before it was kept
	EnteredAt time.Time
}

// The answers a total with a worded target ({text: 完成省定目标}) takes instead of a
// number.
const (
	TotalDone    = "完成"
	TotalNotDone = "未完成"
)

// isAnswer says whether a total entry's value is a worded answer, stored in
// office_totals.text (stores from before that column kept the sentinels --1 and --0
// in value; the migration moved them).
func isAnswer(v string) bool { return v == TotalDone || v == TotalNotDone }

// TotalEntry is the office's own figure for an indicator whose total is taken from
// the office's entry (total rule given) rather than summed from the units.
type TotalEntry struct {
	ID        int64
	Campaign  string
	Period    string
	Indicator string
	Value     string // exact decimal text, or TotalDone / TotalNotDone
	Reason    string // required
	By        string // who entered it; "" in stores from before it was kept
	EnteredAt time.Time
}

// errNoReason is returned for an entry without a reason.
var errNoReason = errors.New("录入理由不能为空")

// checkEntry refuses an office entry with a missing field or a number that is not
// exact decimal text. fields are the required fields in order, name then value.
func checkEntry(kind, number, numberName string, fields ...string) error {
	for i := 0; i+1 < len(fields); i += 2 {
		if fields[i+1] == "" {
			return fmt.Errorf("%s缺少%s", kind, fields[i])
		}
	}
	if number == "" {
		return fmt.Errorf("%s缺少%s", kind, numberName)
	}
	if !decimalText.MatchString(number) {
		return fmt.Errorf("%s的%s %q 不是数字（只能写数字、小数点和负号，如 2.5 或 -1）", kind, numberName, number)
	}
	return nil
}

// SetPoints records points for (campaign, period, unit, item). It appends: an earlier
// entry for the same key stays in the history and the new one becomes current. It
// returns the entry with ID and EnteredAt (the store's clock, to the second) set;
// a caller's EnteredAt is ignored.
func (s *Store) SetPoints(e PointsEntry) (PointsEntry, error) {
	if err := checkEntry("加分录入", e.Points, "分值",
		"考核活动", e.Campaign, "期次", e.Period, "单位", e.Unit, "计分项", e.Item); err != nil {
		return PointsEntry{}, err
	}
	if e.Reason == "" {
		return PointsEntry{}, errNoReason
	}
	var err error
	e.ID, e.EnteredAt, err = s.appendEntry("set points", `INSERT INTO office_points
		(campaign, period, unit, item, points, reason, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Campaign, e.Period, e.Unit, e.Item, e.Points, e.Reason, e.By)
	if err != nil {
		return PointsEntry{}, err
	}
	return e, nil
}

// Points lists the current points of the campaign and period: the latest entry per
// (unit, item), ordered by unit, then item.
func (s *Store) Points(campaign, period string) ([]PointsEntry, error) {
	return s.queryPoints("points", `WHERE p.campaign = ? AND p.period = ?
		AND p.id = (SELECT max(q.id) FROM office_points q WHERE q.campaign = p.campaign AND q.period = p.period
			AND q.unit = p.unit AND q.item = p.item)
		ORDER BY p.unit, p.item`, campaign, period)
}

// PointsHistory lists every points entry of the campaign and period, superseded ones
// included, in the order entered.
func (s *Store) PointsHistory(campaign, period string) ([]PointsEntry, error) {
	return s.queryPoints("points history", `WHERE p.campaign = ? AND p.period = ? ORDER BY p.id`, campaign, period)
}

func (s *Store) queryPoints(op, where string, args ...any) ([]PointsEntry, error) {
	var out []PointsEntry
	err := s.read(op, func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT p.id, p.campaign, p.period, p.unit, p.item, p.points, p.reason, p.entered_by, p.entered_at
			FROM office_points p `+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e PointsEntry
			var at string
			if err := rows.Scan(&e.ID, &e.Campaign, &e.Period, &e.Unit, &e.Item, &e.Points, &e.Reason, &e.By, &at); err != nil {
				return err
			}
			if e.EnteredAt, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}

// SetTotal records the office's figure for (campaign, period, indicator). It appends
// like SetPoints: the latest entry is current, earlier ones stay as history.
func (s *Store) SetTotal(e TotalEntry) (TotalEntry, error) {
	number, value, text := e.Value, sql.NullString{String: e.Value, Valid: true}, sql.NullString{}
	if isAnswer(e.Value) {
		number, value, text = "0", sql.NullString{}, sql.NullString{String: e.Value, Valid: true} // checked as present, not as a number
	}
	if err := checkEntry("合计录入", number, "数值",
		"考核活动", e.Campaign, "期次", e.Period, "指标", e.Indicator); err != nil {
		return TotalEntry{}, err
	}
	if e.Reason == "" {
		return TotalEntry{}, errNoReason
	}
	var err error
	e.ID, e.EnteredAt, err = s.appendEntry("set total", `INSERT INTO office_totals
		(campaign, period, indicator, value, text, reason, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Campaign, e.Period, e.Indicator, value, text, e.Reason, e.By)
	if err != nil {
		return TotalEntry{}, err
	}
	return e, nil
}

// appendEntry inserts one office entry stamped with the store's clock (the stamp is
// the insert's last argument) and returns its id and time.
func (s *Store) appendEntry(op, insert string, args ...any) (int64, time.Time, error) {
	at := s.stamp()
	var id int64
	err := s.write(op, func(tx *sql.Tx) error {
		res, err := tx.Exec(insert, append(args, at)...)
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	t, err := parseTime(at)
	return id, t, err
}

// Totals lists the current office figures of the campaign and period: the latest
// entry per indicator, ordered by indicator.
func (s *Store) Totals(campaign, period string) ([]TotalEntry, error) {
	return s.queryTotals("totals", `WHERE t.campaign = ? AND t.period = ?
		AND t.id = (SELECT max(q.id) FROM office_totals q WHERE q.campaign = t.campaign AND q.period = t.period
			AND q.indicator = t.indicator)
		ORDER BY t.indicator`, campaign, period)
}

// TotalsHistory lists every total entry of the campaign and period, superseded ones
// included, in the order entered.
func (s *Store) TotalsHistory(campaign, period string) ([]TotalEntry, error) {
	return s.queryTotals("totals history", `WHERE t.campaign = ? AND t.period = ? ORDER BY t.id`, campaign, period)
}

func (s *Store) queryTotals(op, where string, args ...any) ([]TotalEntry, error) {
	var out []TotalEntry
	err := s.read(op, func(tx *sql.Tx) error {
		rows, err := tx.Query(`SELECT t.id, t.campaign, t.period, t.indicator, coalesce(t.text, t.value), t.reason, t.entered_by, t.entered_at
			FROM office_totals t `+where, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e TotalEntry
			var at string
			if err := rows.Scan(&e.ID, &e.Campaign, &e.Period, &e.Indicator, &e.Value, &e.Reason, &e.By, &at); err != nil {
				return err
			}
			if e.EnteredAt, err = parseTime(at); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out, err
}
