// Package workbook is the only importer of excelize. It owns every Excel file tenglong
// writes or reads: the task breakdown table (任务分解表), the locked per-unit templates
// (填报模板), reading returned workbooks, and later the consolidated and marked-up ones.
//
// Glossary:
//
//	Template   填报模板: one unit's workbook for one period; input cells unlocked and tinted.
//	Metadata   the very hidden sheet of a template: campaign id, fingerprint, unit, period,
//	           format version and the address of every input cell.
//	Input      a cell the unit types into (本期值、备注、清单行、任务状态).
//
// It must not open the store or print to the terminal: callers hand it a campaign and
// data and get bytes or parsed values back. Numbers are written from decimals as text
// (never through float64) and rounding happens only in number formats, at display.
package workbook
