package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestHeldByOthersCollidingHashes: with every code filed under the same hash, the
// index still reports exactly the codes other units hold (each found hash is checked
// against the holder's stored codes), as the scenario and the two-writer test say.
func TestHeldByOthersCollidingHashes(t *testing.T) {
	defer func(h func(string) uint32) { codeHash = h }(codeHash)
	codeHash = func(string) uint32 { return 42 }
	t.Run("scenario", TestHeldByOthers)
	t.Run("two writers", TestHeldByOthersStaysExact)
}

// TestHeldByOthersBatchRolledBack: inside a batch the index sees the batch's files;
// once the batch is rolled back it forgets them.
func TestHeldByOthersBatchRolledBack(t *testing.T) {
	s, _ := openTemp(t)
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	const code = "91330502MA28C0XY3K"
	held := func(db *Store) map[string]string {
		t.Helper()
		got, err := db.HeldByOthers("huzhou-2023", "2023Q3", "wuxing", []string{code}, register)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := held(s); len(got) != 0 { // builds the index before the batch
		t.Fatalf("before: %v", got)
	}
	b, err := s.BeginBatch()
	if err != nil {
		t.Fatal(err)
	}
	tx := b.Store()
	sha, _, err := tx.PutFile([]byte("anji's return"))
	if err != nil {
		t.Fatal(err)
	}
	record(t, tx, anjiCode(sha, code))
	if got := held(tx); !reflect.DeepEqual(got, map[string]string{code: "anji"}) {
		t.Errorf("inside the batch: %v, want the code held by anji", got)
	}
	b.Rollback()
	if got := held(s); len(got) != 0 {
		t.Errorf("after the rollback: %v, want nothing held", got)
	}
	// Another unit's file committed next takes the number the rolled-back one had:
	// the index must not take it for seen.
	sha, _, err = s.PutFile([]byte("deqing's return"))
	if err != nil {
		t.Fatal(err)
	}
	sub := anjiCode(sha, code)
	sub.Unit = "deqing"
	if rec := record(t, s, sub); rec.ID != 1 {
		t.Fatalf("deqing's file is submission %d, want 1 (the rolled-back one's number)", rec.ID)
	}
	if got := held(s); !reflect.DeepEqual(got, map[string]string{code: "deqing"}) {
		t.Errorf("after deqing's file: %v, want the code held by deqing", got)
	}
}

// anjiCode is anji's small return whose first list row holds code.
func anjiCode(sha, code string) Submission {
	sub := fixture(sha, "anji", "2023Q3", t0, "5")
	sub.Rows[0].Values["uscc"] = Cell{Value: code, Cell: "C4"}
	return sub
}

// TestMigrateListCodes: the codes a store of the schema before kept in list_uscc, an
// index entry a code, are in list_codes after the upgrade, and HeldByOthers answers
// from them as before: a code two units hold, one of a superseded file, one of a
// rejected file.
func TestMigrateListCodes(t *testing.T) {
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == listCodesMigration })
	if at < 0 {
		t.Fatal("no list codes migration")
	}
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	var col int64
	if err := old.db.QueryRow(`INSERT INTO list_columns (list, col) VALUES (?, ?) RETURNING id`, register.List, register.Column).Scan(&col); err != nil {
		t.Fatal(err)
	}
	const a, b, c, d = "A00000000000000000", "B00000000000000000", "C00000000000000000", "D00000000000000000"
	for i, f := range []struct {
		unit    string
		outcome Outcome
		codes   []string
	}{
		{"nanxun", Accepted, []string{d, a}},       // superseded by the next
		{"nanxun", Accepted, []string{a, b, b}},    // b in two rows
		{"deqing", Accepted, []string{b, c}},       // b held by two units
		{"changxing", Rejected, []string{d, d, c}}, // rejected: holds nothing
	} {
		sub := fixture(put(t, old, fmt.Sprint("file ", i)), f.unit, "2023Q3", t0, "5")
		sub.Rows, sub.Outcome = nil, f.outcome
		if f.outcome == Rejected {
			sub.Findings = []Finding{{Code: "e", Severity: SeverityError, Message: "错"}}
		}
		rec := record(t, old, sub)
		for row, code := range f.codes {
			if _, err := old.db.Exec(`INSERT INTO list_uscc (value, column_id, submission, row) VALUES (?, ?, ?, ?)`,
				code, col, rec.ID, row); err != nil {
				t.Fatal(err)
			}
		}
	}
	old.Close()
	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	var entries string
	if err := s.db.QueryRow(`SELECT group_concat(submission || ':' || codes, ' ') FROM list_codes`).Scan(&entries); err != nil {
		t.Fatal(err)
	}
	if want := `1:["A00000000000000000","D00000000000000000"] 2:["A00000000000000000","B00000000000000000"] 3:["B00000000000000000","C00000000000000000"] 4:["C00000000000000000","D00000000000000000"]`; entries != want {
		t.Errorf("list_codes after the upgrade:\n%s\nwant\n%s", entries, want)
	}
	got, err := s.HeldByOthers("huzhou-2023", "2023Q3", "anji", []string{a, b, c, d}, register)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{a: "nanxun", b: "deqing", c: "deqing"}; !reflect.DeepEqual(got, want) {
		t.Errorf("HeldByOthers after the upgrade = %v, want %v", got, want)
	}
}

// TestHeldByOthersWriteRolledBack: the index takes a recorded file's codes as they
// were written (no read back); a write that fails after its codes were written must
// not leave them for the index, even when the next file takes its number.
func TestHeldByOthersWriteRolledBack(t *testing.T) {
	s, _ := openTemp(t)
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	const code = "91330502MA28C0XY3K"
	held := func() map[string]string {
		t.Helper()
		got, err := s.HeldByOthers("huzhou-2023", "2023Q3", "wuxing", []string{code}, register)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := held(); len(got) != 0 { // builds the index first
		t.Fatalf("before: %v", got)
	}
	sha, _, err := s.PutFile([]byte("anji's return"))
	if err != nil {
		t.Fatal(err)
	}
	s.hook = func(stage string) error {
		if stage == "findings" {
			return errors.New("simulated failure after the rows")
		}
		return nil
	}
	if _, err := s.RecordSubmission(anjiCode(sha, code)); err == nil {
		t.Fatal("RecordSubmission succeeded")
	}
	s.hook = nil
	if got := held(); len(got) != 0 {
		t.Errorf("after the failed write: %v, want nothing held", got)
	}
	sha, _, err = s.PutFile([]byte("deqing's return"))
	if err != nil {
		t.Fatal(err)
	}
	sub := fixture(sha, "deqing", "2023Q3", t0, "5")
	sub.Rows = nil // no codes at all
	if rec := record(t, s, sub); rec.ID != 1 {
		t.Fatalf("deqing's file is submission %d, want 1 (the failed one's number)", rec.ID)
	}
	if got := held(); len(got) != 0 {
		t.Errorf("after deqing's file without codes: %v, want nothing held", got)
	}
	record(t, s, anjiCode(put(t, s, "anji again"), code))
	if got := held(); !reflect.DeepEqual(got, map[string]string{code: "anji"}) {
		t.Errorf("after anji's file: %v, want the code held by anji", got)
	}
}
