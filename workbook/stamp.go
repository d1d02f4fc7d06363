package workbook

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// stampFile is a purpose-built writer for templates: it takes the same calls as
// excelize (sheetAPI) and keeps only what a template uses — cells with shared or
// inline strings, numbers and formulas, styles, merges, column widths, row heights,
// data validation, print setup, frozen panes, protection — then writes the parts
// excelize would write, byte for byte (stamp_test.go checks every sheet, the shared
// strings, the styles and the workbook), without excelize's reflection-driven XML
// encoding, which was two thirds of generate's time. The parts every template of a
// period shares — styles.xml for a set of styles, the theme, the document
// properties — are built once and reused (stamp_parts.go).
//
// A call with an option the templates never use is an error rather than silently
// different output: extend stampFile (and its test) first.
type stampFile struct {
	sheets []*stampSheet
	byName map[string]*stampSheet
	sst    []string
	sstIdx map[string]int
	styles []*excelize.Style
	// styleKeys identify the styles for the styles.xml cache; styleIdx finds a style
	// already made (excelize returns the existing id for an identical style).
	styleKeys []string
	styleIdx  map[string]int
	names     []stampName
	active    int
	lockBook  bool
	scratch   *stampScratch // where cells, rows and strings are kept (stamp_scratch.go)
}

// stampName is a sheet-scoped defined name (print titles).
type stampName struct {
	name, refersTo string
	sheet          int
}

type stampSheet struct {
	name    string
	first   bool // the workbook's first sheet, excelize's template Sheet1
	rows    []stampRow
	width   int         // the most columns a row has: new rows are made that wide at once
	slab    []stampCell // room for new rows' cells, from scratch's slabs
	scratch *stampScratch
	cols    map[int]float64
	merge   []string
	dvs     []*excelize.DataValidation
	dim     string
	state   string // "", "hidden" or "veryHidden"

	hasProps  bool // sheetPr with fitToPage, and sheetFormatPr
	fitToPage bool
	layout    *excelize.PageLayoutOptions
	margins   *excelize.PageLayoutMarginsOptions
	panes     *excelize.Panes
	protect   *excelize.SheetProtectionOptions
}

type stampRow struct {
	cells []stampCell // by column, 1-based: cells[0] is column A
	ht    *float64
}

// stampCell mirrors excelize's xlsxC as far as templates use it: its type t, its
// value v — for a shared string the index sst, written as v — its formula f and
// inline string is. Kept small: a province template has 40,000 of them.
type stampCell struct {
	v       string
	f       *string
	is      *string
	s       int32
	sst     int32
	t       cellType
	isSpace bool
}

// cellType is a cell's t attribute.
type cellType uint8

const (
	typeNone   cellType = iota // no t: a number, or empty
	typeShared                 // t="s": the shared string sst
	typeStr                    // t="str": a formula's text result
	typeInline                 // t="inlineStr"
)

// cellTypeAttrs are the t attributes as written, none for typeNone.
var cellTypeAttrs = [...]string{typeShared: ` t="s"`, typeStr: ` t="str"`, typeInline: ` t="inlineStr"`}

// hasValue is excelize's test for a cell it writes (trimCell).
func (c *stampCell) hasValue() bool {
	return c.s != 0 || c.v != "" || c.f != nil || c.t != typeNone
}

// value is v as excelize holds it: a shared string's index, or the text.
func (c *stampCell) value() string {
	if c.t == typeShared {
		return strconv.Itoa(int(c.sst))
	}
	return c.v
}

var errStampUnsupported = errors.New("模板写出器不支持这个设置（stampFile）")

func newStampFile() *stampFile {
	sc := scratchPool.Get().(*stampScratch)
	f := &stampFile{byName: map[string]*stampSheet{}, sst: sc.sst, sstIdx: sc.sstIdx, styleIdx: map[string]int{}, scratch: sc}
	f.addSheet("Sheet1").first = true
	return f
}

func (f *stampFile) addSheet(name string) *stampSheet {
	s := &stampSheet{name: name, cols: map[int]float64{}, scratch: f.scratch, rows: f.scratch.rowSlice()}
	f.sheets = append(f.sheets, s)
	f.byName[name] = s
	return s
}

func (f *stampFile) sheet(name string) (*stampSheet, error) {
	s, ok := f.byName[name]
	if !ok {
		return nil, excelize.ErrSheetNotExist{SheetName: name}
	}
	return s, nil
}

