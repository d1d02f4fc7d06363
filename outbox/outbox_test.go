package outbox

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
)

// A dry run decides every message as a real run would, from the mail log and the
// bounces, sends nothing, logs nothing, and reports each message once with its line.
func TestDeliverDryRun(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := &campaign.Campaign{ID: "huzhou-2023", Mail: &campaign.Mail{From: "办公室 <office@huzhou.test>"}}
	key := func(unit string) store.MailKey {
		return store.MailKey{Campaign: c.ID, Period: "2023Q3", Unit: unit, Kind: "template"}
	}
	log := func(unit string, state store.MailState) {
		t.Helper()
		e := store.MailEntry{MailKey: key(unit), MessageID: MessageID(key(unit), c.Mail.From), Recipient: unit + "@huzhou.test", State: state}
		if err := db.LogMail(e); err != nil {
			t.Fatal(err)
		}
	}
	log("wuxing", store.MailSent)
	log("nanxun", store.MailSending)
	log("changxing", store.MailFailed)
	bounceSHA, _, err := db.PutFile([]byte("the bounce"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.RecordBounce(store.Bounce{SHA256: bounceSHA, MailKey: store.MailKey{Campaign: c.ID, Period: "2023Q2", Unit: "anji", Kind: "remind"},
		Recipient: "anji@huzhou.test", Detail: "550 no such user"}); err != nil {
		t.Fatal(err)
	}
	msg := func(unit, to string) Message {
		return Message{Key: key(unit), UnitName: unit + "名", To: to, Draft: mail.Draft{To: to, Subject: "模板"}}
	}
	msgs := []Message{
		msg("wuxing", "wuxing@huzhou.test"),
		msg("nanxun", "nanxun@huzhou.test"),
		msg("deqing", "not an address"),
		msg("changxing", "changxing@huzhou.test"),
		msg("anji", "anji@huzhou.test"),
	}
	for _, tc := range []struct {
		name          string
		resendUnknown bool
		states        []string
		lines         []string // part of each message's line, "" for none
	}{
		{name: "as logged", states: []string{"sent-before", "unknown", "bad-address", "planned", "bounced"},
			lines: []string{"", "状态不明  nanxun名", "没有发送  deqing名", "将发送模板  changxing名  →  changxing@huzhou.test", "投递失败  anji名：之前发往 anji@huzhou.test 的邮件被退信（550 no such user）"}},
		{name: "resend unknown", resendUnknown: true, states: []string{"sent-before", "planned", "bad-address", "planned", "bounced"},
			lines: []string{"", "将发送模板  nanxun名", "没有发送", "将发送模板", "投递失败"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var states, lines []string
			sum, err := Deliver(c, db, mail.Server{Host: "127.0.0.1", Port: 1}, msgs, Options{DryRun: true, ResendUnknown: tc.resendUnknown, Verb: "模板",
				Now: func() time.Time { return time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC) },
				Progress: func(r Result, line string) {
					states = append(states, r.State)
					lines = append(lines, line)
				}})
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(states, " ") != strings.Join(tc.states, " ") {
				t.Errorf("states %v, want %v", states, tc.states)
			}
			for i, want := range tc.lines {
				if i >= len(lines) || (want == "") != (lines[i] == "") || !strings.Contains(lines[i], want) {
					t.Errorf("line %d: %q, want one with %q", i, lines[i], want)
				}
			}
			if len(sum.Messages) != len(msgs) || sum.Sent != 0 {
				t.Errorf("summary %+v", sum)
			}
			if got := len(sum.Failed()); got != 2 {
				t.Errorf("%d failed, want 2 (the bad address and the bounced one)", got)
			}
			after, err := db.MailStates(c.ID, "2023Q3", "template")
			if err != nil {
				t.Fatal(err)
			}
			if after[key("changxing")].State != store.MailFailed || after[key("nanxun")].State != store.MailSending {
				t.Errorf("a dry run changed the mail log: %+v", after)
			}
		})
	}
}

// The Message-ID depends on the message's key alone, and takes the sender's domain.
func TestMessageID(t *testing.T) {
	k := store.MailKey{Campaign: "c", Period: "2023Q3", Unit: "anji", Kind: "remind", Ref: "1"}
	a, b := MessageID(k, "办公室 <office@huzhou.test>"), MessageID(k, "office@huzhou.test")
	k.Ref = "2"
	if a != b || !strings.HasSuffix(a, "@huzhou.test") || !strings.HasPrefix(a, "tenglong.remind.") || MessageID(k, "office@huzhou.test") == a {
		t.Errorf("message ids %q %q %q", a, b, MessageID(k, "office@huzhou.test"))
	}
}
