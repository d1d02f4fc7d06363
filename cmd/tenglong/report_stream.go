package main

import (
	"bytes"
	"encoding/json"
	"io"

	"tenglong/intake"
)

// reportStream prints each file's report as ingest records it and keeps only the
// counts for the closing line, so that a batch's memory does not grow with its files.
// The output is byte for byte what printReports or writeJSON of {"files": [...]}
// print for the whole batch at once.
type reportStream struct {
	w      io.Writer
	json   bool
	labels map[string]string
	n      int
	counts map[string]int
	buf    bytes.Buffer
	enc    *json.Encoder
	err    error // the first write error; later writes are skipped
}

func newReportStream(w io.Writer, asJSON bool, labels map[string]string) *reportStream {
	s := &reportStream{w: w, json: asJSON, labels: labels, counts: map[string]int{}}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	s.enc.SetIndent("    ", "  ") // an element of "files", two levels in
	return s
}

// add prints one file's report.
func (s *reportStream) add(r intake.Report) error {
	if s.err != nil {
		return s.err
	}
	s.n++
	s.counts[r.Outcome]++
	if !s.json {
		printReport(s.w, r, s.labels)
		return nil
	}
	s.buf.Reset()
	if s.n == 1 {
		s.buf.WriteString("{\n  \"files\": [\n    ")
	} else {
		s.buf.WriteString(",\n    ")
	}
	if err := s.enc.Encode(r); err != nil {
		s.err = err
		return err
	}
	s.buf.Truncate(s.buf.Len() - 1) // Encode's newline: the separator or the closing bracket follows
	_, s.err = s.w.Write(s.buf.Bytes())
	return s.err
}

// close ends the output: the JSON's closing brackets (also after an error, so that
// what was recorded is still valid JSON), or the batch's closing count.
func (s *reportStream) close() error {
	if s.err != nil {
		return s.err
	}
	switch {
	case !s.json:
		printSummary(s.w, s.n, s.counts)
		return nil
	case s.n == 0:
		_, s.err = io.WriteString(s.w, "{\n  \"files\": []\n}\n")
	default:
		_, s.err = io.WriteString(s.w, "\n  ]\n}\n")
	}
	return s.err
}
