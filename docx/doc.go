// Package docx is the only writer of Word documents (.docx) in tenglong, as
// workbook/ is the only writer of .xlsx: it writes the bulletin and the notice
// letters from report's document model (report.Document), so that the editable
// twin says exactly what the PDF says, block by block.
//
// No well-kept Go library for .docx is available without a licence, so the parts
// are written by hand with archive/zip and encoding/xml escaping, after the recipe
// of /work/shared/reference/docx-gongwen.md (ECMA-376, GB/T 9704-2012): A4, margins
// from the PDF's 版心 (top 37 mm, left 28 mm, 156 × 225 mm), a grid of 22 lines
// (w:docGrid type lines, pitch 579 twips) whose 3号 body with −0.25 pt character
// spacing sets 28 characters a line in Word and LibreOffice alike; styles named for
// their role (公文标题, 正文, 一级标题, 二级标题, 版记, …) with the fonts offices have by
// name (方正小标宋简体, 仿宋_GB2312 falling back to 仿宋, 黑体, 楷体_GB2312), so Word
// picks the office's own 仿宋; a red masthead and rule; odd and even footers with
// — N — on the outer side; real tables whose header rows repeat; the chart's bars as
// PNG images of print resolution beside their names and points as text; 落款 and
// 版记. Every part is written with its children in schema order, which Word checks.
package docx
