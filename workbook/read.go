package workbook

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// ErrNotTemplate: the workbook opens but has no tenglong metadata sheet.
var ErrNotTemplate = errors.New("这不是 tenglong 生成的填报模板")

// CellValue is what one input cell of a returned template holds, as stored in the
// file (raw: numbers as their text, not as displayed).
type CellValue struct {
	InputCell
	Cell string // the cell itself; for list columns, one cell of the range
	Row  int    // for list columns, the 0-based row within the prepared rows; else -1
	Raw  string
}

// Return is a template read back: its metadata and the raw value of every input.
type Return struct {
	Metadata Metadata
	Values   []CellValue
}

// ReadTemplate reads a filled template by the addresses its metadata records. It
// reads raw values (formatted reads are slower and change numbers).
func ReadTemplate(data []byte) (*Return, error) {
	if ret, err := readTemplateFast(data); err == nil {
		return ret, nil
	}
	return readTemplateExcelize(data)
}

// readTemplateExcelize reads a template through excelize: every file the fast path
// declines, and the one that words the errors.
func readTemplateExcelize(data []byte) (*Return, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("打不开工作簿：%w", err)
	}
	defer f.Close()
	meta, err := readMetadata(f)
	if err != nil {
		return nil, err
	}
	ret := &Return{Metadata: *meta}
	sheets := sheetCache{f: f, rows: map[string][][]string{}}
	for _, in := range meta.Inputs {
		if in.Kind == InputListColumn {
			values, err := readRange(&sheets, in)
			if err != nil {
				return nil, err
			}
			ret.Values = append(ret.Values, values...)
			continue
		}
		col, row, err := excelize.CellNameToCoordinates(in.Ref)
		if err != nil {
			return nil, fmt.Errorf("元数据里的单元格“%s”格式不对", in.Ref)
		}
		v, err := sheets.value(in.Sheet, col, row)
		if err != nil {
			return nil, err
		}
		ret.Values = append(ret.Values, CellValue{InputCell: in, Cell: in.Ref, Row: -1, Raw: v})
	}
	return ret, nil
}

// sheetCache reads each sheet's raw values once: reading cell by cell walks the
// sheet's XML model again for every call.
type sheetCache struct {
	f    *excelize.File
	rows map[string][][]string
}

func (s *sheetCache) value(sheet string, col, row int) (string, error) {
	rows, ok := s.rows[sheet]
	if !ok {
		var err error
		rows, err = s.f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return "", fmt.Errorf("读不了工作表“%s”：%w", sheet, err)
		}
		s.rows[sheet] = rows
	}
	if row-1 >= len(rows) || col-1 >= len(rows[row-1]) {
		return "", nil
	}
	return rows[row-1][col-1], nil
}

// readRange reads every cell of a list column's prepared rows.
func readRange(s *sheetCache, in InputCell) ([]CellValue, error) {
	from, to, ok := strings.Cut(in.Ref, ":")
	if !ok {
		return nil, fmt.Errorf("元数据里清单区域“%s”格式不对", in.Ref)
	}
	col, first, err := excelize.CellNameToCoordinates(from)
	if err != nil {
		return nil, err
	}
	_, last, err := excelize.CellNameToCoordinates(to)
	if err != nil {
		return nil, err
	}
	var out []CellValue
	for row := first; row <= last; row++ {
		v, err := s.value(in.Sheet, col, row)
		if err != nil {
			return nil, err
		}
		out = append(out, CellValue{InputCell: in, Cell: cell(col, row), Row: row - first, Raw: v})
	}
	return out, nil
}

// readMetadata reads the metadata sheet written by metadataSheet.
func readMetadata(f *excelize.File) (*Metadata, error) {
	rows, err := f.GetRows(metadataSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%w（没有元数据表：%v）", ErrNotTemplate, err)
	}
	return metadataFromRows(rows)
}
