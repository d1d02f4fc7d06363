package workbook_test

// The hostile and messy files of issue 7, one per case, every one made here (nothing
// is downloaded): zip bombs, absurd XML, broken references, truncated downloads, files
// saved by the wrong program. Each is read in a fresh process — this test binary run
// again as TestHostileChild — so that the outcome is asserted together with the peak
// resident memory (VmHWM) of reading that one file.

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/returns"
	"tenglong/seeds"
	"tenglong/workbook"
)

// hostileMemCap is the peak resident memory allowed to a process that reads one
// hostile file: ingest reads a file per CPU, so this times the CPUs must fit an
// office PC.
const hostileMemCap = 300 << 20

// Expected outcomes of a reader on a case.
const (
	same    = "same"     // reads, and exactly as the unmodified file
	anyErr  = "error"    // a clean error, whatever it says
	skipped = ""         // not run
	damaged = "damaged:" // an ErrDamaged error whose message has the text after the colon
)

type hostileCase struct {
	name              string
	gen               func(t *testing.T) (hostile, base []byte)
	template, visible string // expected outcomes of ReadTemplate and ReadVisible
}

func TestHostile(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile corpus: long")
	}
	dir := t.TempDir()
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			data, base := tc.gen(t)
			path := filepath.Join(dir, tc.name+".xlsx")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			for _, r := range []struct{ reader, want string }{{"template", tc.template}, {"visible", tc.visible}} {
				if r.want == skipped {
					continue
				}
				got := runHostileChild(t, path, r.reader)
				t.Logf("%s %s: %d KB zipped, peak RSS %d MB, %.2fs: %s", tc.name, r.reader, len(data)>>10, got.hwm>>20, got.seconds, got.summary)
				if got.hwm > hostileMemCap {
					t.Errorf("%s: peak RSS %d MB, over the %d MB cap", r.reader, got.hwm>>20, hostileMemCap>>20)
				}
				switch {
				case r.want == same:
					if got.err != "" {
						t.Errorf("%s: %s, want it read as the unmodified file", r.reader, got.err)
						break
					}
					if want := digest(t, r.reader, base); got.digest != want {
						t.Errorf("%s: read %s, the unmodified file reads %s", r.reader, got.digest, want)
					}
				case r.want == anyErr:
					if got.err == "" {
						t.Errorf("%s: read it, want an error", r.reader)
					}
				case strings.HasPrefix(r.want, damaged):
					text := strings.TrimPrefix(r.want, damaged)
					if !got.damaged || !strings.Contains(got.err, text) {
						t.Errorf("%s: got %q (ErrDamaged %v), want ErrDamaged mentioning %q", r.reader, got.err, got.damaged, text)
					}
				}
			}
		})
	}
}

// TestHostileChild reads one file named by the environment, as TestHostile asks, and
// prints the outcome with the process's peak resident memory.
func TestHostileChild(t *testing.T) {
	path := os.Getenv("TENGLONG_HOSTILE_FILE")
	if path == "" {
		t.Skip("run by TestHostile")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var v any
	switch os.Getenv("TENGLONG_HOSTILE_READER") {
	case "template":
		v, err = workbook.ReadTemplate(data)
	case "visible":
		v, err = workbook.ReadVisible(data)
	}
	seconds := time.Since(start).Seconds()
	out := ""
	if err == nil {
		out = sum(v)
	}
	fmt.Printf("HOSTILE\t%d\t%.3f\t%t\t%s\t%s\n", vmHWM(), seconds, errors.Is(err, workbook.ErrDamaged), out, oneLine(err))
}

type hostileResult struct {
	hwm         int64
	seconds     float64
	damaged     bool
	digest, err string
	summary     string
}

func runHostileChild(t *testing.T, path, reader string) hostileResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TENGLONG_HOSTILE_FILE="+path, "TENGLONG_HOSTILE_READER="+reader)
	out, err := cmd.CombinedOutput()
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.SplitN(line, "\t", 6)
		if len(f) < 6 || f[0] != "HOSTILE" {
			continue
		}
		var r hostileResult
		r.hwm, _ = strconv.ParseInt(f[1], 10, 64)
		r.seconds, _ = strconv.ParseFloat(f[2], 64)
		r.damaged = f[3] == "true"
		r.digest, r.err = f[4], f[5]
		r.summary = "read"
		if r.err != "" {
			r.summary = r.err
		}
		return r
	}
	t.Fatalf("%s %s: the child process reported nothing (%v):\n%s", filepath.Base(path), reader, err, out)
	return hostileResult{}
}

