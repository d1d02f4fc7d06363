package outbox

import "fmt"

// Links are the units' portal links for one period (tenglong serve), by unit code,
// that send and remind put in the mail body. The caller derives them (web.MailLinks:
// the token is the web door's, and it is made where it is resolved); a unit that is
// absent — its link revoked, or no public address known — gets a mail without one.
// outbox only carries the text, so it needs to know nothing of tokens or the server.
type Links map[string]string

// Note is the line send and remind show before their list when the mails carry
// links: how many units get one, and why the others do not. "" when none does.
func (l Links) Note(units int) string {
	if len(l) == 0 {
		return ""
	}
	if left := units - len(l); left > 0 {
		return fmt.Sprintf("邮件正文附上各单位本期的网页填报链接（%d 个单位；另有 %d 个单位的链接已停用，不附）。", len(l), left)
	}
	return fmt.Sprintf("邮件正文附上各单位本期的网页填报链接（%d 个单位）。", len(l))
}
