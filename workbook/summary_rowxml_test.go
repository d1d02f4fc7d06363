package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRowXMLMatchesStreamWriter: appendRowXML writes the very bytes excelize's
// StreamWriter.SetRow writes for every kind of value a sheetTable holds, tricky text
// included (escapes, spaces kept, _xHHHH_ literals, invalid characters, text over
// Excel's cell limit) and numbers past 15 digits.
func TestRowXMLMatchesStreamWriter(t *testing.T) {
	rows := []struct {
		height float64
		cells  []excelize.Cell
	}{
		{0, []excelize.Cell{{StyleID: 1, Value: "总表"}, {}, {StyleID: 2}}},
		{20.25, []excelize.Cell{{Value: 1}, {StyleID: 3, Value: -42}, {Value: 0.1 + 0.2}, {Value: 1234567890.123456789}}},
		{15, []excelize.Cell{{Value: 1e21}, {Value: 123456789012345678.0}, {Value: -0.000001234567890123456}, {Value: math.NaN()}, {Value: math.Inf(-1)}}},
		{0, []excelize.Cell{{Value: " 前后有空格 "}, {Value: "a\nb\r\tc"}, {Value: `<&>"'`}, {Value: "_x0041_ and _x005F_x0041_ _x005F_ _xZZZZ_"}}},
		{0, []excelize.Cell{{Value: "bad \x01 \xff \uFFFE ok"}, {Value: ""}, {Value: "\n"}, {Value: strings.Repeat("长", 40000)}}},
		{409, []excelize.Cell{{StyleID: 7, Value: 2.5}, {Value: "x"}}},
	}
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	var mine []byte
	for i, r := range rows {
		values := make([]any, len(r.cells))
		for j := range r.cells {
			if c := &r.cells[j]; c.StyleID != 0 || c.Value != nil {
				values[j] = c
			}
		}
		if err := sw.SetRow(cell(1, i+1), values, excelize.RowOpts{Height: r.height}); err != nil {
			t.Fatal(err)
		}
		if mine, err = appendRowXML(mine, i+1, r.height, r.cells); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet []byte
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			sheet, _ = io.ReadAll(rc)
			rc.Close()
		}
	}
	from, to := bytes.Index(sheet, []byte("<sheetData>")), bytes.Index(sheet, []byte("</sheetData>"))
	if from < 0 || to < 0 {
		t.Fatalf("no sheetData in %q", sheet)
	}
	theirs := sheet[from+len("<sheetData>") : to]
	if !bytes.Equal(mine, theirs) {
		for i := range min(len(mine), len(theirs)) {
			if mine[i] != theirs[i] {
				t.Fatalf("differ at byte %d:\n mine   %q\n theirs %q", i, mine[max(0, i-80):min(len(mine), i+80)], theirs[max(0, i-80):min(len(theirs), i+80)])
			}
		}
		t.Fatalf("lengths differ: %d, %d", len(mine), len(theirs))
	}
	if _, err := appendRowXML(nil, 1, 410, nil); err == nil {
		t.Error("a row taller than Excel allows was written")
	}
}
