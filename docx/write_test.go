package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"tenglong/report"
)

// sample is a model with every kind of block.
func sample() *report.Document {
	table := &report.Table{Widths: []float64{10, 40, 20}, Size: 10.5, Note: "注：灯色说明。",
		Headers: [][]report.HeaderCell{{{Text: "序号", Rows: 2}, {Text: "指标", Span: 2}}, {{Covered: true}, {Text: "目标"}, {Text: "完成"}}},
		Rows:    [][]report.Cell{{{Text: "1"}, {Text: "规上工业<增加值>&", Align: "L"}, {Text: "7.1", Fill: "C6EFCE"}}}}
	return &report.Document{Title: "关于测试的通报", Author: "测试办", Blocks: []report.Block{
		{Kind: report.BlockMasthead, Text: "测试工作通报", Meta: "第3期", Lines: []string{"测试办", "2023年10月15日"}},
		{Kind: report.BlockTitle, Text: "关于测试行动2023年第三季度推进情况的通报"},
		{Kind: report.BlockAddressee, Text: "各区县人民政府："},
		{Kind: report.BlockHeading1, Text: "一、总体情况"},
		{Kind: report.BlockParagraph, Text: "正文一段。"},
		{Kind: report.BlockTable, Table: table},
		{Kind: report.BlockChart, Chart: &report.Chart{Title: "图", Names: []string{"甲", "乙"}, Points: []string{"100.00", "60.00"}, Shares: []float64{1, 0.6}, Fills: []string{"54A062", "D6604D"}, Axis: "综合得分（分）"}},
		{Kind: report.BlockSection, Landscape: true},
		{Kind: report.BlockTable, Table: table},
		{Kind: report.BlockSection},
		{Kind: report.BlockPageBreak},
		{Kind: report.BlockLabel, Text: "附件"},
		{Kind: report.BlockSignature, Text: "测试办", Meta: "2023年10月15日"},
		{Kind: report.BlockImprint, Lines: []string{"发：各责任单位。"}, Text: "测试办", Meta: "2023年10月15日印发"},
		{Kind: report.BlockLetter},
		{Kind: report.BlockLetterhead, Text: "测试办", Meta: "测约〔2023〕1号"},
	}}
}

// TestWritePackage: every part is well-formed XML with a content type, every
// relationship the document uses exists and points at a part, drawing ids are
// unique, no w:t holds a newline, and the sections are as the model says.
func TestWritePackage(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, sample(), time.Date(2023, 10, 15, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	for _, f := range z.File {
		r, _ := f.Open()
		data, _ := io.ReadAll(r)
		parts[f.Name] = string(data)
		if strings.HasSuffix(f.Name, ".xml") || strings.HasSuffix(f.Name, ".rels") {
			d := xml.NewDecoder(bytes.NewReader(data))
			for {
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					t.Fatalf("%s is not well-formed: %v", f.Name, err)
				}
			}
		}
	}
	types := parts["[Content_Types].xml"]
	for name := range parts {
		if strings.HasSuffix(name, ".rels") || strings.HasSuffix(name, ".png") || name == "[Content_Types].xml" {
			continue
		}
		if !strings.Contains(types, `PartName="/`+name+`"`) {
			t.Errorf("%s has no content type", name)
		}
	}
	doc, rels := parts["word/document.xml"], parts["word/_rels/document.xml.rels"]
	for _, m := range regexp.MustCompile(`r:(?:id|embed)="([^"]+)"`).FindAllStringSubmatch(doc, -1) {
		target := regexp.MustCompile(`Id="` + m[1] + `"[^>]*Target="([^"]+)"`).FindStringSubmatch(rels)
		if target == nil || parts["word/"+target[1]] == "" {
			t.Errorf("relationship %s has no part", m[1])
		}
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`wp:docPr id="(\d+)"`).FindAllStringSubmatch(doc, -1) {
		if ids[m[1]] {
			t.Errorf("docPr id %s twice", m[1])
		}
		ids[m[1]] = true
	}
	if len(ids) != 2 {
		t.Errorf("%d pictures, want the chart's 2 bars", len(ids))
	}
	if regexp.MustCompile(`<w:t[^>]*>[^<]*\n`).MatchString(doc) {
		t.Error("a w:t holds a newline")
	}
	for _, want := range []string{`w:orient="landscape"`, `<w:type w:val="oddPage"/>`, `<w:pgNumType w:start="1"/>`, `<w:tblHeader/>`,
		`<w:gridSpan w:val="2"/>`, `<w:vMerge w:val="restart"/>`, `<w:vMerge/>`, `规上工业&lt;增加值&gt;&amp;`, `<w:pageBreakBefore/>`,
		`w:color="FF0000"`, `<w:docGrid w:type="lines" w:linePitch="579"/>`, `w:top="2098"`, `w:left="1587"`} {
		if !strings.Contains(doc+parts["word/styles.xml"], want) {
			t.Errorf("document lacks %s", want)
		}
	}
	if !strings.Contains(parts["word/settings.xml"], "<w:evenAndOddHeaders/>") {
		t.Error("no odd and even footers")
	}
	// Deterministic: the same model gives the same bytes.
	var again bytes.Buffer
	_ = Write(&again, sample(), time.Date(2023, 10, 15, 0, 0, 0, 0, time.UTC))
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("two writes of one model differ")
	}
}
