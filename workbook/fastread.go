package workbook

// A fast path for ReadTemplate: the sheets' XML scanned directly instead of decoded by
// excelize, which spends 7.7 MB and 12 ms a file in encoding/xml (measured on 1,300
// province-size returns: 14.6 → 2.0 ms a file). It reads only what tenglong's own
// templates and the office suites that re-save them write; on anything else —
// prefixed element names, _xHHHH_ escapes, CDATA, dates or booleans stored as such,
// anything malformed — it gives up with errFallback and ReadTemplate uses excelize,
// so the result never depends on the path taken (TestFastReadMatchesExcelize). What
// is over the reading limits (checkXML, below) it refuses with ErrDamaged instead:
// excelize would not be safer.

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// errFallback says the fast path met something it does not read: use excelize.
var errFallback = errors.New("workbook: fast read does not handle this file")

// fastErr keeps a refusal (ErrDamaged) and turns anything else into errFallback.
func fastErr(err error) error {
	if errors.Is(err, ErrDamaged) {
		return err
	}
	return errFallback
}

type fastBook struct {
	p       *pkg
	sheets  map[string]string // name → part path
	sst     []string
	scratch []byte // formulas checked, not kept
}

func openFast(p *pkg) (*fastBook, error) {
	p.reset()
	if _, err := p.sheetParts(); err != nil {
		return nil, err
	}
	b := &fastBook{p: p, sheets: p.partOfSheet}
	if p.sstName != "" {
		x, err := p.read(p.sstName, partSST)
		if err != nil {
			return nil, err
		}
		if unusual(x) {
			return nil, errFallback
		}
		if b.sst, err = scanSST(x, p.sst); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// unusual reports XML the scanner does not read: CDATA sections, comments,
// processing instructions and declarations (a scanner would read the markup inside
// them as cells), _xHHHH_ escapes (which excelize decodes), prefixed element names
// such as <x:c>, and parts not in UTF-8 (a UTF-16 part, with or without its byte order
// mark, would scan as empty: every cell silently lost).
func unusual(x []byte) bool {
	if bytes.IndexByte(x, 0) >= 0 {
		return true
	}
	x = bytes.TrimPrefix(x, []byte("\xEF\xBB\xBF"))
	if bytes.HasPrefix(x, []byte("<?xml")) {
		end := bytes.Index(x, []byte("?>"))
		if end < 0 {
			return true
		}
		if enc := declaredEncoding(x[:end]); enc != "" && !strings.EqualFold(enc, "UTF-8") {
			return true
		}
		x = x[end+2:]
	}
	if follows(x, '<', '!') || follows(x, '<', '?') || bytes.Contains(x, []byte("_x")) {
		return true
	}
	// Prefixed names: one pass over the colons (a few namespace declarations) rather
	// than one over the part for each name.
	for {
		i := bytes.IndexByte(x, ':')
		if i < 0 {
			return false
		}
		x = x[i+1:]
		if bytes.HasPrefix(x, []byte("c ")) || bytes.HasPrefix(x, []byte("c>")) || bytes.HasPrefix(x, []byte("row")) ||
			bytes.HasPrefix(x, []byte("si")) || bytes.HasPrefix(x, []byte("t>")) {
			return true
		}
	}
}

// follows reports whether b appears in x right after a: searched by the rarer b, as
// bytes.Index would search "<!" by the '<' every tag starts with.
func follows(x []byte, a, b byte) bool {
	if len(x) < 2 {
		return false
	}
	for i := 1; ; {
		j := bytes.IndexByte(x[i:], b)
		if j < 0 {
			return false
		}
		if i += j; x[i-1] == a {
			return true
		}
		i++
	}
}

// declaredEncoding is the encoding an XML declaration names, "" when none.
func declaredEncoding(decl []byte) string {
	enc := ""
	eachAttr(decl, func(name, value []byte) bool {
		if string(name) == "encoding" {
			enc = string(value)
		}
		return true
	})
	return enc
}

// startsElement reports whether b (what follows '<') opens the element name: the name
// and then a space, '>' or '/' (so <c does not match <col, nor <t match <tx).
func startsElement(b []byte, name string) bool {
	return bytes.HasPrefix(b, []byte(name)) && len(b) > len(name) &&
		(isSpace(b[len(name)]) || b[len(name)] == '>' || b[len(name)] == '/')
}

// plainEndTags reports whether every end tag in b is written without spaces (</c>,
// not </c >): the scanner finds the ends of cells and texts by their exact bytes.
func plainEndTags(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("</"))
		if i < 0 {
			return true
		}
		b = b[i+2:]
		for j, c := range b {
			if c == '>' {
				break
			}
			if isSpace(c) || c == '<' {
				return false
			}
			if j == len(b)-1 {
				return false
			}
		}
	}
}

