package workbook

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

// ErrNotTemplate: the workbook opens but has no tenglong metadata sheet.
var ErrNotTemplate = errors.New("这不是 tenglong 生成的填报模板")

// ErrDamaged: the file cannot be read safely — corrupt, truncated, or built to exhaust
// a reader (a zip bomb, absurdly nested or sized XML, a cell pointing past the shared
// strings). Every such error of ReadTemplate and ReadVisible satisfies
// errors.Is(err, ErrDamaged); its text names the part and says what to do.
var ErrDamaged = errors.New("文件损坏或不完整")

type damagedError struct{ msg string }

func (e *damagedError) Error() string        { return e.msg }
func (e *damagedError) Is(target error) bool { return target == ErrDamaged }

func damaged(format string, a ...any) error { return &damagedError{fmt.Sprintf(format, a...)} }

// What a damaged file's message tells the office to do.
const (
	fixResend   = "请让单位重新保存后再发送"
	fixTemplate = "请让单位在发下去的模板上填写，保存为 .xlsx 后重新发送"
)

// Limits on reading a returned workbook, which may be corrupt or hostile. A template of
// a province-size campaign is about 50 KB zipped and under 1 MB inflated; every limit
// is far above what a real return needs and far below what would exhaust the machine
// (ingest reads a file per CPU at once). A file over one is refused with ErrDamaged,
// never read in part. The zip limits hold on both routes; the XML limits (checkXML) on
// every part that encoding/xml or excelize parses — excelize only ever sees parts that
// passed them (readerPackage) — while the fast path's scanner, which neither recurses
// nor allocates by row or column, keeps only the cells that inputs occupy.
const (
	maxParts         = 1000      // zip entries: a template has about 15
	maxPartSize      = 64 << 20  // one part inflated, as declared and as actually read
	maxInflated      = 256 << 20 // all parts together, inflated
	maxDepth         = 64        // nested XML elements: Excel writes fewer than 10
	maxTagBytes      = 64 << 10  // one tag with its attributes
	maxTextBytes     = 1 << 20   // one run of text between tags, as stored (escaped)
	maxStringBytes   = 32767 * 3 // one cell's text: Excel's 32,767 characters, at most 3 bytes each
	maxSharedStrings = 1 << 20   // items of the shared strings table
	maxSheets        = 1000      // sheets a workbook lists
	maxCells         = 2 << 20   // cells across the sheets read
	maxRowSlots      = 16 << 20  // cells a row-by-row reader fills in: each row up to its last cell
	maxValues        = 1 << 20   // values of one Return: inputs and the list columns' prepared rows
)

// CellValue is what one input cell of a returned template holds, as stored in the
// file (raw: numbers as their text, not as displayed).
type CellValue struct {
	InputCell
	Cell string // the cell itself; for list columns, one cell of the range
	Row  int    // for list columns, the 0-based row within the prepared rows; else -1
	Raw  string
	// Text: the cell holds text (a shared or inline string, or a formula's text
	// result), not a number. Digits typed as text are the clerk's own, all of them;
	// a number cell's may be a double's binary noise (19.989999999999998).
	Text bool
	// Formula is the cell's formula as stored, without "=" ("" when it has none): Raw
	// is then the result Excel last calculated, not what was typed.
	Formula string
	// FormulaCell is, for a cell that shares a formula filled down from another cell,
	// that cell: Formula is its formula as written there.
	FormulaCell string
}

// Return is a template read back: its metadata and the raw value of every input.
type Return struct {
	Metadata Metadata
	Values   []CellValue
	// Titles are the visible cells naming the unit and period.
	Titles []TitleCell
	// Rebuilt: made from what the sheet shows because the metadata was lost (see
	// returns.FromVisible); there is no signature or title to check against.
	Rebuilt bool
}

// ReadTemplate reads a filled template by the addresses its metadata records. It
// reads raw values (formatted reads are slower and change numbers). A file over the
// reading limits, or one that makes a reader panic, is an ErrDamaged error naming the
// part.
func ReadTemplate(data []byte) (ret *Return, err error) {
	var p *pkg
	defer func() {
		if r := recover(); r != nil {
			ret, err = nil, p.panicked(r)
		}
	}()
	if p, err = openPackage(data); err != nil {
		return nil, err
	}
	defer readBudget.hold(p.xmlBytes())()
	p.takeBuffer()
	if ret, err = readFast(p); err == nil || errors.Is(err, ErrDamaged) {
		p.giveBuffer() // what the fast path returns is copied out of it
		return ret, err
	}
	return readExcelize(p)
}

// partBuffers keeps the buffers parts are inflated into from one return to the next:
// ingest reads thousands, each part of a hundred kilobytes.
var partBuffers sync.Pool

