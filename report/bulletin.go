package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"tenglong/campaign"
	"tenglong/score"
)

// Bulletin is what a quarterly bulletin (季度通报) is made from.
type Bulletin struct {
	Consolidation *score.Consolidation
	Scores        *score.Scores
	Interviews    []score.Interview
	IssueNo       int       // 第N期
	Date          time.Time // 印发日期; also the PDF's creation date
	// Summary is 一、总体情况, rendered from templates/bulletin-summary.txt; paragraphs
	// are separated by line breaks.
	Summary string
	Fonts   *FontSet // nil: the built-in fonts
	Font    *Font    // when set, the body font (--font), whatever Fonts says
	// Annexes are counties' township breakdowns printed as attachments after the
	// interview list (bulletin --annex); none by default.
	Annexes []Annex
	// NoModel skips the document model (BulletinDocument returns nil for it) when no
	// .docx is made from it: a province's model holds every cell of 四 again, about
	// 90 MB at 5,000 units.
	NoModel bool
}

// fontSet merges Font into Fonts.
func fontSet(fonts *FontSet, body *Font) *FontSet {
	var s FontSet
	if fonts != nil {
		s = *fonts
	}
	if body != nil {
		s[RoleBody] = body
	}
	return &s
}

// WriteBulletin writes the bulletin as an A4 PDF in the form of a 工作通报 (GB/T
// 9704-2012) and returns its number of pages.
func WriteBulletin(w io.Writer, b Bulletin) (int, error) {
	b.NoModel = true
	pages, _, err := BulletinDocument(w, b)
	return pages, err
}

// BulletinDocument writes the bulletin's PDF and returns, besides its number of
// pages, the document model it was set from (for the .docx twin).
func BulletinDocument(w io.Writer, b Bulletin) (int, *Document, error) {
	k := b.Consolidation
	c := k.Campaign
	issuer := c.BulletinIssuer()
	title := BulletinTitle(c, k.Period)
	d := newDoc(w, fontSet(b.Fonts, b.Font), title, issuer, b.Date)
	if b.NoModel {
		d.model = nil
	}
	d.keep = newGlossary(unitNames(c))
	d.addPage(false)
	d.masthead(c.BulletinMasthead(), issuer, b.IssueNo, b.Date)
	d.title(title)
	d.addressee(BulletinTo(c))

	d.heading("一、总体情况", 2*bodyPitch)
	for _, p := range strings.Split(strings.TrimSpace(b.Summary), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.paragraph(p)
		}
	}

	d.heading("二、主要指标完成情况", 30)
	cov := Cover(k)
	t := totalsTable(k, cov)
	note := lightLegend + "完成率为完成值与目标之比；比重、增速类指标为与目标相差的百分点；累计量指标的灯色按完成率与序时进度之比判断。" +
		IndicatorNotes(k, cov.Rows) + CoverageNote(cov)
	if len(t.rows) > 0 {
		t.note = note
		d.drawTable(t)
	} else {
		d.note(note)
	}

	d.heading("三、赛马排名", 30)
	d.scores(k, b.Scores)

	switch {
	case departmental(k):
		d.heading("四、各单位指标完成情况", 30)
		d.unitCounts(k)
	case sparse(k):
		d.heading("四、分项指标完成情况", 30)
		d.unitList(k)
	default:
		d.section(true)
		d.heading("四、分项指标完成情况", 30)
		d.unitTables(k)
		d.section(false)
	}
	d.heading("五、报送情况", 2*bodyPitch)
	d.submissions(k)

	var attachments []string
	if len(b.Interviews) > 0 {
		attachments = append(attachments, k.Period.Label()+"约谈名单")
	}
	for _, a := range b.Annexes {
		attachments = append(attachments, annexTitle(a))
	}
	d.closing(attachments, issuer, b.Date)
	label := func(i int) string {
		if len(attachments) == 1 {
			return "附件"
		}
		return "附件" + strconv.Itoa(i+1)
	}
	n := 0
	if len(b.Interviews) > 0 {
		d.record(Block{Kind: BlockPageBreak})
		d.addPage(false)
		d.interviewList(k, b.Scores, b.Interviews, label(n), "约谈名单")
		n++
	}
	for _, a := range b.Annexes {
		d.annex(label(n), a)
		n++
	}
	d.imprint(c, issuer, b.Date)
	pages, err := d.write(w)
	return pages, d.model, err
}

