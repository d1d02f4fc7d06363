package mail

import (
	netmail "net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/transform"
)

// headerText is a header value as text. Chinese Outlook and Foxmail sometimes send
// GBK bytes in headers unencoded; a value that is not UTF-8 is read as GB18030, of
// which GBK and GB2312 are subsets.
func headerText(v []byte) string {
	if utf8.Valid(v) {
		return string(v)
	}
	return decodeWith(simplifiedchinese.GB18030, v)
}

// charsetEncoding finds the encoding a MIME charset names; nil for UTF-8 and ASCII
// and for charsets it does not know.
func charsetEncoding(charset string) encoding.Encoding {
	cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"`))
	if i := strings.IndexByte(cs, '*'); i >= 0 { // RFC 2231 §5 language: utf-8*zh-cn
		cs = cs[:i]
	}
	switch cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii", "unknown-8bit", "x-unknown", "default":
		return nil
	case "gbk", "gb2312", "gb18030", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn", "csgb2312", "chinese", "x-euc-cn":
		return simplifiedchinese.GB18030
	case "hz-gb-2312", "hz":
		return simplifiedchinese.HZGB2312
	case "big5", "big5-hkscs", "cp950", "x-x-big5", "csbig5", "ms950", "windows-950":
		return traditionalchinese.Big5
	}
	switch { // Python writes eucgb2312_cn; others x-mac-chinesesimp, cp-936 …
	case strings.Contains(cs, "gb") || strings.Contains(cs, "936"):
		return simplifiedchinese.GB18030
	case strings.Contains(cs, "big5") || strings.Contains(cs, "950"):
		return traditionalchinese.Big5
	}
	e, err := htmlindex.Get(cs)
	if err != nil || e == encoding.Replacement {
		return nil
	}
	return e
}

// decodeCharset turns bytes in a charset into UTF-8. Unknown or UTF-8-labelled bytes
// that are not UTF-8 are read as GB18030, the likeliest truth in a Chinese office's
// mail.
func decodeCharset(charset string, b []byte) string {
	if e := charsetEncoding(charset); e != nil {
		return decodeWith(e, b)
	}
	return headerText(b)
}

func decodeWith(e encoding.Encoding, b []byte) string {
	s, _, err := transform.Bytes(e.NewDecoder(), b)
	if err != nil {
		return strings.ToValidUTF8(string(b), "\uFFFD")
	}
	return strings.ToValidUTF8(string(s), "\uFFFD")
}

// decodeWords decodes RFC 2047 encoded words anywhere in s, inside quoted strings too
// (Outlook writes filename="=?GBK?B?…?="). Adjacent words in the same charset are
// joined before conversion, so a character split between them survives (a
// mime.WordDecoder converts each word on its own and loses it); white space
// between encoded words is dropped. What does not parse as an encoded word stays as
// it is.
func decodeWords(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	var (
		out     strings.Builder
		charset string
		pending []byte
		active  bool
	)
	flush := func() {
		if active {
			out.WriteString(decodeCharset(charset, pending))
			pending, active = pending[:0], false
		}
	}
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "=?")
		if j < 0 {
			flush()
			out.WriteString(s[i:])
			break
		}
		cs, data, n, ok := encodedWord(s[i+j:])
		if !ok {
			if n < 0 { // no "?=" anywhere further: no word can follow
				flush()
				out.WriteString(s[i:])
				break
			}
			flush()
			out.WriteString(s[i : i+j+2])
			i += j + 2
			continue
		}
		between := s[i : i+j]
		joinable := active && strings.TrimSpace(between) == ""
		if joinable && strings.EqualFold(cs, charset) {
			pending = append(pending, data...)
		} else {
			flush()
			if !joinable {
				out.WriteString(between)
			}
			charset, pending, active = cs, append(pending[:0], data...), true
		}
		i += j + n
	}
	flush()
	return out.String()
}

