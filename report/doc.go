// Package report is the only importer of gofpdf. It owns the PDF outputs: the
// quarterly bulletin (季度通报, WriteBulletin), the interview list with one notice
// letter per unit (约谈通知书, WriteInterviews), their tables and bar chart, and the
// fonts they are set in.
//
// The look follows GB/T 9704 (党政机关公文格式) where a bulletin can: A4, a red
// masthead with the issuer, 第N期 and the date over a red rule, a 二号 title, 三号
// headings, body text indented two characters, page numbers 「— N —」. Tables repeat
// their header rows on every page they run onto; the units × indicators table goes on
// landscape pages, as many indicators side by side as fit and the rest in further
// tables with the unit column repeated; status lights are the 汇总表's fill colours.
// The chart is drawn with vector rectangles and text, not an image.
//
// Text: gofpdf measures but does not break Chinese lines, so wrap.go does it (any
// two CJK characters may part, numbers stay whole, no line starts with ，。、）》 or
// ends with （《“). Every string goes through Font.Clean first: gofpdf panics on
// characters outside the Basic Multilingual Plane and prints nothing for characters
// the font lacks, so both become 〓. Fonts are checked up front (font.go): TrueType
// only, embeddable, with Chinese characters; the default is the embedded subset of
// LXGW WenKai renamed Tenglong Kai (fonts/README.md), an office's own .ttf replaces it.
//
// Output is deterministic: the creation date is the date printed, which the caller
// takes from its injected clock. The package reads consolidated results (score) and
// never the store or workbooks; wording comes in as text rendered by the caller from
// templates/.
package report
