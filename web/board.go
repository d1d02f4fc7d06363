package web

import (
	"net/http"
	"slices"
	"strings"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/store"
)

// boardData is the period board.
type boardData struct {
	Period  string // 2023Q3
	Label   string // 2023年第三季度
	Periods []periodOption
	Rows    []boardRow
	Totals  boardTotals
}

type periodOption struct {
	Value, Label string
	Selected     bool
}

type boardRow struct {
	Code, Name string
	State      string
	Class      string
	Received   string
	Late       bool
	Errors     int
	Warnings   int
	Lights     []Light
	// Green, Yellow, Red count the lights, written beside them (a grey printout or a
	// colour-blind reader still sees them).
	Green, Yellow, Red int
}

// boardTotals is the totals line: how many units in each state, computed from the
// rows shown.
type boardTotals struct {
	Units, Accepted, Late, Rejected, Pending, Missing int
}

// period is the ?period= of a request, or the server's period.
func (s *Server) period(r *http.Request) (campaign.Period, bool) {
	v := r.URL.Query().Get("period")
	if v == "" {
		return s.cfg.Period, true
	}
	p, err := s.c.ReportingPeriod(v)
	return p, err == nil
}

func (s *Server) boardData(p campaign.Period) (*boardData, error) {
	d := &boardData{Period: p.String(), Label: p.Label()}
	for _, x := range s.c.Span.Periods(s.c.Cadence) {
		d.Periods = append(d.Periods, periodOption{Value: x.String(), Label: x.Label(), Selected: x == p})
	}
	status, err := s.db.Status(s.c.ID, p.String())
	if err != nil {
		return nil, err
	}
	byUnit := map[string]int{}
	for i, st := range status {
		byUnit[st.Unit] = i
	}
	var lights map[string][]Light
	if s.cfg.Lights != nil {
		if lights, err = s.cfg.Lights(p); err != nil {
			return nil, err
		}
	}
	for _, u := range s.c.Units {
		i, ok := byUnit[u.Code]
		row := boardRow{Code: u.Code, Name: u.Name, Lights: lights[u.Code]}
		if ok {
			st := status[i]
			row.State = unitState(st, true)
			row.Received, row.Late = s.timeText(st.Shown.ReceivedAt), st.Shown.Late
			row.Errors, row.Warnings = st.Shown.Errors, st.Shown.Warnings
		} else {
			row.State = stateMissing
		}
		for _, l := range row.Lights {
			switch l.Status {
			case "green":
				row.Green++
			case "yellow":
				row.Yellow++
			case "red":
				row.Red++
			}
		}
		row.Class = stateClass(row.State)
		d.Rows = append(d.Rows, row)
		d.Totals.Units++
		switch row.State {
		case stateAccepted:
			d.Totals.Accepted++
		case stateLate:
			d.Totals.Accepted++
			d.Totals.Late++
		case stateRejected:
			d.Totals.Rejected++
		case statePending:
			d.Totals.Pending++
		default:
			d.Totals.Missing++
		}
	}
	return d, nil
}

func (s *Server) board(w http.ResponseWriter, r *http.Request, sess session) {
	p, ok := s.period(r)
	if !ok {
		s.message(w, http.StatusBadRequest, "期次有误", "没有这个期次："+r.URL.Query().Get("period"), true)
		return
	}
	d, err := s.boardData(p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if r.URL.Query().Get("part") == "table" { // the live update's fragment (board.js)
		s.renderPart(w, "board", "boardtable", d)
		return
	}
	s.render(w, http.StatusOK, "board", page{Title: d.Label + " 报送情况", CSRF: sess.csrf, Office: true, Data: d})
}

// unitData is an office page of one unit for a period.
type unitData struct {
	Code, Name string
	Period     string
	Label      string
	State      string
	Class      string
	History    []historyRow
	Audit      []auditRow
	Findings   []findingGroup
	Held       []heldRow      // files held 待确认, each with its findings and a form to confirm it
	Units      []periodOption // the units a held file can be confirmed as (this one selected)
}

type auditRow struct {
	At, Action, Detail, Remote, Via string
}

type findingGroup struct {
	Submission int64
	File       string
	Findings   []findingRow
}

type findingRow struct{ Severity, Sheet, Cell, Message string }

// heldRow is one held (待确认) file of the unit page.
type heldRow struct {
	ID       int64
	SHA256   string // the whole number: what the confirm form sends
	Short    string // its first 12 digits, as history and status show it
	File     string
	Received string
	Findings []findingRow
}

var viaLabels = map[string]string{"portal": "填报链接", "office": "控制台", "": "命令行"}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, sess session) {
	u, ok := s.c.Unit(r.PathValue("code"))
	p, okp := s.period(r)
	if !ok || !okp {
		s.notFound(w, r)
		return
	}
	s.renderUnit(w, r, sess, http.StatusOK, u, p, "")
}

