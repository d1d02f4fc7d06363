package docx

// The fixed parts of every document.

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const nsW = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`

const nsDrawing = ` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"`

const relBase = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

func contentTypes() string {
	return xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Default Extension="png" ContentType="image/png"/>` +
		`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
		`<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>` +
		`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
		`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`
}

func packageRels() string {
	return xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="word/document.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
		`</Relationships>`
}

func coreProps(title, author, created string) string {
	return xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<dc:title>` + esc(title) + `</dc:title><dc:creator>` + esc(author) + `</dc:creator>` +
		`<dcterms:created xsi:type="dcterms:W3CDTF">` + created + `</dcterms:created>` +
		`<dcterms:modified xsi:type="dcterms:W3CDTF">` + created + `</dcterms:modified></cp:coreProperties>`
}

// documentRels relates the styles, settings, fonts, the two footers and the images.
func documentRels(images int) string {
	s := xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rIdStyles" Type="` + relBase + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rIdSettings" Type="` + relBase + `settings" Target="settings.xml"/>` +
		`<Relationship Id="rIdFonts" Type="` + relBase + `fontTable" Target="fontTable.xml"/>` +
		`<Relationship Id="rIdF1" Type="` + relBase + `footer" Target="footer1.xml"/>` +
		`<Relationship Id="rIdF2" Type="` + relBase + `footer" Target="footer2.xml"/>`
	for i := 1; i <= images; i++ {
		s += `<Relationship Id="rIdImg` + itoa(i) + `" Type="` + relBase + `image" Target="media/image` + itoa(i) + `.png"/>`
	}
	return s + `</Relationships>`
}

func settings() string {
	return xmlHeader + `<w:settings ` + nsW + `><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>` +
		`<w:characterSpacingControl w:val="compressPunctuation"/>` +
		`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
		`</w:settings>`
}

// fontTable names the fonts offices have, with the fallbacks Word tries by name.
func fontTable() string {
	font := func(name, alt, panose, family string) string {
		return `<w:font w:name="` + name + `"><w:altName w:val="` + alt + `"/><w:panose1 w:val="` + panose + `"/><w:charset w:val="86"/><w:family w:val="` + family + `"/><w:pitch w:val="default"/></w:font>`
	}
	return xmlHeader + `<w:fonts ` + nsW + `>` +
		font("仿宋_GB2312", "仿宋,FangSong", "02010609030101010101", "modern") +
		font("方正小标宋简体", "小标宋,华文中宋,宋体", "02000000000000000000", "script") +
		font("黑体", "SimHei", "02010609060101010101", "modern") +
		font("楷体_GB2312", "楷体,KaiTi", "02010609030101010101", "modern") +
		font("宋体", "SimSun", "02010600030101010101", "auto") +
		`<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
		`</w:fonts>`
}

// footer is a page number 「— N —」 in 四号 宋体, one character in from the outer
// side: right on odd pages, left on even ones.
func footer(odd bool) string {
	ind, jc := `<w:ind w:right="280" w:firstLine="0"/>`, "right"
	if !odd {
		ind, jc = `<w:ind w:left="280" w:firstLine="0"/>`, "left"
	}
	run := func(x string) string { return `<w:r>` + x + `</w:r>` }
	return xmlHeader + `<w:ftr ` + nsW + `><w:p><w:pPr><w:pStyle w:val="Footer"/>` + ind + `<w:jc w:val="` + jc + `"/></w:pPr>` +
		run(`<w:t xml:space="preserve">— </w:t>`) + run(`<w:fldChar w:fldCharType="begin"/>`) +
		run(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`) + run(`<w:fldChar w:fldCharType="separate"/>`) +
		run(`<w:t>1</w:t>`) + run(`<w:fldChar w:fldCharType="end"/>`) + run(`<w:t xml:space="preserve"> —</w:t>`) +
		`</w:p></w:ftr>`
}
