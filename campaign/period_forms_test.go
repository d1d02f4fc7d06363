package campaign

import (
	"strings"
	"testing"
)

// The labels tenglong prints (2023年第三季度 on every screen and document) are read
// back as periods, so a clerk can copy them into --period; nonsense still fails and
// the message shows both ways of writing.
func TestParsePeriodPrintedForms(t *testing.T) {
	for in, want := range map[string]string{
		"2023年第三季度": "2023Q3",
		"2023年第3季度": "2023Q3",
		" 2023年9月 ": "2023-09",
		"2023年度":    "2023",
		"2023Q3":    "2023Q3",
	} {
		p, err := ParsePeriod(in)
		if err != nil || p.String() != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %s", in, p, err, want)
		}
	}
	for _, bad := range []string{"2023年第五季度", "2023年13月", "三季度"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	if _, err := ParsePeriod("x"); err == nil || !strings.Contains(err.Error(), "2023年第三季度") {
		t.Errorf("the message does not show the printed form: %v", err)
	}
}
