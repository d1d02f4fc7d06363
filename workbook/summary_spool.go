package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"sort"

	"github.com/xuri/excelize/v2"
)

// rowSpool holds the rows of a consolidated workbook's sheets, as worksheet XML, in
// one temporary file while the sheets are laid out: a sheet's rows go there as they
// are made (sheetTable.addRow), so neither the laid-out cells nor excelize's stream
// buffers (each sheet's XML, kept in memory until the workbook is written) grow
// with the units and list rows. excelize writes everything else of the workbook —
// each sheet with an empty sheetData — and writeSpliced puts the rows in.
type rowSpool struct {
	file   *os.File
	w      *bufio.Writer
	size   int64
	bodies map[string][]spoolRange // each written sheet's rows, by sheet name
	buf    []byte
}

// spoolRange is a run of a sheet's row XML in the spool file.
type spoolRange struct{ from, to int64 }

func newRowSpool() (*rowSpool, error) {
	f, err := os.CreateTemp("", "tenglong-summary-*.xml")
	if err != nil {
		return nil, fmt.Errorf("建临时文件：%w", err)
	}
	if runtime.GOOS != "windows" {
		// Unlinked at once: the open file still holds the rows, and a run killed
		// half-way leaves no gigabyte behind in the temporary folder. (Windows cannot
		// remove an open file; close removes it there.)
		os.Remove(f.Name())
	}
	return &rowSpool{file: f, w: bufio.NewWriterSize(f, 1<<16), bodies: map[string][]spoolRange{}}, nil
}

// close removes the spool file.
func (s *rowSpool) close() {
	s.file.Close()
	os.Remove(s.file.Name())
}

// row encodes one row and appends it to the spool; it returns where it went.
func (s *rowSpool) row(r int, height float64, cells []excelize.Cell) (spoolRange, error) {
	var err error
	s.buf, err = appendRowXML(s.buf[:0], r, height, cells)
	if err != nil {
		return spoolRange{}, err
	}
	from := s.size
	n, err := s.w.Write(s.buf)
	s.size += int64(n)
	return spoolRange{from, s.size}, err
}

// writeSpliced writes the workbook excelize made (data) to w with its entries in a
// fixed order, without recompressing them — excelize writes streamed sheets in map
// order, so two writes of the same workbook would otherwise differ in their bytes —
// and each spooled sheet's rows put into its empty sheetData, compressed as
// excelize would have.
func (s *rowSpool) writeSpliced(w io.Writer, data []byte) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	paths, err := sheetPaths(r)
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), r.File...)
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if (a == "[Content_Types].xml") != (b == "[Content_Types].xml") {
			return a == "[Content_Types].xml"
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, summaryCompressor)
	for _, f := range files {
		body, spooled := s.bodies[paths[f.Name]]
		if !spooled || paths[f.Name] == "" {
			if err := zw.Copy(f); err != nil {
				return err
			}
			continue
		}
		if err := s.splice(zw, f, body); err != nil {
			return fmt.Errorf("%s：%w", f.Name, err)
		}
	}
	return zw.Close()
}

// splice writes a sheet whose sheetData excelize left empty with the spooled rows in.
func (s *rowSpool) splice(zw *zip.Writer, f *zip.File, body []spoolRange) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	sheet, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	const empty = "<sheetData></sheetData>"
	at := bytes.Index(sheet, []byte(empty))
	if at < 0 || bytes.Count(sheet, []byte("<sheetData")) != 1 {
		return errors.New("工作表里没有空的 sheetData")
	}
	out, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	if _, err := out.Write(sheet[:at+len("<sheetData>")]); err != nil {
		return err
	}
	for _, rg := range body {
		if _, err := io.Copy(out, io.NewSectionReader(s.file, rg.from, rg.to-rg.from)); err != nil {
			return err
		}
	}
	_, err = out.Write(sheet[at+len("<sheetData>"):])
	return err
}

// sheetPaths maps each worksheet's part in the package to its sheet name, from
// xl/workbook.xml and its relationships.
func sheetPaths(r *zip.Reader) (map[string]string, error) {
	var wb workbookSheets // the reader's types (read.go)
	var rels relationships
	if err := readZipXML(r, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := readZipXML(r, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, rel := range rels.Rels {
		t := rel.Target
		if path.IsAbs(t) {
			t = t[1:]
		} else {
			t = path.Join("xl", t)
		}
		target[rel.ID] = t
	}
	out := map[string]string{}
	for _, sh := range wb.Sheets {
		if t := target[sh.RID]; t != "" {
			out[t] = sh.Name
		}
	}
	return out, nil
}

func readZipXML(r *zip.Reader, name string, v any) error {
	f, err := r.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return xml.NewDecoder(f).Decode(v)
}
