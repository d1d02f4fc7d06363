package intake

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// workbookExtensions are the files a folder is searched for: templates, and the
// formats people save them in by mistake, which are then rejected with the fix.
var workbookExtensions = map[string]bool{".xlsx": true, ".xls": true, ".xlsm": true, ".et": true, ".ett": true}

// Parsed is one file after the parallel stage: bytes, and the template read from them.
type Parsed struct {
	index       int
	path        string
	data        []byte
	sha         string
	sniff       *returns.Finding
	ret         *workbook.Return
	err         error
	received    time.Time // the mail's Date, when hasReceived
	hasReceived bool
	from        string   // the saved mail's From, when it came in one
	fetched     bool     // it came in a mail fetched from the mailbox
	warnings    []string // the mail's doubts about it (mail.Saved.Warnings)
	notReturn   string   // the mail is no return (a bounce, an auto-reply): why; nothing was read
	// dup: these bytes came earlier in this batch, or were stored before (existed):
	// not Parsed; the earlier submission answers for them.
	dup, existed bool
	link         *Link        // uploaded through a unit's portal link (ThroughLink)
	origin       store.Origin // where it came in, for the audit log (SetOrigin)
	ahead        *ahead       // judged as far as no store is needed, by a worker (Batched)
}

// parseFile is the expensive, parallel part: reading the workbook (XML decoding) once.
func parseFile(p Parsed) (out Parsed) {
	// One bad file is reported and the batch goes on, whatever the reader does with it.
	defer func() {
		if r := recover(); r != nil {
			out = p
			out.ret, out.err = nil, fmt.Errorf("读取时出错（%v）", r)
		}
	}()
	if p.sniff != nil || p.dup { // refused before reading (too large, left out of an archive), or bytes seen before
		return p
	}
	if p.sniff = returns.Sniff(p.path, p.data); p.sniff != nil {
		return p
	}
	p.ret, p.err = workbook.ReadTemplate(p.data)
	return p
}

// Report is one file's line of output and of --json.
type Report struct {
	Path    string            `json:"path"`
	SHA256  string            `json:"sha256"`
	Unit    string            `json:"unit"`
	Period  string            `json:"period"`
	Outcome string            `json:"outcome"`
	Issues  []returns.Finding `json:"issues"`
	// Earlier is, for a duplicate, the submission the same bytes made before: its
	// outcome, and Issues are its findings.
	Earlier    *Earlier        `json:"earlier,omitempty"`
	UnitName   string          `json:"-"`
	Late       bool            `json:"-"`
	ReceivedAt time.Time       `json:"-"` // as recorded: the mail's Date, or the ingest time
	Data       []byte          `json:"-"`
	Checked    *returns.Result `json:"-"`
	Stored     *store.Recorded `json:"-"`
	// Skipped says why what came is no return and was not recorded (a bounce, an
	// auto-reply, the office's blank template quoted back); Outcome is then skipped.
	Skipped string `json:"skipped,omitempty"`
}

// Earlier is the earlier submission of a duplicate's bytes.
type Earlier struct {
	Submission int64  `json:"submission"`
	Outcome    string `json:"outcome"` // accepted | rejected | unreadable | pending
	ReceivedAt string `json:"received_at"`
}

// judge checks one Parsed file against the campaign and the store's current data,
// at ingest time now. db may be nil (validate without a workspace database); key is
// the workspace's template signing key, nil when there is none to hand.
//
// Only a return whose signed metadata verifies under key can be accepted on its own.
// One whose metadata is gone, or does not verify, but whose title names a unit and a
// period of the campaign is held (待确认, see hold): judged as the unit it claims, its
// findings kept, never counted until the office confirms it.
func judge(c *campaign.Campaign, db *store.Store, key []byte, p Parsed, now time.Time) (Report, error) {
	return prejudge(c, key, p).finish(c, db, p, now)
}

// ahead is a file judged as far as it and the campaign decide, with no store: what
// ingest's parallel workers do after reading it (issue 21), leaving the store's part
// (finish) to the one writing goroutine.
type ahead struct {
	c      *campaign.Campaign
	key    []byte // the key it was judged with
	issues []returns.Finding
	// outcome is set when the file is judged already (unreadable): finish adds nothing.
	outcome string
	ret     *workbook.Return  // the return checked (rebuilt, or held as the unit it claims)
	ctxKey  []byte            // the key Check verified the signature with (nil when held)
	held    bool              // pending when it identifies
	prep    *returns.Prepared // Check so far
}

