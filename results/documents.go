package results

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/report"
	"tenglong/templates"
)

// Document is a typeset document: its PDF bytes and the model its .docx is written
// from (package docx), with what the CLI and the console say about it.
type Document struct {
	PDF     []byte           // nil when it was written to BulletinOptions.PDF
	Model   *report.Document // nil for a bulletin made with PDFOnly
	Pages   int
	IssueNo int    // the bulletin's 第N期
	Body    string // the name of the body's font
}

// BulletinOptions are what a bulletin needs beyond the period's results.
type BulletinOptions struct {
	Workspace string    // its templates/ overrides bulletin-summary.txt
	IssueNo   int       // 0: the period's place in the campaign (PeriodIndex)
	Date      time.Time // printed, in the campaign's time zone
	Fonts     *report.FontChoice
	Annexes   []report.Annex // counties' township breakdowns (bulletin --annex)
	// PDF, when set, receives the PDF as its pages are laid out instead of
	// Document.PDF: a province's bulletin (36 MB at 5,000 units) is not held in memory.
	PDF io.Writer
	// PDFOnly: no .docx is made, so its model is not built (Document.Model is nil).
	PDFOnly bool
}

// Bulletin typesets period r's 通报: the summary from the workspace's (or the embedded)
// bulletin-summary.txt over BulletinSummary's figures, then report.BulletinDocument.
func Bulletin(c *campaign.Campaign, r *Period, o BulletinOptions) (*Document, error) {
	summary, err := templates.Render(o.Workspace, "bulletin-summary.txt", BulletinSummary(c, r))
	if err != nil {
		return nil, err
	}
	issue := o.IssueNo
	if issue <= 0 {
		issue = PeriodIndex(c, r.Consolidation.Period)
	}
	var buf bytes.Buffer
	w := o.PDF
	if w == nil {
		w = &buf
	}
	pages, model, err := report.BulletinDocument(w, report.Bulletin{Consolidation: r.Consolidation, Scores: r.Scores, Interviews: r.Interviews,
		IssueNo: issue, Date: o.Date, Summary: summary, Fonts: &o.Fonts.Set, Annexes: o.Annexes, NoModel: o.PDFOnly})
	if err != nil {
		return nil, fmt.Errorf("生成通报：%w", err)
	}
	body := o.Fonts.Set[report.RoleBody]
	if body == nil {
		body = report.BuiltinFont(report.RoleBody)
	}
	doc := &Document{Model: model, Pages: pages, IssueNo: issue, Body: body.Name}
	if o.PDF == nil {
		doc.PDF = buf.Bytes()
	}
	return doc, nil
}

// NothingReceived is the warning for a bulletin made before any return was received
// (almost always a step skipped), or ""; collect says how to collect the returns
// ("用 tenglong ingest 回收").
func NothingReceived(r *Period, collect string) string {
	rep := r.Consolidation.Reporting()
	if len(rep.OnTime)+len(rep.Late)+len(rep.Rejected) > 0 {
		return ""
	}
	return fmt.Sprintf("%s还没有回收到任何单位的报送（%d 个单位都未报送），通报里没有完成情况和排名，“五、报送情况”会写明这一点；"+
		"如果单位已经报回，请先%s再生成通报。", r.Consolidation.Period.Label(), len(r.Consolidation.Submissions), collect)
}

// PeriodIndex is the period's place among the campaign's periods of its kind: the
// default issue number (2023Q3 of a campaign from 2023Q1 is 第3期).
func PeriodIndex(c *campaign.Campaign, p campaign.Period) int {
	for i, q := range c.Span.Periods(p.Kind) {
		if q == p {
			return i + 1
		}
	}
	return 1
}

// InterviewOptions are the meeting's particulars printed on each notice.
type InterviewOptions struct {
	Workspace              string // its templates/ overrides interview-notice.txt
	Time, Place, Attendees string
	Contact                string // "" takes the campaign's contact
	Date                   time.Time
	Fonts                  *report.FontChoice
}

// Interviews typesets the 约谈名单 and a notice per unit on it, each notice rendered
// from interview-notice.txt.
func Interviews(c *campaign.Campaign, r *Period, o InterviewOptions) (*Document, error) {
	tmpl, err := templates.Load(o.Workspace, "interview-notice.txt")
	if err != nil {
		return nil, err
	}
	contact := o.Contact
	if contact == "" {
		contact = strings.TrimSpace(c.Contact.Name + " " + c.Contact.Phone)
	}
	var notices []string
	for _, iv := range r.Interviews {
		n := templates.InterviewNotice{Unit: UnitName(c, iv.Unit), Campaign: c.Title, Issuer: c.Issuer,
			PeriodLabel: r.Consolidation.Period.Label(), Time: o.Time, Place: o.Place, Attendees: o.Attendees,
			Date: campaign.DateLabel(o.Date), Contact: contact, ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone}
		if o.Contact != "" { // given: printed as given
			n.ContactName, n.ContactPhone = "", ""
		}
		for _, h := range iv.Hits {
			n.Reasons = append(n.Reasons, templates.NoticeReason{Reason: h.Reason, Figures: report.RankWords(h.Figures)})
		}
		text, err := tmpl.Render(n)
		if err != nil {
			return nil, err
		}
		notices = append(notices, text)
	}
	var buf bytes.Buffer
	pages, model, err := report.InterviewsDocument(&buf, report.InterviewsDoc{Consolidation: r.Consolidation, Scores: r.Scores, List: r.Interviews,
		Notices: notices, Date: o.Date, Fonts: &o.Fonts.Set})
	if err != nil {
		return nil, fmt.Errorf("生成约谈通知书：%w", err)
	}
	return &Document{PDF: buf.Bytes(), Model: model, Pages: pages}, nil
}
