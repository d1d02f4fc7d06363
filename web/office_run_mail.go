package web

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/outbox"
)

// The buttons that make and mail what goes to the units: generate, send, remind —
// package outbox's Generate, TemplateMessages, RemindMessages and Deliver, as the
// CLI's commands call them.

// workspace is the folder the server serves, or the error that says it has none.
func (s *Server) workspace() (string, error) {
	if s.cfg.Workspace == "" {
		return "", errors.New("控制台没有工作目录，不能生成或读取模板文件：请用 tenglong serve -w 工作目录 启动")
	}
	return s.cfg.Workspace, nil
}

func (s *Server) runGenerate(in *runInput, out *jobOut) error {
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	p := in.Period
	deadline := p.Deadline(s.c.Deadline)
	if v := in.Form["deadline"]; v != "" {
		d, err := time.Parse("2006-01-02", v)
		if err != nil {
			return fmt.Errorf("截止日期“%s”不是日期，请写成 2023-10-10 这样的 年-月-日，或留空用 campaign.yaml 的截止日期", v)
		}
		deadline = d
	}
	drafts, err := outbox.NewDrafts(ws, s.c, p, deadline)
	if err != nil {
		return err
	}
	units := outbox.Units(s.c)
	if in.Form["units"] != "" { // some units only: the ones ticked
		chosen := map[string]bool{}
		for _, code := range strings.Split(in.Form["units"], ",") {
			chosen[code] = true
		}
		var some []outbox.Unit
		for _, u := range units {
			if chosen[u.Code] {
				some = append(some, u)
			}
		}
		if len(some) == 0 {
			return errors.New("没有选中任何单位：请勾选要生成模板的单位，或都不勾选（生成全部单位的）")
		}
		units = some
	}
	gen, err := outbox.Generate(outbox.Generation{Campaign: s.c, Period: p, Deadline: deadline, Units: units,
		Dir: filepath.Join(ws, outbox.TemplatesDir, p.String()), Generated: s.c.In(s.cfg.Now()), SigningKey: s.key,
		Previous: outbox.PreviousValues(s.db, s.c, p, units), Drafts: drafts, Workers: s.cfg.Workers,
		Progress: func(done, total int, unit string) { out.Line("（%d/%d）已生成 %s 的模板", done, total, unit) }})
	if err != nil {
		return err
	}
	for _, w := range gen.Warnings {
		out.Line("注意：%s", w)
	}
	bundle, err := zipFolder(gen.Dir)
	if err != nil {
		return err
	}
	out.File("填报模板-"+p.String()+".zip", "全部模板和邮件草稿（压缩包）", bundle)
	where := gen.Dir
	if abs, err := filepath.Abs(where); err == nil {
		where = abs
	}
	out.Summary("已生成 %d 个单位的%s填报模板，保存在 %s；报送截止 %s。", len(gen.Files), p.Label(), where, campaign.DateLabel(deadline))
	return nil
}

// zipFolder packs a folder's files (and its mail/ drafts) for one download.
func zipFolder(dir string) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		w, err := z.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate, Flags: 0x800}) // 0x800: UTF-8 names
		if err != nil {
			return err
		}
		_, err = w.Write(data)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("打包 %s 出错：%v", dir, err)
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// needMail is the campaign's mail settings, or the error that says how to write them.
func (s *Server) needMail() (*campaign.Mail, error) {
	if s.c.Mail == nil {
		return nil, errors.New("campaign.yaml 里没有 mail: 邮件设置，无法自动发信：请加上 host、port、tls、username、from（密码放在环境变量里），" +
			"或用“生成模板”下载模板和邮件草稿（.eml），用邮件客户端打开后手工发送")
	}
	return s.c.Mail, nil
}

