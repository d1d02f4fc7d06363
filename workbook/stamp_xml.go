package workbook

import (
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// The namespaces of the parts stampFile writes, as excelize writes them.
const (
	stNSMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	stNSRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	stNSMC   = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	stNSPkg  = "http://schemas.openxmlformats.org/package/2006/relationships"
	ctWS     = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	ctSST    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)

// xmlw appends XML to a buffer, escaping as encoding/xml does.
type xmlw struct{ b []byte }

func (w *xmlw) raw(s string) { w.b = append(w.b, s...) }

// text appends escaped character data or an attribute value: encoding/xml escapes
// both alike (& < > ' " tab newline return, invalid characters as U+FFFD).
func (w *xmlw) text(s string) {
	plain := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' || c == '<' || c == '>' || c == '\'' || c == '"' || c < 0x20 || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		w.b = append(w.b, s...)
		return
	}
	w.b = appendEscaped(w.b, s)
}

// appendEscaped appends s escaped exactly as xml.EscapeText escapes it, without its
// buffer and conversions (a province template escapes 1,500 strings); xmlChar is
// in fastread.go.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		r, width := utf8.DecodeRuneInString(s[i:])
		i += width
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			continue
		}
		b = append(b, s[last:i-width]...)
		b = append(b, esc...)
		last = i
	}
	return append(b, s[last:]...)
}

func (w *xmlw) attr(name, value string) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, `="`...)
	w.text(value)
	w.b = append(w.b, '"')
}

func (w *xmlw) intAttr(name string, v int) {
	w.b = append(w.b, ' ')
	w.b = append(w.b, name...)
	w.b = append(w.b, `="`...)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
	w.b = append(w.b, '"')
}

func (w *xmlw) floatAttr(name string, v float64) {
	w.attr(name, strconv.FormatFloat(v, 'g', -1, 64))
}

func (w *xmlw) boolAttr(name string, v bool) { w.attr(name, strconv.FormatBool(v)) }

// part is one entry of the package, in the order written: its data, or for a part
// every template shares, the data compressed once (raw).
type part struct {
	name   string
	data   []byte
	raw    *rawPart
	pooled bool // data is an xmlBuffer, given back once zipped
}

// parts serialises the workbook into its package parts.
func (f *stampFile) parts() ([]part, error) {
	shared, err := stampShared()
	if err != nil {
		return nil, err
	}
	styles, err := stylesXML(f.styles, f.styleKeys)
	if err != nil {
		return nil, err
	}
	out := []part{
		{name: "[Content_Types].xml", data: f.contentTypes()},
		{name: "_rels/.rels", raw: shared.rels},
		{name: "docProps/app.xml", raw: shared.app},
		{name: "docProps/core.xml", raw: shared.core},
		{name: "xl/_rels/workbook.xml.rels", data: f.workbookRels()},
		{name: "xl/workbook.xml", data: f.workbook()},
		{name: "xl/styles.xml", raw: styles},
		{name: "xl/theme/theme1.xml", raw: shared.theme},
	}
	if f.hasSST() {
		const name = "xl/sharedStrings.xml"
		out = append(out, part{name: name, data: f.sharedStrings(xmlBuffer(name)), pooled: true})
	}
	for i, s := range f.sheets {
		name := "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml"
		data, err := s.xml(i == f.active, xmlBuffer(name))
		if err != nil {
			return nil, err
		}
		out = append(out, part{name: name, data: data, pooled: true})
	}
	return out, nil
}

func (f *stampFile) hasSST() bool { return len(f.sst) > 0 }

// sstAfter is how many sheets existed when the first string was set: excelize adds
// the shared strings' content type and relationship then, between the sheets'.
// Templates always write the guide's strings before the second sheet.
func (f *stampFile) sstAfter() int { return 1 }

const xmlHeader = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

func (f *stampFile) contentTypes() []byte {
	w := &xmlw{}
	w.raw(xmlHeader)
	w.raw(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"></Default>` +
		`<Default Extension="xml" ContentType="application/xml"></Default>` +
		`<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"></Override>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"></Override>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"></Override>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"></Override>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="` + ctWS + `"></Override>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"></Override>`)
	for i := 2; i <= len(f.sheets); i++ {
		if i-1 == f.sstAfter() && f.hasSST() {
			w.raw(`<Override PartName="/xl/sharedStrings.xml" ContentType="` + ctSST + `"></Override>`)
		}
		w.raw(`<Override PartName="/xl/worksheets/sheet` + strconv.Itoa(i) + `.xml" ContentType="` + ctWS + `"></Override>`)
	}
	if len(f.sheets) == f.sstAfter() && f.hasSST() {
		w.raw(`<Override PartName="/xl/sharedStrings.xml" ContentType="` + ctSST + `"></Override>`)
	}
	w.raw(`</Types>`)
	return w.b
}

