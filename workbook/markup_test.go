package workbook

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tenglong/internal/testtool"
)

func TestMarkUp(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	original := templateFor(t, c, "deqing", "2023Q3", nil)
	marks := []Mark{
		{Sheet: indicatorSheet, Cell: "H5", Severity: "error", Code: "not-a-number", Message: "“abc”不是数字，请填写数值（单位：%）"},
		{Sheet: indicatorSheet, Cell: "H5", Severity: "warning", Code: "ytd-decrease", Message: "比上期小"},
		{Sheet: indicatorSheet, Cell: "J7", Severity: "warning", Code: "note", Message: "请核对"},
		{Severity: "warning", Code: "fingerprint-changed", Message: "行动定义在模板生成后改过"},
		{Sheet: "不存在的表", Cell: "A1", Severity: "error", Code: "x", Message: "工作表被改名"},
	}
	data, err := MarkUp(original, "德清县 2023年第三季度 报送问题清单", marks)
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	if got := f.GetSheetList(); got[0] != issuesSheet {
		t.Fatalf("sheets %v: 问题清单 should come first", got)
	}
	rows, _ := f.GetRows(issuesSheet)
	if len(rows) != 3+len(marks) || rows[3][2] != "H5" || rows[3][3] != "错误" || rows[6][4] != "行动定义在模板生成后改过" {
		t.Errorf("问题清单 rows: %q", rows)
	}
	comments, err := f.GetComments(indicatorSheet)
	if err != nil || len(comments) != 2 {
		t.Fatalf("comments %v %v", comments, err)
	}
	for _, cm := range comments {
		if cm.Cell == "H5" && (!strings.Contains(cm.Text, "错误：“abc”不是数字") || !strings.Contains(cm.Text, "提醒：比上期小")) {
			t.Errorf("H5 comment %q", cm.Text)
		}
	}
	for ref, color := range map[string]string{"H5": redFill, "J7": yellowFill} {
		id, _ := f.GetCellStyle(indicatorSheet, ref)
		st, _ := f.GetStyle(id)
		if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], color) {
			t.Errorf("%s fill %v, want %s", ref, st.Fill.Color, color)
		}
		if st.Protection == nil || st.Protection.Locked {
			t.Errorf("%s is locked after marking: the unit could not correct it", ref)
		}
	}
	// The marked copy is still the unit's template: it reads back and can be resubmitted.
	ret, err := ReadTemplate(data)
	if err != nil || ret.Metadata.Unit != "deqing" || ret.Metadata.Period != "2023Q3" {
		t.Fatalf("marked copy no longer reads as the template: %v %+v", err, ret)
	}
	// An independent reader opens it, comments and all.
	path := filepath.Join(t.TempDir(), "marked.xlsx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := testtool.Run(t, testtool.Python(t, "openpyxl"), "-c", `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames[0], wb["指标填报"]["H5"].comment.text.splitlines()[0], wb["指标填报"]["H5"].fill.fgColor.rgb)`, path)
	if !strings.Contains(out, "问题清单 错误：“abc”不是数字") || !strings.Contains(strings.ToUpper(out), redFill) {
		t.Errorf("openpyxl read %q", out)
	}
	testtool.ConvertWithLibreOffice(t, path, "pdf")
}

// A unit sends back the copy it was returned, corrected in part, or with its own
// notes on the cells: marking it again must replace our old comments and 问题清单,
// keep the unit's notes, and clear the cells it corrected.
func TestMarkUpAlreadyCommented(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	original := templateFor(t, c, "deqing", "2023Q3", nil)
	first, err := MarkUp(original, "第一次", []Mark{
		{Sheet: indicatorSheet, Cell: "H5", Severity: "error", Code: "not-a-number", Message: "第一次的问题"},
		{Sheet: indicatorSheet, Cell: "H6", Severity: "error", Code: "not-a-number", Message: "已改正的问题"},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The unit adds a note of its own on H7.
	f := open(t, first)
	if err := f.AddComment(indicatorSheet, excelize.Comment{Author: "张三", Cell: "H7", Text: "数据来自统计局"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	second, err := MarkUp(buf.Bytes(), "第二次", []Mark{
		{Sheet: indicatorSheet, Cell: "H5", Severity: "error", Code: "not-a-number", Message: "第二次的问题"},
		{Sheet: indicatorSheet, Cell: "H7", Severity: "warning", Code: "note", Message: "请核对"},
	})
	if err != nil {
		t.Fatalf("marking a marked copy again: %v", err)
	}
	g := open(t, second)
	sheets := g.GetSheetList()
	if sheets[0] != issuesSheet || strings.Count(strings.Join(sheets, ","), issuesSheet) != 1 {
		t.Errorf("sheets %v: one 问题清单, first", sheets)
	}
	if v, _ := g.GetCellValue(issuesSheet, "A1"); v != "第二次" {
		t.Errorf("问题清单 title %q", v)
	}
	comments, _ := g.GetComments(indicatorSheet)
	got := map[string]string{}
	for _, cm := range comments {
		got[cm.Cell] = commentText(cm)
	}
	if len(got) != 2 || got["H5"] != "错误：第二次的问题" || !strings.Contains(got["H7"], "提醒：请核对") || !strings.Contains(got["H7"], "原批注：数据来自统计局") {
		t.Errorf("comments %q", got)
	}
	// Print titles stay on their own sheets through both markings.
	for _, dn := range g.GetDefinedName() {
		if !strings.HasPrefix(dn.RefersTo, "'"+dn.Scope+"'!") {
			t.Errorf("defined name %s on sheet %s refers to %s", dn.Name, dn.Scope, dn.RefersTo)
		}
	}
	id, _ := g.GetCellStyle(indicatorSheet, "H6")
	st, _ := g.GetStyle(id)
	if len(st.Fill.Color) == 0 || !strings.EqualFold(st.Fill.Color[0], inputFill) {
		t.Errorf("corrected H6 fill %v, want the input tint %s back", st.Fill.Color, inputFill)
	}
	if ret, err := ReadTemplate(second); err != nil || ret.Metadata.Unit != "deqing" {
		t.Fatalf("the copy marked twice no longer reads as the template: %v", err)
	}
	path := filepath.Join(t.TempDir(), "marked-twice.xlsx")
	if err := os.WriteFile(path, second, 0o644); err != nil {
		t.Fatal(err)
	}
	testtool.ConvertWithLibreOffice(t, path, "pdf")
}