// encodedWord parses =?charset?B|Q?text?= at the start of s and returns its charset,
// its bytes and its length. n is -1 when s holds no "?=" after the encoding: then no
// encoded word can start further on either.
func encodedWord(s string) (charset string, data []byte, n int, ok bool) {
	rest := s[2:]
	q := strings.IndexByte(rest, '?')
	if q <= 0 || strings.ContainsAny(rest[:q], " \t\r\n\"()<>@,;:[]=") {
		return "", nil, 0, false
	}
	charset, rest = rest[:q], rest[q+1:]
	if len(rest) < 2 || rest[1] != '?' {
		return "", nil, 0, false
	}
	enc := rest[0] | 0x20
	if enc != 'b' && enc != 'q' {
		return "", nil, 0, false
	}
	rest = rest[2:]
	end := strings.Index(rest, "?=")
	if end < 0 {
		return "", nil, -1, false
	}
	text := rest[:end]
	n = len(s) - len(rest) + end + 2
	if enc == 'b' {
		data = make([]byte, decodeBase64([]byte(text), nil))
		decodeBase64([]byte(text), data)
	} else {
		for i := 0; i < len(text); i++ {
			switch c := text[i]; {
			case c == '_':
				data = append(data, ' ')
			case c == '=' && i+2 < len(text):
				if h, ok := unhex2(text[i+1], text[i+2]); ok {
					data = append(data, h)
					i += 2
				} else {
					data = append(data, c)
				}
			default:
				data = append(data, c)
			}
		}
	}
	return charset, data, n, true
}

// displayAddress shows a From field as people read it: 张三 <zs@example.gov.cn>.
func displayAddress(v string) string {
	s := oneLine(decodeWords(v))
	list, err := netmail.ParseAddressList(s)
	if err != nil || len(list) == 0 {
		return s
	}
	shown := make([]string, len(list))
	for i, a := range list {
		if a.Name == "" {
			shown[i] = a.Address
		} else {
			shown[i] = a.Name + " <" + a.Address + ">"
		}
	}
	return strings.Join(shown, ", ")
}

