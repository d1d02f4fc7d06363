package workbook

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
)

// Rows of the 总表 and the category sheets.
const (
	indicatorHeaderFirst = 3 // indicator names; 序号 and 单位 merged down to the sub-headers
	indicatorHeaderLast  = 5 // 目标 / 完成 / 完成率 / 排名
	indicatorColumns     = 4 // columns per indicator
)

// indicatorTable lays out units × indicators: 序号 and 单位, then for each indicator
// 目标 / 完成 / 完成率 / 排名 under its name and 序时进度; the total row, its basis where
// the total is incomplete, and the notes that say how it was computed. allUnits keeps
// units that report none of the indicators (the 总表); a category sheet leaves them out.
func indicatorTable(k *score.Consolidation, st *styles, name, title string, results []*score.IndicatorResult, allUnits bool) *sheetTable {
	c := k.Campaign
	const lead = 2
	specs := indicatorSpecs(results)
	t := newSheetTable(st, name, specs)
	t.freezeRows, t.freezeCols, t.headFrom = indicatorHeaderLast, lead, indicatorHeaderFirst
	w := &indicatorWriter{c: c, k: k, st: st}

	t.addTitle(st, title)
	t.addRow(bodyLine, legendRow(k, st, len(specs)))
	t.addRow(bodyLine, w.headerRow(results, func(r *score.IndicatorResult) string {
		name := r.Indicator.Name
		if m := strings.TrimSpace(r.Indicator.Measure); m != "" {
			name += "（" + m + "）"
		}
		return name
	}, true))
	t.addRow(bodyLine, w.headerRow(results, timeProgressLabel, false))
	sub := []tcell{emptyCell(st.header()), emptyCell(st.header())}
	for range results {
		for _, h := range []string{"目标", "完成", "完成率", "排名"} {
			sub = append(sub, strCell(h, st.header()))
		}
	}
	t.addRow(bodyLine, sub)

	// cells[g][i] is unit i's cell of indicator g, nil when the unit does not report it.
	order := make(map[string]int, len(c.Units))
	for i, u := range c.Units {
		order[u.Code] = i
	}
	cells := make([][]*score.Cell, len(results))
	for g, r := range results {
		cells[g] = make([]*score.Cell, len(c.Units))
		for j := range r.Units {
			if i, ok := order[r.Units[j].Unit]; ok {
				cells[g][i] = &r.Units[j]
			}
		}
	}
	n := 0
	var row []tcell
	for i, u := range c.Units {
		reports := false
		for g := range results {
			reports = reports || cells[g][i] != nil
		}
		if !reports && !allUnits {
			continue
		}
		n++
		// One slice for every row: addRow copies the cells out.
		row = append(row[:0], numCell(float64(n), st.cell(cellStyle{format: "0", align: "center"}), itoa(n)), strCell(u.Name, st.cell(cellStyle{align: "left"})))
		for g, r := range results {
			group := w.group(r.Indicator, cells[g][i], false, "")
			row = append(row, group[:]...)
		}
		t.addRow(bodyLine, row)
	}

	// The total row, and under it the basis of each incomplete total.
	totalName := "合计"
	if c.Total != nil && c.Total.Name != "" {
		totalName = c.Total.Name
	}
	row = []tcell{emptyCell(st.cell(cellStyle{align: "center", bold: true})), strCell(totalName, st.cell(cellStyle{align: "left", bold: true}))}
	var basis []tcell
	incomplete := false
	for _, r := range results {
		if !r.HasTotal {
			row = append(row, spanned(strCell("不汇总", st.cell(cellStyle{align: "center", bold: true})), indicatorColumns)...)
			basis = append(basis, spanned(emptyCell(st.cell(cellStyle{align: "left"})), indicatorColumns)...)
			continue
		}
		total := r.Total
		group := w.group(r.Indicator, &total, true, r.TotalBasis)
		row = append(row, group[:]...)
		note := ""
		if total.Status() == campaign.StatusMissing {
			note, incomplete = r.TotalBasis, true
		}
		basis = append(basis, spanned(strCell(note, st.cell(cellStyle{align: "left"})), indicatorColumns)...)
	}
	t.addRow(bodyLine, row)
	if incomplete {
		t.addRow(bodyLine, append([]tcell{emptyCell(st.cell(cellStyle{align: "center"})), strCell(totalName+"说明", st.cell(cellStyle{align: "left"}))}, basis...))
	}
	t.addRow(bodyLine, nil)
	notes := indicatorNotes(c, totalName)
	if m := milestoneNote(results); m != "" {
		notes = append(notes, m)
	}
	if f := score.FullTermNote(results); f != "" {
		notes = append(notes, "到期目标："+f)
	}
	for _, note := range append(notes, ratioNotes(c, results)...) {
		t.addNote(st, note)
	}
	return t
}

