package store

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestMain doubles as the helper process of the multi-process tests: with
// TENGLONG_STORE_HELPER set, the test binary runs one helper role and exits.
func TestMain(m *testing.M) {
	if role := os.Getenv(helperEnv); role != "" {
		if err := runHelper(role); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// t0 is the fixed clock of the tests.
var t0 = time.Date(2023, 10, 5, 9, 30, 0, 0, time.UTC)

func fixedClock() func() time.Time { return func() time.Time { return t0 } }

// openTemp opens a new store in a temporary directory.
func openTemp(t testing.TB, opts ...Option) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, append([]Option{WithClock(fixedClock())}, opts...)...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// put stores data and returns its sha256.
func put(t testing.TB, s *Store, data string) string {
	t.Helper()
	sha, _, err := s.PutFile([]byte(data))
	if err != nil {
		t.Fatalf("PutFile: %v", err)
	}
	return sha
}

// fixture is a small accepted submission of unit for period with the given values
// (indicator ids i1, i2, …) and one list with two companies.
func fixture(sha, unit, period string, received time.Time, values ...string) Submission {
	sub := Submission{
		Campaign: "huzhou-2023", Unit: unit, Period: period, SHA256: sha,
		SourcePath: unit + "-" + period + ".xlsx", ReceivedAt: received, Outcome: Accepted,
	}
	for i, v := range values {
		sub.Values = append(sub.Values, Value{Indicator: fmt.Sprintf("i%d", i+1), Value: v, Cell: fmt.Sprintf("G%d", 5+i)})
	}
	for i := range 2 {
		sub.Rows = append(sub.Rows, Row{List: "inefficient-register", Index: i, Values: map[string]Cell{
			"name": {Value: fmt.Sprintf("%s企业%d", unit, i+1), Cell: fmt.Sprintf("B%d", 4+i)},
			"uscc": {Value: fmt.Sprintf("USCC-%s-%d", unit, i+1), Cell: fmt.Sprintf("C%d", 4+i)},
			"land": {Value: "12.50", Cell: fmt.Sprintf("D%d", 4+i)},
		}})
	}
	sub.Tasks = []Task{{ID: "t07", Status: "推进中", Progress: "已排摸 35 家", Cell: "E4"}}
	sub.Findings = []Finding{{Code: "target-changed", Severity: SeverityWarning, Sheet: "指标填报", Cell: "E5", Message: "目标值被改动，已按方案目标计算"}}
	return sub
}

func record(t testing.TB, s *Store, sub Submission) Recorded {
	t.Helper()
	rec, err := s.RecordSubmission(sub)
	if err != nil {
		t.Fatalf("RecordSubmission(%s %s): %v", sub.Unit, sub.Period, err)
	}
	return rec
}

// tables are the tables whose row counts the tests compare.
var tables = []string{"files", "submissions", "submission_values", "submission_rows", "submission_tasks", "findings", "audit"}

func counts(t testing.TB, s *Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tb := range tables {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM " + tb).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", tb, err)
		}
		out[tb] = n
	}
	return out
}

func auditActions(t testing.TB, s *Store, f AuditFilter) []string {
	t.Helper()
	entries, err := s.Audit(f)
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, fmt.Sprintf("%s #%d", e.Action, e.Submission))
	}
	return out
}