// sheetRID is the relationship id of sheet i (0-based): rId1 for the first, then
// after styles (rId2), theme (rId3) and shared strings (rId4).
func (f *stampFile) sheetRID(i int) string {
	if i == 0 {
		return "rId1"
	}
	n := i + 3
	if f.hasSST() && i >= f.sstAfter() {
		n++
	}
	return "rId" + strconv.Itoa(n)
}

func (f *stampFile) workbookRels() []byte {
	w := &xmlw{}
	w.raw(xmlHeader)
	w.raw(`<Relationships xmlns="` + stNSPkg + `">`)
	rel := func(id, target, typ string) {
		w.raw(`<Relationship Id="` + id + `" Target="` + target + `" Type="` + stNSRel + `/` + typ + `"></Relationship>`)
	}
	rel("rId1", "worksheets/sheet1.xml", "worksheet")
	rel("rId2", "styles.xml", "styles")
	rel("rId3", "theme/theme1.xml", "theme")
	for i := 1; i <= len(f.sheets); i++ {
		if i == f.sstAfter() && f.hasSST() {
			rel("rId4", "/xl/sharedStrings.xml", "sharedStrings")
		}
		if i < len(f.sheets) {
			rel(f.sheetRID(i), "worksheets/sheet"+strconv.Itoa(i+1)+".xml", "worksheet")
		}
	}
	w.raw(`</Relationships>`)
	return w.b
}

func (f *stampFile) workbook() []byte {
	w := &xmlw{}
	w.raw(xmlHeader)
	w.raw(`<workbook xmlns="` + stNSMain + `" xmlns:r="` + stNSRel + `" xmlns:mc="` + stNSMC +
		`" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">` +
		`<fileVersion appName="xl" lastEdited="6" lowestEdited="6" rupBuild="14420"></fileVersion>` +
		`<workbookPr filterPrivacy="true" defaultThemeVersion="164011"></workbookPr>`)
	if f.lockBook {
		w.raw(`<workbookProtection lockStructure="true"></workbookProtection>`)
	}
	w.raw(`<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="14805" windowHeight="8010"`)
	if f.active > 0 {
		w.intAttr("activeTab", f.active)
	}
	w.raw(`></workbookView></bookViews><sheets>`)
	for i, s := range f.sheets {
		w.raw(`<sheet`)
		w.attr("name", s.name)
		w.intAttr("sheetId", i+1)
		w.attr("r:id", f.sheetRID(i))
		if s.state != "" {
			w.attr("state", s.state)
		}
		w.raw(`></sheet>`)
	}
	w.raw(`</sheets>`)
	if len(f.names) > 0 {
		w.raw(`<definedNames>`)
		for _, n := range f.names {
			w.raw(`<definedName`)
			w.intAttr("localSheetId", n.sheet)
			w.attr("name", n.name)
			w.raw(`>`)
			w.text(n.refersTo)
			w.raw(`</definedName>`)
		}
		w.raw(`</definedNames>`)
	}
	w.raw(`<calcPr calcId="122211"></calcPr></workbook>`)
	return w.b
}

func (f *stampFile) sharedStrings(buf []byte) []byte {
	w := &xmlw{b: buf}
	w.raw(xmlHeader)
	w.raw(`<sst xmlns="` + stNSMain + `"`)
	w.intAttr("count", len(f.sst))
	w.intAttr("uniqueCount", len(f.sst))
	w.raw(`>`)
	for _, s := range f.sst {
		w.raw(`<si>`)
		w.tElem(s, needsSpace(s))
		w.raw(`</si>`)
	}
	w.raw(`</sst>`)
	return w.b
}

func (w *xmlw) tElem(s string, space bool) {
	if space {
		w.raw(`<t xml:space="preserve">`)
	} else {
		w.raw(`<t>`)
	}
	w.text(s)
	w.raw(`</t>`)
}

