package main

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"time"

	"tenglong/docx"
	"tenglong/report"
)

// splitOutputs sorts the -o files of bulletin and interviews by extension into PDFs
// and Word documents; any other extension is refused.
func splitOutputs(outs []string) (pdfs, docs []string, err error) {
	for _, o := range outs {
		switch strings.ToLower(filepath.Ext(o)) {
		case ".pdf":
			pdfs = append(pdfs, o)
		case ".docx":
			docs = append(docs, o)
		default:
			return nil, nil, usageErrorf("输出文件“%s”要以 .pdf 或 .docx 结尾", o)
		}
	}
	return pdfs, docs, nil
}

// writeDocx writes a document model as .docx to each path; to one path as it is
// made (a province's bulletin is too big to hold twice).
func writeDocx(paths []string, m *report.Document, date time.Time) error {
	switch len(paths) {
	case 0:
		return nil
	case 1:
		return streamOutput(paths[0], func(w io.Writer) error { return docx.Write(w, m, date) })
	}
	var buf bytes.Buffer
	if err := docx.Write(&buf, m, date); err != nil {
		return err
	}
	for _, p := range paths {
		if err := writeOutput(p, buf.Bytes()); err != nil {
			return err
		}
	}
	return nil
}
