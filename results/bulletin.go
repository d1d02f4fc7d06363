package results

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/report"
	"tenglong/score"
	"tenglong/templates"
)

// BulletinSummary gathers the figures of the bulletin's 一、总体情况 for its template.
func BulletinSummary(c *campaign.Campaign, r *Period) templates.BulletinSummary {
	k, s := r.Consolidation, r.Scores
	d := templates.BulletinSummary{Campaign: c.Title, Issuer: c.Issuer, PeriodLabel: k.Period.Label(),
		Deadline: campaign.DateLabel(k.Period.Deadline(c.Deadline)), Units: len(k.Submissions)}
	rep := k.Reporting()
	late, rejected, missing := c.UnitNames(rep.Late), c.UnitNames(rep.Rejected), c.UnitNames(rep.Missing)
	d.OnTime = len(rep.OnTime)
	d.Late, d.Rejected, d.Missing = len(late), len(rejected), len(missing)
	d.LateUnits, d.RejectedUnits, d.MissingUnits = joinNames(late), joinNames(rejected), joinNames(missing)

	var reds, redLines, otherLines []string
	// The same indicators, and the same cells, as the table of 二.
	cov := report.Cover(k)
	d.NoTotal, d.Without = len(cov.NoTotal), len(cov.Without)
	for _, irp := range cov.Rows {
		ir := *irp
		cell, _ := report.FigureCell(ir)
		d.Indicators++
		switch cell.Status() {
		case campaign.StatusGreen:
			d.Green++
		case campaign.StatusYellow:
			d.Yellow++
		case campaign.StatusRed:
			d.Red++
			reds = append(reds, ir.Indicator.Name)
		case campaign.StatusPending:
			d.Pending++
		default:
			d.Unjudged++
		}
		if h := highlight(ir, cell); h != "" {
			if cell.Status() == campaign.StatusRed {
				redLines = append(redLines, h)
			} else {
				otherLines = append(otherLines, h)
			}
		}
	}
	// The red ones first, then the others, at most maxHighlights in all.
	d.Highlights = append(redLines, otherLines...)
	if len(d.Highlights) > maxHighlights {
		d.Highlights = d.Highlights[:maxHighlights]
	}
	d.RedIndicators = joinNames(reds)
	if len(reds) > 10 {
		d.RedIndicators = strings.Join(reds[:10], "、") + "等" + strconv.Itoa(len(reds)) + "项指标"
	}

	d.Method, d.DefaultMethod, d.MethodText = s.Method, s.Default, report.MethodText(s)
	if !s.Scorable {
		d.NotScorable = report.NotScorableText(s)
	} else if n := s.Ranked(); n > 0 {
		first, last := s.Units[0], s.Units[n-1] // ranked units come first
		d.First, d.FirstPoints = namesWithPoints(c, s, first.Points.StringFixed(2)), first.Points.StringFixed(2)
		d.Last, d.LastPoints = namesWithPoints(c, s, last.Points.StringFixed(2)), last.Points.StringFixed(2)
	}
	if s.Compared != nil {
		d.ComparedPeriod = s.Compared.Label()
		for _, u := range s.Units {
			up, ok := u.RankChange()
			switch {
			case ok && up > d.UpBy:
				d.Up, d.UpBy = UnitName(c, u.Unit), up
			case ok && -up > d.DownBy:
				d.Down, d.DownBy = UnitName(c, u.Unit), -up
			}
		}
	}
	var interviewed []string
	for _, iv := range r.Interviews {
		interviewed = append(interviewed, UnitName(c, iv.Unit))
	}
	d.Interviews, d.InterviewUnits = len(interviewed), joinNames(interviewed)

	var lists []string
	for _, l := range k.Lists {
		lists = append(lists, l.List.Name)
		d.ListRows += l.RowCount
		d.ListDuplicates += l.Duplicates
	}
	d.Lists = joinNames(lists)
	for _, t := range k.TaskUnits {
		d.TasksLed += t.Led
		d.TasksDone += t.Done
		d.TasksBehind += t.Behind
		d.TasksUnreported += t.Unreported
	}
	return d
}

// maxHighlights is how many indicators 一、总体情况 names with their figures; the
// tables of 二 and 四 have them all.
const maxHighlights = 8

// highlight is one sentence on an indicator's total: 高耗低效整治企业数完成871家，完成率72.6%。
func highlight(ir score.IndicatorResult, t score.Cell) string {
	in := ir.Indicator
	if !t.Reported() || in.Kind == campaign.KindQualitative {
		return ""
	}
	if t.Actual().Answered { // a worded target answered 完成/未完成, no number to print
		return in.Name + "（目标：" + score.ShowTarget(*t.Target()) + "）" + score.ShowActual(in, t.Actual()) + "。"
	}
	verb := "为"
	switch {
	case in.Kind == campaign.KindFlow:
		verb = "完成"
	case endsWithVerb(in.Name):
		verb = "" // 增长7.1%, 提高1.5个百分点, never 增长为7.1%
	}
	text := in.Name + verb + score.ShowActual(in, t.Actual()) + in.Measure
	if t.Completion().Defined {
		if t.Completion().Kind == campaign.CompletionDifference {
			text += "，" + differenceWords(t.Completion().Value)
		} else {
			text += "，完成目标的" + score.ShowCompletion(t.Completion())
		}
	}
	if t.Status() == campaign.StatusMissing && len(ir.Units) > 0 {
		text += "（" + report.PartialBasis(ir) + "，未报齐）"
	}
	return text + "。"
}

// endsWithVerb reports whether an indicator's name ends in the verb its figure
// completes (规上工业增加值增长 → 增长7.1%).
func endsWithVerb(name string) bool {
	for _, v := range []string{"增长", "提高", "下降", "降低", "增加", "减少", "提升"} {
		if strings.HasSuffix(name, v) {
			return true
		}
	}
	return false
}

// namesWithPoints names every unit with exactly these points (ties share a place).
func namesWithPoints(c *campaign.Campaign, s *score.Scores, points string) string {
	var names []string
	for _, u := range s.Units {
		if u.Rank > 0 && u.Points.StringFixed(2) == points {
			names = append(names, UnitName(c, u.Unit))
		}
	}
	return joinNames(names)
}

// joinNames joins names with 、; more than ten are cut to the first ten and a count.
func joinNames(names []string) string {
	if len(names) > 10 {
		return strings.Join(names[:10], "、") + "等" + strconv.Itoa(len(names)) + "个单位"
	}
	return strings.Join(names, "、")
}

// differenceWords says how far a rate or change is from its target in words, to one
// decimal: 高于目标0.5个百分点, 低于目标1.2个百分点, 与目标持平 (never "相差0.0").
func differenceWords(v decimal.Decimal) string {
	r := v.Round(1)
	switch {
	case r.IsZero():
		return "与目标持平"
	case r.IsPositive():
		return "高于目标" + r.StringFixed(1) + "个百分点"
	default:
		return "低于目标" + r.Neg().StringFixed(1) + "个百分点"
	}
}