// scanSST reads <si> items: the text of their <t> elements, outside <rPh>. n is how
// many checkXML counted. The texts are decoded into one buffer and made one string,
// which the items are slices of: a table of a couple of thousand strings is three
// allocations, not a couple of thousand.
func scanSST(x []byte, n int) ([]string, error) {
	if !plainEndTags(x) {
		return nil, errFallback
	}
	sb, _ := sstBuffers.Get().(*sstBuffer)
	if sb == nil {
		sb = &sstBuffer{}
	}
	defer sstBuffers.Put(sb)
	text := slices.Grow(sb.text[:0], max(len(x)-16*n, 0)) // each item's <si><t></t></si> is 16 bytes of markup
	ends := slices.Grow(sb.ends[:0], n)
	defer func() {
		if cap(text) > keptBufferBytes { // an outsized table is not kept
			text, ends = nil, nil
		}
		sb.text, sb.ends = text[:0], ends[:0]
	}()
	for {
		i := bytes.Index(x, []byte("<si"))
		if i < 0 {
			break
		}
		x = x[i+1:]
		if !startsElement(x, "si") {
			continue // <sis…>, not an item
		}
		gt := tagEnd(x)
		if gt < 0 {
			return nil, errFallback
		}
		if x[gt-1] == '/' { // <si/>
			ends = append(ends, len(text))
			x = x[gt+1:]
			continue
		}
		x = x[gt+1:]
		end := bytes.Index(x, []byte("</si>"))
		var si []byte
		if end < 0 {
			si, x = x, nil
		} else {
			si, x = x[:end], x[end+5:]
		}
		start := len(text)
		var ok bool
		if text, ok = appendText(text, si); !ok {
			return nil, errFallback
		}
		if len(text)-start > maxStringBytes {
			return nil, damaged("文件里的共享字符串第 %d 条超过 Excel 的上限（32767 个字符），不是 Excel 或 WPS 保存的内容：%s", len(ends)+1, fixTemplate)
		}
		ends = append(ends, len(text))
	}
	all := string(text)
	out := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out, nil
}

// sstBuffer is what scanSST decodes a table into before making its one string: kept
// from one return to the next (sstBuffers).
type sstBuffer struct {
	text []byte
	ends []int
}

var sstBuffers sync.Pool

// keptBufferBytes bounds a buffer kept for the next return: a return's shared strings
// are tens of kilobytes; a hostile one's, up to maxPartSize, is dropped after use.
const keptBufferBytes = 4 << 20

// textOf concatenates the <t> texts of a string item or inline string; false when it
// holds what the scanner does not read (see unescape).
func textOf(s []byte) (string, bool) {
	b, ok := appendText(nil, s)
	return string(b), ok
}

// appendText appends textOf(s) to dst. It searches forward only, so that a string of
// a million runs costs what its bytes cost.
func appendText(dst, s []byte) ([]byte, bool) {
	// Most items are one run, <t>text</t>, with no markup inside.
	if len(s) >= 7 && string(s[:3]) == "<t>" && string(s[len(s)-4:]) == "</t>" && bytes.IndexByte(s[3:len(s)-4], '<') < 0 {
		return appendUnescaped(dst, s[3:len(s)-4])
	}
	pos, rph := 0, -2 // rph: the next <rPh at or after pos; -1 when there is none
	index := func(from int, sep string) int {
		if i := bytes.Index(s[from:], []byte(sep)); i >= 0 {
			return from + i
		}
		return -1
	}
	for {
		i := index(pos, "<t")
		if i < 0 {
			break
		}
		if rph != -1 && rph < pos {
			rph = index(pos, "<rPh")
		}
		if rph >= 0 && rph < i {
			e := index(rph, "</rPh>")
			if e < 0 {
				break
			}
			pos = e + 6
			continue
		}
		pos = i + 1
		if !startsElement(s[pos:], "t") {
			continue // <tx…>
		}
		gt := tagEnd(s[pos:])
		if gt < 0 {
			return dst, false
		}
		gt += pos
		if s[gt-1] == '/' {
			pos = gt + 1
			continue
		}
		pos = gt + 1
		end := index(pos, "</t>")
		if end < 0 {
			return dst, false
		}
		var ok bool
		if dst, ok = appendUnescaped(dst, s[pos:end]); !ok {
			return dst, false
		}
		pos = end + 4
	}
	return dst, true
}

// unescape decodes character data as an XML parser does: the five predefined entities
// and character references, and line ends (\r\n and \r) read as \n. It reports false
// for what a parser refuses or a scanner might read differently — an entity XML does
// not define (&nbsp;), a reference to a character XML forbids (&#0;), a raw control
// character, bytes that are not UTF-8 — so that excelize decides.
func unescape(b []byte) (string, bool) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		if !xmlChars(b) {
			return "", false
		}
		return string(b), true
	}
	out, ok := appendUnescaped(nil, b)
	return string(out), ok
}

