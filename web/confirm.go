package web

import (
	"net/http"
	"strings"

	"tenglong/intake"
	"tenglong/store"
)

// officeBy is who confirms from the console, for the audit log: the console has one
// password, not named users, so the name the clerk typed (if any) with the office and
// the address the request came from.
func officeBy(r *http.Request) string {
	where := "办公室（网页，来自 " + remoteHost(r) + "）"
	if by := strings.TrimSpace(r.PostFormValue("by")); by != "" {
		return by + "，" + where
	}
	return where
}

// officeConfirm confirms a held file (待确认) as a unit's return: the same
// intake.Confirm as `tenglong confirm --file … --unit … --reason …`, with the reason
// required, the office and its remote address as who. The session and the form's
// token are checked by office(). It answers with the unit page of the unit confirmed
// as, saying what became of the file.
func (s *Server) officeConfirm(w http.ResponseWriter, r *http.Request, sess session) {
	page, ok := s.c.Unit(r.PathValue("code"))
	p, okp := s.c.ReportingPeriod(r.PostFormValue("period"))
	if !ok || okp != nil {
		s.notFound(w, r)
		return
	}
	as := page
	if code := r.PostFormValue("unit"); code != "" {
		if as, ok = s.c.Unit(code); !ok {
			s.renderUnit(w, r, sess, http.StatusBadRequest, page, p, "没有这个单位："+code+"：请在列表里选择确认为哪个单位的报送。")
			return
		}
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	if reason == "" {
		s.renderUnit(w, r, sess, http.StatusBadRequest, page, p, "没有确认：请写明确认理由（例如怎样向单位核实的），理由记入审计日志。")
		return
	}
	s.inflight.Add(1)
	defer s.inflight.Done()
	// Judged and recorded under the same lock as uploads: the confirmation is checked
	// against what the store holds, as an upload is.
	s.writeMu.Lock()
	done, err := intake.Confirm(s.c, s.db, intake.ConfirmRequest{File: r.PostFormValue("file"), Unit: as, By: officeBy(r), Reason: reason,
		Origin: store.Origin{Via: "office", Remote: remote(r)}}, s.cfg.Now())
	s.writeMu.Unlock()
	if err != nil {
		s.logf("确认待确认文件失败（来自 %s）：%v", remote(r), err)
		s.renderUnit(w, r, sess, http.StatusConflict, page, p, "没有确认："+err.Error())
		return
	}
	rep := done.Report
	s.logf("确认第 %d 号待确认文件 %s 为 %s 的报送（来自 %s）：%s", done.Pending.ID, cleanName(done.Pending.SourcePath), as.Name, remote(r), rep.Outcome)
	s.events.publish(event{Unit: rep.Unit, Period: rep.Period, Outcome: rep.Outcome})
	text := "已确认：文件 " + cleanName(done.Pending.SourcePath) + " 按" + as.Name + "的报送重新校验，结果“" + outcomeLabels[rep.Outcome] + "”。"
	if rep.Outcome == string(store.Rejected) {
		text += "问题见下方“报送的文件”，可下载标注副本发回该单位修改。"
	}
	if rp, err := s.c.ReportingPeriod(rep.Period); err == nil {
		p = rp
	}
	s.renderUnit(w, r, sess, http.StatusOK, as, p, text)
}
