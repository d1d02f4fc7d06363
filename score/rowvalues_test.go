package score

import (
	"maps"
	"strings"
	"testing"
)

func TestRowValues(t *testing.T) {
	long := strings.Repeat("长", 100) // a length past one varint byte
	tests := []struct {
		name   string
		values map[string]string
	}{
		{"none", map[string]string{}},
		{"empty value kept", map[string]string{"start": "", "name": "甲"}},
		{"several", map[string]string{"uscc": "91330301MA2AB0C12X", "land": "12.5", "note": long}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := PackValues(tt.values)
			for col, want := range tt.values {
				if got := v.Get(col); got != want {
					t.Errorf("Get(%q) = %q, want %q", col, got, want)
				}
			}
			if got := v.Get("absent"); got != "" {
				t.Errorf("Get of an absent column = %q", got)
			}
			if got := v.Map(); !maps.Equal(got, tt.values) {
				t.Errorf("Map() = %v, want %v", got, tt.values)
			}
		})
	}
}

// A packer's rows share one string and keep apart.
func TestRowPackerRows(t *testing.T) {
	var p RowPacker
	p.Put("a", "1")
	p.EndRow()
	p.EndRow() // a row without values
	p.Put("a", "3")
	p.Put("b", "三")
	p.EndRow()
	rows := p.Rows()
	if len(rows) != 3 || rows[0].Get("a") != "1" || len(rows[1].Map()) != 0 || rows[2].Get("a") != "3" || rows[2].Get("b") != "三" {
		t.Fatalf("rows: %v", rows)
	}
	p.Put("c", "next")
	p.EndRow()
	if again := p.Rows(); len(again) != 1 || again[0].Get("c") != "next" || rows[0].Get("a") != "1" {
		t.Errorf("a second batch: %v, first now %v", again, rows)
	}
}