// takeBuffer gives p a kept buffer to inflate its parts into, when it has none yet.
func (p *pkg) takeBuffer() {
	if b, ok := partBuffers.Get().(*[]byte); ok && p.buf.Cap() == 0 {
		p.buf = *bytes.NewBuffer((*b)[:0])
	}
}

// giveBuffer keeps p's buffer for the next return; nothing may refer to the bytes of
// a part read before.
func (p *pkg) giveBuffer() {
	if p.buf.Cap() == 0 {
		return
	}
	b := p.buf.Bytes()[:0]
	p.buf = bytes.Buffer{}
	partBuffers.Put(&b)
}

// withExcelize opens a workbook within the reading limits of ReadTemplate — the
// package checked, the shared memory budget held, a reader's panic an ErrDamaged error
// naming the part — and hands excelize's view of it to read: every reader of a file
// someone sent (a return's visible sheet, a county's 明细, the office's own table)
// goes through it.
func withExcelize(data []byte, read func(p *pkg, f *excelize.File) error) (err error) {
	var p *pkg
	defer func() {
		if r := recover(); r != nil {
			err = p.panicked(r)
		}
	}()
	if p, err = openPackage(data); err != nil {
		return err
	}
	defer readBudget.hold(p.xmlBytes())()
	f, err := p.openExcelize()
	if err != nil {
		return err
	}
	defer f.Close()
	return read(p, f)
}

// readTemplateExcelize reads a template through excelize: every file the fast path
// declines, and the one that words the errors.
func readTemplateExcelize(data []byte) (*Return, error) {
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	return readExcelize(p)
}

func readExcelize(p *pkg) (*Return, error) {
	f, err := p.openExcelize()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p.buf = bytes.Buffer{} // the largest part, read for the checks: not needed from here on
	sheets := sheetCache{f: f, p: p, cells: map[string]sheetCells{}, charset: f.CharsetReader}
	mcells, err := sheets.get(metadataSheet)
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("%w（没有元数据表：%v）", ErrNotTemplate, err)
	}
	meta, err := metadataFromCells(mcells)
	if err != nil {
		return nil, err
	}
	sheets.need = neededCells(meta)
	needTitles(sheets.need)
	ret, err := collectValues(meta, sheets.value)
	if err != nil {
		return nil, err
	}
	has := func(sheet string) bool { i, err := f.GetSheetIndex(sheet); return err == nil && i >= 0 }
	if ret.Titles, err = readTitles(has, cellText(sheets.value)); err != nil {
		return nil, err
	}
	return ret, nil
}

// collectValues reads every input of a template's metadata through value; both readers
// share it, so that they refuse the same ranges.
func collectValues(meta *Metadata, value func(sheet string, col, row int) (sheetCell, error)) (*Return, error) {
	total := 0
	for _, in := range meta.Inputs {
		n := 1
		if in.Kind == InputListColumn {
			_, first, last, err := listRange(in)
			if err != nil {
				return nil, err
			}
			n = max(last-first+1, 0)
		}
		if total += n; total > maxValues {
			return nil, damaged("模板元数据记录的填报单元格超过 %d 个，不是 tenglong 生成的模板：%s", maxValues, fixTemplate)
		}
	}
	ret := &Return{Metadata: *meta, Values: make([]CellValue, 0, total)}
	for _, in := range meta.Inputs {
		if in.Kind == InputListColumn {
			col, first, last, _ := listRange(in)
			names := cellNames(col, first, last)
			for row := first; row <= last; row++ {
				v, err := value(in.Sheet, col, row)
				if err != nil {
					return nil, err
				}
				ret.Values = append(ret.Values, v.value(CellValue{InputCell: in, Cell: names[row-first], Row: row - first}))
			}
			continue
		}
		col, row, err := cellCoords(in.Ref)
		if err != nil {
			return nil, fmt.Errorf("元数据里的单元格“%s”格式不对", in.Ref)
		}
		v, err := value(in.Sheet, col, row)
		if err != nil {
			return nil, err
		}
		ret.Values = append(ret.Values, v.value(CellValue{InputCell: in, Cell: in.Ref, Row: -1}))
	}
	return ret, nil
}

// cellNames names the cells of a column from row first to last, as cell does, in one
// string that the names are slices of: a list of 300 rows is two allocations, not 300.
// Every return of a campaign names the same ranges: the names are kept (read-only)
// for the next return, up to namedRanges ranges.
func cellNames(col, first, last int) []string {
	if last < first {
		return nil
	}
	key := [3]int{col, first, last}
	if names, ok := rangeNames.Load(key); ok {
		return names.([]string)
	}
	names := makeCellNames(col, first, last)
	if rangeCount.Add(1) <= namedRanges {
		rangeNames.Store(key, names)
	}
	return names
}

// namedRanges bounds the ranges cellNames keeps: a campaign's lists have a few
// columns each.
const namedRanges = 4096

