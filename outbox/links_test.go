package outbox

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/store"
	"tenglong/workbook"
)

// linkSentence is what the builtin mail-body.txt and remind bodies say before the link.
const linkSentence = "也可以直接在网页上下载模板、上传填好的文件："

// huzhou is the huzhou-2023 seed with a contact address for every unit.
func huzhou(t *testing.T) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get("huzhou-2023")
	if !ok {
		t.Fatal("no huzhou-2023 seed")
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	for i := range c.Units {
		c.Units[i].Contact.Email = c.Units[i].Code + "@huzhou.test"
	}
	return c
}

// Send's and remind's mail bodies carry the unit's own link when Links has one, in
// one Chinese sentence, and nothing of it when it has none (revoked, or no address).
func TestMessagesCarryTheUnitsLink(t *testing.T) {
	c := huzhou(t)
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	units := Units(c)
	dir := t.TempDir()
	for _, u := range units {
		name := workbook.TemplateFileName(u.Number, len(c.Units), u.Name, p)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("xlsx of "+u.Code), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	drafts, err := NewDrafts("", c, p, p.Deadline(c.Deadline))
	if err != nil {
		t.Fatal(err)
	}
	first, second := units[0].Code, units[1].Code
	links := Links{first: "http://10.1.2.3:8080/u/TOKENOFFIRST/", second: "http://10.1.2.3:8080/u/TOKENOFSECOND/"}
	before := time.Date(2023, 10, 1, 9, 0, 0, 0, time.UTC)
	after := time.Date(2023, 11, 1, 9, 0, 0, 0, time.UTC)
	bodies := func(t *testing.T, kind string, links Links) map[string]string {
		t.Helper()
		var msgs []Message
		switch kind {
		case "template":
			msgs, _, err = TemplateMessages(c, p, dir, units, drafts, links)
		case "remind-before", "remind-after":
			at := before
			if kind == "remind-after" {
				at = after
			}
			var rs *Reminders
			rs, err = RemindMessages("", c, db, p, at, links)
			if rs != nil {
				msgs = rs.Messages
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, m := range msgs {
			out[m.Key.Unit] = m.Draft.Body
		}
		if len(out) != len(c.Units) {
			t.Fatalf("%d messages for %d units", len(out), len(c.Units))
		}
		return out
	}
	for _, kind := range []string{"template", "remind-before", "remind-after"} {
		t.Run(kind, func(t *testing.T) {
			got := bodies(t, kind, links)
			for unit, body := range got {
				want, has := links[unit]
				switch {
				case has && !strings.Contains(body, linkSentence+want):
					t.Errorf("%s's mail does not carry its link %s:\n%s", unit, want, body)
				case !has && (strings.Contains(body, linkSentence) || strings.Contains(body, "/u/")):
					t.Errorf("%s has no link but its mail speaks of one:\n%s", unit, body)
				}
				for other, l := range links {
					if other != unit && strings.Contains(body, l) {
						t.Errorf("%s's mail carries %s's link", unit, other)
					}
				}
			}
			for unit, body := range bodies(t, kind, nil) {
				if strings.Contains(body, linkSentence) {
					t.Errorf("no links known, yet %s's mail has the sentence:\n%s", unit, body)
				}
				// Without a link the wording is as it was: no empty line left in its place.
				if strings.Contains(body, "\n\n\n") {
					t.Errorf("%s's mail without a link has an empty line too many:\n%q", unit, body)
				}
			}
		})
	}
}

// Note says how many units' mails carry a link and how many links are revoked.
func TestLinksNote(t *testing.T) {
	tests := []struct {
		links Links
		units int
		want  string
	}{
		{nil, 6, ""},
		{Links{"a": "u", "b": "v"}, 2, "邮件正文附上各单位本期的网页填报链接（2 个单位）。"},
		{Links{"a": "u"}, 3, "邮件正文附上各单位本期的网页填报链接（1 个单位；另有 2 个单位的链接已停用，不附）。"},
	}
	for _, tc := range tests {
		if got := tc.links.Note(tc.units); got != tc.want {
			t.Errorf("%v of %d: %q, want %q", tc.links, tc.units, got, tc.want)
		}
	}
}