// appendUnescaped appends unescape(b) to dst.
func appendUnescaped(dst, b []byte) ([]byte, bool) {
	if !xmlChars(b) {
		return dst, false
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	for len(b) > 0 {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			dst = append(dst, b...)
			break
		}
		dst = append(dst, b[:i]...)
		b = b[i:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 {
			return dst, false
		}
		ent := b[1:semi]
		switch {
		case string(ent) == "amp":
			dst = append(dst, '&')
		case string(ent) == "lt":
			dst = append(dst, '<')
		case string(ent) == "gt":
			dst = append(dst, '>')
		case string(ent) == "quot":
			dst = append(dst, '"')
		case string(ent) == "apos":
			dst = append(dst, '\'')
		case len(ent) > 0 && ent[0] == '#':
			var n uint64
			var err error
			if h, ok := bytes.CutPrefix(ent, []byte("#x")); ok {
				n, err = strconv.ParseUint(string(h), 16, 32)
			} else {
				n, err = strconv.ParseUint(string(ent[1:]), 10, 32)
			}
			if err != nil || !xmlChar(rune(n)) {
				return dst, false
			}
			dst = utf8.AppendRune(dst, rune(n))
		default:
			return dst, false
		}
		b = b[semi+1:]
	}
	return dst, true
}

// xmlChars reports whether b is UTF-8 of characters XML allows.
func xmlChars(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 || !xmlChar(r) {
			return false
		}
		i += size
	}
	return true
}

// xmlChar is XML 1.0's Char production, as encoding/xml checks it.
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// cellAttrs reads the r and t attributes of a <c> or <row> start tag; false when the
// tag is malformed, repeats one, or writes one with a reference (r="H&#52;"), which
// the scanner leaves to excelize.
func cellAttrs(tag []byte) (r, t []byte, ok bool) {
	if r, t, ok, done := excelAttrs(tag); done {
		return r, t, ok
	}
	return anyAttrs(tag)
}

// anyAttrs is cellAttrs for a tag written any way XML allows.
func anyAttrs(tag []byte) (r, t []byte, ok bool) {
	a := newAttrScan(tag)
	for {
		name, value, more, ok := a.next()
		if !ok {
			return nil, nil, false
		}
		if !more {
			return r, t, true
		}
		if len(name) == 1 {
			switch name[0] {
			case 'r':
				if r != nil {
					return nil, nil, false
				}
				r = value
			case 't':
				if t != nil {
					return nil, nil, false
				}
				t = value
			}
		}
		if bytes.IndexByte(value, '&') >= 0 {
			return nil, nil, false
		}
	}
}

// excelAttrs is cellAttrs for tags as Excel writes them — c r="B12" s="3" t="s": one
// space before each attribute, names of letters only, values in double quotes —
// without going through attrScan; done is false for any other tag, which cellAttrs
// then reads the long way.
func excelAttrs(tag []byte) (r, t []byte, ok, done bool) {
	n := len(tag)
	if n > 0 && tag[n-1] == '/' {
		n--
	}
	i := 0
	for i < n && tag[i] != ' ' {
		if isSpace(tag[i]) {
			return nil, nil, false, false
		}
		i++
	}
	for i < n {
		if tag[i] != ' ' {
			return nil, nil, false, false
		}
		i++
		start := i
		for i < n && (tag[i] >= 'a' && tag[i] <= 'z' || tag[i] >= 'A' && tag[i] <= 'Z') {
			i++
		}
		if i == start || i+1 >= n || tag[i] != '=' || tag[i+1] != '"' {
			return nil, nil, false, false
		}
		name := tag[start:i]
		i += 2
		end := bytes.IndexByte(tag[i:n], '"')
		if end < 0 {
			return nil, nil, false, false
		}
		value := tag[i : i+end]
		i += end + 1
		if bytes.IndexByte(value, '&') >= 0 {
			return nil, nil, false, true
		}
		if len(name) == 1 {
			switch name[0] {
			case 'r':
				if r != nil {
					return nil, nil, false, true
				}
				r = value
			case 't':
				if t != nil {
					return nil, nil, false, true
				}
				t = value
			}
		}
	}
	return r, t, true, true
}

// element finds the only child element name of a cell's body: its start tag (what
// follows '<', without '>') and content. found is false when there is none; ok is
// false when there are two (<v>1</v><v>2</v>: readers disagree on which counts) or it
// is not closed.
func element(body []byte, name string) (tag, content []byte, found, ok bool) {
	for rest := body; ; {
		i := bytes.Index(rest, []byte("<"+name))
		if i < 0 {
			return tag, content, found, true
		}
		rest = rest[i+1:]
		if !startsElement(rest, name) {
			continue
		}
		if found {
			return nil, nil, true, false
		}
		found = true
		gt := tagEnd(rest)
		if gt < 0 {
			return nil, nil, true, false
		}
		tag, rest = rest[:gt], rest[gt+1:]
		if len(tag) > 0 && tag[len(tag)-1] == '/' {
			continue
		}
		end := bytes.Index(rest, []byte("</"+name+">"))
		if end < 0 {
			return nil, nil, true, false
		}
		content, rest = rest[:end], rest[end+len(name)+3:]
	}
}

