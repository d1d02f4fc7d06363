package returns

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"tenglong/workbook"
)

// maxNumberLen and maxExponent bound what NormalizeNumber accepts, so that a cell
// holding 1E999999999 cannot make a decimal of a billion digits.
const (
	maxNumberLen = 64
	maxExponent  = 30
)

// errEmpty is returned by NormalizeNumber for a cell with nothing in it.
var errEmpty = errors.New("没有填写")

// multiplier is a Chinese number word typed after a number (12.5万).
type multiplier struct {
	word string
	exp  int32 // power of ten
}

// multipliers are tried longest first, then the empty one (a number with only a unit).
var multipliers = []multiplier{{"万亿", 12}, {"千万", 7}, {"百万", 6}, {"亿", 8}, {"万", 4}, {"千", 3}, {"", 0}}

// measureMultipliers are the number words a measure may start with (万元, 亿元, 万平方米).
// 千 is not one: in 千克, 千瓦, 千米 it is part of the unit.
var measureMultipliers = []multiplier{{"万亿", 12}, {"千万", 7}, {"百万", 6}, {"亿", 8}, {"万", 4}}

// percentMeasures are spellings of percentage points, interchangeable with each other.
var percentMeasures = map[string]bool{"个百分点": true, "百分点": true}

var thousandsPattern = regexp.MustCompile(`^\d{1,3}(,\d{3})+$`)

// NormalizeNumber reads a number the way people type it into a cell whose unit of
// measure is measure, and returns it in that measure, exactly (never through float64):
//
//   - numbers as Excel stores them: 1234.56, 1.5E-2, -3;
//   - full-width digits, signs and points (１２３．５, －３), 12。5;
//   - thousands separators 1,234.5 and 1，234.5 (the groups must be of three);
//   - stray spaces, NBSP and full-width spaces anywhere;
//   - the measure typed after the number: 12.5万元 when the measure is 万元, 12% when
//     it is %, 12个百分点 (or 12百分点) when it is 个百分点;
//   - 千/万/百万/千万/亿/万亿 converted into the measure: 12.5万 is 125000 when the
//     measure is 元 or 家 and 12.5 when it is 万元; 3亿 is 30000 万元; 1.2万 is
//     0.00012 亿元; 125000元 is 12.5 万元.
//
// Anything else is an error that says what was found, e.g. “12.5吨”的单位“吨”不是本项的
// 计量单位“万元”. An empty cell is an error too; callers check for empty first.
//
// raw is read as a number cell stores it: more than 15 significant digits (Excel
// keeps 15) are accepted, rounded to 15, only when they are a double's binary noise
// (19.989999999999998 for a typed 19.99); any other such number is an error, never
// silently rounded. NormalizeTypedNumber reads text, where every digit counts.
func NormalizeNumber(raw, measure string) (decimal.Decimal, error) {
	return normalizeNumber(raw, measure, false)
}

// NormalizeTypedNumber is NormalizeNumber for a number typed as text — a text cell
// ('1234567890123456789), or a figure given on the command line — whose every digit
// is the clerk's own: more than 15 significant digits is an error, never rounded.
func NormalizeTypedNumber(raw, measure string) (decimal.Decimal, error) {
	return normalizeNumber(raw, measure, true)
}

// cellNumber reads a returned cell's number by what the cell holds: a number cell as
// NormalizeNumber, a text cell as NormalizeTypedNumber.
func cellNumber(v *workbook.CellValue, measure string) (decimal.Decimal, error) {
	return normalizeNumber(v.Raw, measure, v.Text)
}