// indicatorSpecs are the columns of the wide form: 序号, 单位, and four per indicator.
func indicatorSpecs(results []*score.IndicatorResult) []colSpec {
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}}
	for range results {
		specs = append(specs, colSpec{8, 18, "center"}, colSpec{8, 14, "right"}, colSpec{8, 16, "right"}, colSpec{6, 8, "center"})
	}
	return specs
}

// legendRow is the colour legend under the title, and how far reporting has got.
func legendRow(k *score.Consolidation, st *styles, ncols int) []tcell {
	row := spanned(strCell("完成率底色", st.cell(cellStyle{align: "center"})), 2)
	for _, l := range []struct{ label, fill string }{
		{"绿灯", greenFill}, {"黄灯", yellowFill}, {"红灯", redFill}, {"未报送或被退回", missingFill},
	} {
		row = append(row, strCell(l.label, st.cell(cellStyle{align: "center", fill: l.fill})))
	}
	if ncols > len(row) {
		accepted := 0
		for _, s := range k.Submissions {
			if s.State == score.StateAccepted {
				accepted++
			}
		}
		info := fmt.Sprintf("数据截至%s；已采用 %d/%d 个单位的报送%s；算法见表末说明。",
			campaign.DateLabel(k.Period.EndDate()), accepted, len(k.Submissions), stateNote(k))
		row = append(row, tcell{value: info, style: st.cell(cellStyle{align: "left", plain: true}), span: toPageEnd})
	}
	return row
}

