package report

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"tenglong/campaign"
	"tenglong/score"
)

// Column widths of the unit tables, in millimetres.
const (
	noWidth   = 11.0
	rankWidth = 16.0
	unitWidth = 30.0
	itemWidth = 18.0
)

// scores is 三、赛马排名: the method, the rank table (points per item when the method
// has few enough to print), and the bar chart.
func (d *doc) scores(k *score.Consolidation, s *score.Scores) {
	c := k.Campaign
	compared := ""
	if s.Compared != nil {
		compared = "，“较上期”与" + s.Compared.Label() + "比较"
	}
	if !s.Scorable {
		// Ranking zeros would put every unit first; say why there is no ranking, and
		// name no method that is not applied.
		d.paragraph(NotScorableText(s) + "。")
		return
	}
	d.paragraph("本期" + MethodText(s) + compared + "。")

	// Item columns that fit beside 名次、单位、总分、较上期 on a portrait page; the
	// default method's items are the indicators' completions, shown in 四 already.
	fit := int((d.width() - rankWidth - unitWidth - 16 - 14) / itemWidth)
	items := s.Items
	if s.Default || len(items) > fit {
		items = nil
	}
	d.subheading("（一）综合得分和名次", 30)
	t := table{size: sizeTable}
	t.widths = append(t.widths, rankWidth, unitWidth)
	head := []headerCell{{text: "名次"}, {text: "单位"}}
	for _, it := range items {
		t.widths = append(t.widths, itemWidth)
		head = append(head, headerCell{text: fmt.Sprintf("%s（%s分）", it.Name, it.Points.StringFixed(0))})
	}
	t.widths = append(t.widths, 16, 14)
	head = append(head, headerCell{text: "总分"}, headerCell{text: "较上期"})
	t.headers = [][]headerCell{head}
	for _, u := range s.Units {
		row := []cell{{text: rankCell(k, s, u)}, {text: c.UnitName(u.Unit), align: "L"}}
		for i := range items {
			row = append(row, cell{text: pointsText(u, s.ShowItemPoints(u.Items[i])), align: "R"})
		}
		row = append(row, cell{text: pointsText(u, u.Points.StringFixed(2)), align: "R"}, cell{text: s.MoveText(u)})
		t.rows = append(t.rows, row)
	}
	if note := unrankedNote(k, s); note != "" {
		t.note = note
	}
	d.gap(1)
	d.drawTable(t)
	if !s.Default && len(items) == 0 && len(s.Items) > 0 {
		d.itemTables(k, s)
	}
	d.scoreChart(k, s)
}

// itemTables prints the points per item in tables of at most fit items each, the
// units in rank order, for methods with more items than one table can hold.
func (d *doc) itemTables(k *score.Consolidation, s *score.Scores) {
	// Each item's column is wide enough for a quoted name (“机器换人”) on one line;
	// as many columns go in a table as the block holds.
	d.setFont(sizeTable)
	widths := make([]float64, len(s.Items))
	for i, it := range s.Items {
		widths[i] = itemWidth
		for _, q := range quoted.FindAllString(d.clean(it.Name), -1) {
			widths[i] = max(widths[i], d.measure(q)+2*cellPad+0.5)
		}
	}
	for from := 0; from < len(s.Items); {
		to, used := from, rankWidth+unitWidth
		for to < len(s.Items) && (to == from || used+widths[to] <= d.width()+0.01) {
			used += widths[to]
			to++
		}
		t := table{size: sizeTable, widths: []float64{rankWidth, unitWidth}}
		head := []headerCell{{text: "名次"}, {text: "单位"}}
		for i, it := range s.Items[from:to] {
			t.widths = append(t.widths, widths[from+i])
			head = append(head, headerCell{text: fmt.Sprintf("%s（%s分）", it.Name, it.Points.StringFixed(0))})
		}
		t.headers = [][]headerCell{head}
		for _, u := range s.Units {
			row := []cell{{text: rankCell(k, s, u)}, {text: k.Campaign.UnitName(u.Unit), align: "L"}}
			for i := from; i < to; i++ {
				row = append(row, cell{text: pointsText(u, s.ShowItemPoints(u.Items[i])), align: "R"})
			}
			t.rows = append(t.rows, row)
		}
		d.gap(3)
		d.drawTable(t)
		from = to
	}
}

