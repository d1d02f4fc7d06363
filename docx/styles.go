package docx

// styles are the document's styles, named for their role as an office names them.
// Body text is 3号 仿宋 with −0.25 pt spacing on a 579-twip line (28 × 22 on the
// grid); headings and the title change only the Chinese font.
func styles() string {
	fonts := func(east string) string {
		return `<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="` + east + `" w:cs="Times New Roman" w:hint="eastAsia"/>`
	}
	para := func(id, name, pPr, rPr string) string {
		return `<w:style w:type="paragraph" w:customStyle="1" w:styleId="` + id + `"><w:name w:val="` + name + `"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
			`<w:pPr>` + pPr + `</w:pPr><w:rPr>` + rPr + `</w:rPr></w:style>`
	}
	exact := `<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/>`
	single := `<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>`
	noIndent := `<w:ind w:firstLine="0"/>`
	// Small text a line and a half apart, as in the PDF's tables: lines never touch.
	small := `<w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="exact"/>`
	return xmlHeader + `<w:styles ` + nsW + `>` +
		`<w:docDefaults><w:rPrDefault><w:rPr>` + fonts("仿宋_GB2312") + `<w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault>` +
		`<w:pPrDefault><w:pPr><w:widowControl/><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>` + exact + `</w:pPr></w:pPrDefault></w:docDefaults>` +
		`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:pPr><w:overflowPunct w:val="0"/><w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr><w:rPr><w:spacing w:val="-5"/></w:rPr></w:style>` +
		para("GwBody", "正文", `<w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>`, ``) +
		para("GwFlush", "正文顶格", noIndent+`<w:jc w:val="both"/>`, ``) +
		para("GwTitle", "公文标题", `<w:keepNext/><w:snapToGrid w:val="0"/>`+single+noIndent+`<w:jc w:val="center"/>`, fonts("方正小标宋简体")+`<w:spacing w:val="0"/><w:sz w:val="44"/><w:szCs w:val="44"/>`) +
		para("GwHeading1", "一级标题", `<w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="0"/>`, fonts("黑体")) +
		para("GwHeading2", "二级标题", `<w:keepNext/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:outlineLvl w:val="1"/>`, fonts("楷体_GB2312")) +
		para("GwLabel", "附件标识", `<w:keepNext/>`+noIndent, fonts("黑体")) +
		para("GwMasthead", "版头", `<w:keepNext/><w:snapToGrid w:val="0"/>`+single+noIndent+`<w:jc w:val="center"/>`, fonts("方正小标宋简体")+`<w:color w:val="FF0000"/><w:spacing w:val="0"/><w:sz w:val="72"/><w:szCs w:val="72"/>`) +
		para("GwImprint", "版记", `<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="440" w:lineRule="exact"/><w:ind w:left="280" w:right="280" w:firstLine="0"/><w:jc w:val="left"/>`, `<w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/>`) +
		para("GwCell", "表格文字", `<w:snapToGrid w:val="0"/>`+small+noIndent+`<w:jc w:val="center"/>`, `<w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/>`) +
		para("GwNote", "表注", `<w:snapToGrid w:val="0"/>`+small+noIndent+`<w:jc w:val="both"/>`, `<w:spacing w:val="0"/><w:sz w:val="21"/><w:szCs w:val="21"/>`) +
		para("GwPicture", "图片", `<w:keepNext/><w:snapToGrid w:val="0"/>`+single+noIndent+`<w:jc w:val="center"/>`, `<w:spacing w:val="0"/><w:sz w:val="21"/>`) +
		`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:snapToGrid w:val="0"/>` + single + `<w:ind w:firstLine="0"/></w:pPr>` +
		`<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:spacing w:val="0"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +
		`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
		`</w:styles>`
}
