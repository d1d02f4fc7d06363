package workbook

import (
	"strings"

	"tenglong/campaign"
	"tenglong/score"
)

// summaryIndicatorSheet is the one place that decides the form of an indicator sheet (the
// 总表 and each category's): the wide matrix, units down and indicators across, when
// it prints at a readable scale fitted to one A4 landscape page width; otherwise the
// long form, one row per indicator and unit (it prints one page wide at full scale).
// A 总表 of 83 indicators is 334 columns,
// which one page wide prints at 4% — and cut into page-wide strips, at 118 pages, no
// reader can follow a unit across.
func summaryIndicatorSheet(k *score.Consolidation, st *styles, name, title string, results []*score.IndicatorResult, allUnits bool) *sheetTable {
	if maxPrintScale(indicatorSpecs(results)) < readableScale {
		// Too wide even at every column's least width: long, without laying out
		// (units × indicators × 4 cells) a wide form only to measure it.
		return indicatorLongTable(k, st, name, title, results)
	}
	if t := indicatorTable(k, st, name, title, results, allUnits); t.printScale(1) >= readableScale {
		return t
	}
	return indicatorLongTable(k, st, name, title, results)
}

// longNote is the line under a long-form sheet's title that says why it reads down.
const longNote = "本表指标和单位较多，按指标逐项列出：每项指标先列合计（加粗），再列报送该指标的各单位；不汇总的指标只列各单位。"

// indicatorLongTable lays out one row per indicator and unit: 序号, 类别, 指标 and
// 计量单位 repeated on every row of the indicator (a printed page reads on its own),
// then the unit and its 目标 / 完成 / 完成率 / 灯 / 排名 / 较上期 — the same cells,
// values and number formats as the wide form — the indicator's total row first, in
// bold. The light is also written as a word (绿/黄/红/未报), so that a black-and-white
// print still reads. Units that do not report an indicator have no row under it.
func indicatorLongTable(k *score.Consolidation, st *styles, name, title string, results []*score.IndicatorResult) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 6, "center"}, {6, 16, "center"}, {10, 28, "left"}, {6, 10, "center"}, {8, 20, "left"},
		{8, 18, "center"}, {8, 14, "right"}, {8, 16, "right"}, {5, 6, "center"}, {6, 8, "center"}, {6, 8, "center"}}
	t := newSheetTable(st, name, specs)
	w := &indicatorWriter{c: c, k: k, st: st}

	t.addTitle(st, title)
	t.addNote(st, longNote)
	t.addRow(bodyLine, legendRow(k, st, len(specs)))
	head := []tcell{}
	for _, h := range []string{"序号", "类别", "指标", "计量单位", "单位", "目标", "完成", "完成率/较目标", "灯", "排名", "较上期"} {
		head = append(head, strCell(h, st.header()))
	}
	hr := t.addRow(bodyLine, head)
	t.freezeRows, t.freezeCols, t.headFrom = hr, 0, hr

	totalName := "合计"
	if c.Total != nil && c.Total.Name != "" {
		totalName = c.Total.Name
	}
	order := make(map[string]int, len(c.Units))
	for i, u := range c.Units {
		order[u.Code] = i
	}
	// One slice for every row (arrays for their parts): addRow copies the cells out,
	// and a slice a row was most of the garbage of a 5,000-unit 总表 (2 GB of 3).
	var row []tcell
	for g, r := range results {
		in := r.Indicator
		label := in.Name
		if tp := timeProgressLabel(r); tp != "无目标" {
			label += "（" + tp + "）"
		}
		lead := func(bold bool, first bool) [4]tcell {
			text := in.Name
			if first {
				text = label
			}
			return [4]tcell{
				numCell(float64(g+1), st.cell(cellStyle{format: "0", align: "center", bold: bold}), itoa(g+1)),
				strCell(strings.TrimSpace(in.Category), st.cell(cellStyle{align: "center", bold: bold})),
				strCell(text, st.cell(cellStyle{align: "left", bold: bold})),
				strCell(strings.TrimSpace(in.Measure), st.cell(cellStyle{align: "center", bold: bold})),
			}
		}
		// The total row first, and the basis of an incomplete total under it. An
		// indicator that is not totalled (a department's own figure) has none: a row
		// saying 不汇总 under each of 83 indicators would double the pages.
		if r.HasTotal {
			total := r.Total
			head, cells := lead(true, true), w.longCells(in, &total, true, r.TotalBasis, k.Compared != nil)
			row = append(append(row[:0], head[:]...), strCell(totalName, st.cell(cellStyle{align: "left", bold: true})))
			t.addRow(bodyLine, append(row, cells[:]...))
			if total.Status() == campaign.StatusMissing && r.TotalBasis != "" {
				head := lead(false, false)
				row = append(append(row[:0], head[:]...), strCell(totalName+"说明", st.cell(cellStyle{align: "left"})))
				t.addRow(bodyLine, append(row, spanned(strCell(r.TotalBasis, st.cell(cellStyle{align: "left"})), 6)...))
			}
		}
		units := make([]*score.Cell, len(c.Units))
		for j := range r.Units {
			if i, ok := order[r.Units[j].Unit]; ok {
				units[i] = &r.Units[j]
			}
		}
		first := !r.HasTotal
		for i, cell := range units {
			if cell == nil {
				continue
			}
			head, cells := lead(false, first), w.longCells(in, cell, false, "", k.Compared != nil)
			first = false
			row = append(append(row[:0], head[:]...), strCell(c.Units[i].Name, st.cell(cellStyle{align: "left"})))
			t.addRow(bodyLine, append(row, cells[:]...))
		}
	}
	t.addRow(bodyLine, nil)
	notes := indicatorNotes(c, totalName)
	if k.Compared != nil {
		notes = append(notes, "5. 较上期：与"+k.Compared.Label()+"的排名比较，↑为上升的名次，↓为下降的名次。")
	}
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

// longCells are a unit's (or the total's) 目标 / 完成 / 完成率 / 灯 / 排名 / 较上期 in
// the long form: the wide form's cells, the light as a word, 未报送 where nothing was
// reported (never an empty cell a reader could take for 0).
func (w *indicatorWriter) longCells(in *campaign.Indicator, c *score.Cell, total bool, basis string, compared bool) [6]tcell {
	st := w.st
	g := w.group(in, c, total, basis) // 目标, 完成, 完成率, 排名
	actual := g[1]
	if !total && !c.Reported() && c.Status() == campaign.StatusMissing {
		actual = strCell(w.missingLabel(c.Unit), st.cell(cellStyle{align: "center", fill: missingFill}))
	}
	text := func(s string, style int) tcell { // an empty cell, not an empty string
		if s == "" {
			return emptyCell(style)
		}
		return strCell(s, style)
	}
	light := text(lightWord(c.Status()), st.cell(cellStyle{align: "center", fill: statusFill(c.Status()), bold: total}))
	move := ""
	if compared && c.Change() != nil {
		move = score.ShowRankChange(c.Change().Rank, c.Change().HasRank)
	}
	return [6]tcell{g[0], actual, g[2], light, g[3], text(move, st.cell(cellStyle{align: "center", bold: total}))}
}

// lightWord is a light as a word, for prints without colour.
func lightWord(s campaign.Status) string {
	switch s {
	case campaign.StatusGreen:
		return "绿"
	case campaign.StatusYellow:
		return "黄"
	case campaign.StatusRed:
		return "红"
	case campaign.StatusMissing:
		return "未报"
	}
	return ""
}