// prejudge is judge's part that needs no store.
func prejudge(c *campaign.Campaign, key []byte, p Parsed) *ahead {
	a := &ahead{c: c, key: key, issues: []returns.Finding{}}
	switch {
	case p.sniff != nil:
		a.outcome = string(store.Unreadable)
		a.issues = append(a.issues, *p.sniff)
		return a
	case errors.Is(p.err, workbook.ErrDamaged):
		// Corrupt, truncated or over the reading limits: the error names the part and
		// the fix already, and nothing else of the file is read.
		a.outcome = string(store.Unreadable)
		a.issues = append(a.issues, returns.Finding{Code: returns.CodeNotWorkbook, Severity: returns.SeverityError, Message: p.err.Error()})
		return a
	case p.err != nil:
		var visible []returns.Finding
		if p.ret, visible = fromVisible(c, p); p.ret == nil {
			a.outcome = string(store.Unreadable)
			f := returns.NotTemplate()
			if !errors.Is(p.err, workbook.ErrNotTemplate) {
				f = returns.Finding{Code: returns.CodeNotWorkbook, Severity: returns.SeverityError,
					Message: "文件已损坏或不完整，Excel 打不开（" + p.err.Error() + "）：请重新保存后报送"}
			}
			a.issues = append(a.issues, f)
			return a
		}
		a.issues = append(a.issues, visible...)
	}
	a.ctxKey = key
	a.held = p.ret.Rebuilt
	if key == nil && !p.ret.Rebuilt {
		a.issues = append(a.issues, returns.SignatureUnchecked())
	}
	if key != nil && !p.ret.Rebuilt && p.ret.Metadata.Campaign == c.ID {
		// Verified once here; Prepare is handed the answer instead of computing the
		// HMAC again (issue 21).
		signed := p.ret.Metadata.SignedBy(key)
		if !signed {
			if ret, f, ok := hold(c, p); ok {
				p.ret, a.held, a.ctxKey = ret, true, nil
				a.issues = append(a.issues, f...)
				a.ret = p.ret
				a.prep = returns.Prepare(c, p.ret, nil)
				return a
			} // else: no title names a unit and period; Check refuses the signature
		}
		a.ret = p.ret
		a.prep = returns.PrepareSigned(c, p.ret, key, signed)
		return a
	}
	a.ret = p.ret
	a.prep = returns.Prepare(c, p.ret, a.ctxKey)
	return a
}

// finish is judge's part with the store (db may be nil): the store's view of the
// unit and period, the rest of the checks, lateness and the outcome.
func (a *ahead) finish(c *campaign.Campaign, db *store.Store, p Parsed, now time.Time) (Report, error) {
	r := Report{Path: p.path, SHA256: p.sha, Data: p.data, Issues: append([]returns.Finding{}, a.issues...), ReceivedAt: now}
	if p.hasReceived {
		r.ReceivedAt = p.received
	}
	if a.outcome != "" {
		r.Outcome = a.outcome
		return r, nil
	}
	p.ret = a.ret
	if err := check(c, db, returns.Context{Key: a.ctxKey}, a.prep, p, now, &r); err != nil {
		return r, err
	}
	if a.held && r.Checked.Unit.Code != "" && r.Checked.Period.Year != 0 && !identifyFailed(r.Checked.Findings) {
		r.Outcome = string(store.Pending)
	}
	return r, nil
}

// judgeAhead is prejudge for a worker of the pipeline: nothing for bytes seen before
// in the run or what is no return, and on a panic nothing either (the writing
// goroutine judges the file itself, as before).
func judgeAhead(c *campaign.Campaign, key []byte, p Parsed) (a *ahead) {
	if p.dup || p.notReturn != "" {
		return nil
	}
	defer func() {
		if recover() != nil {
			a = nil
		}
	}()
	return prejudge(c, key, p)
}

// identifyFailed reports whether the campaign could not confirm a unit and a period
// the file claims (another format, unit or period): then it is not held but rejected.
func identifyFailed(findings []returns.Finding) bool {
	for _, f := range findings {
		switch f.Code {
		case returns.CodeWrongCampaign, returns.CodeUnknownFormat, returns.CodeUnknownUnit, returns.CodeBadPeriod:
			return true
		}
	}
	return false
}

