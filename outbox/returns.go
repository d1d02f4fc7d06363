package outbox

import (
	"fmt"
	"path/filepath"
	"strings"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/internal/fileout"
	"tenglong/mail"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/templates"
)

// ReturnMail is send --returns' mail: for each unit whose latest return was
// rejected, that file marked up (intake.MarkUpStored, as ingest --return-dir writes
// it) with the findings in the body. Rejected counts those units; NoEmail names the
// ones without an address; NotMarked says, unit by unit, why a file could not be
// marked up (it is not sent: the office sends it by hand).
type ReturnMail struct {
	Messages  []Message
	Rejected  int
	NoEmail   []string
	NotMarked []string
}

// ReturnMessages builds the replies to period p's rejected returns. Each rejected
// submission is sent back once: the mail log keys it by its submission number.
func ReturnMessages(workspace string, c *campaign.Campaign, db *store.Store, p campaign.Period) (*ReturnMail, error) {
	subjectT, err := templates.Load(workspace, "return-subject.txt")
	if err != nil {
		return nil, err
	}
	bodyT, err := templates.Load(workspace, "return-body.txt")
	if err != nil {
		return nil, err
	}
	latest, err := db.LatestAttempt(c.ID, p.String())
	if err != nil {
		return nil, err
	}
	due := p.Deadline(c.Deadline)
	out := &ReturnMail{}
	for _, s := range latest {
		if s.Outcome != store.Rejected {
			continue
		}
		u, ok := c.Unit(s.Unit)
		if !ok {
			continue
		}
		out.Rejected++
		if u.Contact.Email == "" {
			out.NoEmail = append(out.NoEmail, u.Name)
			continue
		}
		data, err := db.File(s.SHA256)
		if err != nil {
			return nil, err
		}
		findings, err := db.Findings(s.ID)
		if err != nil {
			return nil, err
		}
		var lines []string
		errs := 0
		for _, f := range findings {
			label := "提醒"
			if f.Severity == returns.SeverityError {
				label = "错误"
				errs++
			}
			lines = append(lines, label+" "+returns.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message}.String())
		}
		marked, err := intake.MarkUpStored(data, u.Name, fmt.Sprint(p), findings)
		if err != nil {
			out.NotMarked = append(out.NotMarked, fmt.Sprintf("%s：标注文件失败（%v）", u.Name, err))
			continue
		}
		file := filepath.Base(s.SourcePath)
		attachment := strings.TrimSuffix(fileout.SafeName(file), filepath.Ext(file)) + "-退回修改.xlsx"
		td := templates.Return{Unit: u.Name, Campaign: c.Title, Issuer: c.Issuer, Period: p.String(), PeriodLabel: p.Label(),
			Deadline: campaign.DateLabel(due), FileName: file, Attachment: attachment, Errors: errs, Findings: lines,
			ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email}
		subject, err := subjectT.Render(td)
		if err != nil {
			return nil, err
		}
		body, err := bodyT.Render(td)
		if err != nil {
			return nil, err
		}
		out.Messages = append(out.Messages, Message{Key: store.MailKey{Campaign: c.ID, Period: p.String(), Unit: u.Code, Kind: "return", Ref: fmt.Sprint(s.ID)},
			UnitName: u.Name, To: u.Contact.Email,
			Draft: mail.Draft{To: u.Contact.Email, ToName: u.Name + " " + u.Contact.Name, Subject: subject, Body: body,
				Attachment: mail.Attachment{Name: attachment, Data: marked}}})
	}
	return out, nil
}