func normalizeNumber(raw, measure string, typed bool) (decimal.Decimal, error) {
	s := raw
	if !plainASCII(raw) { // fold and squeeze change nothing in plain ASCII
		s = squeeze(fold(raw))
	}
	shown := clip(trim(raw))
	if s == "" {
		return decimal.Decimal{}, errEmpty
	}
	if utf8.RuneCountInString(s) > maxNumberLen {
		return decimal.Decimal{}, fmt.Errorf("“%s”太长，不是一个数字", shown)
	}
	n, digits, rest, err := scanNumber(s, shown)
	if err != nil {
		return decimal.Decimal{}, err
	}
	if digits > excelDigits { // else it has at most that many significant digits
		if n, err = fifteenDigits(n, shown, typed); err != nil {
			return decimal.Decimal{}, err
		}
	}
	if rest == "" {
		return n, nil
	}
	m := squeeze(fold(measure))
	if rest == m || (percentMeasures[rest] && percentMeasures[m]) {
		return n, nil
	}
	mExp, mRest := splitMeasure(m)
	for _, mul := range multipliers {
		after, ok := strings.CutPrefix(rest, mul.word)
		if !ok {
			continue
		}
		switch {
		case after == "" && mul.word != "":
			if m == "%" || percentMeasures[m] {
				return decimal.Decimal{}, fmt.Errorf("“%s”带了“%s”，这一项填的是百分数的数值", shown, mul.word)
			}
			return n.Shift(mul.exp - mExp), nil
		case after == m && mul.word != "":
			return n.Shift(mul.exp), nil
		case after != "" && mRest != "" && after == mRest:
			return n.Shift(mul.exp - mExp), nil
		}
	}
	if m == "" {
		return decimal.Decimal{}, fmt.Errorf("“%s”后面多了“%s”，只填数字", shown, clip(rest))
	}
	return decimal.Decimal{}, fmt.Errorf("“%s”的单位“%s”不是本项的计量单位“%s”", shown, clip(rest), measure)
}

// scanNumber reads the number at the start of s (already folded and squeezed) and
// returns it with how many digits it was written with and the rest of s. shown is the
// cell as typed, for messages.
func scanNumber(s, shown string) (decimal.Decimal, int, string, error) {
	i := 0
	sign := ""
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		if s[i] == '-' {
			sign = "-"
		}
		i++
	}
	start := i
	for i < len(s) && (isDigit(s[i]) || s[i] == ',') {
		i++
	}
	intPart := s[start:i]
	frac, dot := "", false
	if i < len(s) && s[i] == '.' {
		dot = true
		i++
		fs := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		frac = s[fs:i]
	}
	if strings.Trim(intPart, ",") == "" && frac == "" {
		return decimal.Decimal{}, 0, "", fmt.Errorf("“%s”不是数字", shown)
	}
	commas := strings.Contains(intPart, ",")
	if commas {
		if !thousandsPattern.MatchString(intPart) {
			return decimal.Decimal{}, 0, "", fmt.Errorf("“%s”里的逗号位置不对：千分位逗号每三位一个（如 1,234.5），小数点请用“.”", shown)
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	exp := ""
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k > j { // an exponent only when digits follow the E
			exp = s[i+1 : k]
			i = k
		}
	}
	if i < len(s) && (isDigit(s[i]) || s[i] == '.' || s[i] == ',' || s[i] == '+' || s[i] == '-') {
		return decimal.Decimal{}, 0, "", fmt.Errorf("“%s”不是一个数字", shown)
	}
	// Most cells hold a number as Excel writes it (1234.5): the text to parse is then
	// s itself, without putting it together again.
	plain := intPart != "" && !commas && s[0] != '+' && exp == "" && (!dot || frac != "")
	if intPart == "" {
		intPart = "0"
	}
	text := s[:i]
	if !plain {
		text = sign + intPart
		if frac != "" {
			text += "." + frac
		}
	}
	if exp != "" {
		digits := strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
		if len(digits) > 2 || (len(digits) == 2 && digits > "30") {
			return decimal.Decimal{}, 0, "", fmt.Errorf("“%s”太大或太小，不像填报的数值", shown)
		}
		text += "e" + exp
	}
	n, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, 0, "", fmt.Errorf("“%s”不是数字", shown)
	}
	return n, len(intPart) + len(frac), s[i:], nil
}

// decimalText is n.String() for n read from raw: raw itself when it is written as
// String writes it (12.5, -0.25, 300: no sign but a minus on a number not zero, no
// leading zero, no trailing zero after the point, at most 15 digits), which saves
// formatting the number again.
func decimalText(raw string, n decimal.Decimal) string {
	s := strings.TrimPrefix(raw, "-")
	digits, nonZero, dot := 0, false, -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
			nonZero = nonZero || c != '0'
		case c == '.' && dot < 0:
			dot = i
		default:
			return n.String()
		}
	}
	intPart := s
	if dot >= 0 {
		intPart = s[:dot]
	}
	switch {
	case digits == 0 || digits > excelDigits || intPart == "" || (len(intPart) > 1 && intPart[0] == '0'),
		dot >= 0 && (dot == len(s)-1 || s[len(s)-1] == '0'),
		len(s) < len(raw) && !nonZero:
		return n.String()
	}
	return raw
}