var (
	rangeNames sync.Map // [3]int{col, first, last} → []string
	rangeCount atomic.Int64
)

// makeCellNames is cellNames without keeping them.
func makeCellNames(col, first, last int) []string {
	if col < 1 || first < 1 || col > excelize.MaxColumns || last > excelize.TotalRows {
		names := make([]string, 0, last-first+1)
		for row := first; row <= last; row++ {
			names = append(names, cell(col, row))
		}
		return names
	}
	buf := make([]byte, 0, (last-first+1)*(len(colName(col))+7))
	ends := make([]int, 0, last-first+1)
	for row := first; row <= last; row++ {
		buf = appendCellName(buf, col, row)
		ends = append(ends, len(buf))
	}
	all := string(buf)
	names := make([]string, len(ends))
	start := 0
	for i, end := range ends {
		names[i], start = all[start:end], end
	}
	return names
}

// cellCoords is excelize.CellNameToCoordinates, without its allocations for the
// references Excel writes (B12).
func cellCoords(ref string) (col, row int, err error) {
	if col, row, ok := cellCoordinates([]byte(ref)); ok && col <= excelize.MaxColumns && row <= excelize.TotalRows {
		return col, row, nil
	}
	return excelize.CellNameToCoordinates(ref)
}

// listRange is a list column's prepared rows, as its metadata records them (C4:C303).
// A range that ends before it starts has no rows.
func listRange(in InputCell) (col, first, last int, err error) {
	from, to, ok := strings.Cut(in.Ref, ":")
	if !ok {
		return 0, 0, 0, fmt.Errorf("元数据里清单区域“%s”格式不对", in.Ref)
	}
	if col, first, err = cellCoords(from); err != nil {
		return 0, 0, 0, err
	}
	if _, last, err = cellCoords(to); err != nil {
		return 0, 0, 0, err
	}
	if last-first > maxListRows {
		return 0, 0, 0, damaged("元数据里清单区域“%s”超过 %d 行，不是 tenglong 生成的模板：%s", in.Ref, maxListRows, fixTemplate)
	}
	return col, first, last, nil
}

// sheetCache reads each sheet's raw values once, row by row through excelize's
// iterator, keeping only the cells that hold something: reading cell by cell walks
// the sheet's XML model again for every call, and GetRows would fill every row out to
// its last cell.
type sheetCache struct {
	f       *excelize.File
	p       *pkg
	cells   map[string]sheetCells
	need    map[string]map[int][2]int                           // the cells inputs occupy, by sheet (neededCells)
	charset func(label string, in io.Reader) (io.Reader, error) // excelize's, for parts not in UTF-8
	infos   map[string]map[[2]int]*cellInfo                     // types and formulas of those cells, by sheet
}

func (s *sheetCache) get(sheet string) (sheetCells, error) {
	if c, ok := s.cells[sheet]; ok {
		return c, nil
	}
	// Keep only the metadata's columns, and on other sheets the cells inputs occupy
	// (as the fast path does): what is kept grows with the inputs, not with the sheet.
	keep := func(row, col int) bool { return col <= metaCols }
	if sheet != metadataSheet {
		cols := s.need[sheet]
		keep = func(row, col int) bool {
			r, ok := cols[col]
			return ok && row >= r[0] && row <= r[1]
		}
	}
	var c sheetCells
	err := s.p.eachRow(s.f, sheet, func(row int, cols []string) bool {
		for i, v := range cols {
			if v != "" && keep(row, i+1) {
				c = append(c, sheetCell{row: int32(row), col: int32(i + 1), v: v})
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	s.cells[sheet] = c
	return c, nil
}

func (s *sheetCache) value(sheet string, col, row int) (sheetCell, error) {
	c, err := s.get(sheet)
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			return sheetCell{}, err
		}
		return sheetCell{}, fmt.Errorf("读不了工作表“%s”：%w", sheet, err)
	}
	infos, ok := s.infos[sheet]
	if !ok {
		if infos, err = s.p.cellInfos(s.p.partOfSheet[sheet], s.need[sheet], s.charset); err != nil {
			return sheetCell{}, err
		}
		if s.infos == nil {
			s.infos = map[string]map[[2]int]*cellInfo{}
		}
		s.infos[sheet] = infos
	}
	v := c.find(col, row)
	v.info = infos[[2]int{col, row}]
	return v, nil
}

// eachRow streams a sheet's rows through excelize, calling fn with each row that holds
// something (1-based, numbered as GetRows numbers them) until fn returns false.
func (p *pkg) eachRow(f *excelize.File, sheet string, fn func(row int, cols []string) bool) error {
	p.part = "工作表“" + sheet + "”"
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return damaged("工作表“%s”第 %d 行读不出来（%v）：%s", sheet, n, err, fixResend)
		}
		for _, v := range cols {
			if len(v) > maxStringBytes {
				return damaged("工作表“%s”第 %d 行有超过 Excel 上限（32767 个字符）的文字，不是 Excel 或 WPS 保存的内容：%s", sheet, n, fixTemplate)
			}
		}
		if len(cols) > 0 && !fn(n, cols) {
			break
		}
	}
	return rows.Error()
}

