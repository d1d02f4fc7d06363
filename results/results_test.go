package results

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/seeds"
	"tenglong/store"
)

// Assemble reads a period as the store holds it: the accepted return's values, a
// rejected return counts as rejected (no figures), a held one as missing, the period
// before is the comparison, and the JSON document says the same.
func TestAssemble(t *testing.T) {
	data, ok := seeds.Get("huzhou-2023")
	if !ok {
		t.Fatal("no seed huzhou-2023")
	}
	c, probs := campaign.Load(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	db := emptyStore(t)
	at := time.Date(2023, 10, 8, 1, 0, 0, 0, time.UTC) // 09:00 in Asia/Shanghai
	record := func(unit, period string, outcome store.Outcome, value string) {
		t.Helper()
		sha, _, err := db.PutFile([]byte(unit + period + string(outcome) + value))
		if err != nil {
			t.Fatal(err)
		}
		sub := store.Submission{Campaign: c.ID, Unit: unit, Period: period, SHA256: sha, SourcePath: unit + ".xlsx", ReceivedAt: at, Outcome: outcome}
		if value != "" {
			sub.Values = []store.Value{{Indicator: "inefficient-firms", Value: value, Cell: "G8"}}
		}
		if outcome != store.Accepted {
			sub.Findings = []store.Finding{{Code: "x", Severity: "error", Message: "x"}}
		}
		if _, err := db.RecordSubmission(sub); err != nil {
			t.Fatal(err)
		}
	}
	record("anji", "2023Q2", store.Accepted, "100")
	record("anji", "2023Q3", store.Accepted, "200")
	record("deqing", "2023Q3", store.Rejected, "")
	record("nanxun", "2023Q3", store.Pending, "")

	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Assemble(c, db, p)
	if err != nil {
		t.Fatal(err)
	}
	k := r.Consolidation
	if k.Compared == nil || k.Compared.String() != "2023Q2" {
		t.Errorf("compared with %v, want 2023Q2", k.Compared)
	}
	want := map[string]score.State{"anji": score.StateAccepted, "deqing": score.StateRejected, "nanxun": score.StateMissing, "wuxing": score.StateMissing}
	for unit, state := range want {
		if got := k.Submission(unit).State; got != state {
			t.Errorf("%s is %s, want %s", unit, got, state)
		}
	}
	if r.Scores == nil {
		t.Fatal("no scores")
	}

	raw, err := json.Marshal(NewConsolidationDoc(k))
	if err != nil {
		t.Fatal(err)
	}
	var doc ConsolidationDoc
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Period != "2023Q3" || doc.Compared == nil || *doc.Compared != "2023Q2" {
		t.Errorf("period %q compared with %v", doc.Period, doc.Compared)
	}
	var anji *CellDoc
	for _, in := range doc.Indicators {
		if in.ID == "inefficient-firms" {
			for i := range in.Units {
				if in.Units[i].Code == "anji" {
					anji = &in.Units[i]
				}
			}
		}
	}
	if anji == nil || anji.Actual == nil || *anji.Actual != "200" || anji.Change == nil || anji.Change.Actual == nil || *anji.Change.Actual != "100" {
		t.Errorf("安吉县's 高耗低效整治企业数: %s", jsonOf(anji))
	}
	for _, s := range doc.Submissions {
		if string(want[s.Code]) != "" && s.State != string(want[s.Code]) {
			t.Errorf("submission %s: %s, want %s", s.Code, s.State, want[s.Code])
		}
		if s.Code == "anji" && (s.ReceivedAt == nil || *s.ReceivedAt != "2023-10-08T09:00:00+08:00") {
			t.Errorf("anji received at %v, want 2023-10-08T09:00:00+08:00 (the campaign's time zone)", s.ReceivedAt)
		}
	}
	if line := ToEnterLine(k); line != "" && !strings.HasPrefix(line, "还待办公室录入：") {
		t.Errorf("ToEnterLine: %q", line)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// emptyStore is a new store in the test's temporary folder, closed when the test ends.
func emptyStore(t *testing.T) *store.Store {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