// rows is excelize's GetRows with RawCellValue, as the cells that hold something and
// that keep wants: what the reader keeps grows with the inputs, not with the sheet.
// Kept cells carry their type and formula (sheetCell). hint is how many cells it
// will likely keep.
func (b *fastBook) rows(sheet string, hint int, keep func(row, col int) bool) (sheetCells, error) {
	p, ok := b.sheets[sheet]
	if !ok {
		return nil, fmt.Errorf("sheet %s does not exist", sheet)
	}
	x, err := b.p.read(p, partScanned)
	if err != nil {
		return nil, err
	}
	if unusual(x) {
		return nil, errFallback
	}
	if i := bytes.Index(x, []byte("<sheetData")); i >= 0 {
		x = x[i:]
	}
	if hint <= 0 { // the metadata sheet: a kept cell for every 32 bytes or so
		hint = len(x) / 32
	}
	cells := takeCells(min(hint, len(x)/len("<c><v>1</v></c>")))
	// The values not from the shared strings are decoded into one buffer and made one
	// string at the end (texts), which the cells' values are slices of.
	// Both are kept for the next sheet (scanBuffers): withTexts copies what it keeps.
	sb, _ := scanBuffers.Get().(*scanBuffer)
	if sb == nil {
		sb = &scanBuffer{}
	}
	defer scanBuffers.Put(sb)
	text, texts := sb.text[:0], sb.texts[:0]
	defer func() {
		if cap(text) > keptBufferBytes {
			text = nil
		}
		sb.text, sb.texts = text[:0], texts[:0]
	}()
	masters := map[string]sharedFormula{} // shared formulas by si, as met
	row, col := 0, 0
	for {
		i := bytes.IndexByte(x, '<')
		if i < 0 || i+2 >= len(x) {
			break
		}
		x = x[i+1:]
		switch {
		case startsElement(x, "row"):
			gt := tagEnd(x)
			if gt < 0 {
				return nil, errFallback
			}
			tag := x[:gt]
			r, _, ok := cellAttrs(tag)
			if !ok {
				return nil, errFallback
			}
			if r != nil {
				n, err := strconv.Atoi(string(r))
				if err != nil || n < 1 || n > excelize.TotalRows {
					return nil, errFallback
				}
				row = n
			} else {
				row++
			}
			col = 0
			x = x[gt+1:]
		case startsElement(x, "c"):
			gt := tagEnd(x)
			if gt < 1 {
				return nil, errFallback
			}
			tag := x[:gt]
			selfClosing := tag[len(tag)-1] == '/'
			x = x[gt+1:]
			r, tattr, ok := cellAttrs(tag)
			if !ok {
				return nil, errFallback
			}
			if r != nil {
				c, rr, ok := cellCoordinates(r)
				if !ok {
					var err error
					if c, rr, err = excelize.CellNameToCoordinates(string(r)); err != nil {
						return nil, errFallback
					}
				}
				col, row = c, rr
			} else {
				col++
			}
			if row < 1 || row > excelize.TotalRows || col > excelize.MaxColumns {
				return nil, errFallback
			}
			if selfClosing {
				continue
			}
			var body []byte
			if bytes.HasPrefix(x, []byte("</c>")) { // most cells of a template: styled, empty
				body, x = x[:0], x[4:]
			} else if k := simpleCell(x); k > 0 { // a value alone: <v>12.5</v></c>
				body, x = x[:k], x[k+4:]
			} else {
				end := bytes.Index(x, []byte("</c>"))
				if end < 0 {
					return nil, errFallback
				}
				body, x = x[:end], x[end+4:]
			}
			kept := keep(row, col)
			var ftag, ftext, raw []byte
			hasF, found, general := false, false, false
			switch {
			case len(body) == 0:
			case simpleValue(body):
				raw, found = body[3:len(body)-4], true
			default:
				// A cell's end written </c > would make this body run on into the next cells.
				if hasCellStart(body) {
					return nil, errFallback
				}
				if ftag, ftext, hasF, ok = element(body, "f"); !ok {
					return nil, errFallback
				}
				if (hasF || kept) && !plainEndTags(body) {
					return nil, errFallback
				}
				general = true
			}
			var formula sharedFormula
			if hasF {
				if formula, ok = b.cellFormula(ftag, ftext, col, row, kept, masters); !ok {
					return nil, errFallback
				}
			}
			if !kept {
				continue
			}
			t := string(tattr)
			var v string
			start := len(text)
			switch t {
			case "inlineStr":
				if text, ok = appendText(text, body); !ok {
					return nil, errFallback
				}
			case "", "n", "s", "str", "e":
				if general {
					// A value with markup inside (<v>1<x/>2</v>) is read as its text by
					// a parser: left to excelize.
					if _, raw, found, ok = element(body, "v"); !ok || bytes.IndexByte(raw, '<') >= 0 {
						return nil, errFallback
					}
				}
				if !found {
					if !hasF {
						continue
					}
					break // a formula with no result saved: kept, as excelize reads it
				}
				if t == "s" {
					n, err := strconv.Atoi(string(raw))
					if err != nil || n < 0 || n >= len(b.sst) {
						return nil, errFallback
					}
					v = b.sst[n]
				} else if text, ok = appendUnescaped(text, raw); !ok {
					return nil, errFallback
				}
			default: // booleans, dates: excelize knows how it reads them
				return nil, errFallback
			}
			size := len(v) + len(text) - start
			if size == 0 && !hasF {
				continue
			}
			if size > maxStringBytes {
				return nil, damaged("文件里的工作表“%s”%s 格的文字超过 Excel 的上限（32767 个字符），不是 Excel 或 WPS 保存的内容：%s", sheet, cell(col, row), fixTemplate)
			}
			if b.p.cells++; b.p.cells > maxCells {
				return nil, damaged("文件里的工作表“%s”等表里有值的单元格超过 %d 个，不像是填报模板：%s", sheet, maxCells, fixTemplate)
			}
			if len(text) > start {
				texts = append(texts, textSpan{cell: len(cells), start: start, end: len(text)})
			}
			c := sheetCell{row: int32(row), col: int32(col), v: v}
			if text := t == "s" || t == "inlineStr" || t == "str"; hasF {
				c.info = &cellInfo{text: text, formula: formula.text, formulaCell: formula.cell}
			} else if text {
				c.info = plainText // most filled cells: one shared, never changed
			}
			cells = append(cells, c)
		case bytes.HasPrefix(x, []byte("/sheetData")):
			return cells.withTexts(text, texts).sorted(), nil
		}
	}
	return cells.withTexts(text, texts).sorted(), nil
}

