package score

import "tenglong/campaign"

// compare fills each cell's change against the same unit's cell in an earlier
// consolidation. Units or indicators the earlier period lacks get no change.
func compare(k, previous *Consolidation) {
	p := previous.Period
	k.Compared = &p
	for i := range k.Indicators {
		r := &k.Indicators[i]
		before, ok := previous.Indicator(r.Indicator.ID)
		if !ok {
			continue
		}
		for j := range r.Units {
			if old, ok := before.Cell(r.Units[j].Unit); ok {
				r.Units[j].setChange(changeOf(&r.Units[j], old))
			}
		}
		if r.HasTotal && before.HasTotal {
			r.Total.setChange(changeOf(&r.Total, &before.Total))
		}
	}
}

func changeOf(now, before *Cell) *Change {
	ch := &Change{}
	if now.Reported() && before.Reported() {
		ch.Actual, ch.HasActual = now.Actual().Value.Sub(before.Actual().Value), true
	}
	if now.Completion().Defined && before.Completion().Defined && now.Completion().Kind == before.Completion().Kind &&
		now.Completion().Kind != campaign.CompletionQualitative {
		ch.Completion, ch.HasCompletion = now.Completion().Value.Sub(before.Completion().Value), true
	}
	if now.Ranked() && before.Ranked() {
		ch.Rank, ch.HasRank = before.Rank-now.Rank, true
	}
	if !ch.HasActual && !ch.HasCompletion && !ch.HasRank {
		return nil
	}
	return ch
}