// plainASCII reports s made only of printable ASCII other than the space.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// splitMeasure splits a measure into its number word and the unit after it:
// 万元 → 4, 元; 亿元 → 8, 元; 家 → 0, 家; 万元/亩 → 4, 元/亩.
func splitMeasure(m string) (int32, string) {
	for _, mul := range measureMultipliers {
		if rest, ok := strings.CutPrefix(m, mul.word); ok && rest != "" {
			return mul.exp, rest
		}
	}
	return 0, m
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// fold turns full-width ASCII (１２３．５、－３、，、％) into half-width, the
// full-width space into a space, the minus signs people paste into '-', and the
// ideographic full stop (typed for a point with a Chinese input method) into '.'.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		case r == '−' || r == '﹣' || r == '–':
			return '-'
		case r == '。':
			return '.'
		case r == '﹪':
			return '%'
		}
		return r
	}, s)
}

// squeeze removes every space, NBSP, tab, line break and zero-width character.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || isInvisible(r) {
			return -1
		}
		return r
	}, s)
}

// trim removes spaces and invisible characters at both ends.
func trim(s string) string {
	if n := len(s); n > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[n-1] > ' ' && s[n-1] < utf8.RuneSelf {
		return s // nothing to trim at either end
	}
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || isInvisible(r) })
}

func isInvisible(r rune) bool {
	return r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff'
}

// clip shortens what a message quotes back.
func clip(s string) string {
	if len(s) <= 30 {
		return s
	}
	r := []rune(s)
	if len(r) <= 30 {
		return s
	}
	return string(r[:29]) + "…"
}

// excelDigits is how many significant digits Excel keeps (IEEE doubles shown to 15).
const excelDigits = 15

// noiseULPs is how far, in units in the last place of a double, a number may lie from
// its 15-digit rounding and still be binary noise: a typed number saved by Excel or
// openpyxl lies within one (19.989999999999998, 78.01000000000001), a formula's
// result within a few (12*1.1 = 13.200000000000001). A number with more digits typed
// by a person lies much further: 1234567890123456789 is 3,211 away from
// 1.23456789012346E+18, 12 units of 256.
const noiseULPs = 4

// fifteenDigits holds n to the 15 significant digits Excel keeps. More digits are an
// error — Excel would store another number than the one written — except, in a number
// cell (not typed), a double's binary noise, which rounds back to what was typed.
func fifteenDigits(n decimal.Decimal, shown string, typed bool) (decimal.Decimal, error) {
	digits := significantDigits(n)
	if digits <= excelDigits {
		return n, nil
	}
	r := excelPrecision(n)
	if !typed && binaryNoise(n, r) {
		return r, nil
	}
	return decimal.Decimal{}, fmt.Errorf("“%s”有 %d 位有效数字，Excel 只能准确保存 15 位，多出的位数会被改掉，不能按原数采用（编号一类的内容请写在备注）", shown, digits)
}

// significantDigits counts n's digits from its first to its last non-zero one.
func significantDigits(n decimal.Decimal) int {
	c := new(big.Int).Abs(n.Coefficient()).String()
	return len(strings.TrimRight(c, "0"))
}

// binaryNoise reports whether n differs from r by at most noiseULPs units in the last
// place of the double nearest n. The double is used only to measure that unit — the
// spacing Excel's storage has at n's magnitude — never for a value.
func binaryNoise(n, r decimal.Decimal) bool {
	f, err := strconv.ParseFloat(n.String(), 64)
	if err != nil || math.IsInf(f, 0) || f == 0 {
		return false
	}
	f = math.Abs(f)
	ulp := decimal.NewFromFloat(math.Nextafter(f, math.Inf(1)) - f)
	return n.Sub(r).Abs().LessThanOrEqual(ulp.Mul(decimal.NewFromInt(noiseULPs)))
}

// excelPrecision rounds n to Excel's 15 significant digits: Excel stores a typed 19.99
// as 19.989999999999998, openpyxl 78.01 as 78.01000000000001; so rounded they are
// again what the clerk typed.
func excelPrecision(n decimal.Decimal) decimal.Decimal {
	digits := len(new(big.Int).Abs(n.Coefficient()).String())
	if digits <= excelDigits {
		return n
	}
	places := int32(excelDigits-digits) - n.Exponent()
	return n.Round(places)
}