// scanBuffer is what rows decodes values into before withTexts makes them one
// string: kept from one sheet to the next (scanBuffers).
type scanBuffer struct {
	text  []byte
	texts []textSpan
}

var scanBuffers sync.Pool

// textSpan is where a cell's value lies in the text rows decoded.
type textSpan struct{ cell, start, end int }

// withTexts gives the cells their values decoded into text, as slices of one string.
func (s sheetCells) withTexts(text []byte, spans []textSpan) sheetCells {
	if len(spans) == 0 {
		return s
	}
	all := string(text)
	for _, sp := range spans {
		s[sp.cell].v = all[sp.start:sp.end]
	}
	return s
}

// simpleCell is, for x following a cell's start tag, the length of its body when
// the body is a value alone and the cell ends right after it — <v>12.5</v></c> — and
// 0 otherwise: the body simpleValue accepts, found without searching for </c>.
func simpleCell(x []byte) int {
	if !bytes.HasPrefix(x, []byte("<v>")) {
		return 0
	}
	k := bytes.IndexByte(x[3:], '<')
	if k < 0 || !bytes.HasPrefix(x[3+k:], []byte("</v></c>")) {
		return 0
	}
	return 3 + k + 4
}

// simpleValue reports a cell body that is only a value, <v>…</v> with no markup inside:
// how Excel writes a number.
func simpleValue(body []byte) bool {
	n := len(body)
	return n >= 7 && string(body[:3]) == "<v>" && string(body[n-4:]) == "</v>" && bytes.IndexByte(body[3:n-4], '<') < 0
}

// plainText is the info of a text cell without a formula, shared by all of them:
// cellInfo is read, never changed, once a cell has it.
var plainText = &cellInfo{text: true}

// cellCoordinates reads a cell reference as Excel writes it (B12: one to three
// capital letters, then a row number without leading zero) without allocating; ok
// is false for anything else, which excelize.CellNameToCoordinates then judges.
func cellCoordinates(r []byte) (col, row int, ok bool) {
	i := 0
	for i < len(r) && i < 3 && r[i] >= 'A' && r[i] <= 'Z' {
		col = col*26 + int(r[i]-'A'+1)
		i++
	}
	if i == 0 || i == len(r) || r[i] < '1' || r[i] > '9' || len(r)-i > 7 {
		return 0, 0, false
	}
	for ; i < len(r); i++ {
		if r[i] < '0' || r[i] > '9' {
			return 0, 0, false
		}
		row = row*10 + int(r[i]-'0')
	}
	return col, row, true
}

// hasCellStart reports a <c> start tag in b.
func hasCellStart(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("<c"))
		if i < 0 {
			return false
		}
		b = b[i+1:]
		if startsElement(b, "c") {
			return true
		}
	}
}

// sharedFormula is a formula as a clerk would see it: its text, and for a cell that
// shares another's (Excel writes a formula filled down once, on the first cell), the
// cell that holds the text.
type sharedFormula struct{ text, cell string }

// cellFormula reads the <f> of the cell at col, row: its own text, or for a shared
// formula without text the text of the group's first cell when it came before; false
// when the formula cannot be read (left to excelize). The text is made only when the
// cell is kept or begins a group: of any other, the formula is only checked.
func (b *fastBook) cellFormula(tag, text []byte, col, row int, kept bool, masters map[string]sharedFormula) (sharedFormula, bool) {
	var ftype, si []byte
	if !eachAttr(tag, func(name, value []byte) bool {
		switch string(name) {
		case "t":
			ftype = value
		case "si":
			si = value
		}
		return true
	}) {
		return sharedFormula{}, false
	}
	shared := string(ftype) == "shared" && si != nil
	if !kept && !shared {
		var ok bool
		b.scratch, ok = appendUnescaped(b.scratch[:0], text)
		return sharedFormula{}, ok
	}
	s, ok := unescape(text)
	if !ok {
		return sharedFormula{}, false
	}
	if !shared {
		return sharedFormula{text: s}, true
	}
	if s != "" {
		masters[string(si)] = sharedFormula{text: s, cell: cell(col, row)}
		return sharedFormula{text: s}, true
	}
	m, ok := masters[string(si)]
	if !ok {
		return sharedFormula{}, false
	}
	return m, true
}

func readTemplateFast(data []byte) (*Return, error) {
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	return readFast(p)
}

