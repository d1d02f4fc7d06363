package campaign

import (
	"strings"
	"testing"
	"time"
)

const tzBase = `id: tz
title: 时区
span: {start: 2023-01, end: 2023-12}
units: [{code: a, name: 甲}]
indicators:
  - {id: i, name: 指标, kind: flow, targets: {a: 1}}
`

func TestTimezone(t *testing.T) {
	tests := []struct {
		extra, zone, problem string
	}{
		{"", "Asia/Shanghai", ""},
		{"timezone: Asia/Urumqi\n", "Asia/Urumqi", ""},
		{"timezone: Asia/Beijing\n", "Asia/Shanghai", "bad-timezone"},
		{"timezone: Local\n", "Asia/Shanghai", "bad-timezone"},
		{"timezone: \"+08:00\"\n", "Asia/Shanghai", "bad-timezone"},
	}
	for _, tt := range tests {
		c, probs := Load([]byte(tzBase + tt.extra))
		if got := c.Location().String(); got != tt.zone {
			t.Errorf("%q: zone %s, want %s", tt.extra, got, tt.zone)
		}
		var codes []string
		for _, p := range probs {
			codes = append(codes, p.Code)
			if p.Code == "bad-timezone" && p.Line != 7 {
				t.Errorf("%q: bad-timezone on line %d, want 7", tt.extra, p.Line)
			}
		}
		if got := strings.Join(codes, ","); got != tt.problem {
			t.Errorf("%q: problems %q, want %q", tt.extra, got, tt.problem)
		}
	}
}

// TestLateInCampaignZone: the deadline day ends at midnight in the campaign's zone,
// whatever zone the received moment carries.
func TestLateInCampaignZone(t *testing.T) {
	c, _ := Load([]byte(tzBase)) // deadline 10: 2023Q3 is due 2023-10-10
	p, _ := ParsePeriod("2023Q3")
	tests := []struct {
		at   string
		late bool
	}{
		{"2023-10-10T23:30:00+08:00", false},
		{"2023-10-10T15:30:00Z", false}, // the same moment in UTC
		{"2023-10-10T11:30:00-04:00", false},
		{"2023-10-11T00:10:00+08:00", true},
		{"2023-10-10T16:10:00Z", true}, // still the 10th in UTC, already the 11th in Shanghai
		{"2023-10-10T12:10:00-04:00", true},
	}
	for _, tt := range tests {
		at, err := time.Parse(time.RFC3339, tt.at)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Late(p, at); got != tt.late {
			t.Errorf("Late(%s) = %v, want %v", tt.at, got, tt.late)
		}
	}
}

func TestControlCharactersRefused(t *testing.T) {
	tests := []struct {
		replace, with string
		line          int
	}{
		{"name: 甲", `name: "甲\e[2J"`, 4},
		{"title: 时区", `title: "时区\a"`, 2},
		{"name: 指标", `name: "指标\u202Egpj.exe"`, 6},
		{"name: 指标", `name: "指标\x9b31m"`, 6},
		{"name: 指标", `name: "指标\b\b"`, 6},
		{"name: 指标", `name: "指标\r覆盖"`, 6},
	}
	for _, tt := range tests {
		c, probs := Load([]byte(strings.Replace(tzBase, tt.replace, tt.with, 1)))
		found := false
		for _, p := range probs {
			if p.Code == "control-char" && p.Line == tt.line && strings.Contains(p.Message, "控制字符") {
				found = true
			}
			if _, bad := FirstUnsafe(p.Message); bad {
				t.Errorf("%s: the message itself carries the character: %q", tt.with, p.Message)
			}
		}
		if !found {
			t.Errorf("%s: no control-char error on line %d: %v", tt.with, tt.line, probs)
		}
		for _, s := range []string{c.Title, c.Units[0].Name, c.Indicators[0].Name} {
			if _, bad := FirstUnsafe(s); bad {
				t.Errorf("%s: loaded text keeps it: %q", tt.with, s)
			}
		}
	}
	// Newlines and tabs in a task's text are ordinary.
	if _, probs := Load([]byte(tzBase + "tasks: [{id: t, title: 任务, text: \"第一行\\n第二行\\t完\", lead: [a]}]\n")); len(probs) != 0 {
		t.Errorf("newline in a text refused: %v", probs)
	}
}
