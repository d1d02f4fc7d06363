package intake

import (
	"fmt"
	"strings"
	"unicode"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
	"tenglong/workbook"
)

// Sorted is what fetch makes of one mail before any attachment is read: a unit's
// mail whose attachments are judged (Skip ""), or one that is no return at all — the
// office's own, a bounce, an auto-reply, a read receipt — archived and listed under
// 跳过 with Skip saying why.
type Sorted struct {
	Skip    string
	Bounces []store.Bounce // for a bounce: one per failed address matched to a unit, to record
}

// kindNames name a message of the mail log in the 跳过 line.
var kindNames = map[string]string{"template": "模板", "remind": "催报", "return": "退回修改的文件"}

// SortMail tells what a fetched mail is (mail.Classify) and, for a bounce, which
// message of the office's it answers and to which unit: by the original's Message-ID
// in the mail log, else by the failed address among what was sent, else by the
// units' contact emails in campaign.yaml. Only a mail whose own Message-ID is one the
// office sent counts as the office's own: a From forged to the office's address does
// not hide a return.
func SortMail(c *campaign.Campaign, db *store.Store, raw []byte, sha string) (Sorted, error) {
	cls := mail.Classify(raw)
	if _, ours, err := db.SentByMessageID(cls.MessageID); err != nil || ours {
		return Sorted{Skip: "本办自己发出的邮件"}, err
	}
	const manual = "；如其中确有报送文件，请把附件另存后用 tenglong ingest 导入"
	switch cls.Nature {
	case mail.AutoReply:
		return Sorted{Skip: "自动回复（" + cls.Why + "），不是报送" + manual}, nil
	case mail.Receipt:
		return Sorted{Skip: "已读回执（" + cls.Why + "），不是报送"}, nil
	case mail.Bounce:
		return sortBounce(c, db, cls, sha)
	}
	return Sorted{}, nil
}

func sortBounce(c *campaign.Campaign, db *store.Store, cls mail.Classified, sha string) (Sorted, error) {
	var out Sorted
	matched := map[string]bool{}
	add := func(e store.MailEntry, addr string) {
		if matched[addr] {
			return
		}
		matched[addr] = true
		out.Bounces = append(out.Bounces, store.Bounce{MailKey: e.MailKey, MessageID: e.MessageID, Recipient: addr,
			Detail: cls.Diagnostic, SHA256: sha})
	}
	for _, id := range cls.Originals {
		e, ok, err := db.SentByMessageID(id)
		if err != nil {
			return out, err
		}
		if !ok || e.Campaign != c.ID {
			continue
		}
		sentTo := addresses(e.Recipient)
		for _, a := range cls.Failed {
			if sentTo[a] {
				add(e, a)
			}
		}
		if len(cls.Failed) == 0 { // the report names no address: the message's own
			for _, a := range strings.Split(e.Recipient, ",") {
				add(e, strings.ToLower(strings.TrimSpace(a)))
			}
		}
	}
	var unknown []string
	for _, a := range cls.Failed {
		if matched[a] {
			continue
		}
		e, ok, err := db.LatestSentTo(c.ID, a)
		if err != nil {
			return out, err
		}
		if !ok { // sent by hand from a draft: the unit whose contact it is, any period
			u, found := unitByEmail(c, a)
			if !found {
				unknown = append(unknown, a)
				continue
			}
			e = store.MailEntry{MailKey: store.MailKey{Campaign: c.ID, Unit: u.Code, Kind: "template"}}
		}
		add(e, a)
	}
	var parts []string
	for _, b := range out.Bounces {
		name := b.Unit
		if u, ok := c.Unit(b.Unit); ok {
			name = u.Name
		}
		what := "邮件"
		if k, ok := kindNames[b.Kind]; ok && b.Period != "" {
			what = b.Period + " " + k
		}
		parts = append(parts, fmt.Sprintf("发给%s（%s）的%s没有送达", name, b.Recipient, what))
	}
	reason := ""
	if cls.Diagnostic != "" {
		reason = "（" + cls.Diagnostic + "）"
	}
	switch {
	case len(parts) > 0:
		out.Skip = "退信：" + strings.Join(parts, "；") + reason + "，请核对 campaign.yaml 里该单位的联系人邮箱，改正后重新 send"
	case len(unknown) > 0:
		out.Skip = "退信：发往 " + strings.Join(unknown, "、") + " 的邮件没有送达" + reason + "，这个地址不是任何单位的联系人邮箱"
	default:
		out.Skip = "退信（" + cls.Why + "），看不出是发给哪个单位的邮件" + reason
	}
	return out, nil
}

// addresses is the set of addresses in a mail log's recipient list, lower case.
func addresses(list string) map[string]bool {
	out := map[string]bool{}
	for _, a := range strings.Split(list, ",") {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" {
			out[a] = true
		}
	}
	return out
}

// unitByEmail is the unit whose contact email includes addr.
func unitByEmail(c *campaign.Campaign, addr string) (campaign.Unit, bool) {
	for _, u := range c.Units {
		list, _ := mail.ParseRecipients(u.Contact.Email)
		for _, a := range list {
			if strings.EqualFold(a.Address, addr) {
				return u, true
			}
		}
	}
	return campaign.Unit{}, false
}

// blankTemplate reports whether a template has nothing typed into any input cell —
// no 本期值, note, list cell or task — as generate wrote it: the office's own
// template quoted back (an auto-reply, a forward), not a return.
func blankTemplate(ret *workbook.Return) bool {
	for _, v := range ret.Values {
		switch v.Kind {
		case workbook.InputValue, workbook.InputNote, workbook.InputListColumn, workbook.InputTaskStatus, workbook.InputTaskProgress:
			if strings.IndexFunc(v.Raw, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				return false
			}
		}
	}
	return true
}
