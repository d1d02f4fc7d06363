package workbook

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// issuesSheet lists every finding of a rejected return, first in the marked-up copy.
const issuesSheet = "问题清单"

// cellMarks are the findings on one cell: one comment and one fill.
type cellMarks struct {
	sheet, ref string
	lines      []string
	severity   string
}

// Mark is one finding to show on a returned workbook.
type Mark struct {
	Sheet, Cell string // empty for findings about the file as a whole
	Severity    string // "error" or "warning"
	Code        string
	Message     string
}

// MarkUp returns a copy of a returned workbook with every cell that has a finding
// filled (red for errors, yellow for warnings) and commented, and a 问题清单 sheet in
// front listing them all. The template's metadata and input cells stay as they were,
// so the unit corrects this very file and sends it back.
func MarkUp(data []byte, title string, marks []Mark) ([]byte, error) {
	// A returned file is untrusted: opened within the reading limits (read.go), so a
	// styles bomb or cells spread to XFD cannot exhaust memory while it is marked up.
	f, err := openForEditing(data)
	if err != nil {
		return nil, fmt.Errorf("打不开工作簿：%w", err)
	}
	defer f.Close()
	st := newStyles(f)
	// A unit often sends back the very copy it was returned, still with mistakes: its
	// old 问题清单 and comments are replaced, not added to (excelize refuses a second
	// comment on a cell, which used to stop the whole ingest batch).
	if idx, err := f.GetSheetIndex(issuesSheet); err == nil && idx >= 0 {
		if err := f.DeleteSheet(issuesSheet); err != nil {
			return nil, err
		}
	}
	// One comment and one fill per cell, however many findings it has; an error wins
	// over a warning for the colour.
	var order []string
	byCell := map[string]*cellMarks{}
	for _, m := range marks {
		if m.Sheet == "" || m.Cell == "" {
			continue
		}
		if idx, err := f.GetSheetIndex(m.Sheet); err != nil || idx < 0 {
			continue // the sheet was renamed or removed: the list still names it
		}
		key := m.Sheet + "!" + m.Cell
		cm, ok := byCell[key]
		if !ok {
			cm = &cellMarks{sheet: m.Sheet, ref: m.Cell, severity: m.Severity}
			byCell[key] = cm
			order = append(order, key)
		}
		if m.Severity != "warning" {
			cm.severity = "error"
		}
		cm.lines = append(cm.lines, severityLabel(m.Severity)+"："+m.Message)
	}
	existing, err := existingComments(f, byCell)
	if err != nil {
		return nil, err
	}
	for _, key := range order {
		cm := byCell[key]
		text := strings.Join(cm.lines, "\n")
		if old, ok := existing[key]; ok {
			if old.Author != commentAuthor { // the unit's own note stays, under ours
				text += "\n原批注：" + commentText(old)
			}
			if err := f.DeleteComment(cm.sheet, cm.ref); err != nil {
				return nil, err
			}
		}
		if err := f.AddComment(cm.sheet, excelize.Comment{Author: commentAuthor, Cell: cm.ref, Text: text,
			Width: 300, Height: uint(40 + 20*len(cm.lines))}); err != nil {
			return nil, err
		}
		if err := highlight(f, cm.sheet, cm.ref, cm.severity); err != nil {
			return nil, err
		}
	}
	if err := issueList(f, st, title, marks); err != nil {
		return nil, err
	}
	if err := markOfficeCopy(f); err != nil {
		return nil, err
	}
	if st.err != nil {
		return nil, st.err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// commentAuthor signs the comments MarkUp writes, so that a later MarkUp of the same
// copy knows them from the unit's own.
const commentAuthor = "tenglong"

// existingComments are the comments already in the workbook, by "sheet!cell". Ours
// from an earlier MarkUp on cells no longer in question are removed, and their fill
// put back: the unit corrected them.
func existingComments(f *excelize.File, marked map[string]*cellMarks) (map[string]excelize.Comment, error) {
	out := map[string]excelize.Comment{}
	for _, sheet := range f.GetSheetList() {
		comments, err := f.GetComments(sheet)
		if err != nil {
			return nil, err
		}
		for _, c := range comments {
			key := sheet + "!" + c.Cell
			if _, ok := marked[key]; ok {
				out[key] = c
				continue
			}
			if c.Author != commentAuthor {
				continue
			}
			if err := f.DeleteComment(sheet, c.Cell); err != nil {
				return nil, err
			}
			if err := unhighlight(f, sheet, c.Cell); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// commentText is a comment's text, whether stored plain or as rich-text runs.
func commentText(c excelize.Comment) string {
	if c.Text != "" {
		return c.Text
	}
	var b strings.Builder
	for _, p := range c.Paragraph {
		b.WriteString(p.Text)
	}
	return b.String()
}

func severityLabel(s string) string {
	if s == "warning" {
		return "提醒"
	}
	return "错误"
}

// highlight keeps a cell's style (its lock, format, borders) and changes only its fill.
func highlight(f *excelize.File, sheet, ref, severity string) error {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return err
	}
	style, err := f.GetStyle(id)
	if err != nil {
		return err
	}
	color := redFill
	if severity == "warning" {
		color = yellowFill
	}
	style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	rgbColors(style)
	nid, err := f.NewStyle(style)
	if err != nil {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, nid)
}

// unhighlight undoes highlight on a cell the unit has corrected: an input cell gets its
// template tint back, any other cell no fill.
func unhighlight(f *excelize.File, sheet, ref string) error {
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return err
	}
	style, err := f.GetStyle(id)
	if err != nil {
		return err
	}
	style.Fill = excelize.Fill{}
	if style.Protection != nil && !style.Protection.Locked {
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{inputFill}}
	}
	rgbColors(style)
	nid, err := f.NewStyle(style)
	if err != nil {
		return err
	}
	return f.SetCellStyle(sheet, ref, ref, nid)
}

// issueList writes the 问题清单 sheet and puts it first and active.
func issueList(f *excelize.File, st *styles, title string, marks []Mark) error {
	if _, err := f.NewSheet(issuesSheet); err != nil {
		return err
	}
	headers := []string{"序号", "工作表", "单元格", "类别", "问题及改法"}
	cols := len(headers)
	if err := f.MergeCell(issuesSheet, "A1", cell(cols, 1)); err != nil {
		return err
	}
	if err := f.SetCellStr(issuesSheet, "A1", title); err != nil {
		return err
	}
	if err := f.SetCellStyle(issuesSheet, "A1", cell(cols, 1), st.title()); err != nil {
		return err
	}
	if err := f.SetRowHeight(issuesSheet, 1, 30); err != nil {
		return err
	}
	note := "请按下表逐条改正：红色格子是错误，必须改正后才能通过；黄色格子是提醒，请核对。改好后保存本文件（.xlsx）重新报送。"
	if err := f.MergeCell(issuesSheet, "A2", cell(cols, 2)); err != nil {
		return err
	}
	if err := f.SetCellStr(issuesSheet, "A2", note); err != nil {
		return err
	}
	if err := f.SetCellStyle(issuesSheet, "A2", cell(cols, 2), st.note()); err != nil {
		return err
	}
	for i, h := range headers {
		if err := f.SetCellStr(issuesSheet, cell(i+1, 3), h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(issuesSheet, "A3", cell(cols, 3), st.header()); err != nil {
		return err
	}
	widths := []float64{6, 12, 10, 8, 80}
	for i, w := range widths {
		if err := f.SetColWidth(issuesSheet, colName(i+1), colName(i+1), w); err != nil {
			return err
		}
	}
	for i, m := range marks {
		row := 4 + i
		for j, v := range []string{itoa(i + 1), m.Sheet, m.Cell, severityLabel(m.Severity), m.Message} {
			if err := f.SetCellStr(issuesSheet, cell(j+1, row), v); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(issuesSheet, cell(1, row), cell(4, row), st.text("center")); err != nil {
			return err
		}
		if err := f.SetCellStyle(issuesSheet, cell(5, row), cell(5, row), st.text("left")); err != nil {
			return err
		}
		if err := f.SetRowHeight(issuesSheet, row, lineHeight*float64(wrappedLines(m.Message, widths[4]))+6); err != nil {
			return err
		}
	}
	if err := moveSheetFirst(f, issuesSheet); err != nil {
		return err
	}
	idx, err := f.GetSheetIndex(issuesSheet)
	if err != nil {
		return err
	}
	f.SetActiveSheet(idx)
	if err := pageSetup(f, issuesSheet, 3, true); err != nil {
		return err
	}
	return setDimension(f, issuesSheet, cols, 3+max(len(marks), 1))
}

// moveSheetFirst moves a sheet to the front. excelize's MoveSheet leaves sheet-scoped
// names (print titles) at their old sheet positions, so each would then belong to the
// sheet before it — wrong print titles, and a clash when the copy is marked again; the
// names are taken off and put back on their own sheets around the move.
func moveSheetFirst(f *excelize.File, sheet string) error {
	var scoped []excelize.DefinedName
	for _, dn := range f.GetDefinedName() {
		if dn.Scope != "" && dn.Scope != "Workbook" {
			scoped = append(scoped, dn)
			if err := f.DeleteDefinedName(&excelize.DefinedName{Name: dn.Name, Scope: dn.Scope}); err != nil {
				return err
			}
		}
	}
	if err := f.MoveSheet(sheet, f.GetSheetList()[0]); err != nil {
		return err
	}
	for _, dn := range scoped {
		if err := f.SetDefinedName(&excelize.DefinedName{Name: dn.Name, Comment: dn.Comment, RefersTo: dn.RefersTo, Scope: dn.Scope}); err != nil {
			return err
		}
	}
	return nil
}

// rgbColors turns the ARGB colours GetStyle reports (00000000, as openpyxl writes
// fonts) back into the RGB NewStyle expects: given ARGB, NewStyle would write ten
// digits, which openpyxl refuses and Excel repairs.
func rgbColors(st *excelize.Style) {
	trim := func(c string) string {
		if len(c) == 8 {
			return c[2:]
		}
		return c
	}
	if st.Font != nil {
		st.Font.Color = trim(st.Font.Color)
	}
	for i := range st.Border {
		st.Border[i].Color = trim(st.Border[i].Color)
	}
	for i := range st.Fill.Color {
		st.Fill.Color[i] = trim(st.Fill.Color[i])
	}
}
