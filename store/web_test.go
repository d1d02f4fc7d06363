package store

import (
	"path/filepath"
	"slices"
	"testing"
)

// Portal links start at generation 1; revoking stops the current one, re-issuing
// moves to the next generation and un-revokes; settings replace their value.
func TestPortalLinksAndSettings(t *testing.T) {
	s, _ := openTemp(t)
	l, err := s.PortalLinkOf("c", "2023Q3", "wuxing")
	if err != nil || l.Generation != 1 || l.Revoked {
		t.Fatalf("fresh link = %+v, %v", l, err)
	}
	steps := []struct {
		op      func(string, string, string) (PortalLink, error)
		gen     int
		revoked bool
	}{
		{s.RevokePortalLink, 1, true},
		{s.ReissuePortalLink, 2, false},
		{s.ReissuePortalLink, 3, false},
		{s.RevokePortalLink, 3, true},
	}
	for i, st := range steps {
		l, err := st.op("c", "2023Q3", "wuxing")
		if err != nil || l.Generation != st.gen || l.Revoked != st.revoked {
			t.Errorf("step %d: %+v, %v; want generation %d revoked %v", i, l, err, st.gen, st.revoked)
		}
	}
	if other, _ := s.PortalLinkOf("c", "2023Q4", "wuxing"); other.Generation != 1 || other.Revoked {
		t.Errorf("another period's link changed: %+v", other)
	}
	if _, ok, _ := s.Setting("office-password"); ok {
		t.Error("a setting is set in a new store")
	}
	for _, v := range []string{"a", "b"} {
		if err := s.SetSetting("office-password", v); err != nil {
			t.Fatal(err)
		}
	}
	if v, ok, err := s.Setting("office-password"); v != "b" || !ok || err != nil {
		t.Errorf("setting = %q %v %v", v, ok, err)
	}
}

// A submission's origin (web door, remote address, the portal link's unit) is on its
// audit entry, and on a duplicate's.
func TestAuditOrigin(t *testing.T) {
	s, _ := openTemp(t)
	sha := put(t, s, "bytes")
	o := Origin{Via: "portal", Remote: "192.0.2.7:5555", LinkUnit: "wuxing"}
	sub := Submission{Campaign: "c", Unit: "wuxing", Period: "2023Q3", SHA256: sha, SourcePath: "a.xlsx",
		ReceivedAt: t0, Outcome: Rejected, Origin: o}
	if _, err := s.RecordSubmission(sub); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordSubmission(sub); err != nil {
		t.Fatal(err)
	}
	entries, err := s.Audit(AuditFilter{Campaign: "c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries, want 2", len(entries))
	}
	for _, e := range entries {
		if e.Origin != o {
			t.Errorf("%s entry origin %+v, want %+v", e.Action, e.Origin, o)
		}
	}
}

// A store from before the web migration upgrades: its audit entries keep their text
// with an empty origin, and links and settings work at once.
func TestMigrateWeb(t *testing.T) {
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == webMigration })
	if at < 0 {
		t.Fatal("no web migration")
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	sha := put(t, old, "bytes")
	if _, err := old.RecordSubmission(Submission{Campaign: "c", Unit: "wuxing", Period: "2023Q3", SHA256: sha,
		SourcePath: "a.xlsx", ReceivedAt: t0, Outcome: Rejected}); err != nil {
		t.Fatal(err)
	}
	old.Close()
	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	entries, err := s.Audit(AuditFilter{})
	if err != nil || len(entries) != 2 {
		t.Fatalf("audit after the upgrade: %d entries, %v", len(entries), err)
	}
	for _, e := range entries {
		if e.Origin != (Origin{}) || e.Detail == "" {
			t.Errorf("entry %s: origin %+v detail %q", e.Action, e.Origin, e.Detail)
		}
	}
	if l, err := s.RevokePortalLink("c", "2023Q3", "wuxing"); err != nil || !l.Revoked {
		t.Errorf("revoke after the upgrade: %+v %v", l, err)
	}
	if err := s.SetSetting("office-password", "x"); err != nil {
		t.Error(err)
	}
}
