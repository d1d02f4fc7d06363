package web

import (
	"net/url"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
	"tenglong/store"
	"tenglong/workbook"
)

// 确认待确认文件: a return on a template signed by another workspace is held 待确认;
// confirming it without a name is refused; with the confirmer and the reason it is
// judged again as the unit's return — accepted — and the audit log names them.
func TestRunConfirm(t *testing.T) {
	e := newEnv(t)
	office := e.officeClient()
	u, _ := e.c.Unit("wuxing")
	p, _ := campaign.ParsePeriod("2023Q3")
	foreign, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: e.c, Unit: u, Period: p, Deadline: p.Deadline(e.c.Deadline),
		Generated: e.c.In(testClock), Password: e.c.ID, SigningKey: []byte("another workspace's key, not ours")})
	if err != nil {
		t.Fatal(err)
	}
	filled, err := fill.Return(e.c, foreign)
	if err != nil {
		t.Fatal(err)
	}
	_, page := e.do(office, "GET", "/office/upload", nil, "", nil)
	body, ct := multipartBody(t, map[string]string{"csrf": csrfOf(t, page)}, map[string][]byte{"吴兴区.xlsx": filled})
	e.do(office, "POST", "/office/upload", body, ct, nil)
	subs, _ := e.db.Submissions(e.c.ID, "2023Q3")
	if len(subs) != 1 || subs[0].Outcome != store.Pending {
		t.Fatalf("not held: %+v", subs)
	}
	sha := subs[0].SHA256
	if _, menu := e.do(office, "GET", "/office/run", nil, "", nil); !strings.Contains(string(menu), `<option value="`+sha+`">吴兴区.xlsx`) {
		t.Errorf("the held file is not offered on the page")
	}
	form := url.Values{"file": {sha[:8]}, "unit": {"wuxing"}, "reason": {"电话向吴兴区经信局核实"}}
	if v := e.wait(office, e.run(office, "confirm", form)); !strings.Contains(v.Error, "确认人") {
		t.Errorf("confirm without a name: %q", v.Error)
	}
	form.Set("by", "张三")
	v := e.runDone(office, "confirm", form)
	if !strings.Contains(v.Summary, "已确认为吴兴区的报送：已采用") {
		t.Errorf("confirm: %+v", v)
	}
	current, _ := e.db.Current(e.c.ID, "2023Q3")
	if len(current) != 1 || current[0].Unit != "wuxing" {
		t.Errorf("current %+v", current)
	}
	history, _ := e.db.History(e.c.ID, "2023Q3", "wuxing")
	found := false
	for _, h := range history {
		if strings.Contains(h.Detail, "张三") && strings.Contains(h.Detail, "电话向吴兴区经信局核实") {
			found = true
		}
	}
	if !found {
		t.Errorf("audit log does not name the confirmer and reason: %+v", history)
	}
}