var (
	timeOfDay = regexp.MustCompile(`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?`)
	comment   = regexp.MustCompile(`\([^()]*\)|（[^（）]*）`)
	numZone   = regexp.MustCompile(`(?i)^(?:gmt|utc|ut)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$`)
	isoDate   = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})`)
	dmyDate   = regexp.MustCompile(`(\d{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s,-]+(\d{4})`)
	mdyDate   = regexp.MustCompile(`([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?`)
	yearOnly  = regexp.MustCompile(`^\s*(\d{4})\b`)
	rfcZone   = regexp.MustCompile(`^(?:[+-]\d{4}|[A-Za-z]{1,5})$`)
)

// zoneOffsets are the zone names mail clients write instead of a numeric offset. CST
// is China Standard Time here, not the US Central of RFC 5322: these are Chinese
// offices' mails.
var zoneOffsets = map[string]int{
	"ut": 0, "utc": 0, "gmt": 0, "z": 0,
	"cst": 8, "bjt": 8, "hkt": 8, "ct": 8, "beijing": 8,
	"jst": 9, "kst": 9,
	"est": -5, "edt": -4, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}

// china is the zone assumed for a date written without one.
var china = time.FixedZone("CST", 8*3600)

// parseDate reads a Date header: RFC 5322 first (net/mail), then the forms Chinese
// clients write: no weekday or one without a comma, a Chinese weekday, 2023-10-09 or
// 2023年10月9日, GMT+08:00, a zone name, no zone at all (then +0800).
func parseDate(v string) (time.Time, bool) {
	if len(v) > 200 { // no client writes such a date: not worth reading
		return time.Time{}, false
	}
	s := strings.TrimSpace(comment.ReplaceAllString(oneLine(v), " "))
	if s == "" {
		return time.Time{}, false
	}
	loc := timeOfDay.FindStringIndex(s)
	if loc == nil {
		return time.Time{}, false
	}
	zone, zoned := readZone(s[loc[1]:])
	// net/mail reads a zone name it does not know (CST) as UTC, and misreads GMT+8: take
	// its answer only for an RFC 5322 zone, and when it agrees with the zone read here.
	if rfcZone.MatchString(strings.TrimSpace(s[loc[1]:])) {
		if t, err := netmail.ParseDate(s); err == nil && sane(t) {
			if _, off := t.Zone(); !zoned || offset(off/60) == zone {
				return t, true
			}
		}
	}
	return fallbackDate(s, loc, zone, zoned)
}

func sane(t time.Time) bool { return t.Year() >= 1970 && t.Year() <= 9999 }

// offset is a zone offset in minutes, written as RFC 5322 writes it.
type offset int

func (o offset) String() string {
	sign, m := '+', int(o)
	if m < 0 {
		sign, m = '-', -m
	}
	return string(sign) + pad2(m/60) + pad2(m%60)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// readZone reads what follows the time of day: a numeric offset, a zone name, or a
// year then either (asctime). zoned is false when there is no zone.
func readZone(s string) (offset, bool) {
	s = strings.TrimSpace(yearOnly.ReplaceAllString(s, ""))
	if s == "" {
		return 0, false
	}
	fields := strings.Fields(s)
	for _, f := range fields {
		if m := numZone.FindStringSubmatch(f); m != nil {
			h, _ := strconv.Atoi(m[2])
			min, _ := strconv.Atoi(m[3])
			if h > 14 || min > 59 {
				return 0, false
			}
			o := offset(h*60 + min)
			if m[1] == "-" {
				o = -o
			}
			return o, true
		}
		if h, ok := zoneOffsets[strings.ToLower(f)]; ok {
			return offset(h * 60), true
		}
	}
	return 0, false
}

var months = map[string]time.Month{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

func month(name string) (time.Month, bool) {
	if len(name) < 3 {
		return 0, false
	}
	m, ok := months[strings.ToLower(name[:3])]
	return m, ok
}

func fallbackDate(s string, loc []int, zone offset, zoned bool) (time.Time, bool) {
	datePart := s[:loc[0]]
	var (
		y, d int
		m    time.Month
		ok   bool
	)
	if g := isoDate.FindStringSubmatch(datePart); g != nil {
		y, _ = strconv.Atoi(g[1])
		mm, _ := strconv.Atoi(g[2])
		m, ok = time.Month(mm), true
		d, _ = strconv.Atoi(g[3])
	} else if g := dmyDate.FindStringSubmatch(datePart); g != nil {
		d, _ = strconv.Atoi(g[1])
		m, ok = month(g[2])
		y, _ = strconv.Atoi(g[3])
	} else if g := mdyDate.FindStringSubmatch(datePart); g != nil {
		m, ok = month(g[1])
		d, _ = strconv.Atoi(g[2])
		year := g[3]
		if year == "" { // asctime: Mon Oct  9 16:05:00 2023
			if yy := yearOnly.FindStringSubmatch(s[loc[1]:]); yy != nil {
				year = yy[1]
			}
		}
		y, _ = strconv.Atoi(year)
	}
	if !ok || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	tm := timeOfDay.FindStringSubmatch(s[loc[0]:loc[1]])
	hh, _ := strconv.Atoi(tm[1])
	mi, _ := strconv.Atoi(tm[2])
	ss, _ := strconv.Atoi(tm[3])
	if hh > 23 || mi > 59 || ss > 60 {
		return time.Time{}, false
	}
	where := china
	if zoned {
		where = time.FixedZone("", int(zone)*60)
	}
	t := time.Date(y, m, d, hh, mi, ss, 0, where)
	if t.Day() != d || !sane(t) {
		return time.Time{}, false
	}
	return t, true
}
