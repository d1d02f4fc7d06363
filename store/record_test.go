package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// PutFileHashed stores the bytes under the caller's hash as PutFile would under its
// own, and refuses a hash that is not lowercase hex.
func TestPutFileHashed(t *testing.T) {
	s, _ := openTemp(t)
	data := []byte("PK\x03\x04 hashed by the reader")
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	for i, want := range []bool{false, true} {
		existed, err := s.PutFileHashed(data, sha)
		if err != nil || existed != want {
			t.Fatalf("call %d: existed %v, %v; want %v", i, existed, err, want)
		}
	}
	if got, err := s.File(sha); err != nil || !bytes.Equal(got, data) {
		t.Errorf("File = %q, %v", got, err)
	}
	if _, existed, err := s.PutFile(data); err != nil || !existed {
		t.Errorf("PutFile of the same bytes: existed %v, %v", existed, err)
	}
	for _, bad := range []string{"", strings.ToUpper(sha), sha[:63], sha + "0"} {
		if _, err := s.PutFileHashed(data, bad); err == nil {
			t.Errorf("PutFileHashed(%q) stored", bad)
		}
	}
}

func TestPutFile(t *testing.T) {
	s, _ := openTemp(t)
	big := bytes.Repeat([]byte{0x50, 0x4b, 0x03, 0x04, 0}, 50_000)
	for _, tc := range []struct {
		name        string
		data        []byte
		wantExisted bool
	}{
		{"new file", []byte("PK\x03\x04 workbook"), false},
		{"same bytes again", []byte("PK\x03\x04 workbook"), true},
		{"empty file", nil, false},
		{"empty again", []byte{}, true},
		{"250 KB", big, false},
		{"250 KB again", big, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := counts(t, s)
			sha, existed, err := s.PutFile(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(tc.data)
			if sha != hex.EncodeToString(sum[:]) {
				t.Errorf("sha = %s", sha)
			}
			if existed != tc.wantExisted {
				t.Errorf("existed = %v, want %v", existed, tc.wantExisted)
			}
			got, err := s.File(sha)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tc.data) {
				t.Errorf("File returned %d bytes, want %d", len(got), len(tc.data))
			}
			after := counts(t, s)
			grew := 0
			if !tc.wantExisted {
				grew = 1
			}
			if after["files"] != before["files"]+grew || after["audit"] != before["audit"]+grew {
				t.Errorf("files %d→%d, audit %d→%d; want +%d each", before["files"], after["files"], before["audit"], after["audit"], grew)
			}
		})
	}
	if _, err := s.File(strings.Repeat("0", 64)); !errors.Is(err, ErrNotFound) {
		t.Errorf("File(unknown) error = %v, want ErrNotFound", err)
	}
}

// TestRecordRoundTrip: what is recorded is what Load returns, decimals to the last
// digit as given.
func TestRecordRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	sha := put(t, s, "file")
	sub := fixture(sha, "wuxing", "2023Q3", t0.Add(-time.Hour), "0.1", "1234.5600", "-3.0", "0", "00012", "")
	sub.Values = append(sub.Values, Value{Indicator: "qual", Text: "完成", Note: "含南太湖新区", Cell: "G20"})
	sub.Rows[0].Values["tax"] = Cell{Value: "", Cell: "E4"}
	sub.Rows[1].Values["done"] = Cell{Value: "2023-09-30", Cell: "H5"}
	sub.Late = true
	rec := record(t, s, sub)
	if rec.Outcome != Accepted || rec.ID != 1 || rec.Supersedes != 0 || rec.Earlier != nil {
		t.Fatalf("Recorded = %+v", rec)
	}
	got, err := s.Load(rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sub) {
		t.Errorf("Load differs:\n got %+v\nwant %+v", got, sub)
	}
	if f, err := s.Findings(rec.ID); err != nil || !reflect.DeepEqual(f, sub.Findings) {
		t.Errorf("Findings = %v, %v", f, err)
	}
	var stored []string
	rows, _ := s.db.Query(`SELECT typeof(value) || ':' || ifnull(value, 'NULL') FROM submission_values ORDER BY seq`)
	for rows.Next() {
		var v string
		rows.Scan(&v)
		stored = append(stored, v)
	}
	rows.Close()
	want := []string{"text:0.1", "text:1234.5600", "text:-3.0", "text:0", "text:00012", "null:NULL", "null:NULL"}
	if !reflect.DeepEqual(stored, want) {
		t.Errorf("stored values %v, want %v", stored, want)
	}
	if _, err := s.Load(99); !errors.Is(err, ErrNotFound) {
		t.Errorf("Load(99) error = %v", err)
	}
}

