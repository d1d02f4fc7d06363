package score

import "tenglong/campaign"

// ToEnter is what the office still has to enter for a period before its results are
// whole (待录入): the totals it gives itself (total: given, 待办公室录入) and the
// bonus and manual scoring items no unit has an entry for yet.
type ToEnter struct {
	Totals []*campaign.Indicator
	Items  []campaign.ScoringItem
}

// Empty reports whether nothing is left to enter.
func (e ToEnter) Empty() bool { return len(e.Totals) == 0 && len(e.Items) == 0 }

// StillToEnter lists what a consolidation still waits for from the office.
func StillToEnter(k *Consolidation) ToEnter {
	var e ToEnter
	for _, r := range k.Indicators {
		if r.HasTotal && r.TotalBasis == awaitingOffice {
			e.Totals = append(e.Totals, r.Indicator)
		}
	}
	if k.Campaign == nil || k.Campaign.Scoring == nil {
		return e
	}
	entered := map[string]bool{}
	for _, en := range k.Entries {
		entered[en.Item] = true
	}
	for _, it := range k.Campaign.Scoring.Items {
		if (it.Formula == campaign.FormulaBonus || it.Formula == campaign.FormulaManual) && !entered[it.ID] {
			e.Items = append(e.Items, it)
		}
	}
	return e
}

// awaitingOffice is the TotalBasis total.go gives a given total nobody entered yet.
const awaitingOffice = "待办公室录入"