// sheetCell is one cell of a sheet that holds something.
type sheetCell struct {
	row, col int32
	v        string
	info     *cellInfo // of input cells holding text or a formula; nil otherwise
}

// cellInfo is what CellValue tells besides the value: whether the cell holds text, and
// its formula.
type cellInfo struct {
	text                 bool
	formula, formulaCell string
}

// value is v filled with the cell's value and what its info says.
func (c sheetCell) value(v CellValue) CellValue {
	v.Raw = c.v
	if c.info != nil {
		v.Text, v.Formula, v.FormulaCell = c.info.text, c.info.formula, c.info.formulaCell
	}
	return v
}

// sheetCells are a sheet's non-empty cells in row, then column order: lookups are a
// binary search, and nothing is allocated by row or column number, so a cell at
// XFD1048576 costs what A1 costs.
type sheetCells []sheetCell

func cmpCell(a sheetCell, row, col int32) int {
	if a.row != row {
		return int(a.row - row)
	}
	return int(a.col - col)
}

func (s sheetCells) value(col, row int) string { return s.find(col, row).v }

// find is the cell at col, row; an empty one when it holds nothing.
func (s sheetCells) find(col, row int) sheetCell {
	// A binary search by hand on one key: a return looks up a couple of thousand cells.
	key := int64(row)<<32 | int64(uint32(col))
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if int64(s[m].row)<<32|int64(uint32(s[m].col)) < key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(s) && int(s[lo].row) == row && int(s[lo].col) == col {
		return s[lo]
	}
	return sheetCell{}
}

