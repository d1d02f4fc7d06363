package score

import (
	"cmp"
	"slices"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// ranked is one entry to rank: its index in the caller's slice and its key.
type ranked struct {
	index int
	key   decimal.Decimal
}

// competitionRanks ranks entries, best first: higher keys are better unless
// lowerBetter. Ties share the better rank and the next rank skips (1, 2, 2, 4).
// It returns the rank of each entry by its index, in a slice of n (the caller's
// length, every index below it): 0 for an index not among the entries.
func competitionRanks(entries []ranked, lowerBetter bool, n int) []int {
	sorted := append([]ranked(nil), entries...)
	// Generic, not sort.SliceStable (its reflection-based swaps cost 5,000 units ×
	// 100 indicators a second), and unstable with the index breaking ties: entries
	// come in index order, so equal keys keep their order as a stable sort keeps
	// them, in O(n log n) comparisons rather than a stable sort's O(n log² n).
	slices.SortFunc(sorted, func(a, b ranked) int {
		c := b.key.Cmp(a.key)
		if lowerBetter {
			c = -c
		}
		if c == 0 {
			return cmp.Compare(a.index, b.index)
		}
		return c
	})
	out := make([]int, n)
	for i, e := range sorted {
		rank := i + 1
		if i > 0 && e.key.Equal(sorted[i-1].key) {
			rank = out[sorted[i-1].index]
		}
		out[e.index] = rank
	}
	return out
}

// rankCells ranks an indicator's unit cells on the basis; cells without a value to
// rank on stay unranked (rank 0). A 完成/未完成 answer is never ranked, whether the
// indicator is qualitative or only its target is worded (高于GDP增速1个百分点): an
// answer has no order beyond done or not. A lower-is-better 0 (Best) ranks first.
func rankCells(cells []Cell, basis RankBasis, lowerBetter bool) {
	var entries []ranked
	var best []int
	for i, c := range cells {
		switch {
		case c.Actual().Answered:
		case basis == RankByCompletion && c.Best():
			best = append(best, i)
		case basis == RankByCompletion:
			if c.Completion().Defined && c.Completion().Kind != campaign.CompletionQualitative {
				entries = append(entries, ranked{i, c.Completion().Value})
			}
		case basis == RankByActual:
			if c.Reported() {
				entries = append(entries, ranked{i, c.Actual().Value})
			}
		}
	}
	// Completion already turns lower-is-better around (target/actual); a raw actual
	// does not.
	for i, r := range rankAfterBest(entries, best, basis == RankByActual && lowerBetter, len(cells)) {
		if r > 0 {
			cells[i].Rank = r
		}
	}
}

// rankAfterBest ranks entries as competitionRanks does, after the entries in best
// (indexes of values better than any key), which share rank 1.
func rankAfterBest(entries []ranked, best []int, lowerBetter bool, n int) []int {
	ranks := competitionRanks(entries, lowerBetter, n)
	for i, r := range ranks {
		if r > 0 {
			ranks[i] += len(best)
		}
	}
	for _, i := range best {
		ranks[i] = 1
	}
	return ranks
}
