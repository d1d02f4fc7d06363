package mail

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
)

// entity is one MIME entity: a whole mail or one part of a multipart. Its header
// values are unfolded but not decoded; its body is a slice of the mail's bytes.
type entity struct {
	header []headerField
	body   []byte
}

type headerField struct {
	name  string // lower case
	value []byte
}

// parseEntity splits data into header fields and body. The header ends at the first
// empty line, or leniently at the first line that is not a header field (which then
// starts the body, as Python's email package reads it). ok is false when the first
// line is no header field at all; with first set, the body is then empty.
func parseEntity(data []byte, first bool) (*entity, bool) {
	e := &entity{}
	pos := 0
	for pos < len(data) {
		line, next := nextLine(data, pos)
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			e.body = data[next:]
			return e, true
		}
		if line[0] == ' ' || line[0] == '\t' {
			if len(e.header) == 0 {
				break
			}
			h := &e.header[len(e.header)-1]
			h.value = append(h.value, line...) // unfolding removes only the line break
			pos = next
			continue
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 || !fieldName(bytes.TrimRight(line[:colon], " \t")) {
			break
		}
		e.header = append(e.header, headerField{
			name:  strings.ToLower(string(bytes.TrimRight(line[:colon], " \t"))),
			value: append([]byte(nil), line[colon+1:]...),
		})
		pos = next
	}
	if len(e.header) == 0 {
		if first {
			return e, false
		}
		e.body = data
		return e, false
	}
	e.body = data[pos:]
	return e, true
}

// nextLine returns the line at pos without its "\n", and where the next one starts.
func nextLine(data []byte, pos int) ([]byte, int) {
	if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
		return data[pos : pos+i], pos + i + 1
	}
	return data[pos:], len(data)
}

// fieldName reports whether b is an RFC 5322 field name: printable ASCII but colon.
func fieldName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

// get returns the first field of that (lower-case) name.
func (e *entity) get(name string) ([]byte, bool) {
	for _, h := range e.header {
		if h.name == name {
			return h.value, true
		}
	}
	return nil, false
}

func (e *entity) has(name string) bool { _, ok := e.get(name); return ok }

// hasMailHeader reports whether the header holds any field a mail has.
func (e *entity) hasMailHeader() bool {
	for _, h := range e.header {
		switch h.name {
		case "from", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type",
			"received", "return-path", "sender", "reply-to", "delivered-to", "x-mailer", "x-unsent":
			return true
		}
	}
	return false
}

// contentType is the lower-case media type ("" when missing or not type/subtype) and
// its decoded parameters.
func (e *entity) contentType() (string, map[string]string) {
	v, _ := e.get("content-type")
	media, params := parseParams(headerText(v))
	if i := strings.IndexByte(media, '/'); i <= 0 || i == len(media)-1 {
		media = ""
	}
	return media, params
}

// disposition is the lower-case disposition type and its decoded parameters.
func (e *entity) disposition() (string, map[string]string) {
	v, _ := e.get("content-disposition")
	return parseParams(headerText(v))
}

// parseParams reads `value; key=val; key="quoted"; key*=charset'lang'%XX; key*0*=…`
// leniently: unquoted values run to the next semicolon, a backslash in a quoted string
// escapes only a quote or a backslash (Windows paths stay whole, as Python reads
// them), RFC 2231 values in any charset and their continuations are joined and
// decoded, and RFC 2047 encoded words in plain values are decoded. The first of
// repeated parameters wins.
func parseParams(s string) (string, map[string]string) {
	value, rest, _ := strings.Cut(s, ";")
	value = strings.ToLower(strings.TrimSpace(value))
	raw := map[string]string{}
	for rest != "" {
		rest = strings.TrimLeft(rest, " \t;")
		eq := strings.IndexAny(rest, "=;")
		if eq < 0 {
			break
		}
		if rest[eq] == ';' {
			rest = rest[eq:]
			continue
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			val, rest = unquote(rest[1:])
			if i := strings.IndexByte(rest, ';'); i >= 0 {
				rest = rest[i:]
			} else {
				rest = ""
			}
		} else {
			val, rest, _ = strings.Cut(rest, ";")
			val = strings.TrimSpace(val)
		}
		if _, dup := raw[key]; !dup && key != "" {
			raw[key] = val
		}
	}
	return value, assembleParams(raw)
}

