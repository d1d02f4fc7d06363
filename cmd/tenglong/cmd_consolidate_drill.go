package main

import (
	"fmt"

	"tenglong/campaign"
	"tenglong/store"
	"tenglong/upward"
)

// drillRun shows the breakdown a county sent behind its figures (多级上报): the 明细
// sheet of its current accepted return (upward.ReadDrill), marked as the county's own
// figures.
func drillRun(env *Env, opts *consolidateOptions) error {
	return withPeriodStoreReading(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		u, err := findUnit(c, opts.Drill)
		if err != nil {
			return err
		}
		d, err := upward.ReadDrill(c, db, u, p)
		if err != nil {
			return err
		}
		if opts.JSON {
			return writeJSON(env.Stdout, d)
		}
		w := env.Stdout
		fmt.Fprintf(w, "%s %s 报送附来的下级单位明细（%s自己的数字，仅供参考；汇总采用的是它报送的合计数）\n", u.Name, p.Label(), u.Name)
		if d.Note != "" {
			fmt.Fprintln(w, d.Note)
		}
		t := newTable(d.Headers...)
		for _, r := range d.Rows {
			row := make([]string, len(d.Headers))
			copy(row, r)
			t.add(row...)
		}
		t.write(w)
		return nil
	})
}
