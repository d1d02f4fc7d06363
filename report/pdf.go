package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry in millimetres: A4, margins close to GB/T 9704 (党政机关公文格式) but
// a little tighter, since a bulletin is mostly tables.
const (
	a4Short      = 210.0
	a4Long       = 297.0
	marginSide   = 25.0
	marginTop    = 28.0
	marginBottom = 25.0
	footerY      = 14.0 // distance of the page number's baseline from the bottom edge
)

// Font sizes in points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5, 小五 9.
const (
	sizeTitle   = 22.0
	sizeHeading = 16.0
	sizeBody    = 14.0
	sizeTable   = 10.5
	sizeSmall   = 9.0
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

// doc wraps a gofpdf document with the font, page geometry and text handling every
// report shares: Chinese line breaking, characters the font lacks replaced, page
// numbers in the 「— 3 —」 style, explicit page breaks.
type doc struct {
	pdf    *gofpdf.Fpdf
	font   *Font
	family string // the font's PostScript name: pdffonts shows it
	style  boxStyle
}

// newDoc starts an A4 portrait document. created is written as the creation and
// modification date, so the same inputs give the same bytes.
func newDoc(font *Font, title, author string, created time.Time) *doc {
	pdf := gofpdf.NewCustom(&gofpdf.InitType{OrientationStr: "P", UnitStr: "mm", Size: gofpdf.SizeType{Wd: a4Short, Ht: a4Long}})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(created)
	pdf.SetModificationDate(created)
	pdf.SetProducer("tenglong", false)
	pdf.SetCreator("tenglong", false)
	d := &doc{pdf: pdf, font: font, family: font.Name}
	pdf.SetTitle(font.Clean(title), true)
	pdf.SetAuthor(font.Clean(author), true)
	pdf.AddUTF8FontFromBytes(d.family, "", font.Bytes)
	pdf.SetFont(d.family, "", sizeBody)
	pdf.SetMargins(marginSide, marginTop, marginSide)
	pdf.SetAutoPageBreak(false, marginBottom)
	pdf.SetCellMargin(1)
	pdf.SetFooterFunc(d.pageNumber)
	return d
}

// pageNumber prints 「— N —」 centred under the text block.
func (d *doc) pageNumber() {
	w, h := d.pdf.GetPageSize()
	d.setFont(sizeHeading - 2)
	d.colour(black)
	s := fmt.Sprintf("— %d —", d.pdf.PageNo())
	d.pdf.Text((w-d.pdf.GetStringWidth(s))/2, h-footerY, s)
}

// addPage starts a page, portrait or landscape.
func (d *doc) addPage(landscape bool) {
	if landscape {
		d.pdf.AddPageFormat("L", gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
	} else {
		d.pdf.AddPageFormat("P", gofpdf.SizeType{Wd: a4Short, Ht: a4Long})
	}
	d.pdf.SetXY(marginSide, marginTop)
}

// landscape reports whether the current page is landscape.
func (d *doc) landscape() bool {
	w, h := d.pdf.GetPageSize()
	return w > h
}

// width is the text block's width on the current page.
func (d *doc) width() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*marginSide
}

// bottom is the lowest y text may reach on the current page.
func (d *doc) bottom() float64 {
	_, h := d.pdf.GetPageSize()
	return h - marginBottom
}

// room makes sure h millimetres fit below the current position, else starts a new
// page of the same orientation. It reports whether it started one.
func (d *doc) room(h float64) bool {
	if d.pdf.GetY()+h <= d.bottom() {
		return false
	}
	d.addPage(d.landscape())
	return true
}

func (d *doc) setFont(size float64) { d.pdf.SetFont(d.family, "", size) }

func (d *doc) colour(c rgb) { d.pdf.SetTextColor(c.r, c.g, c.b) }

// lineHeight is the line pitch for a font size, in millimetres.
func lineHeight(size float64) float64 { return size * 0.3528 * 1.5 }

// measure is the width of text in the current font.
func (d *doc) measure(s string) float64 { return d.pdf.GetStringWidth(s) }

// lines wraps text, cleaned of characters the font lacks, to a width in the current
// font.
func (d *doc) lines(text string, width float64) []string {
	text = d.font.Clean(text)
	if !strings.Contains(text, "\n") && d.measure(text) <= width {
		return []string{text} // most table cells: one short line
	}
	return wrapText(text, width, d.measure)
}

// paragraph writes body text with the first line indented by two characters
// (首行缩进两字), wrapping Chinese correctly and breaking pages between lines.
func (d *doc) paragraph(text string, size float64) {
	d.setFont(size)
	d.colour(black)
	lh := lineHeight(size)
	lines := d.lines("　　"+text, d.width())
	// No widow: when only the last line would go over the page, two go.
	if fit := int((d.bottom() - d.pdf.GetY()) / lh); len(lines) >= 2 && fit == len(lines)-1 {
		lines = append(lines[:fit-1:fit-1], append([]string{pageBreak}, lines[fit-1:]...)...)
	}
	for _, l := range lines {
		if l == pageBreak {
			d.addPage(d.landscape())
			continue
		}
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text(marginSide, y+lh*0.72, l)
		d.pdf.SetY(y + lh)
	}
}

// pageBreak marks a forced page break inside a paragraph's lines.
const pageBreak = "\f"

// heading writes a section heading (一、总体情况) on a line of its own, keeping at
// least keep millimetres of what follows on the same page.
func (d *doc) heading(text string, keep float64) {
	d.setFont(sizeHeading)
	d.colour(black)
	lh := lineHeight(sizeHeading)
	d.room(lh + keep)
	y := d.pdf.GetY() + lh*0.3
	d.pdf.Text(marginSide, y+lh*0.72, d.font.Clean(text))
	d.pdf.SetY(y + lh + 1)
}

// centred writes text centred across the text block, wrapped when it is too long.
func (d *doc) centred(text string, size float64, c rgb) {
	d.setFont(size)
	d.colour(c)
	lh := lineHeight(size)
	pageW, _ := d.pdf.GetPageSize()
	for _, l := range d.lines(text, d.width()) {
		d.room(lh)
		y := d.pdf.GetY()
		d.pdf.Text((pageW-d.measure(l))/2, y+lh*0.72, l)
		d.pdf.SetY(y + lh)
	}
	d.colour(black)
}

// gap moves down by h millimetres.
func (d *doc) gap(h float64) { d.pdf.SetY(d.pdf.GetY() + h) }

// write finishes the document and says how many pages it has.
func (d *doc) write(w io.Writer) (int, error) {
	if err := d.pdf.Error(); err != nil {
		return 0, fmt.Errorf("生成 PDF：%w", err)
	}
	pages := d.pdf.PageNo()
	return pages, d.pdf.Output(w)
}
