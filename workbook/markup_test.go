package workbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
