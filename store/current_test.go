package store

import (
	"encoding/binary"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// currentScenario records, for campaign huzhou-2023 unless noted:
//
//	wuxing 2023Q3 accepted 09:30  (superseded by the next)
//	wuxing 2023Q3 accepted 08:30  received before it, recorded after: supersedes it all the same
//	wuxing 2023Q3 accepted 10:30  current
//	nanxun 2023Q3 accepted 09:30  current
//	nanxun 2023Q3 rejected 11:30  a later correction, rejected: nanxun's accepted one stays
//	deqing 2023Q3 rejected        only rejected: no current data
//	anji   2023Q2 accepted        another period
//	anji   2023Q3 accepted        another campaign
//
// Each file's rows and tasks are tagged with its name, so the result shows whose they are.
func currentScenario(t *testing.T) *Store {
	s, _ := openTemp(t)
	type spec struct {
		name, campaign, unit, period string
		outcome                      Outcome
		hours                        float64
	}
	for i, sp := range []spec{
		{"wuxing-old", "huzhou-2023", "wuxing", "2023Q3", Accepted, 0},
		{"wuxing-early-mail", "huzhou-2023", "wuxing", "2023Q3", Accepted, -1},
		{"wuxing-new", "huzhou-2023", "wuxing", "2023Q3", Accepted, 1},
		{"nanxun", "huzhou-2023", "nanxun", "2023Q3", Accepted, 0},
		{"nanxun-rejected", "huzhou-2023", "nanxun", "2023Q3", Rejected, 2},
		{"deqing-rejected", "huzhou-2023", "deqing", "2023Q3", Rejected, 0},
		{"anji-q2", "huzhou-2023", "anji", "2023Q2", Accepted, 0},
		{"anji-other", "other-2023", "anji", "2023Q3", Accepted, 0},
	} {
		sub := Submission{Campaign: sp.campaign, Unit: sp.unit, Period: sp.period, SHA256: put(t, s, sp.name),
			SourcePath: sp.name + ".xlsx", ReceivedAt: t0.Add(time.Duration(sp.hours * float64(time.Hour))),
			Outcome: sp.outcome}
		// "projects" is stored first, so its columns are numbered before the register's:
		// column order in the table is not list order. Row 10 sorts after row 2.
		sub.Rows = []Row{
			{List: "projects", Index: 10, Values: map[string]Cell{"name": {Value: sp.name + " 项目乙", Cell: "B14"}}},
			{List: "projects", Index: 2, Values: map[string]Cell{
				"name": {Value: sp.name + " 项目甲", Cell: "B6"}, "amount": {Value: "100.50", Cell: "C6"}}},
			{List: "inefficient-register", Index: 0, Values: map[string]Cell{
				"uscc": {Value: sp.name + "-USCC", Cell: "C4"}, "land": {Value: "", Cell: "D4"}}},
			{List: "empty-list", Index: 0, Values: map[string]Cell{}}, // no cells: not stored
		}
		sub.Tasks = []Task{
			{ID: "t09", Status: "推进中", Progress: sp.name, Cell: "E4"},
			{ID: "t01", Status: "已完成", Cell: "E5"},
		}
		if sp.outcome == Rejected {
			sub.Findings = []Finding{{Code: "not-a-number", Severity: SeverityError, Sheet: "指标填报", Cell: "G5", Message: "不是数字"}}
		}
		rec := record(t, s, sub)
		if sp.name == "wuxing-early-mail" && rec.Supersedes == 0 {
			t.Fatalf("%d %s: superseded nothing, want the one recorded before it (recording order decides, not the Date)", i, sp.name)
		}
	}
	return s
}

func rowLines(rows []CurrentRow) []string {
	var out []string
	for _, r := range rows {
		var cells []string
		for col, c := range r.Values {
			cells = append(cells, fmt.Sprintf("%s=%s@%s", col, c.Value, c.Cell))
		}
		slices.Sort(cells)
		out = append(out, fmt.Sprintf("%s %s[%d] %s", r.Unit, r.List, r.Index, strings.Join(cells, " ")))
	}
	return out
}

func TestCurrentRowsAndTasks(t *testing.T) {
	s := currentScenario(t)
	for _, tc := range []struct {
		campaign, period string
		rows, tasks      []string
	}{
		{"huzhou-2023", "2023Q3", []string{
			"nanxun inefficient-register[0] land=@D4 uscc=nanxun-USCC@C4",
			"nanxun projects[2] amount=100.50@C6 name=nanxun 项目甲@B6",
			"nanxun projects[10] name=nanxun 项目乙@B14",
			"wuxing inefficient-register[0] land=@D4 uscc=wuxing-new-USCC@C4",
			"wuxing projects[2] amount=100.50@C6 name=wuxing-new 项目甲@B6",
			"wuxing projects[10] name=wuxing-new 项目乙@B14",
		}, []string{
			"nanxun t09 推进中 nanxun E4",
			"nanxun t01 已完成  E5",
			"wuxing t09 推进中 wuxing-new E4",
			"wuxing t01 已完成  E5",
		}},
		{"huzhou-2023", "2023Q2", []string{
			"anji inefficient-register[0] land=@D4 uscc=anji-q2-USCC@C4",
			"anji projects[2] amount=100.50@C6 name=anji-q2 项目甲@B6",
			"anji projects[10] name=anji-q2 项目乙@B14",
		}, []string{
			"anji t09 推进中 anji-q2 E4",
			"anji t01 已完成  E5",
		}},
		{"huzhou-2023", "2024Q1", nil, nil},
		{"nobody", "2023Q3", nil, nil},
	} {
		t.Run(tc.campaign+"/"+tc.period, func(t *testing.T) {
			rows, err := s.CurrentRows(tc.campaign, tc.period)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowLines(rows); !reflect.DeepEqual(got, tc.rows) {
				t.Errorf("rows:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.rows, "\n"))
			}
			tasks, err := s.CurrentTasks(tc.campaign, tc.period)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, ct := range tasks {
				got = append(got, fmt.Sprintf("%s %s %s %s %s", ct.Unit, ct.ID, ct.Status, ct.Progress, ct.Cell))
			}
			if !reflect.DeepEqual(got, tc.tasks) {
				t.Errorf("tasks:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.tasks, "\n"))
			}
		})
	}
}

// TestCurrentRowsMatchLoad: for every current submission, CurrentRows gives exactly
// the rows Load gives, so consolidation and the per-file view agree.
func TestCurrentRowsMatchLoad(t *testing.T) {
	s, _ := openTemp(t)
	for i, unit := range []string{"c-unit", "a-unit", "b-unit"} {
		sub := benchSubmission(unit)
		sub.Rows = sub.Rows[:20+i]
		sub.Rows = append(sub.Rows, Row{List: "a-first", Index: 3, Values: map[string]Cell{"x": {Value: "1", Cell: "A1"}}})
		sub.SHA256 = put(t, s, unit)
		record(t, s, sub)
	}
	rows, err := s.CurrentRows("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := s.Current("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	var want []CurrentRow
	for _, c := range cur {
		sub, err := s.Load(c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range sub.Rows {
			want = append(want, CurrentRow{Unit: c.Unit, List: r.List, Index: r.Index, Values: r.Values})
		}
	}
	if len(rows) != 3*20+3+3 || !reflect.DeepEqual(rows, want) {
		t.Errorf("CurrentRows gave %d rows, Load %d; first difference:\n%s", len(rows), len(want), firstDiff(rowLines(rows), rowLines(want)))
	}
}

func firstDiff(a, b []string) string {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("#%d\n%s\n%s", i, a[i], b[i])
		}
	}
	return "(one is a prefix of the other)"
}

// benchPeriod is the scale for consolidation: 1,300 current submissions with
// 100,000 list rows of 7 columns in total (76 or 77 rows each), plus a superseded
// first return of 100 units.
func benchPeriod(b *testing.B) *Store {
	s, _ := openTemp(b)
	file := make([]byte, 1000)
	const units, totalRows = 1300, 100_000
	for i := range units + 100 {
		binary.LittleEndian.PutUint64(file, uint64(i))
		sha, _, err := s.PutFile(file)
		if err != nil {
			b.Fatal(err)
		}
		u := i % units
		sub := benchSubmission(fmt.Sprintf("town-%04d", u))
		sub.SHA256 = sha
		sub.ReceivedAt = t0.Add(time.Duration(i) * time.Second)
		n := totalRows / units
		if u < totalRows%units {
			n++
		}
		sub.Rows = sub.Rows[:n]
		for _, r := range sub.Rows {
			r.Values["remark"] = Cell{Value: "已核实", Cell: fmt.Sprintf("H%d", 4+r.Index)}
		}
		if _, err := s.RecordSubmission(sub); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkCurrentRows reads every list row of a period at the scale: what
// consolidation does once.
func BenchmarkCurrentRows(b *testing.B) {
	s := benchPeriod(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rows, err := s.CurrentRows("huzhou-2023", "2023Q3")
		if err != nil || len(rows) != 100_000 || len(rows[0].Values) != 7 {
			b.Fatalf("%d rows, %v", len(rows), err)
		}
	}
}

// TestCurrentRowsUnorderedList: a list_data entry whose cells are not in row order,
// or give a row in two places (written by hand, or by another tool), is read as the
// rows in index order with each row's cells together; a cell of another list's
// column is refused.
func TestCurrentRowsUnorderedList(t *testing.T) {
	s, _ := openTemp(t, WithClock(fixedClock()))
	sub := fixture(put(t, s, "a"), "wuxing", "2023Q3", t0, "1")
	sub.Rows = nil
	rec := record(t, s, sub)
	var name, code, other int64
	for _, c := range []struct {
		list, col string
		id        *int64
	}{{"register", "name", &name}, {"register", "uscc", &code}, {"projects", "name", &other}} {
		if err := s.db.QueryRow(`INSERT INTO list_columns (list, col) VALUES (?, ?) RETURNING id`, c.list, c.col).Scan(c.id); err != nil {
			t.Fatal(err)
		}
	}
	cells := fmt.Sprintf(`[[2,%d,"丙","B6"],[0,%d,"甲","B4"],[2,%d,"C2","C6"],[0,%d,null,"C4"]]`, name, name, code, code)
	if _, err := s.db.Exec(`INSERT INTO list_data (submission, list, cells) VALUES (?, 'register', ?)`, rec.ID, cells); err != nil {
		t.Fatal(err)
	}
	got, err := s.CurrentRows("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	want := []CurrentRow{
		{Unit: "wuxing", List: "register", Index: 0, Values: map[string]Cell{"name": {"甲", "B4"}, "uscc": {"", "C4"}}},
		{Unit: "wuxing", List: "register", Index: 2, Values: map[string]Cell{"name": {"丙", "B6"}, "uscc": {"C2", "C6"}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CurrentRows = %+v\nwant %+v", got, want)
	}
	if _, err := s.db.Exec(`UPDATE list_data SET cells = ? WHERE submission = ?`,
		fmt.Sprintf(`[[0,%d,"甲","B4"],[0,%d,"别的清单","B4"]]`, name, other), rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CurrentRows("huzhou-2023", "2023Q3"); err == nil || !strings.Contains(err.Error(), "list register of submission") {
		t.Errorf("a cell of another list's column: %v", err)
	}
}

// TestEachCurrentRowsIn: in the order sortUnits gives, each unit's rows come
// together and are the rows EachCurrentRows gives; sortUnits gets exactly the units
// with a current submission.
func TestEachCurrentRowsIn(t *testing.T) {
	s := currentScenario(t)
	byCode, err := s.CurrentRows("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	var got []CurrentRow
	var calls []string
	err = s.EachCurrentRowsIn("huzhou-2023", "2023Q3", func(units []string) {
		asked = slices.Clone(units)
		slices.Sort(asked)
		slices.SortFunc(units, func(a, b string) int { return strings.Compare(b, a) }) // wuxing before nanxun: not the codes' order
	}, func(rows []CurrentRow) error {
		calls = append(calls, rows[0].Unit)
		got = append(got, rows...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"nanxun", "wuxing"}; !reflect.DeepEqual(asked, want) {
		t.Errorf("sortUnits got %v, want %v", asked, want)
	}
	if want := []string{"wuxing", "nanxun"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("fn called for %v, want %v", calls, want)
	}
	want := append(rowLines(byCode[3:]), rowLines(byCode[:3])...)
	if lines := rowLines(got); !reflect.DeepEqual(lines, want) {
		t.Errorf("rows:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if err := s.EachCurrentRowsIn("huzhou-2023", "2024Q1", func([]string) { t.Error("sortUnits called for a period without submissions") },
		func([]CurrentRow) error { return nil }); err != nil {
		t.Fatal(err)
	}
}
