package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"tenglong/docx"
	"tenglong/report"
	"tenglong/results"
	"tenglong/score"
	"tenglong/workbook"
)

// The results buttons: consolidate, score, interviews, bulletin. Each assembles the
// period with results.Assemble, as the CLI's commands do, and offers its files.

func (s *Server) runConsolidate(in *runInput, out *jobOut) error {
	r, err := results.Assemble(s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	k := r.Consolidation
	out.Line("%s", results.SubmissionLine(k))
	var buf bytes.Buffer
	if err := workbook.WriteSummary(&buf, k, r.Scores); err != nil {
		return errors.New("生成汇总表出错：" + err.Error())
	}
	out.File("汇总表-"+in.Period.String()+".xlsx", "汇总表（Excel）", buf.Bytes())
	doc, err := json.MarshalIndent(results.NewConsolidationDoc(k), "", "  ")
	if err != nil {
		return err
	}
	out.File("汇总-"+in.Period.String()+".json", "汇总数据（JSON，供其他系统读取）", append(doc, '\n'))
	if line := results.ToEnterConsole(k); line != "" {
		out.Line("%s", line)
	}
	out.Summary("已汇总%s：%d 项指标，汇总表可以下载了。", in.Period.Label(), len(k.Indicators))
	return nil
}

func (s *Server) runScore(in *runInput, out *jobOut) error {
	r, err := results.Assemble(s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	sc := r.Scores
	method := sc.Method
	if sc.Default {
		method += "（campaign.yaml 没有 scoring：各项有数值目标的指标按完成率极差法计分，等分合计100分）"
	}
	out.Line("计分办法：%s", method)
	doc, err := json.MarshalIndent(results.NewScoresDoc(s.c, r), "", "  ")
	if err != nil {
		return err
	}
	out.File("赛马得分-"+in.Period.String()+".json", "得分和计分理由（JSON）", append(doc, '\n'))
	if !sc.Scorable {
		out.Line("%s。", sc.NotScorable)
		out.Summary("%s不能计分：%s。", in.Period.Label(), sc.NotScorable)
		return nil
	}
	for _, u := range sc.Units {
		name := results.UnitName(s.c, u.Unit)
		if !u.Reported {
			out.Line("%s（%s，不排名）：%s", name, sc.RankText(u), score.NoDataReason(r.Consolidation, r.Consolidation.Submission(u.Unit)))
			continue
		}
		line := "第" + sc.RankText(u) + "名 " + name + " " + u.Points.StringFixed(2) + "分"
		if m := sc.MoveText(u); m != "" {
			line += "（较上期 " + m + "）"
		}
		out.Line("%s", line)
		for i, is := range u.Items {
			reason := strings.TrimPrefix(is.Reason(), sc.Items[i].Name+" ")
			if !sc.Counted(is) {
				out.Line("    %s 不计：%s", sc.Items[i].Name, reason)
				continue
			}
			out.Line("    %s %s分：%s", sc.Items[i].Name, is.Points.StringFixed(2), reason)
		}
		if u.Scaled != "" {
			out.Line("    %s", u.Scaled)
		}
	}
	if line := results.ToEnterConsole(r.Consolidation); line != "" {
		out.Line("%s", line)
	}
	out.Summary("已计分：%d 个单位参加排名，每一项的计分理由见上。", sc.Ranked())
	return nil
}

// fonts are the bulletin's and the notices' fonts: the workspace's fonts/ folder, the
// system's, else the built-in ones (report.FindFonts, as the CLI without --font).
func (s *Server) fonts() (*report.FontChoice, error) {
	return report.FindFonts(s.cfg.Workspace, "", "")
}

func (s *Server) runInterviews(in *runInput, out *jobOut) error {
	r, err := results.Assemble(s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	if rule := score.UnrankedRule(s.c, r.Scores); rule != "" {
		out.Line("规则：%s", rule)
	}
	switch {
	case s.c.Interviews == nil || len(s.c.Interviews.Rules) == 0:
		out.Line("campaign.yaml 没有约谈规则（interviews），不产生约谈名单。")
	case len(r.Interviews) == 0:
		out.Line("本期没有单位触发约谈规则。")
	}
	for i, iv := range r.Interviews {
		var reasons []string
		for _, h := range iv.Hits {
			reasons = append(reasons, h.Reason+"（"+h.Figures+"）")
		}
		out.Line("%d. %s：%s", i+1, results.UnitName(s.c, iv.Unit), strings.Join(reasons, "；"))
	}
	fonts, err := s.fonts()
	if err != nil {
		return err
	}
	date, err := s.printDate(in.Form["date"])
	if err != nil {
		return err
	}
	doc, err := results.Interviews(s.c, r, results.InterviewOptions{Workspace: s.cfg.Workspace, Time: in.Form["time"],
		Place: in.Form["place"], Attendees: in.Form["attendees"], Contact: in.Form["contact"], Date: date, Fonts: fonts})
	if err != nil {
		return err
	}
	base := "约谈名单-" + in.Period.String()
	if err := offerDocument(out, base, "约谈名单和约谈通知书", "可修改", doc, date); err != nil {
		return err
	}
	var x bytes.Buffer
	if err := workbook.WriteInterviews(&x, r.Consolidation, r.Scores, r.Interviews); err != nil {
		return errors.New("生成约谈名单表格出错：" + err.Error())
	}
	out.File(base+".xlsx", "约谈名单（Excel）", x.Bytes())
	out.Summary("约谈名单共 %d 个单位，名单和 %d 份约谈通知书可以下载了。", len(r.Interviews), len(r.Interviews))
	return nil
}

func (s *Server) runBulletin(in *runInput, out *jobOut) error {
	issue := 0
	if v := in.Form["issue"]; v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			return errors.New("期号“" + v + "”不是正整数：请填写如 3，或留空按期次自动编号")
		}
		issue = n
	}
	fonts, err := s.fonts()
	if err != nil {
		return err
	}
	r, err := results.Assemble(s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	if warning := results.NothingReceived(r, "用“收取邮件”或“代单位上传”回收"); warning != "" {
		out.Line("注意：%s", warning)
	}
	date, err := s.printDate(in.Form["date"])
	if err != nil {
		return err
	}
	doc, err := results.Bulletin(s.c, r, results.BulletinOptions{Workspace: s.cfg.Workspace, IssueNo: issue, Date: date, Fonts: fonts})
	if err != nil {
		return err
	}
	if err := offerDocument(out, "通报-"+in.Period.String(), "通报", "可修改后印发", doc, date); err != nil {
		return err
	}
	if line := results.ToEnterConsole(r.Consolidation); line != "" {
		out.Line("%s", line)
	}
	out.Summary("已生成%s通报：第%d期，%d 页，正文字体：%s。", in.Period.Label(), doc.IssueNo, doc.Pages, bodyFont(fonts, doc))
	return nil
}

// bodyFont names the bulletin's body font for a clerk: the built-in one by what it
// is and how to use the office's own, else the font's own name (仿宋_GB2312 and the
// like, which the clerk knows).
func bodyFont(fonts *report.FontChoice, doc *results.Document) string {
	if strings.HasPrefix(fonts.Source[report.RoleBody], "内置") {
		return "程序内置的宋体（要用仿宋等公文字体，把字体文件放进工作目录的 fonts 文件夹后重新生成）"
	}
	return doc.Body
}

// printDate is the date a document is dated: the form's 年-月-日, or today in the
// campaign's time zone (as the CLI's --date).
func (s *Server) printDate(v string) (time.Time, error) {
	if v == "" {
		return s.cfg.Now().In(s.c.Location()), nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, s.c.Location())
	if err != nil {
		return time.Time{}, errors.New("印发日期“" + v + "”不是日期：请写 2023-10-20 这样的年-月-日，或留空用今天")
	}
	return t, nil
}

// offerDocument offers a typeset document for download as base.pdf and, written from
// the same model (package docx), base.docx.
func offerDocument(out *jobOut, base, label, editable string, doc *results.Document, date time.Time) error {
	out.File(base+".pdf", label+"（PDF）", doc.PDF)
	var w bytes.Buffer
	if err := docx.Write(&w, doc.Model, date); err != nil {
		return err
	}
	out.File(base+".docx", label+"（Word，"+editable+"）", w.Bytes())
	return nil
}
