package store

import (
	"path/filepath"
	"slices"
	"testing"
)

// An office entry keeps who entered it; entries of a store from before that was kept
// read with no one, and new ones keep theirs after the upgrade.
func TestEntriesBy(t *testing.T) {
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == entriesByMigration })
	if at < 0 {
		t.Fatal("no entries-by migration")
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.db.Exec(`INSERT INTO office_points (campaign, period, unit, item, points, reason, entered_at)
		VALUES ('c', '2015Q4', 'xinghai', 'risk', '2', '旧的', '2015-12-20T09:00:00+08:00')`); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.SetPoints(PointsEntry{Campaign: "c", Period: "2015Q4", Unit: "xinghai", Item: "risk", Points: "3", Reason: "新的", By: "张三"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetTotal(TotalEntry{Campaign: "c", Period: "2015Q4", Indicator: "growth", Value: TotalDone, Reason: "快报", By: "王五"}); err != nil {
		t.Fatal(err)
	}
	history, err := s.PointsHistory("c", "2015Q4")
	if err != nil || len(history) != 2 || history[0].By != "" || history[1].By != "张三" {
		t.Errorf("points history %+v %v", history, err)
	}
	totals, err := s.Totals("c", "2015Q4")
	if err != nil || len(totals) != 1 || totals[0].By != "王五" || totals[0].Value != TotalDone {
		t.Errorf("totals %+v %v", totals, err)
	}
}
