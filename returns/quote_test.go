package returns

import (
	"strings"
	"testing"
)

// A name that has quote marks of its own is not wrapped in “” again: the finding
// about “浙江制造”标准 says “浙江制造”标准, never ““浙江制造”标准”; a plain name is
// still quoted.
func TestFindingsQuoteNamesOnce(t *testing.T) {
	yaml := strings.NewReplacer(
		"name: 腾出用地", "name: “浙江制造”标准",
		"name: 技改投资", "name: 新增“浙江制造”标准",
		"title: 整治进度", "title: “亩均”整治进度",
	).Replace(testCampaign)
	c := loadCampaign(t, yaml)
	for _, tc := range []struct {
		name    string
		cell    string // sheet!cell changed
		typed   string
		message string // the finding at that cell starts with this
	}{
		{"name begins with a quote", indSheet + "!H5", "", "“浙江制造”标准的本期值没有填写"},
		{"name holds quotes", indSheet + "!H6", "abc", "新增“浙江制造”标准：“abc”不是数字"},
		{"plain name", indSheet + "!H7", "abc", "“研发费用占比”：“abc”不是数字"},
		{"list column with quotes", listSheet + "!F6", "没开始", "“亩均”整治进度填的“没开始”不是可选项"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Check(c, build(t, c, "east", "2023Q3", edit(map[string]string{tc.cell: tc.typed})), Context{})
			found := false
			for _, f := range r.Findings {
				if strings.Contains(f.Message, "““") || strings.Contains(f.Message, "””") {
					t.Errorf("%s!%s: doubled quote marks: %s", f.Sheet, f.Cell, f.Message)
				}
				if f.Sheet+"!"+f.Cell == tc.cell && strings.HasPrefix(f.Message, tc.message) {
					found = true
				}
			}
			if !found {
				t.Errorf("no finding at %s starting %q:\n%s", tc.cell, tc.message, dumpFindings(r.Findings))
			}
		})
	}
}
