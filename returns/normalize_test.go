package returns

import (
	"github.com/shopspring/decimal"
	"strings"
	"tenglong/campaign"
	"testing"
	"time"
)

func TestNormalizeNumber(t *testing.T) {
	for _, tc := range []struct {
		raw, measure string
		want         string // the exact decimal; "" when an error is expected
		errWords     []string
	}{
		// As Excel stores numbers.
		{"1234.56", "万元", "1234.56", nil},
		{"1.5E-2", "%", "0.015", nil},
		{"1.5e+3", "", "1500", nil},
		{"-3", "%", "-3", nil},
		{"+3", "", "3", nil},
		{"0.1", "", "0.1", nil},
		{"1234.5600", "", "1234.56", nil},
		{".5", "", "0.5", nil},
		{"5.", "", "5", nil},
		{"0", "家", "0", nil},
		{"0.30000000000000004", "", "0.3", nil}, // float noise from a spreadsheet writer: Excel keeps 15 digits
		// Full width, stray spaces, NBSP, the ideographic full stop.
		{"１２３．５", "万元", "123.5", nil},
		{"－３", "%", "-3", nil},
		{" 12.5 ", "", "12.5", nil},
		{"\u00a012.5\u3000", "", "12.5", nil},
		{"1 234.5", "", "1234.5", nil},
		{"12。5", "", "12.5", nil},
		{"\u200b12\ufeff", "", "12", nil},
		{"−7", "", "-7", nil}, // U+2212 MINUS SIGN
		// Thousands separators.
		{"1,234.5", "万元", "1234.5", nil},
		{"1，234.5", "万元", "1234.5", nil},
		{"１，２３４，５６７", "元", "1234567", nil},
		{"-1,000", "", "-1000", nil},
		{"1,23.5", "", "", []string{"“1,23.5”", "逗号"}},
		{"12,5", "", "", []string{"逗号"}},
		{"1.234,5", "", "", []string{"不是一个数字"}},
		// The measure typed after the number.
		{"12.5万元", "万元", "12.5", nil},
		{"12%", "%", "12", nil},
		{"12％", "%", "12", nil},
		{"12个百分点", "个百分点", "12", nil},
		{"12百分点", "个百分点", "12", nil},
		{"12个百分点", "百分点", "12", nil},
		{"30 家", "家", "30", nil},
		{"3.5万元/亩", "万元/亩", "3.5", nil},
		{"5亩", "亩", "5", nil},
		{"12%", "个百分点", "", []string{"“%”", "“个百分点”"}},
		{"12个百分点", "%", "", []string{"“个百分点”", "“%”"}},
		{"12%", "", "", []string{"后面多了“%”"}},
		{"12.5吨", "万元", "", []string{"“12.5吨”", "“吨”", "“万元”"}},
		// 千/万/亿 into the measure, exactly.
		{"12.5万", "元", "125000", nil},
		{"12.5万", "家", "125000", nil},
		{"12.5万", "", "125000", nil},
		{"3亿", "万元", "30000", nil},
		{"1.2万", "亿元", "0.00012", nil},
		{"12.5万", "万元", "12.5", nil},
		{"3亿元", "万元", "30000", nil},
		{"125000元", "万元", "12.5", nil},
		{"5千", "万元", "0.5", nil},
		{"2千万", "元", "20000000", nil},
		{"1.5万亿", "亿元", "15000", nil},
		{"0.12345亿", "万元", "1234.5", nil},
		{"3万", "万人", "3", nil},
		{"5万千瓦时", "千瓦时", "50000", nil},
		{"12万", "%", "", []string{"“万”", "百分数"}},
		{"12万吨", "万元", "", []string{"“万吨”"}},
		// Not numbers.
		{"", "万元", "", []string{"没有填写"}},
		{"   ", "万元", "", []string{"没有填写"}},
		{"abc", "万元", "", []string{"“abc”不是数字"}},
		{"/", "", "", []string{"“/”不是数字"}},
		{"-", "", "", []string{"不是数字"}},
		{"约12", "", "", []string{"“约12”不是数字"}},
		{"1.2.3", "", "", []string{"不是一个数字"}},
		{"3-5", "", "", []string{"不是一个数字"}},
		{"NaN", "", "", []string{"不是数字"}},
		{"Infinity", "", "", []string{"不是数字"}},
		{"1E999999999", "", "", []string{"太大或太小"}},
		{"1E31", "", "", []string{"太大或太小"}},
		{"1E30", "", "1000000000000000000000000000000", nil},
		{strings.Repeat("9", 80), "", "", []string{"太长"}},
	} {
		got, err := NormalizeNumber(tc.raw, tc.measure)
		if tc.want == "" {
			if err == nil {
				t.Errorf("NormalizeNumber(%q, %q) = %s, want an error", tc.raw, tc.measure, got)
				continue
			}
			for _, w := range tc.errWords {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("NormalizeNumber(%q, %q): error %q lacks %q", tc.raw, tc.measure, err, w)
				}
			}
			continue
		}
		if err != nil {
			t.Errorf("NormalizeNumber(%q, %q): %v", tc.raw, tc.measure, err)
			continue
		}
		if !got.Equal(dec(tc.want)) || got.String() != tc.want {
			t.Errorf("NormalizeNumber(%q, %q) = %s, want %s", tc.raw, tc.measure, got, tc.want)
		}
	}
}

func TestNormalizeDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		raw  string
		want time.Time // zero: not a date
	}{
		// Excel serials, 1900 date system, as excelize's ExcelDateToTime reads them.
		{"45199", day(2023, 9, 30)},
		{"45199.5", day(2023, 9, 30)},
		{"1", day(1900, 1, 1)},
		{"59", day(1900, 2, 28)},
		{"60", day(1900, 2, 28)}, // Excel's fictitious 1900-02-29
		{"61", day(1900, 3, 1)},
		{"62", day(1900, 3, 2)},
		{"36526", day(2000, 1, 1)},
		{"73050", day(2099, 12, 31)},
		{"2958465", day(9999, 12, 31)},
		{"0", time.Time{}},
		{"2958466", time.Time{}},
		{"-1", time.Time{}},
		// Dates typed as text.
		{"2023-9-30", day(2023, 9, 30)},
		{"2023-09-30", day(2023, 9, 30)},
		{"2023/09/30", day(2023, 9, 30)},
		{"2023.9.30", day(2023, 9, 30)},
		{"2023年9月30日", day(2023, 9, 30)},
		{"2023 年 9 月 30 日", day(2023, 9, 30)},
		{"2023年9月30号", day(2023, 9, 30)},
		{"２０２３年９月３０日", day(2023, 9, 30)},
		{"20230930", day(2023, 9, 30)},
		{" 2023-09-30 ", day(2023, 9, 30)},
		{"2023-09-30 00:00:00", day(2023, 9, 30)},
		{"2023-09-30T08:15:00Z", day(2023, 9, 30)},
		{"2024-02-29", day(2024, 2, 29)},
		{"2023-02-29", time.Time{}},
		{"2023-13-01", time.Time{}},
		{"20231301", time.Time{}},
		{"00000110", day(1900, 4, 19)}, // not a yyyymmdd date: serial 110
		{"0000-01-10", time.Time{}},
		{"1899-12-31", time.Time{}},
		{"2023-9", time.Time{}},
		{"2023年9月", time.Time{}},
		{"9/30/2023", time.Time{}},
		{"", time.Time{}},
		{"明年", time.Time{}},
	} {
		got, ok := NormalizeDate(tc.raw)
		if ok != !tc.want.IsZero() || !got.Equal(tc.want) {
			t.Errorf("NormalizeDate(%q) = %s %v, want %s", tc.raw, got.Format("2006-01-02"), ok, tc.want.Format("2006-01-02"))
		}
	}
}

func TestNormalizeUSCC(t *testing.T) {
	for raw, want := range map[string]string{
		"91110000802100433B":     "91110000802100433B",
		" 91110000802100433b ":   "91110000802100433B",
		"9111 0000 8021 0043 3B": "91110000802100433B",
		"９１１１００００８０２１００４３３Ｂ":         "91110000802100433B",
		"\u00a091110000802100433B\n": "91110000802100433B",
		"":                           "",
	} {
		if got := NormalizeUSCC(raw); got != want {
			t.Errorf("NormalizeUSCC(%q) = %q, want %q", raw, got, want)
		}
	}
}

func TestUSCCCheckChar(t *testing.T) {
	// Published codes, confirmed by the check character.
	for _, code := range []string{
		"91110000802100433B", // the example of the brief
		"914403001922038216", // 华为技术有限公司
		"91440300708461136T", // 腾讯科技（深圳）有限公司
	} {
		if err := ValidateUSCC(code); err != nil {
			t.Errorf("ValidateUSCC(%s): %v", code, err)
		}
	}
	// Worked by hand for 91330121000000000: 9·1 + 1·3 + 3·9 + 3·27 + 0·19 + 1·26 + 2·16 + 1·17
	// = 195 (the rest are zeros); 195 mod 31 = 9; 31 − 9 = 22, the 23rd character: N.
	if c, ok := USCCCheckChar("91330121000000000"); !ok || c != 'N' {
		t.Errorf("check char of 91330121000000000 = %c, want N", c)
	}
	// A sum divisible by 31 gives 0, not 31.
	if c, ok := USCCCheckChar("00000000000000000"); !ok || c != '0' {
		t.Errorf("check char of zeros = %c, want 0", c)
	}
	for _, body := range []string{"9133010", "91330121000000000X", "9133012100000000I"} {
		if _, ok := USCCCheckChar(body); ok {
			t.Errorf("USCCCheckChar(%q) accepted", body)
		}
	}
	// Any change of one character is caught.
	code := withCheck("91330100MA28A1B2C")
	for i := 0; i < 18; i++ {
		for _, r := range usccAlphabet {
			if byte(r) == code[i] {
				continue
			}
			bad := code[:i] + string(r) + code[i+1:]
			if ValidateUSCC(bad) == nil {
				t.Fatalf("%s (position %d changed) passed", bad, i+1)
			}
		}
	}
	// Two neighbours swapped are caught too (the weights differ).
	for i := 0; i < 16; i++ {
		if code[i] == code[i+1] {
			continue
		}
		swapped := code[:i] + string(code[i+1]) + string(code[i]) + code[i+2:]
		if ValidateUSCC(swapped) == nil {
			t.Errorf("%s (positions %d and %d swapped) passed", swapped, i+1, i+2)
		}
	}
}

