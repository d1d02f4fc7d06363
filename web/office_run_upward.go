package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strings"

	"tenglong/campaign"
	"tenglong/outbox"
	"tenglong/results"
	"tenglong/upward"
)

// 上报上级 (issue 20 in the console): the office uploads the city's template and the
// job fills it as `tenglong upward` does (upward.Fill), printing the same figures and
// the units not included, and offering the filled return for download.

// runUpwardStart is POST /office/run/upward: a multipart form (the city's template in
// field template, read in memory under the upload cap), its CSRF field checked here
// as officeUpload does, then started like every other button.
func (s *Server) runUpwardStart(w http.ResponseWriter, r *http.Request, sess session) {
	a, _ := findAction("upward")
	if s.c.Parent == nil {
		s.notFound(w, r)
		return
	}
	fields, files, ok := s.readUploadOrAnswer(w, r, "template")
	if !ok {
		return
	}
	if r.Header.Get("X-CSRF-Token") == "" && subtle.ConstantTimeCompare([]byte(fields["csrf"]), []byte(sess.csrf)) != 1 {
		s.forbidden(w, r)
		return
	}
	if len(files) == 0 {
		s.badUpload(w, r, "请选择上级发来的本期模板（.xlsx）后再点“上报上级”")
		return
	}
	p, ok := s.runPeriod(w, strings.TrimSpace(fields["period"]))
	if !ok {
		return
	}
	form := map[string]string{}
	if strings.TrimSpace(fields["partial"]) != "" {
		form["partial"] = "1"
	}
	s.launch(w, r, a, &runInput{Period: p, Form: form, Remote: remote(r), Upload: files[0].data, UploadName: files[0].name})
}

func (s *Server) runUpward(in *runInput, out *jobOut) error {
	r, err := results.Assemble(s.c, s.db, in.Period)
	if err != nil {
		return err
	}
	ret, data, err := upward.Fill(s.c, r.Consolidation, in.Upload, in.Form["partial"] != "")
	var notTemplate *upward.NotTemplateError
	switch {
	case errors.As(err, &notTemplate):
		return fmt.Errorf("上传的文件 %s %v：请上传上级发来的本期模板", in.UploadName, err)
	case upward.IsRefusal(err):
		if strings.Contains(err.Error(), "tenglong totals set") {
			out.Line("由办公室录入的本级合计数，在“周期操作”页的“录入合计数”里录入（与 tenglong totals set 相同），录好后再点“上报上级”。")
		}
		return fmt.Errorf("没有生成报送文件（%s）：\n%s", in.UploadName, err)
	case err != nil:
		return fmt.Errorf("填写上级模板 %s 出错：%v", in.UploadName, err)
	}
	name := strings.TrimSuffix(path.Base(in.UploadName), path.Ext(in.UploadName)) + "-报送.xlsx"
	out.Line("已把%s %s的汇总数填进上级模板：%s", s.c.Parent.UnitName, in.Period.Label(), name)
	for _, f := range ret.Figures {
		out.Line("%s：%s %s（%s）", f.Name, f.Value, f.Measure, f.Basis)
	}
	var missing []string
	for _, u := range ret.Missing {
		missing = append(missing, u.Name)
	}
	if len(missing) > 0 {
		out.Line("注意：这是部分汇总，未含 %d 个单位：%s（已写在模板的填报说明里）", len(missing), strings.Join(missing, "、"))
	}
	if ret.ListRows > 0 || ret.Tasks > 0 {
		out.Line("清单合并去重后填了 %d 行，任务进展填了 %d 项（各单位的数见“明细”表）", ret.ListRows, ret.Tasks)
	}
	out.File(name, "填好的报送文件（Excel，报给上级）", data)
	out.Summary("已填好%s的报送文件（%d 项指标），可以下载后报给上级。", in.Period.Label(), len(ret.Figures))
	return nil
}

// lastReturn is the filled return of the latest finished 上报上级 run for period p
// still kept in memory, or false.
func (s *Server) lastReturn(p campaign.Period) (jobFile, bool) {
	js := s.jobs()
	js.mu.Lock()
	defer js.mu.Unlock()
	for i := len(js.order) - 1; i >= 0; i-- {
		j := js.byID[js.order[i]]
		j.mu.Lock()
		f, ok := jobFile{}, j.Action.ID == "upward" && j.Period == p && j.done && j.err == "" && len(j.files) > 0
		if ok {
			f = j.files[0]
		}
		j.mu.Unlock()
		if ok {
			return f, true
		}
	}
	return jobFile{}, false
}

// runSendUpward mails the last filled return to the city's contact as `send --upward`
// does (upward.Message through outbox): a dry run first, never the same file twice.
func (s *Server) runSendUpward(in *runInput, out *jobOut) error {
	m, err := s.needMail()
	if err != nil {
		return err
	}
	f, ok := s.lastReturn(in.Period)
	if !ok {
		return fmt.Errorf("还没有%s填好的报送文件（或控制台重启后已不在）：请先点“上报上级”生成，再发送", in.Period.Label())
	}
	out.Line("发送的报送文件：%s（%s）", f.Name, sizeText(int64(len(f.Data))))
	msg, err := upward.Message(s.cfg.Workspace, s.c, in.Period, f.Name, f.Data)
	if err != nil {
		return err
	}
	return s.deliver(in, out, m, []outbox.Message{msg}, 1, nil, "上报")
}