// vmHWM is the process's peak resident set size in bytes, from /proc/self/status.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(err.Error())
}

func sum(v any) string {
	h := sha256.Sum256(fmt.Appendf(nil, "%+v", v))
	return fmt.Sprintf("%x", h[:8])
}

// digest is what a reader makes of a file, as TestHostileChild prints it.
func digest(t *testing.T, reader string, data []byte) string {
	t.Helper()
	var v any
	var err error
	if reader == "template" {
		v, err = workbook.ReadTemplate(data)
	} else {
		v, err = workbook.ReadVisible(data)
	}
	if err != nil {
		t.Fatalf("the unmodified file: %v", err)
	}
	return sum(v)
}

func hostileCases() []hostileCase {
	var cases []hostileCase
	add := func(name, template, visible string, gen func(t *testing.T) (hostile, base []byte)) {
		cases = append(cases, hostileCase{name, gen, template, visible})
	}

	// Zip bombs: a sheet of 4 GiB of spaces deflated to about 4 MB.
	const bomb = 4 << 30
	add("zip-bomb-declared", damaged+"超过 64 MB", damaged+"超过 64 MB", func(t *testing.T) ([]byte, []byte) {
		return withRawPart(t, filled(t), metaPart(t), bombStream(t), bomb), nil
	})
	add("zip-bomb-lying-small", damaged+"解不开", damaged+"解不开", func(t *testing.T) ([]byte, []byte) {
		return withRawPart(t, filled(t), metaPart(t), bombStream(t), 1000), nil
	})
	add("zip-bomb-lying-under-cap", damaged+"解不开", damaged+"解不开", func(t *testing.T) ([]byte, []byte) {
		return withRawPart(t, filled(t), metaPart(t), bombStream(t), 60<<20), nil
	})
	add("zip-bomb-total", damaged+"超过 256 MB", damaged+"超过 256 MB", func(t *testing.T) ([]byte, []byte) {
		parts, pad := unzipAll(t, filled(t)), bytes.Repeat([]byte{' '}, 60<<20)
		for i := range 5 {
			parts = append(parts, zpart{fmt.Sprintf("xl/media/image%d.bin", i+1), pad})
		}
		return zipAll(t, parts), nil
	})
	// Valid XML inflating to 60 MB: the fast path reads past the spaces; excelize's
	// route refuses a run of text no cell can hold.
	add("whitespace-60MB", same, damaged+"MB 的文字", func(t *testing.T) ([]byte, []byte) {
		pad := strings.Repeat(" ", 60<<20)
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "<sheetData>", "<sheetData>"+pad, 1)
		}), filled(t)
	})

	// XML nested a million deep, in a sheet and in the workbook part.
	deep := strings.Repeat("<a>", 1e6) + strings.Repeat("</a>", 1e6)
	add("nested-1e6-sheet", same, damaged+"嵌套超过 64 层", func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "</sheetData>", "</sheetData>"+deep, 1)
		}), filled(t)
	})
	add("nested-1e6-workbook", damaged+"嵌套超过 64 层", damaged+"嵌套超过 64 层", func(t *testing.T) ([]byte, []byte) {
		return editPart(t, filled(t), "xl/workbook.xml", func(x string) string {
			return strings.Replace(x, "<sheets>", deep+"<sheets>", 1)
		}), nil
	})

	// A single attribute of 100 MB (over the part limit) and of 10 MB (under it).
	add("attribute-100MB", damaged+"超过 64 MB", damaged+"超过 64 MB", func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "<sheetData>", `<sheetData><row r="1" x="`+strings.Repeat("x", 100<<20)+`"/>`, 1)
		}), nil
	})
	add("attribute-10MB", same, damaged+"KB 的标记", func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "<worksheet ", `<worksheet junk="`+strings.Repeat("x", 10<<20)+`" `, 1)
		}), filled(t)
	})

	// References out of range.
	add("shared-string-index-99999999", damaged+"第 99999999 条共享字符串", damaged+"第 99999999 条共享字符串", func(t *testing.T) ([]byte, []byte) {
		ref := firstValueRef(t)
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return replaceCell(t, x, ref, `<c r="`+ref+`" t="s"><v>99999999</v></c>`)
		}), nil
	})
	add("row-9999999999", damaged+"行号", damaged+"行号", func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, `<row r="4"`, `<row r="9999999999"`, 1)
		}), nil
	})
	add("column-beyond-XFD", damaged+"单元格地址", damaged+"单元格地址", func(t *testing.T) ([]byte, []byte) {
		ref := firstValueRef(t)
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return replaceCell(t, x, ref, `<c r="XFE`+strings.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")+`"><v>1</v></c>`)
		}), nil
	})
	// The last cell of the grid, and a hundred thousand rows reaching out to it: nothing
	// is allocated by position, so the fast path reads them like any cell; excelize
	// would fill in 16,384 cells a row, and its route refuses them.
	add("cell-XFD1048576", same, same, func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "</sheetData>", `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>`, 1)
		}), filled(t)
	})
	add("wide-rows", same, damaged+"分布太散", func(t *testing.T) ([]byte, []byte) {
		var rows strings.Builder
		for r := 2000; r < 102000; r++ {
			fmt.Fprintf(&rows, `<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r)
		}
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "</sheetData>", rows.String()+"</sheetData>", 1)
		}), filled(t)
	})
	// Three million cells with a value, below the inputs: the fast path keeps only the
	// cells inputs occupy; excelize's route refuses them.
	add("cells-3M", same, damaged+"单元格超过", func(t *testing.T) ([]byte, []byte) {
		row := "<row>" + strings.Repeat("<c><v>1</v></c>", 10) + "</row>"
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return strings.Replace(x, "</sheetData>", strings.Repeat(row, 300000)+"</sheetData>", 1)
		}), filled(t)
	})

	// Five million styles: no reader parses styles.xml, on either route (an escaped
	// note sends the second through excelize).
	styles := func(t *testing.T, data []byte) []byte {
		return editPart(t, data, "xl/styles.xml", func(x string) string {
			i, j := strings.Index(x, "<cellXfs"), strings.Index(x, "</cellXfs>")
			if i < 0 || j < 0 {
				t.Fatal("no <cellXfs> in styles.xml")
			}
			return x[:i] + `<cellXfs count="5000000">` + strings.Repeat("<xf/>", 5e6) + x[j:]
		})
	}
	add("styles-5M", same, same, func(t *testing.T) ([]byte, []byte) {
		return styles(t, filled(t)), filled(t)
	})
	add("styles-5M-via-excelize", same, same, func(t *testing.T) ([]byte, []byte) {
		return styles(t, escaped(t)), escaped(t)
	})

	// Shared strings: too many, and one longer than a cell can hold.
	add("shared-strings-1.5M", damaged+"共享字符串超过", damaged+"共享字符串超过", func(t *testing.T) ([]byte, []byte) {
		return editPart(t, filled(t), "xl/sharedStrings.xml", func(x string) string {
			return strings.Replace(x, "</sst>", strings.Repeat("<si/>", 1500000)+"</sst>", 1)
		}), nil
	})
	add("inline-string-200k-chars", damaged+"32767", damaged+"32767", func(t *testing.T) ([]byte, []byte) {
		return editSheet(t, filled(t), "指标填报", func(x string) string {
			return replaceCell(t, x, firstValueRef(t), `<c r="`+firstValueRef(t)+`" t="inlineStr"><is><t>`+strings.Repeat("长", 200000)+`</t></is></c>`)
		}), nil
	})
	add("shared-string-200k-chars", damaged+"32767", skipped, func(t *testing.T) ([]byte, []byte) {
		return editPart(t, filled(t), "xl/sharedStrings.xml", func(x string) string {
			i := strings.Index(x, "<t>")
			if i < 0 {
				t.Fatal("no <t> in sharedStrings.xml")
			}
			return x[:i+3] + strings.Repeat("长", 200000) + x[i+3:]
		}), nil
	})
	add("zip-entries-1500", damaged+"部件", damaged+"部件", func(t *testing.T) ([]byte, []byte) {
		parts := unzipAll(t, filled(t))
		for i := range 1500 {
			parts = append(parts, zpart{fmt.Sprintf("customXml/item%d.xml", i), []byte("<a/>")})
		}
		return zipAll(t, parts), nil
	})
	add("docx-renamed", damaged+"没有 Excel 工作簿", damaged+"没有 Excel 工作簿", func(t *testing.T) ([]byte, []byte) {
		return zipAll(t, []zpart{{"[Content_Types].xml", []byte("<Types/>")}, {"word/document.xml", []byte("<w:document/>")}}), nil
	})

	// A download cut short, at ten points.
	for k := 1; k <= 10; k++ {
		add(fmt.Sprintf("truncated-%d-of-11", k), damaged+"不完整", damaged+"不完整", func(t *testing.T) ([]byte, []byte) {
			data := filled(t)
			return data[:len(data)*k/11], nil
		})
	}
	return cases
}

