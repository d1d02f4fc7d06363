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
		for line := range strings.SplitSeq(c, "\n") {
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
	for line := range strings.SplitSeq(s, "\n") {
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
	if col < 1 || row < 1 || col > excelize.MaxColumns || row > excelize.TotalRows {
		name, _ := excelize.CoordinatesToCellName(col, row)
		return name
	}
	var buf [16]byte
	return string(appendCellName(buf[:0], col, row)) // one allocation, not excelize's four
}

// colName names a 1-based column: 28 is "AB".
func colName(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

// pageSetup makes a sheet print on A4 (landscape when wide), fitted to the page width,
// with the header rows repeated on every page and frozen on screen.
func pageSetup(f sheetAPI, sheet string, headerRows int, landscape bool) error {
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
func setDimension(f sheetAPI, sheet string, cols, rows int) error {
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

// titleFit is the share of a merged title's estimated width its lines are broken
// to: the title font renders CJK a little wider than two digit widths, and a line
// that LibreOffice finds a hair too long it would wrap again, mid-word.
const titleFit = 0.9

// breakTitle breaks a title into lines that fit width display columns, at phrase
// boundaries — before an opening quote or bracket or a year, after a closing one, a
// 、 or a joining 和/及/与, at a space — so that a merged title wrapped by
// LibreOffice or Excel never splits a word (培/育, 攻坚/行动). Only a phrase longer than
// a whole line is cut inside. The title is returned as it is when it fits.
func breakTitle(s string, width float64) string {
	if float64(textWidth(s)) <= width || width < 4 {
		return s
	}
	var lines []string
	line := ""
	for _, p := range titlePhrases(s) {
		switch {
		case line == "":
			line = p
		case float64(textWidth(strings.TrimRight(line+p, " "))) <= width:
			line += p
		default:
			lines = append(lines, strings.TrimSpace(line))
			line = p
		}
		for float64(textWidth(line)) > width { // a phrase longer than a line
			r := []rune(line)
			cut, used := 0, 0
			for cut < len(r) && float64(used+textWidth(string(r[cut]))) <= width {
				used += textWidth(string(r[cut]))
				cut++
			}
			cut = max(cut, 1)
			lines = append(lines, string(r[:cut]))
			line = string(r[cut:])
		}
	}
	if strings.TrimSpace(line) != "" {
		lines = append(lines, strings.TrimSpace(line))
	}
	return strings.Join(lines, "\n")
}

// longestPhrase is the display width of the widest phrase of a title: a merged title
// narrower than it must cut a word.
func longestPhrase(s string) int {
	w := 0
	for _, p := range titlePhrases(s) {
		w = max(w, textWidth(strings.TrimSpace(p)))
	}
	return w
}

// titlePhrases splits a title where a line may break: before an opening quote or
// bracket or a year, after a closing one, a 、 or a joining 和/及/与, at a space — but
// never inside quotes or brackets, so that a quoted name (“腾笼换鸟、凤凰涅槃”) stays
// whole.
func titlePhrases(s string) []string {
	r := []rune(s)
	depth := make([]int, len(r)+1)
	for i, c := range r {
		depth[i+1] = depth[i]
		switch {
		case strings.ContainsRune("“‘（(《〔", c):
			depth[i+1]++
		case strings.ContainsRune("”’）)》〕", c) && depth[i] > 0:
			depth[i+1]--
		}
	}
	canBreak := func(i int) bool { // a line may start at r[i]
		if depth[i] > 0 {
			return false
		}
		prev, cur := r[i-1], r[i]
		switch {
		case strings.ContainsRune("“‘（(《〔", cur), strings.ContainsRune("”’）)》〕、，；：和及与", prev):
			return !strings.ContainsRune("”’）)》〕、，；：", cur)
		case cur >= '0' && cur <= '9':
			return !(prev >= '0' && prev <= '9') && prev != '.' && prev != '-'
		case prev == ' ' || cur == ' ':
			return true
		}
		return false
	}
	var out []string
	start := 0
	for i := 1; i < len(r); i++ {
		if canBreak(i) {
			out = append(out, string(r[start:i]))
			start = i
		}
	}
	return append(out, string(r[start:]))
}
