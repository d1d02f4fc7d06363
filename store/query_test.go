package store

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// scenario builds a period where each unit shows one case of status.
//
//	#1 wuxing  2023Q3 accepted  09:30  i1=10   USCC X1, SHARED   (superseded by #2)
//	#2 wuxing  2023Q3 accepted  10:30  i1=10.50, qual 完成  USCC X2, SHARED
//	#3 nanxun  2023Q3 accepted  09:30  i1=7    USCC SHARED, N1; projects.uscc P1
//	#4 nanxun  2023Q3 rejected  11:30  (a later correction, rejected)
//	#5 deqing  2023Q3 rejected  late   USCC D1
//	#6 ''      2023Q3 unreadable
//	#7 anji    2023Q2 accepted  i1=3
func scenario(t *testing.T) *Store {
	s, _ := openTemp(t)
	type spec struct {
		unit, period string
		outcome      Outcome
		hours        int
		late         bool
		values       []string
		usccs        []string
		projects     []string
	}
	for i, sp := range []spec{
		{"wuxing", "2023Q3", Accepted, 0, false, []string{"10"}, []string{"X10000000000000000", "SHARED000000000000"}, nil},
		{"wuxing", "2023Q3", Accepted, 1, false, []string{"10.50"}, []string{"X20000000000000000", "SHARED000000000000"}, nil},
		{"nanxun", "2023Q3", Accepted, 0, false, []string{"7"}, []string{"SHARED000000000000", "N10000000000000000"}, []string{"P10000000000000000"}},
		{"nanxun", "2023Q3", Rejected, 2, false, []string{""}, []string{"N2"}, nil},
		{"deqing", "2023Q3", Rejected, 0, true, []string{""}, []string{"D10000000000000000"}, nil},
		{"", "2023Q3", Unreadable, 0, false, nil, nil, nil},
		{"anji", "2023Q2", Accepted, 0, false, []string{"3"}, []string{"A1"}, nil},
	} {
		sub := Submission{
			Campaign: "huzhou-2023", Unit: sp.unit, Period: sp.period, SHA256: put(t, s, fmt.Sprint("file ", i)),
			SourcePath: fmt.Sprintf("in/%d.xlsx", i+1), ReceivedAt: t0.Add(time.Duration(sp.hours) * time.Hour),
			Late: sp.late, Outcome: sp.outcome,
		}
		for j, v := range sp.values {
			sub.Values = append(sub.Values, Value{Indicator: fmt.Sprintf("i%d", j+1), Value: v, Cell: fmt.Sprintf("G%d", 5+j)})
		}
		if i == 1 {
			sub.Values = append(sub.Values, Value{Indicator: "qual", Text: "完成", Cell: "G9"}, Value{Indicator: "empty", Cell: "G10"})
		}
		for j, u := range sp.usccs {
			sub.Rows = append(sub.Rows, Row{List: "inefficient-register", Index: j, Values: map[string]Cell{"uscc": {Value: u, Cell: fmt.Sprintf("C%d", 4+j)}}})
		}
		for j, u := range sp.projects {
			sub.Rows = append(sub.Rows, Row{List: "projects", Index: j, Values: map[string]Cell{"uscc": {Value: u, Cell: fmt.Sprintf("D%d", 4+j)}}})
		}
		if sp.outcome != Accepted {
			sub.Findings = []Finding{
				{Code: "not-a-number", Severity: SeverityError, Sheet: "指标填报", Cell: "G5", Message: "不是数字"},
				{Code: "target-changed", Severity: SeverityWarning, Sheet: "指标填报", Cell: "E5", Message: "目标被改动"},
			}
		}
		record(t, s, sub)
	}
	return s
}

func TestCurrentAndValues(t *testing.T) {
	s := scenario(t)
	cur, err := s.Current("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, c := range cur {
		got[c.Unit] = fmt.Sprintf("#%d %v", c.ID, c.Values)
	}
	want := map[string]string{
		"nanxun": "#3 [{i1 7   G5}]",
		"wuxing": "#2 [{i1 10.50   G5} {qual  完成  G9} {empty    G10}]",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Current = %v\nwant %v", got, want)
	}
	for _, c := range cur {
		if !c.Current() {
			t.Errorf("#%d listed as current but Current() is false", c.ID)
		}
	}
	if cur[0].Unit != "nanxun" || cur[1].Unit != "wuxing" {
		t.Errorf("Current not in unit order")
	}

	for _, tc := range []struct {
		period, unit string
		want         map[string]string
	}{
		{"2023Q3", "wuxing", map[string]string{"i1": "10.50", "qual": "完成"}},
		{"2023Q3", "nanxun", map[string]string{"i1": "7"}},
		{"2023Q3", "deqing", map[string]string{}}, // only rejected
		{"2023Q2", "anji", map[string]string{"i1": "3"}},
		{"2023Q2", "wuxing", map[string]string{}}, // the previous period, nothing yet
	} {
		got, err := s.AcceptedValues("huzhou-2023", tc.period, tc.unit)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("AcceptedValues(%s, %s) = %v, want %v", tc.period, tc.unit, got, tc.want)
		}
	}
}

