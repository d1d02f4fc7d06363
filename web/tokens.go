package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"time"

	"tenglong/campaign"
	"tenglong/store"
)

var b64 = base64.RawURLEncoding

// tokenBytes is how much of the HMAC a token keeps: 144 bits, unguessable, 24 characters.
const tokenBytes = 18

// Token is a unit's portal token for a period at a link generation: an HMAC-SHA256
// under the workspace key over the campaign, unit, period and generation, so only
// this workspace can make one, and a new generation (re-issue) makes a new one.
func Token(key []byte, campaignID, unit, period string, generation int) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "tenglong portal link\x00%s\x00%s\x00%s\x00%d", campaignID, unit, period, generation)
	return b64.EncodeToString(mac.Sum(nil)[:tokenBytes])
}

// Link is one unit's portal link for a period, as `tenglong links --json` prints it.
type Link struct {
	Unit    string `json:"unit"`
	Name    string `json:"name"`
	Period  string `json:"period"`
	URL     string `json:"url"`               // "" when revoked
	Revoked bool   `json:"revoked,omitempty"` // the office stopped it; re-issue gives a new one
}

// Links lists every unit's link for a period, in campaign order. base is the public
// address (http://10.1.2.3:8080); the URL is base + /u/TOKEN/.
func Links(c *campaign.Campaign, db *store.Store, p campaign.Period, base string) ([]Link, error) {
	key, err := db.SigningKey()
	if err != nil {
		return nil, err
	}
	states, err := db.PortalLinks(c.ID, p.String())
	if err != nil {
		return nil, err
	}
	base = strings.TrimRight(base, "/")
	var out []Link
	for _, u := range c.Units {
		l := Link{Unit: u.Code, Name: u.Name, Period: p.String()}
		st, ok := states[u.Code]
		if !ok {
			st = store.PortalLink{Generation: 1}
		}
		if st.Revoked {
			l.Revoked = true
		} else {
			l.URL = base + "/u/" + Token(key, c.ID, u.Code, p.String(), st.Generation) + "/"
		}
		out = append(out, l)
	}
	return out, nil
}

// linkKey is what a token opens.
type linkKey struct {
	unit       string
	period     string
	generation int
}

// tokenIndex finds what a token opens: the tokens of every unit for every period of
// the campaign, rebuilt from the store when a token is not found (another process —
// `tenglong links --reissue` — may have made a new generation), at most once a second
// so that guessing does not make the server rebuild it for every guess.
type tokenIndex struct {
	s     *Server
	mu    sync.Mutex
	index map[string]linkKey
	built time.Time
}

func newTokenIndex(s *Server) *tokenIndex { return &tokenIndex{s: s} }

// invalidate forgets the index: the office re-issued or revoked a link.
func (t *tokenIndex) invalidate() {
	t.mu.Lock()
	t.index = nil
	t.mu.Unlock()
}

// lookup finds the token in the index, rebuilding it when allowed.
func (t *tokenIndex) lookup(token string) (linkKey, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if k, ok := t.index[token]; ok {
		return k, true, nil
	}
	now := time.Now() // not the injected clock: this is about the machine's work
	if t.index != nil && now.Sub(t.built) < time.Second {
		return linkKey{}, false, nil
	}
	index := map[string]linkKey{}
	c, key := t.s.c, t.s.key
	for _, p := range c.Span.Periods(c.Cadence) {
		states, err := t.s.db.PortalLinks(c.ID, p.String())
		if err != nil {
			return linkKey{}, false, err
		}
		for _, u := range c.Units {
			gen := 1
			if st, ok := states[u.Code]; ok {
				gen = st.Generation
			}
			index[Token(key, c.ID, u.Code, p.String(), gen)] = linkKey{unit: u.Code, period: p.String(), generation: gen}
		}
	}
	t.index, t.built = index, now
	k, ok := index[token]
	return k, ok, nil
}

// portalLink is what a valid token opens: the unit, the period and the token itself.
type portalLink struct {
	token  string
	unit   campaign.Unit
	period campaign.Period
}

// resolve checks a token against the store: it must name a unit and period of the
// campaign at the link's current generation, not revoked. Anything else is not found.
func (s *Server) resolve(token string) (portalLink, bool) {
	if len(token) != b64.EncodedLen(tokenBytes) {
		return portalLink{}, false
	}
	k, ok, err := s.tokens.lookup(token)
	if err != nil {
		s.logf("查找填报链接失败：%v", err)
		return portalLink{}, false
	}
	if !ok {
		return portalLink{}, false
	}
	st, err := s.db.PortalLinkOf(s.c.ID, k.period, k.unit)
	if err != nil || st.Revoked || st.Generation != k.generation {
		return portalLink{}, false
	}
	u, ok := s.c.Unit(k.unit)
	if !ok {
		return portalLink{}, false
	}
	p, err := campaign.ParsePeriod(k.period)
	if err != nil {
		return portalLink{}, false
	}
	return portalLink{token: token, unit: u, period: p}, true
}

// formToken is the CSRF token of a portal page's forms: derived from the link's
// token, so it needs no state, and a cross-site page cannot read it.
func (s *Server) formToken(token string) string {
	mac := hmac.New(sha256.New, s.key)
	fmt.Fprintf(mac, "tenglong portal form\x00%s", token)
	return b64.EncodeToString(mac.Sum(nil)[:16])
}
