package entries

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
)

// InputError is an entry that cannot be taken as given: what is wrong and what to
// write instead.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func inputErrorf(format string, args ...any) error {
	return &InputError{Msg: fmt.Sprintf(format, args...)}
}

// Labels are how the messages name the fields.
type Labels struct{ Unit, Item, Points, Indicator, Value, Reason string }

// CLI names the fields by the commands' flags.
var CLI = Labels{Unit: "--unit", Item: "--item", Points: "--points", Indicator: "--indicator", Value: "--value", Reason: "--reason"}

// Points is one points entry as typed.
type Points struct {
	Unit, Item, Points, Reason string
	By                         string // who enters it
}

// PointsEntered is a recorded points entry with what it was recorded for; Capped,
// when set, is the item's cap, below the points entered.
type PointsEntered struct {
	Entry  store.PointsEntry
	Unit   campaign.Unit
	Item   *campaign.ScoringItem
	Capped *decimal.Decimal
}

// SetPoints checks a points entry for period p and records it.
func SetPoints(c *campaign.Campaign, db *store.Store, p campaign.Period, in Points, l Labels) (*PointsEntered, error) {
	unit, err := FindUnit(c, in.Unit, l.Unit)
	if err != nil {
		return nil, err
	}
	item, err := FindEnteredItem(c, in.Item, l.Item)
	if err != nil {
		return nil, err
	}
	pts, err := decimal.NewFromString(strings.TrimSpace(in.Points))
	if err != nil {
		return nil, inputErrorf("%s “%s” 不是数字：请写 3 或 2.5 这样的分数", l.Points, in.Points)
	}
	if strings.TrimSpace(in.Reason) == "" {
		return nil, inputErrorf("请用 %s 写明打分理由，例如 %s \"处置风险企业2家\"", l.Reason, l.Reason)
	}
	e, err := db.SetPoints(store.PointsEntry{Campaign: c.ID, Period: p.String(), Unit: unit.Code, Item: item.ID,
		Points: pts.String(), Reason: strings.TrimSpace(in.Reason), By: strings.TrimSpace(in.By)})
	if err != nil {
		return nil, err
	}
	out := &PointsEntered{Entry: e, Unit: unit, Item: item}
	if limit := EntryLimit(item); limit != nil && pts.GreaterThan(*limit) {
		out.Capped = limit
	}
	return out, nil
}

// EntryLimit is the cap of an entered item: its max, or for a manual item its points.
func EntryLimit(it *campaign.ScoringItem) *decimal.Decimal {
	if it.Max != nil {
		return it.Max
	}
	if it.Formula == campaign.FormulaManual && it.Points.IsPositive() {
		return &it.Points
	}
	return nil
}

// FindUnit finds a unit by code or name; label names the field in the message.
func FindUnit(c *campaign.Campaign, s, label string) (campaign.Unit, error) {
	s = strings.TrimSpace(s)
	for _, u := range c.Units {
		if u.Code == s || u.Name == s {
			return u, nil
		}
	}
	if s == "" {
		return campaign.Unit{}, inputErrorf("请用 %s 指定单位（代码或名称），可选：%s", label, unitChoices(c))
	}
	return campaign.Unit{}, inputErrorf("没有单位“%s”，可选：%s", s, unitChoices(c))
}

func unitChoices(c *campaign.Campaign) string {
	var names []string
	for _, u := range c.Units {
		names = append(names, u.Code+"（"+u.Name+"）")
	}
	return strings.Join(names, "、")
}

// EnteredItems are the scoring items whose points the office enters (bonus, manual).
func EnteredItems(c *campaign.Campaign) []*campaign.ScoringItem {
	var out []*campaign.ScoringItem
	if c.Scoring != nil {
		for i := range c.Scoring.Items {
			if it := &c.Scoring.Items[i]; it.Formula == campaign.FormulaBonus || it.Formula == campaign.FormulaManual {
				out = append(out, it)
			}
		}
	}
	return out
}

// FindEnteredItem finds a bonus or manual scoring item by id or name.
func FindEnteredItem(c *campaign.Campaign, s, label string) (*campaign.ScoringItem, error) {
	s = strings.TrimSpace(s)
	var choices []string
	for _, it := range EnteredItems(c) {
		if it.ID == s || it.Name == s {
			return it, nil
		}
		choices = append(choices, it.ID+"（"+it.Name+"）")
	}
	if len(choices) == 0 {
		return nil, inputErrorf("本行动的考核评价办法没有需要录入分数的加分项或评分项（bonus、manual），无需录入")
	}
	if s == "" {
		return nil, inputErrorf("请用 %s 指定计分项，可选：%s", label, strings.Join(choices, "、"))
	}
	return nil, inputErrorf("“%s”不是需要录入分数的计分项，可选：%s", s, strings.Join(choices, "、"))
}

