package web

import (
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"tenglong/campaign"
	"tenglong/entries"
	"tenglong/store"
)

// The cycle's buttons (issue 19): each POST /office/run/{action} starts a job that
// runs in the background, one job of an action at a time; its page shows the lines
// as they come (run.js polls the job's status) and ends with what was done and the
// files to download under /office/download/{job}/{n}. The work is done by the same
// packages the CLI calls (office_run_*.go).

// runAction is one of the cycle's buttons.
type runAction struct {
	ID, Label string
	Hint      string // what the button does, for the clerk
	// Confirm: the action mails; it runs as a dry run first, and only a dry run's
	// confirm button sends (runSend).
	Confirm bool
	// Parent: shown only in a campaign that reports to a city (parent:).
	Parent bool
	run    func(s *Server, in *runInput, out *jobOut) error
}

// runInput is what a job was started with: the period and the form's other fields.
type runInput struct {
	Period campaign.Period
	Form   map[string]string
	DryRun bool
	Remote string
	// Upload is the file the form uploaded (上报上级: the city's template), and its name.
	Upload     []byte
	UploadName string
}

// runActions are the buttons, in the order of the cycle.
var runActions []runAction

func init() {
	runActions = []runAction{
		{ID: "generate", Label: "生成模板", Hint: "为每个单位生成本期的填报模板（含邮件草稿），生成后可打包下载。", run: (*Server).runGenerate},
		{ID: "send", Label: "发送模板", Hint: "把模板用邮件发给各单位：先试发，列出将发给谁，确认后才真正发送。", Confirm: true, run: (*Server).runSend},
		{ID: "remind", Label: "催报", Hint: "给还没有报送或被退回的单位发催报邮件：先试发，确认后才发送。", Confirm: true, run: (*Server).runRemind},
		{ID: "returns", Label: "发回退回的报送", Hint: "把被退回的报送文件（已标出问题）连同问题清单发回各单位：先试发，确认后才发送。", Confirm: true, run: (*Server).runReturns},
		{ID: "fetch", Label: "收取邮件", Hint: "从办公室邮箱收取各单位发回的报送文件，检查和入库与“代单位上传”相同。", run: (*Server).runFetch},
		{ID: "confirm", Label: "确认待确认文件", Hint: "签名核对不上的文件暂存为“待确认”。向单位核实后在这里确认它是哪个单位的报送，确认人和理由记入审计日志。", run: (*Server).runConfirm},
		{ID: "consolidate", Label: "汇总", Hint: "汇总本期各单位已采用的数据，生成汇总表（.xlsx）供下载。", run: (*Server).runConsolidate},
		{ID: "score", Label: "赛马打分", Hint: "按考核办法计分排名，列出每个单位每一项的计分理由。", run: (*Server).runScore},
		{ID: "interviews", Label: "约谈名单", Hint: "按约谈规则列出约谈单位，生成约谈名单和约谈通知书（PDF、Word）。", run: (*Server).runInterviews},
		{ID: "bulletin", Label: "季度通报", Hint: "生成本期通报（PDF 和可修改的 Word 文件）。", run: (*Server).runBulletin},
		{ID: "points", Label: "录入分数", Hint: "录入加分项、评分项的分数，必须写明理由；以最新一次录入为准。", run: (*Server).runPoints},
		{ID: "totals", Label: "录入合计数", Hint: "录入由办公室提供的指标合计数（如统计局快报数），必须写明来源；以最新一次录入为准。", run: (*Server).runTotals},
		{ID: "upward", Label: "上报上级", Hint: "上传上级发来的本期模板，把本级汇总数填进去（与 tenglong upward 相同），填好的报送文件供下载。", Parent: true, run: (*Server).runUpward},
		{ID: "send-upward", Label: "发送上报文件", Hint: "把最近一次“上报上级”填好的报送文件用邮件发给上级联系人：先试发，确认后才发送，同一文件不重发。", Confirm: true, Parent: true, run: (*Server).runSendUpward},
		{ID: "breakdown", Label: "任务分解表", Hint: "按 campaign.yaml 生成各单位主要指标任务分解表（.xlsx），可直接打印下发。", run: (*Server).runBreakdown},
	}
}

func findAction(id string) (runAction, bool) {
	for _, a := range runActions {
		if a.ID == id {
			return a, true
		}
	}
	return runAction{}, false
}

