// Package report is the only importer of gofpdf. It will own the PDF outputs: the
// quarterly bulletin (季度通报), the interview list and notice letters, their charts
// and the embedded CJK font.
package report
