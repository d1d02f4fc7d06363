package outbox

import (
	"tenglong/campaign"
	"tenglong/mail"
)

// Settings is the campaign's SMTP server (or, imap, its IMAP server) as campaign.yaml
// gives it, without the password: the caller adds it from the environment variable
// the campaign names (or a prompt), never from the file.
func Settings(m *campaign.Mail, imap bool) mail.Server {
	srv := mail.Server{Host: m.Host, Port: m.Port, TLS: string(m.TLS), Username: m.Username, Timeout: m.Timeout}
	if imap {
		srv.Host, srv.Port, srv.TLS = m.IMAPHost, m.IMAPPort, string(m.IMAPTLS)
	}
	return srv
}