// sorted puts cells written out of order in order; of two at one position the later
// wins, as it does when a reader fills a grid.
func (s sheetCells) sorted() sheetCells {
	inOrder := true
	for i := 1; i < len(s) && inOrder; i++ {
		inOrder = cmpCell(s[i-1], s[i].row, s[i].col) < 0
	}
	if inOrder {
		return s
	}
	slices.SortStableFunc(s, func(a, b sheetCell) int { return cmpCell(a, b.row, b.col) })
	out := s[:0]
	for i := range s {
		if i+1 < len(s) && cmpCell(s[i], s[i+1].row, s[i+1].col) == 0 {
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// metaCols are the metadata sheet's columns: key and value above the input table;
// kind, key, sheet, cell and target in it.
const metaCols = 5

// metadataFromCells reads the metadata sheet written by metadataSheet: the key/value
// fields above the input table, one input a row below its header.
func metadataFromCells(cells sheetCells) (*Metadata, error) {
	m := &Metadata{}
	fields := map[string]*string{
		metaFormat: &m.Format, metaCampaign: &m.Campaign, metaFingerprint: &m.Fingerprint, metaUnit: &m.Unit,
		metaUnitName: &m.UnitName, metaPeriod: &m.Period, metaGenerated: &m.Generated, metaDeadline: &m.Deadline,
		metaSignature: &m.Signature,
	}
	rows := 0 // the table's rows, at most: Inputs is allocated once
	for i := range cells {
		if cells[i].row > metaTableRow && cells[i].col == 1 && (i == 0 || cells[i-1].row != cells[i].row) {
			rows++
		}
	}
	if rows > 0 {
		m.Inputs = make([]InputCell, 0, rows)
	}
	for i := 0; i < len(cells); {
		row := cells[i].row
		var r [metaCols]string
		for ; i < len(cells) && cells[i].row == row; i++ {
			if c := cells[i].col; c >= 1 && c <= int32(len(r)) {
				r[c-1] = cells[i].v
			}
		}
		switch {
		case row < metaTableRow:
			if dst, ok := fields[r[0]]; ok {
				*dst = r[1]
			}
		case row > metaTableRow && r[0] != "":
			m.Inputs = append(m.Inputs, InputCell{Kind: r[0], Key: r[1], Sheet: r[2], Ref: r[3], Target: r[4]})
		}
	}
	if m.Campaign == "" || m.Unit == "" || m.Period == "" {
		return nil, fmt.Errorf("模板元数据不完整（缺少行动、单位或期次）")
	}
	return m, nil
}

// oleMagic starts an OLE2 compound file: .xls, .et, and a password-protected .xlsx.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// pkg is a returned workbook's zip with its entries' declared sizes checked; its parts
// are inflated only through read, which holds the limits on what is actually inflated
// and on the XML inside.
type pkg struct {
	files map[string]*zip.File // by name, with "\" as "/" and no leading "/"
	buf   bytes.Buffer         // the part last read
	part  string               // what is being read, for messages

	// Counted while reading, against the limits; reset for each reader.
	slotLimit           int // maxRowSlots, or lower (openForEditing)
	inflated            int64
	sst, cells, slots   int
	sheetOfPart         map[string]string // worksheet part → sheet name, for messages
	partOfSheet         map[string]string // sheet name → worksheet part
	sstName             string            // the shared strings part, if any
	workbook, workbookR string            // the workbook part and its relationships
	transcoded          map[string][]byte // parts written in UTF-16, in UTF-8 (fromUTF16)
}

// openPackage opens the zip and refuses it, before inflating anything, when it is not
// one or its entries declare more than the limits allow.
func openPackage(data []byte) (*pkg, error) {
	if bytes.HasPrefix(data, oleMagic) {
		return nil, errors.New("这是 Excel 97–2003（.xls）、WPS（.et）格式或设了打开密码的工作簿，读不了：请在 Excel 或 WPS 里取消打开密码，“另存为” Excel 工作簿（.xlsx）后重新发送")
	}
	zr, err := zip.NewReader(newMemZip(data), int64(len(data)))
	if err != nil && zr == nil {
		return nil, damaged("文件损坏或不完整（可能没下载完或没保存完），打不开：%s", fixResend)
	}
	useInflater(zr)
	if len(zr.File) > maxParts {
		return nil, damaged("文件里有 %d 个部件，超过 %d 个的上限，不像是填报模板：%s", len(zr.File), maxParts, fixTemplate)
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, f := range zr.File {
		name := strings.TrimPrefix(strings.ReplaceAll(f.Name, "\\", "/"), "/")
		if f.UncompressedSize64 > maxPartSize {
			return nil, damaged("文件里的 %s 解压后有 %s，超过 %d MB，不像是填报模板：%s", name, mb(f.UncompressedSize64), maxPartSize>>20, fixTemplate)
		}
		if total += f.UncompressedSize64; total > maxInflated {
			return nil, damaged("文件解压后超过 %d MB，不像是填报模板：%s", maxInflated>>20, fixTemplate)
		}
		p.files[name] = f
		if strings.EqualFold(name, "xl/sharedStrings.xml") {
			p.sstName = name // excelize finds it whatever its case
		}
	}
	return p, nil
}

func mb(n uint64) string {
	if n >= 1<<30 {
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	}
	return fmt.Sprintf("%d MB", n>>20)
}

// panicked is the error for a reader's panic, naming what it was reading.
func (p *pkg) panicked(r any) error {
	part := "工作簿"
	if p != nil && p.part != "" {
		part = p.part
	}
	return damaged("读取 %s 时出错（%v），文件可能已损坏：%s", part, r, fixResend)
}

// reset starts a reader's count afresh.
func (p *pkg) reset() {
	p.inflated, p.sst, p.cells, p.slots = 0, 0, 0, 0
}

// partKind says what a part holds, for the checks particular to it.
type partKind int

const (
	partXML   partKind = iota // any XML part
	partSST                   // the shared strings table
	partSheet                 // a worksheet
	// partScanned is a worksheet for the fast path's scanner, which neither recurses nor
	// allocates by position and caps what it keeps itself: only the size limits apply.
	// Checking it would cost a third of the fast path; a worksheet the scanner declines
	// is checked as partSheet on the way to excelize.
	partScanned
	partStyles // the styles part, checked only when a workbook is opened for editing
)

// read inflates a part through a limit, whatever its entry declares, and checks its
// XML (checkXML) before anyone parses it. The bytes are valid until the next read.
func (p *pkg) read(name string, kind partKind) ([]byte, error) {
	f := p.files[name]
	if f == nil {
		return nil, fmt.Errorf("no %s", name)
	}
	p.part = name
	rc, err := f.Open()
	if err != nil {
		return nil, damaged("文件里的 %s 解不开（%v），文件损坏或不完整：%s", name, err, fixResend)
	}
	defer rc.Close()
	p.buf.Reset()
	p.buf.Grow(int(f.UncompressedSize64) + bytes.MinRead) // at most maxPartSize: openPackage checked
	n, err := p.buf.ReadFrom(io.LimitReader(rc, maxPartSize+1))
	if err != nil {
		return nil, damaged("文件里的 %s 解不开（%v），文件损坏或不完整（可能没下载完）：%s", name, err, fixResend)
	}
	if n > maxPartSize {
		return nil, damaged("文件里的 %s 解压后超过 %d MB，不像是填报模板：%s", name, maxPartSize>>20, fixTemplate)
	}
	if p.inflated += n; p.inflated > maxInflated {
		return nil, damaged("文件解压后超过 %d MB，不像是填报模板：%s", maxInflated>>20, fixTemplate)
	}
	x := p.buf.Bytes()
	if u, ok := fromUTF16(x); ok {
		x = u
		if p.transcoded == nil {
			p.transcoded = map[string][]byte{}
		}
		p.transcoded[name] = x // excelize gets these bytes too (readerPackage)
	}
	if err := p.checkXML(name, x, kind); err != nil {
		return nil, err
	}
	return x, nil
}

// relationships is a .rels part.
type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

// workbookSheets is the <sheets> list of a workbook part.
type workbookSheets struct {
	Sheets []struct {
		Name string `xml:"name,attr"`
		RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

func (p *pkg) unmarshal(name string, v any) error {
	x, err := p.read(name, partXML)
	if err != nil {
		return err
	}
	return unmarshalMemo(x, v)
}

// relOfficeDocument is the relationship type of a package's main part.
const relOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

// sheetParts finds the workbook and its worksheets as excelize does (getWorkbookPath,
// getWorksheetPath): the workbook named by _rels/.rels, each sheet's part by its
// relationship, relative to the workbook's folder. Two sheets in one part are refused:
// a reader would read the part once per sheet.
func (p *pkg) sheetParts() ([]string, error) {
	var root relationships
	if p.files["_rels/.rels"] != nil {
		if err := p.unmarshal("_rels/.rels", &root); err != nil && errors.Is(err, ErrDamaged) {
			return nil, err
		}
	}
	for _, r := range root.Rels {
		if r.Type == relOfficeDocument {
			p.workbook = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	if p.workbook == "" || p.files[p.workbook] == nil {
		return nil, damaged("压缩包里没有 Excel 工作簿（xl/workbook.xml），可能是 Word、WPS 或其他文件改了扩展名：%s", fixTemplate)
	}
	dir := path.Dir(p.workbook)
	p.workbookR = strings.TrimPrefix(path.Join(dir, "_rels", path.Base(p.workbook)+".rels"), "/")
	var wb workbookSheets
	if err := p.unmarshal(p.workbook, &wb); err != nil {
		if errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, damaged("工作簿的 %s 读不出来（%v）：%s", p.workbook, err, fixResend)
	}
	if len(wb.Sheets) > maxSheets {
		return nil, damaged("工作簿里有 %d 张表，超过 %d 张的上限，不像是填报模板：%s", len(wb.Sheets), maxSheets, fixTemplate)
	}
	var rels relationships
	if p.files[p.workbookR] != nil {
		if err := p.unmarshal(p.workbookR, &rels); err != nil && errors.Is(err, ErrDamaged) {
			return nil, err
		}
	}
	p.sheetOfPart, p.partOfSheet = map[string]string{}, map[string]string{}
	var parts []string
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID != s.RID {
				continue
			}
			part := strings.TrimPrefix(path.Clean(dir+"/"+r.Target), "/")
			if strings.HasPrefix(r.Target, "/") {
				part = strings.TrimPrefix(path.Clean(r.Target), "/")
			}
			if p.files[part] == nil {
				continue
			}
			if other, ok := p.sheetOfPart[part]; ok {
				return nil, damaged("工作簿里“%s”和“%s”两张表指向同一个部件 %s，不是 Excel 或 WPS 保存的文件：%s", other, s.Name, part, fixTemplate)
			}
			p.sheetOfPart[part], p.partOfSheet[s.Name] = s.Name, part
			parts = append(parts, part)
		}
	}
	return parts, nil
}

// readerPackage is the package as excelize gets it: only the parts reading values
// needs — content types, the workbook and its relationships, the shared strings and
// the worksheets — each inflated through the limits and checked, then copied still
// compressed. Styles (a million <xf> cost excelize gigabytes to decode on open),
// themes, the calculation chain, drawings, images and macros never reach it.
func (p *pkg) readerPackage() ([]byte, error) {
	p.reset()
	sheets, err := p.sheetParts()
	if err != nil {
		return nil, err
	}
	keep := []string{"[Content_Types].xml", "_rels/.rels", p.workbook, p.workbookR}
	if p.files["[Content_Types].xml"] != nil {
		if _, err := p.read("[Content_Types].xml", partXML); err != nil {
			return nil, err
		}
	}
	if p.sstName != "" {
		if _, err := p.read(p.sstName, partSST); err != nil { // before the sheets: they are checked against its count
			return nil, err
		}
		keep = append(keep, p.sstName)
	}
	for _, part := range sheets {
		if _, err := p.read(part, partSheet); err != nil {
			return nil, err
		}
	}
	keep = append(keep, sheets...)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	done := map[string]bool{}
	for _, name := range keep {
		f := p.files[name]
		if f == nil || done[name] {
			continue
		}
		done[name] = true
		if x, ok := p.transcoded[name]; ok {
			w, err := zw.Create(name)
			if err == nil {
				_, err = w.Write(x)
			}
			if err != nil {
				return nil, err
			}
			continue
		}
		if err := copyRaw(zw, f, name); err != nil {
			return nil, damaged("文件里的 %s 解不开（%v）：%s", name, err, fixResend)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func copyRaw(zw *zip.Writer, f *zip.File, name string) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	h := f.FileHeader
	h.Name = name
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	_, err = io.Copy(w, r)
	return err
}

// openExcelize opens what readerPackage keeps of a returned workbook in excelize, with
// its own unzip limits set as well.
func (p *pkg) openExcelize() (*excelize.File, error) {
	data, err := p.readerPackage()
	if err != nil {
		return nil, err
	}
	p.part = "工作簿"
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true,
		UnzipSizeLimit: maxInflated, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return nil, damaged("打不开工作簿（%v），文件可能已损坏：%s", err, fixResend)
	}
	return f, nil
}

// Limits of openForEditing, besides the reading limits.
const (
	// maxStyleElements: Excel itself holds at most about 64,000 cell formats; excelize
	// spends some 370 bytes and 2 µs on each <xf> when it opens a workbook.
	maxStyleElements = 1 << 18
	// maxEditSlots: loading a worksheet, excelize fills in every row to its last cell.
	maxEditSlots = 2 << 20
)

// openForEditing opens a returned workbook to be written back — MarkUp's marked-up
// copy, which excelize opens whole — with the reading limits held on every part: each
// XML part is checked as the readers check theirs (a workbook of five million <xf>
// styles otherwise costs excelize 1.8 GB and 11 s to open), the styles against Excel's
// own ceiling, the worksheets against the cells excelize fills in, and excelize's
// unzip limits are set too. Use it for every returned file that is opened to be
// changed.
func openForEditing(data []byte) (*excelize.File, error) {
	p, err := openPackage(data)
	if err != nil {
		return nil, err
	}
	p.reset()
	p.slotLimit = maxEditSlots
	sheets, err := p.sheetParts()
	if err != nil {
		return nil, err
	}
	if p.sstName != "" {
		if _, err := p.read(p.sstName, partSST); err != nil {
			return nil, err
		}
	}
	for _, part := range sheets {
		if _, err := p.read(part, partSheet); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(p.files))
	for name := range p.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		lower := strings.ToLower(name)
		_, sheet := p.sheetOfPart[name]
		switch {
		case sheet || name == p.sstName || !(strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") || strings.HasSuffix(lower, ".vml")):
			continue
		case lower == "xl/styles.xml":
			_, err = p.read(name, partStyles)
		default:
			_, err = p.read(name, partXML)
		}
		if err != nil {
			return nil, err
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxInflated, UnzipXMLSizeLimit: excelize.StreamChunkSize})
	if err != nil {
		return nil, damaged("打不开工作簿（%v），文件可能已损坏：%s", err, fixResend)
	}
	return f, nil
}

// cellInfos reads, for the excelize route, what its row iterator does not give: the
// type and formula of the cells a sheet's inputs occupy (cols, as neededCells gives
// them). It decodes the part — already checked on its way to excelize (readerPackage)
// — as a stream of tokens, in excelize's character set handling, keeping only those
// cells, and the texts of shared formulas, which later cells of their group refer to.
func (p *pkg) cellInfos(part string, cols map[int][2]int, charset func(string, io.Reader) (io.Reader, error)) (map[[2]int]*cellInfo, error) {
	out := map[[2]int]*cellInfo{}
	if part == "" || len(cols) == 0 {
		return out, nil
	}
	var in io.Reader
	if x, ok := p.transcoded[part]; ok {
		in = bytes.NewReader(x)
	} else {
		f := p.files[part]
		if f == nil {
			return out, nil
		}
		rc, err := f.Open()
		if err != nil {
			return nil, damaged("文件里的 %s 解不开（%v），文件损坏或不完整：%s", part, err, fixResend)
		}
		defer rc.Close()
		in = io.LimitReader(rc, maxPartSize)
	}
	d := xml.NewDecoder(in)
	d.CharsetReader = charset
	masters := map[string]sharedFormula{}
	pending := map[*cellInfo]string{} // cells sharing a formula whose text came not before them, by si
	row, col := 0, 0
	var cur *cellInfo // the cell being read, when wanted
	var at string
	var ftype, si string
	var ftext strings.Builder
	inF := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			for c, si := range pending {
				f, ok := masters[si]
				if !ok { // a group without its formula: still a formula, shown as such
					f = sharedFormula{text: "共享公式（文件里缺少它的原式）"}
				}
				c.formula, c.formulaCell = f.text, f.cell
			}
			return out, nil
		}
		if err != nil {
			return nil, damaged("工作表“%s”读不出来（%v）：%s", p.sheetOfPart[part], err, fixResend)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = row+1, 0
				for _, a := range t.Attr {
					if a.Name.Local == "r" {
						row, _ = strconv.Atoi(a.Value)
					}
				}
			case "c":
				col++
				typ := ""
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "r":
						if c, r, err := excelize.CellNameToCoordinates(a.Value); err == nil {
							col, row = c, r
						}
					case "t":
						typ = a.Value
					}
				}
				at = cell(col, row)
				cur = &cellInfo{text: typ == "s" || typ == "inlineStr" || typ == "str"}
			case "f":
				inF, ftype, si = true, "", ""
				ftext.Reset()
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "t":
						ftype = a.Value
					case "si":
						si = a.Value
					}
				}
			}
		case xml.CharData:
			if inF {
				ftext.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "f":
				inF = false
				f := sharedFormula{text: ftext.String()}
				if ftype == "shared" && si != "" {
					if f.text != "" {
						masters[si] = sharedFormula{text: f.text, cell: at}
					} else if m, ok := masters[si]; ok {
						f = m
					} else if cur != nil {
						pending[cur] = si
					}
				}
				if cur != nil {
					cur.formula, cur.formulaCell = f.text, f.cell
				}
			case "c":
				_, shared := pending[cur]
				if r, ok := cols[col]; ok && row >= r[0] && row <= r[1] && cur != nil && (cur.text || cur.formula != "" || shared) {
					out[[2]int{col, row}] = cur
				} else {
					delete(pending, cur)
				}
				cur = nil
			}
		}
	}
}

