package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/internal/testtool"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// A township copied its filled 指标填报 into a new workbook, losing the metadata: the
// title names 德清县 2023年第三季度, but with no signed metadata that is only a claim,
// so the file is held (待确认), counted for nothing, until the office confirms it;
// then its values are judged and stored as 德清县's.
func TestIngestFallsBackToVisibleTitle(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	if code, _, errs := run(t, "-w", ws, "generate", "--period", "2023Q3", "--units", "deqing"); code != 0 {
		t.Fatal(errs)
	}
	template, _ := os.ReadFile(filepath.Join(ws, templatesDir, "2023Q3", "03-德清县-2023Q3.xlsx"))
	ret, _ := workbook.ReadTemplate(template)
	cells := map[string]string{}
	for _, v := range ret.Values {
		if v.Kind == workbook.InputValue {
			cells[v.Sheet+"!"+v.Cell] = "7"
		}
	}
	filled, err := workbook.FillInputs(template, cells)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "filled.xlsx")
	os.WriteFile(src, filled, 0o644)
	in := filepath.Join(ws, "in")
	os.MkdirAll(in, 0o755)
	copied := filepath.Join(in, "德清县三季度.xlsx")
	testtool.Run(t, testtool.Python(t, "openpyxl"), "-c", `import sys, openpyxl
src = openpyxl.load_workbook(sys.argv[1])["指标填报"]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "指标填报"
for row in src.iter_rows():
    for c in row:
        ws.cell(c.row, c.column).value = c.value
wb.save(sys.argv[2])`, src, copied)

	code, out, errs := run(t, "-w", ws, "ingest", in, "--json")
	if code != 3 {
		t.Fatalf("exit %d, want 3 (a file held): %s %s", code, out, errs)
	}
	var got struct {
		Files []struct {
			SHA256, Unit, Period, Outcome string
			Issues                        []returns.Finding
		}
	}
	json.Unmarshal([]byte(out), &got)
	if len(got.Files) != 1 || got.Files[0].Outcome != "pending" || got.Files[0].Unit != "deqing" || got.Files[0].Period != "2023Q3" {
		t.Fatalf("got %+v", got.Files)
	}
	if f := got.Files[0].Issues[0]; f.Code != returns.CodeMetadataMissing || f.Severity != "error" || !strings.Contains(f.Message, "待确认") {
		t.Errorf("first finding %+v, want the metadata-missing error saying the file is held", f)
	}
	db, err := store.Open(workspaceStore(ws))
	if err != nil {
		t.Fatal(err)
	}
	values, _ := db.AcceptedValues("huzhou-2023", "2023Q3", "deqing")
	db.Close()
	if len(values) != 0 {
		t.Errorf("a held file counted: %v", values)
	}

	code, out, errs = run(t, "-w", ws, "confirm", "--file", got.Files[0].SHA256[:10], "--unit", "德清县", "--reason", "电话核实", "--by", "李四")
	if code != 0 || !strings.Contains(out, "已确认") || !strings.Contains(out, "已采用") {
		t.Fatalf("confirm: exit %d\n%s%s", code, out, errs)
	}
	db, err = store.Open(workspaceStore(ws))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	values, _ = db.AcceptedValues("huzhou-2023", "2023Q3", "deqing")
	if len(values) != len(cells) || values["inefficient-firms"] != "7" {
		t.Errorf("stored %v, want the %d values typed", values, len(cells))
	}
}
