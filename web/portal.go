package web

import (
	"crypto/subtle"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strings"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// portalData is the unit portal's page.
type portalData struct {
	Base       string // /u/TOKEN/
	Unit       string
	Period     string
	Deadline   string
	Late       bool // the deadline has passed
	State      string
	StateClass string
	Targets    []targetRow
	History    []historyRow
	Result     *resultData // after an upload from the HTML form
}

type targetRow struct{ Name, Measure, Target string }

// historyRow is one submission in a history list.
type historyRow struct {
	ID       int64
	Received string
	File     string
	Outcome  string
	Late     bool
	Current  bool
	Errors   int
	Warnings int
	Markup   string // link to the marked-up copy of a rejected file
	Download string // the office's link to the file itself
}

// resultData is what became of an upload: one entry per workbook in it.
type resultData struct {
	Files []fileResult
	Back  string
}

type fileResult struct {
	Name     string
	Outcome  string
	Class    string
	Skipped  string
	Late     bool
	Findings []returns.Finding
	Markup   string
}

// uploadReply is the JSON answer to an upload (the contract of SERVE-CONTRACT.md).
type uploadReply struct {
	Outcome    string            `json:"outcome"`
	State      string            `json:"state"`
	Submission int64             `json:"submission,omitempty"`
	SHA256     string            `json:"sha256,omitempty"`
	Late       bool              `json:"late"`
	Findings   []returns.Finding `json:"findings"`
	Markup     string            `json:"markup,omitempty"`
	Message    string            `json:"message,omitempty"`
	Files      []uploadReply     `json:"files,omitempty"` // an archive's other workbooks
}

// link resolves the request's token, answering 404 itself when it opens nothing.
func (s *Server) link(w http.ResponseWriter, r *http.Request) (portalLink, bool) {
	l, ok := s.resolve(r.PathValue("token"))
	if !ok {
		s.notFound(w, r)
	}
	return l, ok
}

func (s *Server) portalPage(w http.ResponseWriter, r *http.Request) {
	l, ok := s.link(w, r)
	if !ok {
		return
	}
	d, err := s.portalData(l)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if r.URL.Query().Get("part") == "status" { // the state badge and the history, put in place after an upload (portal.js)
		s.renderPart(w, "portal", "portalparts", d)
		return
	}
	s.render(w, http.StatusOK, "portal", page{Title: l.unit.Name + " " + l.period.Label() + " 填报", CSRF: s.formToken(l.token), Data: d})
}

func (s *Server) portalData(l portalLink) (*portalData, error) {
	deadline := l.period.Deadline(s.c.Deadline)
	d := &portalData{Base: "/u/" + l.token + "/", Unit: l.unit.Name, Period: l.period.Label(),
		Deadline: campaign.DateLabel(deadline), Late: s.c.Late(l.period, s.cfg.Now())}
	for _, in := range workbook.TemplateIndicators(s.c, l.unit.Code, l.period) {
		t, _, ok := s.c.TargetFor(in, l.unit.Code, l.period)
		text := "—"
		if ok && t.IsSet() {
			text = t.Display()
		}
		d.Targets = append(d.Targets, targetRow{Name: in.Name, Measure: in.Measure, Target: text})
	}
	st, ok, err := s.statusOf(l.period.String(), l.unit.Code)
	if err != nil {
		return nil, err
	}
	d.State = unitState(st, ok)
	d.StateClass = stateClass(d.State)
	subs, err := s.db.Submissions(s.c.ID, l.period.String())
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		if sub.Unit != l.unit.Code {
			continue
		}
		h := s.historyRow(sub)
		if sub.Outcome == store.Rejected {
			h.Markup = d.Base + "markup/" + sub.SHA256
		}
		d.History = append(d.History, h)
	}
	return d, nil
}

func (s *Server) historyRow(sub store.Stored) historyRow {
	outcome := outcomeLabels[string(sub.Outcome)]
	if sub.Outcome == store.Pending && sub.SupersededBy != 0 { // confirmed, or replaced by the unit's own
		outcome += fmt.Sprintf("（已处理，见第 %d 号报送）", sub.SupersededBy)
	}
	return historyRow{ID: sub.ID, Received: s.timeText(sub.ReceivedAt), File: cleanName(sub.SourcePath),
		Outcome: outcome, Late: sub.Late, Current: sub.Current(), Errors: sub.Errors, Warnings: sub.Warnings}
}

func (s *Server) portalTemplate(w http.ResponseWriter, r *http.Request) {
	l, ok := s.link(w, r)
	if !ok {
		return
	}
	data, err := s.templateFor(l.unit, l.period)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sendFile(w, s.templateName(l.unit, l.period), data)
}

// sendFile answers with a workbook to download under a (Chinese) file name.
func sendFile(w http.ResponseWriter, name string, data []byte) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(data)
}

