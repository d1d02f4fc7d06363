package workbook

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/shopspring/decimal"

	"tenglong/internal/testtool"
)

// hostileXML is a tiny template (tinyTemplate: inputs H4, J4 and C6:C8 on 指标填报)
// written the way no office suite writes it but XML allows, or in ways that differ
// only in bytes: comments, processing instructions, whitespace in tags, UTF-16 parts,
// entities, rich text. Each is a trap for a scanner that reads bytes instead of XML.
type hostileXML struct {
	name  string
	parts func() []zipPart
	// malformed: not well-formed XML. LibreOffice reads such a sheet only up to the
	// error (the cells before it, silently), so no reader can be trusted with it:
	// tenglong must refuse it.
	malformed bool
}

// sheetEdit is the tiny template with row 4 as given and then edit applied to the named
// part (the 指标填报 sheet is xl/worksheets/sheet1.xml).
func sheetEdit(row4, part string, edit func(string) string) func() []zipPart {
	return func() []zipPart {
		parts := tinyTemplate(row4)
		for i := range parts {
			if parts[i].name == part && edit != nil {
				parts[i].data = []byte(edit(string(parts[i].data)))
			}
		}
		return parts
	}
}

// utf16Part re-encodes a part as UTF-16 (little endian, with a BOM) and says so in
// its declaration.
func utf16Part(x string) string {
	x = strings.Replace(x, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
	u := utf16.Encode([]rune(x))
	b := []byte{0xFF, 0xFE}
	for _, c := range u {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return string(b)
}

const sheet1, sstPart = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"

func hostileXMLCases() []hostileXML {
	plain := `<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><t>备注</t></is></c>`
	replace := func(old, new string) func(string) string {
		return func(x string) string { return strings.Replace(x, old, new, 1) }
	}
	return []hostileXML{
		{"plain", sheetEdit(plain, sheet1, nil), false},
		{"comment-in-cell", sheetEdit(`<c r="H4"><!-- <v>99</v> --><v>12.5</v></c>`, sheet1, nil), false},
		{"comment-after-cell", sheetEdit(plain+`<!-- <c r="H4"><v>99</v></c> -->`, sheet1, nil), false},
		{"pi-after-cell", sheetEdit(plain+`<?tenglong <c r="H4"><v>99</v></c> ?>`, sheet1, nil), false},
		{"comment-in-shared-string", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="s"><v>1</v></c>`, sstPart,
			replace(`<si><t>湖州某某有限公司</t></si>`, `<si><!-- <t>假</t> --><t>湖州某某有限公司</t></si>`)), false},
		{"pi-in-shared-string", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="s"><v>1</v></c>`, sstPart,
			replace(`<si><t>湖州某某有限公司</t></si>`, `<si><?x <t>假</t> ?><t>湖州某某有限公司</t></si>`)), false},
		{"spaces-around-equals", sheetEdit(`<c r = "H4"><v>12.5</v></c><c r="J4" t = "inlineStr"><is><t>备注</t></is></c>`, sheet1, nil), false},
		{"tab-before-attribute", sheetEdit("<c\tr=\"H4\"><v>12.5</v></c><c\nr=\"J4\"\tt=\"inlineStr\"><is><t>备注</t></is></c>", sheet1, nil), false},
		{"newlines-around-equals", sheetEdit("<c r\n=\n\"H4\"><v>12.5</v></c>", sheet1, nil), false},
		{"tab-in-row-tag", sheetEdit(plain, sheet1, replace(`<row r="6">`, "<row\tr=\"6\">")), false},
		{"space-in-end-tag", sheetEdit(`<c r="H4"><v>12.5</v></c ><c r="J4" t="inlineStr"><is><t>备注</t ></is></c>`, sheet1, nil), false},
		{"space-in-v-tag", sheetEdit(`<c r="H4"><v >12.5</v></c><c r="J4" t="str"><v xml:space="preserve">备注</v></c>`, sheet1, nil), false},
		{"gt-in-attribute", sheetEdit(`<c r="H4" x="a>b"><v>12.5</v></c>`, sheet1, nil), false},
		{"two-v", sheetEdit(`<c r="H4"><v>12.5</v><v>99</v></c>`, sheet1, nil), false},
		{"duplicate-r", sheetEdit(`<c r="H4" r="J4"><v>12.5</v></c>`, sheet1, nil), true},
		{"utf16-sheet", sheetEdit(plain, sheet1, utf16Part), false},
		{"utf16-shared-strings", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="s"><v>1</v></c>`, sstPart, utf16Part), false},
		{"utf8-bom", sheetEdit(plain, sheet1, func(x string) string { return "\xEF\xBB\xBF" + x }), false},
		{"entities", sheetEdit(`<c r="H4"><v>1&#50;.5</v></c><c r="J4" t="inlineStr"><is><t>&lt;甲&gt; &amp; &quot;乙&quot; &apos;&#x4E19;&#19969;</t></is></c>`, sheet1, nil), false},
		{"entity-in-attribute", sheetEdit(`<c r="H&#52;"><v>12.5</v></c>`, sheet1, nil), false},
		{"undeclared-entity", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><t>a&nbsp;b</t></is></c>`, sheet1, nil), true},
		{"bad-char-reference", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><t>a&#0;b</t></is></c>`, sheet1, nil), true},
		{"carriage-returns", sheetEdit("<c r=\"H4\"><v>12.5</v></c><c r=\"J4\" t=\"inlineStr\"><is><t>第一行\r\n第二行\r第三行</t></is></c>", sheet1, nil), false},
		{"xml-space-preserve", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><t xml:space="preserve">  前后空格  </t></is></c>`, sheet1, nil), false},
		{"rich-inline", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="inlineStr"><is><r><t>甲</t></r><r><rPr><b/><color rgb="FFFF0000"/></rPr><t xml:space="preserve"> 乙</t></r><rPh sb="0" eb="1"><t>ジャ</t></rPh></is></c>`, sheet1, nil), false},
		{"t-tag-whitespace", sheetEdit("<c r=\"H4\"><v>12.5</v></c><c r=\"J4\" t=\"inlineStr\"><is><t\n>备注</t></is></c>", sheet1, nil), false},
		{"si-tag-whitespace", sheetEdit(`<c r="H4"><v>12.5</v></c><c r="J4" t="s"><v>1</v></c>`, sstPart,
			replace(`<si><t>吴兴区`, "<si\n><t>吴兴区")), false},
		{"self-closing-row", sheetEdit(plain, sheet1, replace(`<row r="6">`, `<row r="5"/><row>`)), false},
		{"control-character", sheetEdit("<c r=\"H4\"><v>12.5</v></c><c r=\"J4\" t=\"inlineStr\"><is><t>a\x01b</t></is></c>", sheet1, nil), true},
		{"invalid-utf8", sheetEdit("<c r=\"H4\"><v>12.5</v></c><c r=\"J4\" t=\"inlineStr\"><is><t>a\xffb</t></is></c>", sheet1, nil), true},
		{"number-with-spaces", sheetEdit(`<c r="H4"><v> 12.5 </v></c>`, sheet1, nil), false},
		{"doctype", sheetEdit(plain, sheet1, replace(`<worksheet `, `<!DOCTYPE worksheet><worksheet `)), false},
	}
}