func TestStatusAndLatestAttempt(t *testing.T) {
	s := scenario(t)
	st, err := s.Status("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range st {
		line := fmt.Sprintf("%s %s #%d %s late=%v errors=%d warnings=%d", u.Unit, u.State, u.Shown.ID,
			u.Shown.ReceivedAt.Format("15:04"), u.Shown.Late, u.Shown.Errors, u.Shown.Warnings)
		if u.Later != nil {
			line += fmt.Sprintf(" later=#%d %s errors=%d", u.Later.ID, u.Later.Outcome, u.Later.Errors)
		}
		got = append(got, line)
	}
	want := []string{
		"deqing rejected #5 09:30 late=true errors=1 warnings=1",
		"nanxun accepted #3 09:30 late=false errors=0 warnings=0 later=#4 rejected errors=1",
		"wuxing accepted #2 10:30 late=false errors=0 warnings=0",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Status =\n%q\nwant\n%q", got, want)
	}

	latest, err := s.LatestAttempt("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, l := range latest {
		ids = append(ids, fmt.Sprintf("%s #%d %s", l.Unit, l.ID, l.Outcome))
	}
	if want := []string{"deqing #5 rejected", "nanxun #4 rejected", "wuxing #2 accepted"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("LatestAttempt = %v, want %v", ids, want)
	}

	subs, err := s.Submissions("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 6 {
		t.Errorf("Submissions(2023Q3) = %d, want 6 (the unreadable file included)", len(subs))
	}
	if all, _ := s.Submissions("huzhou-2023", ""); len(all) != 7 {
		t.Errorf("Submissions(all periods) = %d, want 7", len(all))
	}
	if other, _ := s.Status("another", "2023Q3"); len(other) != 0 {
		t.Errorf("Status of another campaign = %v", other)
	}
}

func TestAcceptedUSCC(t *testing.T) {
	s := scenario(t)
	register := ListColumn{List: "inefficient-register", Column: "uscc"}
	projects := ListColumn{List: "projects", Column: "uscc"}
	for _, tc := range []struct {
		name    string
		period  string
		except  string
		columns []ListColumn
		want    map[string]string
	}{
		{"others than wuxing", "2023Q3", "wuxing", []ListColumn{register}, map[string]string{"SHARED000000000000": "nanxun", "N10000000000000000": "nanxun"}},
		{"others than nanxun", "2023Q3", "nanxun", []ListColumn{register}, map[string]string{"SHARED000000000000": "wuxing", "X20000000000000000": "wuxing"}},
		{"everyone: first unit by code", "2023Q3", "", []ListColumn{register}, map[string]string{"SHARED000000000000": "nanxun", "N10000000000000000": "nanxun", "X20000000000000000": "wuxing"}},
		{"two lists", "2023Q3", "wuxing", []ListColumn{register, projects}, map[string]string{"SHARED000000000000": "nanxun", "N10000000000000000": "nanxun", "P10000000000000000": "nanxun"}},
		{"no columns", "2023Q3", "", nil, map[string]string{}},
		{"other period", "2023Q2", "wuxing", []ListColumn{register}, map[string]string{"A1": "anji"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.AcceptedUSCC("huzhou-2023", tc.period, tc.except, tc.columns...)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("AcceptedUSCC = %v, want %v", got, tc.want)
			}
		})
	}
	all, err := s.AcceptedUSCCUnits("huzhou-2023", "2023Q3", register)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"SHARED000000000000": {"nanxun", "wuxing"}, "N10000000000000000": {"nanxun"}, "X20000000000000000": {"wuxing"}}
	if !reflect.DeepEqual(all, want) {
		t.Errorf("AcceptedUSCCUnits = %v, want %v", all, want)
	}
}

func TestAuditFilter(t *testing.T) {
	s := scenario(t)
	for _, tc := range []struct {
		name   string
		filter AuditFilter
		want   []string
	}{
		{"wuxing's history", AuditFilter{Campaign: "huzhou-2023", Period: "2023Q3", Unit: "wuxing"},
			[]string{"accepted #1", "accepted #2", "superseded #1"}},
		{"one submission", AuditFilter{Submission: 1}, []string{"accepted #1", "superseded #1"}},
		{"nanxun", AuditFilter{Unit: "nanxun"}, []string{"accepted #3", "rejected #4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := auditActions(t, s, tc.filter); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Audit = %v, want %v", got, tc.want)
			}
		})
	}
	entries, _ := s.Audit(AuditFilter{Submission: 1})
	if e := entries[1]; e.Detail != "被第 2 号报送更正（来源 in/2.xlsx）" || !e.At.Equal(t0) {
		t.Errorf("superseded entry = %+v", e)
	}
	if _, err := s.db.Exec(`DELETE FROM audit`); err == nil {
		t.Error("the audit log could be deleted")
	}
}
