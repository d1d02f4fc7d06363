package main

import (
	"tenglong/campaign"
	"tenglong/report"
	"tenglong/store"
	"tenglong/upward"
)

// bulletinAnnexes reads, for `bulletin --annex`, the breakdown each named county sent
// behind its figures (its current accepted return's 明细 sheet, upward.ReadDrill).
func bulletinAnnexes(env *Env, workspace, period string, names []string) ([]report.Annex, error) {
	if len(names) == 0 {
		return nil, nil
	}
	var out []report.Annex
	err := withPeriodStoreReading(env, workspace, period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		for _, name := range names {
			u, err := findUnit(c, name)
			if err != nil {
				return err
			}
			d, err := upward.ReadDrill(c, db, u, p)
			if err != nil {
				return err
			}
			out = append(out, report.Annex{Unit: u.Name, Headers: d.Headers, Rows: d.Rows})
		}
		return nil
	})
	return out, err
}
