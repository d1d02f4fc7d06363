package workbook

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
)

// ListRows hands the rows of a merged list to row in merge order (units in the
// campaign's order, then row), each with its Shared: where WriteSummaryFrom's list
// sheets read them — twice, once to measure and once to write — so that the rows of
// a 5,000-unit period (384,615 of them) need not be held while the workbook is
// written (results.StoredListRows reads them from the store unit by unit).
type ListRows func(ml *score.MergedList, row func(score.MergedRow) error) error

// heldRows reads the rows a merged list holds (results.Assemble keeps them).
func heldRows(ml *score.MergedList, row func(score.MergedRow) error) error {
	for _, r := range ml.Rows {
		if err := row(r); err != nil {
			return err
		}
	}
	return nil
}

// listTable is one merged list (合并清单): 序号, 填报单位, the list's columns — numbers
// as numbers, dates as dates — and, when the list has unique columns, 重复 naming the
// other units that reported the same value, those rows in orange.
func listTable(k *score.Consolidation, ml *score.MergedList, name string, st *styles, rows ListRows) *sheetTable {
	c, l := k.Campaign, ml.List
	var unique []campaign.Column
	specs := []colSpec{{5, 8, "center"}, {8, 16, "left"}}
	header := []string{"序号", "填报单位"}
	for _, col := range l.Columns {
		specs = append(specs, listColumnSpec(col))
		header = append(header, col.Title)
		if col.Unique {
			unique = append(unique, col)
		}
	}
	if len(unique) > 0 {
		specs = append(specs, colSpec{12, 30, "left"})
		header = append(header, "重复")
	}
	t := newSheetTable(st, name, specs)
	t.freezeRows, t.freezeCols, t.headFrom = 3, 2, 3

	m, err := measureList(ml, rows)
	if err != nil {
		t.err = err
		return t
	}
	t.addTitle(st, summaryTitle(k, l.Name+"（合并）"))
	note := fmt.Sprintf("共 %d 行，来自 %d 个单位已采用的报送。", m.rows, m.units)
	if len(unique) > 0 {
		var titles []string
		for _, col := range unique {
			titles = append(titles, col.Title)
		}
		if ml.Duplicates > 0 {
			note += fmt.Sprintf("其中 %d 行的%s与其他单位重复，已用橙色底色标出，见“重复”列，请核实。", ml.Duplicates, strings.Join(titles, "、"))
		} else {
			note += "没有与其他单位重复的" + strings.Join(titles, "、") + "。"
		}
	}
	t.addNote(st, note)
	var hs []tcell
	for _, h := range header {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)

	i := 0
	row := make([]tcell, 0, len(specs))
	err = rows(ml, func(r score.MergedRow) error {
		fill := ""
		if len(r.Shared) > 0 {
			fill = duplicateFill
		}
		i++
		row = append(row[:0], numCell(float64(i), st.cell(cellStyle{format: "0", align: "center", fill: fill}), itoa(i)),
			strCell(c.UnitName(r.Unit), st.cell(cellStyle{align: "left", fill: fill})))
		for j, col := range l.Columns {
			row = append(row, listCell(st, col, r.Values.Get(col.ID), m.places[j], fill))
		}
		if len(unique) > 0 {
			row = append(row, strCell(sharedNote(c, unique, r), st.cell(cellStyle{align: "left", fill: fill})))
		}
		t.addRow(bodyLine, row)
		return nil
	})
	switch {
	case err != nil:
		t.err = err
	case i != m.rows:
		t.err = fmt.Errorf("清单“%s”在汇总时变了（先数得 %d 行，写时读到 %d 行），可能正在回收新的报送：请等回收完再重新汇总", l.Name, m.rows, i)
	case i == 0:
		t.addRow(bodyLine, spanned(strCell("无", st.cell(cellStyle{align: "center"})), len(specs)))
	}
	return t
}

// listMeasure is what a list sheet states before its rows: how many rows from how
// many units, and the decimals each column shows.
type listMeasure struct {
	rows, units int
	places      []int
}

// measureList reads a list's rows once for its listMeasure. places is, per column,
// the most decimals any row's value has (at most 6): a decimal column shows every
// value as it was typed.
func measureList(ml *score.MergedList, rows ListRows) (listMeasure, error) {
	m := listMeasure{places: make([]int, len(ml.List.Columns))}
	units := map[string]bool{}
	err := rows(ml, func(r score.MergedRow) error {
		m.rows++
		units[r.Unit] = true
		for j, col := range ml.List.Columns {
			if col.Type == campaign.ColDecimal {
				m.places[j] = max(m.places[j], min(literalPlaces(r.Values.Get(col.ID)), 6))
			}
		}
		return nil
	})
	m.units = len(units)
	return m, err
}

func listColumnSpec(col campaign.Column) colSpec {
	switch col.Type {
	case campaign.ColDecimal:
		return colSpec{8, 16, "right"}
	case campaign.ColInteger:
		return colSpec{6, 12, "right"}
	case campaign.ColDate:
		return colSpec{12, 12, "center"}
	case campaign.ColUSCC:
		return colSpec{20, 22, "left"}
	case campaign.ColEnum:
		return colSpec{8, 20, "center"}
	}
	return colSpec{8, 30, "left"}
}

// listCell is one list value: decimal and integer columns as numbers, dates as dates
// (yyyy-mm-dd), the rest as text; a value that does not read as its type stays text.
func listCell(st *styles, col campaign.Column, v string, places int, fill string) tcell {
	v = strings.TrimSpace(v)
	align := listColumnSpec(col).align
	if v == "" {
		return emptyCell(st.cell(cellStyle{align: align, fill: fill}))
	}
	switch col.Type {
	case campaign.ColDecimal, campaign.ColInteger:
		if d, err := decimal.NewFromString(v); err == nil {
			format := "0"
			if col.Type == campaign.ColDecimal {
				format = decimalsFormat(places)
			}
			return numCell(excelNumber(d), st.cell(cellStyle{format: format, align: "right", fill: fill}), campaign.FormatDecimal(d, int32(literalPlaces(format))))
		}
	case campaign.ColDate:
		if d, err := time.Parse("2006-01-02", v); err == nil {
			return numCell(excelDate(d), st.cell(cellStyle{format: "yyyy-mm-dd", align: "center", fill: fill}), v)
		}
	}
	return strCell(v, st.cell(cellStyle{align: align, fill: fill}))
}

// sharedNote names the other units that reported a row's unique values: 与海城街道重复,
// with the column's title first when the list has several unique columns.
func sharedNote(c *campaign.Campaign, unique []campaign.Column, r score.MergedRow) string {
	var parts []string
	for _, col := range unique {
		others := r.Shared[col.ID]
		if len(others) == 0 {
			continue
		}
		names := make([]string, len(others))
		for i, u := range others {
			names[i] = c.UnitName(u)
		}
		part := "与" + strings.Join(names, "、") + "重复"
		if len(unique) > 1 {
			part = col.Title + part
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "；")
}
