package intake

import (
	"fmt"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
)

// UploadInputs lists the workbooks in one file uploaded through tenglong serve, held in
// memory: a workbook as it is, a .zip or saved mail (.eml) archived first and then
// opened the way ingest opens them from disk. name is the uploader's file name, used
// only in reports (never as a path on this machine).
func UploadInputs(db *store.Store, name string, data []byte) ([]Input, error) {
	if containerKind(name, data) == "" {
		return []Input{{path: name, data: data}}, nil
	}
	if _, _, err := db.PutFile(data); err != nil {
		return nil, fmt.Errorf("存档 %s 失败：%v", name, err)
	}
	return expandContainer(name, data, mailInfo{}, 0), nil
}

// Link is the unit and period of the portal link a file came through: the only unit
// and period it may be recorded for.
type Link struct {
	Unit   campaign.Unit
	Period campaign.Period
}

// ThroughLink restricts the file to the unit and period of a portal link: one that
// names another is refused (returns.WrongLink) and recorded under the link's unit as
// rejected, never as the unit it names; one that names nobody (unreadable) is
// recorded under the link's unit.
func (p *Parsed) ThroughLink(l Link) { p.link = &l }

// SetOrigin states where the file came in (the web door, the remote address, the
// link's unit): kept on its audit entry.
func (p *Parsed) SetOrigin(o store.Origin) { p.origin = o }

// applyLink is ThroughLink's rule on a judged file.
func applyLink(c *campaign.Campaign, l *Link, r *Report) {
	if l == nil {
		return
	}
	unit, period := l.Unit.Code, l.Period.String()
	if r.Unit == unit && r.Period == period {
		return
	}
	if r.Unit != "" || r.Period != "" {
		fileUnit := r.UnitName
		if fileUnit == "" {
			fileUnit = r.Unit
		}
		filePeriod := r.Period
		if p, err := campaign.ParsePeriod(r.Period); err == nil {
			filePeriod = p.Label()
		}
		r.Issues = append(r.Issues, returns.WrongLink(fileUnit, filePeriod, l.Unit.Name, l.Period.Label()))
		r.Outcome = string(store.Rejected)
	}
	r.Unit, r.Period, r.UnitName = unit, period, l.Unit.Name
	r.Late = c.Late(l.Period, r.ReceivedAt)
}

// linkDuplicate is a duplicate seen through a portal link: bytes another unit or
// period recorded before are refused with the reason only, saying nothing of what
// became of them.
func linkDuplicate(l *Link, r *Report) {
	if l == nil || (r.Unit == l.Unit.Code && r.Period == l.Period.String()) {
		return
	}
	fileUnit := r.UnitName
	if fileUnit == "" {
		fileUnit = "其他单位"
	}
	filePeriod := r.Period
	if p, err := campaign.ParsePeriod(r.Period); err == nil {
		filePeriod = p.Label()
	}
	r.Issues = []returns.Finding{returns.WrongLink(fileUnit, filePeriod, l.Unit.Name, l.Period.Label())}
	r.Earlier = nil
	r.Unit, r.Period, r.UnitName = l.Unit.Code, l.Period.String(), l.Unit.Name
}
