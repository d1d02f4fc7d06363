package store

import (
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// pointsLines shows entries as "#id unit/item points reason" for comparison.
func pointsLines(entries []PointsEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprintf("#%d %s %s %s/%s %s %s", e.ID, e.Campaign, e.Period, e.Unit, e.Item, e.Points, e.Reason))
	}
	return out
}

func totalLines(entries []TotalEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprintf("#%d %s %s %s %s %s", e.ID, e.Campaign, e.Period, e.Indicator, e.Value, e.Reason))
	}
	return out
}

func TestPoints(t *testing.T) {
	s, _ := openTemp(t)
	for _, e := range []PointsEntry{
		{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing", Item: "risk", Points: "2", Reason: "风险处置得力"},
		{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "nanxun", Item: "risk", Points: "1.5", Reason: "省级表扬"},
		{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing", Item: "bonus", Points: "-1", Reason: "通报批评"},
		// Corrects #1: the latest entry of a key is current.
		{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing", Item: "risk", Points: "2.50", Reason: "更正：按文件应为 2.5 分"},
		// Other periods and campaigns are not mixed in.
		{Campaign: "huzhou-2023", Period: "2023Q2", Unit: "wuxing", Item: "risk", Points: "9", Reason: "上季度"},
		{Campaign: "other", Period: "2023Q3", Unit: "wuxing", Item: "risk", Points: "8", Reason: "别的活动"},
	} {
		e.EnteredAt = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) // ignored: the store's clock counts
		got, err := s.SetPoints(e)
		if err != nil {
			t.Fatalf("SetPoints(%+v): %v", e, err)
		}
		if got.ID == 0 || !got.EnteredAt.Equal(t0) || got.Points != e.Points || got.Reason != e.Reason {
			t.Errorf("SetPoints returned %+v", got)
		}
	}
	for _, tc := range []struct {
		name string
		list func(campaign, period string) ([]PointsEntry, error)
		want []string
	}{
		{"current", s.Points, []string{
			"#2 huzhou-2023 2023Q3 nanxun/risk 1.5 省级表扬",
			"#3 huzhou-2023 2023Q3 wuxing/bonus -1 通报批评",
			"#4 huzhou-2023 2023Q3 wuxing/risk 2.50 更正：按文件应为 2.5 分",
		}},
		{"history", s.PointsHistory, []string{
			"#1 huzhou-2023 2023Q3 wuxing/risk 2 风险处置得力",
			"#2 huzhou-2023 2023Q3 nanxun/risk 1.5 省级表扬",
			"#3 huzhou-2023 2023Q3 wuxing/bonus -1 通报批评",
			"#4 huzhou-2023 2023Q3 wuxing/risk 2.50 更正：按文件应为 2.5 分",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.list("huzhou-2023", "2023Q3")
			if err != nil {
				t.Fatal(err)
			}
			if lines := pointsLines(got); !reflect.DeepEqual(lines, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
			}
			for _, e := range got {
				if !e.EnteredAt.Equal(t0) {
					t.Errorf("#%d entered at %v, want %v", e.ID, e.EnteredAt, t0)
				}
			}
		})
	}
	if got, err := s.Points("huzhou-2023", "2024Q1"); err != nil || len(got) != 0 {
		t.Errorf("Points of an empty period = %v, %v", got, err)
	}
}

func TestTotals(t *testing.T) {
	s, _ := openTemp(t)
	for _, e := range []TotalEntry{
		{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "land-total", Value: "1234.56", Reason: "市局口径"},
		{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "gdp-share", Value: "0.35", Reason: "统计局提供"},
		{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "land-total", Value: "1300", Reason: "更正：含开发区"},
		{Campaign: "huzhou-2023", Period: "2023Q2", Indicator: "land-total", Value: "1", Reason: "上季度"},
	} {
		got, err := s.SetTotal(e)
		if err != nil {
			t.Fatalf("SetTotal(%+v): %v", e, err)
		}
		if got.ID == 0 || !got.EnteredAt.Equal(t0) {
			t.Errorf("SetTotal returned %+v", got)
		}
	}
	for _, tc := range []struct {
		name string
		list func(campaign, period string) ([]TotalEntry, error)
		want []string
	}{
		{"current", s.Totals, []string{
			"#2 huzhou-2023 2023Q3 gdp-share 0.35 统计局提供",
			"#3 huzhou-2023 2023Q3 land-total 1300 更正：含开发区",
		}},
		{"history", s.TotalsHistory, []string{
			"#1 huzhou-2023 2023Q3 land-total 1234.56 市局口径",
			"#2 huzhou-2023 2023Q3 gdp-share 0.35 统计局提供",
			"#3 huzhou-2023 2023Q3 land-total 1300 更正：含开发区",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.list("huzhou-2023", "2023Q3")
			if err != nil {
				t.Fatal(err)
			}
			if lines := totalLines(got); !reflect.DeepEqual(lines, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestEntryValidation(t *testing.T) {
	s, _ := openTemp(t)
	p := PointsEntry{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing", Item: "risk", Points: "2", Reason: "理由"}
	tot := TotalEntry{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "land-total", Value: "2", Reason: "理由"}
	for _, tc := range []struct {
		name  string
		set   func() error
		error string
	}{
		{"points without campaign", func() error { e := p; e.Campaign = ""; _, err := s.SetPoints(e); return err }, "加分录入缺少考核活动"},
		{"points without period", func() error { e := p; e.Period = ""; _, err := s.SetPoints(e); return err }, "加分录入缺少期次"},
		{"points without unit", func() error { e := p; e.Unit = ""; _, err := s.SetPoints(e); return err }, "加分录入缺少单位"},
		{"points without item", func() error { e := p; e.Item = ""; _, err := s.SetPoints(e); return err }, "加分录入缺少计分项"},
		{"points without points", func() error { e := p; e.Points = ""; _, err := s.SetPoints(e); return err }, "加分录入缺少分值"},
		{"points not a number", func() error { e := p; e.Points = "两分"; _, err := s.SetPoints(e); return err }, `加分录入的分值 "两分" 不是数字`},
		{"points with spaces", func() error { e := p; e.Points = " 2"; _, err := s.SetPoints(e); return err }, "不是数字"},
		{"points like 1.2.3", func() error { e := p; e.Points = "1.2.3"; _, err := s.SetPoints(e); return err }, "不是数字"},
		{"points without reason", func() error { e := p; e.Reason = ""; _, err := s.SetPoints(e); return err }, "录入理由不能为空"},
		{"total without indicator", func() error { e := tot; e.Indicator = ""; _, err := s.SetTotal(e); return err }, "合计录入缺少指标"},
		{"total without value", func() error { e := tot; e.Value = ""; _, err := s.SetTotal(e); return err }, "合计录入缺少数值"},
		{"total not a number", func() error { e := tot; e.Value = "1e3"; _, err := s.SetTotal(e); return err }, `合计录入的数值 "1e3" 不是数字`},
		{"total without reason", func() error { e := tot; e.Reason = ""; _, err := s.SetTotal(e); return err }, "录入理由不能为空"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.set()
			if err == nil || !strings.Contains(err.Error(), tc.error) {
				t.Errorf("error = %v, want %q", err, tc.error)
			}
		})
	}
	for _, tb := range []string{"office_points", "office_totals"} {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM " + tb).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s has %d rows after refused entries (%v)", tb, n, err)
		}
	}
}

// TestEntriesAppendOnly: the tables refuse changes, whoever makes them, and the
// CHECKs hold even for SQL that bypasses SetPoints.
func TestEntriesAppendOnly(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.SetPoints(PointsEntry{Campaign: "c", Period: "p", Unit: "u", Item: "i", Points: "1", Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetTotal(TotalEntry{Campaign: "c", Period: "p", Indicator: "i", Value: "1", Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		stmt, want string
	}{
		{`UPDATE office_points SET points = '5'`, "append-only"},
		{`DELETE FROM office_points`, "append-only"},
		{`UPDATE office_totals SET value = '5'`, "append-only"},
		{`DELETE FROM office_totals`, "append-only"},
		{`INSERT INTO office_points (campaign, period, unit, item, points, reason, entered_at)
			VALUES ('c', 'p', 'u', 'i', '1,5', 'r', 'x')`, "CHECK"},
		{`INSERT INTO office_points (campaign, period, unit, item, points, reason, entered_at)
			VALUES ('c', 'p', 'u', 'i', '1', '', 'x')`, "CHECK"},
		{`INSERT INTO office_totals (campaign, period, indicator, value, reason, entered_at)
			VALUES ('c', 'p', 'i', '', 'r', 'x')`, "CHECK"},
	} {
		if _, err := s.db.Exec(tc.stmt); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.stmt, err, tc.want)
		}
	}
	points, err := s.PointsHistory("c", "p")
	if err != nil || len(points) != 1 || points[0].Points != "1" {
		t.Errorf("points after refused changes: %v, %v", pointsLines(points), err)
	}
	totals, err := s.TotalsHistory("c", "p")
	if err != nil || len(totals) != 1 || totals[0].Value != "1" {
		t.Errorf("totals after refused changes: %v, %v", totalLines(totals), err)
	}
}

// TestMigrateToOfficeEntries upgrades a database of schema version 2, holding a
// submission, to the current version (3 or later): the submission stays and office
// entries can be made.
func TestMigrateToOfficeEntries(t *testing.T) {
	if SchemaVersion() < 3 {
		t.Fatalf("SchemaVersion() = %d, want 3 or later", SchemaVersion())
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:2]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	rec := Recorded{ID: oldSubmission(t, old, put(t, old, "v2 file"), "wuxing", "2023Q3", "accepted")}
	old.Close()
	if got := schemaVersions(t, path); !equalInts(got, seq(2)) {
		t.Fatalf("before: schema versions %v", got)
	}

	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if got := schemaVersions(t, path); !equalInts(got, seq(SchemaVersion())) {
		t.Errorf("after: schema versions %v, want %v", got, seq(SchemaVersion()))
	}
	cur, err := s.Current("huzhou-2023", "2023Q3")
	if err != nil || len(cur) != 1 || cur[0].ID != rec.ID {
		t.Errorf("current after upgrade: %+v, %v", cur, err)
	}
	if _, err := s.SetPoints(PointsEntry{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing", Item: "risk",
		Points: "1", Reason: "升级后录入"}); err != nil {
		t.Fatalf("SetPoints after upgrade: %v", err)
	}
	if _, err := s.SetTotal(TotalEntry{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "land",
		Value: "1", Reason: "升级后录入"}); err != nil {
		t.Fatalf("SetTotal after upgrade: %v", err)
	}
	var objects int
	s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name LIKE 'office_%'`).Scan(&objects)
	if objects != 8 { // 2 tables, 2 indexes, 4 triggers
		t.Errorf("%d office_* schema objects, want 8", objects)
	}
}

// TestMigrateWordedTotals opens a store of the schema from just before worded totals
// got their own column, holding the sentinels --1 (完成) and --0 (未完成) and a number
// in office_totals.value, as the old tenglong wrote them. After the upgrade the
// answers are in text, value holds only numbers, ids and history are kept, the
// sentinels are gone and can no longer be written, and the append-only triggers hold.
func TestMigrateWordedTotals(t *testing.T) {
	at := -1
	for i, m := range migrations {
		if m.name == officeTotalsTextMigration {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no office totals text migration")
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"--1", "4.7", "--0"} {
		if _, err := old.db.Exec(`INSERT INTO office_totals (campaign, period, indicator, value, reason, entered_at)
			VALUES ('huzhou-2023', '2023Q3', 'energy-intensity-drop', ?, '旧版录入', '2023-10-12T09:00:00+08:00')`, v); err != nil {
			t.Fatalf("old store refuses %s: %v", v, err)
		}
	}
	old.Close()

	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	history, err := s.TotalsHistory("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(totalLines(history), " | "); !strings.Contains(got, "完成") || len(history) != 3 ||
		history[0].Value != TotalDone || history[1].Value != "4.7" || history[2].Value != TotalNotDone || history[2].ID != 3 {
		t.Errorf("history after upgrade: %s", got)
	}
	raw := map[string]string{}
	rows, err := s.db.Query(`SELECT id, ifnull(value, 'NULL'), ifnull(text, 'NULL') FROM office_totals ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, value, text string
		rows.Scan(&id, &value, &text)
		raw[id] = value + "/" + text
	}
	rows.Close()
	if want := map[string]string{"1": "NULL/完成", "2": "4.7/NULL", "3": "NULL/未完成"}; fmt.Sprint(raw) != fmt.Sprint(want) {
		t.Errorf("office_totals rows %v, want %v", raw, want)
	}
	if _, err := s.db.Exec(`INSERT INTO office_totals (campaign, period, indicator, value, reason, entered_at)
		VALUES ('c', 'p', 'i', '--1', 'r', 'x')`); err == nil {
		t.Error("a sentinel can still be written to value")
	}
	if _, err := s.db.Exec(`UPDATE office_totals SET reason = 'x'`); err == nil {
		t.Error("office_totals is no longer append-only")
	}
	e, err := s.SetTotal(TotalEntry{Campaign: "huzhou-2023", Period: "2023Q3", Indicator: "energy-intensity-drop", Value: TotalDone, Reason: "升级后录入"})
	if err != nil || e.ID != 4 {
		t.Fatalf("SetTotal 完成 after upgrade: %+v %v", e, err)
	}
	var text string
	s.db.QueryRow(`SELECT text FROM office_totals WHERE id = 4 AND value IS NULL`).Scan(&text)
	if text != TotalDone {
		t.Errorf("new worded total stored as %q", text)
	}
	if cur, _ := s.Totals("huzhou-2023", "2023Q3"); len(cur) != 1 || cur[0].Value != TotalDone {
		t.Errorf("current total %v", totalLines(cur))
	}
}
