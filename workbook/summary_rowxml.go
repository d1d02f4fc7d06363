package workbook

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// appendRowXML appends one <row> of a worksheet's sheetData to b, byte for byte as
// excelize's StreamWriter.SetRow writes it (excelize v2.11.1, stream.go: SetRow,
// writeCell; cell.go: setInlineStr, trimCellValue, formatCellFloat; lib.go:
// bstrMarshal) for the values a sheetTable holds: nil, string, float64 and int in
// an excelize.Cell with a style and no formula. The 汇总表 writes its rows through
// this instead of the stream writer so that a sheet's rows go to a temporary file as
// they are laid out (rowSpool) rather than into excelize's per-sheet buffers, which
// live until the whole workbook is written. TestRowXMLMatchesStreamWriter holds it
// to excelize's bytes.
func appendRowXML(b []byte, r int, height float64, cells []excelize.Cell) ([]byte, error) {
	if height > excelize.MaxRowHeight {
		return b, excelize.ErrMaxRowHeight
	}
	rs := strconv.Itoa(r)
	b = append(b, `<row r="`...)
	b = append(b, rs...)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	for j := range cells {
		c := &cells[j]
		if c.StyleID == 0 && c.Value == nil {
			continue
		}
		b = append(b, `<c r="`...)
		b = append(b, columnLetters(j+1)...)
		b = append(b, rs...)
		b = append(b, '"')
		if c.StyleID != 0 {
			b = append(b, ` s="`...)
			b = strconv.AppendInt(b, int64(c.StyleID), 10)
			b = append(b, '"')
		}
		switch v := c.Value.(type) {
		case nil:
			b = append(b, '>')
		case int:
			b = append(b, `><v>`...)
			b = strconv.AppendInt(b, int64(v), 10)
			b = append(b, `</v>`...)
		case float64:
			if math.IsNaN(v) || math.IsInf(v, 0) {
				b = appendInlineStr(b, fmt.Sprint(v))
			} else {
				b = append(b, `><v>`...)
				b = appendEscaped(b, formatCellFloat(v))
				b = append(b, `</v>`...)
			}
		case string:
			b = appendInlineStr(b, v)
		default:
			b = appendInlineStr(b, fmt.Sprint(v))
		}
		b = append(b, `</c>`...)
	}
	return append(b, `</row>`...), nil
}

// appendInlineStr is the type attribute and body of an inline string cell
// (setInlineStr, trimCellValue with escaping, writeCell).
func appendInlineStr(b []byte, s string) []byte {
	if len(s) > excelize.TotalCellChars && countUTF16(s) > excelize.TotalCellChars {
		s = truncateUTF16(s, excelize.TotalCellChars)
	}
	b = append(b, ` t="inlineStr"><is><t`...)
	if s != "" {
		first, last := s[0], s[len(s)-1]
		for _, space := range []byte{9, 10, 13, 32} {
			if first == space || last == space {
				b = append(b, ` xml:space="preserve"`...)
				break
			}
		}
	}
	b = append(b, '>')
	start := len(b)
	b = appendEscaped(b, s)
	if esc := string(b[start:]); strings.Contains(esc, "&#xA;") || strings.Contains(esc, "_x") {
		esc = bstrMarshal(strings.ReplaceAll(esc, "&#xA;", "\n"))
		b = append(b[:start], esc...)
	}
	return append(b, `</t></is>`...)
}

// columnLetters is a column's name: from the table of stamp_xml.go for the first
// columns (a list sheet writes them a hundred thousand times), else computed.
func columnLetters(col int) string {
	if col >= 1 && col <= len(columnNames) {
		return columnNames[col-1]
	}
	return colName(col)
}

// formatCellFloat is excelize's: the shortest decimal of v, cut to Excel's 15
// significant digits.
func formatCellFloat(value float64) string {
	str := strconv.FormatFloat(value, 'f', -1, 64)
	if math.Abs(value) == math.MaxFloat64 {
		return str
	}
	const maxPrec = 15
	decimal := strings.IndexByte(str, '.')
	significant := 0
	for idx := range str {
		if str[idx] < '0' || str[idx] > '9' || significant == 0 && str[idx] == '0' {
			continue
		}
		significant++
		if significant <= maxPrec {
			continue
		}
		if decimal >= 0 && idx > decimal {
			return strings.TrimSuffix(str[:idx], ".")
		}
		if decimal < 0 {
			decimal = len(str)
		}
		truncated := []byte(str[:decimal])
		for ; idx < len(truncated); idx++ {
			truncated[idx] = '0'
		}
		return string(truncated)
	}
	return str
}

var (
	bstrExp       = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)
	bstrEscapeExp = regexp.MustCompile(`x[a-fA-F\d]{4}_`)
)

// bstrMarshal is excelize's: a literal _xHHHH_ in a text is escaped as _x005F_xHHHH_
// so that readers do not take it for an escaped character.
func bstrMarshal(s string) (result string) {
	matches, l, cursor := bstrExp.FindAllStringSubmatchIndex(s, -1), len(s), 0
	for _, match := range matches {
		result += s[cursor:match[0]]
		subStr := s[match[0]:match[1]]
		if subStr == "_x005F_" {
			cursor = match[1]
			if match[1]+6 <= l && bstrEscapeExp.MatchString(s[match[1]:match[1]+6]) {
				_, err := strconv.Unquote(`"\u` + s[match[1]+1:match[1]+5] + `"`)
				if err == nil {
					result += subStr + "x005F" + subStr
					continue
				}
			}
			result += subStr + "x005F_"
			continue
		}
		if bstrExp.MatchString(subStr) {
			cursor = match[1]
			if _, err := strconv.Unquote(`"\u` + s[match[0]+2:match[1]-1] + `"`); err == nil {
				result += "_x005F" + subStr
				continue
			}
		}
	}
	if cursor < l {
		result += s[cursor:]
	}
	return result
}

func countUTF16(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, length int) string {
	n := 0
	for i, r := range s {
		if n += utf16.RuneLen(r); n > length {
			return s[:i]
		}
	}
	return s
}
