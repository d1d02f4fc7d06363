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
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("打不开工作簿：%w", err)
	}
	defer f.Close()
	for key, v := range values {
		sheet, ref, ok := strings.Cut(key, "!")
		if !ok {
			return nil, fmt.Errorf("单元格“%s”应写成 工作表!单元格", key)
		}
		// SetCellDefault stores numeric text as a number cell and other text as a string.
		if err := f.SetCellDefault(sheet, ref, v); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