// The fast reader reads hostile XML exactly as LibreOffice does — an independent
// reader — or leaves it to excelize; where LibreOffice cannot read a file, tenglong
// refuses it too or reads it as excelize does.
func TestFastReadAgreesWithLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LibreOffice")
	}
	dir := t.TempDir()
	cases := hostileXMLCases()
	var paths []string
	for _, tc := range cases {
		p := filepath.Join(dir, tc.name+".xlsx")
		if err := os.WriteFile(p, deflatedZip(t, tc.parts()), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	lo := libreOfficeSheets(t, dir, paths)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := deflatedZip(t, tc.parts())
			ret, err := ReadTemplate(data)
			if tc.malformed {
				if err == nil {
					t.Errorf("read malformed XML: %v", values(ret))
				}
				return
			}
			shown, ok := lo[tc.name]
			if !ok {
				// LibreOffice could not read it: refused, or read as excelize reads it.
				slow, serr := readTemplateExcelize(data)
				if err != nil {
					t.Logf("LibreOffice and tenglong refuse it: %v", err)
					return
				}
				if serr != nil || !reflect.DeepEqual(ret, slow) {
					t.Errorf("LibreOffice cannot read it, yet tenglong read %v, unlike excelize (%v)", values(ret), serr)
				}
				return
			}
			if err != nil {
				// Refusing what LibreOffice reads is safe (the office is told to have it
				// re-saved) only when excelize refuses it too.
				if _, serr := readTemplateExcelize(data); serr == nil {
					t.Errorf("tenglong refused it (%v) though excelize reads it", err)
				}
				t.Logf("refused: %v", err)
				return
			}
			for _, v := range ret.Values {
				if v.Sheet != "指标填报" {
					continue
				}
				want := shown[v.Cell]
				if !sameShown(v.Raw, want) {
					t.Errorf("%s: tenglong read %q, LibreOffice shows %q", v.Cell, v.Raw, want)
				}
			}
		})
	}
}

// values is a Return's values by cell, for messages.
func values(ret *Return) map[string]string {
	out := map[string]string{}
	if ret != nil {
		for _, v := range ret.Values {
			out[v.Cell] = v.Raw
		}
	}
	return out
}