// stateNote names the units whose reporting was not on time, by state, for the line
// under a sheet's title: （迟报：海城街道；被退回：沙城街道；未报送：天河街道）; "" when
// every unit reported on time.
func stateNote(k *score.Consolidation) string {
	r := k.Reporting()
	var parts []string
	for _, g := range []struct {
		word  string
		units []string
	}{{"迟报", r.Late}, {"被退回", r.Rejected}, {"未报送", r.Missing}} {
		if len(g.units) > 0 {
			parts = append(parts, g.word+"："+unitNames(k.Campaign, g.units))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "（" + strings.Join(parts, "；") + "）"
}

// timeProgressLabel is the line under an indicator's name: its 序时进度, or why there
// is none.
func timeProgressLabel(r *score.IndicatorResult) string {
	if m := milestoneOf(r); m != "" {
		return "本期节点目标 " + m
	}
	if tp, ok := timeProgressOf(r); ok {
		return "序时进度 " + campaign.FormatDecimal(tp.Mul(decimal.NewFromInt(100)), 1) + "%"
	}
	if r.RankedBy == score.RankByActual {
		return "无目标，按完成值排名"
	}
	return "无目标"
}

// milestoneOf is the 本期节点目标 of an indicator with milestones (the same for every
// unit): 85%（三季度）; "" without.
func milestoneOf(r *score.IndicatorResult) string {
	if m := score.ShowMilestone(r.Indicator, r.Total); m != "" {
		return m
	}
	for _, u := range r.Units {
		if m := score.ShowMilestone(r.Indicator, u); m != "" {
			return m
		}
	}
	return ""
}

// milestoneNote explains the lights of indicators with milestones (节点目标), when
// the sheet has any: "" otherwise.
func milestoneNote(results []*score.IndicatorResult) string {
	var names []string
	for _, r := range results {
		if milestoneOf(r) != "" {
			names = append(names, r.Indicator.Name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "节点目标：" + strings.Join(names, "、") + "按行动方案的节点亮灯，对照本期节点目标（期末已到的最后一个节点；第一个节点未到时未达到的亮黄灯），不按序时进度；完成率仍对照年度目标。"
}

// ratioNotes name the counts behind each unit's derived rate, one line per
// indicator: 近两年引进3亿元以上产业项目开工率：吴兴区 开工 17 个 / 应开工 21 个 = 81.0%；….
func ratioNotes(c *campaign.Campaign, results []*score.IndicatorResult) []string {
	var out []string
	for _, r := range results {
		if n := score.RatioNote(c, r); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// timeProgressOf is the time progress of an indicator's targets: the total's, else
// the first unit's with a target (they share the span).
func timeProgressOf(r *score.IndicatorResult) (decimal.Decimal, bool) {
	if r.HasTotal && r.Total.Target().IsSet() {
		return r.Total.TimeProgress(), true
	}
	for _, u := range r.Units {
		if u.Target().IsSet() {
			return u.TimeProgress(), true
		}
	}
	return decimal.Zero, false
}

// indicatorNotes explain the sheet at its end, with the campaign's own thresholds.
func indicatorNotes(c *campaign.Campaign, totalName string) []string {
	hundred := decimal.NewFromInt(100)
	green, yellow := c.Thresholds.Green.Mul(hundred).String(), c.Thresholds.Yellow.Mul(hundred).String()
	return []string{
		"说明：",
		"1. 完成率＝完成÷目标（越低越好的指标为目标÷完成）；比重、增速类指标为完成−目标，单位为个百分点；定性指标为报送的完成或未完成。",
		fmt.Sprintf("2. 灯色：累计量指标按完成率÷序时进度、其余按完成率，达到%s%%绿灯，达到%s%%黄灯，其下红灯；比重、增速类差值不小于0绿灯，不低于−%s个百分点黄灯，其下红灯；灰色为未报送或被退回（没有可采用的数据）。",
			green, yellow, c.Thresholds.YellowPP.String()),
		"3. 排名按完成率（无目标的按完成值），并列的名次相同，未报送、被退回的不排名。",
		fmt.Sprintf("4. %s按各单位已采用的数汇总或由办公室录入；未报齐的只列已报的数，不评灯。", totalName),
	}
}

// indicatorWriter turns cells into the four columns of an indicator.
type indicatorWriter struct {
	c  *campaign.Campaign
	k  *score.Consolidation // for each unit's reporting state
	st *styles
}

// missingLabel is what a unit's cell without a figure says: 被退回 when the unit's
// only files were sent back and not corrected, else 未报送 — the same word as its row
// of 报送情况 and of 赛马得分.
func (w *indicatorWriter) missingLabel(unit string) string {
	if word := w.k.Submission(unit).State.NoDataWord(); word != "" {
		return word
	}
	return campaign.StatusMissing.Label()
}

// headerRow is one header row across the indicators: a text merged over each
// indicator's four columns (names in bold, the rest plain), 序号 and 单位 merged down
// on the first.
func (w *indicatorWriter) headerRow(results []*score.IndicatorResult, label func(*score.IndicatorResult) string, first bool) []tcell {
	h := w.st.header()
	row := []tcell{emptyCell(h), emptyCell(h)}
	if first {
		row = []tcell{{value: "序号", style: h, down: indicatorHeaderLast - indicatorHeaderFirst + 1},
			{value: "单位", style: h, down: indicatorHeaderLast - indicatorHeaderFirst + 1}}
	}
	style := h
	if !first {
		style = w.st.cell(cellStyle{align: "center", fill: headerFill})
	}
	for _, r := range results {
		row = append(row, spanned(strCell(label(r), style), indicatorColumns)...)
	}
	return row
}

// group is a unit's (or the total's) 目标 / 完成 / 完成率 / 排名; nil is a unit that does
// not report the indicator. An array, not a slice: no allocation for each of the
// 500,000 cells of a 5,000-unit 总表.
func (w *indicatorWriter) group(in *campaign.Indicator, c *score.Cell, total bool, basis string) [4]tcell {
	st := w.st
	if c == nil {
		return [4]tcell{strCell("/", st.cell(cellStyle{align: "center"})), emptyCell(st.cell(cellStyle{align: "right"})),
			emptyCell(st.cell(cellStyle{align: "right"})), emptyCell(st.cell(cellStyle{align: "center"}))}
	}
	rank := emptyCell(st.cell(cellStyle{align: "center", bold: total}))
	if c.Ranked() {
		rank = numCell(float64(c.Rank), st.cell(cellStyle{format: "0", align: "center", bold: total}), itoa(c.Rank))
	}
	return [4]tcell{w.target(in, *c.Target(), total), w.actual(in, c, total), w.completion(in, c, total, basis), rank}
}

// target shows a numeric target as the campaign writes it — with its own decimals
// (4 and 3.5 in one column, as the source prints them) and its note kept in the number
// format (突破363, 8以上) — "/" for not applicable, a text target as text, 待下达 for a
// pending one.
func (w *indicatorWriter) target(in *campaign.Indicator, t campaign.Target, bold bool) tcell {
	text := func(s string) tcell { return strCell(s, w.st.cell(cellStyle{align: "center", bold: bold})) }
	switch t.Form {
	case campaign.TargetNumber:
		places := literalPlaces(t.NumberText())
		prefix, suffix := t.NoteAffixes()
		format := quoteFormat(prefix) + decimalsFormat(places) + quoteFormat(suffix)
		return numCell(excelNumber(t.Value), w.st.cell(cellStyle{format: format, align: "right", bold: bold}),
			prefix+campaign.FormatDecimal(t.Value, int32(places))+suffix)
	case campaign.TargetNA:
		return text("/")
	case campaign.TargetText:
		return text(t.Note)
	case campaign.TargetPending:
		return text(campaign.StatusPending.Label())
	}
	return emptyCell(w.st.cell(cellStyle{align: "center", bold: bold}))
}

// actual shows the reported value: a number with the indicator's decimals, or for a
// qualitative target the answer as reported.
func (w *indicatorWriter) actual(in *campaign.Indicator, c *score.Cell, bold bool) tcell {
	st := w.st
	switch {
	case c.Ratio() != nil && !c.Ratio().Defined:
		return strCell(campaign.NotStarted, st.cell(cellStyle{align: "center", bold: bold}))
	case !c.Reported():
		return emptyCell(st.cell(cellStyle{align: "right", bold: bold}))
	case strings.TrimSpace(c.Text()) != "":
		return strCell(strings.TrimSpace(c.Text()), st.cell(cellStyle{align: "center", bold: bold}))
	case in.Kind == campaign.KindQualitative:
		return strCell(doneLabel(c.Actual().Done), st.cell(cellStyle{align: "center", bold: bold}))
	}
	places := decimalPlaces(in.Decimals, c.Actual().Value)
	return numCell(excelNumber(c.Actual().Value), st.cell(cellStyle{format: decimalsFormat(places), align: "right", bold: bold}),
		campaign.FormatDecimal(c.Actual().Value, int32(places)))
}

// completion shows the completion in the colour of its light: a ratio as a
// percentage, a difference in percentage points, 完成/未完成 for a qualitative target;
// 未报送 in grey; nothing for no target and 待下达 for a pending one.
func (w *indicatorWriter) completion(in *campaign.Indicator, c *score.Cell, total bool, basis string) tcell {
	st := w.st
	plain := func(s string) tcell { return strCell(s, st.cell(cellStyle{align: "center", bold: total})) }
	switch c.Status() {
	case campaign.StatusMissing:
		label := w.missingLabel(c.Unit)
		if total {
			label = "未报齐"
			if strings.HasPrefix(basis, "待") {
				label = "待录入"
			}
		}
		return strCell(label, st.cell(cellStyle{align: "center", fill: missingFill, bold: total}))
	case campaign.StatusPending:
		return plain(campaign.StatusPending.Label())
	case campaign.StatusNA, "":
		return emptyCell(st.cell(cellStyle{align: "right", bold: total}))
	}
	fill := statusFill(c.Status())
	coloured := func(s string) tcell { return strCell(s, st.cell(cellStyle{align: "center", fill: fill, bold: total})) }
	comp := c.Completion()
	switch {
	case !comp.Defined: // a zero target: at or past it, or not
		if c.Status() == campaign.StatusGreen {
			return coloured("达标")
		}
		return coloured("未达标")
	case comp.Kind == campaign.CompletionQualitative:
		return coloured(doneLabel(comp.Done))
	case comp.Kind == campaign.CompletionDifference:
		places := max(int(in.Decimals), 1)
		shown := campaign.FormatDecimal(comp.Value, int32(places)) + "个百分点"
		if comp.Value.IsPositive() {
			shown = "+" + shown
		}
		return numCell(excelNumber(comp.Value), st.cell(cellStyle{format: pointsFormat(places), align: "right", fill: fill, bold: total}), shown)
	}
	shown := campaign.FormatDecimal(comp.Value.Mul(decimal.NewFromInt(100)), 1) + "%"
	return numCell(excelNumber(comp.Value), st.cell(cellStyle{format: "0.0%", align: "right", fill: fill, bold: total}), shown)
}

// pointsFormat shows a difference in percentage points with its sign: +1.2个百分点.
func pointsFormat(places int) string {
	n := decimalsFormat(places)
	return `+` + n + `"个百分点";-` + n + `"个百分点";` + n + `"个百分点"`
}

func statusFill(s campaign.Status) string {
	switch s {
	case campaign.StatusGreen:
		return greenFill
	case campaign.StatusYellow:
		return yellowFill
	case campaign.StatusRed:
		return redFill
	case campaign.StatusMissing:
		return missingFill
	}
	return ""
}

func doneLabel(done bool) string {
	if done {
		return "完成"
	}
	return "未完成"
}

// decimalPlaces is the number of decimals a value is shown with: the indicator's, or
// the value's own when the indicator leaves them open (negative decimals).
func decimalPlaces(decimals int32, v decimal.Decimal) int {
	if decimals >= 0 {
		return int(decimals)
	}
	return literalPlaces(v.String())
}

// literalPlaces counts the decimals of a number as written: 3.50 has 2.
func literalPlaces(s string) int {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return len(s) - i - 1
	}
	return 0
}