func TestRecordRefusesBadInput(t *testing.T) {
	s, _ := openTemp(t)
	sha := put(t, s, "file")
	good := func() Submission { return fixture(sha, "wuxing", "2023Q3", t0, "1") }
	for _, tc := range []struct {
		name   string
		change func(*Submission)
		want   string
	}{
		{"no campaign", func(s *Submission) { s.Campaign = "" }, "without campaign"},
		{"bad sha", func(s *Submission) { s.SHA256 = "ABC" }, "sha256"},
		{"file not stored", func(s *Submission) { s.SHA256 = strings.Repeat("a", 64) }, "PutFile"},
		{"no received time", func(s *Submission) { s.ReceivedAt = time.Time{} }, "received"},
		{"accepted without unit", func(s *Submission) { s.Unit = "" }, "without unit"},
		{"unknown outcome", func(s *Submission) { s.Outcome = "ok" }, "unknown outcome"},
		{"float-looking value", func(s *Submission) { s.Values[0].Value = "1e3" }, "not exact decimal"},
		{"percent value", func(s *Submission) { s.Values[0].Value = "12%" }, "not exact decimal"},
		{"bad severity", func(s *Submission) { s.Findings[0].Severity = "info" }, "severity"},
		{"accepted with errors", func(s *Submission) { s.Findings[0].Severity = SeverityError }, "rejected"},
		{"duplicate without earlier", func(s *Submission) { s.Outcome = Duplicate }, "no submission"},
		{"same indicator twice", func(s *Submission) { s.Values = append(s.Values, s.Values[0]) }, "constraint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := good()
			tc.change(&sub)
			before := counts(t, s)
			_, err := s.RecordSubmission(sub)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, tc.want)
			}
			if after := counts(t, s); !reflect.DeepEqual(before, after) {
				t.Errorf("a refused submission changed the store: %v → %v", before, after)
			}
		})
	}
}

