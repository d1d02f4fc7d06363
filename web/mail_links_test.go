package web

import (
	"strings"
	"testing"

	"tenglong/campaign"
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
