// Package report is the only importer of gofpdf. It owns the PDF outputs: the
// quarterly bulletin (季度通报, WriteBulletin), the interview list with one notice
// letter per unit (约谈通知书, WriteInterviews), their tables and bar chart, and the
// fonts they are set in.
//
// The look is a 工作通报 in GB/T 9704-2012 form: A4, a 156 × 225 mm text block 37 mm
// from the top and 28 mm from the left (pdf.go); body text in 3号 on a grid of 28
// characters by 22 lines (the character spacing is tightened by the 0.07 mm that
// 16 pt exceeds a 28th of the line); page numbers 「— N —」 in 四号 7 mm under the
// block, one character in from the right on odd pages and from the left on even ones,
// turned with the page on landscape pages; a red masthead (campaign.yaml's bulletin
// block), 第N期, the issuer and the date on one line over a red rule; 附件说明, the
// 落款 (issuer centred over the date, 右空四字) and the 版记 (报/送/发). Each role has
// its font (fontset.go): title 小标宋-style, body 仿宋, 一、 headings 黑体, （一） headings
// 楷体, the office's own when FindFonts (fontfind.go) finds them — the caller's file,
// the workspace's fonts/ folder, the system's font folders — else the built-in fallbacks.
// Tables repeat their header rows on every page they run onto; the units × indicators
// table goes on landscape pages, or, when most of its cells would be “/” (departments
// with their own indicators), becomes a list or a per-unit count. Every light carries a
// symbol (●▲■○) besides its colour, so a black-and-white copy reads the same. The
// chart is drawn with vector rectangles and text, with a legend.
//
// Text: gofpdf measures but does not break Chinese lines, so wrap.go does it (any
// two CJK characters may part, numbers stay whole, no line starts with ，。、）》 or
// ends with （《“). Every string goes through Font.Clean first: gofpdf panics on
// characters outside the Basic Multilingual Plane and prints nothing for characters
// the font lacks, so both become 〓. Fonts are checked up front (font.go): TrueType
// only, embeddable, with Chinese characters; the built-in ones are renamed subsets of Noto
// CJK SC and LXGW WenKai (fonts/README.md); an office's own .ttf replaces them.
//
// Every sentence is true to the tables (states.go): a unit's return is 未报送, 被退回
// (no accepted data, no points: —) or 迟报 wherever it is named, and every count of
// indicators comes from one Coverage of the cells 二 prints. Lines are justified to
// both edges of the 版心 (两端对齐), a number keeps its measure (201万元/亩), a title
// never breaks inside a quotation, a table's last rows keep its note, and nothing is
// cut with …: a long name wraps. Notice letters each start on an odd page.
//
// The drawing calls record what they set as a neutral document model (model.go:
// masthead, title, 主送, headings, paragraphs, tables, chart, 落款, 版记, sections);
// BulletinDocument and InterviewsDocument return it, and package docx writes the
// editable .docx twin from it, so both documents say the same words.
//
// Output is deterministic: the creation date is the date printed, which the caller
// takes from its injected clock. The package reads consolidated results (score) and
// never the store or workbooks; wording comes in as text rendered by the caller from
// templates/.
package report
