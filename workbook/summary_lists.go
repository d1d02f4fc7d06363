package workbook

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
)

// listTable is one merged list (合并清单): 序号, 填报单位, the list's columns — numbers
// as numbers, dates as dates — and, when the list has unique columns, 重复 naming the
// other units that reported the same value, those rows in orange.
func listTable(k *score.Consolidation, ml *score.MergedList, name string, st *styles) *sheetTable {
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

	units := map[string]bool{}
	for _, r := range ml.Rows {
		units[r.Unit] = true
	}
	t.addTitle(st, summaryTitle(k, l.Name+"（合并）"))
	note := fmt.Sprintf("共 %d 行，来自 %d 个单位已采用的报送。", len(ml.Rows), len(units))
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

	places := listPlaces(ml)
	for i, r := range ml.Rows {
		fill := ""
		if len(r.Shared) > 0 {
			fill = duplicateFill
		}
		row := []tcell{numCell(float64(i+1), st.cell(cellStyle{format: "0", align: "center", fill: fill}), itoa(i+1)),
			strCell(c.UnitName(r.Unit), st.cell(cellStyle{align: "left", fill: fill}))}
		for j, col := range l.Columns {
			row = append(row, listCell(st, col, r.Values.Get(col.ID), places[j], fill))
		}
		if len(unique) > 0 {
			row = append(row, strCell(sharedNote(c, unique, r), st.cell(cellStyle{align: "left", fill: fill})))
		}
		t.addRow(bodyLine, row)
	}
	if len(ml.Rows) == 0 {
		t.addRow(bodyLine, spanned(strCell("无", st.cell(cellStyle{align: "center"})), len(specs)))
	}
	return t
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

// listPlaces is, per column, the most decimals any row's value has (at most 6): a
// decimal column shows every value as it was typed.
func listPlaces(ml *score.MergedList) []int {
	out := make([]int, len(ml.List.Columns))
	for j, col := range ml.List.Columns {
		if col.Type != campaign.ColDecimal {
			continue
		}
		for _, r := range ml.Rows {
			out[j] = max(out[j], min(literalPlaces(r.Values.Get(col.ID)), 6))
		}
	}
	return out
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
