package intake

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/testtool"
	"tenglong/store"
	"tenglong/workbook"
)

// The marked-up copy of a stored rejection is the unit's workbook with 问题清单 in
// front, headed with the unit and the period in words, as openpyxl reads it.
func TestMarkUpStored(t *testing.T) {
	c, probs := campaign.Load(seedYAML(t, "huzhou-2023"))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	p, _ := c.ReportingPeriod("2023Q3")
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: c.Units[2], Period: p, Deadline: p.Deadline(c.Deadline)})
	if err != nil {
		t.Fatal(err)
	}
	marked, err := MarkUpStored(data, "德清县", "2023Q3", []store.Finding{
		{Code: "not-a-number", Severity: "error", Sheet: "指标填报", Cell: "H5", Message: "“abc”不是数字"},
		{Code: "fingerprint-changed", Severity: "warning", Message: "行动定义在模板生成后改过"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !workbook.IsOfficeCopy(marked) {
		t.Error("the marked-up copy is not recognised as the office's own")
	}
	path := filepath.Join(t.TempDir(), "copy.xlsx")
	if err := os.WriteFile(path, marked, 0o644); err != nil {
		t.Fatal(err)
	}
	py := testtool.Python(t, "openpyxl")
	out, err := exec.Command(py, "-c", `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(ws.title)
print("\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None))`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{"问题清单\n", "德清县 2023年第三季度 报送问题清单", "H5", "“abc”不是数字", "行动定义在模板生成后改过"} {
		if !strings.Contains(got, want) {
			t.Errorf("openpyxl reads %q, without %q", got, want)
		}
	}
}

func TestMarkedUpName(t *testing.T) {
	long := strings.Repeat("长", 100) // 300 bytes
	for _, tc := range []struct {
		source string
		n      int
		want   string
	}{
		{"回收/德清县.xlsx", 1, "德清县-退回修改.xlsx"},
		{"mail.eml/德清县.xlsx", 2, "德清县-退回修改-2.xlsx"},
		{"a.zip/..隐藏:文件?.xlsx", 1, "隐藏_文件_-退回修改.xlsx"},
		{"...xlsx", 1, "报送文件-退回修改.xlsx"},
		{long + ".xlsx", 1, strings.Repeat("长", 79) + "-退回修改.xlsx"}, // 237 + 18 bytes,
	} {
		got := MarkedUpName(tc.source, tc.n)
		if got != tc.want || len(got) > maxNameBytes {
			t.Errorf("MarkedUpName(%q, %d) = %q (%d bytes), want %q", tc.source, tc.n, got, len(got), tc.want)
		}
	}
}
