package score

import (
	"fmt"
	"sort"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// Score turns a consolidation into points and ranks (赛马) by the campaign's scoring
// block, or by the default method when it has none. yearAgo, when not nil, is the
// consolidation of the same period a year earlier: the `growth` metrics need it.
func Score(k *Consolidation, yearAgo *Consolidation) *Scores {
	c := k.Campaign
	s := &Scores{Period: k.Period}
	if c.Scoring != nil && len(c.Scoring.Items) > 0 {
		s.Method = c.Scoring.Name
		if s.Method == "" {
			s.Method = "考核评价办法"
		}
		s.Items = c.Scoring.Items
	} else {
		s.Method, s.Default = DefaultMethod, true
		s.Items = defaultItems(k)
	}
	m := metrics{k: k, yearAgo: yearAgo, rescaled: s.Default}
	for _, u := range c.Units {
		sub := k.Submission(u.Code)
		s.Units = append(s.Units, UnitScore{Unit: u.Code, Points: decimal.Zero,
			Reported: sub.State == StateAccepted, State: sub.State, Late: sub.Late && sub.State == StateAccepted})
	}
	if len(s.Items) > 0 {
		// Each unit's items in one allocation: appended one by one, 100 items grew
		// each unit's slice seven times (43 MB at 5,000 units instead of 28).
		for i := range s.Units {
			s.Units[i].Items = make([]ItemScore, 0, len(s.Items))
		}
	}
	for _, it := range s.Items {
		scores := scoreItem(&m, it, c.Units, k.Entries)
		for i := range s.Units {
			s.Units[i].Items = append(s.Units[i].Items, scores[i])
		}
	}
	for i := range s.Units {
		u := &s.Units[i]
		for _, is := range u.Items {
			u.Points = u.Points.Add(is.Points)
		}
		if s.Default {
			scaleDefault(u, s.Items)
		}
		if !u.Reported {
			withoutData(u, k.Submission(u.Unit), k)
		}
	}
	s.Scorable = scorable(s)
	if !s.Scorable {
		s.NotScorable = notScorableNote(s)
	}
	rankUnits(s.Units, s.Scorable)
	s.index()
	return s
}

// withoutData takes every point from a unit without accepted data (nothing sent, or
// every file sent back and not corrected): it has no figures to be scored on, so
// neither the formulas' 0 nor the office's entered points count, and each item's
// reason says why in the same words as the unit's state.
func withoutData(u *UnitScore, sub Submission, k *Consolidation) {
	why := NoDataReason(k, sub)
	for i := range u.Items {
		is := &u.Items[i]
		if is.Points.IsPositive() {
			is.SetReason(fmt.Sprintf("办公室录入的%s分不计：%s", is.Points.StringFixed(2), why))
		} else {
			is.SetReason(why)
		}
		is.Points = decimal.Zero
	}
	u.Points, u.Scaled = decimal.Zero, ""
}

// scorable says whether the period has anything to rank on: an item that applies to
// two units or more (one that only one unit carries compares it with nobody: minmax
// gives it full points whatever it did), and one reporting unit it applies to. A
// campaign whose units carry no numeric targets (only the total row does) gives every
// unit 0.00 by the default method, and one whose every indicator belongs to one
// department gives every reporting department 100; ranking either would put all
// units first and summon all of them.
func scorable(s *Scores) bool {
	for i := range s.Items {
		applies, reporting := 0, false
		for _, u := range s.Units {
			if u.Items[i].Applies {
				applies++
				reporting = reporting || u.Reported
			}
		}
		if applies >= 2 && reporting {
			return true
		}
	}
	return false
}

// comparable says whether some item applies to two units or more.
func comparable(s *Scores) bool {
	for i := range s.Items {
		applies := 0
		for _, u := range s.Units {
			if u.Items[i].Applies {
				applies++
			}
		}
		if applies >= 2 {
			return true
		}
	}
	return false
}

// notScorableNote says in Chinese why nobody is ranked.
func notScorableNote(s *Scores) string {
	switch {
	case len(s.Items) == 0 && s.Default:
		return "本期各单位都没有数值目标，没有可计分的指标：不计分、不排名（约谈规则中按得分、名次的不适用）"
	case len(s.Items) == 0:
		return "考核评价办法没有计分项：不计分、不排名（约谈规则中按得分、名次的不适用）"
	case !comparable(s):
		return "各项指标都只有一个单位承担，单位之间无从比较：不计分、不排名（约谈规则中按得分、名次的不适用）"
	default:
		return "本期没有已采用数据的单位可以计分：不计分、不排名（约谈规则中按得分、名次的不适用）"
	}
}

// scoreItem scores one item for every unit, in campaign order.
func scoreItem(m *metrics, it campaign.ScoringItem, units []campaign.Unit, entries []Entry) []ItemScore {
	switch it.Formula {
	case campaign.FormulaParts:
		return partsScores(m, it, units)
	case campaign.FormulaRankStep:
		return rankStepScores(m, it, units)
	case campaign.FormulaBonus, campaign.FormulaManual:
		return enteredScores(it, units, entries)
	default:
		return minmaxScores(m, it, units)
	}
}

// rankUnits ranks the reporting units by total points, best first; ties share the
// better rank. A unit without accepted data is not ranked (rank 0): its 0 points say
// nothing about its work, and naming it 末位 would hide that it did not report. Nor
// is a unit no item applies to (NothingApplies): it had nothing to do. When
// nothing is scorable nobody is ranked. Ranked units come first by rank, then the
// unranked, each in campaign order.
func rankUnits(units []UnitScore, scorable bool) {
	var entries []ranked
	for i, u := range units {
		if scorable && u.Reported && !u.NothingApplies {
			entries = append(entries, ranked{i, u.Points})
		}
	}
	for i, r := range competitionRanks(entries, false, len(units)) {
		if r > 0 {
			units[i].Rank = r
		}
	}
	sort.SliceStable(units, func(i, j int) bool {
		ri, rj := units[i].Rank, units[j].Rank
		if ri == 0 || rj == 0 {
			return ri != 0 && rj == 0
		}
		return ri < rj
	})
}