// job is one run of an action.
type job struct {
	ID      string
	Action  runAction
	Period  campaign.Period
	DryRun  bool
	Form    map[string]string // what it was started with: a confirm sends as its dry run was run
	Started time.Time

	mu    sync.Mutex
	lines []string
	files []jobFile
	done  bool
	err   string
	ended time.Time
	more  bool // a dry run that found messages to send: the page offers the confirm button
	// dropped: its files were let go to keep memory (trimFiles)
	dropped bool
	summary string
}

// jobFile is a file a job made, kept in memory for download.
type jobFile struct {
	Name  string
	Label string
	Data  []byte
}

// jobOut is what an action writes its progress and results to.
type jobOut struct{ j *job }

// Line adds a line of progress.
func (o *jobOut) Line(format string, args ...any) {
	o.j.mu.Lock()
	o.j.lines = append(o.j.lines, strings.TrimRight(fmt.Sprintf(format, args...), "\n"))
	o.j.mu.Unlock()
}

// File offers a file for download.
func (o *jobOut) File(name, label string, data []byte) {
	o.j.mu.Lock()
	o.j.files = append(o.j.files, jobFile{Name: name, Label: label, Data: data})
	o.j.mu.Unlock()
}

// Summary is the job's closing sentence: what was done.
func (o *jobOut) Summary(format string, args ...any) {
	o.j.mu.Lock()
	o.j.summary = fmt.Sprintf(format, args...)
	o.j.mu.Unlock()
}

// Confirmable marks a dry run whose messages may now be sent.
func (o *jobOut) Confirmable() {
	o.j.mu.Lock()
	o.j.more = true
	o.j.mu.Unlock()
}

// jobs are the server's runs: the latest few kept for their pages and downloads, and
// which action is running.
type jobs struct {
	mu      sync.Mutex
	byID    map[string]*job
	order   []string
	running map[string]string // action → job id
}

const keptJobs = 30

func (s *Server) jobs() *jobs {
	s.jobsOnce.Do(func() { s.runs = &jobs{byID: map[string]*job{}, running: map[string]string{}} })
	return s.runs
}

// start runs an action in the background unless one of its kind is running; it
// returns the job, or the running one and false.
func (s *Server) start(a runAction, in *runInput) (*job, bool) {
	js := s.jobs()
	js.mu.Lock()
	defer js.mu.Unlock()
	if id, ok := js.running[a.ID]; ok {
		return js.byID[id], false
	}
	j := &job{ID: randomToken(9), Action: a, Period: in.Period, DryRun: in.DryRun, Form: in.Form, Started: s.cfg.Now()}
	js.byID[j.ID] = j
	js.order = append(js.order, j.ID)
	if len(js.order) > keptJobs {
		old := js.order[0]
		if _, running := js.running[js.byID[old].Action.ID]; !running || js.running[js.byID[old].Action.ID] != old {
			delete(js.byID, old)
			js.order = js.order[1:]
		}
	}
	js.running[a.ID] = j.ID
	s.inflight.Add(1) // Shutdown waits for it as for an upload: the store stays open until it ends
	go func() {
		defer s.inflight.Done()
		err := s.runSafely(a, in, &jobOut{j})
		j.mu.Lock()
		j.done, j.ended = true, s.cfg.Now()
		if err != nil {
			j.err = err.Error()
		}
		j.mu.Unlock()
		js.mu.Lock()
		delete(js.running, a.ID)
		js.trimFiles(maxKeptBytes)
		js.mu.Unlock()
		s.logf("控制台“%s”%s结束（%s）：%s", a.Label, dryWord(in.DryRun), in.Remote, outcomeWord(err))
	}()
	return j, true
}

// runSafely runs an action; a panic in it is a failed job, never a dead server.
func (s *Server) runSafely(a runAction, in *runInput, out *jobOut) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("程序出错（%v），请把这一页截图发给技术支持", r)
		}
	}()
	return a.run(s, in, out)
}

func dryWord(dry bool) string {
	if dry {
		return "试发"
	}
	return ""
}

func outcomeWord(err error) string {
	if err != nil {
		return "失败：" + err.Error()
	}
	return "完成"
}

// maxKeptBytes is how much the finished runs' files may hold in memory together; the
// oldest runs' files are let go first (their pages say to run them again).
const maxKeptBytes = 256 << 20

// trimFiles lets go of the oldest runs' files until those kept hold at most max bytes.
// js.mu is held.
func (js *jobs) trimFiles(max int) {
	total := 0
	for i := len(js.order) - 1; i >= 0; i-- {
		j := js.byID[js.order[i]]
		j.mu.Lock()
		for _, f := range j.files {
			total += len(f.Data)
		}
		if total > max && j.done {
			j.files, j.dropped = nil, true
		}
		j.mu.Unlock()
	}
}

