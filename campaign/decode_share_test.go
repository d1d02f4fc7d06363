package campaign

import (
	"bytes"
	"strings"
	"testing"

	"tenglong/internal/corpus"
)

// The units of a target line that write the same word share one Target, on the
// streamed way (the line read from its text) and the whole way (from its nodes)
// alike; a word with a problem is still reported for every unit that writes it, and
// a line's targets are not shared with another line's, whose line number differs.
func TestTargetsWrittenAlikeShareOneTarget(t *testing.T) {
	data := corpus.Campaign(corpus.Size{Units: 40, Indicators: 3, Tasks: 2})
	first := bytes.Index(data, []byte("    targets: {"))
	line := data[first : first+bytes.IndexByte(data[first:], '\n')]
	bad := bytes.Replace(line, []byte("u0001: "), []byte("u0001: abc, u0041: "), 1)
	bad = bytes.Replace(bad, []byte("u0002: "), []byte("u0002: abc, u0042: "), 1)
	bad = bytes.Replace(bad, []byte("u0003: "), []byte("u0003: 7.50, u0043: "), 1)
	bad = bytes.Replace(bad, []byte("u0004: "), []byte("u0004: 7.50, u0044: "), 1)
	data = bytes.Replace(data, line, bad, 1)
	for name, load := range map[string]func([]byte) (*Campaign, Problems){"streamed": Load, "whole": loadWhole} {
		t.Run(name, func(t *testing.T) {
			c, probs := load(data)
			var unreadable []string
			for _, p := range probs {
				if p.Code == "target-form" {
					unreadable = append(unreadable, p.Message)
				}
			}
			if len(unreadable) != 2 || !strings.Contains(unreadable[0], "u0001") || !strings.Contains(unreadable[1], "u0002") {
				t.Errorf("abc written for u0001 and u0002 reported as %q", unreadable)
			}
			set := c.Indicators[0].Targets
			if set["u0003"] != set["u0004"] || set["u0003"].Literal != "7.50" || set["u0003"].Value.String() != "7.5" {
				t.Errorf("7.50 of u0003 and u0004: %+v and %+v, want one shared target", set["u0003"], set["u0004"])
			}
			other := c.Indicators[1].Targets
			for code, t1 := range set {
				if t2, ok := other[code]; ok && t1 == t2 {
					t.Errorf("%s's targets of two lines are one", code)
				}
			}
		})
	}
}
