package main

// End-to-end tests of issue 11's "the reader reads what Excel shows, and numbers are
// never silently changed": returns of the wzetdz-2015 seed, filled through the
// workbook package and then rewritten at the XML level the way a hostile or unusual
// writer would, ingested by the built binary.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"tenglong/workbook"
)

const (
	robustPeriod = "2015Q4"
	robustUnit   = "xinghai"
	robustClock  = "2016-01-05T10:00:00+08:00"
)

// robustWorkspace is a wzetdz-2015 workspace with the 2015Q4 templates generated.
func robustWorkspace(t *testing.T) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "office")
	runBinary(t, 0, "init", ws, "--seed", "wzetdz-2015")
	runBinary(t, 0, "-w", ws, "generate", "--period", robustPeriod)
	return ws
}

// runBinary runs the built binary (clock fixed) and checks its exit code.
func runBinary(t *testing.T, want int, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "TENGLONG_CLOCK="+robustClock)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != want {
		t.Fatalf("tenglong %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out.String(), errb.String())
	}
	return out.String()
}

// robustReturn is xinghai's template with cells typed in ("sheet!cell" → value, as
// workbook.FillCells types them; text cells for keys in asText).
func robustReturn(t *testing.T, ws string, cells map[string]string, asText ...string) []byte {
	t.Helper()
	path := readManifest(t, filepath.Join(ws, templatesDir, robustPeriod))[robustUnit]
	var fills []workbook.Fill
	for k, v := range cells {
		sheet, ref, _ := strings.Cut(k, "!")
		fills = append(fills, workbook.Fill{Sheet: sheet, Cell: ref, Value: v, Text: contains(asText, k)})
	}
	data, err := workbook.FillCells(readBytes(t, path), fills)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// robustInputs are the value (本期值) and note (备注) cells of xinghai's template, by
// indicator id, as "sheet!cell".
func robustInputs(t *testing.T, ws string) (values, notes map[string]string) {
	t.Helper()
	path := readManifest(t, filepath.Join(ws, templatesDir, robustPeriod))[robustUnit]
	ret, err := workbook.ReadTemplate(readBytes(t, path))
	if err != nil {
		t.Fatal(err)
	}
	values, notes = map[string]string{}, map[string]string{}
	for _, in := range ret.Metadata.Inputs {
		switch in.Kind {
		case workbook.InputValue:
			values[in.Key] = in.Sheet + "!" + in.Ref
		case workbook.InputNote:
			notes[in.Key] = in.Sheet + "!" + in.Ref
		}
	}
	return values, notes
}

// editSheetXML rewrites the XML of one sheet of a workbook.
func editSheetXML(t *testing.T, data []byte, sheet string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = b
		names = append(names, f.Name)
	}
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
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	part := ""
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if s.Name == sheet && r.ID == s.RID {
				part = "xl/" + strings.TrimPrefix(r.Target, "/xl/")
			}
		}
	}
	if parts[part] == nil {
		t.Fatalf("no sheet %s", sheet)
	}
	parts[part] = []byte(edit(string(parts[part])))
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cellXML finds the <c> element of a cell in sheet XML.
func cellXML(t *testing.T, x, ref string) string {
	t.Helper()
	m := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`).FindString(x)
	if m == "" {
		t.Fatalf("no cell %s", ref)
	}
	return m
}

func toUTF16(x string) string {
	x = strings.Replace(x, `encoding="UTF-8"`, `encoding="UTF-16"`, 1)
	b := []byte{0xFF, 0xFE}
	for _, c := range utf16.Encode([]rune(x)) {
		b = append(b, byte(c), byte(c>>8))
	}
	return string(b)
}

type robustIngest struct {
	Files []struct {
		Path    string          `json:"path"`
		Outcome string          `json:"outcome"`
		Issues  []reportedIssue `json:"issues"`
	} `json:"files"`
}

func robustIngestOne(t *testing.T, ws string, want int, name string, data []byte, flags ...string) robustIngest {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "batch")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(dir, name), data)
	var doc robustIngest
	out := runBinary(t, want, append(append([]string{"-w", ws, "ingest", "--json"}, flags...), dir)...)
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Files) != 1 {
		t.Fatalf("ingest --json: %v\n%s", err, out)
	}
	return doc
}

// storedValue is the unit's accepted value of an indicator.
func storedValue(t *testing.T, ws, indicator string) string {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	values, err := db.AcceptedValues("wzetdz-2015", robustPeriod, robustUnit)
	if err != nil {
		t.Fatal(err)
	}
	return values[indicator]
}

// A return rewritten the way no office suite writes it but XML allows is read as
// LibreOffice reads it: the value typed, not an empty cell, a commented-out cell or
// nothing at all.
func TestTrustReaderHostileXML(t *testing.T) {
	ws := robustWorkspace(t)
	values, _ := robustInputs(t, ws)
	sheet, ref, _ := strings.Cut(values["output-total"], "!")
	for i, tc := range []struct {
		name string
		edit func(x, cell string) string
	}{
		{"spaces around =, the cell first in its row", func(x, c string) string {
			x = strings.Replace(x, c, "", 1)
			row := regexp.MustCompile(`<row r="` + strings.TrimLeft(ref, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + `"[^>]*>`).FindString(x)
			return strings.Replace(x, row, row+strings.Replace(c, `r="`+ref+`"`, `r = "`+ref+`"`, 1), 1)
		}},
		{"tab before an attribute", func(x, c string) string {
			return strings.Replace(x, c, strings.Replace(c, `<c r=`, "<c\tr=", 1), 1)
		}},
		{"a commented-out cell after it", func(x, c string) string {
			return strings.Replace(x, c, c+`<!-- <c r="`+ref+`"><v>999</v></c> -->`, 1)
		}},
		{"a processing instruction holding a cell", func(x, c string) string {
			return strings.Replace(x, c, c+`<?x <c r="`+ref+`"><v>999</v></c> ?>`, 1)
		}},
		{"<v > with a space", func(x, c string) string {
			return strings.Replace(x, c, strings.Replace(c, "<v>", "<v >", 1), 1)
		}},
		{"the sheet in UTF-16", func(x, _ string) string { return toUTF16(x) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			typed := fmt.Sprint(111 + i)
			data := robustReturn(t, ws, map[string]string{values["output-total"]: typed})
			data = editSheetXML(t, data, sheet, func(x string) string { return tc.edit(x, cellXML(t, x, ref)) })
			doc := robustIngestOne(t, ws, 0, fmt.Sprintf("hostile-%d.xlsx", i), data)
			if f := doc.Files[0]; f.Outcome != "accepted" {
				t.Fatalf("%s: %+v", f.Outcome, f.Issues)
			}
			for _, is := range doc.Files[0].Issues {
				if is.Cell == ref {
					t.Errorf("finding on %s: %s", ref, is.Message)
				}
			}
			if got := storedValue(t, ws, "output-total"); got != typed {
				t.Errorf("stored %q, typed %s", got, typed)
			}
		})
	}
}

// A file with no value in any input does not replace the unit's accepted return: it
// is rejected, saying the earlier data stays, and the data does stay.
func TestTrustEmptyReturnKeepsAccepted(t *testing.T) {
	ws := robustWorkspace(t)
	values, notes := robustInputs(t, ws)
	good := robustReturn(t, ws, map[string]string{values["output-total"]: "115", values["profit-total"]: "5000"})
	robustIngestOne(t, ws, 0, "01-星海街道.xlsx", good)
	notesOnly := robustReturn(t, ws, map[string]string{notes["output-total"]: "数据下周补报"})
	doc := robustIngestOne(t, ws, 3, "01-星海街道-更正.xlsx", notesOnly)
	f := doc.Files[0]
	found := false
	for _, is := range f.Issues {
		if is.Code == "empty-over-accepted" {
			found = true
			t.Logf("%s", is.Message)
			if is.Severity != "error" || !strings.Contains(is.Message, "原数据保留不变") {
				t.Errorf("%+v", is)
			}
		}
	}
	if f.Outcome != "rejected" || !found {
		t.Errorf("%s %+v, want rejected with empty-over-accepted", f.Outcome, f.Issues)
	}
	if got := storedValue(t, ws, "output-total"); got != "115" {
		t.Errorf("accepted value now %q, want 115 kept", got)
	}
}

// Digits beyond the 15 Excel keeps are an error, not rounded; a formula in a value
// cell is a warning that shows it.
func TestTrustDigitsAndFormulas(t *testing.T) {
	ws := robustWorkspace(t)
	values, _ := robustInputs(t, ws)
	sheet, outRef, _ := strings.Cut(values["output-total"], "!")
	_, profitRef, _ := strings.Cut(values["profit-total"], "!")
	_, firmsRef, _ := strings.Cut(values["firms-100m"], "!")

	// Typed as text: '1234567890123456789.
	text := robustReturn(t, ws, map[string]string{values["output-total"]: "1234567890123456789", values["profit-total"]: "5000"}, values["output-total"])
	doc := robustIngestOne(t, ws, 3, "text-digits.xlsx", text)
	wantIssue(t, doc, "not-number", outRef, "“1234567890123456789”有 19 位有效数字")

	// A number cell written by a program with 19 digits.
	number := robustReturn(t, ws, map[string]string{values["output-total"]: "115", values["profit-total"]: "5000"})
	number = editSheetXML(t, number, sheet, func(x string) string {
		c := cellXML(t, x, outRef)
		return strings.Replace(x, c, regexp.MustCompile(`<v>[^<]*</v>`).ReplaceAllString(c, "<v>1234567890123456789</v>"), 1)
	})
	doc = robustIngestOne(t, ws, 3, "number-digits.xlsx", number)
	wantIssue(t, doc, "not-number", outRef, "有 19 位有效数字")

	// Formulas: one of its own, one filled down from another cell (a shared formula).
	formulas := robustReturn(t, ws, map[string]string{values["output-total"]: "115", values["profit-total"]: "5000", values["firms-100m"]: "12"})
	formulas = editSheetXML(t, formulas, sheet, func(x string) string {
		c := cellXML(t, x, profitRef)
		x = strings.Replace(x, c, strings.Replace(c, "<v>", `<f t="shared" ref="`+profitRef+`:`+firmsRef+`" si="0">`+outRef+`*2&gt;0</f><v>`, 1), 1)
		c = cellXML(t, x, firmsRef)
		return strings.Replace(x, c, strings.Replace(c, "<v>", `<f t="shared" si="0"/><v>`, 1), 1)
	})
	doc = robustIngestOne(t, ws, 0, "formulas.xlsx", formulas)
	wantIssue(t, doc, "formula-in-input", profitRef, "填的是公式 ="+outRef+"*2>0，已按计算结果“5000”采用：请直接填写数值")
	wantIssue(t, doc, "formula-in-input", firmsRef, "填的是公式（由 "+profitRef+" 格的公式 ="+outRef+"*2>0 填充而来），已按计算结果“12”采用")
	if got := storedValue(t, ws, "profit-total"); got != "5000" {
		t.Errorf("profit-total stored %q", got)
	}
}

func wantIssue(t *testing.T, doc robustIngest, code, cell, words string) {
	t.Helper()
	for _, is := range doc.Files[0].Issues {
		if is.Code == code && is.Cell == cell && strings.Contains(is.Message, words) {
			t.Logf("%s!%s：%s", is.Sheet, is.Cell, is.Message)
			return
		}
	}
	t.Errorf("no %s on %s with %q: %+v", code, cell, words, doc.Files[0].Issues)
}

// Sixteen returns that only excelize reads (an _xHHHH_ escape), each with half a
// million cells (10 MB of XML) below the inputs, ingested on sixteen workers: the
// process's peak memory stays under 300 MB (830 MB before the read budget), and
// every file is read.
func TestTrustFallbackMemory(t *testing.T) {
	ws := robustWorkspace(t)
	values, notes := robustInputs(t, ws)
	sheet, _, _ := strings.Cut(values["output-total"], "!")
	var rows strings.Builder
	for r := 1000; r < 51000; r++ {
		fmt.Fprintf(&rows, `<row r="%d">`, r)
		for c := 0; c < 10; c++ {
			fmt.Fprintf(&rows, `<c><v>%d</v></c>`, r*10+c)
		}
		rows.WriteString(`</row>`)
	}
	bulk := rows.String()
	dir := filepath.Join(t.TempDir(), "batch")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 16 {
		data := robustReturn(t, ws, map[string]string{values["output-total"]: fmt.Sprint(100 + i), notes["output-total"]: "_x000D_ 说明"})
		data = editSheetXML(t, data, sheet, func(x string) string {
			return strings.Replace(x, "</sheetData>", bulk+"</sheetData>", 1)
		})
		writeBytes(t, filepath.Join(dir, fmt.Sprintf("%02d.xlsx", i)), data)
	}
	cmd := exec.Command(binary, "-w", ws, "ingest", "--json", "--workers", "16", dir)
	cmd.Env = append(os.Environ(), "TENGLONG_CLOCK="+robustClock)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	peak := maxRSS(cmd.ProcessState)
	t.Logf("peak memory of 16 excelize reads on 16 workers: %d MB", peak>>20)
	if err != nil {
		t.Fatalf("ingest: %v\n%s%s", err, out.String(), errb.String())
	}
	var doc robustIngest
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil || len(doc.Files) != 16 {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, f := range doc.Files {
		if f.Outcome != "accepted" {
			t.Errorf("%s: %s %+v", f.Path, f.Outcome, f.Issues)
		}
	}
	if peak > 300<<20 {
		t.Errorf("peak memory %d MB, over the 300 MB cap", peak>>20)
	}
}
