package campaign

import "strings"

// Reports says whether a unit reports an indicator in a period (填报责任):
//
//   - a unit with a target reports it, unless the target is 不适用 (na);
//   - when targets are split across units, a unit without one does not;
//   - when only the total has a target, or none is set (indicators reported for
//     scoring), the units named in the indicator's 责任部门 report it, or else every
//     area unit (区县、乡镇街道) does: they are the parts of the whole, while departments
//     report only what is theirs.
func (c *Campaign) Reports(in *Indicator, unit string, p Period) bool {
	if c.isTotal(unit) {
		return false
	}
	if in.GivenBy == unit {
		return true // it reports the total
	}
	if t, _, ok := c.TargetFor(in, unit, p); ok {
		return t.Form != TargetNA
	}
	if in.hasTargetFor(unit) {
		return true // a reporter in other years, without a target this year
	}
	if in.hasUnitTargets(c) {
		return false
	}
	if named := c.departmentUnits(in); len(named) > 0 {
		return named[unit]
	}
	u, ok := c.Unit(unit)
	return ok && u.Kind == UnitArea
}

func (c *Campaign) isTotal(code string) bool { return c.Total != nil && c.Total.Code == code }

// hasTargetFor reports whether the unit has a target (other than na) in any year.
func (in *Indicator) hasTargetFor(unit string) bool {
	sets := []TargetSet{in.Targets}
	for _, set := range in.ByYear {
		sets = append(sets, set)
	}
	for _, set := range sets {
		if t, ok := set.lookup(unit); ok && t.Form != TargetNA {
			return true
		}
	}
	return false
}

// hasUnitTargets reports whether any target is written for a unit (as opposed to the
// total only); a target for all units counts.
func (in *Indicator) hasUnitTargets(c *Campaign) bool {
	check := func(set TargetSet) bool {
		for code := range set {
			if !c.isTotal(code) {
				return true
			}
		}
		return false
	}
	if check(in.Targets) {
		return true
	}
	for _, set := range in.ByYear {
		if check(set) {
			return true
		}
	}
	return false
}

// departmentUnits are the units whose names appear in the indicator's 责任部门.
func (c *Campaign) departmentUnits(in *Indicator) map[string]bool {
	if in.Department == "" {
		return nil
	}
	names := strings.FieldsFunc(in.Department, func(r rune) bool {
		return strings.ContainsRune("、,，/；; ", r)
	})
	out := map[string]bool{}
	for _, n := range names {
		for _, u := range c.Units {
			if u.Name == n {
				out[u.Code] = true
			}
		}
	}
	return out
}
