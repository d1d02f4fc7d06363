package docx

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"tenglong/report"
)

// Write writes a document of the model as a .docx. created is the date the package
// says it was made (the date printed), so the same inputs give the same bytes.
func Write(w io.Writer, m *report.Document, created time.Time) error {
	z := zip.NewWriter(w)
	stamp := created.UTC().Format("2006-01-02T15:04:05Z")
	add := func(name string, data []byte) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: created})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	}
	type part struct{ name, text string }
	for _, p := range []part{
		{"[Content_Types].xml", contentTypes()},
		{"_rels/.rels", packageRels()},
		{"docProps/core.xml", coreProps(m.Title, m.Author, stamp)},
	} {
		if err := add(p.name, []byte(p.text)); err != nil {
			return fmt.Errorf("生成 Word 文件：%w", err)
		}
	}
	// document.xml is compressed as it is built: a province's bulletin is hundreds
	// of megabytes of XML, never held whole.
	f, err := z.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, Modified: created})
	if err != nil {
		return fmt.Errorf("生成 Word 文件：%w", err)
	}
	b := &builder{body: bufio.NewWriterSize(f, 64<<10)}
	b.body.WriteString(xmlHeader + `<w:document ` + nsW + nsDrawing + `><w:body>`)
	b.blocks(m.Blocks)
	b.body.WriteString(b.sectPr(b.cur) + `</w:body></w:document>`)
	if err := b.body.Flush(); err != nil {
		return fmt.Errorf("生成 Word 文件：%w", err)
	}
	for _, p := range []part{
		{"word/_rels/document.xml.rels", documentRels(len(b.images))},
		{"word/styles.xml", styles()},
		{"word/settings.xml", settings()},
		{"word/fontTable.xml", fontTable()},
		{"word/footer1.xml", footer(true)},
		{"word/footer2.xml", footer(false)},
	} {
		if err := add(p.name, []byte(p.text)); err != nil {
			return fmt.Errorf("生成 Word 文件：%w", err)
		}
	}
	for i, img := range b.images {
		if err := add(fmt.Sprintf("word/media/image%d.png", i+1), img); err != nil {
			return fmt.Errorf("生成 Word 文件：%w", err)
		}
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("生成 Word 文件：%w", err)
	}
	return nil
}

// section is how a section of pages is set: landscape, whether it starts on an odd
// page with its numbers from 1 (a notice letter).
type section struct {
	landscape bool
	letter    bool
}

// builder writes the body of document.xml.
type builder struct {
	body      *bufio.Writer // document.xml, compressed into the package as it is written
	cur       section
	images    [][]byte
	drawings  int
	breakNext bool // the next paragraph starts a page
}

// sectPr is a section's properties, in schema order.
func (b *builder) sectPr(s section) string {
	x := `<w:sectPr><w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="even" r:id="rIdF2"/>`
	if s.letter {
		x += `<w:type w:val="oddPage"/>`
	} else {
		x += `<w:type w:val="nextPage"/>`
	}
	if s.landscape {
		x += `<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>` +
			`<w:pgMar w:top="1587" w:right="2098" w:bottom="1474" w:left="1984" w:header="851" w:footer="850" w:gutter="0"/>`
	} else {
		x += `<w:pgSz w:w="11906" w:h="16838"/>` +
			`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1247" w:gutter="0"/>`
	}
	if s.letter {
		x += `<w:pgNumType w:start="1"/>`
	}
	return x + `<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="579"/></w:sectPr>`
}

