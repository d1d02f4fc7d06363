package main

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// workbookExtensions are the files a folder is searched for: templates, and the
// formats people save them in by mistake, which are then rejected with the fix.
var workbookExtensions = map[string]bool{".xlsx": true, ".xls": true, ".xlsm": true, ".et": true, ".ett": true}

// parsed is one file after the parallel stage: bytes, and the template read from them.
type parsed struct {
	index       int
	path        string
	data        []byte
	sha         string
	sniff       *returns.Finding
	ret         *workbook.Return
	err         error
	received    time.Time // the mail's Date, when hasReceived
	hasReceived bool
}

// parseFile is the expensive, parallel part: reading the workbook (XML decoding) once.
func parseFile(p parsed) (out parsed) {
	// One bad file is reported and the batch goes on, whatever the reader does with it.
	defer func() {
		if r := recover(); r != nil {
			out = p
			out.ret, out.err = nil, fmt.Errorf("读取时出错（%v）", r)
		}
	}()
	if p.sniff != nil { // refused before reading: too large, or left out of an archive
		return p
	}
	if p.sniff = returns.Sniff(p.path, p.data); p.sniff != nil {
		return p
	}
	p.ret, p.err = workbook.ReadTemplate(p.data)
	return p
}

// fileReport is one file's line of output and of --json.
type fileReport struct {
	Path     string            `json:"path"`
	SHA256   string            `json:"sha256"`
	Unit     string            `json:"unit"`
	Period   string            `json:"period"`
	Outcome  string            `json:"outcome"`
	Issues   []returns.Finding `json:"issues"`
	unitName string            `json:"-"`
	late     bool              `json:"-"`
	data     []byte            `json:"-"`
	checked  *returns.Result   `json:"-"`
	stored   *store.Recorded   `json:"-"`
}

// judge checks one parsed file against the campaign and the store's current data.
// db may be nil (validate without a workspace database).
func judge(c *campaign.Campaign, db *store.Store, p parsed, receivedAt time.Time) (fileReport, error) {
	r := fileReport{Path: p.path, SHA256: p.sha, data: p.data, Issues: []returns.Finding{}}
	switch {
	case p.sniff != nil:
		r.Outcome = string(store.Unreadable)
		r.Issues = append(r.Issues, *p.sniff)
		return r, nil
	case errors.Is(p.err, workbook.ErrDamaged):
		// Corrupt, truncated or over the reading limits: the error names the part and
		// the fix already, and nothing else of the file is read.
		r.Outcome = string(store.Unreadable)
		r.Issues = append(r.Issues, returns.Finding{Code: returns.CodeNotWorkbook, Severity: returns.SeverityError, Message: p.err.Error()})
		return r, nil
	case p.err != nil:
		var visible []returns.Finding
		if p.ret, visible = fromVisible(c, p); p.ret == nil {
			r.Outcome = string(store.Unreadable)
			f := returns.NotTemplate()
			if !errors.Is(p.err, workbook.ErrNotTemplate) {
				f = returns.Finding{Code: returns.CodeNotWorkbook, Severity: returns.SeverityError,
					Message: "文件已损坏或不完整，Excel 打不开（" + p.err.Error() + "）：请重新保存后报送"}
			}
			r.Issues = append(r.Issues, f)
			return r, nil
		}
		r.Issues = append(r.Issues, visible...)
	}
	ctx := returns.Context{}
	unit, period := p.ret.Metadata.Unit, p.ret.Metadata.Period
	if db != nil && p.ret.Metadata.Campaign == c.ID {
		if pp, err := campaign.ParsePeriod(period); err == nil {
			ctx.Previous = previousValues(db, c.ID, pp.Previous().String(), unit)
		}
		if !anyValue(p.ret) { // only then can the file be empty: look up what it would replace
			accepted, err := hasAccepted(db, c.ID, period, unit)
			if err != nil {
				return r, err
			}
			ctx.Accepted = accepted
		}
		if cols := usccColumns(c); len(cols) > 0 {
			held, err := db.HeldByOthers(c.ID, period, unit, fileUSCCs(c, p.ret), cols...)
			if err != nil {
				return r, err
			}
			ctx.OtherUSCC = map[string]string{}
			for code, holder := range held { // the message names the unit as people know it
				name := holder
				if u, ok := c.Unit(holder); ok {
					name = u.Name
				}
				ctx.OtherUSCC[code] = name
			}
		}
	}
	res := returns.Check(c, p.ret, ctx)
	r.checked = &res
	// What the file says, where the campaign could not confirm it (another campaign, an
	// unknown unit, a period outside the span): never a zero period's "0000".
	r.Unit, r.Period, r.unitName = unit, period, res.Unit.Name
	if res.Unit.Code != "" {
		r.Unit = res.Unit.Code
	}
	if res.Period.Year != 0 {
		r.Period = res.Period.String()
	}
	r.Issues = append(r.Issues, res.Findings...)
	r.Outcome = string(store.Accepted)
	if res.Errors() > 0 {
		r.Outcome = string(store.Rejected)
	}
	if res.Period.Year != 0 {
		r.late = res.Period.Late(receivedAt, c.Deadline)
	}
	return r, nil
}

