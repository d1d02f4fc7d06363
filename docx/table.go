package docx

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"

	"tenglong/report"
)

// table writes a model table as a Word table as wide as the block: its columns in
// the PDF's proportions, header rows repeated on every page (tblHeader), rows never
// split across pages, the last two rows kept with the note under the table.
func (b *builder) table(t *report.Table) {
	width := blockW
	if b.cur.landscape {
		width = blockH
	}
	total := 0.0
	for _, w := range t.Widths {
		total += w
	}
	cols := make([]int, len(t.Widths))
	sum := 0
	for i, w := range t.Widths {
		cols[i] = int(w / total * float64(width))
		sum += cols[i]
	}
	cols[len(cols)-1] += width - sum
	sz := itoa(int(t.Size*2 + 0.5))
	rPr := `<w:sz w:val="` + sz + `"/><w:szCs w:val="` + sz + `"/>`
	x := b.body // a province's table is written as it is made, never held whole
	brk := b.breakNext
	b.breakNext = false
	if brk { // a table cannot break the page itself: an empty paragraph before it does
		b.para("GwNote", "", "", "")
		b.breakNext = false
	}
	x.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + itoa(width) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="787878"/>`)
	}
	x.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, c := range cols {
		x.WriteString(`<w:gridCol w:w="` + itoa(c) + `"/>`)
	}
	x.WriteString(`</w:tblGrid>`)
	span := func(col, n int) int {
		w := 0
		for i := col; i < col+max(n, 1) && i < len(cols); i++ {
			w += cols[i]
		}
		return w
	}
	// Header rows: spans as gridSpan, a cell two rows tall as a vertical merge.
	tall := map[int]bool{}
	for _, row := range t.Headers {
		x.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		col := 0
		for _, h := range row {
			n := max(h.Span, 1)
			x.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(span(col, n)) + `" w:type="dxa"/>`)
			if n > 1 {
				x.WriteString(`<w:gridSpan w:val="` + itoa(n) + `"/>`)
			}
			switch {
			case h.Covered && tall[col]:
				x.WriteString(`<w:vMerge/>`)
			case h.Rows > 1:
				x.WriteString(`<w:vMerge w:val="restart"/>`)
				tall[col] = true
			}
			x.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="D9E1F2"/><w:vAlign w:val="center"/></w:tcPr>`)
			text := h.Text
			if h.Covered {
				text = ""
			}
			x.WriteString(cellParas(text, "C", rPr, false))
			x.WriteString(`</w:tc>`)
			col += n
		}
		x.WriteString(`</w:tr>`)
	}
	for i, row := range t.Rows {
		keep := t.Note != "" && i >= len(t.Rows)-2 || i == len(t.Rows)-2
		x.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for j := range cols {
			var c report.Cell
			if j < len(row) {
				c = row[j]
			}
			x.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + itoa(cols[j]) + `" w:type="dxa"/>`)
			if c.Fill != "" {
				x.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + c.Fill + `"/>`)
			}
			x.WriteString(`<w:vAlign w:val="center"/></w:tcPr>` + cellParas(c.Text, c.Align, rPr, keep) + `</w:tc>`)
		}
		x.WriteString(`</w:tr>`)
	}
	x.WriteString(`</w:tbl>`)
	if t.Note != "" {
		b.para("GwNote", "", t.Note, "")
	} else {
		b.para("GwNote", "", "", "") // Word needs a paragraph between two tables
	}
}

// cellParas is a cell's text as paragraphs, one per line of it.
func cellParas(text, align, rPr string, keep bool) string {
	jc := "center"
	switch align {
	case "L":
		jc = "left"
	case "R":
		jc = "right"
	}
	k := ""
	if keep {
		k = `<w:keepNext/>`
	}
	var x strings.Builder
	for _, l := range strings.Split(text, "\n") {
		x.WriteString(`<w:p><w:pPr><w:pStyle w:val="GwCell"/>` + k + `<w:overflowPunct w:val="0"/><w:jc w:val="` + jc + `"/></w:pPr>`)
		if l != "" {
			x.WriteString(run(l, rPr))
		}
		x.WriteString(`</w:p>`)
	}
	return x.String()
}