// quoted finds quoted names: “机器换人”.
var quoted = regexp.MustCompile(`“[^”]{1,8}”`)

// unitTables is 四、分项指标完成情况: units × indicators with their lights, on
// landscape pages, as many indicators side by side as fit, the rest in further
// tables with the unit column repeated. The next table's cells are made on another
// goroutine while one is drawn: formatting a province's figures is a third of
// the time 四 takes, and drawing cannot start them.
func (d *doc) unitTables(k *score.Consolidation) {
	fit := max(int((d.width()-noWidth-unitWidth)/unitGroup), 1)
	tables := make(chan table, 1)
	go func() {
		defer close(tables)
		for from := 0; from < len(k.Indicators); from += fit {
			tables <- unitTable(k, from, min(from+fit, len(k.Indicators)))
		}
	}()
	first := true
	for t := range tables {
		if !first {
			d.gap(4)
		}
		first = false
		d.drawTable(t)
	}
}

// unitPerIndicator are the widths of an indicator's 目标、完成、完成率 columns in
// 四's tables, unitGroup their sum.
var unitPerIndicator = []float64{15, 16, 19}

const unitGroup = 15 + 16 + 19

// unitTable is the table of 四 for indicators from to to (not included), the
// last one with the legend and notes under it. It only reads k (unitTables makes
// it on another goroutine).
func unitTable(k *score.Consolidation, from, to int) table {
	c := k.Campaign
	total := "合计"
	if c.Total != nil {
		total = c.Total.Name
	}
	chunk := k.Indicators[from:to]
	t := table{size: sizeSmall, widths: []float64{noWidth, unitWidth}}
	top := []headerCell{{text: "序号", rows: 2}, {text: "单位", rows: 2}}
	sub := []headerCell{{covered: true}, {covered: true}}
	for _, r := range chunk {
		t.widths = append(t.widths, unitPerIndicator...)
		name := r.Indicator.Name
		if r.Indicator.Measure != "" {
			name += "（" + r.Indicator.Measure + "）"
		}
		third := "完成率"
		if r.Indicator.Kind.IsDifference() {
			third = "较目标"
		}
		top = append(top, headerCell{text: name, span: 3})
		sub = append(sub, headerCell{text: "目标"}, headerCell{text: "完成"}, headerCell{text: third})
	}
	t.headers = [][]headerCell{top, sub}
	// One backing array for all the rows' cells: a province's table has 55,000.
	cells := make([]cell, 0, (len(c.Units)+1)*len(t.widths))
	t.rows = make([][]cell, 0, len(c.Units)+1)
	for i, u := range c.Units {
		start := len(cells)
		cells = append(cells, cell{text: strconv.Itoa(i + 1)}, cell{text: u.Name, align: "L"})
		for _, r := range chunk {
			cl, ok := r.Cell(u.Code)
			if !ok {
				cells = append(cells, cell{text: "/"}, cell{text: "/"}, cell{text: "/"})
				continue
			}
			cells = appendUnitCells(cells, k, u.Code, r.Indicator, cl)
		}
		t.rows = append(t.rows, cells[start:len(cells):len(cells)])
	}
	row := []cell{{text: ""}, {text: total, align: "L"}}
	for _, r := range chunk {
		if !r.HasTotal {
			row = append(row, cell{text: "—"}, cell{text: "—"}, cell{text: "不汇总"})
			continue
		}
		cells := unitCells(k, "", r.Indicator, r.Total)
		if r.Total.Status() == campaign.StatusMissing {
			cells[2].text = score.TotalStatusLabel(r)
		}
		row = append(row, cells...)
	}
	t.rows = append(t.rows, row)
	if to == len(k.Indicators) {
		t.note = lightLegend + "“/”为不承担该指标。比重、增速类指标的“较目标”为完成值与目标相差的百分点。" + IndicatorNotes(k, allIndicators(k))
	}
	return t
}

