package workbook

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// ParentList is one list (清单) of the city's template as the county reads it: its
// columns as the sheet shows and validates them (the template writes no list
// definition elsewhere), and the prepared input rows the metadata records.
type ParentList struct {
	ID      string // the city's list id (the metadata key's first part)
	Name    string // the list's name (the sheet title after unit and period)
	Sheet   string
	Columns []ParentColumn
	// First and Last are the prepared input rows: the merged rows must fit in them.
	First, Last int
	// Filled counts the rows the city pre-filled (preset rows), from First; Preset
	// are those rows that hold anything, as the sheet shows them.
	Filled int
	Preset []PresetRow
}

// PresetRow is a row the city pre-filled in a list: its 序号 and values by column id.
type PresetRow struct {
	No     string
	Values map[string]string
}

// ParentColumn is one column of a city's list, read from its header and validation.
type ParentColumn struct {
	ID, Title string
	Required  bool // the header ends with " *"
	Type      campaign.ColumnType
	Min, Max  string   // a number column's bounds, "" when open
	Values    []string // an enum's choices
	Col       int      // the column's number on the sheet
}

// ParentTask is one task of the city's 任务进展 the county reports on.
type ParentTask struct {
	ID, No, Action, Title, Text, Due string
	Lead                             bool // the county leads it (牵头), else 配合
	StatusCell, ProgressCell         string
}

// TaskSheet is the sheet name of 任务进展 (where ParentTask cells are).
const TaskSheet = taskSheet

// unboundedNumber is what columnValidation writes for a number column without a bound.
const unboundedNumber = "1000000000000"

// readParentLists reads the lists of a city's template, in the metadata's order.
func readParentLists(f *excelize.File, meta Metadata) []ParentList {
	var out []ParentList
	index := map[string]int{}
	dvs := map[string]map[string]*excelize.DataValidation{} // sheet -> sqref -> validation
	for _, in := range meta.Inputs {
		if in.Kind != InputListColumn {
			continue
		}
		listID, colID, ok := strings.Cut(in.Key, ".")
		first, last, ok2 := strings.Cut(in.Ref, ":")
		if !ok || !ok2 {
			continue
		}
		col, firstRow, err := excelize.CellNameToCoordinates(first)
		if err != nil {
			continue
		}
		_, lastRow, err := excelize.CellNameToCoordinates(last)
		if err != nil {
			continue
		}
		i, seen := index[listID]
		if !seen {
			title, _ := f.GetCellValue(in.Sheet, "A1")
			name := strings.TrimPrefix(title, strings.Join([]string{meta.UnitName, periodLabel(meta.Period), ""}, " "))
			out = append(out, ParentList{ID: listID, Name: name, Sheet: in.Sheet, First: firstRow, Last: lastRow})
			i = len(out) - 1
			index[listID] = i
		}
		if dvs[in.Sheet] == nil {
			dvs[in.Sheet] = map[string]*excelize.DataValidation{}
			list, _ := f.GetDataValidations(in.Sheet)
			for _, dv := range list {
				dvs[in.Sheet][dv.Sqref] = dv
			}
		}
		for r := firstRow; r <= lastRow && r-firstRow < maxListRows; r++ {
			if v, _ := f.GetCellValue(in.Sheet, cell(col, r)); v != "" {
				out[i].Filled = max(out[i].Filled, r-firstRow+1)
			}
		}
		header, _ := f.GetCellValue(in.Sheet, cell(col, firstRow-1))
		c := ParentColumn{ID: colID, Col: col, Type: campaign.ColText}
		c.Title, c.Required = strings.CutSuffix(strings.TrimSpace(header), " *")
		readValidation(f, &c, dvs[in.Sheet][in.Ref])
		out[i].Columns = append(out[i].Columns, c)
	}
	for i := range out {
		readPreset(f, &out[i])
	}
	return out
}