// cell is the cell at ref, made with the row and columns before it as excelize does
// (prepareSheetXML); empty ones are dropped when written.
func (f *stampFile) cell(sheet, ref string) (*stampCell, error) {
	s, err := f.sheet(sheet)
	if err != nil {
		return nil, err
	}
	col, row, err := coordinates(ref)
	if err != nil {
		return nil, err
	}
	return s.at(col, row), nil
}

// coordinates parses a plain A1 reference without excelize's allocations; anything
// else (lower case, $, out of range) goes to excelize.
func coordinates(ref string) (int, int, error) {
	col, i := 0, 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3 {
		col = col*26 + int(ref[i]-'A'+1)
		i++
	}
	row, j := 0, i
	for j < len(ref) && ref[j] >= '0' && ref[j] <= '9' && j-i < 7 {
		row = row*10 + int(ref[j]-'0')
		j++
	}
	if i == 0 || j == i || j != len(ref) || ref[i] == '0' || col > excelize.MaxColumns || row > excelize.TotalRows {
		return excelize.CellNameToCoordinates(ref)
	}
	return col, row, nil
}

// row is the row numbered row, made with those before it. The pointer is good until
// the next row is made.
func (s *stampSheet) row(row int) *stampRow {
	if len(s.rows) < row {
		s.rows = slices.Grow(s.rows, row-len(s.rows))[:row]
	}
	return &s.rows[row-1]
}

// at is the cell at col, row, made with the cells before it; a new row gets room
// for as many cells as the widest so far, cut from a slab. The pointer is good
// until the next cell is made.
func (s *stampSheet) at(col, row int) *stampCell {
	r := s.row(row)
	if len(r.cells) < col {
		if r.cells == nil {
			w := max(col, s.width)
			if len(s.slab) < w {
				s.slab = s.scratch.slab(w)
			}
			r.cells, s.slab = s.slab[:col:w], s.slab[w:]
		} else {
			r.cells = slices.Grow(r.cells, col-len(r.cells))[:col]
		}
		s.width = max(s.width, col)
	}
	return &r.cells[col-1]
}

func (f *stampFile) SetSheetName(source, target string) error {
	s, err := f.sheet(source)
	if err != nil {
		return err
	}
	if _, dup := f.byName[target]; dup {
		return errStampUnsupported
	}
	delete(f.byName, source)
	s.name = target
	f.byName[target] = s
	return nil
}

func (f *stampFile) NewSheet(sheet string) (int, error) {
	if i, err := f.GetSheetIndex(sheet); i >= 0 {
		return i, err
	}
	if err := checkSheetName(sheet); err != nil {
		return -1, err
	}
	f.addSheet(sheet)
	return len(f.sheets) - 1, nil
}

func (f *stampFile) GetSheetList() []string {
	out := make([]string, len(f.sheets))
	for i, s := range f.sheets {
		out[i] = s.name
	}
	return out
}

func (f *stampFile) GetSheetIndex(sheet string) (int, error) {
	for i, s := range f.sheets {
		if strings.EqualFold(s.name, sheet) {
			return i, nil
		}
	}
	return -1, nil
}

func (f *stampFile) SetActiveSheet(index int) {
	if index >= 0 && index < len(f.sheets) {
		f.active = index
	}
}

func (f *stampFile) SetSheetVisible(sheet string, visible bool, veryHidden ...bool) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	switch {
	case visible:
		s.state = ""
	case len(veryHidden) > 0 && veryHidden[0]:
		s.state = "veryHidden"
	default:
		s.state = "hidden"
	}
	return nil
}

// NewStyle numbers styles as excelize does in a new file: 1, 2, … in the order made,
// an identical style keeping its number. styles.xml itself is excelize's, made once
// per set of styles (stamp_parts.go).
func (f *stampFile) NewStyle(style *excelize.Style) (int, error) {
	key, err := styleKey(style)
	if err != nil {
		return 0, err
	}
	if id, ok := f.styleIdx[key]; ok {
		return id, nil
	}
	f.styles = append(f.styles, style)
	f.styleKeys = append(f.styleKeys, key)
	id := len(f.styles)
	f.styleIdx[key] = id
	return id, nil
}

func (f *stampFile) SetCellStr(sheet, ref, value string) error {
	c, err := f.cell(sheet, ref)
	if err != nil {
		return err
	}
	value = truncateCell(value)
	i, ok := f.sstIdx[value]
	if !ok {
		i = len(f.sst)
		f.sst = append(f.sst, value)
		f.sstIdx[value] = i
	}
	c.t, c.sst, c.v, c.is, c.f = typeShared, int32(i), "", nil, nil
	return nil
}