// readFast reads a template with the fast path. ErrDamaged is a refusal; any other
// error is errFallback: use excelize, which also gives the user-facing message.
func readFast(p *pkg) (*Return, error) {
	b, err := openFast(p)
	if err != nil {
		return nil, fastErr(err)
	}
	mcells, err := b.rows(metadataSheet, 0, func(_, col int) bool { return col <= metaCols })
	if err != nil {
		return nil, fastErr(err)
	}
	meta, err := metadataFromCells(mcells)
	if err != nil {
		return nil, errFallback
	}
	need := neededCells(meta)
	needTitles(need)
	cache := map[string]sheetCells{}
	value := func(sheet string, col, row int) (sheetCell, error) {
		c, ok := cache[sheet]
		if !ok {
			var err error
			ranges, n := keptRows(need[sheet])
			if c, err = b.rows(sheet, n, func(row, col int) bool {
				return col < len(ranges) && row >= ranges[col][0] && row <= ranges[col][1]
			}); err != nil {
				return sheetCell{}, err
			}
			cache[sheet] = c
		}
		return c.find(col, row), nil
	}
	defer func() { // the values are copied out of the cells (strings, not the slices)
		giveCells(mcells)
		for _, c := range cache {
			giveCells(c)
		}
	}()
	ret, err := collectValues(meta, value)
	if err != nil {
		return nil, fastErr(err)
	}
	has := func(sheet string) bool { _, ok := b.sheets[sheet]; return ok }
	if ret.Titles, err = readTitles(has, cellText(value)); err != nil {
		return nil, fastErr(err)
	}
	return ret, nil
}

// cellBuffers keeps the slices the scanner keeps a sheet's cells in, from one return
// to the next: a return's sheets hold thousands of cells, and ingest reads thousands
// of returns.
var cellBuffers sync.Pool

// takeCells is an empty slice of cells with room for n, kept or new.
func takeCells(n int) sheetCells {
	if b, ok := cellBuffers.Get().(*sheetCells); ok {
		if cap(*b) >= n {
			return (*b)[:0]
		}
		cellBuffers.Put(b)
	}
	return make(sheetCells, 0, n)
}

// giveCells keeps s for a later sheet, emptied: nothing of this return stays reachable
// through it.
func giveCells(s sheetCells) {
	if cap(s) == 0 {
		return
	}
	clear(s[:cap(s)]) // sorted may have left cells past the end
	s = s[:0]
	cellBuffers.Put(&s)
}

// keptRows is neededCells' ranges of one sheet by column number (a column with none
// has the empty range 0, -1), and how many cells they hold.
func keptRows(cols map[int][2]int) ([][2]int, int) {
	last := 0
	for col := range cols {
		last = max(last, col)
	}
	ranges := make([][2]int, last+1)
	n := 0
	for col := range ranges {
		r, ok := cols[col]
		if !ok {
			r = [2]int{0, -1}
		}
		ranges[col] = r
		n += max(r[1]-r[0]+1, 0)
	}
	return ranges, n
}

// neededCells is, for each sheet, the rows of each column that inputs occupy (from
// the first to the last): the cells the fast path keeps.
func neededCells(meta *Metadata) map[string]map[int][2]int {
	need := map[string]map[int][2]int{}
	for _, in := range meta.Inputs {
		var col, first, last int
		var err error
		if in.Kind == InputListColumn {
			col, first, last, err = listRange(in)
		} else {
			col, first, err = cellCoords(in.Ref)
			last = first
		}
		if err != nil {
			continue // collectValues says so
		}
		cols := need[in.Sheet]
		if cols == nil {
			cols = map[int][2]int{}
			need[in.Sheet] = cols
		}
		if r, ok := cols[col]; ok {
			first, last = min(first, r[0]), max(last, r[1])
		}
		cols[col] = [2]int{first, last}
	}
	return need
}

// maxListRows bounds a list range recorded in metadata: a tampered range cannot make
// the reader walk a million rows.
const maxListRows = 100000

// Limits on what checkXML lets through, besides those in read.go.
const (
	maxElements    = 100000 // elements of a part other than a sheet or the shared strings
	maxSSTElements = 2 << 20
)