// xml is the worksheet part, in the element order of excelize's xlsxWorksheet.
func (s *stampSheet) xml(active bool, buf []byte) ([]byte, error) {
	w := &xmlw{b: buf}
	w.raw(xmlHeader)
	switch {
	case s.first:
		w.raw(`<worksheet xmlns="` + stNSMain + `" xmlns:r="` + stNSRel + `">`)
	case s.hasProps:
		w.raw(`<worksheet xmlns="` + stNSMain + `" xmlns:r="` + stNSRel + `" xmlns:mc="` + stNSMC + `">`)
	default:
		w.raw(`<worksheet xmlns="` + stNSMain + `">`)
	}
	if s.hasProps {
		if !s.fitToPage {
			return nil, errStampUnsupported
		}
		w.raw(`<sheetPr><pageSetUpPr fitToPage="true"></pageSetUpPr></sheetPr>`)
	}
	dim := s.dim
	if dim == "" {
		dim = "A1"
	}
	w.raw(`<dimension`)
	w.attr("ref", dim)
	w.raw(`></dimension><sheetViews><sheetView`)
	if active {
		w.raw(` tabSelected="true"`)
	}
	w.raw(` workbookViewId="0">`)
	if p := s.panes; p != nil {
		w.raw(`<pane`)
		if p.ActivePane != "" {
			w.attr("activePane", p.ActivePane)
		}
		w.raw(` state="frozen"`)
		if p.TopLeftCell != "" {
			w.attr("topLeftCell", p.TopLeftCell)
		}
		if p.XSplit != 0 {
			w.intAttr("xSplit", p.XSplit)
		}
		if p.YSplit != 0 {
			w.intAttr("ySplit", p.YSplit)
		}
		w.raw(`></pane>`)
	}
	w.raw(`</sheetView></sheetViews>`)
	if s.first || s.hasProps {
		w.raw(`<sheetFormatPr defaultRowHeight="15"></sheetFormatPr>`)
	}
	s.writeCols(w)
	w.raw(`<sheetData>`)
	for i := range s.rows {
		s.writeRow(w, i+1, &s.rows[i])
	}
	w.raw(`</sheetData>`)
	if p := s.protect; p != nil {
		w.raw(`<sheetProtection`)
		if p.Password != "" {
			w.attr("password", legacyPasswordHash(p.Password))
		}
		w.boolAttr("sheet", true)
		w.boolAttr("objects", !p.EditObjects)
		w.boolAttr("scenarios", !p.EditScenarios)
		w.boolAttr("formatCells", !p.FormatCells)
		w.boolAttr("formatColumns", !p.FormatColumns)
		w.boolAttr("formatRows", !p.FormatRows)
		w.boolAttr("insertColumns", !p.InsertColumns)
		w.boolAttr("insertRows", !p.InsertRows)
		w.boolAttr("insertHyperlinks", !p.InsertHyperlinks)
		w.boolAttr("deleteColumns", !p.DeleteColumns)
		w.boolAttr("deleteRows", !p.DeleteRows)
		w.boolAttr("selectLockedCells", !p.SelectLockedCells)
		w.boolAttr("sort", !p.Sort)
		w.boolAttr("autoFilter", !p.AutoFilter)
		w.boolAttr("pivotTables", !p.PivotTables)
		w.boolAttr("selectUnlockedCells", !p.SelectUnlockedCells)
		w.raw(`></sheetProtection>`)
	}
	if len(s.merge) > 0 {
		w.raw(`<mergeCells`)
		w.intAttr("count", len(s.merge))
		w.raw(`>`)
		for _, m := range s.merge {
			w.raw(`<mergeCell`)
			w.attr("ref", m)
			w.raw(`></mergeCell>`)
		}
		w.raw(`</mergeCells>`)
	}
	if len(s.dvs) > 0 {
		w.raw(`<dataValidations`)
		w.intAttr("count", len(s.dvs))
		w.raw(`>`)
		for _, dv := range s.dvs {
			writeValidation(w, dv)
		}
		w.raw(`</dataValidations>`)
	}
	if m := s.margins; m != nil {
		w.raw(`<pageMargins`)
		w.floatAttr("left", *m.Left)
		w.floatAttr("right", *m.Right)
		w.floatAttr("top", *m.Top)
		w.floatAttr("bottom", *m.Bottom)
		w.raw(` header="0" footer="0"></pageMargins>`)
	}
	if l := s.layout; l != nil {
		w.raw(`<pageSetup`)
		if l.FitToHeight != nil {
			w.intAttr("fitToHeight", *l.FitToHeight)
		}
		if l.FitToWidth != nil {
			w.intAttr("fitToWidth", *l.FitToWidth)
		}
		if l.Orientation != nil && *l.Orientation != "" {
			w.attr("orientation", *l.Orientation)
		}
		if l.Size != nil {
			w.intAttr("paperSize", *l.Size)
		}
		w.raw(`></pageSetup>`)
	}
	w.raw(`</worksheet>`)
	return w.b, nil
}

// writeCols writes the column widths, adjacent equal widths as one range as
// excelize's mergeExpandedCols does.
func (s *stampSheet) writeCols(w *xmlw) {
	if len(s.cols) == 0 {
		return
	}
	var cols []int
	for c := range s.cols {
		cols = append(cols, c)
	}
	sortInts(cols)
	w.raw(`<cols>`)
	for i := 0; i < len(cols); {
		j := i
		for j+1 < len(cols) && cols[j+1] == cols[j]+1 && s.cols[cols[j+1]] == s.cols[cols[i]] {
			j++
		}
		w.raw(`<col customWidth="true"`)
		w.intAttr("max", cols[j])
		w.intAttr("min", cols[i])
		w.floatAttr("width", s.cols[cols[i]])
		w.raw(`></col>`)
		i = j + 1
	}
	w.raw(`</cols>`)
}