// unitCells are one unit's 目标、完成、完成率 cells of an indicator (appendUnitCells).
func unitCells(k *score.Consolidation, unit string, in *campaign.Indicator, cl score.Cell) []cell {
	return appendUnitCells(nil, k, unit, in, &cl)
}

// appendUnitCells appends one unit's 目标、完成、完成率 cells of an indicator; a
// unit without accepted data reads 未报 or 退回 (unit is "" for the total row).
// The cell is passed by pointer: a copy is some 300 bytes, 550,000 times at 5,000
// units.
func appendUnitCells(cells []cell, k *score.Consolidation, unit string, in *campaign.Indicator, cl *score.Cell) []cell {
	completion := score.ShowCompletion(cl.Completion())
	if cl.Completion().Defined && cl.Completion().Kind == campaign.CompletionDifference {
		completion = signed(cl.Completion().Value.StringFixed(1)) // the header says 百分点
	}
	switch cl.Status() {
	case campaign.StatusMissing:
		completion = "未报"
		if unit != "" {
			completion = unitCellWord(k, unit)
		}
	case campaign.StatusPending:
		completion = "待下达"
	}
	if sym := lightText(cl.Status(), ""); sym != "" {
		completion = sym + " " + completion // a word apart: the figure reads (and copies) alone
	}
	return append(cells,
		cell{text: targetText(*cl.Target()), align: "R"},
		cell{text: score.ShowCellActual(in, *cl), align: "R"},
		cell{text: completion, align: "R", fill: statusFill(cl.Status())})
}

// submissions is 五、报送情况: the counts in a sentence, then the units that were
// late, were sent back or sent nothing.
func (d *doc) submissions(k *score.Consolidation) {
	c := k.Campaign
	rep := k.Reporting()
	late, rejected, missing, onTime := c.UnitNames(rep.Late), c.UnitNames(rep.Rejected), c.UnitNames(rep.Missing), len(rep.OnTime)
	deadline := campaign.DateLabel(k.Period.Deadline(c.Deadline))
	text := fmt.Sprintf("本期应报送单位%d个，报送截止日期为%s。按时报送%d个", len(k.Submissions), deadline, onTime)
	for _, part := range []struct {
		label string
		names []string
	}{{"迟报", late}, {"报送的数据有错误被退回、至今未改正", rejected}, {"未报送", missing}} {
		if len(part.names) > 0 {
			text += fmt.Sprintf("，%s%d个（%s）", part.label, len(part.names), strings.Join(part.names, "、"))
		}
	}
	if onTime+len(late)+len(rejected) == 0 {
		text += "。截至本通报印发，本期还没有收到任何单位的报送，以上各项均无数据"
	}
	d.paragraph(text + "。")
	if len(late)+len(rejected)+len(missing) == 0 {
		return
	}
	t := table{size: sizeTable, widths: []float64{noWidth, 40, 40, 37, 28},
		headers: [][]headerCell{{{text: "序号"}, {text: "单位"}, {text: "情况"}, {text: "报送时间"}, {text: "错误数"}}}}
	n := 0
	for _, s := range k.Submissions {
		var state, at, errs string
		switch {
		case s.State == score.StateMissing:
			state = "未报送"
		case s.State == score.StateRejected:
			state, at, errs = "被退回，未改正", s.ReceivedAt.Format("2006-01-02 15:04"), strconv.Itoa(s.Errors)
		case s.Late:
			state, at = "迟报", s.ReceivedAt.Format("2006-01-02 15:04")
		default:
			continue
		}
		n++
		fill := &fillYellow
		if s.State != score.StateAccepted {
			fill = &fillRed
		}
		t.rows = append(t.rows, []cell{{text: strconv.Itoa(n)}, {text: c.UnitName(s.Unit), align: "L"}, {text: state, fill: fill}, {text: at}, {text: errs}})
	}
	d.gap(1)
	d.drawTable(t)
}