// TestHostileSniff: files saved by the wrong program are refused by returns.Sniff with
// the fix before anything opens them, and the reader refuses them cleanly too.
func TestHostileSniff(t *testing.T) {
	if testing.Short() {
		t.Skip("runs LibreOffice")
	}
	dir := t.TempDir()
	xlsxPath := filepath.Join(dir, "03-德清县-2023Q3.xlsx")
	if err := os.WriteFile(xlsxPath, filled(t), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	xls := read(testtool.ConvertWithLibreOffice(t, xlsxPath, "xls"))
	ods := read(testtool.ConvertWithLibreOffice(t, xlsxPath, "ods"))
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, image.NewGray(image.Rect(0, 0, 4, 4))); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(filled(t)), excelize.Options{Password: "123456"})
	if err != nil {
		t.Fatal(err)
	}
	enc, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
		code string
		has  string
	}{
		{"03-德清县.xls", xls, returns.CodeOldExcel, "另存为"},
		{"03-德清县.xlsx", xls, returns.CodeOldExcel, "内容却是"},
		{"03-德清县.ett", xls, returns.CodeWPSFormat, ".ett"}, // a WPS template: OLE like .et, told by its name
		{"03-德清县.et", xls, returns.CodeWPSFormat, "另存为"},
		{"03-德清县.ett", filled(t), returns.CodeWPSFormat, "WPS"},
		{"03-德清县.xlsx", ods, returns.CodeNotWorkbook, "OpenDocument"},
		{"03-德清县.xlsx", enc.Bytes(), returns.CodeEncrypted, "密码"},
		{"03-德清县.xlsx", pngBuf.Bytes(), returns.CodeNotWorkbook, "PNG"},
		{"03-德清县.xlsx", []byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"), returns.CodeNotWorkbook, "PDF"},
		{"03-德清县.xlsx", []byte("\xEF\xBB\xBF单位,本期值\r\n德清县,12\r\n"), returns.CodeNotWorkbook, "CSV"},
		{"03-德清县.xlsx", []byte("<html><body><table><tr><td>德清县</td><td>12</td></tr></table></body></html>"), returns.CodeNotWorkbook, "HTML"},
		{"03-德清县.xlsx", []byte("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook/>"), returns.CodeNotWorkbook, "2003 XML"},
	} {
		t.Run(tc.name+"/"+tc.code, func(t *testing.T) {
			got := returns.Sniff(tc.name, tc.data)
			if got == nil || got.Code != tc.code || got.Severity != returns.SeverityError || !strings.Contains(got.Message, tc.has) {
				t.Fatalf("Sniff: %+v, want %s mentioning %q", got, tc.code, tc.has)
			}
			if _, err := workbook.ReadTemplate(tc.data); err == nil && tc.code != returns.CodeWPSFormat {
				t.Error("ReadTemplate read it")
			}
			t.Logf("%s", got.Message)
		})
	}
}

