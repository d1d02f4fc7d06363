package score

import (
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
// It returns the rank of each entry by its index.
func competitionRanks(entries []ranked, lowerBetter bool) map[int]int {
	sorted := append([]ranked(nil), entries...)
	// Generic, not sort.SliceStable: its reflection-based swaps cost 5,000 units ×
	// 100 indicators a second; equal keys keep their order either way.
	slices.SortStableFunc(sorted, func(a, b ranked) int {
		if lowerBetter {
			return a.key.Cmp(b.key)
		}
		return b.key.Cmp(a.key)
	})
	out := make(map[int]int, len(sorted))
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
		case c.Actual.Answered:
		case basis == RankByCompletion && c.Best:
			best = append(best, i)
		case basis == RankByCompletion:
			if c.Completion.Defined && c.Completion.Kind != campaign.CompletionQualitative {
				entries = append(entries, ranked{i, c.Completion.Value})
			}
		case basis == RankByActual:
			if c.Actual.Reported {
				entries = append(entries, ranked{i, c.Actual.Value})
			}
		}
	}
	// Completion already turns lower-is-better around (target/actual); a raw actual
	// does not.
	for i, r := range rankAfterBest(entries, best, basis == RankByActual && lowerBetter) {
		cells[i].Rank = r
	}
}

// rankAfterBest ranks entries as competitionRanks does, after the entries in best
// (indexes of values better than any key), which share rank 1.
func rankAfterBest(entries []ranked, best []int, lowerBetter bool) map[int]int {
	ranks := competitionRanks(entries, lowerBetter)
	for i := range ranks {
		ranks[i] += len(best)
	}
	for _, i := range best {
		ranks[i] = 1
	}
	return ranks
}