func (s *stampSheet) writeRow(w *xmlw, n int, r *stampRow) {
	kept := 0
	for i := range r.cells {
		if r.cells[i].hasValue() {
			kept++
		}
	}
	if kept == 0 && r.ht == nil {
		return
	}
	var digits [12]byte
	rowNum := strconv.AppendInt(digits[:0], int64(n), 10)
	w.raw(`<row r="`)
	w.b = append(w.b, rowNum...)
	w.raw(`"`)
	if r.ht != nil {
		w.floatAttr("ht", *r.ht)
		w.raw(` customHeight="true"`)
	}
	w.raw(`>`)
	for i := range r.cells {
		c := &r.cells[i]
		if !c.hasValue() {
			continue
		}
		w.raw(`<c r="`)
		if i < len(columnNames) {
			w.raw(columnNames[i])
			w.b = append(w.b, rowNum...)
		} else {
			w.b = appendCellName(w.b, i+1, n)
		}
		w.raw(`"`)
		if c.s != 0 {
			w.raw(` s="`)
			w.b = strconv.AppendInt(w.b, int64(c.s), 10)
			w.raw(`"`)
		}
		w.raw(cellTypeAttrs[c.t])
		w.raw(`>`)
		if c.f != nil {
			w.raw(`<f>`)
			w.text(*c.f)
			w.raw(`</f>`)
		}
		switch {
		case c.t == typeShared:
			w.raw(`<v>`)
			w.b = strconv.AppendInt(w.b, int64(c.sst), 10)
			w.raw(`</v>`)
		case c.v != "":
			w.raw(`<v>`)
			w.text(c.v)
			w.raw(`</v>`)
		}
		if c.is != nil {
			w.raw(`<is>`)
			w.tElem(*c.is, c.isSpace)
			w.raw(`</is>`)
		}
		w.raw(`</c>`)
	}
	w.raw(`</row>`)
}

// columnNames are the names of the first 512 columns (A to SR), columnNames[0] is
// A: a cell's name is its column's and its row's.
var columnNames = func() []string {
	out := make([]string, 512)
	for i := range out {
		name := appendCellName(nil, i+1, 1)
		out[i] = string(name[:len(name)-1]) // without the row's 1
	}
	return out
}()

// appendCellName appends A1-style names without excelize's allocations.
func appendCellName(b []byte, col, row int) []byte {
	var letters [8]byte
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	b = append(b, letters[i:]...)
	return strconv.AppendInt(b, int64(row), 10)
}

func writeValidation(w *xmlw, dv *excelize.DataValidation) {
	w.raw(`<dataValidation`)
	w.boolAttr("allowBlank", dv.AllowBlank)
	opt := func(name string, v *string) {
		if v != nil {
			w.attr(name, *v)
		}
	}
	opt("error", dv.Error)
	opt("errorStyle", dv.ErrorStyle)
	opt("errorTitle", dv.ErrorTitle)
	if dv.Operator != "" {
		w.attr("operator", dv.Operator)
	}
	opt("prompt", dv.Prompt)
	opt("promptTitle", dv.PromptTitle)
	if dv.ShowDropDown {
		w.raw(` showDropDown="true"`)
	}
	if dv.ShowErrorMessage {
		w.raw(` showErrorMessage="true"`)
	}
	if dv.ShowInputMessage {
		w.raw(` showInputMessage="true"`)
	}
	w.attr("sqref", dv.Sqref)
	if dv.Type != "" {
		w.attr("type", dv.Type)
	}
	w.raw(`>`)
	if dv.Formula1 != "" { // inner XML, as excelize writes it
		w.raw(`<formula1>` + dv.Formula1 + `</formula1>`)
	}
	if dv.Formula2 != "" {
		w.raw(`<formula2>` + dv.Formula2 + `</formula2>`)
	}
	w.raw(`</dataValidation>`)
}

// legacyPasswordHash is the sheet password hash of ECMA-376 Part 4 §14.7.1, as
// excelize computes it.
func legacyPasswordHash(plain string) string {
	var hash int64
	var pos uint = 1
	for _, r := range plain {
		v := int64(r) << pos
		pos++
		hash ^= (v & 0x7fff) | (v >> 15)
	}
	hash ^= int64(len(plain))
	hash ^= 0xCE4B
	return toUpperHex(hash)
}

func toUpperHex(v int64) string {
	s := strconv.FormatInt(v, 16)
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
