package report

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"tenglong/report/internal/gofpdf"
)

// Page geometry in millimetres, GB/T 9704-2012 (党政机关公文格式) §5.2: A4, a text
// block (版心) of 156 × 225 mm, 37 mm from the top edge and 28 mm from the left.
const (
	a4Short    = 210.0
	a4Long     = 297.0
	blockW     = 156.0
	blockH     = 225.0
	marginTop  = 37.0
	marginLeft = 28.0
	// Body grid: 3号 type, 28 characters a line, 22 lines a page (§7.1).
	bodyChars = 28
	bodyLines = 22
	bodyPitch = blockH / bodyLines // 10.23 mm from one baseline to the next
	// The page number's 一字线 sits 7 mm below the text block (§7.5).
	folioGap = 7.0
)

// A landscape page is a portrait page turned a quarter to the left, its top at the
// binding (§10.1): its text block is the portrait one turned with it.
const (
	landLeft = a4Long - marginTop - blockH // the portrait bottom margin, 35 mm
	landTop  = marginLeft
)

// Font sizes in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9.
const (
	sizeTitle   = 22.0
	sizeHeading = 16.0
	sizeBody    = 16.0
	sizeFolio   = 14.0
	sizeTable   = 10.5
	sizeSmall   = 9.0
	sizeNote    = sizeSmall + 1.5
	// The masthead is never smaller than 一号.
	sizeMasthead = 26.0
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	black      = rgb{0, 0, 0}
	red        = rgb{200, 16, 30} // 红头
	grey       = rgb{90, 90, 90}
	headerFill = rgb{217, 225, 242}
	lineColour = rgb{120, 120, 120}
)

// doc wraps a gofpdf document with the fonts, page geometry and text handling every
// report shares: Chinese line breaking, characters the font lacks replaced, page
// numbers in the 「— 3 —」 style on the outer side, explicit page breaks.
type doc struct {
	pdf      *gofpdf.Fpdf
	fonts    [roleCount]*Font
	font     *Font // the current font
	family   string
	spacing  float64 // extra space after each character, mm (body text on the grid)
	style    boxStyle
	firstNo  int // the page that is 第1页: each notice letter counts from its own first page
	numbered bool
	keep     *glossary    // names never broken across lines (units)
	restart  bool         // the next page is 第1页
	blank    map[int]bool // pages left blank for double-sided printing: no number
	model    *Document    // the blocks set so far, for the .docx twin
}

// newDoc starts an A4 document written to w page by page as it is laid out (a
// bulletin of 5,000 units has 9,000 pages: none is kept once finished), the rest
// by write. created is written as the creation and modification date, so the same
// inputs give the same bytes. After an error w may hold part of a document.
func newDoc(w io.Writer, fonts *FontSet, title, author string, created time.Time) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: a4Short, Ht: a4Long}})
	pdf.StreamTo(w)
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetProducer("tenglong", false)
	pdf.SetCreator("tenglong", false)
	d := &doc{pdf: pdf, numbered: true, firstNo: 1, model: &Document{Title: zhText(title), Author: author}}
	added := map[string]bool{}
	for _, r := range Roles {
		f := fonts.get(r)
		d.fonts[r] = f
		if !added[f.Name] {
			pdf.AddUTF8FontFromBytes(f.Name, "", f.Bytes)
			added[f.Name] = true
		}
	}
	body := d.fonts[RoleBody]
	pdf.SetTitle(body.Clean(title), true)
	pdf.SetAuthor(body.Clean(author), true)
	d.use(RoleBody, sizeBody)
	pdf.SetMargins(marginLeft, marginTop, a4Short-marginLeft-blockW)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(1)
	pdf.SetFooterFunc(d.pageNumber)
	return d
}

// folio is the page number as printed: 一字线, a space, the number, a space, 一字线.
func folio(n int) string { return fmt.Sprintf("— %d —", n) }

