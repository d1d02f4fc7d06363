package campaign

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in    string
		want  Period
		str   string
		label string
		end   YearMonth
	}{
		{"2023", Period{Kind: Annual, Year: 2023}, "2023", "2023年度", YearMonth{2023, 12}},
		{"2023Q3", Period{Kind: Quarterly, Year: 2023, Quarter: 3}, "2023Q3", "2023年第三季度", YearMonth{2023, 9}},
		{"2023q1", Period{Kind: Quarterly, Year: 2023, Quarter: 1}, "2023Q1", "2023年第一季度", YearMonth{2023, 3}},
		{" 2023-09 ", Period{Kind: Monthly, Year: 2023, Month: 9}, "2023-09", "2023年9月", YearMonth{2023, 9}},
		{"2023-9", Period{Kind: Monthly, Year: 2023, Month: 9}, "2023-09", "2023年9月", YearMonth{2023, 9}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParsePeriod(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || got.String() != tt.str || got.Label() != tt.label || got.EndMonth() != tt.end {
				t.Errorf("got %+v %q %q %v", got, got.String(), got.Label(), got.EndMonth())
			}
		})
	}
}

func TestParsePeriodErrorsShowAcceptedForms(t *testing.T) {
	for _, in := range []string{"", "2023Q5", "2023Q0", "2023-13", "2023-00", "23Q3", "2023年", "Q3", "2023/09", "2023-09-01"} {
		_, err := ParsePeriod(in)
		if err == nil {
			t.Errorf("ParsePeriod(%q) accepted", in)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, "2023Q3") || !strings.Contains(msg, "2023-09") || !strings.Contains(msg, "季度") {
			t.Errorf("ParsePeriod(%q) error %q does not show the accepted forms", in, msg)
		}
	}
}

func TestPeriodArithmetic(t *testing.T) {
	q1, _ := ParsePeriod("2023Q1")
	if p := q1.Previous(); p.String() != "2022Q4" {
		t.Errorf("previous of 2023Q1 = %s", p)
	}
	jan, _ := ParsePeriod("2023-01")
	if p := jan.Previous(); p.String() != "2022-12" {
		t.Errorf("previous of 2023-01 = %s", p)
	}
	y, _ := ParsePeriod("2023")
	if p := y.Previous(); p.String() != "2022" {
		t.Errorf("previous of 2023 = %s", p)
	}
	q3, _ := ParsePeriod("2023Q3")
	if d := q3.Deadline(10).Format("2006-01-02"); d != "2023-10-10" {
		t.Errorf("deadline of 2023Q3 + 10 days = %s", d)
	}
	feb, _ := ParsePeriod("2024-02")
	if d := feb.EndDate().Format("2006-01-02"); d != "2024-02-29" {
		t.Errorf("end of 2024-02 = %s (leap year)", d)
	}
	span := Span{YearMonth{2021, 1}, YearMonth{2023, 12}}
	if got := len(span.Periods(Quarterly)); got != 12 {
		t.Errorf("quarters in 2021–2023 = %d", got)
	}
	if got := len(Span{YearMonth{2015, 7}, YearMonth{2015, 12}}.Periods(Monthly)); got != 6 {
		t.Errorf("months July–December = %d", got)
	}
	if !q3.Within(Span{YearMonth{2023, 1}, YearMonth{2023, 12}}) || !q3.Within(span) || q3.Within(Span{YearMonth{2024, 1}, YearMonth{2024, 12}}) {
		t.Error("Within is wrong for 2023Q3")
	}
}

func TestParseYearMonth(t *testing.T) {
	if m, err := ParseYearMonth("2023-01"); err != nil || m != (YearMonth{2023, 1}) {
		t.Errorf("got %v %v", m, err)
	}
	for _, in := range []string{"2023", "2023-13", "2023-0", "abc", "2023-01-01"} {
		if _, err := ParseYearMonth(in); err == nil {
			t.Errorf("ParseYearMonth(%q) accepted", in)
		}
	}
}

func TestParsePeriodLabelReadsLabel(t *testing.T) {
	for _, s := range []string{"2023Q1", "2023Q3", "2023Q4", "2023-01", "2023-12", "2023"} {
		p, _ := ParsePeriod(s)
		got, err := ParsePeriodLabel(p.Label())
		if err != nil || got != p {
			t.Errorf("ParsePeriodLabel(%q) = %v, %v; want %v", p.Label(), got, err, p)
		}
	}
	if p, err := ParsePeriodLabel("2023年第3季度"); err != nil || p.String() != "2023Q3" {
		t.Errorf("arabic quarter: %v %v", p, err)
	}
	for _, bad := range []string{"", "第三季度", "2023年第五季度", "2023年13月"} {
		if _, err := ParsePeriodLabel(bad); err == nil {
			t.Errorf("ParsePeriodLabel(%q) accepted", bad)
		}
	}
}

func TestLate(t *testing.T) {
	q3, _ := ParsePeriod("2023Q3") // ends 2023-09-30; deadline 10 days later: 2023-10-10
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		at   time.Time
		late bool
	}{
		{time.Date(2023, 10, 9, 18, 0, 0, 0, cst), false},
		{time.Date(2023, 10, 10, 23, 59, 0, 0, cst), false}, // the deadline day is whole
		{time.Date(2023, 10, 11, 0, 0, 1, 0, cst), true},
		{time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		if got := q3.Late(tt.at, 10); got != tt.late {
			t.Errorf("Late(%v) = %v, want %v", tt.at, got, tt.late)
		}
	}
}

func TestDateLabel(t *testing.T) {
	for in, want := range map[string]string{"2023-10-10": "2023年10月10日", "2024-01-05": "2024年1月5日"} {
		d, err := time.Parse("2006-01-02", in)
		if err != nil {
			t.Fatal(err)
		}
		if got := DateLabel(d); got != want {
			t.Errorf("DateLabel(%s) = %q, want %q", in, got, want)
		}
	}
}
