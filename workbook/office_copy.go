package workbook

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// A marked-up copy (MarkUp, written by ingest --return-dir and send --returns) carries
// a marker: a custom document property, and tenglong's name as the application that
// saved it. Every spreadsheet program (Excel, WPS, LibreOffice, openpyxl) writes its
// own name into docProps/app.xml when it saves, so a copy that still names tenglong is
// the office's own copy, untouched — `ingest 退回/` by mistake, or a unit sending it
// back unchanged — while one a unit corrected and saved is a return like any other.
const (
	officeCopyProperty    = "tenglong-退回副本"
	officeCopyApplication = "tenglong 退回副本"
)

func markOfficeCopy(f *excelize.File) error {
	if err := f.SetCustomProps(excelize.CustomProperty{Name: officeCopyProperty, Value: "ingest --return-dir"}); err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: officeCopyApplication})
}

// IsOfficeCopy reports whether data is a marked-up copy as tenglong wrote it, not
// saved by any program since. It reads only the two small property parts.
func IsOfficeCopy(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	part := func(name string) string {
		for _, f := range zr.File {
			if f.Name != name || f.UncompressedSize64 > 1<<16 {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return ""
			}
			defer rc.Close()
			b, _ := io.ReadAll(io.LimitReader(rc, 1<<16))
			return string(b)
		}
		return ""
	}
	return strings.Contains(part("docProps/custom.xml"), `name="`+officeCopyProperty+`"`) &&
		strings.Contains(part("docProps/app.xml"), "<Application>"+officeCopyApplication+"</Application>")
}