// unquote reads a quoted string up to its closing quote (or the end) and returns it
// with what follows the quote.
func unquote(s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return b.String(), s[i+1:]
		case c == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// piece is one RFC 2231 continuation: key*N= (literal) or key*N*= (percent-encoded).
type piece struct {
	value   string
	encoded bool
}

// assembleParams joins and decodes RFC 2231 parameters. For each name, key*= beats
// the key*0…key*N continuations, which beat a plain key=.
func assembleParams(raw map[string]string) map[string]string {
	out := map[string]string{}
	pieces := map[string]map[int]piece{}
	extended := map[string]string{}
	for k, v := range raw {
		star := strings.IndexByte(k, '*')
		if star < 0 {
			continue
		}
		base, suffix := k[:star], k[star+1:]
		if suffix == "" {
			extended[base] = decode2231(v)
			continue
		}
		encoded := strings.HasSuffix(suffix, "*")
		n, err := strconv.Atoi(strings.TrimSuffix(suffix, "*"))
		if err != nil || n < 0 || strings.HasPrefix(suffix, "+") {
			continue
		}
		if pieces[base] == nil {
			pieces[base] = map[int]piece{}
		}
		pieces[base][n] = piece{v, encoded}
	}
	for k, v := range raw {
		if !strings.Contains(k, "*") {
			out[k] = decodeWords(v)
		}
	}
	for base, ps := range pieces {
		out[base] = joinPieces(ps)
	}
	for base, v := range extended {
		out[base] = v
	}
	return out
}

// joinPieces joins continuations 0, 1, 2, … up to the first one missing. The charset
// is named at the start of piece 0 when that piece is encoded.
func joinPieces(ps map[int]piece) string {
	keys := make([]int, 0, len(ps))
	for n := range ps {
		keys = append(keys, n)
	}
	sort.Ints(keys)
	var (
		b       []byte
		charset string
		anyEnc  bool
	)
	for i, n := range keys {
		if n != i {
			break
		}
		p := ps[n]
		v := p.value
		if p.encoded {
			anyEnc = true
			if n == 0 {
				var ok bool
				if charset, v, ok = splitCharset(v); !ok {
					v = p.value
				}
			}
			b = append(b, percentDecode(v)...)
		} else {
			b = append(b, v...)
		}
	}
	if !anyEnc {
		return decodeWords(string(b))
	}
	return decodeCharset(charset, b)
}

// decode2231 decodes charset'language'%XX… (the charset and language may be empty).
func decode2231(v string) string {
	charset, rest, ok := splitCharset(v)
	if !ok {
		return decodeCharset("", percentDecode(v))
	}
	return decodeCharset(charset, percentDecode(rest))
}

func splitCharset(v string) (charset, rest string, ok bool) {
	charset, rest, ok = strings.Cut(v, "'")
	if !ok {
		return "", v, false
	}
	_, rest, ok = strings.Cut(rest, "'")
	if !ok {
		return "", v, false
	}
	return charset, rest, true
}

// percentDecode turns %XX into bytes and leaves any other % as it is.
func percentDecode(s string) []byte {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if h, ok := unhex2(s[i+1], s[i+2]); ok {
				b = append(b, h)
				i += 2
				continue
			}
		}
		b = append(b, s[i])
	}
	return b
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func unhex2(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

// splitMultipart cuts a multipart body at its boundary delimiter lines, "--boundary"
// alone on a line (trailing white space allowed) and the close delimiter
// "--boundary--". The preamble and epilogue are dropped, and so is the line break
// before each delimiter, which belongs to it. found is false when no delimiter is
// there; closed is false when the close delimiter is missing, and the last part then
// runs to the end. At most max parts are returned.
func splitMultipart(body []byte, boundary string, max int) (parts [][]byte, found, closed bool) {
	boundary = strings.TrimRight(boundary, " \t")
	if boundary == "" {
		return nil, false, false
	}
	delim := []byte("--" + boundary)
	start, open := 0, false
	for i := 0; i < len(body); {
		j := bytes.Index(body[i:], delim)
		if j < 0 {
			break
		}
		p := i + j
		i = p + len(delim)
		if p > 0 && body[p-1] != '\n' || p < start {
			continue
		}
		line, next := nextLine(body, i)
		line = bytes.TrimRight(line, " \t\r")
		isClose := bytes.HasPrefix(line, []byte("--"))
		if len(line) > 0 && !isClose {
			continue // --boundaryX: another boundary that starts with ours
		}
		found = true
		if open {
			end := p
			if end > start && body[end-1] == '\n' {
				end--
				if end > start && body[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, body[start:end])
		}
		if isClose {
			return parts, true, true
		}
		if len(parts) >= max {
			return parts, true, true
		}
		start, open, i = next, true, next
	}
	if open {
		parts = append(parts, body[start:])
	}
	return parts, found, false
}

const (
	cteRaw = iota
	cteBase64
	cteQP
	cteUnknown
)

// transferKind reads Content-Transfer-Encoding leniently ("Base64", "base-64", "8-bit").
func transferKind(v string) int {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), `"`))
	switch {
	case v == "" || v == "7bit" || v == "8bit" || v == "binary":
		return cteRaw
	case v == "base64" || strings.Contains(v, "64"):
		return cteBase64
	case v == "quoted-printable" || strings.Contains(v, "quoted"):
		return cteQP
	case strings.Contains(v, "bit") || strings.Contains(v, "binary"):
		return cteRaw
	}
	return cteUnknown
}

