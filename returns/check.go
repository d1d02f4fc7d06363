package returns

import (
	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/workbook"
)

// Context is what Check needs to know beyond the file: the store's view of the period.
type Context struct {
	// Previous holds this unit's accepted values of the previous period
	// (Period.Previous()), by indicator id: a flow indicator's year-to-date value should
	// not fall below them. Annual flows are compared only within the same year (a new
	// year starts from zero), cumulative ones (累计 over the span) across years too.
	Previous map[string]decimal.Decimal
	// OtherUSCC maps the 统一社会信用代码 (canonical, see NormalizeUSCC) of the accepted
	// rows of other units in this period to the unit's name; UniqueUSCCs lists which
	// values of a return belong here.
	OtherUSCC map[string]string
	// Key is the workspace's secret that signed its templates: a return whose
	// metadata is not signed with it is rejected. Nil skips the check (validate away
	// from the office's database; the caller says so with SignatureUnchecked).
	Key []byte
	// Accepted: the unit already has an accepted (当前有效) return for this period. A
	// file with no value in any input — a blank template, one with only notes, or one
	// a reader saw as empty — would replace that data with nothing: it is rejected
	// (CodeEmptyOverAccepted) and the earlier data stays.
	Accepted bool
}

// Result is a return read and checked: whose it is, every value converted, and the
// findings. Values, Rows and Tasks are filled only when the return was identified
// (no identification error).
type Result struct {
	Unit     campaign.Unit
	Period   campaign.Period
	Values   []Value
	Rows     []Row
	Tasks    []Task
	Findings []Finding
}

// Value is one indicator's reported value (本期值) with its remark (备注).
type Value struct {
	Indicator string
	Number    *decimal.Decimal // nil when empty or not valid, and for qualitative indicators
	Done      *bool            // qualitative indicators: 完成 (true) or 未完成 (false); nil when empty or not valid
	Note      string           // 备注, trimmed
	Cell      string           // the value cell
	Raw       string           // the value cell exactly as stored
}

// Row is one filled row of a list (清单); completely empty rows are skipped.
type Row struct {
	List  string
	Index int // 0-based among the list's prepared rows (preset rows first)
	// Columns are the list's column ids in the campaign's order, one slice shared by
	// the list's rows; Cells[i] is column Columns[i]'s cell, the zero RowCell (no
	// Cell) where the return has no such cell. A slice, not a map a row: the maps
	// were a fifth of checking a return and were copied again for the store.
	Columns []string
	Cells   []RowCell
}

// Cell is the row's cell of column id; the zero RowCell when there is none.
func (r Row) Cell(id string) RowCell {
	for i, c := range r.Columns {
		if c == id && i < len(r.Cells) {
			return r.Cells[i]
		}
	}
	return RowCell{}
}

// Filled is the number of the row's cells present in the return.
func (r Row) Filled() int {
	n := 0
	for i := range r.Cells {
		if r.Cells[i].Cell != "" {
			n++
		}
	}
	return n
}

// RowCell is one cell of a list row, by column id.
type RowCell struct {
	// Value is canonical text: a decimal's exact text, a date as 2023-09-30, an enum
	// choice as the campaign writes it, trimmed text, an upper-case USCC. It is empty
	// when the cell is empty or not valid.
	Value string
	Raw   string // as stored
	Cell  string
}

// Task is a task's reported progress (任务进展).
type Task struct {
	ID       string
	Status   string // one of TaskStates, or "" when empty or not valid
	Progress string // 进展情况, trimmed
	Cell     string // the status cell
}

// Errors is the number of findings of error severity.
func (r Result) Errors() int { return r.count(SeverityError) }

// Warnings is the number of findings of warning severity.
func (r Result) Warnings() int { return r.count(SeverityWarning) }

func (r Result) count(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == severity {
			n++
		}
	}
	return n
}

// Check identifies a returned template, converts every input by its kind (normalising
// what people type) and validates it, collecting every finding: nothing stops at the
// first problem. When identification fails with an error (another campaign, unknown
// format, unit or period) the inputs are not read: they cannot be checked against the
// wrong targets.
func Check(c *campaign.Campaign, ret *workbook.Return, ctx Context) Result {
	return Prepare(c, ret, ctx.Key).Finish(ctx)
}

// Prepared is a return checked as far as the file alone decides: Check without the
// store's view (Context's Previous, OtherUSCC and Accepted), whose checks wait in it
// with the place their findings take. Ingest prepares returns in parallel and finishes
// them one at a time against the store (issue 21): the findings, and their order, are
// Check's.
type Prepared struct {
	r        Result
	deferred []deferred
	read     bool // the inputs were read (identification did not fail)
	// the last checks of Check, on the values read: Accepted decides which applies
	noValue, nothingFilled bool
}

