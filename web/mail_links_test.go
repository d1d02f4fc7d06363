package web

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/mailserver"
)

// MailLinks: the flag's address wins over mail: public-url; with neither there are no
// links; a revoked link is left out; every link is the one the portal opens.
func TestMailLinks(t *testing.T) {
	e := newEnv(t)
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	revoked := e.c.Units[1].Code
	if _, err := e.db.RevokePortalLink(e.c.ID, p.String(), revoked); err != nil {
		t.Fatal(err)
	}
	withFile := func(url string) *campaign.Campaign {
		c := *e.c
		if url != "" {
			c.Mail = &campaign.Mail{Host: "h", PublicURL: url}
		} else {
			c.Mail = nil
		}
		return &c
	}
	tests := []struct {
		name, file, flag, base string
	}{
		{"neither", "", "", ""},
		{"file", "http://10.1.2.3:8080/", "", "http://10.1.2.3:8080"},
		{"flag wins", "http://10.1.2.3:8080", "https://tb.example.cn", "https://tb.example.cn"},
		{"flag only", "", "http://192.168.0.9:9000", "http://192.168.0.9:9000"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			links, err := MailLinks(withFile(tc.file), e.db, p, tc.flag)
			if err != nil {
				t.Fatal(err)
			}
			if tc.base == "" {
				if len(links) != 0 {
					t.Fatalf("no address known, yet links: %v", links)
				}
				return
			}
			if len(links) != len(e.c.Units)-1 {
				t.Errorf("%d links for %d units, one revoked", len(links), len(e.c.Units))
			}
			if l, ok := links[revoked]; ok {
				t.Errorf("the revoked link is mailed: %s", l)
			}
			for unit, url := range links {
				if !strings.HasPrefix(url, tc.base+"/u/") {
					t.Errorf("%s: %s is not under %s", unit, url, tc.base)
				}
				if got := e.link(unit, "2023Q3"); !strings.HasSuffix(url, got) {
					t.Errorf("%s: mailed %s, the portal's link is %s", unit, url, got)
				}
				resp, body := e.get(strings.TrimPrefix(url, tc.base))
				if resp.StatusCode != 200 || !strings.Contains(string(body), e.unitName(unit)) {
					t.Errorf("%s's mailed link answers %d", unit, resp.StatusCode)
				}
			}
		})
	}
}

func (e *env) unitName(code string) string {
	u, _ := e.c.Unit(code)
	return u.Name
}

// The console's 发送模板 and 催报 mail each unit its own link under the server's
// --public-url (Config.PublicURL), through a real Postfix.
func TestRunSendMailsServerLinks(t *testing.T) {
	e, srv := mailEnv(t)
	const base = "http://10.1.2.3:8080"
	e.srv.cfg.PublicURL = base
	office := e.officeClient()
	n := len(e.c.Units)
	e.runDone(office, "generate", nil)
	for i, kind := range []string{"send", "remind"} {
		dry := e.runDone(office, kind, nil)
		e.runDone(office, kind, url.Values{"dry": {dry.ID}})
		srv.WaitMessages((i+1)*n, 30*time.Second)
	}
	for _, kind := range []string{"template", "remind"} {
		bodies := mailBodies(t, srv, kind)
		if len(bodies) != n {
			t.Errorf("%d %s mails, want %d", len(bodies), kind, n)
		}
		for _, u := range e.c.Units {
			want := base + e.link(u.Code, "2023Q3")
			if body := bodies[u.Code+"@huzhou.test"]; !strings.Contains(body, "也可以直接在网页上下载模板、上传填好的文件："+want) {
				t.Errorf("%s's %s mail lacks its link %s:\n%s", u.Name, kind, want, body)
			}
		}
	}
}

// mailBodies are the text parts of tenglong's delivered mails of a kind, by recipient.
func mailBodies(t *testing.T, srv *mailserver.Servers, kind string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, f := range srv.Messages() {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m, err := netmail.ReadMessage(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(m.Header.Get("Message-Id"), "<tenglong."+kind+".") {
			continue
		}
		to, err := netmail.ParseAddress(m.Header.Get("To"))
		if err != nil {
			t.Fatal(err)
		}
		_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		body := ""
		if b := params["boundary"]; b != "" {
			r := multipart.NewReader(m.Body, b)
			for p, err := r.NextPart(); err == nil; p, err = r.NextPart() {
				if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
					raw, _ := io.ReadAll(p) // multipart decodes quoted-printable itself
					if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
						raw, _ = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
					}
					body = string(raw)
					break
				}
			}
		} else {
			raw, _ := io.ReadAll(m.Body)
			if strings.EqualFold(m.Header.Get("Content-Transfer-Encoding"), "base64") {
				raw, _ = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(raw)))
			}
			body = string(raw)
		}
		out[to.Address] = body
	}
	return out
}