func TestSupersede(t *testing.T) {
	type step struct {
		data     string
		unit     string
		outcome  Outcome
		received int // hours after t0
		want     Recorded
	}
	for _, tc := range []struct {
		name        string
		steps       []step
		wantCurrent int64 // current submission of wuxing
		wantSuper   map[int64]int64
		wantAudit   []string
	}{
		{
			name: "resubmission supersedes",
			steps: []step{
				{"v1", "wuxing", Accepted, 0, Recorded{ID: 1, Outcome: Accepted}},
				{"v2", "wuxing", Accepted, 1, Recorded{ID: 2, Outcome: Accepted, Supersedes: 1}},
				{"v3", "wuxing", Accepted, 2, Recorded{ID: 3, Outcome: Accepted, Supersedes: 2}},
			},
			wantCurrent: 3,
			wantSuper:   map[int64]int64{1: 2, 2: 3},
			wantAudit: []string{"file-stored #0", "accepted #1", "file-stored #0", "accepted #2", "superseded #1",
				"file-stored #0", "accepted #3", "superseded #2"},
		},
		{
			name: "rejected does not supersede",
			steps: []step{
				{"v1", "wuxing", Accepted, 0, Recorded{ID: 1, Outcome: Accepted}},
				{"bad", "wuxing", Rejected, 1, Recorded{ID: 2, Outcome: Rejected}},
				{"unreadable", "wuxing", Unreadable, 2, Recorded{ID: 3, Outcome: Unreadable}},
			},
			wantCurrent: 1,
			wantSuper:   map[int64]int64{},
			wantAudit:   []string{"file-stored #0", "accepted #1", "file-stored #0", "rejected #2", "file-stored #0", "unreadable #3"},
		},
		{
			name: "other units untouched",
			steps: []step{
				{"w1", "wuxing", Accepted, 0, Recorded{ID: 1, Outcome: Accepted}},
				{"n1", "nanxun", Accepted, 1, Recorded{ID: 2, Outcome: Accepted}},
			},
			wantCurrent: 1,
			wantSuper:   map[int64]int64{},
			wantAudit:   []string{"file-stored #0", "accepted #1", "file-stored #0", "accepted #2"},
		},
		{
			// A mail's Date is the sender's clock: it decides lateness, not which file counts.
			name: "an older-dated file ingested later still supersedes",
			steps: []step{
				{"new", "wuxing", Accepted, 5, Recorded{ID: 1, Outcome: Accepted}},
				{"old", "wuxing", Accepted, 1, Recorded{ID: 2, Outcome: Accepted, Supersedes: 1}},
			},
			wantCurrent: 2,
			wantSuper:   map[int64]int64{1: 2},
			wantAudit:   []string{"file-stored #0", "accepted #1", "file-stored #0", "accepted #2", "superseded #1"},
		},
		{
			name: "same received second: the later recorded wins",
			steps: []step{
				{"a", "wuxing", Accepted, 0, Recorded{ID: 1, Outcome: Accepted}},
				{"b", "wuxing", Accepted, 0, Recorded{ID: 2, Outcome: Accepted, Supersedes: 1}},
			},
			wantCurrent: 2,
			wantSuper:   map[int64]int64{1: 2},
			wantAudit:   []string{"file-stored #0", "accepted #1", "file-stored #0", "accepted #2", "superseded #1"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			for _, st := range tc.steps {
				sub := fixture(put(t, s, st.data), st.unit, "2023Q3", t0.Add(time.Duration(st.received)*time.Hour), "1")
				sub.Outcome = st.outcome
				if st.outcome != Accepted {
					sub.Findings = append(sub.Findings, Finding{Code: "not-a-number", Severity: SeverityError, Sheet: "指标填报", Cell: "G5", Message: "不是数字"})
				}
				if got := record(t, s, sub); !reflect.DeepEqual(got, st.want) {
					t.Errorf("%s: Recorded = %+v, want %+v", st.data, got, st.want)
				}
			}
			cur, err := s.Current("huzhou-2023", "2023Q3")
			if err != nil {
				t.Fatal(err)
			}
			var curID int64
			for _, c := range cur {
				if c.Unit == "wuxing" {
					curID = c.ID
				}
			}
			if curID != tc.wantCurrent {
				t.Errorf("current = #%d, want #%d", curID, tc.wantCurrent)
			}
			all, _ := s.Submissions("huzhou-2023", "")
			super := map[int64]int64{}
			for _, st := range all {
				if st.SupersededBy != 0 {
					super[st.ID] = st.SupersededBy
				}
			}
			if !reflect.DeepEqual(super, tc.wantSuper) {
				t.Errorf("superseded_by = %v, want %v", super, tc.wantSuper)
			}
			if got := auditActions(t, s, AuditFilter{}); !reflect.DeepEqual(got, tc.wantAudit) {
				t.Errorf("audit = %v\nwant %v", got, tc.wantAudit)
			}
			if len(all) != len(tc.steps) {
				t.Errorf("%d submissions stored, want every one of %d kept", len(all), len(tc.steps))
			}
		})
	}
}

func TestDuplicateChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name    string
		outcome Outcome
		second  func(sub *Submission) // how the second ingest of the same bytes looks
	}{
		{"accepted file again", Accepted, func(*Submission) {}},
		{"accepted, then reported by a caller that knows", Accepted, func(s *Submission) {
			*s = Submission{Campaign: s.Campaign, SHA256: s.SHA256, SourcePath: "again.xlsx", ReceivedAt: t0, Outcome: Duplicate}
		}},
		{"rejected file again", Rejected, func(*Submission) {}},
		{"same bytes read differently", Accepted, func(s *Submission) { s.Unit = "nanxun"; s.Values[0].Value = "999" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			sha := put(t, s, "the file")
			sub := fixture(sha, "wuxing", "2023Q3", t0, "37")
			sub.Outcome = tc.outcome
			if tc.outcome == Rejected {
				sub.Findings[0].Severity = SeverityError
			}
			first := record(t, s, sub)
			before := counts(t, s)

			if _, existed, _ := s.PutFile([]byte("the file")); !existed {
				t.Error("PutFile did not see the bytes as existing")
			}
			second := sub
			tc.second(&second)
			got := record(t, s, second)
			if got.Outcome != Duplicate || got.ID != first.ID || got.Earlier == nil ||
				got.Earlier.Outcome != tc.outcome || got.Earlier.Unit != "wuxing" {
				t.Errorf("second Recorded = %+v (earlier %+v), want duplicate of #%d", got, got.Earlier, first.ID)
			}
			after := counts(t, s)
			before["audit"]++ // the one thing a duplicate adds
			if !reflect.DeepEqual(before, after) {
				t.Errorf("rows before %v, after %v", before, after)
			}
			acts := auditActions(t, s, AuditFilter{SHA256: sha})
			if acts[len(acts)-1] != "duplicate #1" {
				t.Errorf("audit = %v", acts)
			}
			if found, err := s.BySHA256("huzhou-2023", sha); err != nil || found == nil || found.ID != first.ID {
				t.Errorf("BySHA256 = %+v, %v", found, err)
			}
			if found, _ := s.BySHA256("another-campaign", sha); found != nil {
				t.Errorf("BySHA256 in another campaign = %+v", found)
			}
		})
	}
}

// TestFailedTransactionLeavesNoPartialSubmission: whatever fails inside the
// transaction, nothing of the submission is stored, the file bytes are, and a rerun
// records it completely.
func TestFailedTransactionLeavesNoPartialSubmission(t *testing.T) {
	stages := []string{"submission", "values", "rows", "tasks", "findings", "audit"}
	type failure struct {
		name  string
		setup func(s *Store, sub *Submission)
	}
	var cases []failure
	for _, st := range stages {
		cases = append(cases, failure{"hook after " + st, func(s *Store, _ *Submission) {
			s.hook = func(stage string) error {
				if stage == st {
					return errors.New("simulated failure at " + st)
				}
				return nil
			}
		}})
	}
	cases = append(cases,
		failure{"duplicate list cell violates the key", func(_ *Store, sub *Submission) {
			sub.Rows = append(sub.Rows, sub.Rows[1])
		}},
		failure{"empty finding code violates a check", func(_ *Store, sub *Submission) {
			sub.Findings = append(sub.Findings, Finding{Severity: SeverityWarning})
		}},
	)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			v1 := fixture(put(t, s, "v1"), "wuxing", "2023Q3", t0, "1")
			record(t, s, v1)
			sha := put(t, s, "v2")
			before := counts(t, s)

			sub := fixture(sha, "wuxing", "2023Q3", t0.Add(time.Hour), "2")
			tc.setup(s, &sub)
			if _, err := s.RecordSubmission(sub); err == nil {
				t.Fatal("RecordSubmission succeeded")
			}
			if after := counts(t, s); !reflect.DeepEqual(before, after) {
				t.Errorf("partial submission stored: %v → %v", before, after)
			}
			if data, err := s.File(sha); err != nil || string(data) != "v2" {
				t.Errorf("file bytes lost: %q, %v", data, err)
			}
			if v, _ := s.AcceptedValues("huzhou-2023", "2023Q3", "wuxing"); v["i1"] != "1" {
				t.Errorf("current values after a failed resubmission = %v, want v1's", v)
			}

			s.hook = nil
			rerun := fixture(sha, "wuxing", "2023Q3", t0.Add(time.Hour), "2")
			if rec := record(t, s, rerun); rec.Outcome != Accepted || rec.Supersedes != 1 {
				t.Errorf("rerun Recorded = %+v", rec)
			}
		})
	}
}
