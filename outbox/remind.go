package outbox

import (
	"time"

	"tenglong/campaign"
	"tenglong/mail"
	"tenglong/store"
	"tenglong/templates"
)

// Reminders are remind's messages for period p at now: one to each unit whose return
// is not accepted yet, before or after the deadline (remind-before.txt or
// remind-after.txt); Waiting counts those units, NoEmail names the ones without an
// address. A unit is reminded once a day: the key's Ref is the day.
type Reminders struct {
	Messages []Message
	Waiting  int
	NoEmail  []string
}

// RemindMessages builds the reminders from the store's reporting states, each with
// the unit's portal link in the body when links has one.
func RemindMessages(workspace string, c *campaign.Campaign, db *store.Store, p campaign.Period, at time.Time, links Links) (*Reminders, error) {
	now := c.In(at)
	overdue := c.Late(p, now)
	due := p.Deadline(c.Deadline)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	dueDay := time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
	days := int(dueDay.Sub(today).Hours() / 24)
	bodyName := "remind-before.txt"
	if overdue {
		bodyName, days = "remind-after.txt", -days
	}
	subjectT, err := templates.Load(workspace, "remind-subject.txt")
	if err != nil {
		return nil, err
	}
	bodyT, err := templates.Load(workspace, bodyName)
	if err != nil {
		return nil, err
	}
	statuses, err := db.Status(c.ID, p.String())
	if err != nil {
		return nil, err
	}
	state := map[string]string{}
	for _, s := range statuses {
		state[s.Unit] = s.State
	}
	ref := now.Format("2006-01-02")
	out := &Reminders{}
	for _, u := range c.Units {
		if state[u.Code] == string(store.Accepted) {
			continue
		}
		out.Waiting++
		if u.Contact.Email == "" {
			out.NoEmail = append(out.NoEmail, u.Name)
			continue
		}
		data := templates.Remind{Unit: u.Name, Campaign: c.Title, Issuer: c.Issuer, Period: p.String(), PeriodLabel: p.Label(),
			Deadline: campaign.DateLabel(due), Overdue: overdue, Days: days, Rejected: state[u.Code] == string(store.Rejected), Link: links[u.Code],
			ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email}
		subject, err := subjectT.Render(data)
		if err != nil {
			return nil, err
		}
		body, err := bodyT.Render(data)
		if err != nil {
			return nil, err
		}
		out.Messages = append(out.Messages, Message{Key: store.MailKey{Campaign: c.ID, Period: p.String(), Unit: u.Code, Kind: "remind", Ref: ref},
			UnitName: u.Name, To: u.Contact.Email,
			Draft: mail.Draft{To: u.Contact.Email, ToName: u.Name + " " + u.Contact.Name, Subject: subject, Body: body}})
	}
	return out, nil
}
