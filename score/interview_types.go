package score

// Interview is one unit on the interview list (约谈名单), with every rule it met.
type Interview struct {
	Unit string
	Hits []Hit
}

// Hit is one interview rule a unit met, with the figures that triggered it.
type Hit struct {
	Rule    string // the rule's id
	Reason  string // the rule's reason as the campaign writes it (综合得分排名末位)
	Figures string // what triggered it, in Chinese with the numbers (第4名/共4个单位，61.20分)
}
