package upward

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// shareOut splits total among units in proportion to weights: each share rounded
// half-up to decimals, the rounding remainder on the unit largest names, so that the
// shares add up to total exactly.
func shareOut(total decimal.Decimal, units []campaign.Unit, weights map[string]decimal.Decimal, sum decimal.Decimal, largest string, decimals int32) map[string]decimal.Decimal {
	shares := map[string]decimal.Decimal{}
	given := decimal.Zero
	for _, u := range units {
		s := total.Mul(weights[u.Code]).Div(sum).Round(decimals)
		shares[u.Code] = s
		given = given.Add(s)
	}
	shares[largest] = shares[largest].Add(total.Sub(given))
	return shares
}

// WithSplit writes the county's targets split among its units into a campaign.yaml
// CountyCampaign made (and WithUnits gave units): a summed indicator's target in
// proportion to weights (adding up to the city's target exactly), a given or weighted
// one the county's target for every unit (the county's figure lies between its
// units'), words left as they are. The demo's split; an office splits its own (or asks
// breakdown --propose).
func WithSplit(yaml []byte, c *campaign.Campaign, weights map[string]decimal.Decimal) ([]byte, error) {
	if c.Total == nil || len(c.Units) == 0 {
		return nil, fmt.Errorf("campaign.yaml 没有合计行或没有单位，无从分解目标")
	}
	sum, largest := decimal.Zero, c.Units[0].Code
	for _, u := range c.Units {
		w, ok := weights[u.Code]
		if !ok || w.IsNegative() {
			return nil, fmt.Errorf("单位“%s”没有分解的权数", u.Name)
		}
		sum = sum.Add(w)
		if w.GreaterThan(weights[largest]) {
			largest = u.Code
		}
	}
	if !sum.IsPositive() {
		return nil, fmt.Errorf("各单位的权数合计为 0，无法按比例分解")
	}
	prefix := "    targets: {" + c.Total.Code + ": "
	lines := strings.Split(string(yaml), "\n")
	var in *campaign.Indicator
	for i, line := range lines {
		if id, ok := strings.CutPrefix(line, "  - id: "); ok {
			in, _ = c.Indicator(strings.TrimSpace(id))
			continue
		}
		if in == nil || !strings.HasPrefix(line, prefix) || in.Kind == campaign.KindQualitative {
			continue
		}
		t, ok := in.Targets[c.Total.Code]
		if !ok || t.Form != campaign.TargetNumber || len(in.Targets) > 1 {
			continue // words, or already split
		}
		parts := []string{c.Total.Code + ": " + t.Value.String()}
		shares := shareOut(t.Value, c.Units, weights, sum, largest, in.Decimals)
		for _, u := range c.Units {
			s := t.Value
			if in.Total == campaign.TotalSum {
				s = shares[u.Code]
			}
			parts = append(parts, u.Code+": "+s.String())
		}
		how := "按各单位权数分解，尾差记在" + unitName(c, largest)
		if in.Total != campaign.TotalSum {
			how = "本级数不是各单位相加，各单位都按本级目标"
		}
		lines[i] = "    targets: {" + strings.Join(parts, ", ") + "}   # 上级下达给" + c.Total.Name + "的目标，" + how
	}
	return []byte(strings.Join(lines, "\n")), nil
}