func (s *Server) portalUpload(w http.ResponseWriter, r *http.Request) {
	l, ok := s.link(w, r)
	if !ok {
		return
	}
	if allowed, wait := s.limits.allow(l.token); !allowed {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds()+0.5)))
		text := fmt.Sprintf("上传太频繁：本链接 %s内最多上传 %d 次，请 %s 后再试。", waitText(s.cfg.UploadWindow), s.cfg.UploadsPerToken, waitText(wait))
		s.logf("%s 的填报链接上传太频繁（来自 %s）", l.unit.Name, remote(r))
		if wantsJSON(r) {
			writeJSON(w, http.StatusTooManyRequests, uploadReply{Outcome: "rate-limited", Message: text, Findings: []returns.Finding{}})
			return
		}
		s.message(w, http.StatusTooManyRequests, "上传太频繁", text, false)
		return
	}
	fields, files, ok := s.readUploadOrAnswer(w, r, "file")
	if !ok {
		return
	}
	if r.Header.Get("X-Requested-With") != "tenglong" &&
		subtle.ConstantTimeCompare([]byte(fields["csrf"]), []byte(s.formToken(l.token))) != 1 {
		s.forbidden(w, r)
		return
	}
	if len(files) != 1 {
		s.badUpload(w, r, "请选择一个文件（填好的填报模板 .xlsx）再上传")
		return
	}
	reports, err := s.ingest(files, &intake.Link{Unit: l.unit, Period: l.period},
		store.Origin{Via: "portal", Remote: remote(r), LinkUnit: l.unit.Code})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	st, ok, err := s.statusOf(l.period.String(), l.unit.Code)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	state := unitState(st, ok)
	base := "/u/" + l.token + "/"
	if wantsJSON(r) {
		var replies []uploadReply
		for _, rep := range reports {
			replies = append(replies, reply(rep, state, base))
		}
		if len(replies) == 0 {
			writeJSON(w, http.StatusOK, uploadReply{Outcome: intake.OutcomeSkipped, State: state, Findings: []returns.Finding{},
				Message: "上传的压缩包或邮件里没有填报模板"})
			return
		}
		out := replies[0]
		out.Files = replies[1:]
		writeJSON(w, http.StatusOK, out)
		return
	}
	d, err := s.portalData(l)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Result = &resultData{Files: fileResults(reports, base), Back: base}
	s.render(w, http.StatusOK, "portal", page{Title: l.unit.Name + " " + l.period.Label() + " 填报", CSRF: s.formToken(l.token), Data: d})
}

// readUploadOrAnswer is readUpload that answers a form it cannot take itself (413 or
// 400): ok false then.
func (s *Server) readUploadOrAnswer(w http.ResponseWriter, r *http.Request, fileField string) (map[string]string, []uploadFile, bool) {
	fields, files, err := s.readUpload(w, r, fileField)
	switch {
	case err == errTooLarge:
		s.tooLargePage(w, r)
		return nil, nil, false
	case err != nil:
		s.badUpload(w, r, err.Error())
		return nil, nil, false
	}
	return fields, files, true
}

// badUpload answers a request that carried no usable file.
func (s *Server) badUpload(w http.ResponseWriter, r *http.Request, text string) {
	if wantsJSON(r) {
		writeJSON(w, http.StatusBadRequest, uploadReply{Outcome: "bad-request", Message: text, Findings: []returns.Finding{}})
		return
	}
	s.message(w, http.StatusBadRequest, "没有收到文件", text, false)
}

// reply is one report as the upload's JSON answer; base is where its markup lives.
func reply(rep intake.Report, state, base string) uploadReply {
	out := uploadReply{Outcome: rep.Outcome, State: state, SHA256: rep.SHA256, Late: rep.Late, Findings: errorsFirst(rep.Issues), Message: rep.Skipped}
	if out.Findings == nil {
		out.Findings = []returns.Finding{}
	}
	if rep.Stored != nil {
		out.Submission = rep.Stored.ID
	} else if rep.Earlier != nil {
		out.Submission = rep.Earlier.Submission
	}
	if hasMarkup(rep) {
		out.Markup = base + "markup/" + rep.SHA256
	}
	return out
}

// hasMarkup reports whether a report's file has a marked-up copy: a rejected workbook
// that was read (an unreadable one has no cells to mark).
func hasMarkup(rep intake.Report) bool {
	outcome := rep.Outcome
	if rep.Earlier != nil {
		outcome = rep.Earlier.Outcome
	}
	return outcome == string(store.Rejected) && rep.SHA256 != ""
}

func fileResults(reports []intake.Report, base string) []fileResult {
	var out []fileResult
	for _, rep := range reports {
		outcome := rep.Outcome
		if rep.Earlier != nil {
			outcome = rep.Earlier.Outcome
		}
		f := fileResult{Name: rep.Path, Outcome: outcomeLabels[rep.Outcome], Class: stateClass(outcomeLabels[outcome]),
			Skipped: rep.Skipped, Late: rep.Late, Findings: errorsFirst(rep.Issues)}
		if outcome == string(store.Unreadable) {
			f.Class = "bad"
		}
		if hasMarkup(rep) {
			f.Markup = base + "markup/" + rep.SHA256
		}
		out = append(out, f)
	}
	return out
}

func (s *Server) portalMarkup(w http.ResponseWriter, r *http.Request) {
	l, ok := s.link(w, r)
	if !ok {
		return
	}
	s.sendMarkup(w, r, r.PathValue("sha"), &l)
}

// sendMarkup answers with the marked-up copy of a rejected submission; through a
// portal link only one of that link's unit and period, else 404.
func (s *Server) sendMarkup(w http.ResponseWriter, r *http.Request, sha string, l *portalLink) {
	sha = strings.ToLower(sha)
	sub, err := s.db.BySHA256(s.c.ID, sha)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sub == nil || sub.Outcome != store.Rejected || (l != nil && (sub.Unit != l.unit.Code || sub.Period != l.period.String())) {
		s.notFound(w, r)
		return
	}
	data, err := s.db.File(sha)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	findings, err := s.storedFindings(sub.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := s.c.UnitName(sub.Unit)
	out, err := intake.MarkUp(data, name, sub.Period, findings)
	if err != nil {
		s.logf("标注 %s 失败：%v", sha, err)
		s.message(w, http.StatusUnprocessableEntity, "无法标注", "这个文件打不开，无法在上面标出问题：请按页面列出的问题逐项改正后重新上传。", l == nil)
		return
	}
	file := cleanName(sub.SourcePath)
	stem := strings.TrimSuffix(file, path.Ext(file))
	sendFile(w, stem+"-退回修改.xlsx", out)
}
