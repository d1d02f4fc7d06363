// Package fill fills generated templates the way a township sends them back, for
// the ingest benchmark (bench/ingest.sh) and load tests: every 本期值, some 备注,
// every prepared list row and every task, with values that pass every check of
// returns.Check — numbers inside the indicator's and column's bounds, enum choices,
// dates, 统一社会信用代码 with the check character of GB 32100-2015 that are unique
// across the whole campaign, and indicators fed by a list equal to the list's count
// or sum. Targets are left as generated.
//
// Cells are set as Excel stores what people type: numbers (and dates, as serials) as
// numbers, text as shared strings. Output is deterministic for the same template.
package fill

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/workbook"
)

// Return fills a template of campaign c and returns the workbook's bytes.
func Return(c *campaign.Campaign, template []byte) ([]byte, error) {
	ret, err := workbook.ReadTemplate(template)
	if err != nil {
		return nil, err
	}
	unit := -1
	for i, u := range c.Units {
		if u.Code == ret.Metadata.Unit {
			unit = i
		}
	}
	if unit < 0 {
		return nil, fmt.Errorf("unit %q is not in campaign %s", ret.Metadata.Unit, c.ID)
	}
	period, err := campaign.ParsePeriod(ret.Metadata.Period)
	if err != nil {
		return nil, err
	}
	fl := &filler{c: c, unit: unit, unitCode: ret.Metadata.Unit, period: period}
	if err := fl.fill(ret.Metadata.Inputs); err != nil {
		return nil, err
	}
	return workbook.FillCells(template, fl.cells)
}

type filler struct {
	c        *campaign.Campaign
	cells    []workbook.Fill // typed in order by workbook.FillCells
	unit     int             // the unit's index in the campaign: makes codes unique across units
	unitCode string
	period   campaign.Period
	// rows[list id][row] = column id → canonical value, for the roll-ups
	rows map[string][]map[string]string
}

func (fl *filler) fill(inputs []workbook.InputCell) error {
	fl.rows = map[string][]map[string]string{}
	// Lists first: indicators they feed are computed from their rows.
	for _, in := range inputs {
		if in.Kind == workbook.InputListColumn {
			if err := fl.listColumn(in); err != nil {
				return err
			}
		}
	}
	for i, in := range inputs {
		var err error
		switch in.Kind {
		case workbook.InputValue:
			err = fl.value(in, i)
		case workbook.InputNote:
			if i%3 == 0 { // a remark on about a third of the indicators
				err = fl.text(in.Sheet, in.Ref, "按月调度，数据已核对")
			}
		case workbook.InputTaskStatus:
			err = fl.text(in.Sheet, in.Ref, returns.TaskStates[(i/2)%len(returns.TaskStates)])
		case workbook.InputTaskProgress:
			err = fl.text(in.Sheet, in.Ref, "已制定工作方案，完成摸底排查，正按计划推进")
		}
		if err != nil {
			return fmt.Errorf("%s!%s: %w", in.Sheet, in.Ref, err)
		}
	}
	return nil
}

// listColumn fills every prepared row of one list column.
func (fl *filler) listColumn(in workbook.InputCell) error {
	listID, colID, _ := strings.Cut(in.Key, ".")
	l, col := fl.column(listID, colID)
	if col == nil {
		return fmt.Errorf("list column %s is not in campaign %s", in.Key, fl.c.ID)
	}
	refs, err := workbook.RangeCells(in.Ref)
	if err != nil {
		return fmt.Errorf("list range %q: %w", in.Ref, err)
	}
	rows := fl.rows[listID]
	for len(rows) < len(refs) {
		rows = append(rows, map[string]string{})
	}
	fl.rows[listID] = rows
	for r, ref := range refs {
		v, err := fl.listCell(l, col, r, in.Sheet, ref)
		if err != nil {
			return fmt.Errorf("%s!%s: %w", in.Sheet, ref, err)
		}
		rows[r][colID] = v
	}
	return nil
}

