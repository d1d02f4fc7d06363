package store

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenSettings(t *testing.T) {
	s, _ := openTemp(t)
	for _, tc := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "1"}, // NORMAL
		{"busy_timeout", "10000"},
		{"application_id", "1414286919"}, // "TLNG",
	} {
		var got string
		if err := s.db.QueryRow("PRAGMA " + tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
}

func schemaVersions(t *testing.T, path string) []int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT version FROM schema_version ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		rows.Scan(&v)
		out = append(out, v)
	}
	return out
}

// seq is 1, 2, …, n: the schema_version rows of n migrations.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// extraStep is a test-only version on top of the real schema.
var extraStep = migration{name: "test: office points", steps: []string{
	`CREATE TABLE points (period TEXT NOT NULL, unit TEXT NOT NULL, item TEXT NOT NULL, points TEXT NOT NULL)`,
	`INSERT INTO points VALUES ('2023Q3', 'wuxing', 'risk', '2.5')`,
}}

func TestMigrations(t *testing.T) {
	v1, n := migrations, len(migrations)
	v2 := append(append([]migration{}, migrations...), extraStep)
	broken := append(append([]migration{}, migrations...), migration{name: "broken", steps: []string{
		`CREATE TABLE half_done (x)`, `THIS IS NOT SQL`,
	}})
	for _, tc := range []struct {
		name    string
		opens   [][]migration // schema lists Open sees, in order, on one file
		want    []int         // schema_version rows at the end
		wantErr error         // from the last Open
	}{
		{name: "from empty", opens: [][]migration{v1}, want: seq(n)},
		{name: "re-open is idempotent", opens: [][]migration{v1, v1, v1}, want: seq(n)},
		{name: "older database upgraded", opens: [][]migration{v1, v2}, want: seq(n + 1)},
		{name: "empty straight to latest", opens: [][]migration{v2}, want: seq(n + 1)},
		{name: "newer database refused", opens: [][]migration{v2, v1}, want: seq(n + 1), wantErr: ErrTooNew},
		{name: "failed upgrade rolls back", opens: [][]migration{v1, broken}, want: seq(n), wantErr: errAny},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			var err error
			for i, steps := range tc.opens {
				var s *Store
				s, err = Open(path, withMigrations(steps), WithClock(fixedClock()))
				if err == nil {
					if i == 0 {
						put(t, s, "kept across upgrades")
					}
					s.Close()
				}
				if i < len(tc.opens)-1 && err != nil {
					t.Fatalf("open %d: %v", i+1, err)
				}
			}
			switch {
			case tc.wantErr == nil && err != nil:
				t.Fatalf("Open: %v", err)
			case tc.wantErr == errAny && err == nil, tc.wantErr != nil && tc.wantErr != errAny && !errors.Is(err, tc.wantErr):
				t.Fatalf("Open error = %v, want %v", err, tc.wantErr)
			}
			if got := schemaVersions(t, path); !equalInts(got, tc.want) {
				t.Errorf("schema versions = %v, want %v", got, tc.want)
			}
			s, err := Open(path, withMigrations(v2))
			if err != nil {
				t.Fatalf("reopen: %v", err)
			}
			defer s.Close()
			if n := counts(t, s)["files"]; n != 1 {
				t.Errorf("files after migrations = %d, want 1", n)
			}
			var halfDone int
			s.db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'`).Scan(&halfDone)
			if halfDone != 0 {
				t.Error("a failed migration left a table behind")
			}
		})
	}
}

var errAny = errors.New("any error")

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestOpenRefuses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    error
		message string // part of the Chinese message
	}{
		{
			name: "newer version", want: ErrTooNew, message: "请升级 tenglong",
			prepare: func(t *testing.T, path string) {
				s, err := Open(path, withMigrations(append(append([]migration{}, migrations...), extraStep)))
				if err != nil {
					t.Fatal(err)
				}
				s.Close()
			},
		},
		{
			name: "not a database", want: ErrCorrupt, message: "已损坏或不是数据库文件",
			prepare: func(t *testing.T, path string) {
				os.WriteFile(path, []byte(strings.Repeat("这不是数据库", 200)), 0o644)
			},
		},
		{
			// SQLite would take it for a new database and build the schema in it.
			name: "zero bytes", want: ErrCorrupt, message: "是空文件（0 字节）",
			prepare: func(t *testing.T, path string) { os.WriteFile(path, nil, 0o644) },
		},
		{
			name: "damaged pages", want: ErrCorrupt, message: "已损坏",
			prepare: func(t *testing.T, path string) {
				s, err := Open(path)
				if err != nil {
					t.Fatal(err)
				}
				for i := range 40 {
					if _, _, err := s.PutFile([]byte(strings.Repeat(fmt.Sprint(i), 3000))); err != nil {
						t.Fatal(err)
					}
				}
				s.Close()
				info, _ := os.Stat(path)
				f, _ := os.OpenFile(path, os.O_WRONLY, 0)
				f.WriteAt([]byte(strings.Repeat("\xff\x00garbage", 1500)), info.Size()/2)
				f.Close()
			},
		},
		{
			name: "another program's database", want: ErrNotOurs, message: "不是 tenglong 的数据库",
			prepare: func(t *testing.T, path string) {
				db, _ := sql.Open("sqlite", path)
				defer db.Close()
				if _, err := db.Exec(`CREATE TABLE contacts (name TEXT)`); err != nil {
					t.Fatal(err)
				}
			},
		},
		{
			name: "missing directory", want: ErrReadOnly, message: "请确认目录存在",
			prepare: func(t *testing.T, path string) { os.Remove(filepath.Dir(path)) },
		},
	} {
		for _, mode := range []struct {
			name string
			opts []Option
		}{{"read-write", nil}, {"read-only", []Option{ReadOnly()}}} {
			t.Run(tc.name+"/"+mode.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "ws", FileName)
				os.MkdirAll(filepath.Dir(path), 0o755)
				tc.prepare(t, path)
				before, _ := os.ReadFile(path)
				s, err := Open(path, mode.opts...)
				if err == nil {
					s.Close()
					t.Fatal("Open succeeded")
				}
				if !errors.Is(err, tc.want) {
					t.Fatalf("error %v, want %v", err, tc.want)
				}
				var e *Error
				if !errors.As(err, &e) || e.Path != path {
					t.Fatalf("error %#v does not name the file", err)
				}
				if !strings.Contains(err.Error(), tc.message) || !strings.Contains(err.Error(), path) {
					t.Errorf("message %q lacks %q or the path", err, tc.message)
				}
				// A refused file is left exactly as it was: never taken for a new one.
				if after, _ := os.ReadFile(path); string(after) != string(before) {
					t.Errorf("the refused file changed (%d bytes, was %d)", len(after), len(before))
				}
			})
		}
	}
}
