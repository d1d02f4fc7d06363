package score

import "tenglong/campaign"

// UnrankedRule states, for the interview list, how a ranking rule (rank-from-bottom)
// treats units without usable data — one rule, whether some units reported or none
// did: they are listed when there is a ranking (they are not spared the summons it
// would have given them), and nobody is listed by rank when there is none. Empty when
// the campaign has no ranking rule or summons such units by a missing rule of its own.
func UnrankedRule(c *campaign.Campaign, s *Scores) string {
	if c.Interviews == nil || hasMissingRule(c) {
		return ""
	}
	for _, r := range c.Interviews.Rules {
		if r.RankFromBottom == 0 {
			continue
		}
		if s.Scorable {
			return "未报送或被退回、没有可采用数据的单位不参加排名，按名次的约谈规则把它们列入。"
		}
		return "本期没有排名，按名次的约谈规则不列入任何单位，没有可采用数据的单位也不列入（有排名时才列入）。"
	}
	return ""
}
