package campaign

import "strings"

// countMeasures are measures of whole things: 家、个、项….
var countMeasures = map[string]bool{
	"家": true, "个": true, "项": true, "件": true, "台": true, "套": true, "人": true, "次": true,
	"人次": true, "座": true, "所": true, "户": true, "名": true, "辆": true, "宗": true, "处": true,
	"家(个)": true, "家（个）": true,
}

// IsCountMeasure reports whether a measure counts whole things.
func IsCountMeasure(measure string) bool { return countMeasures[strings.TrimSpace(measure)] }

// WholeNumbers reports whether the indicator's values must be whole numbers: a count
// shown without decimals. A count with decimals in its targets (每万人口拥有量 18.56
// 件) is a ratio, and takes decimals.
func (in *Indicator) WholeNumbers() bool { return IsCountMeasure(in.Measure) && in.Decimals == 0 }
