package web

import (
	"bytes"
	"errors"
	"fmt"

	"tenglong/entries"
	"tenglong/workbook"
)

// The office's own entries (points, totals) and the 任务分解表: package entries checks
// and records an entry exactly as tenglong points set / totals set do; the breakdown
// table is workbook.WriteBreakdown's, as tenglong breakdown writes it.

// formLabels name the console's fields in the entries' messages.
var formLabels = entries.Labels{Unit: "“单位”", Item: "“计分项”", Points: "“分数”", Indicator: "“指标”", Value: "“合计数”", Reason: "“理由”"}

// entryFailed is a wrong entry's message as the clerk reads it.
func entryFailed(err error) error {
	var ie *entries.InputError
	if errors.As(err, &ie) {
		return errors.New("没有录入：" + ie.Msg)
	}
	return err
}

// enteredBy is the form's 录入人, required: the console has one password, not one
// account per clerk, so the name is what the entry keeps of who made it.
func enteredBy(in *runInput) (string, error) {
	if in.Form["by"] == "" {
		return "", errors.New("没有录入：请在“录入人”里写上您的姓名，它和理由一起保存")
	}
	return in.Form["by"], nil
}

func (s *Server) runPoints(in *runInput, out *jobOut) error {
	by, err := enteredBy(in)
	if err != nil {
		return err
	}
	e, err := entries.SetPoints(s.c, s.db, in.Period, entries.Points{Unit: in.Form["unit"], Item: in.Form["item"],
		Points: in.Form["points"], Reason: in.Form["reason"], By: by}, formLabels)
	if err != nil {
		return entryFailed(err)
	}
	s.logf("控制台录入分数：%s %s %s %s分（%s；录入人 %s，来自 %s）", in.Period, e.Unit.Name, e.Item.Name, e.Entry.Points, e.Entry.Reason, by, in.Remote)
	out.Line("已录入：%s %s %s %s分（理由：%s；录入人 %s）", in.Period.Label(), e.Unit.Name, e.Item.Name, e.Entry.Points, e.Entry.Reason, by)
	if e.Capped != nil {
		out.Line("注意：%s封顶%s分，计分时按%s分计。", e.Item.Name, e.Capped, e.Capped)
	}
	out.Summary("已录入%s的“%s”%s分；重新打分或生成通报时按最新录入的计。", e.Unit.Name, e.Item.Name, e.Entry.Points)
	return nil
}

func (s *Server) runTotals(in *runInput, out *jobOut) error {
	by, err := enteredBy(in)
	if err != nil {
		return err
	}
	e, err := entries.SetTotal(s.c, s.db, in.Period, entries.Total{Indicator: in.Form["indicator"], Value: in.Form["value"],
		Reason: in.Form["reason"], By: by}, formLabels)
	if err != nil {
		return entryFailed(err)
	}
	total := "合计"
	if s.c.Total != nil {
		total = s.c.Total.Name
	}
	s.logf("控制台录入合计数：%s %s %s%s（%s；录入人 %s，来自 %s）", in.Period, e.Indicator.Name, e.Entry.Value, e.Measure, e.Entry.Reason, by, in.Remote)
	out.Line("已录入：%s %s %s %s%s（来源：%s；录入人 %s）", in.Period.Label(), total, e.Indicator.Name, e.Entry.Value, e.Measure, e.Entry.Reason, by)
	out.Summary("已录入%s“%s”的%s合计数 %s%s；汇总、打分和通报按最新录入的计。", in.Period.Label(), e.Indicator.Name, total, e.Entry.Value, e.Measure)
	return nil
}

func (s *Server) runBreakdown(in *runInput, out *jobOut) error {
	var buf bytes.Buffer
	sum, err := workbook.WriteBreakdown(&buf, s.c, nil)
	switch {
	case errors.Is(err, workbook.ErrNoTargets):
		return errors.New("campaign.yaml 里没有任何指标目标、对标值或任务，无法生成任务分解表")
	case err != nil:
		return fmt.Errorf("生成任务分解表出错：%v", err)
	}
	for _, sh := range sum.Sheets {
		out.Line("工作表“%s”", sh.Name)
	}
	out.File("任务分解表.xlsx", "任务分解表（Excel，可直接打印下发）", buf.Bytes())
	out.Summary("已生成任务分解表：%d 张工作表，可以下载了。", len(sum.Sheets))
	return nil
}
