package web

import (
	"tenglong/campaign"
	"tenglong/results"
	"tenglong/store"
)

// ResultsLights gives the board each unit's 红黄绿灯 from the period's consolidation —
// the assembly consolidate uses (results.Consolidate) — for Config.Lights. A unit
// that reported nothing has none.
func ResultsLights(c *campaign.Campaign, db *store.Store) func(campaign.Period) (map[string][]Light, error) {
	return func(p campaign.Period) (map[string][]Light, error) {
		k, err := results.Consolidate(c, db, p)
		if err != nil || k == nil {
			return nil, err
		}
		out := map[string][]Light{}
		for _, ind := range k.Indicators {
			for _, cell := range ind.Units {
				if cell.Status() == campaign.StatusMissing {
					continue
				}
				out[cell.Unit] = append(out[cell.Unit], Light{Indicator: ind.Indicator.Name, Status: string(cell.Status())})
			}
		}
		return out, nil
	}
}
