package main

import (
	"fmt"
	"strconv"
	"strings"

	"tenglong/campaign"
	"tenglong/workbook"
)

// demoProjectRows fills, for the demo, a few invented rows (named 示例…（虚构）) into
// every list that derives a rate (开工率 from the 产业项目清单): the seed documents
// set the rates but list no projects, so the demo makes some up, differently for
// each unit, to show the rates being computed. Rows alternate in and out of the
// usual scopes (this year or last, above and below 30000 万元), started or not.
func demoProjectRows(c *campaign.Campaign, p campaign.Period, inputs []workbook.InputCell, i int, values map[string]string) {
	for _, in := range inputs {
		if in.Kind != workbook.InputListColumn {
			continue
		}
		listID, colID, _ := strings.Cut(in.Key, ".")
		l, col := demoColumn(c, listID, colID)
		if l == nil {
			continue
		}
		col0, row0, ok := firstCellOf(in.Ref)
		if !ok {
			continue
		}
		rows := 5 + i%4
		for k := 0; k < rows; k++ {
			if v := demoCell(col, p, i, k); v != "" {
				values[fmt.Sprintf("%s!%s%d", in.Sheet, col0, row0+k)] = v
			}
		}
	}
}

// demoColumn finds a column of a list that feeds a ratio.
func demoColumn(c *campaign.Campaign, listID, colID string) (*campaign.List, *campaign.Column) {
	for li := range c.Lists {
		l := &c.Lists[li]
		if l.ID != listID {
			continue
		}
		ratio := false
		for _, f := range l.Feeds {
			ratio = ratio || f.Ratio != nil
		}
		for ci := range l.Columns {
			if ratio && l.Columns[ci].ID == colID {
				return l, &l.Columns[ci]
			}
		}
	}
	return nil, nil
}

// demoCell is row k's invented value of a column, for unit number i.
func demoCell(col *campaign.Column, p campaign.Period, i, k int) string {
	n := i + k
	switch col.Type {
	case campaign.ColText:
		return fmt.Sprintf("示例项目%d-%d（虚构）", i+1, k+1)
	case campaign.ColInteger:
		return strconv.Itoa(p.Year - n%2)
	case campaign.ColDecimal:
		return strconv.Itoa(18000 + (n*7919+len(col.ID)*3001)%60000)
	case campaign.ColEnum:
		return col.Values[n%len(col.Values)]
	case campaign.ColDate:
		if n%3 == 0 {
			return "" // not started, not finished
		}
		return fmt.Sprintf("%d-%02d-15", p.Year, 1+n%p.EndMonth().Month)
	}
	return ""
}

// firstCellOf splits the first cell of a range: B4:B63 → B, 4.
func firstCellOf(ref string) (string, int, bool) {
	first, _, _ := strings.Cut(ref, ":")
	j := strings.IndexAny(first, "0123456789")
	if j <= 0 {
		return "", 0, false
	}
	row, err := strconv.Atoi(first[j:])
	return strings.TrimPrefix(first[:j], "$"), row, err == nil
}