// checkXML walks a part's tags once, without decoding anything, and refuses what no
// office suite writes and what would make a decoder spend without bound: elements
// nested deeper than maxDepth, a tag or a run of text over its limit, too many
// elements, shared strings or cells; in worksheets also a row number or cell address
// outside Excel's grid, rows whose cells lie so far apart that a row-by-row reader
// would fill in millions of blanks, and a shared-string index past the table (which
// excelize reads as an empty cell). Only then does anything parse the part:
// encoding/xml here and in excelize.
func (p *pkg) checkXML(name string, x []byte, kind partKind) error {
	if kind == partScanned {
		return nil
	}
	where := name
	if s, ok := p.sheetOfPart[name]; ok {
		where = "工作表“" + s + "”（" + name + "）"
	}
	bad := func(format string, a ...any) error {
		return &damagedError{"文件里的 " + where + fmt.Sprintf(format, a...)}
	}
	tooLong := func() error {
		return bad(" 里有一段超过 %d MB 的文字，超出 Excel 单元格的上限（32767 个字符），不是 Excel 或 WPS 保存的内容：%s", maxTextBytes>>20, fixTemplate)
	}
	tagTooLong := func() error {
		return bad(" 里有一个超过 %d KB 的标记，不是 Excel 或 WPS 保存的内容：%s", maxTagBytes>>10, fixTemplate)
	}
	depth, elements := 0, 0
	row, col, rowMax := 0, 0, 0 // worksheets: the current row and cell, the row's last cell
	sCell := false              // in a <c t="s">
	var ref []byte              // its address
	for {
		i := bytes.IndexByte(x, '<')
		if i < 0 {
			if len(x) > maxTextBytes {
				return tooLong()
			}
			return nil
		}
		if i > maxTextBytes {
			return tooLong()
		}
		x = x[i+1:]
		if len(x) == 0 {
			return nil
		}
		switch x[0] {
		case '!', '?': // comments, CDATA, declarations, processing instructions
			closer := ">"
			switch {
			case bytes.HasPrefix(x, []byte("!--")):
				closer = "-->"
			case bytes.HasPrefix(x, []byte("![CDATA[")):
				closer = "]]>"
			case x[0] == '?':
				closer = "?>"
			}
			end := bytes.Index(x, []byte(closer))
			if end < 0 {
				end = len(x) // unterminated: the parser will say so
			}
			if end > maxTextBytes {
				return tooLong()
			}
			x = x[min(end+len(closer), len(x)):]
			continue
		case '/':
			end := bytes.IndexByte(x, '>')
			if end < 0 {
				end = len(x)
			}
			if end > maxTagBytes {
				return tagTooLong()
			}
			depth--
			if kind == partSheet {
				switch string(localName(x[1:end])) {
				case "row":
					limit := maxRowSlots
					if p.slotLimit > 0 {
						limit = p.slotLimit
					}
					if p.slots += rowMax; p.slots > limit {
						return bad(" 的单元格分布太散（各行到最后一格共超过 %d 格），不像是填报模板：%s", limit, fixTemplate)
					}
					rowMax = 0
				case "c":
					sCell = false
				}
			}
			x = x[min(end+1, len(x)):]
			continue
		}
		end := tagEnd(x)
		if end < 0 || end > maxTagBytes {
			if end > maxTagBytes || len(x) > maxTagBytes {
				return tagTooLong()
			}
			return nil // unterminated at the end: the parser will say so
		}
		tag := x[:end]
		x = x[end+1:]
		self := len(tag) > 0 && tag[len(tag)-1] == '/'
		if !self {
			if depth++; depth > maxDepth {
				return bad(" 的 XML 嵌套超过 %d 层，不是 Excel 或 WPS 保存的内容：%s", maxDepth, fixTemplate)
			}
		}
		elements++
		name := localName(tag)
		switch kind {
		case partXML:
			if elements > maxElements {
				return bad(" 里的元素超过 %d 个，不像是填报模板：%s", maxElements, fixTemplate)
			}
		case partStyles:
			if elements > maxStyleElements {
				return bad(" 里的格式超过 %d 个元素（Excel 最多约 64000 种单元格格式），不像是填报模板：%s", maxStyleElements, fixTemplate)
			}
		case partSST:
			if elements > maxSSTElements {
				return bad(" 里的元素超过 %d 个，不像是填报模板：%s", maxSSTElements, fixTemplate)
			}
			if string(name) == "si" && (depth == 2 || (self && depth == 1)) {
				if p.sst++; p.sst > maxSharedStrings {
					return bad(" 里的共享字符串超过 %d 条，不像是填报模板：%s", maxSharedStrings, fixTemplate)
				}
			}
		case partSheet:
			switch string(name) {
			case "row":
				var r []byte
				ok := eachAttr(tag, func(n, v []byte) bool {
					if string(n) == "r" {
						if r != nil || bytes.IndexByte(v, '&') >= 0 {
							return false
						}
						r = v
					}
					return true
				})
				if !ok {
					return bad(" 的 XML 格式不对（<%s>），文件已损坏：%s", clipTag(tag), fixResend)
				}
				row++
				if r != nil {
					n, err := strconv.Atoi(string(r))
					if err != nil || n < 1 {
						return bad(" 的行号“%s”不对，文件已损坏：%s", clipTag(r), fixResend)
					}
					row = min(n, excelize.TotalRows+1)
				}
				if row > excelize.TotalRows {
					return bad(" 的行号超出 Excel 的 %d 行，文件已损坏：%s", excelize.TotalRows, fixResend)
				}
				col, rowMax = 0, 0
			case "c":
				if p.cells++; p.cells > maxCells {
					return bad(" 等表里的单元格超过 %d 个，不像是填报模板：%s", maxCells, fixTemplate)
				}
				var r, t []byte
				ok := eachAttr(tag, func(n, v []byte) bool {
					switch string(n) {
					case "r":
						if r != nil || bytes.IndexByte(v, '&') >= 0 {
							return false
						}
						r = v
					case "t":
						if t != nil || bytes.IndexByte(v, '&') >= 0 {
							return false
						}
						t = v
					}
					return true
				})
				if !ok {
					return bad(" 的 XML 格式不对（<%s>），文件已损坏：%s", clipTag(tag), fixResend)
				}
				col++
				if r != nil {
					c, _, err := cellRef(r)
					if err != nil {
						return bad(" 的单元格地址“%s”不对（Excel 最多到 XFD 列、%d 行），文件已损坏：%s", clipTag(r), excelize.TotalRows, fixResend)
					}
					col = c
				}
				if col > excelize.MaxColumns {
					return bad(" 的单元格超出 Excel 的 XFD 列，文件已损坏：%s", fixResend)
				}
				rowMax = max(rowMax, col)
				sCell, ref = !self && string(t) == "s", r
			case "v":
				if !sCell || self {
					break
				}
				j := bytes.IndexByte(x, '<')
				if j < 0 {
					j = len(x)
				}
				v := x[:j]
				if len(v) == 0 && !bytes.HasPrefix(x[j:], []byte("<![CDATA[")) {
					break // an empty value: an empty cell
				}
				if n, ok := sstIndex(v); !ok || n >= p.sst {
					at := ""
					if ref != nil {
						at = " " + clipTag(ref) + " 格"
					}
					return bad("%s引用了第 %s 条共享字符串，文件里只有 %d 条，文件已损坏：%s", at, clipTag(v), p.sst, fixResend)
				}
			}
		}
	}
}

