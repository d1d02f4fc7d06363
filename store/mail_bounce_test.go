package store

import (
	"testing"
	"time"
)

// Bounces stand until the unit is sent to at another address; NextStep holds back a
// bounced address, reopens a bounced message at a corrected one, and keeps the rest
// of the outbox's states; the mail log is found by Message-ID and by whole address.
func TestBouncesAndNextStep(t *testing.T) {
	now := t0
	path := t.TempDir() + "/" + FileName
	db, err := Open(path, WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sha, _, err := db.PutFile([]byte("a bounce"))
	if err != nil {
		t.Fatal(err)
	}
	deqing := MailKey{Campaign: "hz", Period: "2023Q3", Unit: "deqing", Kind: "template"}
	anji := MailKey{Campaign: "hz", Period: "2023Q3", Unit: "anji", Kind: "template"}
	for _, e := range []MailEntry{
		{MailKey: deqing, MessageID: "t.1@hz", Recipient: "deqing@hz.test", State: MailSent},
		{MailKey: anji, MessageID: "t.2@hz", Recipient: "a@hz.test, b_1@hz.test", State: MailSent},
	} {
		if err := db.LogMail(e); err != nil {
			t.Fatal(err)
		}
	}
	lookups := []struct {
		name string
		got  func() (MailEntry, bool, error)
		unit string
	}{
		{"by id with <>", func() (MailEntry, bool, error) { return db.SentByMessageID("<t.2@hz>") }, "anji"},
		{"unknown id", func() (MailEntry, bool, error) { return db.SentByMessageID("x@hz") }, ""},
		{"second address", func() (MailEntry, bool, error) { return db.LatestSentTo("hz", "B_1@hz.test") }, "anji"},
		{"first address", func() (MailEntry, bool, error) { return db.LatestSentTo("hz", "a@hz.test") }, "anji"},
		{"a wildcard is no address", func() (MailEntry, bool, error) { return db.LatestSentTo("hz", "b%@hz.test") }, ""},
		{"part of an address", func() (MailEntry, bool, error) { return db.LatestSentTo("hz", "qing@hz.test") }, ""},
		{"another campaign", func() (MailEntry, bool, error) { return db.LatestSentTo("other", "a@hz.test") }, ""},
	}
	for _, l := range lookups {
		e, ok, err := l.got()
		if err != nil || ok != (l.unit != "") || e.Unit != l.unit {
			t.Errorf("%s: %+v %v %v, want unit %q", l.name, e, ok, err, l.unit)
		}
	}

	now = now.Add(time.Minute)
	if err := db.RecordBounce(Bounce{MailKey: deqing, MessageID: "t.1@hz", Recipient: "Deqing@hz.test", Detail: "550 no such user", SHA256: sha}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordBounce(Bounce{MailKey: MailKey{Campaign: "hz", Unit: "anji", Kind: "template"}, Recipient: "b_1@hz.test", SHA256: sha}); err != nil {
		t.Fatal(err)
	}
	bounces, err := db.Bounces("hz", "2023Q4") // the period-less one shows in every period
	if err != nil || len(bounces) != 1 || bounces[0].Unit != "anji" {
		t.Fatalf("2023Q4 bounces %+v %v", bounces, err)
	}
	bounces, _ = db.Bounces("hz", "2023Q3")
	if len(bounces) != 2 || bounces[0].Recipient != "deqing@hz.test" || bounces[0].Detail != "550 no such user" {
		t.Fatalf("2023Q3 bounces %+v", bounces)
	}
	sent, _ := db.MailStates("hz", "2023Q3", "template")
	steps := []struct {
		name   string
		key    MailKey
		to     []string
		resend bool
		want   Step
	}{
		{"bounced address", deqing, []string{"deqing@hz.test"}, false, StepBounced},
		{"corrected address reopens the bounced message", deqing, []string{"deqing2@hz.test"}, false, StepSend},
		{"one of two addresses bounced", anji, []string{"a@hz.test", "B_1@hz.test"}, false, StepBounced},
		{"sent and not bounced", anji, []string{"a@hz.test"}, false, StepSent},
		{"never sent", MailKey{Campaign: "hz", Period: "2023Q3", Unit: "nanxun", Kind: "template"}, []string{"n@hz.test"}, false, StepSend},
	}
	for _, s := range steps {
		last, logged := sent[s.key]
		if got, _ := NextStep(last, logged, bounces, s.key.Unit, s.to, s.resend); got != s.want {
			t.Errorf("%s: step %d, want %d", s.name, got, s.want)
		}
	}
	unknown := MailEntry{MailKey: deqing, State: MailSending}
	if got, _ := NextStep(unknown, true, nil, "deqing", []string{"d@hz.test"}, false); got != StepUnknown {
		t.Errorf("sending: step %d, want unknown", got)
	}
	if got, _ := NextStep(unknown, true, nil, "deqing", []string{"d@hz.test"}, true); got != StepSend {
		t.Errorf("sending with --resend-unknown: step %d, want send", got)
	}

	now = now.Add(time.Minute)
	if err := db.LogMail(MailEntry{MailKey: deqing, MessageID: "t.1@hz", Recipient: "deqing2@hz.test", State: MailSent}); err != nil {
		t.Fatal(err)
	}
	if err := db.LogMail(MailEntry{MailKey: anji, MessageID: "t.2@hz", Recipient: "a@hz.test, b_1@hz.test", State: MailSent}); err != nil {
		t.Fatal(err)
	}
	bounces, _ = db.Bounces("hz", "")
	if len(bounces) != 1 || bounces[0].Unit != "anji" {
		t.Errorf("after 德清县's address was corrected (and 安吉县 sent to the same again): %+v", bounces)
	}
}