// renderUnit writes the unit page with a message above it (what a confirm did).
func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, sess session, status int, u campaign.Unit, p campaign.Period, message string) {
	d, err := s.unitData(u, p)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, status, "unit", page{Title: u.Name + " " + p.Label(), CSRF: sess.csrf, Office: true, Message: message, Data: d})
}

func (s *Server) unitData(u campaign.Unit, p campaign.Period) (*unitData, error) {
	d := &unitData{Code: u.Code, Name: u.Name, Period: p.String(), Label: p.Label()}
	for _, x := range s.c.Units {
		d.Units = append(d.Units, periodOption{Value: x.Code, Label: x.Name, Selected: x.Code == u.Code})
	}
	st, has, err := s.statusOf(p.String(), u.Code)
	if err != nil {
		return nil, err
	}
	d.State = unitState(st, has)
	d.Class = stateClass(d.State)
	subs, err := s.db.Submissions(s.c.ID, p.String())
	if err != nil {
		return nil, err
	}
	for _, sub := range subs {
		if sub.Unit != u.Code {
			continue
		}
		h := s.historyRow(sub)
		h.Download = "/office/file/" + sub.SHA256
		if sub.Outcome == store.Rejected {
			h.Markup = "/office/markup/" + sub.SHA256
		}
		d.History = append(d.History, h)
		if sub.Errors+sub.Warnings == 0 && !sub.Held() {
			continue
		}
		fs, err := s.db.Findings(sub.ID)
		if err != nil {
			return nil, err
		}
		slices.SortStableFunc(fs, func(a, b store.Finding) int {
			return boolRank(a.Severity != store.SeverityError) - boolRank(b.Severity != store.SeverityError)
		})
		var rows []findingRow
		for _, f := range fs {
			rows = append(rows, findingRow{Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
		}
		if sub.Held() {
			d.Held = append(d.Held, heldRow{ID: sub.ID, SHA256: sub.SHA256, Short: sub.SHA256[:min(12, len(sub.SHA256))],
				File: h.File, Received: h.Received, Findings: rows})
			continue
		}
		d.Findings = append(d.Findings, findingGroup{Submission: sub.ID, File: h.File, Findings: rows})
	}
	history, err := s.db.History(s.c.ID, p.String(), u.Code)
	if err != nil {
		return nil, err
	}
	for _, h := range history {
		d.Audit = append(d.Audit, auditRow{At: s.timeText(h.At), Action: intake.ActionLabel(h.Action), Detail: h.Detail,
			Remote: h.Origin.Remote, Via: viaLabels[h.Origin.Via]})
	}
	return d, nil
}

// officeFile answers with a received file's bytes, as received.
func (s *Server) officeFile(w http.ResponseWriter, r *http.Request, _ session) {
	sha := strings.ToLower(r.PathValue("sha"))
	sub, err := s.db.BySHA256(s.c.ID, sha)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if sub == nil {
		s.notFound(w, r)
		return
	}
	data, err := s.db.File(sha)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	sendFile(w, cleanName(sub.SourcePath), data)
}

func (s *Server) officeMarkup(w http.ResponseWriter, r *http.Request, _ session) {
	s.sendMarkup(w, r, r.PathValue("sha"), nil)
}
