// Package workbook is the only importer of excelize. It owns every Excel file tenglong
// writes or reads: the task breakdown table (任务分解表), the locked per-unit templates
// (填报模板), reading returned workbooks, and later the consolidated and marked-up ones.
//
// Glossary:
//
//	Template   填报模板: one unit's workbook for one period; input cells unlocked and tinted.
//	Metadata   the very hidden sheet of a template: campaign id, fingerprint, unit, period,
//	           format version and the address of every input cell, signed (HMAC-SHA256)
//	           with the workspace's key given in TemplateInput.SigningKey.
//	Titles     the visible cells naming the unit and period (指标填报 A1, 填报说明 B3:B4),
//	           read back so that ingest can compare them with the metadata.
//	Input      a cell the unit types into (本期值、备注、清单行、任务状态).
//	Parent     多级上报: a city's template as a county reads it (ReadParentTemplate) and
//	           fills it with its totals and a read-only 明细 sheet (FillParentTemplate),
//	           the metadata the city's signature covers left untouched.
//
// Templates are written by stampFile (stamp*.go), a purpose-built writer that takes
// the same calls as excelize (sheetAPI) and writes the same parts byte for byte
// (TestStampMatchesExcelize) several times faster; the parts every template shares
// (styles, theme, properties) are made once by excelize and copied in, compressed.
// The rest is deflated with klauspost/compress (a part the same as the previous
// template's is not compressed again: stamp_zip.go), and each template is built in
// memory the template before it used (stamp_scratch.go).
//
// The consolidated workbooks (WriteSummary: 汇总表; WriteInterviews: 约谈名单) are laid
// out a sheet at a time in memory and written through excelize's StreamWriter
// (summary_table.go), so that 1,300 units × 100 indicators and lists of 100,000 rows
// write in seconds: numbers stay numbers with the indicator's decimals in their
// format, completion is a ratio (0.0%) or a difference (个百分点) filled with its light,
// every table prints on A4 landscape fitted to one page wide with the unit column and
// header rows repeated, titles break between phrases, and the zip entries are put in a fixed order so the same
// inputs give the same bytes. The stream writer takes numbers as float64: a decimal of
// up to 15 significant digits (Excel's own precision) comes back exactly as written.
//
// It must not open the store or print to the terminal: callers hand it a campaign and
// data and get bytes or parsed values back. Templates and the breakdown table write
// numbers from decimals as text (never through float64); everywhere, rounding happens
// only in number formats, at display.
package workbook