// The generated corpus: the huzhou-2023 template of 吴兴区 for 2023Q3.

var corpus = struct {
	sync.Mutex
	blank, filled, escaped []byte
	firstRef               string
}{}

func blank(t *testing.T) []byte {
	t.Helper()
	corpus.Lock()
	defer corpus.Unlock()
	if corpus.blank == nil {
		data, ok := seeds.Get("huzhou-2023")
		if !ok {
			t.Fatal("no seed huzhou-2023")
		}
		c, probs := campaign.Load(data)
		if probs.HasErrors() {
			t.Fatal(probs)
		}
		u, _ := c.Unit("wuxing")
		p, err := c.ReportingPeriod("2023Q3")
		if err != nil {
			t.Fatal(err)
		}
		corpus.blank, err = workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: u, Period: p,
			Deadline: p.Deadline(c.Deadline), Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID})
		if err != nil {
			t.Fatal(err)
		}
	}
	return corpus.blank
}

// filled is the template with every input typed in: numbers, text, entities.
func filled(t *testing.T) []byte {
	t.Helper()
	b := blank(t)
	corpus.Lock()
	defer corpus.Unlock()
	if corpus.filled == nil {
		ret, err := workbook.ReadTemplate(b)
		if err != nil {
			t.Fatal(err)
		}
		typed := map[string]string{}
		texts := []string{"1234.56", "0.1", "-3", "a & b <c>", "第一行\n第二行", "完成", "１２３"}
		for i, v := range ret.Values {
			typed[v.Sheet+"!"+v.Cell] = texts[i%len(texts)]
			if v.Kind == workbook.InputValue && corpus.firstRef == "" && v.Sheet == "指标填报" {
				corpus.firstRef = v.Cell
			}
		}
		if corpus.filled, err = workbook.FillInputs(b, typed); err != nil {
			t.Fatal(err)
		}
	}
	return corpus.filled
}