// pageNumber prints 「— N —」 in 四号 7 mm below the text block, one character in
// from its right edge on odd pages and from its left edge on even ones (§7.5). A
// landscape page gets it where the portrait pages have it once the page is turned.
func (d *doc) pageNumber() {
	if !d.numbered || d.blank[d.pdf.PageNo()] {
		return
	}
	n := d.pdf.PageNo() - d.firstNo + 1
	if n < 1 {
		return
	}
	d.use(RoleBody, sizeFolio)
	d.colour(black)
	s := folio(n)
	em := sizeFolio * 25.4 / 72
	// In portrait coordinates: x where the text starts, y of its baseline.
	x := marginLeft + em
	if n%2 == 1 {
		x = marginLeft + blockW - em - d.measure(s)
	}
	y := marginTop + blockH + folioGap + em*0.85
	if !d.landscape() {
		d.pdf.Text(x, y, s)
		return
	}
	// Portrait (x, y) is landscape (297 − y, x), the text running downwards.
	lx, ly := a4Long-y, x
	d.pdf.TransformBegin()
	d.pdf.TransformRotate(-90, lx, ly)
	d.pdf.Text(lx, ly, s)
	d.pdf.TransformEnd()
}

// restartNumbers makes the next page 第1页 (a notice letter after the list). It takes
// effect once the page is added: gofpdf prints the previous page's number then.
func (d *doc) restartNumbers() { d.restart = true }

// addPage starts a page, portrait or landscape.
func (d *doc) addPage(landscape bool) {
	if landscape {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
	} else {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
	}
	if d.restart {
		d.firstNo, d.restart = d.pdf.PageNo(), false
	}
	d.styleChanged()
	d.pdf.SetXY(d.left(), d.top())
}

// section starts the next blocks on a new page, landscape or portrait.
func (d *doc) section(landscape bool) {
	d.record(Block{Kind: BlockSection, Landscape: landscape})
	d.addPage(landscape)
}

// blankPage adds a page left empty, without a number, so that what follows starts
// on a sheet of its own when printed on both sides.
func (d *doc) blankPage() {
	d.addPage(false)
	if d.blank == nil {
		d.blank = map[int]bool{}
	}
	d.blank[d.pdf.PageNo()] = true
}

// landscape reports whether the current page is landscape.
func (d *doc) landscape() bool {
	w, h := d.pdf.GetPageSize()
	return w > h
}

// left is the text block's left edge on the current page.
func (d *doc) left() float64 {
	if d.landscape() {
		return landLeft
	}
	return marginLeft
}

// top is the text block's top edge on the current page.
func (d *doc) top() float64 {
	if d.landscape() {
		return landTop
	}
	return marginTop
}

// width is the text block's width on the current page.
func (d *doc) width() float64 {
	if d.landscape() {
		return blockH
	}
	return blockW
}

// right is the text block's right edge on the current page.
func (d *doc) right() float64 { return d.left() + d.width() }

// bottom is the lowest y text may reach on the current page.
func (d *doc) bottom() float64 {
	if d.landscape() {
		return landTop + blockW
	}
	return marginTop + blockH
}

// centre is the x of the text block's middle.
func (d *doc) centre() float64 { return d.left() + d.width()/2 }

// room makes sure h millimetres fit below the current position, else starts a new
// page of the same orientation. It reports whether it started one.
func (d *doc) room(h float64) bool {
	if d.pdf.GetY()+h <= d.bottom()+0.01 {
		return false
	}
	d.addPage(d.landscape())
	return true
}

// use selects a role's font at a size; text is set without extra spacing.
func (d *doc) use(r Role, size float64) {
	d.font = d.fonts[r]
	d.family = d.font.Name
	d.pdf.SetFont(d.family, "", size)
	d.spacing = 0
}

// setFont selects the body font at a size (tables, notes, charts).
func (d *doc) setFont(size float64) { d.use(RoleBody, size) }

