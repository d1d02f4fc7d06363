package workbook

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCellCoordinates: the allocation-free reading of a cell reference agrees with
// excelize wherever it answers, and leaves everything unusual to excelize.
func TestCellCoordinates(t *testing.T) {
	for _, tc := range []struct {
		ref      string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true},
		{"B12", 2, 12, true},
		{"Z9", 26, 9, true},
		{"AA10", 27, 10, true},
		{"XFD1048576", 16384, 1048576, true},
		{"ZZZ1", 18278, 1, true}, // beyond Excel: the reader's column check refuses it
		{"", 0, 0, false},
		{"A", 0, 0, false},
		{"12", 0, 0, false},
		{"A0", 0, 0, false},
		{"A01", 0, 0, false},
		{"a1", 0, 0, false},
		{"$A$1", 0, 0, false},
		{"AAAA1", 0, 0, false},
		{"A1B", 0, 0, false},
		{"A12345678", 0, 0, false},
	} {
		col, row, ok := cellCoordinates([]byte(tc.ref))
		if col != tc.col || row != tc.row || ok != tc.ok {
			t.Errorf("cellCoordinates(%q) = %d, %d, %v; want %d, %d, %v", tc.ref, col, row, ok, tc.col, tc.row, tc.ok)
		}
	}
	for col := 1; col <= excelize.MaxColumns; col += 37 {
		for _, row := range []int{1, 9, 10, 99, 1000, 1048576} {
			ref, err := excelize.CoordinatesToCellName(col, row)
			if err != nil {
				t.Fatal(err)
			}
			c, r, ok := cellCoordinates([]byte(ref))
			if !ok || c != col || r != row {
				t.Fatalf("cellCoordinates(%q) = %d, %d, %v; excelize says %d, %d", ref, c, r, ok, col, row)
			}
		}
	}
}