// readBudget bounds the XML that reads hold inflated at once, across goroutines:
// ingest reads a file per worker, and a return of tens of megabytes of XML — which the
// fast path holds while it scans, and which sends the excelize route through the
// checks, the copy for excelize and excelize itself — times sixteen workers would
// take gigabytes. A read waits until its share is free; a file over the whole budget
// waits for all of it, and reads alone. Returns of ordinary size (under a megabyte)
// never wait on each other.
var readBudget = newBudget(maxReadBudget)

// maxReadBudget is the budget's size. A read holds about five times its XML at its
// peak (the part read for the checks, excelize's copy, the decoder's garbage, the
// collector's headroom): sixteen returns of 10 MB of XML each, read through excelize on
// sixteen workers, peaked at 830 MB without the budget and 180 MB with it
// (TestTrustFallbackMemory).
const maxReadBudget = 24 << 20

// budget is a weighted semaphore of bytes.
type budget struct {
	mu   sync.Mutex
	cond *sync.Cond
	size int64
	free int64
}

func newBudget(size int64) *budget {
	b := &budget{size: size, free: size}
	b.cond = sync.NewCond(&b.mu)
	return b
}

// hold waits until n bytes (at most the budget's size) are free, takes them, and
// returns the function that gives them back.
func (b *budget) hold(n int64) (release func()) {
	n = min(max(n, 1), b.size)
	b.mu.Lock()
	for b.free < n {
		b.cond.Wait()
	}
	b.free -= n
	b.mu.Unlock()
	return func() {
		b.mu.Lock()
		b.free += n
		b.mu.Unlock()
		b.cond.Broadcast()
	}
}