// hold reads a file whose metadata is present but not signed with this workspace's
// key, when its title names a unit and a period: by the metadata's input addresses
// when the metadata claims the same unit and period (its lists and tasks are kept),
// else by what 指标填报 shows as the unit of the title. The first finding says why it
// is held.
func hold(c *campaign.Campaign, p Parsed) (*workbook.Return, []returns.Finding, bool) {
	unit, period, ok := returns.Claim(c, p.ret.Titles)
	if !ok {
		return nil, nil, false
	}
	why := returns.HeldSignature(p.ret.Metadata, unit, period)
	if p.ret.Metadata.Unit == unit.Code && p.ret.Metadata.Period == period.String() {
		return unsignedTargets(p.ret), []returns.Finding{why}, true
	}
	v, err := workbook.ReadVisible(p.data)
	if err != nil {
		return nil, nil, false
	}
	ret, findings := returns.Rebuild(c, v, unit, period)
	return ret, append([]returns.Finding{why}, findings...), true
}

// unsignedTargets is ret with the targets its metadata records forgotten: metadata that
// does not verify may have been written to match edited target cells, so they are
// compared with the campaign's targets for the unit instead.
func unsignedTargets(ret *workbook.Return) *workbook.Return {
	out := *ret
	out.Values = append([]workbook.CellValue(nil), ret.Values...)
	for i := range out.Values {
		out.Values[i].Target = ""
	}
	return &out
}

