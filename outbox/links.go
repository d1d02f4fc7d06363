package outbox

// Links are the units' portal links for one period (tenglong serve), by unit code,
// that send and remind put in the mail body. The caller derives them (web.MailLinks:
// the token is the web door's, and it is made where it is resolved); a unit that is
// absent — its link revoked, or no public address known — gets a mail without one.
// outbox only carries the text, so it needs to know nothing of tokens or the server.
type Links map[string]string
