package report

import "fmt"

// Annex is a county's breakdown behind its figures (多级上报): the 明细 sheet its
// return carried, printed as an attachment of the city's bulletin and marked as the
// county's own figures — the bulletin's figures are the county's totals, never these.
// The sheet's own title and note are the county's words for the same thing: the
// annex says it in the city's.
type Annex struct {
	Unit    string   // the county's name (德清县)
	Headers []string // 指标, 计量单位, one per township, 上报数, 合计方式
	Rows    [][]string
}

// annexTitle is how the 附件 line and the attachment's title name an annex.
func annexTitle(a Annex) string { return a.Unit + "报送附来的下级单位明细" }

// annexColumns is how many township columns one table takes on a portrait page
// besides 指标, 计量单位, 上报数 and 合计方式.
const annexColumns = 6

// annex writes one county's breakdown on a new page: its label (附件2), a centred
// title, the line saying whose figures these are, and the table — cut into several
// tables of annexColumns townships when there are more, each repeating the indicator.
func (d *doc) annex(label string, a Annex) {
	d.record(Block{Kind: BlockPageBreak})
	d.addPage(false)
	d.record(Block{Kind: BlockLabel, Text: label})
	d.use(RoleHei, sizeHeading)
	d.colour(black)
	y := d.pdf.GetY()
	d.pdf.Text(d.left(), y+sizeHeading*25.4/72*0.88, label)
	d.pdf.SetY(y + bodyPitch)
	d.title(annexTitle(a))
	d.gap(3)
	d.paragraph(fmt.Sprintf("以下是%s报送时附来的下级单位明细，是%s自己的数字，仅供参考；汇总采用的是%s报送的合计数。", a.Unit, a.Unit, a.Unit))
	if len(a.Headers) < 4 {
		return
	}
	towns := a.Headers[2 : len(a.Headers)-2]
	for from := 0; from < len(towns) || from == 0; from += annexColumns {
		to := min(from+annexColumns, len(towns))
		cols := []int{0, 1}
		for i := from; i < to; i++ {
			cols = append(cols, i+2)
		}
		cols = append(cols, len(a.Headers)-2, len(a.Headers)-1)
		free := d.width() - 36 - 12 - 20 - 24
		t := table{size: sizeSmall, widths: []float64{36, 12}}
		var head []headerCell
		for _, c := range cols {
			head = append(head, headerCell{text: a.Headers[c]})
		}
		for range to - from {
			t.widths = append(t.widths, free/float64(max(to-from, 1)))
		}
		t.widths = append(t.widths, 20, 24)
		t.headers = [][]headerCell{head}
		for _, r := range a.Rows {
			var row []cell
			for j, c := range cols {
				text := ""
				if c < len(r) {
					text = r[c]
				}
				align := ""
				if j == 0 {
					align = "L"
				}
				row = append(row, cell{text: text, align: align})
			}
			t.rows = append(t.rows, row)
		}
		if from > 0 {
			d.gap(4)
		}
		d.drawTable(t)
		if to >= len(towns) {
			break
		}
	}
}
