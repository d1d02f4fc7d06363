package report

import (
	"fmt"
	"io"
	"strings"
	"time"

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
	Fonts   *FontSet  // nil: the built-in fonts
	Font    *Font     // when set, the body font (--font)
}

// WriteInterviews writes the interview list and the notice letters as an A4 PDF and
// returns its number of pages. Each letter is numbered from its own first page: it
// is sent on its own.
func WriteInterviews(w io.Writer, in InterviewsDoc) (int, error) {
	pages, _, err := InterviewsDocument(w, in)
	return pages, err
}

// InterviewsDocument writes the list and the letters' PDF and returns, besides its
// number of pages, the document model (for the .docx twin).
func InterviewsDocument(w io.Writer, in InterviewsDoc) (int, *Document, error) {
	k := in.Consolidation
	c := k.Campaign
	issuer := c.BulletinIssuer()
	d := newDoc(w, fontSet(in.Fonts, in.Font), k.Period.Label()+"约谈名单", issuer, in.Date)
	d.keep = newGlossary(unitNames(c))
	d.addPage(false)
	d.interviewList(k, in.Scores, in.List, "", "约谈名单")
	prefix := "约谈"
	if c.Bulletin != nil && c.Bulletin.DocPrefix != "" {
		prefix = c.Bulletin.DocPrefix
	}
	for i, text := range in.Notices {
		// Printed as one job on both sides, each letter starts on a sheet of its
		// own: after an odd number of pages comes a blank one.
		d.record(Block{Kind: BlockLetter})
		if d.pdf.PageNo()%2 == 1 {
			d.blankPage()
		}
		d.restartNumbers()
		d.addPage(false)
		d.notice(text, NoticeNumber(prefix, in.Date, i+1), issuer, in.Date)
	}
	pages, err := d.write(w)
	return pages, d.model, err
}

// NoticeNumber is a letter's 文号: prefix〔year〕n号, the year in 六角括号 as GB/T
// 9704 writes it.
func NoticeNumber(prefix string, date time.Time, n int) string {
	return fmt.Sprintf("%s〔%d〕%d号", prefix, date.Year(), n)
}

// notice is one 约谈通知书: its 版头 (the issuer in red, the 发文字号 over a red
// rule), the title, the salutation flush left, the paragraphs on the body grid, and
// the 落款 (issuer centred over the date).
func (d *doc) notice(text, number, issuer string, date time.Time) {
	d.letterhead(issuer, number)
	d.title("约谈通知书")
	var paras []string
	for _, l := range strings.Split(strings.TrimSpace(text), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	// A letter that runs onto a second page takes its last paragraph there with
	// the 落款, which never stands alone on a page.
	count, last := 0, 0
	for i, l := range paras {
		if i > 0 {
			l = "　　" + l
		}
		last = len(d.bodyLines(l))
		count += last
	}
	d.spacing = 0
	room := int((d.bottom() - d.pdf.GetY() + 0.01) / bodyPitch)
	carry := count+2 > room && len(paras) > 1
	for i, l := range paras {
		switch {
		case i == 0:
			d.flush(BlockFlush, l)
		case i == len(paras)-1 && carry:
			d.addPage(false)
			fallthrough
		default:
			d.paragraph(l)
		}
	}
	d.signature(issuer, date, 2)
}

// letterhead is a letter's 版头 (GB/T 9704 §7.2): the issuing office's name in red
// 小标宋, centred, never under 22 pt (a long name on two lines), the 发文字号
// centred, and the red rule under it, then a blank line.
func (d *doc) letterhead(issuer, number string) {
	d.record(Block{Kind: BlockLetterhead, Text: zhText(issuer), Meta: number})
	size := 36.0
	d.use(RoleTitle, size)
	// A letter's issuing office may go down to 2号 to stay on one line: the letter
	// then keeps to one sheet.
	if w := d.measure(d.clean(issuer)); w > d.width() {
		size = max(size*d.width()/w*0.98, sizeTitle)
	}
	d.centredIn(RoleTitle, issuer, size, red)
	d.gap(3)
	d.centred(number, sizeBody, black)
	d.gap(1)
	d.pdf.SetDrawColor(red.r, red.g, red.b)
	d.pdf.SetLineWidth(0.8)
	y := d.pdf.GetY()
	d.pdf.Line(d.left(), y, d.right(), y)
	d.styleChanged()
	d.gap(bodyPitch * 0.75)
}
