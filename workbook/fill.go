package workbook

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// FillInputs types values into a template's cells as a clerk would and returns the
// saved workbook: numbers as numbers, anything else as text. Keys are "sheet!cell".
// It is for simulated returns (tenglong demo) and tests; styles and protection stay.
func FillInputs(data []byte, values map[string]string) ([]byte, error) {
	var cells []Fill
	for key, v := range values {
		sheet, ref, ok := strings.Cut(key, "!")
		if !ok {
			return nil, fmt.Errorf("单元格“%s”应写成 工作表!单元格", key)
		}
		cells = append(cells, Fill{Sheet: sheet, Cell: ref, Value: v})
	}
	return FillCells(data, cells)
}

// Fill is one cell to type: Value as a number when it reads as one, unless Text
// keeps it text (a 统一社会信用代码 of digits only).
type Fill struct {
	Sheet, Cell, Value string
	Text               bool
}

// FillCells types cells in order and returns the saved workbook.
func FillCells(data []byte, cells []Fill) ([]byte, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("打不开工作簿：%w", err)
	}
	defer f.Close()
	for _, c := range cells {
		set := f.SetCellDefault // numeric text becomes a number cell, other text a string
		if c.Text {
			set = f.SetCellStr
		}
		if err := set(c.Sheet, c.Cell, c.Value); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// RangeCells lists the cells of a one-column range such as C4:C303, top to bottom.
func RangeCells(ref string) ([]string, error) {
	from, to, ok := strings.Cut(ref, ":")
	if !ok {
		return nil, fmt.Errorf("区域“%s”格式不对", ref)
	}
	col, first, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return nil, err
	}
	_, last, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, last-first+1)
	for row := first; row <= last; row++ {
		out = append(out, cell(col, row))
	}
	return out, nil
}