// firstDate is the first day list dates are spread from.
var firstDate = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)

// listCell sets one list cell and returns its canonical value (what Check stores).
func (fl *filler) listCell(l *campaign.List, col *campaign.Column, r int, sheet, ref string) (string, error) {
	k := fl.unit*7 + r // varies values between rows and units
	switch col.Type {
	case campaign.ColUSCC:
		code := USCC(fl.unit, fl.listOffset(l)+r) // distinct across lists too
		return code, fl.text(sheet, ref, code)
	case campaign.ColEnum:
		v := col.Values[(r*7+fl.unit)%len(col.Values)]
		return v, fl.text(sheet, ref, v)
	case campaign.ColDate:
		d := firstDate.AddDate(0, 0, k%900)
		serial := int(d.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
		return d.Format("2006-01-02"), fl.number(sheet, ref, strconv.Itoa(serial))
	case campaign.ColInteger:
		n := bounded(decimal.NewFromInt(int64(k%200+1)), col.Min, col.Max, 0)
		return n.String(), fl.setNumber(sheet, ref, n)
	case campaign.ColDecimal:
		// 1.5 … 4999.95: a land area, an investment
		n := bounded(decimal.New(int64(k%99991+150), -2), col.Min, col.Max, 2)
		return n.String(), fl.setNumber(sheet, ref, n)
	default:
		v := fmt.Sprintf("%s第%d号%s", fl.c.Units[fl.unit].Name, r+1, companySuffix[r%len(companySuffix)])
		if !col.Required {
			if r%2 == 1 {
				return "", nil // an optional remark, left empty on every other row
			}
			v = remarks[r/2%len(remarks)]
		}
		return v, fl.text(sheet, ref, v)
	}
}

var (
	companySuffix = []string{"制造有限公司", "科技有限公司", "实业有限公司", "新材料股份有限公司", "机械厂"}
	remarks       = []string{"已签订整治协议", "已完成厂房腾退", "正在办理用地手续", "按月调度"}
)

// value sets an indicator's 本期值: the roll-up of the list that feeds it, or a number
// near its target within its bounds, or 完成 for a qualitative one.
func (fl *filler) value(in workbook.InputCell, i int) error {
	ind, ok := fl.c.Indicator(in.Key)
	if !ok {
		return fmt.Errorf("indicator %s is not in campaign %s", in.Key, fl.c.ID)
	}
	target, _, _ := fl.c.TargetFor(ind, fl.unitCode, fl.period)
	if ind.Kind == campaign.KindQualitative || target.Form == campaign.TargetText {
		return fl.text(in.Sheet, in.Ref, "完成")
	}
	if n, ok := fl.fed(ind.ID); ok {
		return fl.setNumber(in.Sheet, in.Ref, n)
	}
	places := int32(2)
	if ind.WholeNumbers() {
		places = 0
	} else if ind.Decimals > places {
		places = ind.Decimals
	}
	base := decimal.NewFromInt(100)
	if target.IsNumber() {
		if t, err := decimal.NewFromString(target.NumberText()); err == nil && t.IsPositive() {
			base = t
		}
	}
	// 60 % … 129 % of the target, with some decimals.
	h := int64(i*31 + fl.unit*17)
	pct := decimal.New(60+h%70, -2).Add(decimal.New(h%97, -5))
	return fl.setNumber(in.Sheet, in.Ref, bounded(base.Mul(pct), ind.Min, ind.Max, places))
}

// fed computes an indicator fed by a list from the rows written: count or sum.
func (fl *filler) fed(id string) (decimal.Decimal, bool) {
	for li := range fl.c.Lists {
		l := &fl.c.Lists[li]
		for _, feed := range l.Feeds {
			if feed.Indicator != id {
				continue
			}
			where := feed.Where
			if feed.Sum == "" {
				where = feed.Count
			}
			total, n := decimal.Zero, 0
		rows:
			for _, row := range fl.rows[l.ID] {
				for k, want := range where {
					if row[k] != want {
						continue rows
					}
				}
				n++
				if feed.Sum != "" {
					if d, err := decimal.NewFromString(row[feed.Sum]); err == nil {
						total = total.Add(d)
					}
				}
			}
			if feed.Sum == "" {
				total = decimal.NewFromInt(int64(n))
			}
			return total, true
		}
	}
	return decimal.Decimal{}, false
}

// setNumber writes a number as Excel stores a typed one: <c><v>1234.5</v></c>.
func (fl *filler) setNumber(sheet, ref string, n decimal.Decimal) error {
	f, _ := n.Float64()
	if s := strconv.FormatFloat(f, 'f', -1, 64); s != n.String() {
		return fmt.Errorf("%s does not survive a float64 (%s)", n, s)
	}
	return fl.number(sheet, ref, n.String())
}

// text types a text cell; number a number cell, as Excel stores typed numbers.
func (fl *filler) text(sheet, ref, v string) error {
	fl.cells = append(fl.cells, workbook.Fill{Sheet: sheet, Cell: ref, Value: v, Text: true})
	return nil
}

func (fl *filler) number(sheet, ref, v string) error {
	fl.cells = append(fl.cells, workbook.Fill{Sheet: sheet, Cell: ref, Value: v})
	return nil
}

// bounded rounds n to places and brings it inside [min, max].
func bounded(n decimal.Decimal, min, max *decimal.Decimal, places int32) decimal.Decimal {
	n = n.Round(places)
	if max != nil && n.GreaterThan(*max) {
		n = *max
	}
	if min != nil && n.LessThan(*min) {
		n = *min
	}
	return n
}

// listOffset is the number of rows of the lists before l.
func (fl *filler) listOffset(l *campaign.List) int {
	n := 0
	for i := range fl.c.Lists {
		if fl.c.Lists[i].ID == l.ID {
			break
		}
		n += fl.c.Lists[i].Rows
	}
	return n
}

func (fl *filler) column(listID, colID string) (*campaign.List, *campaign.Column) {
	for i := range fl.c.Lists {
		l := &fl.c.Lists[i]
		if l.ID != listID {
			continue
		}
		for j := range l.Columns {
			if l.Columns[j].ID == colID {
				return l, &l.Columns[j]
			}
		}
	}
	return nil, nil
}

// usccAlphabet is the 31 characters a 统一社会信用代码 is written with.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// USCC is a valid 统一社会信用代码 (GB 32100-2015) for row r of unit u's lists: 9 (工商)
// 1 (企业) 330502 (行政区划), a nine-character organisation code MA + seven characters
// numbering (u, r), and the check character. Codes are distinct for every u < 200,000
// and r < 100,000 (r counts the rows of all of a unit's lists).
//
// The numbers are spread over all seven characters' range, as real codes are: a
// unit's codes numbered in one run would be adjacent keys of the store's code index,
// touching a few of its pages a file instead of hundreds, and a benchmark filled
// with them would not pay what ingesting real returns costs.
func USCC(u, r int) string {
	var b [17]byte
	copy(b[:], "91330502MA")
	n := spreadCode(uint64(u)*100_000 + uint64(r))
	for i := 16; i >= 10; i-- {
		b[i] = usccAlphabet[n%31]
		n /= 31
	}
	check, _ := returns.USCCCheckChar(string(b[:]))
	return string(b[:]) + string(check)
}

// codeSpace is how many numbers seven characters of usccAlphabet write: 31^7.
const codeSpace = 27_512_614_111

// spreadCode maps n < codeSpace to a number < codeSpace, one to one: multiplying by
// a prime that does not divide codeSpace (a power of 31) is a bijection modulo it,
// and sends consecutive numbers far apart. n × spreadFactor stays below 2^64.
func spreadCode(n uint64) uint64 {
	const spreadFactor = 479_001_599 // prime
	return (n % codeSpace) * spreadFactor % codeSpace
}