// sameShown compares a raw value with what LibreOffice's CSV shows: numbers by value
// (LibreOffice formats them), text exactly.
func sameShown(raw, shown string) bool {
	if raw == shown {
		return true
	}
	a, err1 := decimal.NewFromString(strings.TrimSpace(raw))
	b, err2 := decimal.NewFromString(shown)
	return err1 == nil && err2 == nil && a.Equal(b)
}

// libreOfficeSheets converts the files to CSV with LibreOffice headless, every sheet,
// and returns the 指标填报 cells of each by file name (without .xlsx); a file
// LibreOffice could not read is absent.
func libreOfficeSheets(t *testing.T, dir string, paths []string) map[string]map[string]string {
	t.Helper()
	soffice := testtool.LibreOffice(t)
	out := filepath.Join(dir, "csv")
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", `csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1`, "--outdir", out}
	testtool.Run(t, soffice, append(args, paths...)...)
	got := map[string]map[string]string{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		b, err := os.ReadFile(filepath.Join(out, name+"-指标填报.csv"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cells := map[string]string{}
		for i, row := range rows {
			for j, v := range row {
				if v != "" {
					cells[cell(j+1, i+1)] = v
				}
			}
		}
		got[name] = cells
	}
	return got
}

// On the same hostile XML the fast path reads what excelize reads (types and formulas
// included), or declines.
func TestFastReadHostileMatchesExcelize(t *testing.T) {
	for _, tc := range hostileXMLCases() {
		fastMatchesExcelize(t, tc.name, storedZip(t, tc.parts()))
	}
}

// fastMatchesExcelize reads data with the fast path and, when it reads it, with
// excelize too, and reports where the two differ; it tells whether the fast path read it.
func fastMatchesExcelize(t *testing.T, name string, data []byte) (fastRead bool) {
	t.Helper()
	fast, err := readTemplateFast(data)
	if err != nil {
		return false
	}
	slow, err := readTemplateExcelize(data)
	if err != nil {
		t.Errorf("%s: the fast path read %v, excelize refuses: %v", name, values(fast), err)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("%s: fast path %+v, excelize %+v", name, fast.Values, slow.Values)
	}
	return true
}

// The read budget lets reads through while their bytes fit, makes the next wait until
// one gives its share back, and lets a read larger than the whole budget through alone.
func TestReadBudget(t *testing.T) {
	b := newBudget(10)
	r1 := b.hold(6)
	r2 := b.hold(4)
	got := make(chan string, 2)
	go func() { r := b.hold(100); r(); got <- "large" }()
	select {
	case s := <-got:
		t.Fatalf("%s read went through a full budget", s)
	case <-time.After(50 * time.Millisecond):
	}
	r1()
	select {
	case s := <-got:
		t.Fatalf("%s read went through beside another", s)
	case <-time.After(50 * time.Millisecond):
	}
	r2()
	select {
	case <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the large read never went through")
	}
	if b.free != 10 {
		t.Errorf("%d bytes free after every read ended, want 10", b.free)
	}
}

// Both routes give an input cell's formula: its own, one shared from an earlier cell,
// and (excelize's route) one shared from a later cell or from none.
func TestReadFormulas(t *testing.T) {
	for _, tc := range []struct {
		row4, formula, from string
		fast                bool // the fast path reads it
	}{
		{`<c r="H4"><f>A1*2</f><v>25</v></c>`, "A1*2", "", true},
		{`<c r="G4"><f t="shared" ref="G4:H4" si="0">A1&amp;"x"</f><v>1</v></c><c r="H4"><f t="shared" si="0"/><v>25</v></c>`, `A1&"x"`, "G4", true},
		{`<c r="H4"><f t="shared" si="0"/><v>25</v></c><c r="I4"><f t="shared" ref="H4:I4" si="0">A1*2</f><v>3</v></c>`, "A1*2", "I4", false},
		{`<c r="H4"><f t="shared" si="7"/><v>25</v></c>`, "共享公式（文件里缺少它的原式）", "", false},
	} {
		data := storedZip(t, tinyTemplate(tc.row4))
		fast, ferr := readTemplateFast(data)
		if (ferr == nil) != tc.fast {
			t.Errorf("%s: fast path %v", tc.row4, ferr)
		}
		slow, err := readTemplateExcelize(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, ret := range []*Return{fast, slow} {
			if ret == nil {
				continue // the fast path declined: excelize's route reads it
			}
			for _, v := range ret.Values {
				if v.Cell == "H4" && (v.Formula != tc.formula || v.FormulaCell != tc.from || v.Raw != "25" || v.Text) {
					t.Errorf("%s: %+v", tc.row4, v)
				}
			}
		}
		if ferr == nil && !reflect.DeepEqual(fast, slow) {
			t.Errorf("%s: fast %+v, excelize %+v", tc.row4, fast.Values, slow.Values)
		}
	}
}
