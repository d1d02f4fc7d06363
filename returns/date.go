package returns

import (
	"regexp"
	"strconv"
	"time"
)

// maxExcelSerial is 9999-12-31, the last date Excel can hold.
const maxExcelSerial = 2958465

var (
	serialPattern = regexp.MustCompile(`^0*\d{1,7}(\.\d+)?$`)
	compactDate   = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	// 2023-9-30, 2023/09/30, 2023.9.30, 2023年9月30日 (or 号), optionally followed by a time.
	textDate = regexp.MustCompile(`^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*(?:日|号)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z)?)?$`)
)

// NormalizeDate reads a date cell: an Excel serial as stored (45199, or 45199.5 with
// a time of day, which is dropped) or a date typed as text — 2023-9-30, 2023/09/30,
// 2023.9.30, 2023年9月30日, 20230930 (full-width digits too). It returns the day at
// 00:00 UTC and false for anything that is not a real calendar date.
//
// Serials follow excelize's ExcelDateToTime in the 1900 date system: 1 is 1900-01-01,
// 61 is 1900-03-01, and 60, Excel's fictitious 1900-02-29, reads as 1900-02-28 as it
// does there. 0 (Excel's 1900-01-00) is not a date.
func NormalizeDate(raw string) (time.Time, bool) {
	s := trim(fold(raw))
	if m := compactDate.FindStringSubmatch(s); m != nil {
		if d, ok := calendarDate(m[1], m[2], m[3]); ok {
			return d, true
		} // else perhaps a serial
	}
	if serialPattern.MatchString(s) {
		whole, _, _ := cutDot(s)
		n, err := strconv.Atoi(whole)
		if err != nil {
			return time.Time{}, false
		}
		return excelSerialDate(n)
	}
	if m := textDate.FindStringSubmatch(s); m != nil {
		return calendarDate(m[1], m[2], m[3])
	}
	return time.Time{}, false
}

// excelSerialDate is the date of a whole Excel serial in the 1900 date system.
func excelSerialDate(n int) (time.Time, bool) {
	switch {
	case n < 1 || n > maxExcelSerial:
		return time.Time{}, false
	case n < 60: // before the fictitious 1900-02-29
		return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
	case n == 60:
		return time.Date(1900, 2, 28, 0, 0, 0, 0, time.UTC), true
	}
	return time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), true
}

// calendarDate builds a date and refuses ones that do not exist (2023-02-30) or that
// Excel cannot hold (before 1900).
func calendarDate(ys, ms, ds string) (time.Time, bool) {
	y, _ := strconv.Atoi(ys)
	m, _ := strconv.Atoi(ms)
	d, _ := strconv.Atoi(ds)
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

func cutDot(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