// xmlBytes is what a package's XML parts declare they inflate to (each checked against
// the truth as it is read): the most a read can hold. Images and other binary parts,
// which readers never inflate, do not count.
func (p *pkg) xmlBytes() int64 {
	var n int64
	for name, f := range p.files {
		lower := strings.ToLower(name)
		if strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") {
			n += int64(f.UncompressedSize64)
		}
	}
	return n
}

// fromUTF16 is a part written in UTF-16 with its byte order mark (which XML requires
// of UTF-16), in UTF-8 and declared so, and true; any other part as it is, and false. Excel writes UTF-8,
// but Excel and LibreOffice read either: read as bytes, a UTF-16 part would hold no
// markup at all, and the checks and the fast path would see an empty sheet.
func fromUTF16(x []byte) ([]byte, bool) {
	var order binary.ByteOrder
	switch {
	case bytes.HasPrefix(x, []byte{0xFF, 0xFE}):
		order = binary.LittleEndian
	case bytes.HasPrefix(x, []byte{0xFE, 0xFF}):
		order = binary.BigEndian
	default:
		return x, false
	}
	u := make([]uint16, 0, len(x)/2)
	for i := 2; i+1 < len(x); i += 2 {
		u = append(u, order.Uint16(x[i:]))
	}
	out := []byte(string(utf16.Decode(u)))
	if bytes.HasPrefix(out, []byte("<?xml")) {
		if end := bytes.Index(out, []byte("?>")); end >= 0 {
			decl := regexp.MustCompile(`encoding\s*=\s*["'][^"']*["']`).ReplaceAll(out[:end], []byte(`encoding="UTF-8"`))
			out = append(decl, out[end:]...)
		}
	}
	return out, true
}
