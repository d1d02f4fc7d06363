package campaign

import (
	"strings"
	"testing"
	"time"
)

func TestReportingPeriod(t *testing.T) {
	c := &Campaign{Span: Span{YearMonth{2021, 1}, YearMonth{2023, 12}}, Cadence: Quarterly}
	tests := []struct {
		in      string
		want    string
		wantErr []string
	}{
		{"2022Q3", "2022Q3", nil},
		{"2023", "2023", nil},
		{"2021q1", "2021Q1", nil},
		{"2022-08", "", []string{"按季度报送", "太细", "2021Q1 至 2023Q4"}},
		{"2024Q1", "", []string{"不在行动期", "2021-01 至 2023-12"}},
		{"2020", "", []string{"不在行动期"}},
		{"2022Q5", "", []string{"2023Q3（季度）"}},
	}
	for _, tt := range tests {
		p, err := c.ReportingPeriod(tt.in)
		if tt.wantErr == nil {
			if err != nil || p.String() != tt.want {
				t.Errorf("%s: %v %v", tt.in, p, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s accepted", tt.in)
			continue
		}
		for _, w := range tt.wantErr {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", tt.in, err, w)
			}
		}
	}
	monthly := &Campaign{Span: Span{YearMonth{2015, 7}, YearMonth{2015, 12}}, Cadence: Monthly}
	if _, err := monthly.ReportingPeriod("2015-08"); err != nil {
		t.Error(err)
	}
	if _, err := monthly.ReportingPeriod("2015-06"); err == nil || !strings.Contains(err.Error(), "2015-07 至 2015-12") {
		t.Errorf("2015-06: %v", err)
	}
}

func TestCurrentPeriod(t *testing.T) {
	c := &Campaign{Span: Span{YearMonth{2021, 1}, YearMonth{2023, 12}}, Cadence: Quarterly}
	at := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct{ now, want string }{
		{"2020-06-01", "2021Q1"}, // before any period ended: the first
		{"2021-03-31", "2021Q1"}, // the day a quarter ends
		{"2022-10-05", "2022Q3"},
		{"2026-11-22", "2023Q4"}, // long after: the last
	}
	for _, tt := range tests {
		if got := c.CurrentPeriod(at(tt.now)).String(); got != tt.want {
			t.Errorf("CurrentPeriod(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}
