package main

// Issue 19: send and remind put each unit's own portal link in its mail, against real
// Postfix and Dovecot (internal/mailserver), on the built binary; every mailed link
// opens that unit's portal (web.New on httptest), a revoked one is not mailed.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	netmail "net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/mailserver"
	"tenglong/web"
)

// mailedBodies are the text bodies of tenglong's delivered messages of one kind, by
// the unit code the message went to (code@huzhou.test).
func mailedBodies(t *testing.T, srv *mailserver.Servers, kind string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range srv.Messages() {
		data := readBytes(t, f)
		m, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !strings.HasPrefix(m.Header.Get("Message-Id"), "<tenglong."+kind+".") {
			continue
		}
		to, err := netmail.ParseAddress(m.Header.Get("To"))
		if err != nil {
			t.Fatalf("%s: To: %v", f, err)
		}
		out[strings.TrimSuffix(to.Address, "@huzhou.test")] = textBody(t, data)
	}
	return out
}

// mailPortalLinks is `tenglong links --json` under base: unit code → URL ("" revoked).
func mailPortalLinks(t *testing.T, ws, base string) map[string]string {
	t.Helper()
	var links []web.Link
	if err := json.Unmarshal([]byte(binOK(t, nil, "-w", ws, "links", "--period", "2023Q3", "--public-url", base, "--json")), &links); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, l := range links {
		out[l.Unit] = l.URL
	}
	return out
}

// checkMailedLinks: each unit's mail carries its own link (want[unit]) and no other
// unit's; a unit whose want is "" has no link at all.
func checkMailedLinks(t *testing.T, what string, bodies, want map[string]string) {
	t.Helper()
	if len(bodies) != len(want) {
		t.Errorf("%s: %d messages delivered for %d units", what, len(bodies), len(want))
	}
	for unit, body := range bodies {
		link := want[unit]
		if link == "" {
			if strings.Contains(body, "/u/") || strings.Contains(body, "网页") {
				t.Errorf("%s: %s's link is revoked, yet its mail has one:\n%s", what, unit, body)
			}
		} else if !strings.Contains(body, "也可以直接在网页上下载模板、上传填好的文件："+link) {
			t.Errorf("%s: %s's mail lacks its link %s:\n%s", what, unit, link, body)
		}
		for other, l := range want {
			if other != unit && l != "" && strings.Contains(body, l[strings.Index(l, "/u/"):]) {
				t.Errorf("%s: %s's mail carries %s's link", what, unit, other)
			}
		}
	}
}

// TestSendMailsPortalLinks: send --public-url mails every unit its own link; after one
// link is revoked, remind with mail: public-url in campaign.yaml mails the others
// theirs and the revoked unit none; each mailed link opens that unit's portal.
func TestSendMailsPortalLinks(t *testing.T) {
	srv := mailserver.Start(t)
	mw := newMailWorkspace(t, srv, "50", srv.SMTPPort)
	n := len(mw.units)

	const flagBase = "http://10.1.2.3:8080"
	if out := binOK(t, mw.env, "-w", mw.ws, "send", "--period", "2023Q3", "--public-url", flagBase); !strings.Contains(out, fmt.Sprintf("附上各单位本期的网页填报链接（%d 个单位）", n)) {
		t.Errorf("send does not say the mails carry the links:\n%s", out)
	}
	srv.WaitMessages(n, 30*time.Second)
	time.Sleep(500 * time.Millisecond)
	sent := mailPortalLinks(t, mw.ws, flagBase)
	checkMailedLinks(t, "send --public-url", mailedBodies(t, srv, "template"), sent)

	// A bad --public-url is refused before anything is sent.
	if code, _, errs := binRun(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3", "--public-url", "10.1.2.3:8080"); code != 2 || !strings.Contains(errs, "http://") {
		t.Errorf("remind --public-url 10.1.2.3:8080: exit %d, want 2 saying how to write it\n%s", code, errs)
	}

	// The file's address, one unit's link revoked.
	var revoked string
	for code := range mw.units {
		revoked = code
		break
	}
	binOK(t, nil, "-w", mw.ws, "links", "--period", "2023Q3", "--revoke", revoked)
	const fileBase = "https://tianbao.huzhou.test"
	path := filepath.Join(mw.ws, "campaign.yaml")
	yaml := strings.Replace(string(readBytes(t, path)), "\n  timeout: 3\n", "\n  timeout: 3\n  public-url: "+fileBase+"/\n", 1)
	writeBytes(t, path, []byte(yaml))
	binOK(t, nil, "-w", mw.ws, "check")
	if out := binOK(t, mw.env, "-w", mw.ws, "remind", "--period", "2023Q3"); !strings.Contains(out, fmt.Sprintf("（%d 个单位；另有 1 个单位的链接已停用，不附）", n-1)) {
		t.Errorf("remind does not say one link is revoked:\n%s", out)
	}
	srv.WaitMessages(2*n, 30*time.Second)
	time.Sleep(500 * time.Millisecond)
	reminded := mailPortalLinks(t, mw.ws, fileBase)
	if reminded[revoked] != "" {
		t.Fatalf("links lists the revoked link of %s: %s", revoked, reminded[revoked])
	}
	checkMailedLinks(t, "remind with mail: public-url", mailedBodies(t, srv, "remind"), reminded)

	// Every mailed link opens its own unit's portal; the revoked one is a 404.
	env, _, _ := testEnv()
	c, err := loadCampaign(env, campaignPath(mw.ws, ""))
	if err != nil {
		t.Fatal(err)
	}
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	db := openDB(t, mw.ws)
	defer db.Close()
	s, err := web.New(web.Config{Campaign: c, Store: db, Period: p, Log: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	open := func(link, base string) (int, string) {
		resp, err := http.Get(ts.URL + strings.TrimPrefix(link, base))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	for unit, name := range mw.units {
		if unit == revoked {
			if code, _ := open(sent[unit], flagBase); code != http.StatusNotFound {
				t.Errorf("%s's revoked link, as send mailed it, answers %d, want 404", unit, code)
			}
			continue
		}
		for _, l := range []struct{ link, base string }{{sent[unit], flagBase}, {reminded[unit], fileBase}} {
			code, body := open(l.link, l.base)
			if code != http.StatusOK || !strings.Contains(body, name) {
				t.Errorf("%s's mailed link %s answers %d without the unit's name %s", unit, l.link, code, name)
			}
			for other, otherName := range mw.units {
				if other != unit && strings.Contains(body, "<h1>"+otherName) {
					t.Errorf("%s's link opens %s's page", unit, other)
				}
			}
		}
	}
}
