package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/returns"
	"tenglong/workbook"
)

// A firm listed by two units in the same period: the second return is refused and
// names the unit that listed it first.
func TestIngestDuplicateUSCCAcrossUnits(t *testing.T) {
	ws := t.TempDir()
	os.WriteFile(filepath.Join(ws, "campaign.yaml"), []byte(`id: uscc-test
title: 企业清单测试
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: 甲街道}
  - {code: b, name: 乙街道}
indicators:
  - {id: firms, name: 整治企业数, measure: 家, kind: flow}
lists:
  - id: register
    name: 高耗低效整治企业清单
    rows: 5
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, required: true, unique: true}
    feeds:
      - {indicator: firms, count: {}}
`), 0o644)
	if code, _, errs := run(t, "-w", ws, "generate", "--period", "2023Q3"); code != 0 {
		t.Fatalf("generate: %s", errs)
	}
	body := "91330100MA2B3C4D5"
	check, ok := returns.USCCCheckChar(body)
	if !ok {
		t.Fatal("no check char")
	}
	code := body + string(check)
	dir := filepath.Join(ws, templatesDir, "2023Q3")
	in := filepath.Join(ws, "in")
	os.MkdirAll(in, 0o755)
	for _, f := range []string{"01-甲街道-2023Q3.xlsx", "02-乙街道-2023Q3.xlsx"} {
		data, _ := os.ReadFile(filepath.Join(dir, f))
		ret, err := workbook.ReadTemplate(data)
		if err != nil {
			t.Fatal(err)
		}
		cells := map[string]string{}
		for _, v := range ret.Values {
			switch {
			case v.Kind == workbook.InputValue:
				cells[v.Sheet+"!"+v.Cell] = "1"
			case v.Kind == workbook.InputListColumn && v.Row == 0 && strings.HasSuffix(v.Key, ".name"):
				cells[v.Sheet+"!"+v.Cell] = "浙江某某阀门有限公司"
			case v.Kind == workbook.InputListColumn && v.Row == 0 && strings.HasSuffix(v.Key, ".uscc"):
				cells[v.Sheet+"!"+v.Cell] = strings.ToLower(code) // typed in lower case: normalised
			}
		}
		filled, err := workbook.FillInputs(data, cells)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(in, f), filled, 0o644)
	}
	exit, out, errs := run(t, "-w", ws, "ingest", in, "--json")
	if exit != 3 {
		t.Fatalf("exit %d: %s", exit, errs)
	}
	var got struct {
		Files []struct {
			Unit, Outcome string
			Issues        []returns.Finding
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 2 || got.Files[0].Outcome != "accepted" || got.Files[1].Outcome != "rejected" {
		t.Fatalf("outcomes %+v", got.Files)
	}
	found := false
	for _, f := range got.Files[1].Issues {
		if f.Code == returns.CodeDuplicateAcrossUnits && strings.Contains(f.Message, "甲街道") && f.Cell != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("乙街道's findings %+v lack duplicate-across-units naming 甲街道", got.Files[1].Issues)
	}
}