// deferred is one check waiting for the Context, and where its finding goes: before
// the finding at index at of the prepared findings.
type deferred struct {
	at int
	// previous period (yearToDate): ind and n; other units' codes: code
	ind         *campaign.Indicator
	n           decimal.Decimal
	code        string
	sheet, cell string
}

// finding is the deferred check's finding under ctx, if it has one; period is the
// return's.
func (d deferred) finding(ctx Context, period campaign.Period) (Finding, bool) {
	if d.ind != nil {
		return yearToDateFinding(d.ind, period, d.sheet, d.cell, d.n, ctx.Previous)
	}
	other, dup := ctx.OtherUSCC[d.code]
	if !dup {
		return Finding{}, false
	}
	return newFinding(CodeDuplicateAcrossUnits, d.sheet, d.cell, "统一社会信用代码“%s”本期已由“%s”填报：同一企业只能由一个单位填报，请与对方核实归属后删除或更正",
		d.code, other), true
}

// Prepare checks ret as far as the file and the campaign decide; key is Context.Key.
func Prepare(c *campaign.Campaign, ret *workbook.Return, key []byte) *Prepared {
	return prepare(c, ret, key, nil)
}

// PrepareSigned is Prepare for a caller that has verified the signature already:
// signed is ret.Metadata.SignedBy(key), worked out by the caller on this very
// metadata and key (intake's prejudge does, to decide whether to hold the file), so
// the HMAC is computed once a file, not twice. The answer is used, never assumed.
func PrepareSigned(c *campaign.Campaign, ret *workbook.Return, key []byte, signed bool) *Prepared {
	return prepare(c, ret, key, &signed)
}

// prepare is Prepare; signed, when not nil, is the signature's verification already
// done under key.
func prepare(c *campaign.Campaign, ret *workbook.Return, key []byte, signed *bool) *Prepared {
	if ret == nil {
		ret = &workbook.Return{}
	}
	unit, period, fs := Identify(c, ret.Metadata)
	pr := &Prepared{r: Result{Unit: unit, Period: period, Findings: fs}}
	r := &pr.r
	// A return rebuilt from its visible title has no metadata to check; another
	// campaign's template is refused as that already.
	if !ret.Rebuilt && ret.Metadata.Campaign == c.ID {
		if key != nil {
			ok := signed != nil && *signed
			if signed == nil {
				ok = ret.Metadata.SignedBy(key)
			}
			r.Findings = append(r.Findings, checkSignature(ret.Metadata, ok)...)
		}
		if r.Errors() == 0 {
			r.Findings = append(r.Findings, checkTitles(ret.Metadata, unit, period, ret.Titles)...)
		}
	}
	if r.Errors() > 0 {
		return pr
	}
	pr.read = true
	ck := &checker{c: c, unit: unit, period: period, r: r, p: pr}
	// Sized first: a return has a couple of thousand inputs, and growing these by
	// appending was a fifth of what checking allocates.
	var nl, nt, ni int
	for i := range ret.Values {
		switch ret.Values[i].Kind {
		case workbook.InputValue, workbook.InputNote, workbook.InputTarget:
			ni++
		case workbook.InputListColumn:
			nl++
		case workbook.InputTaskStatus, workbook.InputTaskProgress:
			nt++
		}
	}
	// Pointers into ret.Values, not copies: a CellValue is some 160 bytes.
	lists, tasks := make([]*workbook.CellValue, 0, nl), make([]*workbook.CellValue, 0, nt)
	indicators := make([]*workbook.CellValue, 0, ni)
	for i := range ret.Values {
		v := &ret.Values[i]
		switch v.Kind {
		case workbook.InputValue, workbook.InputNote, workbook.InputTarget:
			indicators = append(indicators, v)
		case workbook.InputListColumn:
			lists = append(lists, v)
		case workbook.InputTaskStatus, workbook.InputTaskProgress:
			tasks = append(tasks, v)
		default:
			ck.add(CodeUnknownInput, v.Sheet, v.Cell, "模板元数据里有不认识的输入项“%s”（%s），这一格不会采用", v.Kind, v.Key)
		}
	}
	ck.indicators(indicators)
	ck.lists(lists)
	ck.tasks(tasks)
	ck.otherFormulas(ret.Values)
	pr.noValue = noValue(c, unit.Code, r)
	pr.nothingFilled = len(ret.Values) > 0 && nothingFilled(c, unit.Code, r)
	return pr
}

