package workbook

import "github.com/xuri/excelize/v2"

// sheetAPI is the part of excelize's API a template is written through. Both
// *excelize.File and stampFile (stamp.go) have it: generate writes templates with
// stampFile, which serialises the same parts excelize would, an order of magnitude
// faster; the tests write every template both ways and compare the parts byte for
// byte (stamp_test.go). Markup, the 汇总表 and the other workbooks keep excelize.
type sheetAPI interface {
	SetSheetName(source, target string) error
	NewSheet(sheet string) (int, error)
	GetSheetList() []string
	GetSheetIndex(sheet string) (int, error)
	SetActiveSheet(index int)
	SetSheetVisible(sheet string, visible bool, veryHidden ...bool) error
	NewStyle(style *excelize.Style) (int, error)

	SetCellStr(sheet, cell, value string) error
	SetCellDefault(sheet, cell, value string) error
	SetCellFormula(sheet, cell, formula string, opts ...excelize.FormulaOpts) error
	SetCellStyle(sheet, topLeftCell, bottomRightCell string, styleID int) error
	GetCellValue(sheet, cell string, opts ...excelize.Options) (string, error)
	MergeCell(sheet, topLeftCell, bottomRightCell string) error
	SetColWidth(sheet, startCol, endCol string, width float64) error
	GetColWidth(sheet, col string) (float64, error)
	SetRowHeight(sheet string, row int, height float64) error
	AddDataValidation(sheet string, dv *excelize.DataValidation) error

	SetPageLayout(sheet string, opts *excelize.PageLayoutOptions) error
	SetSheetProps(sheet string, opts *excelize.SheetPropsOptions) error
	SetPageMargins(sheet string, opts *excelize.PageLayoutMarginsOptions) error
	SetDefinedName(definedName *excelize.DefinedName) error
	SetPanes(sheet string, panes *excelize.Panes) error
	SetSheetDimension(sheet, rangeRef string) error
	ProtectSheet(sheet string, opts *excelize.SheetProtectionOptions) error
	ProtectWorkbook(opts *excelize.WorkbookProtectionOptions) error
}

var _ sheetAPI = (*excelize.File)(nil)
