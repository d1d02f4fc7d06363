package returns

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// More than 15 significant digits: a number cell's binary noise rounds back to what
// was typed; anything else, and every such text, is an error — never rounded.
func TestFifteenDigits(t *testing.T) {
	for _, tc := range []struct {
		raw   string
		typed bool
		want  string // "" for an error
	}{
		{"19.989999999999998", false, "19.99"},
		{"0.30000000000000004", false, "0.3"},
		{"13.200000000000001", false, "13.2"}, // 12*1.1 in a formula
		{"-3.4500000000000002", false, "-3.45"},
		{"123456789012345", false, "123456789012345"},
		{"123456789012345", true, "123456789012345"},
		{"1234567890123450000", true, "1234567890123450000"}, // 15 significant digits
		{"123456789012345678", false, ""},
		{"1234567890123456789", false, ""},
		{"1234567890123456", false, ""},
		{"0.1234567890123456", false, ""},
		{"1234567890123456789", true, ""},
		{"19.989999999999998", true, ""},
		{"1.23456789012345678万", true, ""},
		{"1.23456789012345678万", false, ""},
	} {
		var got decimal.Decimal
		var err error
		if tc.typed {
			got, err = NormalizeTypedNumber(tc.raw, "元")
		} else {
			got, err = NormalizeNumber(tc.raw, "元")
		}
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("%q (typed %v) read as %s, want an error", tc.raw, tc.typed, got)
		case tc.want == "" && !strings.Contains(err.Error(), "15 位"):
			t.Errorf("%q: %v", tc.raw, err)
		case tc.want != "" && (err != nil || !got.Equal(decimal.RequireFromString(tc.want))):
			t.Errorf("%q (typed %v) = %s, %v; want %s", tc.raw, tc.typed, got, err, tc.want)
		}
	}
}

// A text cell of 19 digits is refused with where and why; a number cell's noise is not.
func TestDigitsBeyondFifteenInACell(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	ret := build(t, c, "east", "2023Q3", edit(map[string]string{indSheet + "!H6": "1234567890123456789", indSheet + "!H5": "30.499999999999996"}))
	for i := range ret.Values {
		if ret.Values[i].Cell == "H6" && ret.Values[i].Sheet == indSheet {
			ret.Values[i].Text = true
		}
	}
	r := Check(c, ret, Context{})
	checkFindings(t, r.Findings, []want{{CodeNotNumber, indSheet, "H6", []string{"“1234567890123456789”有 19 位有效数字", "15 位"}}})
	for _, v := range r.Values {
		if v.Cell == "H5" && (v.Number == nil || v.Number.String() != "30.5") {
			t.Errorf("H5 read as %v", v.Number)
		}
	}
}

// A formula in a value cell: its result is used, with a warning showing the formula.
func TestFormulaInInput(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	ret := build(t, c, "east", "2023Q3", edit(map[string]string{indSheet + "!H6": "2469", indSheet + "!H5": ""}))
	for i := range ret.Values {
		switch v := &ret.Values[i]; {
		case v.Sheet == indSheet && v.Cell == "H6":
			v.Formula = "B6*2"
		case v.Sheet == indSheet && v.Cell == "H5":
			v.Formula, v.FormulaCell = "SUM(B4:B5)", "H4"
		case v.Sheet == listSheet && v.Cell == "D4":
			v.Formula = "E4/2"
		}
	}
	r := Check(c, ret, Context{})
	checkFindings(t, r.Findings, []want{
		{CodeFormulaInInput, indSheet, "H5", []string{"公式（由 H4 格的公式 =SUM(B4:B5) 填充而来）", "没有它的计算结果", "请直接填写数值"}},
		{CodeValueEmpty, indSheet, "H5", nil},
		{CodeFormulaInInput, indSheet, "H6", []string{"技改投资", "填的是公式 =B6*2，已按计算结果“2469”采用", "请直接填写数值"}},
		{CodeFormulaInInput, listSheet, "D4", []string{"这一格填的是公式 =E4/2，已按计算结果“10.5”采用"}},
	})
}

// A file with no value in any input does not replace the unit's accepted return.
func TestEmptyOverAccepted(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	notesOnly := map[string]string{indSheet + "!J4": "数据下周补报", taskSheet + "!H4": "已排摸 120 家"}
	for _, tc := range []struct {
		name     string
		fill     map[string]string
		accepted bool
		want     []string // codes of the file-level findings
	}{
		{"notes only, nothing accepted yet: accepted with warnings", notesOnly, false, nil},
		{"notes only over an accepted return", notesOnly, true, []string{CodeEmptyOverAccepted}},
		{"blank over an accepted return", map[string]string{}, true, []string{CodeEmptyOverAccepted}},
		{"blank, nothing accepted", map[string]string{}, false, []string{CodeNothingFilled}},
		{"a value over an accepted return", map[string]string{indSheet + "!H5": "1"}, true, nil},
	} {
		r := Check(c, build(t, c, "east", "2023Q3", tc.fill), Context{Accepted: tc.accepted})
		var got []string
		for _, f := range r.Findings {
			if f.Sheet == "" && f.Cell == "" {
				got = append(got, f.Code)
				if f.Code == CodeEmptyOverAccepted && !strings.Contains(f.Message, "原数据保留不变") {
					t.Errorf("%s: %s", tc.name, f.Message)
				}
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
