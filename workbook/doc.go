// Package workbook is the only importer of excelize. It will own every Excel file
// tenglong writes or reads: the task breakdown table, the locked per-unit templates,
// reading returned workbooks, and the consolidated and marked-up workbooks.
//
// It must not open the store or print: callers hand it a campaign and data, and get
// files or parsed values back.
package workbook
