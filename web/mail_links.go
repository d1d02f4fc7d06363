package web

import (
	"tenglong/campaign"
	"tenglong/outbox"
	"tenglong/store"
)

// MailLinks are the portal links send and remind put in each unit's mail for period
// p: under publicURL (--public-url, of send/remind or of the server), else under the
// campaign's mail: public-url; none when neither names an address — a link under an
// address the units cannot reach (127.0.0.1) would only mislead them. A revoked link
// is left out, so it is never mailed. The links are derived here, where the portal
// resolves them, and handed to outbox as plain text.
func MailLinks(c *campaign.Campaign, db *store.Store, p campaign.Period, publicURL string) (outbox.Links, error) {
	base := publicURL
	if base == "" && c.Mail != nil {
		base = c.Mail.PublicURL
	}
	if base == "" {
		return nil, nil
	}
	links, err := Links(c, db, p, base)
	if err != nil {
		return nil, err
	}
	out := outbox.Links{}
	for _, l := range links {
		if !l.Revoked && l.URL != "" {
			out[l.Unit] = l.URL
		}
	}
	return out, nil
}
