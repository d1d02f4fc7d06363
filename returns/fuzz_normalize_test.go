package returns

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// Fuzz targets of the value normalisers: whatever a clerk types, they end without a
// panic, and what they accept is well-formed — it reads back as itself, and it is
// exact (decimals all the way: no float64 anywhere, so 0.1 is 0.1).

// plainDecimal is a number as Excel stores one; with at most 15 significant digits
// (significant) NormalizeNumber must give exactly its value.
var plainDecimal = regexp.MustCompile(`^-?\d{1,30}(\.\d{1,30})?$`)

// significant counts a plain decimal's digits between its first and last non-zero one.
func significant(s string) int {
	d := strings.Trim(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	return len(d)
}

func FuzzNormalizeNumber(f *testing.F) {
	for _, s := range []string{"1,234.5", "12.5万", "１２３．５", "1E-2", "3亿元", "12%", "", "1E99999", "-.5e+3万元",
		"0.1", "19.989999999999998", "12个百分点", "1.2万", "  ６　万 ", "1，234。5", "−3", "125000元", "1e30万亿",
		"1234567890123456789", "12345678901234567.5", "13.200000000000001", "0.1234567890123456"} {
		for _, m := range []string{"万元", "元", "%", "个百分点", "亿元", "", "家", "万元/亩"} {
			f.Add(s, m)
		}
	}
	f.Fuzz(func(t *testing.T, raw, measure string) {
		// More than 15 significant digits typed as text are refused, never rounded.
		if plainDecimal.MatchString(raw) && significant(raw) > 15 {
			if v, err := NormalizeTypedNumber(raw, measure); err == nil {
				t.Errorf("%q typed as text read as %s", raw, v)
			}
		}
		n, err := NormalizeNumber(raw, measure)
		if err != nil {
			if err.Error() == "" {
				t.Errorf("%q: an error without a message", raw)
			}
			return
		}
		if n.Exponent() < -200 || n.Exponent() > 200 {
			t.Errorf("%q gives exponent %d", raw, n.Exponent())
		}
		// Written out, the result is a plain number in the measure, of at most Excel's 15
		// significant digits (more are an error or a double's noise rounded away): it
		// reads as itself, as a number cell and as typed text.
		s := n.String()
		if strings.ContainsAny(s, "eE") {
			t.Errorf("%q gives %s", raw, s)
		}
		if significant(s) > 15 {
			t.Errorf("%q gives %s, more than 15 significant digits", raw, s)
		}
		for _, read := range []func(string, string) (decimal.Decimal, error){NormalizeNumber, NormalizeTypedNumber} {
			again, err := read(s, measure)
			if err != nil {
				t.Errorf("%q gives %s, which does not read back: %v", raw, s, err)
			} else if !again.Equal(n) {
				t.Errorf("%q gives %s, which reads back as %s", raw, s, again)
			}
		}
		// Typed as text, nothing is rounded: it reads as NormalizeNumber reads it or not at all.
		if typed, err := NormalizeTypedNumber(raw, measure); err == nil && !typed.Equal(n) {
			t.Errorf("%q typed as text reads as %s, as a number cell %s", raw, typed, n)
		}
		// Exact: a plain decimal reads as its own value, and with 万 as ten thousand times it.
		if plainDecimal.MatchString(raw) && significant(raw) <= 15 {
			want := decimal.RequireFromString(raw)
			if !n.Equal(want) {
				t.Errorf("%q read as %s", raw, n)
			}
			if m, err := NormalizeNumber(raw+"万", "元"); err != nil || !m.Equal(want.Shift(4)) {
				t.Errorf("%q万 in 元 read as %s, %v; want %s", raw, m, err, want.Shift(4))
			}
		}
	})
}

func FuzzNormalizeDate(f *testing.F) {
	for _, s := range []string{"45199", "2023年9月30日", "20230930", "2023/9/30", "60", "61", "1", "0", "2958465", "2958466",
		"45199.5", "２０２３－０９－３０", "2023.9.30 12:30", "2023-02-30", "1899-12-31", "00000110", "2023-9-30T08:00:00Z"} {
		f.Add(s)
	}
	excelEpoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, raw string) {
		d, ok := NormalizeDate(raw)
		if !ok {
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 || d.Year() < 1900 || d.Year() > 9999 {
			t.Fatalf("%q gives %s", raw, d)
		}
		// It reads back as itself, written as text and as the Excel serial of that day.
		if again, ok := NormalizeDate(d.Format("2006-01-02")); !ok || !again.Equal(d) {
			t.Errorf("%q gives %s, which reads back as %s, %v", raw, d, again, ok)
		}
		serial := int((d.Unix() - excelEpoch.Unix()) / 86400) // not Sub: a Duration holds 292 years
		if d.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
			serial-- // before Excel's fictitious 1900-02-29
		}
		if again, ok := NormalizeDate(strconv.Itoa(serial)); !ok || !again.Equal(d) {
			t.Errorf("%q gives %s, whose serial %d reads as %s, %v", raw, d, serial, again, ok)
		}
	})
}
