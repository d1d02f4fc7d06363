package score

import (
	"reflect"
	"testing"
)

// TestListCounterAsMerged: rows counted in another unit order than the merge's (the
// store's, by code) give the merge's RowCount, Duplicates and shared units (in merge
// order), and rows of a list the campaign lacks count for nothing.
func TestListCounterAsMerged(t *testing.T) {
	c := kindsCampaign(t)
	d := kinds2022Q3(t)
	rows := map[string][]Row{
		"a": {{List: "firms", Index: 0, Values: PackValues(map[string]string{"name": "共有厂", "uscc": "913305001234567890", "land": "12.5"})}},
		"b": {
			{List: "firms", Index: 0, Values: PackValues(map[string]string{"name": "乙一厂", "uscc": "91330500MA2B3C4D5E"})},
			{List: "firms", Index: 2, Values: PackValues(map[string]string{"name": "共有厂", "uscc": "913305001234567890"})},
			{List: "gone", Index: 0, Values: PackValues(map[string]string{"uscc": "913305001234567890"})},
		},
		"c": {
			{List: "firms", Index: 1, Values: PackValues(map[string]string{"name": "丙厂", "uscc": "913305001234567890"})},
			{List: "firms", Index: 4, Values: PackValues(map[string]string{"name": "空代码"})},
		},
	}
	for u, rs := range rows {
		d.Returns[u].Rows = rs
	}
	merged := Consolidate(c, d, nil).Lists[0]

	lc := NewListCounter(c)
	order := []string{"c", "b", "a"}
	for _, u := range order {
		for _, r := range rows[u] {
			lc.Add(u, r.List, r.Values)
		}
	}
	if !lc.Shared() {
		t.Fatal("Shared = false, want true: 共有厂's code is three units'")
	}
	for _, u := range order {
		for _, r := range rows[u] {
			lc.Recount(u, r.List, r.Values)
		}
	}
	counted := lc.Lists()[0]
	if counted.RowCount != merged.RowCount || counted.Duplicates != merged.Duplicates || counted.Rows != nil {
		t.Errorf("counted %d rows, %d duplicates, %d held; merged %d, %d", counted.RowCount, counted.Duplicates, len(counted.Rows), merged.RowCount, merged.Duplicates)
	}
	if merged.RowCount != 5 || merged.Duplicates != 3 {
		t.Fatalf("fixture: merged %d rows, %d duplicates; want 5, 3", merged.RowCount, merged.Duplicates)
	}
	for _, r := range merged.Rows {
		if got := counted.SharedOf(r.Unit, r.Values); !reflect.DeepEqual(got, r.Shared) {
			t.Errorf("%s[%d] shares %v, merged %v", r.Unit, r.Index, got, r.Shared)
		}
	}
}
