package report

import (
	"io"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/score"
)

// InterviewsDoc is what the interview PDF is made from: the list, then one notice
// letter (约谈通知书) per unit.
type InterviewsDoc struct {
	Consolidation *score.Consolidation
	Scores        *score.Scores
	List          []score.Interview
	// Notices are the letters' texts, rendered from templates/interview-notice.txt, in
	// the order of List: the first line is the salutation, each further line a paragraph.
	Notices []string
	Date    time.Time // 发文日期; also the PDF's creation date
	Font    *Font
}

// WriteInterviews writes the interview list and the notice letters as an A4 PDF and
// returns its number of pages.
func WriteInterviews(w io.Writer, in InterviewsDoc) (int, error) {
	if in.Font == nil {
		in.Font = DefaultFont()
	}
	k := in.Consolidation
	c := k.Campaign
	d := newDoc(in.Font, k.Period.Label()+"约谈名单", c.Issuer, in.Date)
	d.addPage(false)
	d.interviewList(k, in.Scores, in.List, "", "约谈名单")
	for _, text := range in.Notices {
		d.addPage(false)
		d.notice(text, c.Issuer, in.Date)
	}
	return d.write(w)
}

// notice is one 约谈通知书 page: the title, the salutation flush left, the paragraphs
// indented, and the issuer and date right-aligned below.
func (d *doc) notice(text, issuer string, date time.Time) {
	d.gap(6)
	d.centred("约谈通知书", sizeTitle, black)
	d.gap(6)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	d.setFont(sizeHeading)
	d.colour(black)
	lh := lineHeight(sizeHeading)
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i == 0 {
			for _, s := range d.lines(l, d.width()) {
				d.room(lh)
				y := d.pdf.GetY()
				d.pdf.Text(marginSide, y+lh*0.72, s)
				d.pdf.SetY(y + lh)
			}
			continue
		}
		d.paragraph(l, sizeHeading)
	}
	d.gap(lh * 2)
	pageW, _ := d.pdf.GetPageSize()
	right := pageW - marginSide - 2*d.measure("　")
	for _, s := range []string{issuer, campaign.DateLabel(date)} {
		s = d.font.Clean(s)
		d.setFont(sizeHeading)
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(right-d.measure(s), y+lh*0.72, s)
		d.pdf.SetY(y + lh)
	}
}