func (f *stampFile) SetCellDefault(sheet, ref, value string) error {
	c, err := f.cell(sheet, ref)
	if err != nil {
		return err
	}
	c.f = nil
	switch {
	case isNumeric(value):
		c.t, c.v, c.is = typeNone, value, nil
	case value == "":
		c.t, c.v, c.is = typeNone, "", nil
	default:
		// excelize keeps the value as given, marked by its truncated form
		c.t, c.v, c.is, c.isSpace = typeInline, "", &value, needsSpace(truncateCell(value))
	}
	return nil
}

func (f *stampFile) SetCellFormula(sheet, ref, formula string, opts ...excelize.FormulaOpts) error {
	if len(opts) > 0 {
		return errStampUnsupported
	}
	c, err := f.cell(sheet, ref)
	if err != nil {
		return err
	}
	if formula == "" {
		c.f = nil
		return nil
	}
	c.v = c.value() // excelize keeps the value the cell had
	c.f, c.t, c.is = &formula, typeStr, nil
	return nil
}

func (f *stampFile) SetCellStyle(sheet, topLeft, bottomRight string, styleID int) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	c1, r1, c2, r2, err := rangeCoordinates(topLeft, bottomRight)
	if err != nil {
		return err
	}
	if c2 < c1 {
		c1, c2 = c2, c1
	}
	if r2 < r1 {
		r1, r2 = r2, r1
	}
	if styleID < 0 || styleID > len(f.styles) {
		return excelize.ErrParameterInvalid
	}
	for r := r1; r <= r2; r++ {
		for c := c1; c <= c2; c++ {
			s.at(c, r).s = int32(styleID)
		}
	}
	return nil
}

// GetCellValue reads back what templates read: a string, or a number as excelize
// shows it under the cell's number format (formatted by excelize: stamp_parts.go).
func (f *stampFile) GetCellValue(sheet, ref string, opts ...excelize.Options) (string, error) {
	if len(opts) > 0 {
		return "", errStampUnsupported
	}
	c, err := f.cell(sheet, ref)
	if err != nil {
		return "", err
	}
	switch {
	case c.t == typeShared:
		return f.sst[c.sst], nil
	case c.t == typeInline && c.is != nil:
		return *c.is, nil
	case c.t == typeNone && c.v != "":
		var style *excelize.Style
		if c.s > 0 {
			style = f.styles[c.s-1]
		}
		return formattedNumber(c.v, style, f.styleKeys, int(c.s))
	}
	return c.v, nil
}

func (f *stampFile) MergeCell(sheet, topLeft, bottomRight string) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	c1, r1, c2, r2, err := rangeCoordinates(topLeft, bottomRight)
	if err != nil {
		return err
	}
	if c2 < c1 || r2 < r1 {
		return errStampUnsupported
	}
	ref := topLeft + ":" + bottomRight
	for _, m := range s.merge { // excelize merges overlapping ranges when it writes
		if overlaps(m, c1, r1, c2, r2) {
			return errStampUnsupported
		}
	}
	s.merge = append(s.merge, ref)
	return nil
}

func overlaps(ref string, c1, r1, c2, r2 int) bool {
	a, b, _ := strings.Cut(ref, ":")
	ac, ar, _ := excelize.CellNameToCoordinates(a)
	bc, br, _ := excelize.CellNameToCoordinates(b)
	return !(bc < c1 || ac > c2 || br < r1 || ar > r2)
}

func (f *stampFile) SetColWidth(sheet, startCol, endCol string, width float64) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	lo, err := excelize.ColumnNameToNumber(startCol)
	if err != nil {
		return err
	}
	hi, err := excelize.ColumnNameToNumber(endCol)
	if err != nil {
		return err
	}
	if width > excelize.MaxColumnWidth {
		return excelize.ErrColumnWidth
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	for c := lo; c <= hi; c++ {
		s.cols[c] = width
	}
	return nil
}

// excelize's width of a column never set, with no default in sheetFormatPr.
const stampDefaultColWidth = 9.140625

func (f *stampFile) GetColWidth(sheet, col string) (float64, error) {
	s, err := f.sheet(sheet)
	if err != nil {
		return stampDefaultColWidth, err
	}
	n, err := excelize.ColumnNameToNumber(col)
	if err != nil {
		return stampDefaultColWidth, err
	}
	if w, ok := s.cols[n]; ok && w != 0 {
		return w, nil
	}
	return stampDefaultColWidth, nil
}

func (f *stampFile) SetRowHeight(sheet string, row int, height float64) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	if row < 1 || height > excelize.MaxRowHeight || height < 0 {
		return excelize.ErrParameterInvalid
	}
	s.row(row).ht = &height
	return nil
}

