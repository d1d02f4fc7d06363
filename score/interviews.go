package score

import (
	"fmt"
	"strings"
	"time"

	"tenglong/campaign"
)

// Interviews applies the campaign's interview rules (DESIGN.md §7) to a period: its
// consolidation, its scores, and the scores of the periods before it, most recent
// first (for the consecutive-bottom rule). Units come in campaign order, each with
// every rule it met and the figures that triggered it.
func Interviews(k *Consolidation, s *Scores, earlier []*Scores) []Interview {
	c := k.Campaign
	if c.Interviews == nil {
		return nil
	}
	var out []Interview
	for _, u := range c.Units {
		var hits []Hit
		for _, rule := range c.Interviews.Rules {
			if figures, ok := applyRule(rule, u.Code, k, s, earlier); ok {
				hits = append(hits, Hit{Rule: rule.ID, Reason: rule.Reason, Figures: figures})
			}
		}
		if len(hits) > 0 {
			out = append(out, Interview{Unit: u.Code, Hits: hits})
		}
	}
	return out
}

// applyRule says whether a unit meets one rule and, if so, with which figures.
func applyRule(r campaign.InterviewRule, unit string, k *Consolidation, s *Scores, earlier []*Scores) (string, bool) {
	switch {
	case r.RankFromBottom > 0:
		if s.Scorable && !hasMissingRule(k.Campaign) {
			// A unit left out of the ranking because it sent no usable data is not
			// spared the summons the ranking would have given it; its reason says what
			// it failed to do. With a missing rule that rule names it already.
			if figures, ok := unranked(unit, k, s); ok {
				return figures, true
			}
		}
		return rankFromBottom(r.RankFromBottom, unit, s)
	case r.RedAtLeast > 0:
		return redAtLeast(r.RedAtLeast, unit, k)
	case r.BottomConsecutive > 0:
		return bottomConsecutive(r.BottomConsecutive, unit, s, earlier)
	case r.IndicatorRed != "":
		return indicatorRed(r.IndicatorRed, unit, k)
	case r.Missing:
		return missing(unit, k)
	case r.Late:
		return late(unit, k)
	}
	return "", false
}

// rankFromBottom ranks among the ranked units only; when nothing is scorable nobody
// is named by rank.
func rankFromBottom(n int, unit string, s *Scores) (string, bool) {
	u, ok := s.Unit(unit)
	if !ok || !s.Scorable || u.Rank == 0 {
		return "", false
	}
	pos := s.FromBottom(unit)
	if pos > n {
		return "", false
	}
	where := "末位"
	if pos > 1 {
		where = fmt.Sprintf("倒数第%d", pos)
	}
	return fmt.Sprintf("综合得分%s分，排名第%d/%d（%s）%s", u.Points.StringFixed(2), u.Rank, s.Ranked(), where, methodNote(s)), true
}

// unranked is the figure of a unit not ranked because it has no accepted data: it
// did not report by the deadline, or what it sent was sent back.
func unranked(unit string, k *Consolidation, s *Scores) (string, bool) {
	u, ok := s.Unit(unit)
	if !ok || u.Reported {
		return "", false
	}
	sub := k.Submission(unit)
	deadline := campaign.DateLabel(k.Period.Deadline(k.Campaign.Deadline))
	if sub.State == StateRejected {
		return fmt.Sprintf("%s报送的文件被退回（%d个错误），未在%s前报送可采用的%s数据，不参加排名",
			sub.ReceivedAt.Format("1月2日"), sub.Errors, deadline, k.Period.Label()), true
	}
	return fmt.Sprintf("未在%s前报送%s数据，不参加排名", deadline, k.Period.Label()), true
}

// methodNote marks figures computed by the default method.
func methodNote(s *Scores) string {
	if s.Default {
		return "，按" + DefaultMethod + "计分"
	}
	return ""
}

func redAtLeast(n int, unit string, k *Consolidation) (string, bool) {
	reds := k.Reds(unit)
	if len(reds) < n {
		return "", false
	}
	names := make([]string, len(reds))
	for i, r := range reds {
		names[i] = redFigure(r, unit)
	}
	return fmt.Sprintf("%d项指标红灯：%s", len(reds), strings.Join(names, "；")), true
}

// redFigure names a red indicator with its completion and time progress.
func redFigure(r *IndicatorResult, unit string) string {
	cell, _ := r.Cell(unit)
	in := r.Indicator
	text := in.Name
	if cell.Reported() && in.Kind != campaign.KindQualitative {
		text += fmt.Sprintf("完成%s%s", campaign.FormatDecimal(cell.Actual().Value, in.Decimals), in.Measure)
	}
	if cell.Target().IsNumber() {
		text += "/目标" + cell.Target().NumberText() + in.Measure
	}
	if cell.Completion().Defined {
		text += "，完成率" + completionText(cell.Completion(), 2)
	}
	if in.Kind == campaign.KindFlow && cell.TimeProgress().IsPositive() {
		text += "，序时进度" + cell.TimeProgress().Shift(2).StringFixed(1) + "%"
	}
	return text
}

func bottomConsecutive(n int, unit string, s *Scores, earlier []*Scores) (string, bool) {
	if len(earlier) < n-1 {
		return "", false
	}
	chain := append([]*Scores{s}, earlier[:n-1]...)
	var periods []string
	for i := len(chain) - 1; i >= 0; i-- {
		sc := chain[i]
		if _, ok := sc.Unit(unit); !ok || !sc.Scorable || sc.FromBottom(unit) != 1 {
			return "", false
		}
		periods = append(periods, sc.Period.Label())
	}
	return fmt.Sprintf("%s连续%d期综合得分排名末位", strings.Join(periods, "、"), n), true
}

func indicatorRed(id, unit string, k *Consolidation) (string, bool) {
	r, ok := k.Indicator(id)
	if !ok {
		return "", false
	}
	cell, ok := r.Cell(unit)
	if !ok || cell.Status() != campaign.StatusRed {
		return "", false
	}
	return redFigure(r, unit) + "，红灯", true
}

func missing(unit string, k *Consolidation) (string, bool) {
	sub := k.Submission(unit)
	deadline := k.Period.Deadline(k.Campaign.Deadline).Format("2006年1月2日")
	switch sub.State {
	case StateMissing:
		return fmt.Sprintf("截至目前未报送%s数据（截止%s）", k.Period.Label(), deadline), true
	case StateRejected:
		return fmt.Sprintf("%s报送的文件被退回（%d个错误），至今没有可采用的数据（截止%s）",
			sub.ReceivedAt.Format("1月2日"), sub.Errors, deadline), true
	}
	return "", false
}

func late(unit string, k *Consolidation) (string, bool) {
	sub := k.Submission(unit)
	if sub.State == StateMissing || !sub.Late {
		return "", false
	}
	deadline := k.Period.Deadline(k.Campaign.Deadline)
	r := sub.ReceivedAt // in the office's time zone, as the caller gives it
	day := time.Date(r.Year(), r.Month(), r.Day(), 0, 0, 0, 0, time.UTC)
	days := int(day.Sub(deadline).Hours() / 24)
	return fmt.Sprintf("%s报送，截止%s，迟报%d天", sub.ReceivedAt.Format("2006年1月2日"), deadline.Format("2006年1月2日"), days), true
}

// hasMissingRule says whether the campaign summons units that sent no usable data by
// a rule of its own.
func hasMissingRule(c *campaign.Campaign) bool {
	for _, r := range c.Interviews.Rules {
		if r.Missing {
			return true
		}
	}
	return false
}