// chart writes the bar chart: its caption, then a row per unit with the name, the
// bar as a PNG of print resolution (300 dpi) as long as the points are of the axis,
// and the points, then a legend of the fills.
func (b *builder) chart(c *report.Chart) {
	b.para("GwPicture", "", c.Title, "")
	const nameW, valueW = 2000, 1100
	barMax := blockW - nameW - valueW - 200
	var x strings.Builder
	x.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + itoa(blockW) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>` +
		`<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>` +
		`<w:gridCol w:w="` + itoa(nameW) + `"/><w:gridCol w:w="` + itoa(blockW-nameW-valueW) + `"/><w:gridCol w:w="` + itoa(valueW) + `"/></w:tblGrid>`)
	rPr := `<w:sz w:val="18"/><w:szCs w:val="18"/>`
	for i, name := range c.Names {
		lenTw := max(int(c.Shares[i]*float64(barMax)), 45)
		img := b.image(barPNG(lenTw, 200, c.Fills[i]))
		x.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>` +
			`<w:tc><w:tcPr><w:tcW w:w="` + itoa(nameW) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>` + cellParas(name, "R", rPr, true) + `</w:tc>` +
			`<w:tc><w:tcPr><w:tcW w:w="` + itoa(blockW-nameW-valueW) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>` +
			`<w:p><w:pPr><w:pStyle w:val="GwPicture"/><w:jc w:val="left"/></w:pPr>` + b.drawing(img, lenTw, 200, name) + `</w:p></w:tc>` +
			`<w:tc><w:tcPr><w:tcW w:w="` + itoa(valueW) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>` + cellParas(c.Points[i], "L", rPr, true) + `</w:tc></w:tr>`)
	}
	x.WriteString(`</w:tbl>`)
	b.body.WriteString(x.String())
	b.para("GwNote", `<w:jc w:val="center"/>`, c.Axis, "")
}

// image keeps a PNG for word/media and returns its number.
func (b *builder) image(data []byte) int {
	b.images = append(b.images, data)
	return len(b.images)
}

// drawing is an inline picture of the image, w × h twips (1 twip = 635 EMU).
func (b *builder) drawing(img, w, h int, name string) string {
	b.drawings++
	id := itoa(b.drawings)
	cx, cy := itoa(w*635), itoa(h*635)
	return `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="` + cx + `" cy="` + cy + `"/>` +
		`<wp:docPr id="` + id + `" name="图表 ` + id + `" descr="` + esc(name) + `"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:pic><pic:nvPicPr><pic:cNvPr id="` + id + `" name="bar` + id + `.png"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="rIdImg` + itoa(img) + `"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>` +
		`<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="` + cx + `" cy="` + cy + `"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>` +
		`</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// barPNG is a bar w × h twips at 300 dpi in the fill colour with a black outline.
func barPNG(w, h int, fill string) []byte {
	px := func(tw int) int { return max(tw*300/1440, 3) }
	W, H := px(w), px(h)
	var r, g, bl uint8
	if len(fill) == 6 {
		r, g, bl = hexByte(fill[0:2]), hexByte(fill[2:4]), hexByte(fill[4:6])
	}
	im := image.NewRGBA(image.Rect(0, 0, W, H))
	for y := 0; y < H; y++ {
		for x := 0; x < W; x++ {
			c := color.RGBA{r, g, bl, 255}
			if x < 2 || y < 2 || x >= W-2 || y >= H-2 {
				c = color.RGBA{0, 0, 0, 255}
			}
			im.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	_ = png.Encode(&buf, im) // writing to memory cannot fail
	return buf.Bytes()
}

func hexByte(s string) uint8 {
	v := 0
	for _, c := range s {
		v *= 16
		switch {
		case c >= '0' && c <= '9':
			v += int(c - '0')
		case c >= 'A' && c <= 'F':
			v += int(c-'A') + 10
		case c >= 'a' && c <= 'f':
			v += int(c-'a') + 10
		}
	}
	return uint8(v)
}
