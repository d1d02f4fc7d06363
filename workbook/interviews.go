package workbook

import (
	"fmt"
	"io"

	"tenglong/campaign"
	"tenglong/score"
)

// WriteInterviews writes the interview list (约谈名单) of a period as a workbook, the
// same list the PDF prints: per unit the reasons of the rules it met, the figures
// that triggered them, the rules in words, and its total score and rank. An empty list is a
// line 无. s may be nil when there are no scores: those two columns stay empty.
func WriteInterviews(w io.Writer, k *score.Consolidation, s *score.Scores, list []score.Interview) error {
	build := func(st *styles) *sheetTable { return interviewTable(k, s, list, st) }
	return writeTables(w, k, summaryTitle(k, "约谈名单"), []func(*styles) *sheetTable{build})
}

func interviewTable(k *score.Consolidation, s *score.Scores, list []score.Interview, st *styles) *sheetTable {
	c := k.Campaign
	specs := []colSpec{{5, 6, "center"}, {8, 20, "left"}, {16, 36, "left"}, {20, 50, "left"}, {10, 24, "left"}, {8, 10, "right"}, {6, 8, "center"}}
	t := newSheetTable(st, "约谈名单", specs)
	t.freezeRows, t.headFrom = 3, 3
	t.addTitle(st, summaryTitle(k, "约谈名单"))
	note := "依据：" + k.Campaign.Title + "的约谈规则。"
	switch {
	case s != nil && !s.Scorable && s.NotScorable != "":
		note += s.NotScorable + "。"
	case s != nil:
		note += "综合得分和名次按" + methodLabel(s) + "。"
	}
	t.addNote(st, note)
	var hs []tcell
	for _, h := range []string{"序号", "单位", "约谈事由", "具体情况", "约谈规则", "综合得分", "名次"} {
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
			rules = append(rules, ruleText(c, s, iv.Unit, h))
		}
		row := []tcell{numCell(float64(i+1), st.cell(cellStyle{format: "0", align: "center"}), itoa(i+1)),
			strCell(c.UnitName(iv.Unit), left), strCell(joinLines(reasons), left), strCell(joinLines(figures), left),
			strCell(joinLines(rules), left)}
		if u, ok := unitScore(s, iv.Unit); ok {
			row = append(row, totalCell(st, s, *u, st.cell(cellStyle{format: "0.00", align: "right"})), placeCell(st, s, *u))
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

// ruleText is the rule a hit met as a reader understands it — the condition in words
// (综合得分排名倒数2名以内, 3项及以上指标红灯) — never the rule's id from campaign.yaml.
func ruleText(c *campaign.Campaign, s *score.Scores, unit string, h score.Hit) string {
	var r *campaign.InterviewRule
	if c.Interviews != nil {
		for i := range c.Interviews.Rules {
			if c.Interviews.Rules[i].ID == h.Rule {
				r = &c.Interviews.Rules[i]
			}
		}
	}
	switch {
	case r == nil:
		return h.Reason
	case r.RankFromBottom > 0:
		text := "综合得分排名末位"
		if r.RankFromBottom > 1 {
			text = fmt.Sprintf("综合得分排名倒数%d名以内", r.RankFromBottom)
		}
		if u, ok := unitScore(s, unit); ok && u.Rank == 0 {
			// score names a unit it could not rank for lack of data under the rank rule.
			text += "（无可用数据、不排名，按此条约谈）"
		}
		return text
	case r.RedAtLeast > 0:
		return fmt.Sprintf("%d项及以上指标红灯", r.RedAtLeast)
	case r.BottomConsecutive > 0:
		return fmt.Sprintf("连续%d期排名末位", r.BottomConsecutive)
	case r.IndicatorRed != "":
		name := r.IndicatorRed
		if in, ok := c.Indicator(r.IndicatorRed); ok {
			name = in.Name
		}
		return "“" + name + "”红灯"
	case r.Missing:
		return "未报送"
	case r.Late:
		return "逾期报送"
	}
	return h.Reason
}
