package main

// The demo of every seed leaves exactly the units it means to out of the accepted
// ones: the last unit sends nothing, the one before it mistypes (rejected), every
// second unit is late. Units with tasks or lists and no indicator (the 局 of
// lucheng, ouhai and shengzhou) report task progress and list rows, so they are not
// rejected for 模板里没有填写任何数据.

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoAcceptsAllButTheDeliberate(t *testing.T) {
	var list struct {
		Seeds []struct{ ID string }
	}
	jsonOf(t, runOK(t, "seeds", "--json"), &list)
	if len(list.Seeds) < 7 {
		t.Fatalf("seeds: %+v", list.Seeds)
	}
	for _, seed := range list.Seeds {
		t.Run(seed.ID, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "demo")
			out := runOK(t, "demo", "--seed", seed.ID, "--dir", dir)
			if strings.Contains(out, "没有填写任何数据") {
				t.Errorf("a simulated return was left empty:\n%s", out)
			}
			files, _ := filepath.Glob(filepath.Join(dir, "汇总表-*.xlsx"))
			if len(files) != 1 {
				t.Fatalf("汇总表: %v", files)
			}
			period := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(files[0]), "汇总表-"), ".xlsx")
			var status struct{ Units []stateLine }
			jsonOf(t, runOK(t, "-w", dir, "status", "--period", period, "--json"), &status)
			n := len(status.Units)
			for i, u := range status.Units {
				want := "accepted"
				switch {
				case i == n-1:
					want = "missing"
				case i == n-2 && seed.ID != "huzhou-2023-projects":
					// huzhou-2023-projects' units report derived rates only: the
					// unit that mistypes has no figure to mistype, and is accepted
					// (TestDemoProjects).
					want = "rejected"
				}
				if u.State != want {
					t.Errorf("%s (unit %d of %d) is %s, want %s", u.Name, i+1, n, u.State, want)
				}
				if want == "accepted" && u.Late != (i%2 == 1) {
					t.Errorf("%s (unit %d) late=%v, want %v", u.Name, i+1, u.Late, i%2 == 1)
				}
			}
		})
	}
}