// escaped is filled with a note that only excelize reads (an _xHHHH_ escape), so that
// ReadTemplate takes its second route.
func escaped(t *testing.T) []byte {
	t.Helper()
	f := filled(t)
	corpus.Lock()
	defer corpus.Unlock()
	if corpus.escaped == nil {
		var err error
		if corpus.escaped, err = workbook.FillInputs(f, map[string]string{"指标填报!J4": "_x000D_ 回车"}); err != nil {
			t.Fatal(err)
		}
	}
	return corpus.escaped
}

// firstValueRef is the 本期值 cell of the first indicator on 指标填报.
func firstValueRef(t *testing.T) string {
	filled(t)
	if corpus.firstRef == "" {
		t.Fatal("no indicator value on 指标填报")
	}
	return corpus.firstRef
}

type zpart struct {
	name string
	data []byte
}

func unzipAll(t *testing.T, data []byte) []zpart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var parts []zpart
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, zpart{f.Name, b})
	}
	return parts
}

func zipAll(t *testing.T, parts []zpart) []byte {
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

func editPart(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	parts := unzipAll(t, data)
	found := false
	for i := range parts {
		if parts[i].name == name {
			parts[i].data, found = []byte(edit(string(parts[i].data))), true
		}
	}
	if !found {
		t.Fatalf("no part %s", name)
	}
	return zipAll(t, parts)
}

// sheetPartOf is the part holding a sheet, by the workbook and its relationships.
func sheetPartOf(t *testing.T, data []byte, sheet string) string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	for _, p := range unzipAll(t, data) {
		switch p.name {
		case "xl/workbook.xml":
			if err := xml.Unmarshal(p.data, &wb); err != nil {
				t.Fatal(err)
			}
		case "xl/_rels/workbook.xml.rels":
			if err := xml.Unmarshal(p.data, &rels); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if s.Name == sheet && r.ID == s.RID {
				return "xl/" + strings.TrimPrefix(r.Target, "/xl/")
			}
		}
	}
	t.Fatalf("no sheet %s", sheet)
	return ""
}