var base64Values = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = int8(i)
	}
	return t
}()

// decodeBase64 decodes leniently: characters outside the alphabet (line breaks, white
// space) are skipped, padding may be missing, and "=" ends a group anywhere, so
// concatenated base64 blocks decode too. With dst nil it only counts; otherwise dst
// must hold the count.
func decodeBase64(src, dst []byte) int {
	n, acc, k := 0, uint32(0), 0
	emit := func(c byte) {
		if dst != nil {
			dst[n] = c
		}
		n++
	}
	flush := func() {
		switch k {
		case 2:
			emit(byte(acc >> 4))
		case 3:
			emit(byte(acc >> 10))
			emit(byte(acc >> 2))
		}
		acc, k = 0, 0
	}
	for _, c := range src {
		v := base64Values[c]
		if v < 0 {
			if c == '=' {
				flush()
			}
			continue
		}
		acc = acc<<6 | uint32(v)
		k++
		if k == 4 {
			emit(byte(acc >> 16))
			emit(byte(acc >> 8))
			emit(byte(acc))
			acc, k = 0, 0
		}
	}
	flush()
	return n
}

// decodeQP decodes quoted-printable leniently: "=XX" in either case, soft line breaks
// "=" at a line's end, white space at a line's end dropped (RFC 2045 §6.7), any other
// "=" kept as it is, and hard line breaks kept as they are (CRLF or LF). With dst nil
// it only counts; otherwise dst must hold the count.
func decodeQP(src, dst []byte) int {
	n := 0
	emit := func(c byte) {
		if dst != nil {
			dst[n] = c
		}
		n++
	}
	for pos := 0; pos < len(src); {
		line, next := nextLine(src, pos)
		hasLF := next > pos+len(line)
		hasCR := bytes.HasSuffix(line, []byte("\r"))
		line = bytes.TrimRight(line, " \t\r")
		soft := bytes.HasSuffix(line, []byte("="))
		if soft {
			line = line[:len(line)-1]
		}
		for i := 0; i < len(line); i++ {
			if line[i] == '=' && i+2 < len(line) {
				if b, ok := unhex2(line[i+1], line[i+2]); ok {
					emit(b)
					i += 2
					continue
				}
			}
			emit(line[i])
		}
		if hasLF && !soft {
			if hasCR {
				emit('\r')
			}
			emit('\n')
		}
		pos = next
	}
	return n
}
