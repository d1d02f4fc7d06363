package web

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/entries"
	"tenglong/internal/mailserver"
	"tenglong/upward"
	"tenglong/workbook"
)

// countyEnv is a console on 德清县's workspace made as `init --from-template` makes it
// from the city's (huzhou-2023) template, with four of its townships, and that
// template: the file the office uploads to 上报上级.
func countyEnv(t *testing.T, tweak ...func(yaml string, cfg *Config) string) (*env, []byte) {
	t.Helper()
	city := newEnv(t)
	tmpl := city.template("deqing")
	pt, err := workbook.ReadParentTemplate(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := upward.CountyCampaign(pt, testClock)
	if err != nil {
		t.Fatal(err)
	}
	y, err := upward.WithUnits(ws.YAML, []campaign.Unit{{Code: "wukang", Name: "武康街道"}, {Code: "wuyang", Name: "舞阳街道"},
		{Code: "fuxi", Name: "阜溪街道"}, {Code: "xinshi", Name: "新市镇"}})
	if err != nil {
		t.Fatal(err)
	}
	var cfgTweaks []func(*Config)
	for _, f := range tweak {
		var cfg Config
		y = []byte(f(string(y), &cfg))
		cfgTweaks = append(cfgTweaks, func(c *Config) { c.Workspace, c.MaxUpload = cfg.Workspace, cfg.MaxUpload })
	}
	c, probs := campaign.LoadAndCheck(y)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	e := newEnv(t, append(cfgTweaks, func(cfg *Config) { cfg.Campaign = c })...)
	e.c = c
	return e, tmpl
}

// startUpward posts the 上报上级 form (the template in field template) and returns the
// response; csrf "" sends none.
func (e *env) startUpward(client *http.Client, tmpl []byte, csrf string, partial bool) *http.Response {
	e.t.Helper()
	fields := map[string]string{"period": "2023Q3"}
	if csrf != "" {
		fields["csrf"] = csrf
	}
	if partial {
		fields["partial"] = "1"
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	part, err := mw.CreateFormFile("template", "德清县-2023Q3.xlsx")
	if err != nil {
		e.t.Fatal(err)
	}
	part.Write(tmpl)
	mw.Close()
	resp, _ := e.do(client, "POST", "/office/run/upward", &body, mw.FormDataContentType(), nil)
	return resp
}

func (e *env) upwardJob(client *http.Client, tmpl []byte, partial bool) jobView {
	e.t.Helper()
	_, page := e.do(client, "GET", "/office/run", nil, "", nil)
	if !strings.Contains(string(page), `action="/office/run/upward"`) || !strings.Contains(string(page), `name="template"`) {
		e.t.Fatal("the run page has no 上报上级 form with a template field")
	}
	resp := e.startUpward(client, tmpl, csrfOf(e.t, page), partial)
	m := jobPath.FindStringSubmatch(resp.Request.URL.Path)
	if resp.StatusCode != 200 || m == nil {
		e.t.Fatalf("上报上级: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return e.wait(client, m[1])
}

// 上报上级: every township accepted, the downloaded return is byte for byte what
// upward.Fill (tenglong upward) makes of the same store and template, and the page
// lists its figures; with one township missing it is refused in Chinese, naming it,
// and made with 部分上报, which names it too.
func TestRunUpward(t *testing.T) {
	e, tmpl := countyEnv(t)
	office := e.officeClient()
	for _, u := range []string{"wukang", "wuyang", "fuxi"} {
		if _, r := e.upload(e.link(u, "2023Q3"), u+".xlsx", e.goodReturn(u)); r.Outcome != "accepted" {
			t.Fatalf("upload %s: %+v", u, r)
		}
	}
	v := e.upwardJob(office, tmpl, true)
	if !strings.Contains(v.Error, "还没有录入") || !lineHas(v.Lines, "“录入合计数”") {
		t.Errorf("totals not entered yet: error %q lines %q", v.Error, v.Lines)
	}
	// the county's figures the office enters itself (total: given), as 录入合计数 does
	for _, in := range entries.GivenIndicators(e.c) {
		e.runDone(office, "totals", url.Values{"indicator": {in.ID}, "value": {"5.5"}, "reason": {"县统计局快报"}, "by": {"办公室"}})
	}
	v = e.upwardJob(office, tmpl, false)
	if v.Error == "" || !strings.Contains(v.Error, "没有生成报送文件") || !strings.Contains(v.Error, "新市镇") || !strings.Contains(v.Error, "--partial") || len(v.Files) != 0 {
		t.Errorf("without 部分上报 and 新市镇 missing: error %q files %v", v.Error, v.Files)
	}
	v = e.upwardJob(office, tmpl, true)
	if v.Error != "" || !lineHas(v.Lines, "未含 1 个单位：新市镇") {
		t.Errorf("部分上报: error %q lines %q", v.Error, v.Lines)
	}
	if _, r := e.upload(e.link("xinshi", "2023Q3"), "xinshi.xlsx", e.goodReturn("xinshi")); r.Outcome != "accepted" {
		t.Fatalf("upload xinshi: %+v", r)
	}
	v = e.upwardJob(office, tmpl, false)
	if v.Error != "" {
		t.Fatalf("上报上级 failed: %s", v.Error)
	}
	got := e.file(office, v, "德清县-2023Q3-报送.xlsx")
	ret, want, err := upward.Fill(e.c, e.assembled("2023Q3").Consolidation, tmpl, false)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("the downloaded return differs from upward.Fill's for the same store and template")
	}
	if len(ret.Figures) == 0 {
		t.Fatal("no figures")
	}
	for _, f := range ret.Figures {
		if !contains(v.Lines, f.Name+"："+f.Value+" "+f.Measure+"（"+f.Basis+"）") {
			t.Errorf("figure %s %s not on the page: %q", f.Name, f.Value, v.Lines)
		}
	}
	if lineHas(v.Lines, "未含") {
		t.Errorf("a complete return said to be partial: %q", v.Lines)
	}
	// Not the city's template: a township's own return is refused, in Chinese.
	v = e.upwardJob(office, e.goodReturn("wukang"), false)
	if v.Error == "" || len(v.Files) != 0 {
		t.Errorf("a township's return taken as the city's template: %+v", v)
	}
	if !strings.Contains(v.Error, "没有生成报送文件") || !strings.Contains(v.Error, "这份模板是发给“武康街道”（wukang）的") {
		t.Errorf("refusal %q", v.Error)
	}
	// Not a template at all.
	v = e.upwardJob(office, []byte("这不是表格"), false)
	if !strings.Contains(v.Error, "不是 tenglong 生成的填报模板") || !strings.Contains(v.Error, "请上传上级发来的本期模板") || len(v.Files) != 0 {
		t.Errorf("a file that is no workbook: %q", v.Error)
	}
}

// 上报上级 needs the session and the form's token like every button, and is not
// offered (404) in a campaign without parent:.
func TestRunUpwardNeedsSessionAndToken(t *testing.T) {
	e, tmpl := countyEnv(t)
	resp := e.startUpward(noRedirect(nil), tmpl, "x", false)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/office/login" {
		t.Errorf("without a session: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	office := e.officeClient()
	if resp := e.startUpward(office, tmpl, "", false); resp.StatusCode != http.StatusForbidden {
		t.Errorf("without a token: %d", resp.StatusCode)
	}
	if resp := e.startUpward(office, tmpl, "wrong", false); resp.StatusCode != http.StatusForbidden {
		t.Errorf("with a wrong token: %d", resp.StatusCode)
	}
	if n := len(e.srv.jobs().byID); n != 0 {
		t.Errorf("%d jobs started by refused posts", n)
	}
	city := newEnv(t)
	cityOffice := city.officeClient()
	_, page := city.do(cityOffice, "GET", "/office/run", nil, "", nil)
	if strings.Contains(string(page), "/office/run/upward") {
		t.Error("上报上级 offered in a campaign without parent:")
	}
	if resp := city.startUpward(cityOffice, tmpl, csrfOf(t, page), false); resp.StatusCode != http.StatusNotFound {
		t.Errorf("上报上级 in a campaign without parent: %d", resp.StatusCode)
	}
}

// lineHas reports whether a line holds s.
func lineHas(lines []string, s string) bool {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// 发送上报文件: mails the last filled return to parent.contact as send --upward does —
// a dry run first that sends nothing, then the confirm sends it once; pressed again
// the same file is not sent twice. Before any 上报上级 it says to make the return first.
func TestRunSendUpward(t *testing.T) {
	srv := mailserver.Start(t)
	e, tmpl := countyEnv(t, func(y string, cfg *Config) string {
		cfg.Workspace = t.TempDir()
		y = strings.Replace(y, `  contact: {name: "", email: ""}`, `  contact: {name: 市经信局, email: city@huzhou.test}`, 1)
		return y + fmt.Sprintf("\nmail:\n  host: 127.0.0.1\n  port: %d\n  tls: none\n  username: %s\n  from: 德清县制造业办 <office@deqing.test>\n  rate: 20\n  timeout: 5\n",
			srv.SMTPPort, srv.User)
	})
	t.Setenv(campaign.DefaultPasswordEnv, srv.Password)
	office := e.officeClient()
	if v := e.wait(office, e.run(office, "send-upward", nil)); !strings.Contains(v.Error, "请先点“上报上级”") {
		t.Errorf("send before 上报上级: %q", v.Error)
	}
	for _, u := range []string{"wukang", "wuyang", "fuxi"} {
		e.upload(e.link(u, "2023Q3"), u+".xlsx", e.goodReturn(u))
	}
	for _, in := range entries.GivenIndicators(e.c) {
		e.runDone(office, "totals", url.Values{"indicator": {in.ID}, "value": {"5.5"}, "reason": {"县统计局快报"}, "by": {"办公室"}})
	}
	filled := e.upwardJob(office, tmpl, true)
	if filled.Error != "" {
		t.Fatal(filled.Error)
	}
	ret := e.file(office, filled, "德清县-2023Q3-报送.xlsx")
	dry := e.runDone(office, "send-upward", nil)
	if !dry.DryRun || !dry.Confirm {
		t.Fatalf("dry run: %+v", dry)
	}
	time.Sleep(time.Second)
	if m := srv.Messages(); len(m) != 0 {
		t.Fatalf("a dry run delivered %d messages", len(m))
	}
	sent := e.runDone(office, "send-upward", url.Values{"dry": {dry.ID}})
	if sent.DryRun || !strings.Contains(sent.Summary, "已发送 1 封上报邮件") {
		t.Errorf("send: %+v", sent)
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(srv.Messages()) < 1 && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(msgs))
	}
	raw, err := os.ReadFile(msgs[0])
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Header.Get("To"), "city@huzhou.test") {
		t.Errorf("sent to %q", m.Header.Get("To"))
	}
	if !bytes.Contains(raw, []byte(base64.StdEncoding.EncodeToString(ret[:57]))) {
		t.Error("the mail does not carry the filled return")
	}
	again := e.runDone(office, "send-upward", nil)
	if again.Confirm {
		t.Errorf("the same file offered for sending again: %+v", again)
	}
}

// An over-size template is cut off at the upload cap as every upload is: 413 with the
// reason, and no run started.
func TestRunUpwardTooLarge(t *testing.T) {
	e, _ := countyEnv(t, func(y string, cfg *Config) string { cfg.MaxUpload = 1 << 20; return y })
	office := e.officeClient()
	_, page := e.do(office, "GET", "/office/run", nil, "", nil)
	resp := e.startUpward(office, bytes.Repeat([]byte("x"), 3<<20), csrfOf(t, page), false)
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("an over-size template: %d", resp.StatusCode)
	}
	if n := len(e.srv.jobs().byID); n != 0 {
		t.Errorf("%d runs started by an over-size upload", n)
	}
}
