package store

import (
	"fmt"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestCellsRoundTrip: what appendCells writes, decodeCells reads back the same —
// text needing JSON escapes included — and SQLite's json_each reads it too.
func TestCellsRoundTrip(t *testing.T) {
	s, _ := openTemp(t)
	for _, tc := range []struct {
		name  string
		cells []storedCell
	}{
		{"none", nil},
		{"plain", []storedCell{{0, 1, "湖州市某某制造有限公司", "B4"}, {0, 2, "91330502MA28C0XY1K", "C4"}, {1, 1, "另一家", "B5"}}},
		{"empty value is null", []storedCell{{299, 3, "", "D303"}}},
		{"escapes", []storedCell{{0, 4, "名称含\"引号\"和\\反斜杠\n换行\t制表", "E4"}, {0, 5, "\x01控制", "F4"}}},
		{"invalid UTF-8", []storedCell{{2, 6, "a\xffb", "G6"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := string(appendCells(nil, tc.cells))
			var got []storedCell
			if err := decodeCells(text, func(row int, col int64, value, ref string) {
				got = append(got, storedCell{row, col, value, ref})
			}); err != nil {
				t.Fatalf("decode %s: %v", text, err)
			}
			want := tc.cells
			if tc.name == "invalid UTF-8" {
				want = []storedCell{{2, 6, "a\ufffdb", "G6"}} // encoding/json's replacement
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decode(%s) = %+v, want %+v", text, got, want)
			}
			rows, err := s.db.Query(`SELECT j.value ->> 0, j.value ->> 1, ifnull(j.value ->> 2, ''), j.value ->> 3 FROM json_each(?) j`, text)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var sql []storedCell
			for rows.Next() {
				var c storedCell
				if err := rows.Scan(&c.row, &c.col, &c.value, &c.ref); err != nil {
					t.Fatal(err)
				}
				sql = append(sql, c)
			}
			if !reflect.DeepEqual(sql, want) {
				t.Errorf("json_each(%s) = %+v, want %+v", text, sql, want)
			}
		})
	}
	for _, bad := range []string{"", "[", "[[0,1,", `[[0,1,"a"]]`, `[[0,x,"a","B"]]`, `[[-1,1,"a","B"]]`, `[[1,"a","B"]]`,
		`[[0,1,"a","B"]`, `[[0,1,"a","B"],]`} {
		if err := decodeCells(bad, func(int, int64, string, string) {}); err == nil {
			t.Errorf("decodeCells(%q) accepted", bad)
		}
	}
}

// listFacts is everything the store answers about list rows, for comparing a store
// before and after the list rows migration.
func listFacts(t *testing.T, s *Store) string {
	t.Helper()
	cols := []ListColumn{{List: "inefficient-register", Column: "uscc"}}
	current, err := s.CurrentRows("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	var loaded []Submission
	for id := int64(1); id <= 4; id++ {
		sub, err := s.Load(id)
		if err != nil {
			t.Fatal(err)
		}
		loaded = append(loaded, Submission{Rows: sub.Rows})
	}
	accepted, err := s.AcceptedUSCC("huzhou-2023", "2023Q3", "wuxing", cols...)
	if err != nil {
		t.Fatal(err)
	}
	units, err := s.AcceptedUSCCUnits("huzhou-2023", "2023Q3", cols...)
	if err != nil {
		t.Fatal(err)
	}
	held, err := s.HeldByOthers("huzhou-2023", "2023Q3", "wuxing",
		[]string{"91330502MA28C0XY1K", "91330502MA28C0XY2K", "短码", "USCC-nanxun-1"}, cols...)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.db.Query(`SELECT submission, list, col, row, ifnull(value, 'NULL'), cell FROM list_cells
		ORDER BY submission, list, col, row`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cells []string
	for rows.Next() {
		var sub, row int
		var list, col, value, cell string
		if err := rows.Scan(&sub, &list, &col, &row, &value, &cell); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, fmt.Sprint(sub, list, col, row, value, cell))
	}
	return fmt.Sprintf("current %v\nloaded %v\naccepted %v\nunits %v\nheld %v\ncells %v\ncounts %v",
		current, loaded, accepted, units, held, cells, counts(t, s))
}

// TestMigrateListRows: a store written cell by cell (before the list rows migration)
// answers every list query the same after it, and a submission recorded after the
// upgrade is stored and found the same way.
func TestMigrateListRows(t *testing.T) {
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == listRowsMigration })
	if at < 0 {
		t.Fatal("no list rows migration")
	}
	withCodes := func(sub Submission, code string) Submission {
		sub.Rows[0].Values["uscc"] = Cell{Value: code, Cell: "C4"}
		sub.Rows[1].Values["land"] = Cell{Value: "", Cell: "D5"}
		sub.Rows[1].Values["name"] = Cell{Value: "名称含\"引号\"\n换行", Cell: "B5"}
		sub.Rows = append(sub.Rows, Row{List: "key-projects", Index: 7, Values: map[string]Cell{"project": {Value: "项目", Cell: "B11"}}})
		return sub
	}
	subs := func(s *Store) []Submission {
		return []Submission{
			withCodes(fixture(put(t, s, "a"), "wuxing", "2023Q3", t0, "1"), "91330502MA28C0XY1K"),
			withCodes(fixture(put(t, s, "b"), "nanxun", "2023Q3", t0, "2"), "91330502MA28C0XY1K"),
			withCodes(fixture(put(t, s, "c"), "deqing", "2023Q3", t0, "3"), "91330502MA28C0XY2K"),
			withCodes(fixture(put(t, s, "d"), "deqing", "2023Q3", t0.Add(time.Hour), "4"), "91330502MA28C0XY2K"),
		}
	}
	fill := func(s *Store) {
		for _, sub := range subs(s) {
			record(t, s, sub)
		}
	}
	// fillOld records the same into a store of the old schema: the submissions
	// without rows, then their cells as the old code wrote them, one row per cell.
	fillOld := func(s *Store) {
		for _, sub := range subs(s) {
			rows := sub.Rows
			sub.Rows = nil
			rec := record(t, s, sub)
			for _, r := range rows {
				for col, c := range r.Values {
					if _, err := s.db.Exec(`INSERT INTO list_columns (list, col) VALUES (?, ?) ON CONFLICT DO NOTHING`, r.List, col); err != nil {
						t.Fatal(err)
					}
					if _, err := s.db.Exec(`INSERT INTO submission_rows (submission, column_id, row, value, cell)
						VALUES (?, (SELECT id FROM list_columns WHERE list = ? AND col = ?), ?, ?, ?)`,
						rec.ID, r.List, col, r.Index, nullable(c.Value), c.Cell); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}

	// The same submissions recorded into a new store: what the answers must be.
	fresh, _ := openTemp(t)
	fill(fresh)
	want := listFacts(t, fresh)

	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	fillOld(old)
	s := upgraded(t, old, path, want)
	var lists, codes int
	if err := s.db.QueryRow(`SELECT (SELECT count(*) FROM list_data), (SELECT count(*) FROM list_codes, json_each(list_codes.codes))`).Scan(&lists, &codes); err != nil {
		t.Fatal(err)
	}
	// list_rows, now list_data (listDataMigration); list_uscc, now list_codes (listCodesMigration)
	if lists != 4*2 || codes != 4 {
		t.Errorf("list_data %d, list_codes %d codes after the migration; want 8 lists, 4 codes", lists, codes)
	}
	if t.Failed() {
		return
	}
	record(t, s, withCodes(fixture(put(t, s, "e"), "anji", "2023Q3", t0, "5"), "91330502MA28C0XY3K"))
	held, err := s.HeldByOthers("huzhou-2023", "2023Q3", "wuxing", []string{"91330502MA28C0XY3K"},
		ListColumn{List: "inefficient-register", Column: "uscc"})
	if err != nil || held["91330502MA28C0XY3K"] != "anji" {
		t.Errorf("a code recorded after the upgrade: HeldByOthers = %v, %v", held, err)
	}
}

// TestMigrateListData: a store whose lists were written a row at a time (list_rows,
// before the list data migration) answers every list query the same after it — rows
// given out of order and values needing escapes included — and a submission recorded
// after the upgrade is stored and found the same way.
func TestMigrateListData(t *testing.T) {
	at := slices.IndexFunc(migrations, func(m migration) bool { return m.name == listDataMigration })
	if at < 0 {
		t.Fatal("no list data migration")
	}
	subs := func(s *Store) []Submission {
		withRows := func(sub Submission, code string) Submission {
			sub.Rows[0].Values["uscc"] = Cell{Value: code, Cell: "C4"}
			sub.Rows[1].Values["land"] = Cell{Value: "", Cell: "D5"}
			sub.Rows[1].Values["name"] = Cell{Value: "名称含\"引号\"\n换行", Cell: "B5"}
			sub.Rows = append(sub.Rows, Row{List: "key-projects", Index: 12, Values: map[string]Cell{"project": {Value: "项目乙", Cell: "B16"}}},
				Row{List: "key-projects", Index: 7, Values: map[string]Cell{"project": {Value: "项目", Cell: "B11"}, "uscc": {Value: code, Cell: "C11"}}})
			return sub
		}
		return []Submission{
			withRows(fixture(put(t, s, "a"), "wuxing", "2023Q3", t0, "1"), "91330502MA28C0XY1K"),
			withRows(fixture(put(t, s, "b"), "nanxun", "2023Q3", t0, "2"), "91330502MA28C0XY1K"),
			withRows(fixture(put(t, s, "c"), "deqing", "2023Q3", t0, "3"), "91330502MA28C0XY2K"),
			withRows(fixture(put(t, s, "d"), "deqing", "2023Q3", t0.Add(time.Hour), "4"), "91330502MA28C0XY2K"),
		}
	}
	fresh, _ := openTemp(t)
	for _, sub := range subs(fresh) {
		record(t, fresh, sub)
	}
	want := listFacts(t, fresh)

	// The same into a store of the schema before: the submissions without rows, then
	// their rows as that schema's code wrote them, a list_rows entry per row of
	// [column id, value or null, cell] triples, and the codes in list_uscc.
	path := filepath.Join(t.TempDir(), FileName)
	old, err := Open(path, withMigrations(migrations[:at]), WithClock(fixedClock()))
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range subs(old) {
		rows := sub.Rows
		sub.Rows = nil
		rec := record(t, old, sub)
		for _, r := range rows {
			var cells []string
			for _, col := range slices.Sorted(maps.Keys(r.Values)) {
				c := r.Values[col]
				var id int64
				if err := old.db.QueryRow(`INSERT INTO list_columns (list, col) VALUES (?, ?)
					ON CONFLICT DO UPDATE SET col = excluded.col RETURNING id`, r.List, col).Scan(&id); err != nil {
					t.Fatal(err)
				}
				value := "null"
				if c.Value != "" {
					value = string(appendJSONString(nil, c.Value))
				}
				cells = append(cells, fmt.Sprintf(`[%d,%s,%q]`, id, value, c.Cell))
				if utf8.RuneCountInString(c.Value) == 18 {
					if _, err := old.db.Exec(`INSERT INTO list_uscc (value, column_id, submission, row) VALUES (?, ?, ?, ?)`,
						c.Value, id, rec.ID, r.Index); err != nil {
						t.Fatal(err)
					}
				}
			}
			if _, err := old.db.Exec(`INSERT INTO list_rows (submission, list, row, cells) VALUES (?, ?, ?, ?)`,
				rec.ID, r.List, r.Index, "["+strings.Join(cells, ",")+"]"); err != nil {
				t.Fatal(err)
			}
		}
	}
	s := upgraded(t, old, path, want)
	var lists int
	if err := s.db.QueryRow(`SELECT count(*) FROM list_data`).Scan(&lists); err != nil || lists != 4*2 {
		t.Errorf("list_data holds %d lists after the migration (%v), want 8", lists, err)
	}
	if t.Failed() {
		return
	}
	record(t, s, subs(s)[0]) // the bytes of "a" again: a duplicate
	sub := fixture(put(t, s, "e"), "anji", "2023Q3", t0, "5")
	sub.Rows[0].Values["uscc"] = Cell{Value: "91330502MA28C0XY3K", Cell: "C4"}
	record(t, s, sub)
	held, err := s.HeldByOthers("huzhou-2023", "2023Q3", "wuxing", []string{"91330502MA28C0XY3K", "91330502MA28C0XY2K"},
		ListColumn{List: "inefficient-register", Column: "uscc"})
	if want := map[string]string{"91330502MA28C0XY3K": "anji", "91330502MA28C0XY2K": "deqing"}; err != nil || !reflect.DeepEqual(held, want) {
		t.Errorf("after the upgrade: HeldByOthers = %v, %v; want %v", held, err, want)
	}
	rows, err := s.CurrentRows("huzhou-2023", "2023Q3")
	if err != nil || len(rows) != 4*3+2 || rows[0].Unit != "anji" {
		t.Errorf("after the upgrade: CurrentRows = %+v, %v", rows, err)
	}
}

// upgraded closes old, a store of an earlier schema at path, opens it with every
// migration and checks that it answers every list query as want (listFacts).
func upgraded(t *testing.T, old *Store, path, want string) *Store {
	t.Helper()
	old.Close()
	s, err := Open(path, WithClock(fixedClock()))
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if got := listFacts(t, s); got != want {
		t.Errorf("after the migration:\n%s\nwant (a new store):\n%s", got, want)
	}
	return s
}

// TestRowsAsSlices: rows given as column slices (ingest's form) are stored exactly as
// the same rows given as maps — list_data's text and list_codes byte for byte —
// cells without an address left out, rows out of order sorted; a column named twice
// is refused.
func TestRowsAsSlices(t *testing.T) {
	const code = "91330502MA28C0XY3K"
	cols := []string{"state", "uscc", "name", "land"} // not the order column ids are given out in
	rows := [][]Cell{
		{{Value: "整治中", Cell: "E5"}, {Value: code, Cell: "C5"}, {Value: "乙\"厂\"", Cell: "B5"}, {}},
		{{}, {Value: "", Cell: "C4"}, {Value: "甲厂", Cell: "B4"}, {Value: "12.50", Cell: "D4"}},
		{{Value: "已完成", Cell: "E7"}, {Value: code, Cell: "C7"}, {}, {}},
	}
	indexes := []int{1, 0, 3}
	stored := func(asMaps bool) (string, string) {
		t.Helper()
		s, _ := openTemp(t)
		// Column ids as an earlier file gave them out: name, uscc, land, state.
		for _, col := range []string{"name", "uscc", "land", "state"} {
			if _, err := s.db.Exec(`INSERT INTO list_columns (list, col) VALUES ('inefficient-register', ?)`, col); err != nil {
				t.Fatal(err)
			}
		}
		sub := fixture(put(t, s, "second"), "wuxing", "2023Q3", t0, "1")
		sub.Rows = nil
		for i, cells := range rows {
			r := Row{List: "inefficient-register", Index: indexes[i]}
			if asMaps {
				r.Values = map[string]Cell{}
				for j, c := range cells {
					if c.Cell != "" {
						r.Values[cols[j]] = c
					}
				}
			} else {
				r.Columns, r.Cells = cols, cells
			}
			sub.Rows = append(sub.Rows, r)
		}
		sub.Rows = append(sub.Rows, Row{List: "inefficient-register", Index: 9, Columns: cols, Cells: make([]Cell, len(cols))}) // nothing to store
		rec := record(t, s, sub)
		var cells, codes string
		if err := s.db.QueryRow(`SELECT cells FROM list_data WHERE submission = ?`, rec.ID).Scan(&cells); err != nil {
			t.Fatal(err)
		}
		if err := s.db.QueryRow(`SELECT group_concat(column_id || ':' || codes, ' ') FROM list_codes WHERE submission = ?`, rec.ID).Scan(&codes); err != nil {
			t.Fatal(err)
		}
		return cells, codes
	}
	mapCells, mapCodes := stored(true)
	sliceCells, sliceCodes := stored(false)
	if sliceCells != mapCells || sliceCodes != mapCodes {
		t.Errorf("as slices:\n%s\n%s\nas maps:\n%s\n%s", sliceCells, sliceCodes, mapCells, mapCodes)
	}
	if want := `[[0,1,"甲厂","B4"],[0,2,null,"C4"],[0,3,"12.50","D4"],[1,1,"乙\"厂\"","B5"],[1,2,"` + code + `","C5"],[1,4,"整治中","E5"],[3,2,"` + code + `","C7"],[3,4,"已完成","E7"]]`; sliceCells != want {
		t.Errorf("list_data\n%s\nwant\n%s", sliceCells, want)
	}

	s, _ := openTemp(t)
	sub := fixture(put(t, s, "twice"), "wuxing", "2023Q3", t0, "1")
	sub.Rows = []Row{{List: "inefficient-register", Index: 0, Columns: []string{"name", "name"}, Cells: []Cell{{Value: "甲", Cell: "B4"}, {Value: "乙", Cell: "B4"}}}}
	if _, err := s.RecordSubmission(sub); err == nil {
		t.Error("a column named twice was stored")
	}
}
