package returns

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// usccAlphabet is the 31 characters of a 统一社会信用代码 (GB 32100-2015): digits and
// the capital letters without I, O, S, V and Z. A character's value is its index.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// usccWeights are the weights of the first 17 characters: 3^i mod 31.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// scientific is how Excel shows a long digit string it took for a number.
var scientific = regexp.MustCompile(`^\d(\.\d+)?E\+\d+$`)

// NormalizeUSCC is a 统一社会信用代码 as typed, made canonical: spaces (anywhere,
// including NBSP and full-width ones) removed, full-width characters made half-width,
// letters upper-cased. It does not check the code; ValidateUSCC does.
func NormalizeUSCC(raw string) string {
	if canonicalASCII(raw) {
		return raw // as most codes are typed: nothing to fold, squeeze or upper-case
	}
	return strings.ToUpper(squeeze(fold(raw)))
}

// canonicalASCII reports s made only of digits and capital letters.
func canonicalASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// USCCCheckChar computes the check character (the 18th) of the first 17 characters
// of a code. ok is false when body is not 17 characters of the alphabet.
func USCCCheckChar(body string) (byte, bool) {
	if len(body) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(usccAlphabet, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return usccAlphabet[c], true
}

// usccValues is each character's value in usccAlphabet plus one, 0 for the others.
var usccValues = func() (v [256]int8) {
	for i := range len(usccAlphabet) {
		v[usccAlphabet[i]] = int8(i + 1)
	}
	return v
}()

// validUSCC reports a valid code quickly, as most are: 18 characters of the alphabet
// ending in the right check character. Anything else ValidateUSCC words.
func validUSCC(code string) bool {
	if len(code) != 18 {
		return false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := int(usccValues[code[i]])
		if v == 0 {
			return false
		}
		sum += (v - 1) * usccWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return code[17] == usccAlphabet[c]
}

// ValidateUSCC checks a canonical code (see NormalizeUSCC): 18 characters of the
// alphabet and the check character of GB 32100-2015. The error says, in Chinese,
// which of these is wrong.
func ValidateUSCC(code string) error {
	if validUSCC(code) {
		return nil
	}
	return usccProblem(code)
}

// usccProblem is what is wrong with a code, nil when nothing is: ValidateUSCC for the
// codes validUSCC does not pass.
func usccProblem(code string) error {
	if strings.Contains(code, "E+") && scientific.MatchString(code) {
		return fmt.Errorf("被 Excel 当成了数字（显示为 %s），请把单元格设为文本后重新输入 18 位代码", code)
	}
	if n := utf8.RuneCountInString(code); n != 18 {
		return fmt.Errorf("位数不对：应为 18 位，现在是 %d 位", n)
	}
	for _, r := range code {
		if !strings.ContainsRune(usccAlphabet, r) {
			if strings.ContainsRune("IOSVZ", r) {
				return fmt.Errorf("含有字母“%c”：统一社会信用代码不用 I、O、S、V、Z，请核对是否为数字 1、0、5、2 等", r)
			}
			return fmt.Errorf("含有“%c”：只能是数字和大写字母", r)
		}
	}
	check, _ := USCCCheckChar(code[:17])
	if code[17] != check {
		return fmt.Errorf("校验位不对（某一位抄错了）：请对照营业执照逐位核对")
	}
	return nil
}
