package campaign

import (
	"fmt"
	"time"
)

// Label is the Chinese name of an indicator kind, as shown to users.
func (k IndicatorKind) Label() string {
	switch k {
	case KindFlow:
		return "累计量"
	case KindLevel:
		return "水平值"
	case KindRate:
		return "比重"
	case KindChange:
		return "增速/增幅"
	case KindLowerBetter:
		return "越低越好"
	case KindQualitative:
		return "定性"
	}
	return string(k)
}

// Label is the Chinese name of a cadence.
func (k PeriodKind) Label() string {
	switch k {
	case Monthly:
		return "按月"
	case Quarterly:
		return "按季度"
	case Annual:
		return "按年度"
	}
	return string(k)
}

// Label is the Chinese name of a unit kind.
func (k UnitKind) Label() string {
	if k == UnitDepartment {
		return "部门"
	}
	return "地区"
}

// Label is the Chinese name of a scoring formula.
func (f Formula) Label() string {
	switch f {
	case FormulaMinMax:
		return "极差法"
	case FormulaParts:
		return "分项加权"
	case FormulaRankStep:
		return "按名次递减"
	case FormulaBonus:
		return "加分"
	case FormulaManual:
		return "录入"
	}
	return string(f)
}

// IsDifference reports whether the kind's completion is a difference in percentage
// points (rate, change) rather than a ratio.
func (k IndicatorKind) IsDifference() bool { return k == KindRate || k == KindChange }

// UnitName is the name of a unit (or the total) as people know it, or the code itself
// when the campaign has no such unit.
func (c *Campaign) UnitName(code string) string {
	if u, ok := c.Unit(code); ok {
		return u.Name
	}
	return code
}

// DateLabel writes a date the way documents do: 2023年9月30日.
func DateLabel(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}

// UnitNames names each code as UnitName does.
func (c *Campaign) UnitNames(codes []string) []string {
	out := make([]string, len(codes))
	for i, code := range codes {
		out[i] = c.UnitName(code)
	}
	return out
}
