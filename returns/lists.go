package returns

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/workbook"
)

// Dates a list accepts: the range the template's date validation allows.
var (
	firstListDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	lastListDate  = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

// titleMeasure finds the unit in a column title: 用地面积（亩）, 总投资(万元).
var titleMeasure = regexp.MustCompile(`[（(]([^（）()]+)[）)]\s*$`)

// ColumnMeasure is the unit of measure a numeric column's title names (总投资(万元) →
// 万元), which numbers typed in it are converted into; "" when the title names none.
func ColumnMeasure(title string) string {
	if m := titleMeasure.FindStringSubmatch(title); m != nil {
		return trim(m[1])
	}
	return ""
}

// measure is ColumnMeasure of a column's title, worked out once a return: a
// regular expression a numeric cell was a fifth of checking a list cell.
func (ck *checker) measure(col *campaign.Column) string {
	m, ok := ck.measures[col]
	if !ok {
		if ck.measures == nil {
			ck.measures = map[*campaign.Column]string{}
		}
		m = ColumnMeasure(col.Title)
		ck.measures[col] = m
	}
	return m
}

// listCells are one list's cells in a return.
type listCells struct {
	list  *campaign.List
	sheet string
	// rows: row index → where the row's cells start in cells, which holds a slot for
	// each of the list's columns (in the list's order) of each row met: one map and
	// one slice for a list, not a map for each row.
	rows  map[int]int
	cells []*workbook.CellValue
}

// row is the cells of the row at index i, by column position; it makes the row when
// it is new.
func (lc *listCells) row(i int) []*workbook.CellValue {
	n := len(lc.list.Columns)
	at, ok := lc.rows[i]
	if !ok {
		at = len(lc.cells)
		lc.rows[i] = at
		lc.cells = append(lc.cells, make([]*workbook.CellValue, n)...)
	}
	return lc.cells[at : at+n]
}

// firstSeen is where a unique value first appeared in the file.
type firstSeen struct{ sheet, cell string }

// lists converts and checks every list's rows, then its roll-ups into indicators.
func (ck *checker) lists(cells []*workbook.CellValue) {
	var order []string
	byList := map[string]*listCells{}
	for _, v := range cells {
		listID, colID, _ := strings.Cut(v.Key, ".")
		l := ck.list(listID)
		ci := -1
		if l != nil {
			ci = columnIndex(l, colID)
		}
		if ci < 0 {
			if trim(v.Raw) != "" {
				ck.add(CodeUnknownInput, v.Sheet, v.Cell, "清单列“%s”在现在的行动定义里已经没有了，这一格“%s”不会采用", v.Key, clip(trim(v.Raw)))
			}
			continue
		}
		lc := byList[listID]
		if lc == nil {
			lc = &listCells{list: l, sheet: v.Sheet, rows: make(map[int]int, l.Rows),
				cells: make([]*workbook.CellValue, 0, min(len(cells), l.Rows*len(l.Columns)))}
			byList[listID] = lc
			order = append(order, listID)
		}
		lc.row(v.Row)[ci] = v
	}
	invalid := map[string]bool{} // list-id.column-id with a cell that failed
	for _, id := range order {
		ck.listRows(byList[id], invalid)
	}
	for _, id := range order {
		ck.feeds(byList[id].list, invalid)
	}
	ck.ratios(invalid)
}

// listRows checks one list's filled rows: each cell by its column's type, required
// cells, and unique columns within the file and across units.
func (ck *checker) listRows(lc *listCells, invalid map[string]bool) {
	l := lc.list
	indexes := make([]int, 0, len(lc.rows))
	for i := range lc.rows {
		indexes = append(indexes, i)
	}
	sort.Ints(indexes)
	type cellKey struct{ col, value string }
	unique, codes := 0, 0
	for _, col := range l.Columns {
		if col.Unique {
			unique++
			if col.Type == campaign.ColUSCC {
				codes++
			}
		}
	}
	seen := make(map[cellKey]firstSeen, unique*len(indexes)) // column and value → first cell; a struct key allocates nothing
	ck.r.Rows = slices.Grow(ck.r.Rows, len(indexes))
	// A code a row at most: grown once, not doubled some ten times for 300 rows.
	ck.p.deferred = slices.Grow(ck.p.deferred, codes*len(indexes))
	// The rows' cells in one array and the column ids in one slice, shared by the
	// list's rows: two allocations a list instead of a map a row.
	ids := make([]string, len(l.Columns))
	for ci := range l.Columns {
		ids[ci] = l.Columns[ci].ID
	}
	all := make([]RowCell, 0, len(indexes)*len(l.Columns))
	for _, i := range indexes {
		cells := lc.row(i)
		if rowEmpty(cells) {
			continue
		}
		at := len(all)
		all = all[:at+len(l.Columns)]
		row := Row{List: l.ID, Index: i, Columns: ids, Cells: all[at:len(all):len(all)]}
		for ci := range l.Columns {
			col := &l.Columns[ci]
			v := cells[ci]
			if v == nil {
				continue
			}
			rc, ok := ck.listCell(l, col, v)
			if !ok {
				invalid[l.ID+"."+col.ID] = true
			}
			row.Cells[ci] = rc
			if !ok || rc.Value == "" || !col.Unique {
				continue
			}
			key := cellKey{col.ID, rc.Value}
			if first, dup := seen[key]; dup {
				invalid[l.ID+"."+col.ID] = true
				if col.Type == campaign.ColUSCC {
					ck.add(CodeDuplicateInFile, v.Sheet, v.Cell, "统一社会信用代码“%s”与本表 %s!%s 重复：同一企业在%s里只填一行，请删除重复行或核对代码",
						rc.Value, first.sheet, first.cell, campaign.Quote(l.Name))
				} else {
					ck.add(CodeDuplicateInFile, v.Sheet, v.Cell, "%s填的“%s”与本表 %s!%s 重复：这一列不能重复，请删除重复行或核对",
						campaign.Quote(col.Title), clip(rc.Value), first.sheet, first.cell)
				}
				continue
			}
			seen[key] = firstSeen{v.Sheet, v.Cell}
			if col.Type == campaign.ColUSCC { // held by another unit: the store knows (Prepared.Finish)
				ck.p.deferred = append(ck.p.deferred, deferred{at: len(ck.r.Findings), code: rc.Value, sheet: v.Sheet, cell: v.Cell})
			}
		}
		ck.r.Rows = append(ck.r.Rows, row)
	}
}

// listCell converts one cell of a filled row; ok is false when it has an error.
func (ck *checker) listCell(l *campaign.List, col *campaign.Column, v *workbook.CellValue) (RowCell, bool) {
	rc := RowCell{Raw: v.Raw, Cell: v.Cell}
	text := trim(v.Raw)
	if text == "" {
		if col.Required {
			ck.add(CodeRequiredEmpty, v.Sheet, v.Cell, "%s是必填项：这一行已填了其他内容，请补上%s；这一行不需要的话请整行清空", campaign.Quote(col.Title), campaign.Quote(col.Title))
			return rc, false
		}
		return rc, true
	}
	switch col.Type {
	case campaign.ColDecimal, campaign.ColInteger:
		measure := ck.measure(col)
		n, err := cellNumber(v, measure)
		if err != nil {
			ck.add(CodeNotNumber, v.Sheet, v.Cell, "%s：%s，请填写数值%s", campaign.Quote(col.Title), err, measureNote(measure))
			return rc, false
		}
		if col.Type == campaign.ColInteger && !n.IsInteger() {
			ck.add(CodeNotInteger, v.Sheet, v.Cell, "%s：“%s”不是整数，请填写整数", campaign.Quote(col.Title), clip(text))
			return rc, false
		}
		if msg := rangeProblem(n, col.Min, col.Max); msg != "" {
			ck.add(CodeOutOfRange, v.Sheet, v.Cell, "%s：“%s”%s", campaign.Quote(col.Title), clip(text), msg)
			return rc, false
		}
		rc.Value = decimalText(v.Raw, n)
	case campaign.ColDate:
		d, ok := NormalizeDate(v.Raw)
		if !ok {
			ck.add(CodeBadDate, v.Sheet, v.Cell, "%s：“%s”不是有效的日期，请写成 2023-09-30 这样的日期", campaign.Quote(col.Title), clip(text))
			return rc, false
		}
		if d.Before(firstListDate) || d.After(lastListDate) {
			ck.add(CodeBadDate, v.Sheet, v.Cell, "%s：日期 %s 不在 2000 年到 2099 年之间，请核对（写成 2023-09-30 这样的日期）", campaign.Quote(col.Title), d.Format("2006-01-02"))
			return rc, false
		}
		rc.Value = d.Format("2006-01-02")
	case campaign.ColEnum:
		choice, ok := ck.matchChoice(col, text)
		if !ok {
			ck.add(CodeEnumInvalid, v.Sheet, v.Cell, "%s填的“%s”不是可选项：请从下拉列表中选择 %s", campaign.Quote(col.Title), clip(text), strings.Join(col.Values, "、"))
			return rc, false
		}
		rc.Value = choice
	case campaign.ColUSCC:
		code := NormalizeUSCC(v.Raw)
		if err := ValidateUSCC(code); err != nil {
			ck.add(CodeBadUSCC, v.Sheet, v.Cell, "统一社会信用代码“%s”%s", clip(code), err)
			return rc, false
		}
		rc.Value = code
	default:
		rc.Value = text
	}
	return rc, true
}

// feeds checks a list's roll-ups (count of matching rows, or sum of a column) against
// the indicator values they feed. A feed whose columns have invalid cells is skipped:
// those cells are already errors, and their sum would mislead.
func (ck *checker) feeds(l *campaign.List, invalid map[string]bool) {
	for _, f := range l.Feeds {
		val := ck.values[f.Indicator]
		ind, ok := ck.c.Indicator(f.Indicator)
		if f.Ratio != nil || val == nil || val.Number == nil || !ok {
			continue
		}
		used := []string{f.Sum}
		for k := range f.Count {
			used = append(used, k)
		}
		for k := range f.Where {
			used = append(used, k)
		}
		skip := false
		for _, k := range used {
			if k != "" && invalid[l.ID+"."+k] {
				skip = true
			}
		}
		if skip {
			continue
		}
		where := f.Where
		if f.Sum == "" {
			where = f.Count
		}
		total, rows := decimal.Zero, 0
		keys := map[string]string{} // choiceKey by value: a list repeats a few choices
		for _, row := range ck.r.Rows {
			if row.List != l.ID || !rowMatches(row, where, keys) {
				continue
			}
			rows++
			if f.Sum != "" {
				if d, err := decimal.NewFromString(row.Cell(f.Sum).Value); err == nil {
					total = total.Add(d)
				}
			}
		}
		if f.Sum == "" {
			total = decimal.NewFromInt(int64(rows))
		}
		reported := *val.Number
		places := ind.Decimals
		if p := -reported.Exponent(); p > places {
			places = p
		}
		if total.Round(places).Equal(reported) {
			continue
		}
		ck.add(CodeRollupMismatch, ck.valueSheets[f.Indicator], val.Cell, "%s本期值 %s 与%s中%s不一致：请核对指标和清单，改到一致",
			campaign.Quote(ind.Name), reported.String(), campaign.Quote(l.Name), rollupText(l, f, where, total))
	}
}

// rollupText describes a roll-up and its result: 整治进度为“已完成”的行数 10,
// 整治进度为“已完成”的行的“用地面积（亩）”合计 123.5, 填写的行数 3.
func rollupText(l *campaign.List, f campaign.Feed, where map[string]string, total decimal.Decimal) string {
	cond := conditionText(l, where)
	if f.Sum == "" {
		if cond == "" {
			return "填写的行数 " + total.String()
		}
		return cond + "的行数 " + total.String()
	}
	title := f.Sum
	if c := column(l, f.Sum); c != nil {
		title = c.Title
	}
	if cond == "" {
		return "“" + title + "”合计 " + total.String()
	}
	return cond + "的行的“" + title + "”合计 " + total.String()
}

// conditionText describes the rows a feed counts: 整治进度为“已完成”; "" for all rows.
func conditionText(l *campaign.List, where map[string]string) string {
	if len(where) == 0 {
		return ""
	}
	keys := make([]string, 0, len(where))
	for k := range where {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		title := k
		if c := column(l, k); c != nil {
			title = c.Title
		}
		parts = append(parts, title+"为“"+where[k]+"”")
	}
	return strings.Join(parts, "、")
}

// rowMatches reports whether a row's canonical cells equal every value of where;
// keys remembers choiceKey of the values met.
func rowMatches(row Row, where map[string]string, keys map[string]string) bool {
	key := func(s string) string {
		k, ok := keys[s]
		if !ok {
			k = choiceKey(s)
			keys[s] = k
		}
		return k
	}
	for k, want := range where {
		if v := row.Cell(k).Value; v != want && key(v) != key(want) {
			return false
		}
	}
	return true
}

// matchChoice finds the choice of an enum column a typed value means, ignoring spaces
// and width. The choices' keys are worked out once a return.
func (ck *checker) matchChoice(col *campaign.Column, typed string) (string, bool) {
	keys, ok := ck.choiceKeys[col]
	if !ok {
		keys = make([]string, len(col.Values))
		for i, c := range col.Values {
			keys[i] = choiceKey(c)
		}
		if ck.choiceKeys == nil {
			ck.choiceKeys = map[*campaign.Column][]string{}
		}
		ck.choiceKeys[col] = keys
	}
	key := choiceKey(typed)
	for i, k := range keys {
		if k == key {
			return col.Values[i], true
		}
	}
	return "", false
}

func choiceKey(s string) string { return squeeze(fold(s)) }

func rowEmpty(cells []*workbook.CellValue) bool {
	for _, v := range cells {
		if v != nil && trim(v.Raw) != "" {
			return false
		}
	}
	return true
}

func (ck *checker) list(id string) *campaign.List {
	for i := range ck.c.Lists {
		if ck.c.Lists[i].ID == id {
			return &ck.c.Lists[i]
		}
	}
	return nil
}

// columnIndex is the position of the column id in l, -1 when it has none.
func columnIndex(l *campaign.List, id string) int {
	for i := range l.Columns {
		if l.Columns[i].ID == id {
			return i
		}
	}
	return -1
}

func column(l *campaign.List, id string) *campaign.Column {
	for i := range l.Columns {
		if l.Columns[i].ID == id {
			return &l.Columns[i]
		}
	}
	return nil
}

// UniqueUSCCs lists the canonical 统一社会信用代码 of a return's rows that must not
// repeat across units: the values of USCC columns marked unique. The ingest command
// collects them from the accepted returns of other units into Context.OtherUSCC.
func UniqueUSCCs(c *campaign.Campaign, rows []Row) []string {
	var out []string
	for _, row := range rows {
		var l *campaign.List
		for i := range c.Lists {
			if c.Lists[i].ID == row.List {
				l = &c.Lists[i]
			}
		}
		if l == nil {
			continue
		}
		for _, col := range l.Columns {
			if v := row.Cell(col.ID).Value; col.Type == campaign.ColUSCC && col.Unique && v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}
