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
	Font    *Font
}

// WriteBulletin writes the bulletin as an A4 PDF (DESIGN.md §8) and returns its
// number of pages.
func WriteBulletin(w io.Writer, b Bulletin) (int, error) {
	if b.Font == nil {
		b.Font = DefaultFont()
	}
	k := b.Consolidation
	c := k.Campaign
	d := newDoc(b.Font, bulletinTitle(k), c.Issuer, b.Date)
	d.addPage(false)
	d.masthead(c.Issuer, b.IssueNo, b.Date)
	d.centred(bulletinTitle(k), sizeTitle, black)
	d.gap(4)

	d.heading("一、总体情况", 20)
	for _, p := range strings.Split(strings.TrimSpace(b.Summary), "\n") {
		if p = strings.TrimSpace(p); p != "" {
			d.paragraph(p, sizeBody)
		}
	}

	d.heading("二、主要指标完成情况", 30)
	d.drawTable(totalsTable(k))
	d.note("注：完成率为完成值与目标之比，比重、增速类指标为与目标相差的百分点；" +
		"累计量指标的灯色按完成率与序时进度之比判断。绿灯达到进度，黄灯略有滞后，红灯明显滞后。")

	d.heading("三、赛马排名", 30)
	d.scores(k, b.Scores)

	d.addPage(true)
	d.heading("四、分项指标完成情况", 30)
	d.unitTables(k)

	d.addPage(false)
	d.heading("五、报送情况", 20)
	d.submissions(k)

	if len(b.Interviews) > 0 {
		d.addPage(false)
		d.interviewList(k, b.Scores, b.Interviews, "附件", "约谈名单")
	}
	return d.write(w)
}

// bulletinTitle is the bulletin's title line.
func bulletinTitle(k *score.Consolidation) string {
	return "关于" + k.Period.Label() + k.Campaign.Title + "推进情况的通报"
}

// masthead is the red header (红头): issuer, 第N期, date, and a red rule.
func (d *doc) masthead(issuer string, issueNo int, date time.Time) {
	if issuer == "" {
		issuer = "攻坚行动办公室"
	}
	// The issuer on one line: shrink the type rather than break the name.
	size := sizeTitle + 4
	d.setFont(size)
	if w := d.measure(d.font.Clean(issuer)); w > d.width() {
		size = max(size*d.width()/w, sizeHeading)
	}
	d.centred(issuer, size, red)
	d.gap(2)
	if issueNo > 0 {
		d.centred(fmt.Sprintf("第%d期", issueNo), sizeHeading, black)
	}
	d.gap(2)
	d.setFont(sizeBody)
	d.colour(black)
	y := d.pdf.GetY() + lineHeight(sizeBody)*0.72
	dateText := campaign.DateLabel(date)
	pageW, _ := d.pdf.GetPageSize()
	d.pdf.Text(pageW-marginSide-d.measure(dateText), y, dateText)
	d.gap(lineHeight(sizeBody) + 1)
	d.pdf.SetDrawColor(red.r, red.g, red.b)
	d.pdf.SetLineWidth(0.8)
	yl := d.pdf.GetY()
	d.pdf.Line(marginSide, yl, pageW-marginSide, yl)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginSide, yl+1.2, pageW-marginSide, yl+1.2)
	d.styleChanged()
	d.gap(8)
}

// note writes a small explanatory line under a table.
func (d *doc) note(text string) {
	d.setFont(sizeSmall)
	d.colour(grey)
	lh := lineHeight(sizeSmall)
	d.gap(1)
	for _, l := range d.lines(text, d.width()) {
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(marginSide, y+lh*0.72, l)
		d.pdf.SetY(y + lh)
	}
	d.colour(black)
	d.gap(3)
}

// totalsTable is 二、主要指标完成情况: each indicator's total row.
func totalsTable(k *score.Consolidation) table {
	total := "合计"
	if k.Campaign.Total != nil {
		total = k.Campaign.Total.Name
	}
	t := table{
		widths:  []float64{11, 40, 16, 20, 17, 26, 16, 14},
		headers: [][]headerCell{{{text: "序号"}, {text: "指标"}, {text: "计量单位"}, {text: total + "目标"}, {text: "完成"}, {text: "完成率"}, {text: "序时进度"}, {text: "状态"}}},
		size:    sizeTable,
	}
	for i, r := range k.Indicators {
		in := r.Indicator
		row := []cell{{text: strconv.Itoa(i + 1)}, {text: in.Name, align: "L"}, {text: in.Measure}}
		if !r.HasTotal {
			row = append(row, cell{text: "—"}, cell{text: "—"}, cell{text: "—"}, cell{text: "—"}, cell{text: "不汇总"})
		} else {
			tc := r.Total
			row = append(row,
				cell{text: targetText(tc.Target), align: "R"},
				cell{text: score.ShowActual(in, tc.Actual), align: "R"},
				cell{text: score.ShowCompletion(tc.Completion), align: "R"},
				cell{text: score.ShowShare(tc), align: "R"},
				cell{text: score.TotalStatusLabel(r), fill: statusFill(tc.Status)})
		}
		t.rows = append(t.rows, row)
	}
	return t
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
