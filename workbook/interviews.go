package workbook

import (
	"io"
	"strings"

	"tenglong/score"
)

// WriteInterviews writes the interview list (约谈名单) of a period as a workbook, the
// same list the PDF prints: per unit the reasons of the rules it met, the figures
// that triggered them, the rule ids, and its total score and rank. An empty list is a
// line 无. s may be nil when there are no scores: those two columns stay empty.
func WriteInterviews(w io.Writer, k *score.Consolidation, s *score.Scores, list []score.Interview) error {
	build := func(st *styles) *sheetTable { return interviewTable(k, s, list, st) }
	return writeTables(w, k, summaryTitle(k, "约谈名单"), []func(*styles) *sheetTable{build})
}

func interviewTable(k *score.Consolidation, s *score.Scores, list []score.Interview, st *styles) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}, {16, 36, "left"}, {20, 50, "left"}, {8, 14, "center"}, {8, 10, "right"}, {6, 8, "center"}}
	t := newSheetTable("约谈名单", specs)
	t.freezeRows, t.headFrom = 3, 3
	t.addTitle(st, summaryTitle(k, "约谈名单"))
	note := "依据：" + k.Campaign.Title + "的约谈规则。"
	if s != nil {
		note += "综合得分和名次按" + methodLabel(s) + "。"
	}
	t.addNote(st, note)
	var hs []tcell
	for _, h := range []string{"序号", "单位", "约谈事由", "具体情况", "规则", "综合得分", "名次"} {
		hs = append(hs, strCell(h, st.header()))
	}
	t.addRow(bodyLine, hs)
	if len(list) == 0 {
		t.addRow(bodyLine, append([]tcell{emptyCell(st.cell(cellStyle{align: "center"}))},
			spanned(strCell("无", st.cell(cellStyle{align: "center"})), len(specs)-1)...))
		return t
	}
	left := st.cell(cellStyle{align: "left"})
	for i, iv := range list {
		var reasons, figures, rules []string
		for _, h := range iv.Hits {
			reasons = append(reasons, h.Reason)
			figures = append(figures, h.Figures)
			rules = append(rules, h.Rule)
		}
		row := []tcell{numCell(float64(i+1), st.cell(cellStyle{format: "0", align: "center"}), itoa(i+1)),
			strCell(c.UnitName(iv.Unit), left), strCell(joinLines(reasons), left), strCell(joinLines(figures), left),
			strCell(strings.Join(rules, "、"), st.cell(cellStyle{align: "center"}))}
		if u, ok := unitScore(s, iv.Unit); ok {
			row = append(row, numCell(excelNumber(u.Points), st.cell(cellStyle{format: "0.00", align: "right"}), u.Points.StringFixed(2)),
				rankCell(st, u.Rank))
		} else {
			row = append(row, emptyCell(st.cell(cellStyle{align: "right"})), emptyCell(st.cell(cellStyle{align: "center"})))
		}
		t.addRow(bodyLine, row)
	}
	return t
}

func unitScore(s *score.Scores, unit string) (*score.UnitScore, bool) {
	if s == nil {
		return nil, false
	}
	return s.Unit(unit)
}
