package web

import (
	"slices"
	"time"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// State labels of a unit for a period, as the portal and the board show them.
const (
	stateMissing  = "未报送"
	stateAccepted = "已采用"
	stateRejected = "退回"
	stateLate     = "迟报"
	statePending  = "待确认"
)

// unitState is a unit's state from its status line (ok false: nothing received).
func unitState(st store.UnitStatus, ok bool) string {
	switch {
	case !ok:
		return stateMissing
	case st.State == string(store.Accepted) && st.Shown.Late:
		return stateLate
	case st.State == string(store.Accepted):
		return stateAccepted
	case st.State == string(store.Pending):
		return statePending
	}
	return stateRejected
}

// stateClass is the CSS class of a state's badge: grey 未报送, green 已采用, amber
// 迟报, red 退回, blue 待确认 (style.css).
func stateClass(state string) string {
	switch state {
	case stateAccepted:
		return "ok"
	case stateLate:
		return "warn"
	case statePending:
		return "info"
	case stateRejected:
		return "bad"
	}
	return "none"
}

// outcomeLabels are the outcomes of one file in the clerk's words.
var outcomeLabels = map[string]string{
	string(store.Accepted): "已采用", string(store.Rejected): "退回", string(store.Unreadable): "无法读取",
	string(store.Pending): "待确认", string(store.Duplicate): "重复上传（与之前的文件相同，未改变）",
	intake.OutcomeSkipped: "未作为报送",
}

// statusOf is one unit's status line for a period.
func (s *Server) statusOf(period, unit string) (store.UnitStatus, bool, error) {
	all, err := s.db.Status(s.c.ID, period)
	if err != nil {
		return store.UnitStatus{}, false, err
	}
	for _, st := range all {
		if st.Unit == unit {
			return st, true, nil
		}
	}
	return store.UnitStatus{}, false, nil
}

// timeText is a moment in the campaign's time zone.
func (s *Server) timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return s.c.In(t).Format("2006-01-02 15:04")
}

// templateFor is a unit's template for a period: the same input as `tenglong
// generate` builds (deadline from the campaign, sheet password the campaign id, the
// previous period's accepted values, the workspace's signing key, today in the
// campaign's zone), so the same bytes on the same day.
func (s *Server) templateFor(u campaign.Unit, p campaign.Period) ([]byte, error) {
	in := workbook.TemplateInput{Campaign: s.c, Unit: u, Period: p, Deadline: p.Deadline(s.c.Deadline),
		Generated: s.c.In(s.cfg.Now()), Password: s.c.ID,
		Previous: intake.PreviousValues(s.db, s.c.ID, p.Previous().String(), u.Code), SigningKey: s.key}
	return workbook.WriteTemplate(in)
}

// templateName is the file name generate gives the template: NN-单位-期次.xlsx.
func (s *Server) templateName(u campaign.Unit, p campaign.Period) string {
	number := 0
	for i, x := range s.c.Units {
		if x.Code == u.Code {
			number = i + 1
		}
	}
	return workbook.TemplateFileName(number, len(s.c.Units), u.Name, p)
}

// storedFindings are a submission's findings as returns.Finding.
func (s *Server) storedFindings(id int64) ([]returns.Finding, error) {
	fs, err := s.db.Findings(id)
	if err != nil {
		return nil, err
	}
	out := make([]returns.Finding, 0, len(fs))
	for _, f := range fs {
		out = append(out, returns.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	return out, nil
}

// errorsFirst orders findings as a clerk fixes them: errors (which reject the file)
// before warnings, each in the order found.
func errorsFirst(findings []returns.Finding) []returns.Finding {
	out := append([]returns.Finding(nil), findings...)
	slices.SortStableFunc(out, func(a, b returns.Finding) int {
		return boolRank(a.Severity != returns.SeverityError) - boolRank(b.Severity != returns.SeverityError)
	})
	return out
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