// interviewList writes the interview list: a heading (附件 in a bulletin), a centred
// title, and the table of units, reasons and figures.
func (d *doc) interviewList(k *score.Consolidation, s *score.Scores, list []score.Interview, label, title string) {
	if label != "" {
		d.record(Block{Kind: BlockLabel, Text: label})
		d.use(RoleHei, sizeHeading)
		d.colour(black)
		y := d.pdf.GetY()
		d.pdf.Text(d.left(), y+sizeHeading*25.4/72*0.88, label)
		d.pdf.SetY(y + bodyPitch)
	}
	d.title(k.Period.Label() + title)
	d.gap(3)
	t := table{size: sizeTable, widths: []float64{10, 24, 36, 46, 40},
		headers: [][]headerCell{{{text: "序号"}, {text: "单位"}, {text: "约谈事由"}, {text: "具体情况"}, {text: "得分（名次）"}}}}
	for i, iv := range list {
		var reasons, figures []string
		for j, h := range iv.Hits {
			prefix := ""
			if len(iv.Hits) > 1 {
				prefix = fmt.Sprintf("%d. ", j+1)
			}
			reasons = append(reasons, prefix+h.Reason)
			figures = append(figures, prefix+RankWords(h.Figures))
		}
		points := ""
		if s != nil {
			switch u, ok := s.Unit(iv.Unit); {
			case !ok || !s.Scorable:
				points = "不计分"
			case u.Rank == 0:
				points = rankCell(k, s, *u)
			default:
				points = fmt.Sprintf("%s分\n第%d位（共%d个单位）", u.Points.StringFixed(2), u.Rank, s.Ranked())
			}
		}
		t.rows = append(t.rows, []cell{{text: strconv.Itoa(i + 1)}, {text: k.Campaign.UnitName(iv.Unit), align: "L"},
			{text: strings.Join(reasons, "\n"), align: "L"}, {text: strings.Join(figures, "\n"), align: "L"}, {text: points}})
	}
	if len(list) == 0 {
		t.rows = append(t.rows, []cell{{text: ""}, {text: "无"}, {text: ""}, {text: ""}, {text: ""}})
	}
	switch {
	case s != nil && !s.Scorable && len(list) > 0:
		t.note = NotScorableText(s) + "。"
	case s != nil && s.Default:
		t.note = "综合得分" + MethodText(s) + "。"
	}
	d.drawTable(t)
}

// signed puts a plus sign before a positive number.
func signed(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-") // -0.0 is 0.0
	}
	if s != "" && s[0] != '-' {
		return "+" + s
	}
	return s
}

// rankCell is a unit's place in the rank table: 第5名 when ranked, else why not:
// 未报送, 被退回 (no accepted data) or 不排名.
func rankCell(k *score.Consolidation, s *score.Scores, u score.UnitScore) string {
	if u.Rank > 0 {
		return "第" + strconv.Itoa(u.Rank) + "名"
	}
	if w := unitState(k, u.Unit); w != "" {
		return w
	}
	return s.RankText(u)
}

// unrankedNote says why units stand without a place in the rank table: no accepted
// data this period.
func unrankedNote(k *score.Consolidation, s *score.Scores) string {
	var missing, rejected []string
	for _, u := range s.Units {
		switch unitState(k, u.Unit) {
		case "未报送":
			missing = append(missing, k.Campaign.UnitName(u.Unit))
		case "被退回":
			rejected = append(rejected, k.Campaign.UnitName(u.Unit))
		}
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, strings.Join(missing, "、")+"未报送数据")
	}
	if len(rejected) > 0 {
		parts = append(parts, strings.Join(rejected, "、")+"报送的数据被退回、未改正")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "，") + "，本期不计分、不排名。"
}

// sparse reports whether the units × indicators grid of 四 would be mostly “/”: each
// indicator carried by few units, as in a campaign of departments with their own
// indicators. Such a campaign gets a list instead of pages of slashes.
func sparse(k *score.Consolidation) bool {
	cells, filled := 0, 0
	for _, r := range k.Indicators {
		cells += len(k.Campaign.Units)
		filled += len(r.Units)
	}
	return cells > 0 && filled*2 < cells
}

