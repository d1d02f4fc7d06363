package workbook

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
)

// defaultMethodNote says what the default method (DESIGN.md §7) is, wherever it is used.
const defaultMethodNote = "默认方法（各项有数字目标的指标按完成率以极差法计分，各项分值相同，合计100分）"

// methodLabel names the scoring method: the campaign's, or 默认方法 said clearly.
func methodLabel(s *score.Scores) string {
	if s.Default || s.Method == "" || s.Method == score.DefaultMethod {
		return defaultMethodNote
	}
	return s.Method
}

// scoreTable is the 赛马得分 sheet: units in rank order, each item's points, the total,
// the move since the compared period, and a 备注 for scaled default-method scores.
func scoreTable(k *score.Consolidation, s *score.Scores, st *styles) *sheetTable {
	if !s.Scorable {
		return notScoredTable(k, s, st)
	}
	c := k.Campaign
	compared := s.Compared != nil
	scaled := false
	for _, u := range s.Units {
		// A scaling to 100 of points nobody gets says nothing when nothing is scored.
		scaled = scaled || u.Scaled != "" && s.Scorable
	}
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}}
	header := []string{"名次", "单位"}
	for _, it := range s.Items {
		specs = append(specs, colSpec{8, 18, "right"})
		header = append(header, it.Name+"\n（"+itemPointsLabel(it)+"）")
	}
	specs = append(specs, colSpec{8, 10, "right"})
	header = append(header, "总分")
	if compared {
		specs = append(specs, colSpec{8, 10, "center"})
		header = append(header, "较上期")
	}
	if scaled {
		specs = append(specs, colSpec{10, 40, "left"})
		header = append(header, "备注")
	}
	t := newSheetTable(st, scoreSheet, specs)
	t.freezeRows, t.freezeCols, t.headFrom = 3, 2, 3

	title := summaryTitle(k, "赛马得分")
	t.addTitle(st, title)
	note := "计分方法：" + methodLabel(s) + "。"
	if !s.Scorable && s.NotScorable != "" {
		note += s.NotScorable + "。"
	}
	if compared {
		note += "较上期：与" + s.Compared.Label() + "的名次比较。"
	}
	note += scoreStateNote(k)
	note += "各项得分的计算见“" + scoreNotesSheet + "”工作表。"
	t.addNote(st, note)
	var hs []tcell
	for _, h := range header {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)

	pointsStyle := st.cell(cellStyle{format: "0.00", align: "right"})
	var row []tcell // one slice for every row: addRow copies the cells out
	for _, u := range s.Units {
		row = append(row[:0], placeCell(st, s, u), strCell(c.UnitName(u.Unit), st.cell(cellStyle{align: "left"})))
		for i := range s.Items {
			row = append(row, scoredItemCell(st, s, u, i, pointsStyle))
		}
		row = append(row, totalCell(st, s, u, st.cell(cellStyle{format: "0.00", align: "right", bold: true})))
		if compared {
			row = append(row, strCell(s.MoveText(u), st.cell(cellStyle{align: "center"})))
		}
		if scaled {
			row = append(row, strCell(u.Scaled, st.cell(cellStyle{align: "left"})))
		}
		t.addRow(bodyLine, row)
	}
	if len(s.Units) == 0 {
		t.addRow(bodyLine, spanned(strCell("无", st.cell(cellStyle{align: "center"})), len(specs)))
	}
	return t
}

// notScoredTable is the 赛马得分 sheet of a period with nothing to rank on: one line
// that says 不计分、不排名 and why, instead of a grid of “/” and — for every unit and
// item (83 indicators × 6 departments in huzhou-2023-depts: pages of nothing).
func notScoredTable(k *score.Consolidation, s *score.Scores, st *styles) *sheetTable {
	t := newSheetTable(st, scoreSheet, []colSpec{{60, 100, "left"}})
	t.addTitle(st, summaryTitle(k, "赛马得分"))
	why := strings.TrimSuffix(strings.TrimSpace(s.NotScorable), "。")
	if why == "" {
		why = "本期没有可计分的指标：不计分、不排名"
	}
	// No 计分方法 line: a method named and then not applied reads as a contradiction.
	t.addRow(bodyLine, []tcell{strCell("本期"+strings.TrimPrefix(why, "本期")+"。", st.cell(cellStyle{align: "left"}))})
	return t
}