// grid sets body text on the standard's grid: 28 characters of 3号 fill the 156 mm
// line exactly, so each character gives back the 0.07 mm by which 16 pt exceeds a
// 28th of the line.
func (d *doc) grid() {
	d.use(RoleBody, sizeBody)
	d.spacing = blockW/bodyChars - sizeBody*25.4/72
}

func (d *doc) colour(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }

// lineHeight is the line pitch for a font size, in millimetres.
func lineHeight(size float64) float64 { return size * 0.3528 * 1.5 }

// measure is the width of text in the current font and spacing.
func (d *doc) measure(s string) float64 {
	w := d.pdf.GetStringWidth(s)
	if d.spacing != 0 {
		w += d.spacing * float64(utf8.RuneCountInString(s))
	}
	return w
}

// text writes one line at (x, baseline y) with the current spacing.
func (d *doc) text(x, y float64, s string) {
	if d.spacing == 0 {
		d.pdf.Text(x, y, s)
		return
	}
	d.pdf.RawWriteStr(fmt.Sprintf("%.4f Tc\n", d.spacing*72/25.4))
	d.pdf.Text(x, y, s)
	d.pdf.RawWriteStr("0 Tc\n")
}

// lines wraps text, cleaned of characters the font lacks, to a width in the current
// font.
func (d *doc) lines(text string, width float64) []string {
	text, one := d.oneLine(text, width)
	if one {
		return []string{text} // most table cells: one short line
	}
	glued := d.keep.glue(text)
	if glued == text {
		return wrapText(text, width+0.01, d.measure)
	}
	measure := func(s string) float64 { return d.measure(strings.ReplaceAll(s, wordJoiner, "")) }
	lines := wrapText(glued, width+0.01, measure)
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(l, wordJoiner, "")
	}
	return lines
}

// oneLine is text, cleaned, when it fits on one line of width as lines would set it.
func (d *doc) oneLine(text string, width float64) (string, bool) {
	text = d.clean(text)
	return text, !strings.Contains(text, "\n") && d.measure(text) <= width+0.01
}

// paragraph writes body text in 3号 仿宋 on the 28 × 22 grid with the first line
// indented by two characters (首行缩进两字), breaking pages between lines.
func (d *doc) paragraph(text string) {
	d.record(Block{Kind: BlockParagraph, Text: zhText(text)})
	d.gridLines(d.bodyLines("　　" + text))
}

// flush writes body text on the grid without indent (a salutation, 主送).
func (d *doc) flush(kind BlockKind, text string) {
	d.record(Block{Kind: kind, Text: zhText(text)})
	d.gridLines(d.bodyLines(text))
}

// bodyLines wraps body text on the grid.
func (d *doc) bodyLines(text string) []string {
	d.grid()
	return d.lines(text, d.width())
}

// gridLines writes lines already wrapped on the grid, one pitch each. No widow: when
// only the last line would go over the page, two go.
func (d *doc) gridLines(lines []string) {
	d.grid()
	d.colour(black)
	if fit := int((d.bottom() - d.pdf.GetY() + 0.01) / bodyPitch); len(lines) >= 2 && fit == len(lines)-1 {
		lines = append(lines[:fit-1:fit-1], append([]string{pageBreak}, lines[fit-1:]...)...)
	}
	last := len(lines) - 1
	for i, l := range lines {
		if l == pageBreak {
			d.addPage(d.landscape())
			d.grid()
			continue
		}
		if d.room(bodyPitch) {
			d.grid()
		}
		if i < last { // 两端对齐: every line but the paragraph's last fills the block
			d.justified(l)
			continue
		}
		d.gridLine(l, d.left())
	}
	d.spacing = 0
}