// unitList is 四 for a sparse campaign: unit by unit, only the indicators the unit
// carries, on portrait pages.
func (d *doc) unitList(k *score.Consolidation) {
	c := k.Campaign
	t := table{size: sizeTable, widths: []float64{10, 26, 44, 20, 16, 26, 14},
		headers: [][]headerCell{{{text: "序号"}, {text: "单位"}, {text: "指标"}, {text: "目标"}, {text: "完成"}, {text: "完成率"}, {text: "灯色"}}}}
	n := 0
	for _, u := range c.Units {
		for _, r := range k.Indicators {
			cl, ok := r.Cell(u.Code)
			if !ok {
				continue
			}
			n++
			name := r.Indicator.Name
			if r.Indicator.Measure != "" {
				name += "（" + r.Indicator.Measure + "）"
			}
			completion := completionCell(cl.Completion())
			if cl.Status() == campaign.StatusPending {
				completion = "待下达"
			}
			light := cl.Status().Label()
			if w := unitState(k, u.Code); w != "" && cl.Status() == campaign.StatusMissing {
				light = w // 未报送 or 被退回, as 五、报送情况 says
			}
			t.rows = append(t.rows, []cell{{text: strconv.Itoa(n)}, {text: u.Name, align: "L"}, {text: name, align: "L"},
				{text: targetText(*cl.Target()), align: "R"}, {text: score.ShowCellActual(r.Indicator, *cl), align: "R"},
				{text: completion, align: "R"}, {text: lightText(cl.Status(), light), fill: statusFill(cl.Status())}})
		}
	}
	t.note = lightLegend + "只列各单位承担的指标。" + IndicatorNotes(k, allIndicators(k))
	d.drawTable(t)
}

// unitCounts is 四 for a campaign of departments each with its own indicators: 二
// already lists every indicator with its department, so 四 counts each department's
// indicators by light.
func (d *doc) unitCounts(k *score.Consolidation) {
	c := k.Campaign
	t := table{size: sizeTable, widths: []float64{noWidth, 45, 20, 16, 16, 16, 16, 16},
		headers: [][]headerCell{{{text: "序号"}, {text: "单位"}, {text: "承担指标"}, {text: "●绿灯"}, {text: "▲黄灯"}, {text: "■红灯"}, {text: "○未报"}, {text: "其他"}}}}
	for i, u := range c.Units {
		var n, g, y, r, m, other int
		for _, ir := range k.Indicators {
			cl, ok := ir.Cell(u.Code)
			if !ok {
				continue
			}
			n++
			switch cl.Status() {
			case campaign.StatusGreen:
				g++
			case campaign.StatusYellow:
				y++
			case campaign.StatusRed:
				r++
			case campaign.StatusMissing:
				m++
			default:
				other++
			}
		}
		row := []cell{{text: strconv.Itoa(i + 1)}, {text: u.Name, align: "L"}, {text: strconv.Itoa(n)}}
		for _, v := range []int{g, y, r, m, other} {
			row = append(row, cell{text: strconv.Itoa(v)})
		}
		if r > 0 {
			row[5].fill = &fillRed
		}
		t.rows = append(t.rows, row)
	}
	t.note = lightLegend + "各项指标的数字见“二、主要指标完成情况”；“其他”为目标待下达或不评价的指标。"
	d.gap(1)
	d.drawTable(t)
}

var rankFraction = regexp.MustCompile(`排名第(\d+)/(\d+)(（末位）)?`)

// RankWords rewrites a rule's figures the way a 通报 says them: a rank written as a
// fraction (排名第4/6) becomes 排名第4位（共6个单位）, and the built-in method is
// named by what it does (按各项指标完成率综合计分), not as 默认方法.
func RankWords(s string) string {
	s = strings.ReplaceAll(s, "按"+score.DefaultMethod+"计分", "按各项指标完成率综合计分")
	return rankFraction.ReplaceAllStringFunc(s, func(m string) string {
		p := rankFraction.FindStringSubmatch(m)
		last := ""
		if p[3] != "" {
			last = "，末位"
		}
		return "排名第" + p[1] + "位（共" + p[2] + "个单位" + last + "）"
	})
}
