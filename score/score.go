package score

import (
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
	m := metrics{k: k, yearAgo: yearAgo}
	for _, u := range c.Units {
		s.Units = append(s.Units, UnitScore{Unit: u.Code, Points: decimal.Zero})
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
	}
	rankUnits(s.Units)
	return s
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

// rankUnits ranks by total points, best first; ties share the better rank. Units are
// then sorted by rank, ties keeping campaign order.
func rankUnits(units []UnitScore) {
	entries := make([]ranked, len(units))
	for i, u := range units {
		entries[i] = ranked{i, u.Points}
	}
	for i, r := range competitionRanks(entries, false) {
		units[i].Rank = r
	}
	sort.SliceStable(units, func(i, j int) bool { return units[i].Rank < units[j].Rank })
}
