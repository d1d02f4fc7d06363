package store

import (
	"path/filepath"
	"testing"
)

// TestMigrateMailUpward opens a store from just before the mail log took kind upward,
// with a template send logged: after the upgrade the row is kept with its id, upward
// can be logged, other kinds are still refused and the log is still append-only.
func TestMigrateMailUpward(t *testing.T) {
	at := -1
	for i, m := range migrations {
		if m.name == mailUpwardMigration {
			at = i
		}
	}
	if at < 0 {
		t.Fatal("no mail upward migration")
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := MailEntry{MailKey: MailKey{Campaign: "huzhou-2023-deqing", Period: "2023Q3", Unit: "wukang", Kind: "template"},
		MessageID: "tenglong.template.1@deqing.test", Recipient: "wk@deqing.test", State: MailSent}
	if err := old.LogMail(tmpl); err != nil {
		t.Fatal(err)
	}
	up := MailEntry{MailKey: MailKey{Campaign: "huzhou-2023-deqing", Period: "2023Q3", Unit: "deqing", Kind: "upward", Ref: "ab12"},
		MessageID: "tenglong.upward.1@deqing.test", Recipient: "jxj@huzhou.test", State: MailSent}
	if err := old.LogMail(up); err == nil {
		t.Fatal("the old schema took kind upward: the test does not test the migration")
	}
	old.Close()

	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	if err := s.LogMail(up); err != nil {
		t.Fatalf("log upward after the upgrade: %v", err)
	}
	bad := up
	bad.Kind = "gossip"
	if err := s.LogMail(bad); err == nil {
		t.Error("the mail log took an unknown kind")
	}
	got, err := s.MailStates("huzhou-2023-deqing", "2023Q3", "template")
	if err != nil || got[tmpl.MailKey].MessageID != tmpl.MessageID {
		t.Errorf("the template send did not survive the upgrade: %v %v", got, err)
	}
	var id int
	s.db.QueryRow(`SELECT id FROM mail_sent WHERE kind = 'template'`).Scan(&id)
	if id != 1 {
		t.Errorf("the template send has id %d after the upgrade, want 1", id)
	}
	if _, err := s.db.Exec(`UPDATE mail_sent SET state = 'failed'`); err == nil {
		t.Error("the rebuilt mail log can be updated")
	}
	for _, name := range []string{"mail_sent_by_key", "mail_sent_by_message_id"} {
		var n int
		s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = ?`, name).Scan(&n)
		if n != 1 {
			t.Errorf("index %s missing after the upgrade", name)
		}
	}
}