// fromVisible rebuilds a return whose metadata was lost from what its 指标填报 sheet
// shows; nil when the workbook does not look like a template of this campaign.
func fromVisible(c *campaign.Campaign, p parsed) (*workbook.Return, []returns.Finding) {
	if !errors.Is(p.err, workbook.ErrNotTemplate) {
		return nil, nil
	}
	v, err := workbook.ReadVisible(p.data)
	if err != nil {
		return nil, nil
	}
	ret, findings, ok := returns.FromVisible(c, v)
	if !ok {
		return nil, nil
	}
	return ret, findings
}

// anyValue reports whether a return has a 本期值 or a task status typed in: such a
// file is not empty (returns.Check decides what is; this only spares the lookup).
func anyValue(ret *workbook.Return) bool {
	for _, v := range ret.Values {
		if (v.Kind == workbook.InputValue || v.Kind == workbook.InputTaskStatus) && strings.IndexFunc(v.Raw, func(r rune) bool {
			return unicode.IsLetter(r) || unicode.IsDigit(r)
		}) >= 0 {
			return true
		}
	}
	return false
}

// hasAccepted reports whether the unit has an accepted return for the period.
func hasAccepted(db *store.Store, campaignID, period, unit string) (bool, error) {
	status, err := db.Status(campaignID, period)
	if err != nil {
		return false, err
	}
	for _, s := range status {
		if s.Unit == unit && s.State == string(store.Accepted) {
			return true, nil
		}
	}
	return false, nil
}

// previousValues is a unit's accepted values of a period as decimals.
func previousValues(db *store.Store, campaignID, period, unit string) map[string]decimal.Decimal {
	values, err := db.AcceptedValues(campaignID, period, unit)
	if err != nil {
		return nil
	}
	out := map[string]decimal.Decimal{}
	for id, v := range values {
		if d, err := decimal.NewFromString(v); err == nil {
			out[id] = d
		}
	}
	return out
}

// fileUSCCs are the 统一社会信用代码 a return lists, as the store keeps them: the
// across-units check looks up only these, not the whole period.
func fileUSCCs(c *campaign.Campaign, ret *workbook.Return) []string {
	uscc := map[string]bool{}
	for _, col := range usccColumns(c) {
		uscc[col.List+"."+col.Column] = true
	}
	var out []string
	for _, v := range ret.Values {
		if v.Kind == workbook.InputListColumn && uscc[v.Key] {
			if code := returns.NormalizeUSCC(v.Raw); code != "" {
				out = append(out, code)
			}
		}
	}
	return out
}

// usccColumns are the list columns holding 统一社会信用代码, checked across units.
func usccColumns(c *campaign.Campaign) []store.ListColumn {
	var out []store.ListColumn
	for _, l := range c.Lists {
		for _, col := range l.Columns {
			if col.Type == campaign.ColUSCC {
				out = append(out, store.ListColumn{List: l.ID, Column: col.ID})
			}
		}
	}
	return out
}

// submission turns a judged file into what the store keeps.
func submission(c *campaign.Campaign, r fileReport, receivedAt time.Time) store.Submission {
	sub := store.Submission{Campaign: c.ID, Unit: r.Unit, Period: r.Period, SHA256: r.SHA256, SourcePath: r.Path,
		ReceivedAt: receivedAt, Late: r.late, Outcome: store.Outcome(r.Outcome)}
	for _, f := range r.Issues {
		sub.Findings = append(sub.Findings, store.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	if r.checked == nil {
		return sub
	}
	for _, v := range r.checked.Values {
		sv := store.Value{Indicator: v.Indicator, Note: v.Note, Cell: v.Cell}
		switch {
		case v.Number != nil:
			sv.Value = v.Number.String()
		case v.Done != nil && *v.Done:
			sv.Text = "完成"
		case v.Done != nil:
			sv.Text = "未完成"
		case r.Outcome == string(store.Rejected):
			sv.Text = v.Raw // what was typed, kept with the rejected file
		}
		sub.Values = append(sub.Values, sv)
	}
	for _, row := range r.checked.Rows {
		sr := store.Row{List: row.List, Index: row.Index, Values: map[string]store.Cell{}}
		for col, cell := range row.Cells {
			sr.Values[col] = store.Cell{Value: cell.Value, Cell: cell.Cell}
		}
		sub.Rows = append(sub.Rows, sr)
	}
	for _, t := range r.checked.Tasks {
		sub.Tasks = append(sub.Tasks, store.Task{ID: t.ID, Status: t.Status, Progress: t.Progress, Cell: t.Cell})
	}
	return sub
}
