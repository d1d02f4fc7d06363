package web

import (
	"errors"
	"path"
	"strings"

	"tenglong/entries"
	"tenglong/intake"
	"tenglong/store"
)

// 确认待确认文件: intake.Confirm, as tenglong confirm — a held file (its signature did
// not verify) judged again as the named unit's return, with who confirmed it and why
// in the audit log — under the uploads' lock, the board told.

func (s *Server) runConfirm(in *runInput, out *jobOut) error {
	file := strings.TrimSpace(in.Form["file"])
	if file == "" {
		return errors.New("没有确认：请选择要确认的待确认文件")
	}
	unit, err := entries.FindUnit(s.c, in.Form["unit"], "“单位”")
	if err != nil {
		return entryFailed(err)
	}
	by := strings.TrimSpace(in.Form["by"])
	if by == "" {
		return errors.New("没有确认：请在“确认人”里写上您的姓名，它和理由一起记入审计日志")
	}
	if strings.TrimSpace(in.Form["reason"]) == "" {
		return errors.New("没有确认：请在“理由”里写明怎样核实的，例如 电话向南浔区经信局核实，系其本人报送")
	}
	s.writeMu.Lock()
	done, err := intake.Confirm(s.c, s.db, intake.ConfirmRequest{File: file, Unit: unit, By: by, Reason: in.Form["reason"]}, s.cfg.Now())
	s.writeMu.Unlock()
	if err != nil {
		return err
	}
	r := done.Report
	s.events.publish(event{Unit: r.Unit, Period: r.Period, Outcome: r.Outcome})
	s.logf("控制台确认第 %d 号待确认文件为%s的报送（确认人 %s，来自 %s）：%s", done.Pending.ID, unit.Name, by, in.Remote, r.Outcome)
	out.Line("第 %d 号待确认文件 %s 按%s %s的报送重新校验（确认人 %s，理由：%s）", done.Pending.ID, path.Base(done.Pending.SourcePath), unit.Name, r.Period, by, in.Form["reason"])
	for _, f := range r.Issues {
		out.Line("    %s", f.String())
	}
	if r.Stored != nil && r.Stored.Supersedes != 0 {
		out.Line("它替换了%s此前采用的第 %d 号报送。", unit.Name, r.Stored.Supersedes)
	}
	out.Summary("已确认为%s的报送：%s。", unit.Name, outcomeLabels[r.Outcome])
	if r.Outcome != string(store.Accepted) {
		out.Summary("已确认为%s的报送，但重新校验有错误：%s，请让该单位改正后重新报送。", unit.Name, outcomeLabels[r.Outcome])
	}
	return nil
}