// newSection ends the current section (its properties go in an empty paragraph's
// pPr, where Word keeps them) and starts the next.
func (b *builder) newSection(next section) {
	b.body.WriteString(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>` + b.sectPr(b.cur) + `</w:pPr></w:p>`)
	b.cur = next
	b.breakNext = false
}

// blocks writes the blocks in order.
func (b *builder) blocks(blocks []report.Block) {
	started := false
	for _, bl := range blocks {
		switch bl.Kind {
		case report.BlockMasthead:
			b.masthead(bl)
		case report.BlockLetter:
			if started {
				b.newSection(section{letter: true})
			} else {
				b.cur = section{letter: true}
			}
		case report.BlockLetterhead:
			b.letterhead(bl)
		case report.BlockTitle:
			// One paragraph, broken where the PDF breaks it: between phrases.
			var x strings.Builder
			for i, l := range report.TitleLines(bl.Text, 20) {
				if i > 0 {
					x.WriteString(`<w:r><w:br/></w:r>`)
				}
				x.WriteString(run(l, ""))
			}
			b.body.WriteString(strings.Replace(b.paraXML("GwTitle", "", "", ""), `</w:p>`, x.String()+`</w:p>`, 1))
		case report.BlockAddressee, report.BlockFlush:
			b.para("GwFlush", "", bl.Text, "")
		case report.BlockHeading1:
			b.para("GwHeading1", "", bl.Text, "")
		case report.BlockHeading2:
			b.para("GwHeading2", "", bl.Text, "")
		case report.BlockParagraph:
			b.para("GwBody", "", bl.Text, "")
		case report.BlockLabel:
			b.para("GwLabel", "", bl.Text, "")
		case report.BlockNote:
			b.para("GwNote", "", bl.Text, "")
		case report.BlockTable:
			b.table(bl.Table)
		case report.BlockChart:
			b.chart(bl.Chart)
		case report.BlockSignature:
			b.signature(bl)
		case report.BlockImprint:
			b.imprint(bl)
		case report.BlockPageBreak:
			b.breakNext = true
		case report.BlockSection:
			b.newSection(section{landscape: bl.Landscape})
		}
		started = true
	}
}

// para writes a paragraph of a style with extra pPr children (in schema order after
// pStyle/keepNext/pageBreakBefore) and extra rPr for its run.
func (b *builder) para(style, pPr, text, rPr string) {
	b.body.WriteString(b.paraXML(style, pPr, text, rPr))
}

func (b *builder) paraXML(style, pPr, text, rPr string) string {
	brk := ""
	if b.breakNext {
		brk, b.breakNext = `<w:pageBreakBefore/>`, false
	}
	// Schema order: keepNext comes before pageBreakBefore.
	keep := ""
	if strings.HasPrefix(pPr, `<w:keepNext/>`) {
		keep, pPr = `<w:keepNext/>`, strings.TrimPrefix(pPr, `<w:keepNext/>`)
	}
	x := `<w:p><w:pPr><w:pStyle w:val="` + style + `"/>` + keep + brk + noHanging(pPr) + `</w:pPr>`
	if text != "" {
		x += run(text, rPr)
	}
	return x + `</w:p>`
}

// run is a run of text; a tab in it is a w:tab.
func run(text, rPr string) string {
	var x strings.Builder
	x.WriteString(`<w:r>`)
	if rPr != "" {
		x.WriteString(`<w:rPr>` + rPr + `</w:rPr>`)
	}
	for i, part := range strings.Split(text, "\t") {
		if i > 0 {
			x.WriteString(`<w:tab/>`)
		}
		if part != "" {
			x.WriteString(`<w:t xml:space="preserve">` + esc(part) + `</w:t>`)
		}
	}
	x.WriteString(`</w:r>`)
	return x.String()
}

// blank writes an empty line of the grid.
func (b *builder) blank() { b.para("GwFlush", "", "", "") }

// redSize is the size in half-points of a red name that fits one line of the block:
// 36 pt, smaller down to least (一号 26 pt for a masthead, 二号 22 pt for a letter's
// issuing office, as in the PDF), never less.
func redSize(text string, least float64) int {
	size := 36.0
	if w := ems(text) * size; w > float64(blockW)/20*0.98 {
		size = max(float64(blockW)/20*0.98/ems(text), least)
	}
	return int(size * 2)
}

// masthead is the red 版头, 第N期, the issuer and the date on one line, the red
// rule under them and two blank lines.
func (b *builder) masthead(bl report.Block) {
	sz := itoa(redSize(bl.Text, 26))
	b.para("GwMasthead", "", bl.Text, `<w:sz w:val="`+sz+`"/><w:szCs w:val="`+sz+`"/>`)
	if bl.Meta != "" {
		b.para("GwFlush", `<w:jc w:val="center"/>`, bl.Meta, "")
	}
	issuer, date := bl.Lines[0], bl.Lines[1]
	rule := `<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/></w:pBdr>`
	tabs := `<w:tabs><w:tab w:val="right" w:pos="` + itoa(blockW-320) + `"/></w:tabs>`
	left := `<w:ind w:left="320" w:firstLine="0"/><w:jc w:val="left"/>`
	if ems(issuer)+ems(date)+3 <= 26 { // room to spare: LibreOffice sets digits wider
		b.para("GwFlush", `<w:keepNext/>`+rule+tabs+left, issuer+"\t"+date, "")
	} else {
		b.para("GwFlush", `<w:keepNext/>`+left, issuer, "")
		b.para("GwFlush", rule+tabs+left, "\t"+date, "")
	}
	b.blank()
	b.blank()
}

// letterhead is a letter's 版头: the issuing office in red, the 发文字号 over the
// red rule, a blank line.
func (b *builder) letterhead(bl report.Block) {
	sz := itoa(redSize(bl.Text, 22))
	b.para("GwMasthead", "", bl.Text, `<w:sz w:val="`+sz+`"/><w:szCs w:val="`+sz+`"/>`)
	b.para("GwFlush", `<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="4" w:color="FF0000"/></w:pBdr><w:jc w:val="center"/>`, bl.Meta, "")
	b.blank()
}

// signature is the 落款: two blank lines, the issuer centred over the date, the
// date four characters in from the right.
func (b *builder) signature(bl report.Block) {
	b.blank()
	b.blank()
	dateW := ems(bl.Meta) * cellTw
	right := 4 * cellTw
	issuerRight := right + int((dateW-ems(bl.Text)*cellTw)/2)
	b.para("GwFlush", `<w:keepNext/><w:ind w:right="`+itoa(max(issuerRight, 0))+`" w:firstLine="0"/><w:jc w:val="right"/>`, bl.Text, "")
	b.para("GwFlush", `<w:ind w:right="`+itoa(right)+`" w:firstLine="0"/><w:jc w:val="right"/>`, bl.Meta, "")
}

// imprint is the 版记: the 报/送/发 lines between rules, then the issuer and the
// 印发 date on one line; the first and last rules 0.35 mm, the others 0.25 mm. It
// is a table floating at the foot of the text block (tblpYSpec bottom), so Word
// sets its last rule on the block's bottom edge; LibreOffice keeps it in the flow.
func (b *builder) imprint(bl report.Block) {
	var x strings.Builder
	x.WriteString(`<w:tbl><w:tblPr><w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" w:vertAnchor="margin" w:horzAnchor="margin" w:tblpXSpec="center" w:tblpYSpec="bottom"/>` +
		`<w:tblW w:w="` + itoa(blockW) + `" w:type="dxa"/><w:tblBorders>` +
		`<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:left w:val="nil"/>` +
		`<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/><w:right w:val="nil"/>` +
		`<w:insideH w:val="single" w:sz="6" w:space="0" w:color="000000"/><w:insideV w:val="nil"/></w:tblBorders>` +
		`<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr>` +
		`<w:tblGrid><w:gridCol w:w="` + itoa(blockW) + `"/></w:tblGrid>`)
	tabs := `<w:tabs><w:tab w:val="right" w:pos="` + itoa(blockW-560) + `"/></w:tabs>`
	rows := append(append([]string(nil), bl.Lines...), bl.Text+"\t"+bl.Meta)
	for i, r := range rows {
		pPr := `<w:keepNext/>`
		if i == len(rows)-1 {
			pPr = tabs
		}
		x.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="` + itoa(blockW) + `" w:type="dxa"/></w:tcPr>` +
			b.paraXML("GwImprint", pPr, r, "") + `</w:tc></w:tr>`)
	}
	x.WriteString(`</w:tbl>`)
	b.body.WriteString(x.String())
	b.para("GwNote", "", "", "") // a paragraph after the table ends the body
}

// noHanging adds to a paragraph's properties that punctuation never hangs into the
// margin (LibreOffice takes it only from the paragraph), in its place in the
// schema's order.
func noHanging(pPr string) string {
	const x = `<w:overflowPunct w:val="0"/>`
	at := len(pPr)
	for _, tag := range []string{"<w:autoSpaceDE", "<w:snapToGrid", "<w:spacing", "<w:ind", "<w:jc", "<w:outlineLvl"} {
		if i := strings.Index(pPr, tag); i >= 0 && i < at {
			at = i
		}
	}
	return pPr[:at] + x + pPr[at:]
}