// check judges p.ret with the store's view of its unit and period and fills r: who,
// the findings, lateness and the outcome (accepted, or rejected with any error).
func check(c *campaign.Campaign, db *store.Store, ctx returns.Context, prep *returns.Prepared, p Parsed, now time.Time, r *Report) error {
	unit, period := p.ret.Metadata.Unit, p.ret.Metadata.Period
	if db != nil && p.ret.Metadata.Campaign == c.ID {
		if pp, err := campaign.ParsePeriod(period); err == nil {
			ctx.Previous = PreviousValues(db, c.ID, pp.Previous().String(), unit)
		}
		if !anyValue(p.ret) { // only then can the file be empty: look up what it would replace
			accepted, err := hasAccepted(db, c.ID, period, unit)
			if err != nil {
				return err
			}
			ctx.Accepted = accepted
		}
		if cols := usccColumns(c); len(cols) > 0 {
			held, err := db.HeldByOthers(c.ID, period, unit, prep.USCCs(), cols...)
			if err != nil {
				return err
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
	res := prep.Finish(ctx)
	r.Checked = &res
	// What the file says, where the campaign could not confirm it (another campaign, an
	// unknown unit, a period outside the span): never a zero period's "0000".
	r.Unit, r.Period, r.UnitName = unit, period, res.Unit.Name
	if res.Unit.Code != "" {
		r.Unit = res.Unit.Code
	}
	if res.Period.Year != 0 {
		r.Period = res.Period.String()
	}
	for _, f := range res.Findings {
		if f.Code == returns.CodeSignatureInvalid {
			// Whose it is cannot be confirmed: stored under no unit, so that the unit it
			// claims is not listed as having sent a rejected return (the message names it).
			r.Unit, r.Period, r.UnitName = "", "", ""
		}
	}
	r.Issues = append(r.Issues, res.Findings...)
	if res.Unit.Code != "" {
		if f := senderFinding(res.Unit, p.from); f != nil {
			r.Issues = append(r.Issues, *f)
		}
	}
	if res.Period.Year != 0 {
		if f := mailDateFinding(c, res.Period, p, now); f != nil {
			r.Issues = append(r.Issues, *f)
			r.ReceivedAt = now
		}
		r.Late = c.Late(res.Period, r.ReceivedAt)
	}
	r.Outcome = string(store.Accepted)
	for _, f := range r.Issues {
		if f.Severity == returns.SeverityError {
			r.Outcome = string(store.Rejected)
		}
	}
	return nil
}

// senderFinding warns when a saved mail's From is not one of the unit's contact
// addresses in campaign.yaml: the file may have been sent by someone else. Nothing is
// said when the unit has no address on file or the file did not come in a mail.
func senderFinding(u campaign.Unit, from string) *returns.Finding {
	if from == "" || strings.TrimSpace(u.Contact.Email) == "" {
		return nil
	}
	contacts, _ := mail.ParseRecipients(u.Contact.Email)
	senders, _ := mail.ParseRecipients(from)
	if len(contacts) == 0 {
		return nil
	}
	for _, s := range senders {
		for _, c := range contacts {
			if strings.EqualFold(s.Address, c.Address) {
				return nil
			}
		}
	}
	shown := from
	if len(senders) > 0 {
		shown = senders[0].Address
	}
	f := returns.SenderMismatch(shown, u.Name, u.Contact.Email)
	return &f
}

// mailDateFinding: a mail's Date is the sender's clock. After the ingest time (the
// future) or before the period even began it cannot be when the return came, so it
// is a warning and the ingest time is recorded instead.
func mailDateFinding(c *campaign.Campaign, period campaign.Period, p Parsed, now time.Time) *returns.Finding {
	if !p.hasReceived {
		return nil
	}
	first := period.FirstMonth()
	start := time.Date(first.Year, time.Month(first.Month), 1, 0, 0, 0, 0, c.Location()) // the period starts in the campaign's zone
	if !p.received.After(now) && !p.received.Before(start) {
		return nil
	}
	f := returns.MailDateIgnored(p.received, now, start)
	return &f
}

// fromVisible rebuilds a return whose metadata was lost from what its 指标填报 sheet
// shows; nil when the workbook does not look like a template of this campaign.
func fromVisible(c *campaign.Campaign, p Parsed) (*workbook.Return, []returns.Finding) {
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

// PreviousValues is a unit's accepted values of a period as decimals.
func PreviousValues(db *store.Store, campaignID, period, unit string) map[string]decimal.Decimal {
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

// usccColumns are the list columns holding 统一社会信用代码, Checked across units.
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
func submission(c *campaign.Campaign, r Report) store.Submission {
	sub := store.Submission{Campaign: c.ID, Unit: r.Unit, Period: r.Period, SHA256: r.SHA256, SourcePath: r.Path,
		ReceivedAt: r.ReceivedAt, Late: r.Late, Outcome: store.Outcome(r.Outcome)}
	for _, f := range r.Issues {
		sub.Findings = append(sub.Findings, store.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	if r.Checked == nil {
		return sub
	}
	if n := len(r.Checked.Values); n > 0 {
		sub.Values = make([]store.Value, 0, n)
	}
	if n := len(r.Checked.Rows); n > 0 {
		sub.Rows = make([]store.Row, 0, n)
	}
	for _, v := range r.Checked.Values {
		sv := store.Value{Indicator: v.Indicator, Note: v.Note, Cell: v.Cell}
		switch {
		case v.Number != nil:
			sv.Value = v.Number.String()
		case v.Done != nil && *v.Done:
			sv.Text = "完成"
		case v.Done != nil:
			sv.Text = "未完成"
		case r.Outcome == string(store.Rejected) || r.Outcome == string(store.Pending):
			sv.Text = v.Raw // what was typed, kept with the file that does not count
		}
		sub.Values = append(sub.Values, sv)
	}
	// The rows' cells as slices in one array, the column ids shared as checked: no
	// map a row.
	n := 0
	for _, row := range r.Checked.Rows {
		n += len(row.Cells)
	}
	cells := make([]store.Cell, n)
	for _, row := range r.Checked.Rows {
		sc := cells[:len(row.Cells):len(row.Cells)]
		cells = cells[len(row.Cells):]
		for i, cell := range row.Cells {
			sc[i] = store.Cell{Value: cell.Value, Cell: cell.Cell}
		}
		sub.Rows = append(sub.Rows, store.Row{List: row.List, Index: row.Index, Columns: row.Columns, Cells: sc})
	}
	for _, t := range r.Checked.Tasks {
		sub.Tasks = append(sub.Tasks, store.Task{ID: t.ID, Status: t.Status, Progress: t.Progress, Cell: t.Cell})
	}
	return sub
}

// IngestOne judges and records one Parsed file at ingest time now. Bytes that made a
// submission before — earlier in this batch or in an earlier run — are not judged
// again: they are a duplicate, reported with the earlier submission's outcome and
// findings, so a file once rejected or unreadable stays so however often it comes.
func IngestOne(c *campaign.Campaign, db *store.Store, key []byte, p Parsed, now time.Time) (Report, error) {
	if p.sha != "" && (p.dup || p.existed) {
		earlier, err := db.BySHA256(c.ID, p.sha)
		if err != nil {
			return Report{}, fmt.Errorf("%s：读取已入库数据失败：%v", p.path, err)
		}
		if earlier != nil {
			r, err := duplicate(c, db, p, *earlier, now)
			linkDuplicate(p.link, &r)
			return r, err
		}
		if p.dup && p.sniff == nil && p.ret == nil && p.err == nil {
			p = parseFile(p) // stored before but never recorded (a run cut short): read it now
		}
	}
	if p.notReturn != "" {
		return skippedReport(p, p.notReturn, now), nil
	}
	if p.fetched && p.ret != nil && p.err == nil && blankTemplate(p.ret) {
		return skippedReport(p, "本办下发的空白模板（没有填写任何数据），是原样带回的，不是报送", now), nil
	}
	a := p.ahead
	if a == nil || a.c != c || !bytes.Equal(a.key, key) {
		a = prejudge(c, key, p)
	}
	r, err := a.finish(c, db, p, now)
	if err != nil {
		return r, fmt.Errorf("%s：读取已入库数据失败：%v", p.path, err)
	}
	applyLink(c, p.link, &r)
	r.Issues = append(r.Issues, deliveryFindings(p)...)
	if p.hasReceived && r.ReceivedAt.After(now) {
		// A future Date on a file judge could not place in a period (unreadable, not
		// identified): the ingest time all the same.
		r.Issues = append(r.Issues, returns.MailDateIgnored(p.received, now, time.Time{}))
		r.ReceivedAt = now
	}
	if p.sha == "" {
		return r, nil
	}
	sub := submission(c, r)
	sub.Origin = p.origin
	rec, err := db.RecordSubmission(sub)
	if err != nil {
		return r, fmt.Errorf("%s 入库失败：%v", p.path, err)
	}
	if rec.Outcome == store.Duplicate && rec.Earlier != nil { // another process recorded the bytes first
		r, err := duplicate(c, db, p, *rec.Earlier, now)
		linkDuplicate(p.link, &r)
		return r, err
	}
	r.Stored = &rec
	r.Outcome = string(rec.Outcome)
	return r, nil
}

// duplicate reports bytes that made a submission before, and notes them in the audit
// log; nothing else changes.
func duplicate(c *campaign.Campaign, db *store.Store, p Parsed, earlier store.Stored, now time.Time) (Report, error) {
	r := Report{Path: p.path, SHA256: p.sha, Unit: earlier.Unit, Period: earlier.Period, Outcome: string(store.Duplicate),
		Issues: []returns.Finding{}, ReceivedAt: now, Data: p.data,
		Earlier: &Earlier{Submission: earlier.ID, Outcome: string(earlier.Outcome), ReceivedAt: earlier.ReceivedAt.Format(time.RFC3339)}}
	if u, ok := c.Unit(earlier.Unit); ok {
		r.UnitName = u.Name
	}
	findings, err := db.Findings(earlier.ID)
	if err != nil {
		return r, fmt.Errorf("%s：读取第 %d 号报送的问题失败：%v", p.path, earlier.ID, err)
	}
	for _, f := range findings {
		if deliveryCodes[f.Code] {
			continue // how the earlier copy came (its sender, its mail), not this one
		}
		r.Issues = append(r.Issues, returns.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	if u, ok := c.Unit(earlier.Unit); ok {
		if f := senderFinding(u, p.from); f != nil {
			r.Issues = append(r.Issues, *f)
		}
	}
	r.Issues = append(r.Issues, deliveryFindings(p)...)
	if _, err := db.RecordSubmission(store.Submission{Campaign: c.ID, Unit: earlier.Unit, Period: earlier.Period,
		SHA256: p.sha, SourcePath: p.path, ReceivedAt: now, Outcome: store.Duplicate, Origin: p.origin}); err != nil {
		return r, fmt.Errorf("%s 入库失败：%v", p.path, err)
	}
	return r, nil
}

// OutcomeSkipped is a Report's outcome for what is no return: nothing recorded.
const OutcomeSkipped = "skipped"

func skippedReport(p Parsed, why string, now time.Time) Report {
	return Report{Path: p.path, SHA256: p.sha, Outcome: OutcomeSkipped, Skipped: why, Issues: []returns.Finding{}, ReceivedAt: now}
}

// deliveryCodes are the findings about how a file came rather than what it holds:
// a duplicate shows the current copy's, never the first sender's.
var deliveryCodes = map[string]bool{returns.CodeSenderMismatch: true, returns.CodeMailDateIgnored: true, returns.CodeMailIncomplete: true}

// AboutDelivery reports whether a finding code is about how a file came (its sender,
// its mail) rather than what it holds: a duplicate shows those of its own copy.
func AboutDelivery(code string) bool { return deliveryCodes[code] }

// deliveryFindings are the warnings about the mail a file came in (it may be cut
// short), once each.
func deliveryFindings(p Parsed) []returns.Finding {
	var out []returns.Finding
	for _, w := range p.warnings {
		out = append(out, returns.MailIncomplete(w))
	}
	return out
}

// Failed reports whether a file's outcome makes the run exit 3: rejected, unreadable
// or held for the office to confirm (pending), now or — for a duplicate — when its
// bytes first came (or as the office confirmed them since).
func (r Report) Failed() bool {
	outcome := r.Outcome
	if r.Earlier != nil {
		outcome = r.Earlier.Outcome
	}
	return outcome == string(store.Rejected) || outcome == string(store.Unreadable) || outcome == string(store.Pending)
}