// tagEnd is the index of the '>' that closes the tag x starts with (x is what follows
// '<'), skipping quoted attribute values; -1 when it is not closed. It gives up past
// maxTagBytes.
func tagEnd(x []byte) int {
	var q byte
	for i, c := range x {
		switch {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i
		}
		if i > maxTagBytes {
			return i
		}
	}
	return -1
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// localName is a tag's element name without its prefix: <x:c r="A1"> → c.
func localName(tag []byte) []byte {
	i := 0
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	name := tag[:i]
	if j := bytes.LastIndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	return name
}

// eachAttr calls fn with the local name and raw value of each attribute of a start tag
// (what follows '<', without '>') until fn returns false; false when fn did or the
// attributes are malformed.
func eachAttr(tag []byte, fn func(name, value []byte) bool) bool {
	a := newAttrScan(tag)
	for {
		name, value, more, ok := a.next()
		if !ok {
			return false
		}
		if !more {
			return true
		}
		if !fn(name, value) {
			return false
		}
	}
}

// attrScan walks the attributes of a start tag, as eachAttr does but without a
// callback: the cell scanner reads two attributes of every cell.
type attrScan struct {
	tag  []byte
	i, n int
}

func newAttrScan(tag []byte) attrScan {
	n := len(tag)
	if n > 0 && tag[n-1] == '/' {
		n--
	}
	i := 0
	for i < n && !isSpace(tag[i]) {
		i++
	}
	return attrScan{tag: tag, i: i, n: n}
}

// next is the next attribute's local name and raw value; more is false after the
// last, ok false when the attributes are malformed.
func (a *attrScan) next() (name, value []byte, more, ok bool) {
	tag, i, n := a.tag, a.i, a.n
	for i < n && isSpace(tag[i]) {
		i++
	}
	if i >= n {
		return nil, nil, false, true
	}
	start := i
	for i < n && !isSpace(tag[i]) && tag[i] != '=' {
		i++
	}
	name = tag[start:i]
	for i < n && isSpace(tag[i]) {
		i++
	}
	if i >= n || tag[i] != '=' || len(name) == 0 {
		return nil, nil, false, false
	}
	i++
	for i < n && isSpace(tag[i]) {
		i++
	}
	if i >= n || (tag[i] != '"' && tag[i] != '\'') {
		return nil, nil, false, false
	}
	q := tag[i]
	i++
	end := bytes.IndexByte(tag[i:n], q)
	if end < 0 {
		return nil, nil, false, false
	}
	if j := bytes.LastIndexByte(name, ':'); j >= 0 {
		name = name[j+1:]
	}
	a.i = i + end + 1
	return name, tag[i : i+end], true, true
}

// cellRef reads a cell address as excelize does (A1, $A$1, a1), quickly for the plain
// ones.
func cellRef(r []byte) (col, row int, err error) {
	i := 0
	for i < len(r) && i < 4 && r[i] >= 'A' && r[i] <= 'Z' {
		col = col*26 + int(r[i]-'A'+1)
		i++
	}
	if i > 0 && i < 4 && len(r)-i <= 7 && i < len(r) && r[i] != '0' {
		row = 0
		j := i
		for ; j < len(r) && r[j] >= '0' && r[j] <= '9'; j++ {
			row = row*10 + int(r[j]-'0')
		}
		if j == len(r) {
			if col > excelize.MaxColumns || row > excelize.TotalRows {
				return 0, 0, excelize.ErrColumnNumber
			}
			return col, row, nil
		}
	}
	return excelize.CellNameToCoordinates(string(r))
}

// sstIndex reads a shared-string index: decimal digits only.
func sstIndex(v []byte) (int, bool) {
	if len(v) == 0 || len(v) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// clipTag shortens what a message quotes from the file.
func clipTag(b []byte) string {
	if len(b) > 40 {
		return strings.ToValidUTF8(string(b[:40]), "") + "…"
	}
	return strings.ToValidUTF8(string(b), "")
}