// lightLegend explains the lights in words and symbols, so that a black-and-white
// copy reads the same as the colour one.
const lightLegend = "灯色：●绿灯达到序时进度，▲黄灯略有滞后，■红灯明显滞后，○未报送或被退回。"

// BulletinTitle is the bulletin's title: 关于<the campaign><the period>推进情况的通报,
// the campaign named without the document that defined it (…攻坚行动, not …攻坚行动
// 2023年目标体系表); bulletin.title overrides it, {期次} standing for the period.
func BulletinTitle(c *campaign.Campaign, p campaign.Period) string {
	if c.Bulletin != nil && c.Bulletin.Title != "" {
		return strings.ReplaceAll(c.Bulletin.Title, "{期次}", p.Label())
	}
	return "关于" + campaign.CampaignName(c.Title) + p.Label() + "推进情况的通报"
}

// BulletinTo is the 主送机关 line: bulletin.to, else whom it is issued to (发), else
// 各责任单位, ending with a full-width colon.
func BulletinTo(c *campaign.Campaign) string {
	to := "各责任单位"
	if b := c.Bulletin; b != nil && b.To != "" {
		to = b.To
	} else if b != nil && b.Issue != "" {
		to = b.Issue
	}
	return strings.TrimRight(to, "：:。") + "："
}

// addressee writes the 主送机关 under the title after a blank line, flush left on
// the body grid (GB/T 9704 §7.3.3).
func (d *doc) addressee(to string) {
	d.gap(bodyPitch * 0.5)
	d.flush(BlockAddressee, to)
}

// masthead is the red 版头 of a 工作通报: the masthead name in red 小标宋 (36 pt,
// never under 26 pt: a longer name goes on two lines), 第N期, the issuer and the date
// on one line — the issuer on lines of its own when both do not fit, never cut —, a
// red rule across the text block and two blank lines before the title.
func (d *doc) masthead(name, issuer string, issueNo int, date time.Time) {
	issueText := ""
	if issueNo > 0 {
		issueText = fmt.Sprintf("第%d期", issueNo)
	}
	d.record(Block{Kind: BlockMasthead, Text: zhText(name), Meta: issueText, Lines: []string{zhText(issuer), campaign.DateLabel(date)}})
	size := 36.0
	d.use(RoleTitle, size)
	if w := d.measure(d.clean(name)); w > d.width() {
		size = max(size*d.width()/w*0.98, sizeMasthead)
	}
	d.gap(4)
	d.centredIn(RoleTitle, name, size, red)
	d.gap(4)
	if issueNo > 0 {
		d.centred(fmt.Sprintf("第%d期", issueNo), sizeBody, black)
	}
	d.gap(3)
	d.use(RoleBody, sizeBody)
	d.colour(black)
	em := sizeBody * 25.4 / 72
	dateText := campaign.DateLabel(date)
	dateW := d.measure(dateText)
	issuerText := d.clean(issuer)
	var lines []string
	margin := em // the issuer one character in from the left, the date from the right
	switch {
	case d.measure(issuerText)+dateW+3*em <= d.width():
		lines = []string{issuerText}
	case d.measure(issuerText)+dateW+em <= d.width():
		lines, margin = []string{issuerText}, 0 // flush with the block's edges
	default:
		lines = titleLines(issuerText, d.width()-2*em, d.measure)
		if d.measure(lines[len(lines)-1])+dateW+3*em > d.width() {
			lines = append(lines, "")
		}
	}
	lh := em * 1.5
	for i, l := range lines {
		y := d.pdf.GetY() + em
		if l != "" {
			d.pdf.Text(d.left()+margin, y, l)
		}
		if i == len(lines)-1 {
			d.pdf.Text(d.right()-margin-dateW, y, dateText)
		}
		d.gap(lh)
	}
	d.gap(3 - lh + em)
	d.pdf.SetDrawColor(red.r, red.g, red.b)
	d.pdf.SetLineWidth(0.8)
	yl := d.pdf.GetY()
	d.pdf.Line(d.left(), yl, d.right(), yl)
	d.styleChanged()
	d.gap(2 * bodyPitch)
}

// closing is the end of the body: 附件说明 (附件：…) two characters in, then the 落款,
// the issuer centred over the date, the date four characters in from the right.
// Several attachments are numbered (附件：1．…), the later ones under the first's name.
func (d *doc) closing(attachments []string, issuer string, date time.Time) {
	d.grid()
	if d.pdf.GetY() > d.top()+0.1 {
		d.gap(bodyPitch)
	}
	for i, a := range attachments {
		lead, text := "附件：", a
		if len(attachments) > 1 {
			text = strconv.Itoa(i+1) + "．" + a
			if i > 0 {
				lead = "　　　"
			}
		}
		d.record(Block{Kind: BlockParagraph, Text: lead + zhText(text)})
		d.gridLines(d.bodyLines("　　" + lead + text))
	}
	d.signature(issuer, date, 2)
}

