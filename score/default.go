package score

import (
	"fmt"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// defaultItems is the default method of DESIGN.md §7 for campaigns without a scoring
// block: minmax on the completion of every indicator with numeric targets in the
// period, equal points summing to 100.
func defaultItems(k *Consolidation) []campaign.ScoringItem {
	var ids []*campaign.Indicator
	for _, r := range k.Indicators {
		if r.RankedBy == RankByCompletion {
			ids = append(ids, r.Indicator)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	share := hundred.DivRound(decimal.NewFromInt(int64(len(ids))), precision)
	items := make([]campaign.ScoringItem, len(ids))
	for i, in := range ids {
		items[i] = campaign.ScoringItem{
			ID: in.ID, Name: in.Name + "完成率", Group: in.Category, Points: share,
			Formula: campaign.FormulaMinMax,
			Metric:  campaign.Metric{Indicator: in.ID, Field: campaign.MetricCompletion},
			Note:    DefaultMethod + "：按完成率极差法计分，各项等分，满分100",
		}
	}
	return items
}

// scaleDefault brings a unit's default-method points to a 100-point scale when some
// indicators are not the unit's (no numeric target for it): what it did not have to
// do counts neither for nor against it.
func scaleDefault(u *UnitScore, items []campaign.ScoringItem) {
	applies := 0
	for _, is := range u.Items {
		if is.Applies {
			applies++
		}
	}
	switch {
	case applies == len(items):
		return
	case applies == 0:
		u.Points, u.Scaled, u.NothingApplies = decimal.Zero, "没有适用的指标，不计分、不排名", true
	default:
		raw := u.Points
		n, a := decimal.NewFromInt(int64(len(items))), decimal.NewFromInt(int64(applies))
		u.Points = raw.Mul(n).DivRound(a, precision)
		// raw is printed with the places it takes to give the printed result.
		places := reproducible(2, u.Points, func(r func(decimal.Decimal) decimal.Decimal) decimal.Decimal {
			return r(raw).Mul(n).DivRound(a, precision)
		})
		u.Scaled = fmt.Sprintf("适用%d/%d项指标，按适用项折算为百分制：%s×%d/%d = %s分",
			applies, len(items), raw.Round(places).StringFixed(places), len(items), applies, u.Points.StringFixed(2))
	}
}
