package web

import (
	"strings"
	"testing"
)

// The portal's fragment (what portal.js reads after an upload): the state badge, its
// class the state's colour, and the history, without the page around them.
func TestPortalStatusFragment(t *testing.T) {
	e := newEnv(t)
	link := e.link("changxing", "2023Q3")
	_, before := e.get(link + "?part=status")
	if !strings.Contains(string(before), `<span class="badge none" id="state">未报送</span>`) || !strings.Contains(string(before), "还没有报送") {
		t.Errorf("the fragment before any upload:\n%s", before)
	}
	e.upload(link, "长兴县.xlsx", e.goodReturn("changxing"))
	resp, after := e.get(link + "?part=status")
	text := string(after)
	if resp.StatusCode != 200 || strings.Contains(text, "<html") || strings.Contains(text, "还没有报送") ||
		!strings.Contains(text, `<span class="badge ok" id="state">已采用</span>`) || !strings.Contains(text, `id="history"`) ||
		!strings.Contains(text, "长兴县.xlsx") || !strings.Contains(text, "已采用（当前有效）") {
		t.Errorf("the fragment after a good return: %d\n%s", resp.StatusCode, text)
	}
}

// Each state has its own colour class: grey, green, amber, red, blue.
func TestStateClass(t *testing.T) {
	seen := map[string]string{}
	for state, want := range map[string]string{stateMissing: "none", stateAccepted: "ok", stateLate: "warn", stateRejected: "bad", statePending: "info"} {
		got := stateClass(state)
		if got != want {
			t.Errorf("stateClass(%s) = %q, want %q", state, got, want)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%s and %s share the colour %q", state, other, got)
		}
		seen[got] = state
	}
}
