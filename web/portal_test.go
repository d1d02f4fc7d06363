package web

import (
	"strings"
	"testing"

	"tenglong/returns"
	"tenglong/store"
)

// A good return uploaded through the unit's link is accepted, the answer is JSON
// after the store committed it, and the page then shows 已采用 and the history.
func TestPortalGoodReturnAccepted(t *testing.T) {
	e := newEnv(t)
	link := e.link("wuxing", "2023Q3")
	resp, r := e.upload(link, "01-吴兴区-2023Q3.xlsx", e.goodReturn("wuxing"))
	if resp.StatusCode != 200 || r.Outcome != "accepted" || r.State != stateAccepted || r.Submission == 0 || r.Markup != "" || len(r.SHA256) != 64 {
		t.Fatalf("reply %d %+v", resp.StatusCode, r)
	}
	current, err := e.db.Current(e.c.ID, "2023Q3")
	if err != nil || len(current) != 1 || current[0].Unit != "wuxing" || current[0].ID != r.Submission {
		t.Fatalf("store after the reply: %+v %v", current, err)
	}
	_, page := e.get(link)
	for _, want := range []string{"吴兴区", "2023年第三季度", "已采用", "01-吴兴区-2023Q3.xlsx", "2023年10月10日"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// A bad return gets its findings with sheet and cell, and a marked-up copy whose first
// sheet is 问题清单 with the bad cell named.
func TestPortalBadReturnFindingsAndMarkup(t *testing.T) {
	e := newEnv(t)
	link := e.link("wuxing", "2023Q3")
	bad, cell := e.badReturn("wuxing")
	resp, r := e.upload(link, "吴兴区.xlsx", bad)
	if resp.StatusCode != 200 || r.Outcome != "rejected" || r.State != stateRejected || r.Markup == "" {
		t.Fatalf("reply %d %+v", resp.StatusCode, r)
	}
	found := false
	for _, f := range r.Findings {
		if f.Code == returns.CodeNotNumber && f.Cell == cell && f.Sheet != "" && f.Severity == "error" && strings.Contains(f.Message, "abc") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no not-number finding at %s: %+v", cell, r.Findings)
	}
	resp, data := e.get(r.Markup)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("markup: %d %s", resp.StatusCode, resp.Header)
	}
	first, text := openpyxlFirstSheet(t, data)
	if first != "问题清单" || !strings.Contains(text, cell) {
		t.Errorf("marked-up copy: first sheet %q, text %q", first, text)
	}
	// The HTML form answers with a page listing the finding and the link.
	_, page := e.get(link)
	body, ct := multipartBody(t, map[string]string{"csrf": csrfOf(t, page)}, map[string][]byte{"again.xlsx": bad})
	resp, html := e.do(httpClient(), "POST", link+"upload", body, ct, nil)
	if resp.StatusCode != 200 || !strings.Contains(string(html), cell) || !strings.Contains(string(html), "下载标注副本") {
		t.Errorf("HTML answer %d lacks the cell or the markup link:\n%s", resp.StatusCode, html)
	}
}

// A unit's link takes only that unit's template of that period: another unit's file,
// or this period's file through last period's link, is refused with the reason and
// recorded under the link's unit and period as rejected — the other unit's state and
// this period's state stay as they were; a link cannot fetch another unit's markup.
func TestPortalRefusesOtherUnitsAndPeriods(t *testing.T) {
	e := newEnv(t)
	nanxunFile := e.goodReturn("nanxun")
	cases := []struct {
		name       string
		link       string
		data       []byte
		wantPeriod string
	}{
		{"another unit's file", e.link("wuxing", "2023Q3"), nanxunFile, "2023Q3"},
		{"last period's link", e.link("deqing", "2023Q2"), e.goodReturn("deqing"), "2023Q2"},
		{"bytes another link sent before", e.link("changxing", "2023Q3"), nanxunFile, "2023Q3"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, r := e.upload(tc.link, "file.xlsx", tc.data)
			if resp.StatusCode != 200 || r.Outcome == "accepted" {
				t.Fatalf("reply %d %+v", resp.StatusCode, r)
			}
			if len(r.Findings) == 0 || r.Findings[len(r.Findings)-1].Code != returns.CodeWrongLink {
				t.Errorf("findings %+v, want %s", r.Findings, returns.CodeWrongLink)
			}
		})
	}
	status, err := e.db.Status(e.c.ID, "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range status {
		if st.Unit != "wuxing" || st.State == string(store.Accepted) {
			t.Errorf("2023Q3 status changed for another unit: %+v", st)
		}
	}
	// wuxing's rejected file: nanxun's link cannot download its markup.
	subs, _ := e.db.Submissions(e.c.ID, "2023Q3")
	if len(subs) == 0 {
		t.Fatal("nothing recorded under the link's unit")
	}
	resp, _ := e.get(e.link("nanxun", "2023Q3") + "markup/" + subs[0].SHA256)
	if resp.StatusCode != 404 {
		t.Errorf("another unit's markup: %d, want 404", resp.StatusCode)
	}
	// And one unit's page never names another's targets or submissions.
	_, page := e.get(e.link("nanxun", "2023Q3"))
	if strings.Contains(string(page), "吴兴区") {
		t.Error("nanxun's page names 吴兴区")
	}
}