// scoreNotesTable is the 计分说明 sheet: one line per unit and item with its points
// and the reason, in rank order.
func scoreNotesTable(k *score.Consolidation, s *score.Scores, st *styles) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}, {10, 24, "left"}, {6, 10, "right"}, {6, 10, "right"}, {30, 70, "left"}}
	t := newSheetTable(st, scoreNotesSheet, specs)
	t.freezeRows, t.headFrom = 3, 3
	t.addTitle(st, summaryTitle(k, "赛马计分说明"))
	note := "计分方法：" + methodLabel(s) + "。"
	if !s.Scorable && s.NotScorable != "" {
		note += s.NotScorable + "。"
	}
	t.addNote(st, note)
	var hs []tcell
	for _, h := range []string{"名次", "单位", "评分项", "分值", "得分", "计分说明"} {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)
	pointsStyle := st.cell(cellStyle{format: "0.00", align: "right"})
	var row []tcell // one slice for every row: addRow copies the cells out
	for _, u := range s.Units {
		name := c.UnitName(u.Unit)
		for i, it := range s.Items {
			if i < len(u.Items) && !u.Items[i].Applies {
				// Not the unit's item (a department's default method): 赛马得分 shows
				// it as “/”; 83 such lines a unit would print 40 pages of nothing.
				continue
			}
			row = append(row[:0], placeCell(st, s, u), strCell(name, st.cell(cellStyle{align: "left"})),
				strCell(it.Name, st.cell(cellStyle{align: "left"})),
				strCell(itemPointsLabel(it), st.cell(cellStyle{align: "right"})), scoredItemCell(st, s, u, i, pointsStyle))
			reason := ""
			if i < len(u.Items) {
				reason = u.Items[i].Reason()
			}
			t.addRow(bodyLine, append(row, strCell(reason, st.cell(cellStyle{align: "left"}))))
		}
		if u.Scaled != "" && s.Scorable {
			t.addRow(bodyLine, []tcell{placeCell(st, s, u), strCell(name, st.cell(cellStyle{align: "left"})),
				strCell("折算", st.cell(cellStyle{align: "left"})), emptyCell(st.cell(cellStyle{align: "right"})),
				totalCell(st, s, u, pointsStyle), strCell(u.Scaled, st.cell(cellStyle{align: "left"}))})
		}
	}
	return t
}

// itemPointsLabel is an item's 分值: 20分, 最高5分 for a capped bonus.
func itemPointsLabel(it campaign.ScoringItem) string {
	if (it.Formula == campaign.FormulaBonus || it.Formula == campaign.FormulaManual) && it.Max != nil {
		return "最高" + trimPoints(*it.Max) + "分"
	}
	return trimPoints(it.Points) + "分"
}

// trimPoints writes points as few decimals as they need, at most two: 20, 6.67.
func trimPoints(d decimal.Decimal) string {
	return d.Round(2).String()
}

// itemCell is a unit's points on the i-th item; "/" when the item is not the unit's.
func itemCell(st *styles, u score.UnitScore, i int, style int) tcell {
	if i >= len(u.Items) || !u.Items[i].Applies {
		return strCell("/", st.cell(cellStyle{align: "center"}))
	}
	p := u.Items[i].Points
	return numCell(excelNumber(p), style, p.StringFixed(2))
}

// placeCell is a unit's 名次: its rank, or why it has none — 未报送 for a unit with no
// accepted data, 不排名 when nothing is scorable — never a blank a reader takes for
// a forgotten figure.
func placeCell(st *styles, s *score.Scores, u score.UnitScore) tcell {
	if u.Rank > 0 {
		return rankCell(st, u.Rank)
	}
	return strCell(s.RankText(u), st.cell(cellStyle{align: "center"}))
}

// scoreStateNote says how the units that did not report on time stand in the table:
// late ones are scored on their accepted data; rejected and missing ones have none,
// so no points and no place. "" when every unit reported on time.
func scoreStateNote(k *score.Consolidation) string {
	r := k.Reporting()
	note := ""
	if len(r.Late) > 0 {
		note += "迟报的" + unitNames(k.Campaign, r.Late) + "按采用的数据计分。"
	}
	var none []string
	if len(r.Rejected) > 0 {
		none = append(none, unitNames(k.Campaign, r.Rejected)+"报送被退回、未改正")
	}
	if len(r.Missing) > 0 {
		none = append(none, unitNames(k.Campaign, r.Missing)+"未报送")
	}
	if len(none) > 0 {
		note += strings.Join(none, "，") + "，没有可采用的数据，不计分、不排名。"
	}
	return note
}

// notScored is what a points cell shows when nothing is scorable: 0.00 would read
// as a unit that scored nothing.
const notScored = "不计分"

// scoredItemCell is a unit's points on an item, or — when nothing is scorable or the
// unit sent no accepted data (the 总分 says which).
func scoredItemCell(st *styles, s *score.Scores, u score.UnitScore, i int, style int) tcell {
	if (!s.Scorable || unreported(u)) && (i < len(u.Items) && u.Items[i].Applies) {
		return strCell("—", st.cell(cellStyle{align: "center"}))
	}
	return itemCell(st, u, i, style)
}

// unreported is a unit left out of the ranking for want of accepted data: its 0.00
// would read as a unit that scored nothing.
func unreported(u score.UnitScore) bool { return u.Rank == 0 && !u.Reported }

// totalCell is a unit's 总分; 不计分 when nothing is scorable, 未报送 for a unit with
// no accepted data.
func totalCell(st *styles, s *score.Scores, u score.UnitScore, style int) tcell {
	switch {
	case !s.Scorable:
		return strCell(notScored, st.cell(cellStyle{align: "center"}))
	case unreported(u):
		return strCell(s.RankText(u), st.cell(cellStyle{align: "center"}))
	}
	return numCell(excelNumber(u.Points), style, u.Points.StringFixed(2))
}

func rankCell(st *styles, rank int) tcell {
	if rank <= 0 {
		return emptyCell(st.cell(cellStyle{align: "center"}))
	}
	return numCell(float64(rank), st.cell(cellStyle{format: "0", align: "center"}), itoa(rank))
}

// joinLines numbers several lines (1. … 2. …) and leaves a single one as it is.
func joinLines(lines []string) string {
	if len(lines) == 1 {
		return lines[0]
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%d. %s", i+1, l)
	}
	return b.String()
}