func TestValidateUSCC(t *testing.T) {
	for _, tc := range []struct {
		code  string
		words []string // nil: valid
	}{
		{withCheck("91330102MA28A1B2C"), nil},
		{"91330000MA27U0HX3L", []string{"校验位不对"}}, // its check character would be E
		{"91330000MA27U0HX3E", nil},
		{"9133000", []string{"应为 18 位", "7 位"}},
		{"91330000MA27U0HX3EE", []string{"19 位"}},
		{"91330000MA27U0HX3O", []string{"“O”", "I、O、S、V、Z"}},
		{"91330000MA27U0HX3-", []string{"“-”", "数字和大写字母"}},
		{"91330000中A27U0HX3E", []string{"“中”"}},
		{"9.11100008021E+17", []string{"Excel", "9.11100008021E+17", "文本"}},
	} {
		err := ValidateUSCC(tc.code)
		if tc.words == nil {
			if err != nil {
				t.Errorf("ValidateUSCC(%s): %v", tc.code, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("ValidateUSCC(%s) passed", tc.code)
			continue
		}
		for _, w := range tc.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ValidateUSCC(%s): %q lacks %q", tc.code, err, w)
			}
		}
	}
}

func TestNormalizeDone(t *testing.T) {
	for raw, want := range map[string]int{ // 1 done, 0 not done, -1 not an answer
		"完成": 1, "已完成": 1, " 完成 ": 1, "是": 1, "√": 1, "y": 1,
		"未完成": 0, "没有完成": 0, "否": 0, "×": 0, "no": 0,
		"": -1, "基本完成": -1, "完成80%": -1, "正在推进": -1,
	} {
		done, ok := NormalizeDone(raw)
		got := -1
		if ok {
			got = 0
			if done {
				got = 1
			}
		}
		if got != want {
			t.Errorf("NormalizeDone(%q) = %v %v, want %d", raw, done, ok, want)
		}
	}
}

func TestNormalizeTaskStatus(t *testing.T) {
	for raw, want := range map[string]string{
		"未启动": "未启动", "推进中": "推进中", "已完成": "已完成", "滞后": "滞后", " 推进中\u00a0": "推进中",
		"进行中": "推进中", "完成": "已完成", "未开始": "未启动", "延期": "滞后",
		"": "", "差不多": "", "50%": "",
	} {
		got, ok := NormalizeTaskStatus(raw)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeTaskStatus(%q) = %q %v, want %q", raw, got, ok, want)
		}
	}
}

func TestColumnMeasure(t *testing.T) {
	for title, want := range map[string]string{
		"用地面积（亩）": "亩", "总投资(万元)": "万元", "税收（万元） ": "万元", "企业名称": "", "员工数（人）": "人", "备注（可选）说明": "",
	} {
		if got := ColumnMeasure(title); got != want {
			t.Errorf("ColumnMeasure(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestIsIntegerMeasure(t *testing.T) {
	for m, want := range map[string]bool{"家": true, "个": true, "项": true, "件": true, "台": true, "套": true, "人": true, "次": true,
		"家（个）": true, "万元": false, "%": false, "亩": false, "万人": false, "": false} {
		if campaign.IsCountMeasure(m) != want {
			t.Errorf("IsCountMeasure(%q) = %v", m, !want)
		}
	}
}

// FuzzNormalizeNumber and FuzzNormalizeDate are in fuzz_normalize_test.go.

func FuzzUSCC(f *testing.F) {
	f.Add("91110000802100433B")
	f.Add(" 9111 0000 8021 0043 3b")
	f.Fuzz(func(t *testing.T, raw string) {
		code := NormalizeUSCC(raw)
		if ValidateUSCC(code) == nil {
			if len(code) != 18 {
				t.Errorf("%q accepted as %q", raw, code)
			}
			if c, _ := USCCCheckChar(code[:17]); c != code[17] {
				t.Errorf("%q accepted with a wrong check character", raw)
			}
		}
	})
}

func TestNormalizeNumberUndoesFloatNoise(t *testing.T) {
	tests := map[string]string{
		"19.989999999999998":  "19.99",
		"78.01000000000001":   "78.01",
		"0.30000000000000004": "0.3",
		"1234.56":             "1234.56",
		"13.200000000000001":  "13.2", // a formula's 12*1.1
		"-3.4500000000000002": "-3.45",
		"1.5E-2":              "0.015",
	}
	for raw, want := range tests {
		got, err := NormalizeNumber(raw, "万元")
		if err != nil || !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("NormalizeNumber(%q) = %s, %v; want %s", raw, got, err, want)
		}
	}
}