// signature writes the 落款: a blank line, the issuer centred over the date, the date
// 右空四字. blank is how many empty lines go before it.
func (d *doc) signature(issuer string, date time.Time, blank int) {
	d.grid()
	// The 落款 does not go alone onto a page when fewer blank lines above it (down
	// to none) keep it with the text (GB/T 9704 §7.3.5: 调整行距).
	lines := float64(len(titleLines(d.clean(issuer), d.width(), d.measure)) + 1)
	for blank > 0 && d.pdf.GetY()+(float64(blank)+lines)*bodyPitch > d.bottom()+0.01 {
		blank--
	}
	if d.pdf.GetY()+(float64(blank)+lines)*bodyPitch > d.bottom()+0.01 {
		d.addPage(false)
		d.grid()
	} else {
		d.gap(float64(blank) * bodyPitch)
	}
	cell := blockW / bodyChars
	dateText := campaign.DateLabel(date)
	d.record(Block{Kind: BlockSignature, Text: zhText(issuer), Meta: dateText})
	dateX := d.right() - 4*cell - d.measure(dateText)
	mid := dateX + d.measure(dateText)/2
	issuer = d.clean(issuer)
	// A name too long for the line is broken at a phrase, never cut.
	for _, l := range titleLines(issuer, d.width(), d.measure) {
		x := mid - d.measure(l)/2
		x = max(min(x, d.right()-d.measure(l)), d.left()) // a long name ends at the block's edge
		d.gridLine(l, x)
	}
	d.gridLine(dateText, dateX)
	d.spacing = 0
}

// imprint is the 版记 at the foot of the last page: 报/送/发 lines between rules, then
// the issuer and 印发 date.
func (d *doc) imprint(c *campaign.Campaign, issuer string, date time.Time) {
	var rows []string
	b := c.Bulletin
	if b == nil {
		b = &campaign.Bulletin{}
	}
	for _, r := range []struct{ label, text string }{{"报", b.Report}, {"送", b.Send}, {"发", b.Issue}} {
		text := r.text
		if r.label == "发" && text == "" {
			text = "各责任单位"
		}
		if text != "" {
			rows = append(rows, r.label+"："+text+"。")
		}
	}
	d.use(RoleBody, sizeFolio)
	em := sizeFolio * 25.4 / 72
	lh := em * 1.9
	var lines []string
	for _, r := range rows {
		lines = append(lines, d.lines(r, d.width()-2*em)...)
	}
	// The issuer and the 印发 date share the last line; an issuer too long for it
	// takes lines of its own above the date's, never running over it.
	dateText := campaign.DateLabel(date) + "印发"
	d.record(Block{Kind: BlockImprint, Lines: rows, Text: zhText(issuer), Meta: dateText})
	issuerLines := titleLines(d.clean(issuer), d.width()-3*em-d.measure(dateText), d.measure)
	height := float64(len(lines)+len(issuerLines)) * lh
	if d.pdf.GetY()+height > d.bottom() || d.landscape() {
		d.addPage(false)
		d.use(RoleBody, sizeFolio)
	}
	y := d.bottom() - height
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.35)
	d.pdf.Line(d.left(), y, d.right(), y)
	d.colour(black)
	for _, l := range lines {
		d.pdf.Text(d.left()+em, y+lh*0.68, l)
		y += lh
		d.pdf.SetLineWidth(0.25)
		d.pdf.Line(d.left(), y, d.right(), y)
	}
	for i, l := range issuerLines {
		d.pdf.Text(d.left()+em, y+lh*0.68, l)
		if i == len(issuerLines)-1 {
			d.pdf.Text(d.right()-em-d.measure(dateText), y+lh*0.68, dateText)
		}
		y += lh
	}
	d.pdf.SetLineWidth(0.35)
	d.pdf.Line(d.left(), y, d.right(), y)
	d.styleChanged()
	d.pdf.SetY(y)
}

// noteHeight is the height note takes.
func (d *doc) noteHeight(text string) float64 {
	d.setFont(sizeNote)
	return 1 + float64(len(d.lines(text, d.width())))*lineHeight(sizeNote) + 3
}