func (s *Server) job(id string) *job {
	js := s.jobs()
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// runMenuData is the page of the cycle's buttons.
type runMenuData struct {
	Period  string
	Label   string
	Periods []periodOption
	Actions []runAction
	Recent  []jobView
	// the entry forms' choices
	Units      []choice
	Items      []choice
	Indicators []choice
	Pending    []choice // files held for confirmation in the period
}

// choice is an option of a select.
type choice struct{ Value, Label string }

func (s *Server) runMenu(w http.ResponseWriter, r *http.Request, sess session) {
	p, ok := s.period(r)
	if !ok {
		s.message(w, http.StatusBadRequest, "期次有误", "没有这个期次："+r.URL.Query().Get("period"), true)
		return
	}
	d := &runMenuData{Period: p.String(), Label: p.Label()}
	for _, a := range runActions {
		if !a.Parent || s.c.Parent != nil {
			d.Actions = append(d.Actions, a)
		}
	}
	for _, x := range s.c.Span.Periods(s.c.Cadence) {
		d.Periods = append(d.Periods, periodOption{Value: x.String(), Label: x.Label(), Selected: x == p})
	}
	for _, u := range s.c.Units {
		d.Units = append(d.Units, choice{u.Code, u.Name})
	}
	for _, it := range entries.EnteredItems(s.c) {
		d.Items = append(d.Items, choice{it.ID, it.Name})
	}
	for _, in := range entries.GivenIndicators(s.c) {
		d.Indicators = append(d.Indicators, choice{in.ID, in.Name + "（" + in.Measure + "）"})
	}
	subs, err := s.db.Submissions(s.c.ID, p.String())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, sub := range subs {
		if sub.Outcome == store.Pending {
			d.Pending = append(d.Pending, choice{sub.SHA256, path.Base(sub.SourcePath) + "（" + s.timeText(sub.ReceivedAt) + " 收到）"})
		}
	}
	js := s.jobs()
	js.mu.Lock()
	for i := len(js.order) - 1; i >= 0 && len(d.Recent) < 10; i-- {
		d.Recent = append(d.Recent, js.byID[js.order[i]].view())
	}
	js.mu.Unlock()
	s.render(w, http.StatusOK, "run", page{Title: "报送周期操作", CSRF: sess.csrf, Office: true, Data: d})
}

// runStart is POST /office/run/{action}: the session and the form's token are checked
// by office(); a mailing action runs as a dry run unless the form names the finished
// dry run it confirms (field dry).
func (s *Server) runStart(w http.ResponseWriter, r *http.Request, sess session) {
	a, ok := findAction(r.PathValue("action"))
	if !ok || (a.Parent && s.c.Parent == nil) || a.ID == "upward" { // 上报上级 has its own route (a multipart form)
		s.notFound(w, r)
		return
	}
	p, ok := s.runPeriod(w, r.PostFormValue("period"))
	if !ok {
		return
	}
	in := &runInput{Period: p, Form: map[string]string{}, Remote: remote(r)}
	for k, vs := range r.PostForm {
		if k == "csrf" {
			continue
		}
		var kept []string // a field given more than once (ticked units) is one comma-joined value
		for _, v := range vs {
			if v = strings.TrimSpace(v); v != "" {
				kept = append(kept, v)
			}
		}
		in.Form[k] = strings.Join(kept, ",")
	}
	if a.Confirm {
		in.DryRun = true
		if id := r.PostFormValue("dry"); id != "" {
			dry := s.job(id)
			if dry == nil || !dry.confirmable(a.ID, p, s.cfg.Now()) {
				s.message(w, http.StatusConflict, a.Label+"：请先试发",
					"确认发送要在刚刚完成的试发页面上点：请重新点“"+a.Label+"”试发一次，核对名单后再确认。", true)
				return
			}
			in.DryRun, in.Form = false, dry.Form // the options the list was made with
		}
	}
	s.launch(w, r, a, in)
}

// runPeriod is a run form's period (the server's when the form names none), or false
// with the page saying what is wrong.
func (s *Server) runPeriod(w http.ResponseWriter, value string) (campaign.Period, bool) {
	if value == "" {
		return s.cfg.Period, true
	}
	p, err := s.c.ReportingPeriod(value)
	if err != nil {
		s.message(w, http.StatusBadRequest, "期次有误", err.Error(), true)
		return p, false
	}
	return p, true
}

// launch starts a run whose form was read and checked, and answers with its page.
func (s *Server) launch(w http.ResponseWriter, r *http.Request, a runAction, in *runInput) {
	p := in.Period
	select {
	case <-s.closing: // stopping: a run started now could outlive the store
		s.message(w, http.StatusServiceUnavailable, "控制台正在停止", "控制台正在停止，不能再开始新的操作：请等重新启动后再点。", true)
		return
	default:
	}
	j, started := s.start(a, in)
	if !started {
		s.message(w, http.StatusConflict, a.Label+"：正在进行",
			"“"+a.Label+"”正在进行中（"+s.timeText(j.Started)+"开始），同一时间只能进行一次：请等它完成。打开 /office/run/job/"+j.ID+" 查看进度。", true)
		return
	}
	s.logf("控制台开始“%s”%s：%s（来自 %s）", a.Label, dryWord(in.DryRun), p, remote(r))
	if wantsJSON(r) {
		writeJSON(w, http.StatusAccepted, map[string]string{"job": j.ID, "page": "/office/run/job/" + j.ID, "status": "/office/run/job/" + j.ID + "/status"})
		return
	}
	http.Redirect(w, r, "/office/run/job/"+j.ID, http.StatusSeeOther)
}

// confirmable reports whether j is a finished dry run of action for period p that
// found something to send, recent enough (30 minutes) to stand for what is sent.
func (j *job) confirmable(action string, p campaign.Period, now time.Time) bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.Action.ID == action && j.Period == p && j.DryRun && j.done && j.err == "" && j.more &&
		now.Sub(j.ended) < 30*time.Minute
}

