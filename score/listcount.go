package score

import "tenglong/campaign"

// ListCounter counts the campaign's lists as their rows are read, in any unit order
// (each unit's rows together), without keeping the rows: what a caller that shows no
// row needs (results.AssembleCounts) — each list's RowCount and Duplicates, and what
// SharedOf answers — the same as merging the rows would give. Add every row; then,
// when Shared says some value is shared, give every row again to Recount, which
// counts the rows that hold one; then Lists.
type ListCounter struct {
	lists   []MergedList
	at      map[string]int // list id -> index in lists
	sharing []*sharing
	order   map[string]int
}

// NewListCounter is a counter for c's lists, with no row yet.
func NewListCounter(c *campaign.Campaign) *ListCounter {
	lc := &ListCounter{at: map[string]int{}, order: unitOrder(c)}
	for i := range c.Lists {
		l := &c.Lists[i]
		lc.at[l.ID] = len(lc.lists)
		lc.lists = append(lc.lists, MergedList{List: l})
		lc.sharing = append(lc.sharing, newSharing(l, 0))
	}
	return lc
}

// Add counts a row of list (rows of a list the campaign does not have count for
// nothing, as in a merge).
func (lc *ListCounter) Add(unit, list string, v RowValues) {
	i, ok := lc.at[list]
	if !ok {
		return
	}
	lc.lists[i].RowCount++
	lc.sharing[i].add(unit, v)
}

// Shared ends the first reading: each list keeps the values more than one unit
// reported, the rest is let go. It reports whether any value is shared, when the
// rows must be read again (Recount) to count the rows holding one.
func (lc *ListCounter) Shared() bool {
	any := false
	for i := range lc.lists {
		lc.lists[i].shared = lc.sharing[i].shared(lc.order)
		any = any || lc.lists[i].shared != nil
	}
	lc.sharing = nil
	return any
}

// Recount counts a row of list as a duplicate when it holds a value another unit
// also reported (MergedList.Duplicates).
func (lc *ListCounter) Recount(unit, list string, v RowValues) {
	if i, ok := lc.at[list]; ok && lc.lists[i].sharesAny(v) {
		lc.lists[i].Duplicates++
	}
}

// Lists are the counted lists, in the campaign's order, without rows.
func (lc *ListCounter) Lists() []MergedList { return lc.lists }

// sharesAny reports whether a row with values v holds a value of a unique column
// that more than one unit reported (SharedOf is not empty).
func (ml *MergedList) sharesAny(v RowValues) bool {
	for col, values := range ml.shared {
		if len(values[v.Get(col)]) >= 2 {
			return true
		}
	}
	return false
}