// note writes a small explanatory line under a table.
func (d *doc) note(text string) {
	d.record(Block{Kind: BlockNote, Text: zhText(text)})
	d.drawNote(text)
}

func (d *doc) drawNote(text string) {
	d.setFont(sizeNote)
	d.colour(black)
	lh := lineHeight(sizeNote)
	d.gap(1)
	for _, l := range d.lines(text, d.width()) {
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(d.left(), y+lh*0.72, l)
		d.pdf.SetY(y + lh)
	}
	d.gap(3)
}

// totalsTable is 二、主要指标完成情况: each indicator that has a figure this period,
// with its total row, or for an indicator without a total that only one unit carries
// (a department's own indicator), that unit's figures: the Rows of cov.
func totalsTable(k *score.Consolidation, cov Coverage) (t table) {
	c := k.Campaign
	total := "合计"
	if c.Total != nil {
		total = c.Total.Name
	}
	t = table{
		widths:  []float64{10, 36, 18, 18, 16, 26, 18, 14},
		headers: [][]headerCell{{{text: "序号"}, {text: "指标"}, {text: "计量单位"}, {text: "目标"}, {text: "完成"}, {text: "完成率"}, {text: "序时进度"}, {text: "灯色"}}},
		size:    sizeTable,
	}
	if !departmental(k) {
		t.headers[0][3].text = total + "目标"
	}
	if departmental(k) {
		t.headers[0][1].text = "指标（责任单位）"
	}
	n := 0
	for _, rp := range cov.Rows {
		r := *rp
		in := r.Indicator
		tc, _ := FigureCell(r)
		n++
		name := in.Name
		if !r.HasTotal {
			name += "（" + c.UnitName(tc.Unit) + "）"
		}
		status := score.TotalStatusLabel(r)
		if !r.HasTotal {
			status = tc.Status().Label()
		}
		t.rows = append(t.rows, []cell{{text: strconv.Itoa(n)}, {text: name, align: "L"}, {text: in.Measure},
			{text: targetText(*tc.Target()), align: "R"},
			{text: score.ShowCellActual(in, tc), align: "R"},
			{text: completionCell(tc.Completion()), align: "R"},
			{text: score.ShowPace(in, tc), align: "R"},
			{text: lightText(tc.Status(), status), fill: statusFill(tc.Status())}})
	}
	return t
}

// FigureCell is the cell 二 prints for an indicator: its total when it has one and
// the indicator has some figure this period (the total's own, or a unit's while the
// total is incomplete), else the only unit's cell when that unit reported.
func FigureCell(r score.IndicatorResult) (score.Cell, bool) {
	if r.HasTotal {
		return r.Total, hasData(r)
	}
	if len(r.Units) == 1 && r.Units[0].Reported() {
		return r.Units[0], true
	}
	return score.Cell{}, false
}

// departmental reports whether no indicator has a total and each is carried by one
// unit at most: every indicator belongs to a department of its own.
func departmental(k *score.Consolidation) bool {
	for _, r := range k.Indicators {
		if r.HasTotal || len(r.Units) > 1 {
			return false
		}
	}
	return len(k.Indicators) > 0
}

// completionCell prints a completion for a table: a difference as +0.5 with the
// points in the column's meaning, never "+0.0" or "-0.0".
func completionCell(c campaign.Completion) string {
	s := score.ShowCompletion(c)
	return strings.Replace(strings.Replace(s, "+0.0个", "0.0个", 1), "-0.0个", "0.0个", 1)
}

// lightText is a status cell readable without colour: a symbol before the word.
func lightText(s campaign.Status, label string) string {
	switch s {
	case campaign.StatusGreen:
		return "●" + label
	case campaign.StatusYellow:
		return "▲" + label
	case campaign.StatusRed:
		return "■" + label
	case campaign.StatusMissing:
		return "○" + label
	}
	return label
}

// unitNames are the names a line must not break: the units' and the total's.
func unitNames(c *campaign.Campaign) []string {
	var names []string
	for _, u := range c.Units {
		names = append(names, u.Name)
	}
	if c.Total != nil {
		names = append(names, c.Total.Name)
	}
	return names
}

// unitName is a unit's name, or its code when the campaign does not know it.
func unitName(c *campaign.Campaign, code string) string {
	if u, ok := c.Unit(code); ok {
		return u.Name
	}
	return code
}

// targetText is a target as printed in a table: a pending one reads 待下达 (its full
// wording is in the breakdown table).
func targetText(t campaign.Target) string {
	if t.Form == campaign.TargetPending {
		return "待下达"
	}
	return score.ShowTarget(t)
}