// readPreset reads the rows the city pre-filled in a list.
func readPreset(f *excelize.File, l *ParentList) {
	for r := l.First; r < l.First+l.Filled; r++ {
		row := PresetRow{Values: map[string]string{}}
		row.No, _ = f.GetCellValue(l.Sheet, cell(1, r))
		for _, c := range l.Columns {
			if v, _ := f.GetCellValue(l.Sheet, cell(c.Col, r)); strings.TrimSpace(v) != "" {
				row.Values[c.ID] = strings.TrimSpace(v)
			}
		}
		if len(row.Values) > 0 {
			l.Preset = append(l.Preset, row)
		}
	}
}

// readValidation reads a column's type from its validation (columnValidation's kinds).
func readValidation(f *excelize.File, c *ParentColumn, dv *excelize.DataValidation) {
	if dv == nil {
		return
	}
	bound := func(s string) string {
		if s = strings.Trim(s, `"`); strings.TrimPrefix(s, "-") == unboundedNumber {
			return ""
		}
		return s
	}
	switch dv.Type {
	case "decimal", "whole":
		c.Type = campaign.ColDecimal
		if dv.Type == "whole" {
			c.Type = campaign.ColInteger
		}
		c.Min, c.Max = bound(dv.Formula1), bound(dv.Formula2)
	case "date":
		c.Type = campaign.ColDate
	case "textLength":
		if dv.Formula1 == "18" && dv.Formula2 == "18" {
			c.Type = campaign.ColUSCC
		}
	case "list":
		c.Type = campaign.ColEnum
		c.Values = choices(f, dv.Formula1)
	}
}

// choices are a dropdown's values: inline ("a,b") or a range on the metadata sheet.
func choices(f *excelize.File, formula string) []string {
	if strings.HasPrefix(formula, `"`) {
		s := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(formula, `"`), `"`), `""`, `"`)
		return strings.Split(s, ",")
	}
	sheet, ref, ok := strings.Cut(strings.TrimPrefix(formula, "="), "!")
	if !ok {
		return nil
	}
	sheet = strings.Trim(sheet, "'")
	from, to, _ := strings.Cut(strings.ReplaceAll(ref, "$", ""), ":")
	col, r1, err1 := excelize.CellNameToCoordinates(from)
	_, r2, err2 := excelize.CellNameToCoordinates(to)
	if err1 != nil || err2 != nil || r2-r1 > 10000 {
		return nil
	}
	var out []string
	for r := r1; r <= r2; r++ {
		if v, _ := f.GetCellValue(sheet, cell(col, r)); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// readParentTasks reads the tasks of a city's 任务进展, in the metadata's order.
func readParentTasks(f *excelize.File, meta Metadata) []ParentTask {
	var out []ParentTask
	index := map[string]int{}
	for _, in := range meta.Inputs {
		if (in.Kind != InputTaskStatus && in.Kind != InputTaskProgress) || in.Sheet != taskSheet {
			continue
		}
		i, seen := index[in.Key]
		if !seen {
			_, row, err := excelize.CellNameToCoordinates(in.Ref)
			if err != nil {
				continue
			}
			get := func(col int) string {
				v, _ := f.GetCellValue(taskSheet, cell(col, row))
				return strings.TrimSpace(v)
			}
			out = append(out, ParentTask{ID: in.Key, No: get(1), Action: get(2), Title: get(3), Text: get(4), Lead: get(5) == "牵头", Due: get(6)})
			i = len(out) - 1
			index[in.Key] = i
		}
		if in.Kind == InputTaskStatus {
			out[i].StatusCell = in.Ref
		} else {
			out[i].ProgressCell = in.Ref
		}
	}
	return out
}

// CellName is a cell's name from its column and row numbers (2, 4 → B4).
func CellName(col, row int) string { return cell(col, row) }

// periodLabel is a period's label (2023年第三季度) from its code, or the code.
func periodLabel(code string) string {
	if p, err := campaign.ParsePeriod(code); err == nil {
		return p.Label()
	}
	return code
}