func editSheet(t *testing.T, data []byte, sheet string, edit func(string) string) []byte {
	t.Helper()
	return editPart(t, data, sheetPartOf(t, data, sheet), edit)
}

// metaPart is the part of the very hidden metadata sheet, the first the readers read.
func metaPart(t *testing.T) string { return sheetPartOf(t, filled(t), "_tenglong") }

// replaceCell replaces the <c> element of a cell.
func replaceCell(t *testing.T, x, ref, with string) string {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
	if !re.MatchString(x) {
		t.Fatalf("no cell %s", ref)
	}
	return re.ReplaceAllLiteralString(x, with)
}

var bombOnce struct {
	sync.Once
	data []byte
	crc  uint32
}

// bombStream is a raw deflate stream of a worksheet holding 4 GiB of spaces, about
// 4 MB, and its CRC-32. Once the compressor is in its steady state a megabyte of
// spaces deflates to the same bytes every time, so those are repeated rather than
// compressed 4,096 times.
func bombStream(t *testing.T) []byte {
	t.Helper()
	bombOnce.Do(func() {
		bombOnce.data, bombOnce.crc = deflatedRepeat(t, []byte(`<worksheet><sheetData>`), ' ', 4<<30, []byte(`</sheetData></worksheet>`))
	})
	if bombOnce.data == nil {
		t.Fatal("no bomb")
	}
	return bombOnce.data
}

func deflatedRepeat(t *testing.T, prefix []byte, fill byte, n int64, suffix []byte) ([]byte, uint32) {
	var out bytes.Buffer
	fw, err := flate.NewWriter(&out, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	crc := crc32.NewIEEE()
	write := func(b []byte) {
		fw.Write(b)
		crc.Write(b)
		fw.Flush()
	}
	write(prefix)
	chunk := bytes.Repeat([]byte{fill}, 1<<20)
	var prev, steady []byte
	for n >= int64(len(chunk)) && steady == nil {
		start := out.Len()
		write(chunk)
		n -= int64(len(chunk))
		block := bytes.Clone(out.Bytes()[start:])
		if bytes.Equal(block, prev) {
			steady = block
		}
		prev = block
	}
	for ; n >= int64(len(chunk)); n -= int64(len(chunk)) {
		out.Write(steady)
		crc.Write(chunk)
	}
	write(chunk[:n])
	write(suffix)
	fw.Close()
	return out.Bytes(), crc.Sum32()
}

// withRawPart replaces a part by a raw deflate stream, declaring the inflated size
// given (the truth, or a lie).
func withRawPart(t *testing.T, data []byte, name string, stream []byte, declared uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range unzipAll(t, data) {
		if p.name == name {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: bombOnce.crc,
				CompressedSize64: uint64(len(stream)), UncompressedSize64: declared})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.Write(stream); err != nil {
				t.Fatal(err)
			}
			continue
		}
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

// The bomb stream is what it claims: checked on a smaller one, inflated in full.
func TestDeflatedRepeat(t *testing.T) {
	const n = 64 << 20
	stream, crc := deflatedRepeat(t, []byte("<a>"), ' ', n, []byte("</a>"))
	h := crc32.NewIEEE()
	got, err := io.Copy(h, flate.NewReader(bytes.NewReader(stream)))
	if err != nil || got != n+7 || h.Sum32() != crc {
		t.Fatalf("inflated %d bytes (%v), CRC %08x, want %d and %08x", got, err, h.Sum32(), n+7, crc)
	}
	if len(stream) > n/500 {
		t.Errorf("%d MB deflated to %d KB: not a bomb", n>>20, len(stream)>>10)
	}
}
