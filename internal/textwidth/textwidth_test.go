package textwidth

import "testing"

func TestOf(t *testing.T) {
	tests := map[string]int{"": 0, "abc": 3, "全市": 4, "全市 15": 7, "１２３": 6, "4.5（含南太湖新区）": 3 + 2 + 12 + 2}
	for s, want := range tests {
		if got := Of(s); got != want {
			t.Errorf("Of(%q) = %d, want %d", s, got, want)
		}
	}
}
