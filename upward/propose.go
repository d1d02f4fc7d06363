package upward

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
)

// Proposal is a split of the county's summed targets to its units in proportion to a
// column the office provides (上年实绩): a campaign.yaml fragment to edit and copy in,
// never applied by tenglong itself.
type Proposal struct {
	YAML       string
	Indicators int // indicators split
}

// Propose splits every `total: sum` indicator's numeric total target in proportion to
// the weight column of rows (a header row, then one row per unit: a unit code or name
// and its weight). Each share is rounded half-up to the indicator's decimals and the
// rounding remainder goes to the unit with the largest weight, so that the shares add
// up to the total exactly (check's total-mismatch stays quiet). Every unit must have
// exactly one positive-or-zero weight; problems name the row.
func Propose(c *campaign.Campaign, rows [][]string, column, source string) (*Proposal, error) {
	if c.Total == nil {
		return nil, fmt.Errorf("campaign.yaml 没有合计行 total，没有可分解的目标")
	}
	want := strings.TrimPrefix(strings.TrimSpace(column), "按")
	header, col, unitCol := -1, -1, 0
	for i, r := range rows {
		for j, cell := range r {
			if h := strings.TrimSpace(cell); h == want || h == column {
				header, col = i, j
			}
		}
		if header >= 0 {
			for j, cell := range r {
				if h := strings.TrimSpace(cell); j != col && (h == "单位" || h == "单位名称" || h == "单位代码" || h == "乡镇街道") {
					unitCol = j
				}
			}
			break
		}
	}
	if header < 0 {
		return nil, fmt.Errorf("%s 里没有标题为“%s”的列：第一行应是标题，如“单位  %s”", source, want, want)
	}
	weights := map[string]decimal.Decimal{}
	var probs []string
	for i := header + 1; i < len(rows); i++ {
		r := rows[i]
		get := func(j int) string {
			if j < len(r) {
				return strings.TrimSpace(r[j])
			}
			return ""
		}
		name, text := get(unitCol), strings.ReplaceAll(get(col), ",", "")
		if name == "" && text == "" {
			continue
		}
		u, ok := unitByCodeOrName(c, name)
		if !ok {
			probs = append(probs, fmt.Sprintf("第 %d 行的单位“%s”不在 campaign.yaml 的 units 里", i+1, name))
			continue
		}
		w, err := decimal.NewFromString(text)
		if err != nil || w.IsNegative() {
			probs = append(probs, fmt.Sprintf("第 %d 行（%s）的“%s”是“%s”，不是非负的数字", i+1, u.Name, want, get(col)))
			continue
		}
		if _, dup := weights[u.Code]; dup {
			probs = append(probs, fmt.Sprintf("第 %d 行：%s写了两次", i+1, u.Name))
		}
		weights[u.Code] = w
	}
	var missing []string
	sum := decimal.Zero
	for _, u := range c.Units {
		w, ok := weights[u.Code]
		if !ok {
			missing = append(missing, u.Name)
		}
		sum = sum.Add(w)
	}
	if len(missing) > 0 {
		probs = append(probs, "这些单位没有“"+want+"”："+strings.Join(missing, "、"))
	}
	if len(probs) == 0 && sum.IsZero() {
		probs = append(probs, "各单位的“"+want+"”合计为 0，无法按比例分解")
	}
	if len(probs) > 0 {
		return nil, &Refusal{probs}
	}
	largest := c.Units[0].Code
	for _, u := range c.Units {
		if weights[u.Code].GreaterThan(weights[largest]) {
			largest = u.Code
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# 分解建议：合计方式为 sum 的指标，%s的目标按各单位“%s”（%s）的比例分解，\n", c.Total.Name, want, source)
	fmt.Fprintf(&b, "# 按指标的小数位四舍五入，尾差记在“%s”最大的%s。tenglong 没有改动 campaign.yaml：\n", want, unitName(c, largest))
	b.WriteString("# 请核对、调整后，把各单位的数字抄进 campaign.yaml 对应指标的 targets，再运行 tenglong check。\n")
	b.WriteString("indicators:\n")
	n := 0
	for i := range c.Indicators {
		in := &c.Indicators[i]
		t, ok := in.Targets[c.Total.Code]
		if in.Total != campaign.TotalSum || !ok || t.Form != campaign.TargetNumber {
			continue
		}
		shares := shareOut(t.Value, c.Units, weights, sum, largest, in.Decimals)
		parts := []string{c.Total.Code + ": " + t.Value.String()}
		for _, u := range c.Units {
			parts = append(parts, u.Code+": "+shares[u.Code].String())
		}
		fmt.Fprintf(&b, "  - id: %s   # %s，%s目标 %s%s\n", in.ID, in.Name, c.Total.Name, t.Value.String(), in.Measure)
		fmt.Fprintf(&b, "    targets: {%s}\n", strings.Join(parts, ", "))
		n++
	}
	if n == 0 {
		return nil, &Refusal{[]string{"没有合计方式为 sum、合计目标是数字的指标，没有可按比例分解的目标"}}
	}
	return &Proposal{YAML: b.String(), Indicators: n}, nil
}

func unitByCodeOrName(c *campaign.Campaign, s string) (campaign.Unit, bool) {
	for _, u := range c.Units {
		if u.Code == s || u.Name == s {
			return u, true
		}
	}
	return campaign.Unit{}, false
}

func unitName(c *campaign.Campaign, code string) string {
	u, _ := c.Unit(code)
	return u.Name
}
