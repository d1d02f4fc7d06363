package workbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzReadTemplate: whatever bytes arrive as a return, ReadTemplate and ReadVisible
// end — quickly, by the reading limits, not by a timeout — with a Return inside the
// limits or an error, never a panic. The seed corpus (testdata/fuzz/FuzzReadTemplate,
// written by TestWriteFuzzSeeds) holds small templates with their parts stored
// uncompressed and without checksums, so that mutations reach the XML instead of
// failing a CRC, besides a deflated one, a truncated one and a few broken on purpose.
func FuzzReadTemplate(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		ret, err := ReadTemplate(data)
		if err == nil {
			if ret.Metadata.Campaign == "" || ret.Metadata.Unit == "" || ret.Metadata.Period == "" {
				t.Errorf("read without campaign, unit or period: %+v", ret.Metadata)
			}
			if len(ret.Values) > maxValues {
				t.Errorf("%d values", len(ret.Values))
			}
			for _, v := range ret.Values {
				if len(v.Raw) > maxStringBytes {
					t.Errorf("%s!%s holds %d bytes", v.Sheet, v.Cell, len(v.Raw))
				}
			}
		}
		if v, err := ReadVisible(data); err == nil && len(v.Rows) > maxListRows {
			t.Errorf("%d visible rows", len(v.Rows))
		}
	})
}

// anyDamage: a seed that reads as ErrDamaged, whatever the message.
const anyDamage = "\x00damaged"

var writeFuzzSeeds = flag.Bool("write-fuzz-seeds", false, "rewrite testdata/fuzz/FuzzReadTemplate from generated templates")

// fuzzSeeds are FuzzReadTemplate's seed corpus, by file name, with what each reads as:
// "" a Return, "visible" only through ReadVisible, anyDamage ErrDamaged, else
// ErrDamaged with that text.
func fuzzSeeds(t *testing.T) (map[string][]byte, map[string]string) {
	c := seedCampaign(t, "shengzhou-2022")
	blank := templateFor(t, c, "towns", "2022Q4", nil)
	ret, err := ReadTemplate(blank)
	if err != nil {
		t.Fatal(err)
	}
	typed := map[string]string{}
	texts := []string{"1234.56", "a & b <c>", "第一行\n第二行", "完成", "１２３", "-0.5"}
	for i, v := range ret.Values {
		typed[v.Sheet+"!"+v.Cell] = texts[i%len(texts)]
	}
	filled, err := FillInputs(blank, typed)
	if err != nil {
		t.Fatal(err)
	}
	tiny := tinyTemplate(`<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><t>备注 &amp; 说明</t></is></c>`)
	seeds := map[string][]byte{
		"tiny-stored":            storedZip(t, tiny),
		"tiny-deflated":          deflatedZip(t, tiny),
		"tiny-visible-stored":    storedZip(t, tinyVisible()),
		"tiny-escaped-stored":    storedZip(t, tinyTemplate(`<c r="H4"><v>1</v></c><c r="J4" t="inlineStr"><is><t>_x000D_回车</t></is></c>`)),
		"tiny-bad-sst-stored":    storedZip(t, tinyTemplate(`<c r="H4" t="s"><v>99999999</v></c>`)),
		"tiny-nested-stored":     storedZip(t, tinyTemplate(strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100))),
		"shengzhou-blank-stored": storedZip(t, readerParts(t, blank)),
		"shengzhou-filled":       filled,
		"shengzhou-filled-cut":   filled[:len(filled)*3/5],
	}
	want := map[string]string{
		"tiny-stored": "", "tiny-deflated": "", "tiny-visible-stored": "visible", "tiny-escaped-stored": "",
		"tiny-bad-sst-stored": "共享字符串", "tiny-nested-stored": "", "shengzhou-blank-stored": "",
		"shengzhou-filled": "", "shengzhou-filled-cut": "不完整",
	}
	// The hostile XML of TestFastReadAgreesWithLibreOffice: read, or refused as damaged.
	for _, h := range hostileXMLCases() {
		name := "xml-" + h.name + "-stored"
		seeds[name] = storedZip(t, h.parts())
		if h.malformed || h.name == "entity-in-attribute" {
			want[name] = anyDamage
		} else {
			want[name] = ""
		}
	}
	return seeds, want
}