// A wrong, malformed, revoked or superseded token gets the same 404 page, which names
// no unit, period or campaign.
func TestPortalBadTokens404(t *testing.T) {
	e := newEnv(t)
	old := e.link("wuxing", "2023Q3")
	if _, err := e.db.ReissuePortalLink(e.c.ID, "2023Q3", "wuxing"); err != nil {
		t.Fatal(err)
	}
	e.srv.tokens.invalidate()
	revoked := e.link("nanxun", "2023Q3")
	if _, err := e.db.RevokePortalLink(e.c.ID, "2023Q3", "nanxun"); err != nil {
		t.Fatal(err)
	}
	good := e.link("wuxing", "2023Q3")
	paths := map[string]string{
		"re-issued":  old,
		"revoked":    revoked,
		"random":     "/u/AAAAAAAAAAAAAAAAAAAAAAAA/",
		"short":      "/u/abc/",
		"traversal":  "/u/..%2f..%2fetc/",
		"template":   old + "template",
		"no-slash":   strings.TrimSuffix(old, "/"),
		"other path": good + "nothing",
	}
	var first []byte
	for name, p := range paths {
		resp, body := e.get(p)
		if resp.StatusCode != 404 {
			t.Errorf("%s %s: %d, want 404", name, p, resp.StatusCode)
		}
		for _, leak := range []string{"吴兴", "南浔", "2023", "湖州", "huzhou"} {
			if strings.Contains(string(body), leak) {
				t.Errorf("%s: 404 page names %q", name, leak)
			}
		}
		if name == "re-issued" || name == "revoked" || name == "random" {
			if first == nil {
				first = body
			} else if string(first) != string(body) {
				t.Errorf("%s: 404 page differs", name)
			}
		}
	}
	resp, r := e.upload(revoked, "x.xlsx", []byte("x"))
	if resp.StatusCode != 404 || r.Outcome != "" {
		t.Errorf("upload through a revoked link: %d", resp.StatusCode)
	}
	if resp, _ := e.get(good); resp.StatusCode != 200 {
		t.Errorf("the re-issued link: %d", resp.StatusCode)
	}
}

// Every unit uploading at once: each answer is accepted, and each return is in the
// store exactly once, as its unit's current data.
func TestPortalConcurrentUploads(t *testing.T) {
	e := newEnv(t)
	type job struct {
		unit, link string
		data       []byte
	}
	var jobs []job
	for _, u := range e.c.Units {
		jobs = append(jobs, job{u.Code, e.link(u.Code, "2023Q3"), e.goodReturn(u.Code)})
	}
	replies := make(chan uploadReply, len(jobs))
	for _, j := range jobs {
		go func() {
			_, r := e.upload(j.link, j.unit+".xlsx", j.data)
			replies <- r
		}()
	}
	ids := map[int64]bool{}
	for range jobs {
		r := <-replies
		if r.Outcome != "accepted" || ids[r.Submission] {
			t.Errorf("reply %+v", r)
		}
		ids[r.Submission] = true
	}
	current, err := e.db.Current(e.c.ID, "2023Q3")
	if err != nil || len(current) != len(jobs) {
		t.Fatalf("%d current submissions, want %d (%v)", len(current), len(jobs), err)
	}
	for _, c := range current {
		if !ids[c.ID] {
			t.Errorf("%s's current submission %d was not acknowledged", c.Unit, c.ID)
		}
	}
}