func (f *stampFile) AddDataValidation(sheet string, dv *excelize.DataValidation) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	s.dvs = append(s.dvs, dv)
	return nil
}

func (f *stampFile) SetPageLayout(sheet string, opts *excelize.PageLayoutOptions) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	if opts.FirstPageNumber != nil || opts.AdjustTo != nil || opts.BlackAndWhite != nil || opts.PageOrder != nil {
		return errStampUnsupported
	}
	s.layout = opts
	return nil
}

func (f *stampFile) SetSheetProps(sheet string, opts *excelize.SheetPropsOptions) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	only := excelize.SheetPropsOptions{FitToPage: opts.FitToPage}
	if *opts != only || opts.FitToPage == nil {
		return errStampUnsupported
	}
	s.hasProps, s.fitToPage = true, *opts.FitToPage
	return nil
}

func (f *stampFile) SetPageMargins(sheet string, opts *excelize.PageLayoutMarginsOptions) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	if opts.Header != nil || opts.Footer != nil || opts.Horizontally != nil || opts.Vertically != nil ||
		opts.Left == nil || opts.Right == nil || opts.Top == nil || opts.Bottom == nil {
		return errStampUnsupported
	}
	s.margins = opts
	return nil
}

func (f *stampFile) SetDefinedName(dn *excelize.DefinedName) error {
	i, _ := f.GetSheetIndex(dn.Scope)
	if i < 0 || dn.Comment != "" {
		return errStampUnsupported
	}
	for _, n := range f.names {
		if n.name == dn.Name && n.sheet == i {
			return excelize.ErrDefinedNameDuplicate
		}
	}
	f.names = append(f.names, stampName{dn.Name, dn.RefersTo, i})
	return nil
}

func (f *stampFile) SetPanes(sheet string, panes *excelize.Panes) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	if !panes.Freeze || panes.Split || len(panes.Selection) > 0 {
		return errStampUnsupported
	}
	s.panes = panes
	return nil
}

func (f *stampFile) SetSheetDimension(sheet, rangeRef string) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	s.dim = rangeRef
	return nil
}

func (f *stampFile) ProtectSheet(sheet string, opts *excelize.SheetProtectionOptions) error {
	s, err := f.sheet(sheet)
	if err != nil {
		return err
	}
	if opts.AlgorithmName != "" {
		return errStampUnsupported // only the legacy hash: see TemplateInput.Password
	}
	s.protect = opts
	return nil
}

func (f *stampFile) ProtectWorkbook(opts *excelize.WorkbookProtectionOptions) error {
	if opts.Password != "" || opts.AlgorithmName != "" || opts.LockWindows {
		return errStampUnsupported
	}
	f.lockBook = opts.LockStructure
	return nil
}

// checkSheetName applies excelize's rules for sheet names.
func checkSheetName(name string) error {
	switch {
	case name == "":
		return excelize.ErrSheetNameBlank
	case utf8.RuneCountInString(name) > excelize.MaxSheetNameLength:
		return excelize.ErrSheetNameLength
	case strings.ContainsAny(name, `:\/?*[]`):
		return excelize.ErrSheetNameInvalid
	case strings.HasPrefix(name, "'") || strings.HasSuffix(name, "'"):
		return excelize.ErrSheetNameSingleQuote
	}
	return nil
}

// isNumeric is excelize's test of a SetCellDefault value that is written as a number.
func isNumeric(s string) bool {
	if strings.Contains(s, "_") {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// truncateCell keeps excelize's limit of 32,767 UTF-16 units a cell.
func truncateCell(s string) string {
	if len(s) <= excelize.TotalCellChars {
		return s
	}
	n := 0
	for i, r := range s {
		w := 1
		if r > 0xFFFF {
			w = 2
		}
		if n+w > excelize.TotalCellChars {
			return s[:i]
		}
		n += w
	}
	return s
}

// needsSpace is whether excelize marks a string xml:space="preserve".
func needsSpace(s string) bool {
	if s == "" {
		return false
	}
	for _, b := range []byte{9, 10, 13, 32} {
		if s[0] == b || s[len(s)-1] == b {
			return true
		}
	}
	return false
}

// rangeCoordinates are the column and row numbers of a range's two corners.
func rangeCoordinates(topLeft, bottomRight string) (c1, r1, c2, r2 int, err error) {
	if c1, r1, err = excelize.CellNameToCoordinates(topLeft); err != nil {
		return
	}
	c2, r2, err = excelize.CellNameToCoordinates(bottomRight)
	return
}