// USCCs are the codes whose holders Finish looks up in Context.OtherUSCC: the file's
// valid 统一社会信用代码 in unique columns, once each, in the order met.
func (pr *Prepared) USCCs() []string {
	n := 0
	for _, d := range pr.deferred {
		if d.code != "" {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for _, d := range pr.deferred {
		if d.code != "" {
			out = append(out, d.code)
		}
	}
	return out
}

// Finish completes the checks with the store's view of the period and returns Check's
// result. A Prepared is finished once.
func (pr *Prepared) Finish(ctx Context) Result {
	r := pr.r
	// Most returns have no finding from the deferred checks: the findings are copied
	// only from the first deferred check that has one.
	first := -1
	var f0 Finding
	for i, d := range pr.deferred {
		if f, ok := d.finding(ctx, r.Period); ok {
			first, f0 = i, f
			break
		}
	}
	if first >= 0 {
		findings := make([]Finding, 0, len(r.Findings)+len(pr.deferred)-first)
		d := pr.deferred[first]
		findings = append(append(findings, r.Findings[:d.at]...), f0)
		last := d.at
		for _, d := range pr.deferred[first+1:] {
			findings = append(findings, r.Findings[last:d.at]...)
			last = d.at
			if f, ok := d.finding(ctx, r.Period); ok {
				findings = append(findings, f)
			}
		}
		r.Findings = append(findings, r.Findings[last:]...)
	}
	if !pr.read {
		return r // identification failed: the inputs were not read
	}
	switch {
	case ctx.Accepted && pr.noValue:
		r.Findings = append(r.Findings, newFinding(CodeEmptyOverAccepted, "", "", "这份文件里没有填写任何数值（本期值、清单、任务状态都是空的），而本单位本期已有采用的报送：空表不会替换已采用的数据，原数据保留不变；如要更正，请在原来填好的表上修改后重新报送"))
	case pr.nothingFilled:
		r.Findings = append(r.Findings, newFinding(CodeNothingFilled, "", "", "模板里没有填写任何数据（本期值、清单、任务进展都是空的），可能发错了文件：请填好后重新报送"))
	}
	return r
}

// otherFormulas warns of formulas in inputs other than 本期值 (which indicators words
// with the indicator's name): list cells, task cells, notes.
func (ck *checker) otherFormulas(values []workbook.CellValue) {
	for _, v := range values {
		if v.Formula == "" || v.Kind == workbook.InputValue || v.Kind == workbook.InputTarget {
			continue
		}
		f := " =" + clip(v.Formula)
		if v.FormulaCell != "" {
			f = "（由 " + v.FormulaCell + " 格的公式" + f + " 填充而来）"
		}
		if trim(v.Raw) == "" {
			ck.add(CodeFormulaInInput, v.Sheet, v.Cell, "这一格填的是公式%s，文件里没有它的计算结果：请直接填写", f)
			continue
		}
		ck.add(CodeFormulaInInput, v.Sheet, v.Cell, "这一格填的是公式%s，已按计算结果“%s”采用：请直接填写", f, clip(trim(v.Raw)))
	}
}

// noValue: no 本期值, no task status, no list row beyond the unit's preset rows left
// as they were. Notes and progress text alone are not data that could replace a
// return's values.
func noValue(c *campaign.Campaign, unit string, r *Result) bool {
	for _, v := range r.Values {
		if trim(v.Raw) != "" {
			return false
		}
	}
	for _, t := range r.Tasks {
		if t.Status != "" {
			return false
		}
	}
	for _, row := range r.Rows {
		if !unchangedPreset(c, unit, row) {
			return false
		}
	}
	return true
}

// nothingFilled: no value, no task answered, no list row beyond the office's own
// preset rows left as they were — a blank template sent back.
func nothingFilled(c *campaign.Campaign, unit string, r *Result) bool {
	for _, v := range r.Values {
		if v.Raw != "" || v.Note != "" {
			return false
		}
	}
	for _, t := range r.Tasks {
		if t.Status != "" || t.Progress != "" {
			return false
		}
	}
	for _, row := range r.Rows {
		if !unchangedPreset(c, unit, row) {
			return false
		}
	}
	return true
}

// unchangedPreset reports whether a list row is one of the unit's preset rows exactly
// as the template pre-filled it.
func unchangedPreset(c *campaign.Campaign, unit string, row Row) bool {
	for _, l := range c.Lists {
		if l.ID != row.List {
			continue
		}
		i := 0
		for _, p := range l.Preset {
			if p.Unit != "" && p.Unit != unit {
				continue
			}
			if i == row.Index {
				if len(p.Values) != row.Filled() {
					return false
				}
				for col, v := range p.Values {
					if trim(row.Cell(col).Raw) != trim(v) {
						return false
					}
				}
				return true
			}
			i++
		}
	}
	return false
}

// checker carries one return being checked.
type checker struct {
	c      *campaign.Campaign
	unit   campaign.Unit
	period campaign.Period
	p      *Prepared // the checks that wait for the Context go here
	r      *Result
	// values by indicator id, for roll-ups
	values map[string]*Value
	// sheets of the value cells, by indicator id
	valueSheets map[string]string
	measures    map[*campaign.Column]string   // ColumnMeasure by column (measure)
	choiceKeys  map[*campaign.Column][]string // choiceKey of each choice by enum column (matchChoice)
}

func (ck *checker) add(code, sheet, cell, format string, args ...any) {
	ck.r.Findings = append(ck.r.Findings, newFinding(code, sheet, cell, format, args...))
}
