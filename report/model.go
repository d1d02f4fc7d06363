package report

import "fmt"

// The document model: what the bulletin and the notices say, block by block, in the
// order the PDF sets them. The PDF is drawn as the model is built (every block is
// recorded by the drawing call that sets it), and the .docx twin (package docx) is
// written from the same model, so both say the same words.

// BlockKind is what a block is.
type BlockKind int

const (
	BlockMasthead   BlockKind = iota // Text: red masthead; Meta: 第N期; Lines: issuer, date
	BlockLetterhead                  // Text: red issuing office; Meta: 发文字号
	BlockTitle                       // 2号 小标宋, centred
	BlockAddressee                   // 主送机关, flush left
	BlockHeading1                    // 一、 黑体
	BlockHeading2                    // （一） 楷体
	BlockParagraph                   // body, first line indented two characters
	BlockFlush                       // body, not indented (a letter's salutation)
	BlockLabel                       // 附件 label, 黑体, flush left
	BlockTable
	BlockNote      // a small note under a table
	BlockChart     // the bar chart of points
	BlockSignature // Text: issuer; Meta: date
	BlockImprint   // Lines: 报/送/发 rows; Text: issuer; Meta: date 印发
	BlockPageBreak
	BlockSection // the next blocks on new pages, landscape when Landscape
	BlockLetter  // a notice letter starts: a new odd page, numbered from 1
)

// Block is one block of a document.
type Block struct {
	Kind      BlockKind
	Text      string
	Meta      string
	Lines     []string
	Landscape bool
	Table     *Table
	Chart     *Chart
}

// Table is a table of the model: column widths in millimetres, header rows whose
// cells may span, body rows, the note under it.
type Table struct {
	Widths  []float64
	Headers [][]HeaderCell
	Rows    [][]Cell
	Note    string
	Size    float64 // points
}

// HeaderCell spans Span columns (1 when 0) and Rows header rows; Covered marks a
// place a taller cell above covers.
type HeaderCell struct {
	Text       string
	Span, Rows int
	Covered    bool
}

// Cell is a body cell: its text, its alignment (L, C or R; "" is centred) and its
// fill as RRGGBB ("" none).
type Cell struct {
	Text  string
	Align string
	Fill  string
}

// Chart is the bar chart of the units' points, best first.
type Chart struct {
	Title  string
	Names  []string
	Points []string
	Shares []float64 // each bar's length as a share of the axis
	Fills  []string  // RRGGBB
	Axis   string    // the axis label
}

// Document is a document's blocks and its title.
type Document struct {
	Title  string
	Author string
	Blocks []Block
}

// record adds a block to the model being built.
func (d *doc) record(b Block) {
	if d.model != nil {
		d.model.Blocks = append(d.model.Blocks, b)
	}
}

// hex is a colour as RRGGBB.
func (c rgb) hex() string { return sprintfHex(c) }

// modelTable is a drawn table as the model keeps it.
func modelTable(t table) *Table {
	m := &Table{Widths: t.widths, Note: zhText(t.note), Size: t.size}
	for _, row := range t.headers {
		var r []HeaderCell
		for _, h := range row {
			r = append(r, HeaderCell{Text: zhText(h.text), Span: h.span, Rows: h.rows, Covered: h.covered})
		}
		m.Headers = append(m.Headers, r)
	}
	m.Rows = make([][]Cell, 0, len(t.rows))
	for _, row := range t.rows {
		r := make([]Cell, 0, len(row))
		for _, c := range row {
			fill := ""
			if c.fill != nil {
				fill = c.fill.hex()
			}
			r = append(r, Cell{Text: zhText(c.text), Align: c.align, Fill: fill})
		}
		m.Rows = append(m.Rows, r)
	}
	return m
}

// sprintfHex is fmt's %02X%02X%02X of the components without fmt: the model of a
// province's tables holds hundreds of thousands of filled cells.
func sprintfHex(c rgb) string {
	const digits = "0123456789ABCDEF"
	var b [6]byte
	for i, v := range [3]int{c.r, c.g, c.b} {
		if v < 0 || v > 255 {
			return fmt.Sprintf("%02X%02X%02X", c.r, c.g, c.b)
		}
		b[2*i], b[2*i+1] = digits[v>>4], digits[v&15]
	}
	return string(b[:])
}
