package store

import (
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// oldSubmission writes a submission row as the schemas before pending files did
// (no confirms column), with a finding and an audit entry: what an old store holds.
func oldSubmission(t *testing.T, s *Store, sha, unit, period, outcome string) int64 {
	t.Helper()
	var id int64
	s.db.QueryRow(`SELECT ifnull(max(id), 0) + 1 FROM submissions`).Scan(&id)
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO submissions (id, campaign, unit, period, sha256, source_path, received_at, outcome, late, created_at)
			VALUES (?, 'huzhou-2023', ?, ?, ?, 'old.xlsx', '2023-10-05T09:30:00Z', ?, 0, '2023-10-05T09:30:00Z')`,
			[]any{id, unit, period, sha, outcome}},
		{`INSERT INTO findings (submission, seq, code, severity, sheet, cell, message) VALUES (?, 0, 'value-empty', 'warning', '指标填报', 'H5', '空')`, []any{id}},
		{`INSERT INTO audit (at, action, campaign, submission, unit, period, sha256, detail)
			VALUES ('2023-10-05T09:30:00Z', ?, 'huzhou-2023', ?, ?, ?, ?, 'old')`, []any{outcome, id, unit, period, sha}},
	} {
		if _, err := s.db.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("old submission: %v", err)
		}
	}
	return id
}

// A store of the schema before pending files (version 5) upgrades: its submissions,
// findings and audit entries stay with their ids, the audit log is still append-only,
// one current submission per unit is still enforced, and a pending file can be held.
func TestMigrateToPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:5]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	acc := oldSubmission(t, old, put(t, old, "accepted file"), "wuxing", "2023Q3", "accepted")
	rej := oldSubmission(t, old, put(t, old, "rejected file"), "nanxun", "2023Q3", "rejected")
	before := counts(t, old)
	old.Close()

	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if got := counts(t, s); len(got) != len(before) || got["submissions"] != 2 || got["findings"] != 2 || got["audit"] != before["audit"] {
		t.Errorf("rows after upgrade %v, before %v", got, before)
	}
	status, err := s.Status("huzhou-2023", "2023Q3")
	if err != nil || len(status) != 2 || status[0].Shown.ID != rej || status[1].Shown.ID != acc || status[1].State != "accepted" {
		t.Errorf("status after upgrade: %+v, %v", status, err)
	}
	if _, err := s.db.Exec(`DELETE FROM audit`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("audit delete after upgrade: %v, want refused", err)
	}
	if _, err := s.db.Exec(`INSERT INTO submissions (id, campaign, unit, period, sha256, source_path, received_at, outcome, late, created_at)
		SELECT 99, campaign, unit, period, sha256, 'x', received_at, 'accepted', 0, created_at FROM submissions WHERE id = ?`, acc); err == nil {
		t.Error("a second current submission of wuxing (same bytes) was allowed after the upgrade")
	}
	var fk bool
	s.db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	if !fk {
		t.Error("foreign keys are off after the upgrade")
	}
	sub := fixture(put(t, s, "held file"), "deqing", "2023Q3", t0)
	sub.Outcome = Pending
	if rec := record(t, s, sub); rec.Outcome != Pending {
		t.Errorf("pending after upgrade: %+v", rec)
	}
}

// heldFixture is a pending file claiming unit.
func heldFixture(t *testing.T, s *Store, data, unit string) Submission {
	sub := fixture(put(t, s, data), unit, "2023Q3", t0, "1")
	sub.Outcome, sub.Findings = Pending, []Finding{{Code: "metadata-missing", Severity: SeverityError, Message: "没有模板信息"}}
	return sub
}

// A pending file is never current and replaces nothing; status shows it; the unit's
// later accepted return resolves it; the office's confirmation judges the same bytes
// again, once, and is audited with who and why under both units.
func TestPendingAndConfirm(t *testing.T) {
	s, _ := openTemp(t)
	genuine := record(t, s, fixture(put(t, s, "nanxun genuine"), "nanxun", "2023Q3", t0, "5"))
	forged := record(t, s, heldFixture(t, s, "forged as nanxun", "nanxun"))
	if forged.Outcome != Pending || forged.Supersedes != 0 {
		t.Fatalf("forged: %+v", forged)
	}
	cur, _ := s.Current("huzhou-2023", "2023Q3")
	if len(cur) != 1 || cur[0].ID != genuine.ID {
		t.Errorf("current after a pending file: %+v", cur)
	}
	status, _ := s.Status("huzhou-2023", "2023Q3")
	if len(status) != 1 || status[0].State != "accepted" || status[0].Pending != 1 || status[0].Later == nil || status[0].Later.ID != forged.ID {
		t.Errorf("status of nanxun: %+v", status)
	}

	held := record(t, s, heldFixture(t, s, "deqing without metadata", "deqing"))
	status, _ = s.Status("huzhou-2023", "2023Q3")
	if len(status) != 2 || status[0].Unit != "deqing" || status[0].State != "pending" || status[0].Pending != 1 {
		t.Errorf("status of deqing: %+v", status)
	}
	// The same bytes again: a duplicate of the pending file.
	again := heldFixture(t, s, "deqing without metadata", "deqing")
	if rec := record(t, s, again); rec.Outcome != Duplicate || rec.Earlier.ID != held.ID || rec.Earlier.Outcome != Pending {
		t.Errorf("again: %+v", rec)
	}

	// Confirmed as 德清县.
	conf := fixture(again.SHA256, "deqing", "2023Q3", t0, "7")
	conf.Findings = nil
	rec, err := s.Confirm(held.ID, conf, Confirmation{By: "张三", Reason: "电话核实"})
	if err != nil || rec.Outcome != Accepted {
		t.Fatalf("confirm: %+v %v", rec, err)
	}
	if _, err := s.Confirm(held.ID, conf, Confirmation{By: "张三", Reason: "again"}); !errors.Is(err, ErrNotHeld) {
		t.Errorf("second confirm: %v, want ErrNotHeld", err)
	}
	if got, _ := s.BySHA256("huzhou-2023", conf.SHA256); got == nil || got.ID != rec.ID || got.Confirms != held.ID {
		t.Errorf("BySHA256 after confirm: %+v, want the confirmation", got)
	}
	if list, _ := s.BySHAPrefix("huzhou-2023", conf.SHA256[:8]); len(list) != 2 || list[0].ID != held.ID || list[1].ID != rec.ID {
		t.Errorf("BySHAPrefix: %+v", list)
	}
	if list, _ := s.BySHAPrefix("huzhou-2023", "xyz"); len(list) != 0 {
		t.Errorf("BySHAPrefix of non-hex: %+v", list)
	}
	status, _ = s.Status("huzhou-2023", "2023Q3")
	if status[0].State != "accepted" || status[0].Pending != 0 || status[0].Shown.ID != rec.ID {
		t.Errorf("deqing after confirm: %+v", status[0])
	}
	got := auditActions(t, s, AuditFilter{Unit: "deqing"})
	want := "pending #" + itoa(held.ID) + ",duplicate #" + itoa(held.ID) + ",confirmed #" + itoa(held.ID) + ",accepted #" + itoa(rec.ID)
	if strings.Join(got, ",") != want {
		t.Errorf("deqing audit %v, want %s", got, want)
	}
	entries, _ := s.Audit(AuditFilter{Unit: "deqing", Submission: held.ID})
	if d := entries[len(entries)-1].Detail; !strings.Contains(d, "张三") || !strings.Contains(d, "电话核实") {
		t.Errorf("confirm detail %q lacks who and why", d)
	}

	// 南浔区 sends a corrected genuine return: the forged file no longer waits.
	corr := record(t, s, fixture(put(t, s, "nanxun correction"), "nanxun", "2023Q3", t0, "6"))
	status, _ = s.Status("huzhou-2023", "2023Q3")
	if status[1].Unit != "nanxun" || status[1].Pending != 0 || status[1].Shown.ID != corr.ID {
		t.Errorf("nanxun after its correction: %+v", status[1])
	}
	late := fixture(put(t, s, "forged as nanxun"), "nanxun", "2023Q3", t0, "1")
	late.Findings = nil
	if _, err := s.Confirm(forged.ID, late, Confirmation{By: "x", Reason: "y"}); !errors.Is(err, ErrNotHeld) {
		t.Errorf("confirming a superseded pending file: %v", err)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
