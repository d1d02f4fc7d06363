package results

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/store"
	"tenglong/workbook"
)

// listsCampaign lists its units out of code order (z before a), has two lists and
// two unique columns.
const listsCampaign = `id: lists-test
title: 清单测试行动
span: {start: 2023-01, end: 2023-12}
cadence: quarterly
units:
  - {code: zhen-z, name: 子镇, kind: area}
  - {code: zhen-a, name: 甲镇, kind: area}
  - {code: zhen-m, name: 卯镇, kind: area}
indicators:
  - {id: flow, name: 工业投资, measure: 亿元, kind: flow, scope: annual, decimals: 1, total: sum,
     targets: {zhen-z: 100, zhen-a: 200, zhen-m: 100}}
lists:
  - id: firms
    name: 整治企业清单
    rows: 10
    columns:
      - {id: name, title: 企业名称, type: text, required: true}
      - {id: uscc, title: 统一社会信用代码, type: uscc, unique: true}
      - {id: land, title: 用地面积（亩）, type: decimal}
      - {id: permit, title: 许可证号, type: text, unique: true}
  - id: projects
    name: 项目清单
    rows: 10
    columns:
      - {id: name, title: 项目名称, type: text, required: true}
      - {id: day, title: 开工日期, type: date}
`

// TestStoredListRowsAsAssembled: the rows StoredListRows reads again from the store
// after AssembleCounts let them go are the rows Assemble holds — campaign order
// (a unit the campaign no longer lists last), each unit's row order, the values and
// the units each shares a unique value with — and the 汇总表 written from them is the
// one written from the held rows, byte for byte.
func TestStoredListRowsAsAssembled(t *testing.T) {
	c, probs := campaign.Load([]byte(listsCampaign))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	db := emptyStore(t)
	at := time.Date(2023, 10, 8, 1, 0, 0, 0, time.UTC)
	firm := func(i int, name, uscc, land, permit string) store.Row {
		v := map[string]store.Cell{"name": {Value: name, Cell: fmt.Sprintf("B%d", i+4)}}
		for col, s := range map[string]string{"uscc": uscc, "land": land, "permit": permit} {
			if s != "" {
				v[col] = store.Cell{Value: s, Cell: fmt.Sprintf("C%d", i+4)}
			}
		}
		return store.Row{List: "firms", Index: i, Values: v}
	}
	project := func(i int, name, day string) store.Row {
		return store.Row{List: "projects", Index: i, Values: map[string]store.Cell{"name": {Value: name, Cell: "B4"}, "day": {Value: day, Cell: "C4"}}}
	}
	const shared, other = "913305001234567890", "91330500MA2B3C4D5E"
	for _, u := range []struct {
		unit string
		rows []store.Row
	}{
		// Recorded in code order; the campaign lists zhen-z first.
		{"gone", []store.Row{firm(0, "旧单位厂", shared, "", "")}},
		{"zhen-a", []store.Row{firm(0, "甲一厂", shared, "1.25", "P-1"), firm(3, "甲二厂", "", "7", ""), project(0, "甲项目", "2023-05-01")}},
		{"zhen-m", []store.Row{firm(1, "卯厂", other, "0.5", "P-1")}},
		{"zhen-z", []store.Row{project(2, "子项目", "2023-13-01"), firm(0, "子一厂", other, "3.125", ""), firm(1, "子二厂", shared, "", "")}},
	} {
		sha, _, err := db.PutFile([]byte(u.unit))
		if err != nil {
			t.Fatal(err)
		}
		sub := store.Submission{Campaign: c.ID, Unit: u.unit, Period: "2023Q3", SHA256: sha, SourcePath: u.unit + ".xlsx",
			ReceivedAt: at, Outcome: store.Accepted, Rows: u.rows,
			Values: []store.Value{{Indicator: "flow", Value: "50", Cell: "G8"}}}
		if _, err := db.RecordSubmission(sub); err != nil {
			t.Fatal(err)
		}
	}
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	held, err := Assemble(c, db, p)
	if err != nil {
		t.Fatal(err)
	}
	counted, err := AssembleCounts(c, db, p)
	if err != nil {
		t.Fatal(err)
	}
	stored := StoredListRows(c, db, p)
	for i, ml := range held.Consolidation.Lists {
		cl := &counted.Consolidation.Lists[i]
		if cl.Rows != nil || cl.RowCount != ml.RowCount || cl.Duplicates != ml.Duplicates {
			t.Errorf("%s counted: %d rows held, %d counted, %d duplicates; want none, %d, %d", ml.List.ID,
				len(cl.Rows), cl.RowCount, cl.Duplicates, ml.RowCount, ml.Duplicates)
		}
		var got []string
		if err := stored(cl, func(r score.MergedRow) error {
			got = append(got, rowLine(r))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, r := range ml.Rows {
			want = append(want, rowLine(r))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s read again:\n%q\nwant as assembled:\n%q", ml.List.ID, got, want)
		}
	}
	// What the fixture is for: out-of-code order, a unit gone from the campaign last,
	// a value shared three ways and one two ways, a second unique column.
	if first := held.Consolidation.Lists[0].Rows; len(first) != 6 || first[0].Unit != "zhen-z" || first[5].Unit != "gone" ||
		held.Consolidation.Lists[0].Duplicates != 5 || len(first[2].Shared) != 2 {
		t.Fatalf("fixture: %d firms rows, %d duplicates; rows %v", len(first), held.Consolidation.Lists[0].Duplicates, first)
	}
	var a, b bytes.Buffer
	if err := workbook.WriteSummary(&a, held.Consolidation, held.Scores); err != nil {
		t.Fatal(err)
	}
	if err := workbook.WriteSummaryFrom(&b, counted.Consolidation, counted.Scores, stored); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("the 汇总表 from the stored rows (%d bytes) is not the one from the held rows (%d bytes)", b.Len(), a.Len())
	}
}

// rowLine is a merged row with its values and shared units, for comparing.
func rowLine(r score.MergedRow) string {
	values := r.Values.Map()
	var shared []string
	for _, col := range slices.Sorted(maps.Keys(r.Shared)) {
		shared = append(shared, fmt.Sprintf("%s%v", col, r.Shared[col]))
	}
	return fmt.Sprintf("%s[%d] %v shared %v", r.Unit, r.Index, values, shared)
}