// TestWriteFuzzSeeds checks what each seed of FuzzReadTemplate reads as and, with
// -write-fuzz-seeds, writes them.
func TestWriteFuzzSeeds(t *testing.T) {
	seeds, want := fuzzSeeds(t)
	dir := filepath.Join("testdata", "fuzz", "FuzzReadTemplate")
	for name, data := range seeds {
		ret, err := ReadTemplate(data)
		switch w := want[name]; w {
		case "":
			if err != nil {
				t.Errorf("%s: %v", name, err)
			} else if len(ret.Values) == 0 {
				t.Errorf("%s: no values", name)
			}
		case "visible":
			if !errors.Is(err, ErrNotTemplate) {
				t.Errorf("%s: %v, want ErrNotTemplate", name, err)
			}
			if v, err := ReadVisible(data); err != nil || len(v.Rows) == 0 {
				t.Errorf("%s: ReadVisible: %+v, %v", name, v, err)
			}
		case anyDamage:
			if !errors.Is(err, ErrDamaged) {
				t.Errorf("%s: %v, want ErrDamaged", name, err)
			}
		default:
			if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want ErrDamaged mentioning %s", name, err, w)
			}
		}
		if *writeFuzzSeeds {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type zipPart struct {
	name string
	data []byte
}

// storedZip zips parts uncompressed and without CRC-32 (archive/zip checks a CRC only
// when one is set).
func storedZip(t *testing.T, parts []zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Store,
			CompressedSize64: uint64(len(p.data)), UncompressedSize64: uint64(len(p.data))})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func deflatedZip(t *testing.T, parts []zipPart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readerParts are the parts of a workbook that reading it needs: styles, theme and
// document properties left out.
func readerParts(t *testing.T, data []byte) []zipPart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []zipPart
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "docProps/") || strings.HasPrefix(f.Name, "xl/theme/") || f.Name == "xl/styles.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, zipPart{f.Name, b})
	}
	return parts
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	nsRel  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
)