// Total is one total entry as typed.
type Total struct {
	Indicator, Value, Reason string
	By                       string // who enters it
}

// TotalEntered is a recorded total with its indicator; Measure is "" for a
// 完成/未完成 answer.
type TotalEntered struct {
	Entry     store.TotalEntry
	Indicator *campaign.Indicator
	Measure   string
}

// SetTotal checks a total entry for period p and records it.
func SetTotal(c *campaign.Campaign, db *store.Store, p campaign.Period, t Total, l Labels) (*TotalEntered, error) {
	in, err := FindGivenIndicator(c, t.Indicator, l.Indicator)
	if err != nil {
		return nil, err
	}
	worded := wordedTotalTarget(c, in, p)
	value, answer := "", Answer(t.Value)
	switch {
	case answer != "" && worded != "":
		value = answer
	case answer != "":
		return nil, inputErrorf("%s “%s”：%s的%s合计目标是数值，请填写数字（单位：%s），如 8.6",
			l.Value, t.Value, in.Name, p.Label(), in.Measure)
	default:
		v, err := returns.NormalizeNumber(t.Value, in.Measure)
		if err != nil && worded != "" {
			return nil, inputErrorf("%s “%s”：%v。%s的合计目标是“%s”，请填写 完成 或 未完成（或按“%s”写数字）",
				l.Value, t.Value, err, in.Name, worded, in.Measure)
		}
		if err != nil {
			return nil, inputErrorf("%s “%s”：%v。请按“%s”写数字，如 8.6", l.Value, t.Value, err, in.Measure)
		}
		value = v.String()
	}
	if strings.TrimSpace(t.Reason) == "" {
		return nil, inputErrorf("请用 %s 写明数据来源，例如 %s \"区统计局快报\"", l.Reason, l.Reason)
	}
	e, err := db.SetTotal(store.TotalEntry{Campaign: c.ID, Period: p.String(), Indicator: in.ID, Value: value,
		Reason: strings.TrimSpace(t.Reason), By: strings.TrimSpace(t.By)})
	if err != nil {
		return nil, err
	}
	out := &TotalEntered{Entry: e, Indicator: in, Measure: in.Measure}
	if answer != "" {
		out.Measure = ""
	}
	return out, nil
}

// wordedTotalTarget is the total's worded target in the period ({text: 完成省定目标}),
// or "" when it has none.
func wordedTotalTarget(c *campaign.Campaign, in *campaign.Indicator, p campaign.Period) string {
	if c.Total == nil {
		return ""
	}
	if t, _, ok := c.TargetFor(in, c.Total.Code, p); ok && t.Form == campaign.TargetText {
		return t.Display()
	}
	return ""
}

// Answer reads a value that is a 完成/未完成 answer; "" when it is not one.
func Answer(s string) string {
	switch strings.TrimSpace(s) {
	case "完成", "已完成":
		return store.TotalDone
	case "未完成":
		return store.TotalNotDone
	}
	return ""
}

// GivenIndicators are the indicators whose total the office enters.
func GivenIndicators(c *campaign.Campaign) []*campaign.Indicator {
	var out []*campaign.Indicator
	for i := range c.Indicators {
		if in := &c.Indicators[i]; in.Total == campaign.TotalGiven && in.GivenBy == "" && in.Kind != campaign.KindQualitative {
			out = append(out, in)
		}
	}
	return out
}

// FindGivenIndicator finds an indicator whose total the office enters.
func FindGivenIndicator(c *campaign.Campaign, s, label string) (*campaign.Indicator, error) {
	s = strings.TrimSpace(s)
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if in.ID != s && in.Name != s {
			continue
		}
		if in.Total != campaign.TotalGiven {
			return nil, inputErrorf("%s的合计由系统按各单位数据计算（合计方式 %s），不用录入", campaign.Quote(in.Name), in.Total)
		}
		if in.GivenBy != "" {
			return nil, inputErrorf("%s的合计由%s在报表中报送（campaign.yaml 写的是 total: {given-by: %s}），不用录入；"+
				"数字有误请让%s重新报送", campaign.Quote(in.Name), c.UnitName(in.GivenBy), in.GivenBy, c.UnitName(in.GivenBy))
		}
		return in, nil
	}
	var choices []string
	for _, in := range GivenIndicators(c) {
		choices = append(choices, in.ID+"（"+in.Name+"）")
	}
	if len(choices) == 0 {
		return nil, inputErrorf("本行动没有合计方式为 given 的指标，无需录入合计数")
	}
	return nil, inputErrorf("没有指标“%s”，需要录入合计的指标：%s", s, strings.Join(choices, "、"))
}
