// Package returns reads a returned template (回收的填报表): it identifies whose return
// it is, normalises what people type into its cells, and validates every input against
// the campaign, collecting findings with a stable code, a severity, the sheet and cell,
// and a Chinese message a township clerk understands. It reports everything it finds
// and decides nothing: the ingest command stores the result and picks the outcome.
//
// Glossary:
//
//	Return     回收的填报表: a template read back by workbook.ReadTemplate — its metadata
//	           and the raw text of every input cell.
//	Identify   识别: campaign, unit (填报单位) and period (期次) from the metadata; the
//	           metadata's signature (the workspace's HMAC key, Context.Key) and the visible
//	           titles naming the same unit and period are checked by Check.
//	Claim      what the 指标填报 title names (unit, period): whose a file looks like when
//	           its metadata is gone or does not verify; such a file is held (待确认),
//	           rebuilt from what it shows (FromVisible, Rebuild), never accepted alone.
//	Value      本期值 of an indicator, converted into the indicator's measure, with its 备注.
//	Row        one filled row of a list (清单), every cell in canonical text.
//	Task       a task's status (状态) and progress (进展情况).
//	Finding    问题: one problem found, error (the return is rejected) or warning.
//	Code       a finding's stable code (not-number, bad-uscc, …); Codes lists them all.
//	Context    what the store knows: the unit's previous values (上期值) and the USCCs
//	           other units reported this period.
//	Normalise  规范化: 全角数字, 1,234.5, 12%, 12.5万 into the measure, dates typed as
//	           text, USCCs with spaces — always exact decimals, never float64.
//	Roll-up    清单汇总: a list's count or sum compared with the indicator it feeds.
//	USCC       统一社会信用代码, 18 characters with the check digit of GB 32100-2015.
//
// Returns also come in zip archives (压缩包), mostly made on Windows. Unzip takes the
// archive's bytes and gives back its files (Entry) and the members it left out with
// the reason (Skipped): it decodes GBK names as Windows archivers write them, opens
// zips inside the zip, refuses zip-slip paths and encrypted members, and caps entries,
// bytes and depth while decompressing, whatever sizes the archive declares (ZipLimits).
// IsArchive tells such an archive from an .xlsx, itself a zip.
//
// It is pure: no files, no database, no excelize (it uses workbook's types only), no
// output. Adding a finding code is one line in finding.go.
package returns
