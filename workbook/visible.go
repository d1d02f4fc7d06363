package workbook

import (
	"errors"
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
// reads “<unit> <period label> 指标填报表”. It holds the reading limits of ReadTemplate
// (a file over them, or one that makes the reader panic, is an ErrDamaged error) and
// reads a sheet past its third row only when the headers are the template's.
func ReadVisible(data []byte) (v *Visible, err error) {
	err = withExcelize(data, func(p *pkg, f *excelize.File) error {
		v, err = readVisible(p, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

func readVisible(p *pkg, f *excelize.File) (*Visible, error) {
	for _, sheet := range f.GetSheetList() {
		var title string
		var headers []string
		var rows []VisibleRow
		last := 0
		err := p.eachRow(f, sheet, func(n int, r []string) bool {
			last = n
			get := func(col int) string {
				if col-1 < len(r) {
					return strings.TrimSpace(r[col-1])
				}
				return ""
			}
			switch {
			case n == 1:
				title = first(r)
			case n == 3:
				headers = r
			case n > 3 && !sameHeaders(headers):
				return false // not laid out like a template: stop reading it
			case n >= firstInputRow && get(colIndicator) != "":
				rows = append(rows, VisibleRow{Row: n, Name: get(colIndicator), Target: get(colTarget), Value: get(colValue), Note: get(colNote)})
			}
			return len(rows) <= maxListRows
		})
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		if err != nil || last < firstInputRow || !sameHeaders(headers) {
			continue
		}
		if len(rows) > maxListRows {
			return nil, damaged("“%s”表的指标行超过 %d 行，不像是填报模板：%s", sheet, maxListRows, fixTemplate)
		}
		t := strings.Fields(strings.TrimSuffix(strings.TrimSpace(title), "指标填报表"))
		if len(t) < 2 {
			return nil, fmt.Errorf("“%s”表的标题看不出单位和期次", sheet)
		}
		return &Visible{UnitName: t[0], PeriodLabel: t[1], Sheet: sheet, Rows: rows}, nil
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