// jobView is a job as its page and its status JSON show it.
type jobView struct {
	ID      string        `json:"id"`
	Action  string        `json:"action"`
	Label   string        `json:"label"`
	Period  string        `json:"period"`
	PLabel  string        `json:"period_label"`
	DryRun  bool          `json:"dry_run"`
	Started string        `json:"started"`
	Done    bool          `json:"done"`
	Error   string        `json:"error"`
	Summary string        `json:"summary"`
	Lines   []string      `json:"lines"`
	Files   []jobFileView `json:"files"`
	Confirm bool          `json:"confirm"` // a dry run that may now be sent
	Dropped bool          `json:"dropped"` // its files are no longer kept
}

type jobFileView struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	URL   string `json:"url"`
	Size  string `json:"size"`
}

func (j *job) view() jobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{ID: j.ID, Action: j.Action.ID, Label: j.Action.Label, Period: j.Period.String(), PLabel: j.Period.Label(),
		DryRun: j.DryRun, Started: j.Started.Format("1月2日 15:04:05"), Done: j.done, Error: j.err, Summary: j.summary,
		Lines: append([]string{}, j.lines...), Files: []jobFileView{}, Confirm: j.done && j.err == "" && j.more, Dropped: j.dropped}
	for i, f := range j.files {
		v.Files = append(v.Files, jobFileView{Name: f.Name, Label: f.Label, URL: "/office/download/" + j.ID + "/" + strconv.Itoa(i), Size: sizeText(int64(len(f.Data)))})
	}
	return v
}

func (s *Server) runJobPage(w http.ResponseWriter, r *http.Request, sess session) {
	j := s.job(r.PathValue("id"))
	if j == nil {
		s.message(w, http.StatusNotFound, "没有这次操作", "这次操作的记录已不在（服务重启后不保留）：请回到“周期操作”重新运行。", true)
		return
	}
	v := j.view()
	title := v.Label
	if v.DryRun {
		title += "（试发）"
	}
	s.render(w, http.StatusOK, "runjob", page{Title: title + " " + v.PLabel, CSRF: sess.csrf, Office: true, Data: v})
}

func (s *Server) runJobStatus(w http.ResponseWriter, r *http.Request, _ session) {
	j := s.job(r.PathValue("id"))
	if j == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "没有这次操作"})
		return
	}
	writeJSON(w, http.StatusOK, j.view())
}

// download is GET /office/download/{id}/{n}: a file a job made.
func (s *Server) download(w http.ResponseWriter, r *http.Request, _ session) {
	j := s.job(r.PathValue("id"))
	n, err := strconv.Atoi(r.PathValue("n"))
	if j == nil || err != nil {
		s.notFound(w, r)
		return
	}
	j.mu.Lock()
	var f *jobFile
	if n >= 0 && n < len(j.files) {
		f = &j.files[n]
	}
	j.mu.Unlock()
	if f == nil {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", contentTypes[strings.ToLower(path.Ext(f.Name))])
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(f.Data)
}

var contentTypes = map[string]string{
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".pdf":  "application/pdf",
	".json": "application/json; charset=utf-8",
	".zip":  "application/zip",
	".csv":  "text/csv; charset=utf-8",
}