// justified writes a line that is not a paragraph's last across the whole width of
// the block, as a word processor's 两端对齐 does: the space a line of digits or a
// carried-down mark leaves is spread between its characters.
func (d *doc) justified(l string) {
	grid := d.spacing
	// The first line's indent stays two cells of the grid.
	body := strings.TrimLeft(l, "　")
	x := d.left() + float64(utf8.RuneCountInString(l)-utf8.RuneCountInString(body))*blockW/bodyChars
	// The last character ends on the edge: the spacing after it does not count.
	if n := utf8.RuneCountInString(body); n > 1 {
		d.spacing = 0
		// free is negative for a line that fits only with the grid's tightening.
		if free := d.right() - x - d.measure(body); free > -d.width()/20 && free < d.width()/2 {
			d.spacing = free / float64(n-1)
		} else {
			d.spacing = grid
		}
	}
	d.gridLine(body, x)
	d.spacing = grid
}

// gridLine writes one body line at x and moves down a pitch. The baseline sits so
// that the characters' tops touch the line's top, as a word processor's grid does.
func (d *doc) gridLine(l string, x float64) {
	y := d.pdf.GetY()
	d.text(x, y+sizeBody*25.4/72*0.88, l)
	d.pdf.SetY(y + bodyPitch)
}

// pageBreak marks a forced page break inside a paragraph's lines.
const pageBreak = "\f"

// heading writes a 一、 heading in 3号 黑体 on a line of the grid, keeping at least
// keep millimetres of what follows on the same page.
func (d *doc) heading(text string, keep float64) { d.headingIn(RoleHei, text, keep) }

// subheading writes a （一） heading in 3号 楷体.
func (d *doc) subheading(text string, keep float64) { d.headingIn(RoleKai, text, keep) }

func (d *doc) headingIn(r Role, text string, keep float64) {
	kind := BlockHeading1
	if r == RoleKai {
		kind = BlockHeading2
	}
	d.record(Block{Kind: kind, Text: zhText(text)})
	d.room(bodyPitch + keep)
	d.use(r, sizeHeading)
	d.colour(black)
	y := d.pdf.GetY()
	d.text(d.left()+2*blockW/bodyChars, y+sizeHeading*25.4/72*0.88, d.clean(text))
	d.pdf.SetY(y + bodyPitch)
}

// title writes the document's title in 2号 小标宋, centred, broken at phrase
// boundaries into balanced lines.
func (d *doc) title(text string) {
	d.record(Block{Kind: BlockTitle, Text: zhText(text)})
	d.use(RoleTitle, sizeTitle)
	d.colour(black)
	lh := sizeTitle * 25.4 / 72 * 1.5
	for _, l := range titleLines(d.clean(text), d.width(), d.measure) {
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(d.centre()-d.measure(l)/2, y+lh*0.78, l)
		d.pdf.SetY(y + lh)
	}
}

// centred writes text centred across the text block, wrapped when it is too long.
func (d *doc) centred(text string, size float64, c rgb) { d.centredIn(RoleBody, text, size, c) }

func (d *doc) centredIn(r Role, text string, size float64, c rgb) {
	d.use(r, size)
	d.colour(c)
	lh := lineHeight(size)
	for _, l := range titleLines(d.clean(text), d.width(), d.measure) {
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(d.centre()-d.measure(l)/2, y+lh*0.72, l)
		d.pdf.SetY(y + lh)
	}
	d.colour(black)
}

// gap moves down by h millimetres.
func (d *doc) gap(h float64) { d.pdf.SetY(d.pdf.GetY() + h) }

// write finishes the document, writing what newDoc's writer still lacks to w (the
// same writer), and says how many pages it has.
func (d *doc) write(w io.Writer) (int, error) {
	if err := d.pdf.Error(); err != nil {
		return 0, fmt.Errorf("生成 PDF：%w", err)
	}
	pages := d.pdf.PageNo()
	return pages, d.pdf.Output(w)
}

// clean prepares text for the current font: brackets around Chinese full-width
// (zhText), characters the font lacks replaced.
func (d *doc) clean(s string) string { return d.font.Clean(zhText(s)) }
