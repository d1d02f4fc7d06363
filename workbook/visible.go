package workbook

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Visible is what a return shows on its 指标填报 sheet when its metadata is gone (cells
// copied into a new workbook): the title's unit name and period label, and the rows.
type Visible struct {
	UnitName    string
	PeriodLabel string
	Sheet       string
	Rows        []VisibleRow
}

// VisibleRow is one indicator row as laid out by the template.
type VisibleRow struct {
	Row    int
	Name   string // 指标
	Target string // 目标, raw
	Value  string // 本期值, raw
	Note   string // 备注
}

// ReadVisible reads a workbook laid out like a template's 指标填报 sheet: the sheet of
// that name, or the first whose third row has the template's headers. The title in A1
// reads “<unit> <period label> 指标填报表”.
func ReadVisible(data []byte) (*Visible, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("打不开工作簿：%w", err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil || len(rows) < firstInputRow || !sameHeaders(rows[2]) {
			continue
		}
		title := strings.Fields(strings.TrimSuffix(strings.TrimSpace(first(rows[0])), "指标填报表"))
		if len(title) < 2 {
			return nil, fmt.Errorf("“%s”表的标题看不出单位和期次", sheet)
		}
		v := &Visible{UnitName: title[0], PeriodLabel: title[1], Sheet: sheet}
		for i := firstInputRow - 1; i < len(rows); i++ {
			r := rows[i]
			get := func(col int) string {
				if col-1 < len(r) {
					return strings.TrimSpace(r[col-1])
				}
				return ""
			}
			if get(colIndicator) == "" {
				continue
			}
			v.Rows = append(v.Rows, VisibleRow{Row: i + 1, Name: get(colIndicator), Target: get(colTarget), Value: get(colValue), Note: get(colNote)})
		}
		return v, nil
	}
	return nil, fmt.Errorf("工作簿里没有“%s”表", indicatorSheet)
}

func first(row []string) string {
	if len(row) == 0 {
		return ""
	}
	return row[0]
}

func sameHeaders(row []string) bool {
	if len(row) < len(indicatorHeaders) {
		return false
	}
	for i, h := range indicatorHeaders {
		if strings.TrimSpace(row[i]) != h {
			return false
		}
	}
	return true
}

// ValueRef and NoteRef name the 本期值 and 备注 cells of a visible row.
func (r VisibleRow) ValueRef() string { return cell(colValue, r.Row) }

// NoteRef names the 备注 cell of a visible row.
func (r VisibleRow) NoteRef() string { return cell(colNote, r.Row) }

// TargetRef names the 目标 cell of a visible row.
func (r VisibleRow) TargetRef() string { return cell(colTarget, r.Row) }
