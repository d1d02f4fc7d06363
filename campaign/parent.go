package campaign

import (
	"sort"

	"gopkg.in/yaml.v3"
)

// Parent is the `parent:` block of a county's campaign made from its city's template
// (多级上报, `tenglong init --from-template`): whose campaign the county reports to,
// as which unit, and which of the county's indicators fills which of the city's.
// The county's consolidated totals become its return to the city (`tenglong upward`).
type Parent struct {
	Campaign string  // the city's campaign id, as its template's metadata says
	Unit     string  // the county's unit code in the city's campaign
	UnitName string  // the county's name there (德清县)
	Contact  Contact // where `send --upward` mails the return (the city's office)
	// Indicators maps the county's indicator id to the city's indicator id. Indicators
	// of the county not named here are its own and never go upward.
	Indicators     map[string]string
	IndicatorLines map[string]int `json:"-"` // YAML line of each mapping entry
	Line           int            `json:"-"`
}

// ParentIndicator is the city's indicator id the county's indicator fills, if any.
func (p *Parent) ParentIndicator(id string) (string, bool) {
	if p == nil {
		return "", false
	}
	v, ok := p.Indicators[id]
	return v, ok
}

// CountyIndicator is the county's indicator that fills the city's indicator cityID.
func (p *Parent) CountyIndicator(cityID string) (string, bool) {
	if p == nil {
		return "", false
	}
	for _, id := range p.sortedIDs() {
		if p.Indicators[id] == cityID {
			return id, true
		}
	}
	return "", false
}

func (p *Parent) sortedIDs() []string {
	ids := make([]string, 0, len(p.Indicators))
	for id := range p.Indicators {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

func (d *decoder) parent(n *yaml.Node) *Parent {
	p := &Parent{Line: resolve(n).Line}
	d.object(n, "上级行动 parent", map[string]field{
		"campaign": func(v *yaml.Node) { p.Campaign = d.str(v, "上级行动代码 campaign") },
		"unit":     func(v *yaml.Node) { p.Unit = d.str(v, "本级在上级的单位代码 unit") },
		"name":     func(v *yaml.Node) { p.UnitName = d.str(v, "本级在上级的单位名称 name") },
		"contact":  func(v *yaml.Node) { p.Contact = d.contact(v, "上级联系人 contact") },
		"indicators": func(v *yaml.Node) {
			p.Indicators = d.stringMap(v, "指标对应 indicators")
			p.IndicatorLines = map[string]int{}
			if v = resolve(v); v.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(v.Content); i += 2 {
					p.IndicatorLines[resolve(v.Content[i]).Value] = resolve(v.Content[i]).Line
				}
			}
		},
	}, "campaign", "unit", "indicators")
	return p
}

// parent checks the `parent:` block: every mapped indicator is the county's, and no
// city indicator is filled twice. Whether the units' targets add up to the city's
// target for the county is targetSet's total-mismatch warning (the county's total
// target is the city's target for it).
func (k *checker) parent() {
	p := k.c.Parent
	if p == nil {
		return
	}
	filled := map[string]string{}
	for _, id := range p.sortedIDs() {
		city := p.Indicators[id]
		if k.indicators[id] == nil {
			k.probs.errorf(p.IndicatorLines[id], "parent-indicator", "上级行动 parent 的指标对应里有“%s”，但 indicators 里没有这个指标代码：请改正，或删去这一行（删去后这项指标不再向上报送）", id)
		}
		if other, dup := filled[city]; dup {
			k.probs.errorf(p.IndicatorLines[id], "parent-indicator", "上级行动 parent 的指标对应里“%s”和“%s”都对应上级指标“%s”，一项上级指标只能由一项本级指标填报", other, id, city)
		}
		filled[city] = id
	}
	k.parentBases()
	if k.c.Total == nil {
		k.probs.errorf(p.Line, "parent-total", "有上级行动 parent 的行动要有合计行 total（本级合计就是报给上级的数）：请加上 total: {code: …, name: %s}", p.UnitName)
	}
}
