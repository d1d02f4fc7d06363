package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
	"tenglong/workbook"
)

// demoProjectRows fills, for the demo, a few invented rows (named 示例…（虚构）) into
// every list of a unit's template. A list that derives a rate (开工率 from the 产业
// 项目清单) gets five to eight: the seed documents set the rates but list no
// projects, so the demo makes some up, differently for each unit, to show the rates
// being computed; rows alternate in and out of the usual scopes (this year or last,
// above and below 30000 万元), started or not. Any other list gets two rows after
// the rows the source already lists (preset), so that a unit whose only duty is a
// list sends a return that is accepted.
func demoProjectRows(c *campaign.Campaign, p campaign.Period, u campaign.Unit, inputs []workbook.InputCell, i int, values map[string]string) {
	for _, in := range inputs {
		if in.Kind != workbook.InputListColumn {
			continue
		}
		listID, colID, _ := strings.Cut(in.Key, ".")
		l, col, ratio := demoColumn(c, listID, colID)
		if l == nil {
			continue
		}
		col0, row0, ok := firstCellOf(in.Ref)
		if !ok {
			continue
		}
		rows := 5 + i%4
		if !ratio {
			rows, row0 = 2, row0+presetRows(l, u.Code)
		}
		for k := 0; k < rows; k++ {
			v := demoCell(col, p, i, k)
			if !ratio {
				v = plainListCell(col, p, i, k)
			}
			if v != "" {
				values[fmt.Sprintf("%s!%s%d", in.Sheet, col0, row0+k)] = v
			}
		}
	}
}

// presetRows counts the rows of a list the template carries pre-filled for a unit.
func presetRows(l *campaign.List, unit string) int {
	n := 0
	for _, r := range l.Preset {
		if r.Unit == "" || r.Unit == unit {
			n++
		}
	}
	return n
}

// plainListCell is row k's invented value of a column of a list that feeds no rate:
// within the column's bounds, a valid 统一社会信用代码 where one is asked for.
func plainListCell(col *campaign.Column, p campaign.Period, i, k int) string {
	switch col.Type {
	case campaign.ColUSCC:
		return fill.USCC(i, k)
	case campaign.ColText:
		return fmt.Sprintf("示例%s%d（虚构）", strings.TrimSuffix(col.Title, "名称"), k+1)
	case campaign.ColDate:
		return fmt.Sprintf("%d-%02d-15", p.Year, 1+(i+k)%p.EndMonth().Month)
	case campaign.ColInteger, campaign.ColDecimal:
		v := decimal.NewFromInt(int64(10 * (1 + (i+k)%9)))
		if col.Max != nil && v.GreaterThan(*col.Max) {
			v = *col.Max
		}
		if col.Min != nil && v.LessThan(*col.Min) {
			v = *col.Min
		}
		if col.Type == campaign.ColInteger {
			v = v.Floor()
		}
		return v.String()
	}
	return demoCell(col, p, i, k)
}

// demoColumn finds a column of a list, and whether the list feeds a ratio.
func demoColumn(c *campaign.Campaign, listID, colID string) (*campaign.List, *campaign.Column, bool) {
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
			if l.Columns[ci].ID == colID {
				return l, &l.Columns[ci], ratio
			}
		}
	}
	return nil, nil, false
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
