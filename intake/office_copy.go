package intake

import (
	"time"

	"tenglong/workbook"
)

// OfficeCopy reports whether the file is one of the office's own marked-up copies
// (workbook.IsOfficeCopy), which ingest skips instead of recording a rejection for a
// unit that sent nothing.
func (p Parsed) OfficeCopy() bool { return p.data != nil && workbook.IsOfficeCopy(p.data) }

// Path is where the file came from (inside a zip or mail: container/member).
func (p Parsed) Path() string { return p.path }

// InMail reports whether the file carries its own receipt time: it came in a mail.
func (p Parsed) InMail() bool { return p.hasReceived }

// SetReceived states when a file that came loose, not in a mail, reached the office
// (ingest --received: the files of a closed quarter ingested later). A file in a mail
// keeps the mail's time. Without it a loose file is received when it is ingested.
func (p *Parsed) SetReceived(t time.Time) {
	if !p.hasReceived {
		p.received, p.hasReceived = t, true
	}
}