func (s *Server) runSend(in *runInput, out *jobOut) error {
	ws, err := s.workspace()
	if err != nil {
		return err
	}
	m, err := s.needMail()
	if err != nil {
		return err
	}
	p := in.Period
	drafts, err := outbox.NewDrafts(ws, s.c, p, p.Deadline(s.c.Deadline))
	if err != nil {
		return err
	}
	units := outbox.Units(s.c)
	links, err := MailLinks(s.c, s.db, p, s.cfg.PublicURL)
	if err != nil {
		return err
	}
	if note := links.Note(len(units)); note != "" {
		out.Line("%s", note)
	}
	msgs, noEmail, err := outbox.TemplateMessages(s.c, p, filepath.Join(ws, outbox.TemplatesDir, p.String()), units, drafts, links)
	var missing *outbox.NoTemplateError
	if errors.As(err, &missing) {
		return fmt.Errorf("没有找到%s的%s模板（%s）：请先点“生成模板”，再发送", missing.Unit, p.Label(), missing.Path)
	}
	if err != nil {
		return err
	}
	return s.deliver(in, out, m, msgs, len(units), noEmail, "模板")
}

func (s *Server) runRemind(in *runInput, out *jobOut) error {
	m, err := s.needMail()
	if err != nil {
		return err
	}
	links, err := MailLinks(s.c, s.db, in.Period, s.cfg.PublicURL)
	if err != nil {
		return err
	}
	rs, err := outbox.RemindMessages(s.cfg.Workspace, s.c, s.db, in.Period, s.cfg.Now(), links)
	if err != nil {
		return err
	}
	if note := links.Note(len(s.c.Units)); note != "" && rs.Waiting > 0 {
		out.Line("%s", note)
	}
	if rs.Waiting == 0 {
		out.Summary("%s 各单位都已报送并采用，不需要催报。", in.Period.Label())
		return nil
	}
	return s.deliver(in, out, m, rs.Messages, rs.Waiting, rs.NoEmail, "催报")
}

// deliver runs outbox.Deliver with each message's line shown as it goes; a dry run
// that would send something offers the confirm button.
func (s *Server) deliver(in *runInput, out *jobOut, m *campaign.Mail, msgs []outbox.Message, total int, noEmail []string, verb string) error {
	srv := outbox.Settings(m, false)
	if !in.DryRun {
		if err := mailPassword(m, &srv); err != nil {
			return err
		}
	}
	resend := in.Form["resend"] == "1"
	if resend {
		out.Line("已选择：重发上次中断时状态不明的邮件。")
	}
	sum, err := outbox.Deliver(s.c, s.db, srv, msgs, outbox.Options{DryRun: in.DryRun, ResendUnknown: resend, Verb: verb, Now: s.cfg.Now,
		Progress: func(_ outbox.Result, line string) {
			if line != "" {
				out.Line("%s", line)
			}
		}})
	for _, line := range outbox.SummaryLines(total, sum, noEmail, in.DryRun) {
		out.Line("%s", line)
	}
	if err != nil {
		return fmt.Errorf("%v。已发出的 %d 封已记录，再点一次只发剩下的", err, sum.Sent)
	}
	if in.DryRun {
		if sum.Planned > 0 {
			out.Confirmable()
			out.Summary("试发完成：将发送 %d 封%s邮件，还没有发出任何邮件。核对下面“将要发送的名单”后，点名单下方的“确认发送”。", sum.Planned, verb)
		} else {
			out.Summary("试发完成：没有需要发送的%s邮件。", verb)
		}
		return nil
	}
	if failed := sum.Failed(); len(failed) > 0 {
		return fmt.Errorf("有 %d 封%s没有发出：%s。改正 campaign.yaml 里的邮箱后再点一次，只发这几封", len(failed), verb, outbox.FailedList(failed))
	}
	out.Summary("已发送 %d 封%s邮件（之前已发送 %d 封，不重发）。", sum.Sent, verb, sum.Before)
	return nil
}

// runReturns mails each unit whose latest return was rejected its file back, marked
// up, with the findings (send --returns).
func (s *Server) runReturns(in *runInput, out *jobOut) error {
	m, err := s.needMail()
	if err != nil {
		return err
	}
	rm, err := outbox.ReturnMessages(s.cfg.Workspace, s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	for _, line := range rm.NotMarked {
		out.Line("不能自动发回  %s：请在该单位页面下载标注文件后手工发送", line)
	}
	if rm.Rejected == 0 {
		out.Summary("%s 没有被退回、待发回的报送。", in.Period.Label())
		return nil
	}
	return s.deliver(in, out, m, rm.Messages, rm.Rejected, rm.NoEmail, "退回")
}