// tinyBook is a workbook of the given sheets, (name, sheetData rows), with a shared
// strings table.
func tinyBook(sheets [][2]string, sst []string) []zipPart {
	var wb, rels, types strings.Builder
	for i, s := range sheets {
		fmt.Fprintf(&wb, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s[0], i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
	}
	fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, len(sheets)+1)
	var si strings.Builder
	for _, s := range sst {
		fmt.Fprintf(&si, "<si><t>%s</t></si>", s)
	}
	parts := []zipPart{
		{"[Content_Types].xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` + types.String() + `</Types>`)},
		{"_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{"xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ` + nsMain + ` ` + nsRel + `><sheets>` + wb.String() + `</sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`)},
		{"xl/sharedStrings.xml", []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst %s count="%d" uniqueCount="%d">%s</sst>`, nsMain, len(sst), len(sst), si.String()))},
	}
	for i, s := range sheets {
		parts = append(parts, zipPart{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1),
			[]byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ` + nsMain + ` ` + nsRel + `><sheetData>` + s[1] + `</sheetData></worksheet>`)})
	}
	return parts
}

func inline(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}

// tinyTemplate is about the smallest workbook ReadTemplate reads: 指标填报 with the
// row-4 cells given, and a metadata sheet whose inputs are H4, J4 and a list column
// C6:C8.
func tinyTemplate(row4 string) []zipPart {
	var meta strings.Builder
	for i, kv := range [][2]string{{metaFormat, TemplateFormat}, {metaCampaign, "demo"}, {metaUnit, "wuxing"}, {metaUnitName, "吴兴区"}, {metaPeriod, "2023Q3"}} {
		fmt.Fprintf(&meta, `<row r="%d">%s%s</row>`, i+1, inline(cell(1, i+1), kv[0]), inline(cell(2, i+1), kv[1]))
	}
	fmt.Fprintf(&meta, `<row r="%d">%s</row>`, metaTableRow, inline(cell(1, metaTableRow), "kind"))
	for i, in := range [][4]string{{InputValue, "gdp", "指标填报", "H4"}, {InputNote, "gdp", "指标填报", "J4"}, {InputListColumn, "firms.name", "指标填报", "C6:C8"}} {
		r := metaTableRow + 1 + i
		fmt.Fprintf(&meta, `<row r="%d">%s%s%s%s</row>`, r, inline(cell(1, r), in[0]), inline(cell(2, r), in[1]), inline(cell(3, r), in[2]), inline(cell(4, r), in[3]))
	}
	data := `<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="4">` + row4 + `</row><row r="6"><c r="C6" t="s"><v>1</v></c></row><row r="7"><c r="C7"><v>3</v></c></row>`
	return tinyBook([][2]string{{"指标填报", data}, {metadataSheet, meta.String()}}, []string{"吴兴区 2023年第三季度 指标填报表", "湖州某某有限公司"})
}

// tinyVisible is a 指标填报 sheet without metadata: what is left when the cells are
// copied into a new workbook.
func tinyVisible() []zipPart {
	var headers strings.Builder
	for i, h := range indicatorHeaders {
		headers.WriteString(inline(cell(i+1, 3), h))
	}
	data := `<row r="1">` + inline("A1", "吴兴区 2023年第三季度 指标填报表") + `</row><row r="3">` + headers.String() + `</row>` +
		`<row r="4">` + inline("C4", "地区生产总值") + `<c r="F4"><v>100</v></c><c r="H4"><v>25.5</v></c>` + inline("J4", "备注") + `</row>`
	return tinyBook([][2]string{{"指标填报", data}}, nil)
}

// openForEditing, which MarkUp's opening of a returned file needs, refuses what
// excelize would spend gigabytes on — five million styles, rows filled out to XFD —
// and opens a real return.
func TestOpenForEditing(t *testing.T) {
	c := seedCampaign(t, "shengzhou-2022")
	data := templateFor(t, c, "towns", "2022Q4", nil)
	f, err := openForEditing(data)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	edit := func(name string, fn func(string) string) []byte {
		parts := readerParts(t, data)
		zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		for _, zf := range zr.File {
			if zf.Name == "xl/styles.xml" {
				rc, _ := zf.Open()
				b, _ := io.ReadAll(rc)
				rc.Close()
				parts = append(parts, zipPart{zf.Name, b})
			}
		}
		for i := range parts {
			if parts[i].name == name {
				parts[i].data = []byte(fn(string(parts[i].data)))
			}
		}
		return deflatedZip(t, parts)
	}
	styles := edit("xl/styles.xml", func(x string) string {
		i, j := strings.Index(x, "<cellXfs"), strings.Index(x, "</cellXfs>")
		return x[:i] + `<cellXfs count="5000000">` + strings.Repeat("<xf/>", 5e6) + x[j:]
	})
	var rows strings.Builder
	for r := 2000; r < 2200; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, r, r)
	}
	wide := edit("xl/worksheets/sheet1.xml", func(x string) string {
		return strings.Replace(x, "</sheetData>", rows.String()+"</sheetData>", 1)
	})
	for name, tc := range map[string]struct {
		data []byte
		has  string
	}{"styles": {styles, "格式超过"}, "wide": {wide, "分布太散"}} {
		if _, err := openForEditing(tc.data); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), tc.has) {
			t.Errorf("%s: %v, want ErrDamaged mentioning %s", name, err, tc.has)
		}
		if _, err := ReadTemplate(tc.data); err != nil {
			t.Errorf("%s: ReadTemplate: %v (reading never parses styles, nor fills rows)", name, err)
		}
	}
}

// A reader's panic becomes an ErrDamaged error that names what was being read.
func TestPanicked(t *testing.T) {
	p := &pkg{part: "xl/worksheets/sheet2.xml"}
	if err := p.panicked("index out of range"); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "xl/worksheets/sheet2.xml") {
		t.Error(err)
	}
	if err := (*pkg)(nil).panicked("boom"); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "工作簿") {
		t.Error(err)
	}
}
