package results

import (
	"tenglong/campaign"
	"tenglong/score"
	"tenglong/store"
)

// StoredListRows reads period p's merged list rows again from the store, one unit
// at a time in merge order (score.MergeOrder), for a consolidation assembled without
// them (AssembleCounts): each row as Assemble's merge has it, its Shared from what
// that merge found (score.MergedList.SharedOf). The 汇总表's list sheets read their
// rows through it (workbook.WriteSummaryFrom), so that consolidate -o never holds
// every row of a period while it scores and writes.
func StoredListRows(c *campaign.Campaign, db *store.Store, p campaign.Period) func(*score.MergedList, func(score.MergedRow) error) error {
	return func(ml *score.MergedList, row func(score.MergedRow) error) error {
		if !p.Within(c.Span) {
			return nil // Assemble reads nothing of a period outside the campaign
		}
		var pack score.RowPacker
		sortUnits := func(units []string) { score.MergeOrder(c, units) }
		return db.EachCurrentRowsIn(c.ID, p.String(), sortUnits, func(rows []store.CurrentRow) error {
			for i, values := range packRows(&pack, rows) {
				r := rows[i]
				if r.List != ml.List.ID {
					continue
				}
				if err := row(score.MergedRow{Unit: r.Unit, Index: r.Index, Values: values,
					Shared: ml.SharedOf(r.Unit, values)}); err != nil {
					return err
				}
			}
			return nil
		})
	}
}

// packRows packs a unit's rows, as the store hands them, into one string their
// RowValues share (score.RowPacker).
func packRows(pack *score.RowPacker, rows []store.CurrentRow) []score.RowValues {
	for _, r := range rows {
		for col, cell := range r.Values {
			pack.Put(col, cell.Value)
		}
		pack.EndRow()
	}
	return pack.Rows()
}
