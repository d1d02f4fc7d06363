package workbook

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"tenglong/internal/textwidth"
)

// textWidth counts display columns: a CJK character is two columns wide, like two '0'
// digits of the default font, which is the unit of Excel column widths.
func textWidth(s string) int { return textwidth.Of(s) }

// columnWidth fits the widest line of the cells of a column, with a little padding,
// between min and max; longer text wraps (excelize does not autofit).
func columnWidth(cells []string, min, max float64) float64 {
	widest := 0
	for _, c := range cells {
		for _, line := range strings.Split(c, "\n") {
			if w := textWidth(line); w > widest {
				widest = w
			}
		}
	}
	w := float64(widest) + 2
	if w < min {
		return min
	}
	if w > max {
		return max
	}
	return w
}

// wrappedLines estimates how many lines a text takes in a column of the given width,
// for row heights: excelize does not autofit rows either.
func wrappedLines(s string, colWidth float64) int {
	usable := int(colWidth) - 1
	if usable < 1 {
		usable = 1
	}
	lines := 0
	for _, line := range strings.Split(s, "\n") {
		w := textWidth(line)
		if w == 0 {
			lines++
			continue
		}
		lines += (w + usable - 1) / usable
	}
	return lines
}

// cell names a cell by 1-based column and row: cell(2, 3) is "B3".
func cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

// colName names a 1-based column: 28 is "AB".
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// pageSetup makes a sheet print on A4 (landscape when wide), fitted to the page width,
// with the header rows repeated on every page and frozen on screen.
func pageSetup(f *excelize.File, sheet string, headerRows int, landscape bool) error {
	size, orientation := 9, "portrait" // 9 = A4 in OOXML paper sizes
	if landscape {
		orientation = "landscape"
	}
	fitWidth, fitHeight := 1, 0 // one page wide, as many pages tall as needed
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &fitWidth, FitToHeight: &fitHeight,
	}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	margin := 0.5
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin, Top: &margin, Bottom: &margin}); err != nil {
		return err
	}
	if headerRows <= 0 {
		return nil
	}
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: "'" + sheet + "'!$1:$" + itoa(headerRows),
		Scope:    sheet,
	}); err != nil {
		return err
	}
	return f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, YSplit: headerRows, TopLeftCell: cell(1, headerRows+1), ActivePane: "bottomLeft",
	})
}

// setDimension records the used range, which excelize leaves at A1 and readers that
// trust it (openpyxl read-only, pandas) would otherwise believe.
func setDimension(f *excelize.File, sheet string, cols, rows int) error {
	if cols < 1 {
		cols = 1
	}
	if rows < 1 {
		rows = 1
	}
	return f.SetSheetDimension(sheet, "A1:"+cell(cols, rows))
}

// lineHeight is the height in points of one wrapped line of 11 pt CJK text; LibreOffice's
// fallback CJK fonts need about 16, Excel's 宋体 about 14.25.
const lineHeight = 16

// fitRowHeight fits the row to the cell that wraps to the most lines.
func fitRowHeight(texts map[int]string, widths map[int]float64) float64 {
	lines := 1
	for col, s := range texts {
		if w, ok := widths[col]; ok {
			lines = max(lines, wrappedLines(s, w))
		}
	}
	return lineHeight*float64(lines) + 6
}
