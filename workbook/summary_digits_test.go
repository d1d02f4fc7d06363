package workbook

import (
	"testing"

	"github.com/shopspring/decimal"
)

// numDigits counts as decimal's NumDigits does, on either side of 2^53 and of int64.
func TestNumDigitsMatchesDecimal(t *testing.T) {
	for _, s := range []string{"0", "7", "-7", "10", "99.5", "0.0001", "-123.456",
		"1.0125000000000000", "9007199254740993", "-9007199254740993", "0.9999999999999999",
		"9223372036854775807", "-9223372036854775808", "12345678901234567890.5", "-1e30"} {
		d := decimal.RequireFromString(s)
		if got, want := numDigits(d), d.NumDigits(); got != want {
			t.Errorf("numDigits(%s) = %d, decimal says %d", s, got, want)
		}
	}
}
