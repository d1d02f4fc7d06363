package main

// The demo of every seed leaves exactly the units it means to out of the accepted
// ones: the last unit sends nothing (or the one before it, when the last alone
// carries every indicator), the one before that mistypes (rejected), every second
// unit is late. Units with tasks or lists and no indicator (the 局 of
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
			count := map[string]int{}
			for i, u := range status.Units {
				count[u.State]++
				if u.State == "accepted" && u.Late != (i%2 == 1) {
					t.Errorf("%s (unit %d) late=%v, want %v", u.Name, i+1, u.Late, i%2 == 1)
				}
			}
			// One unit sends nothing, the one before it mistypes; huzhou-2023-projects'
			// units report derived rates only: the unit meant to mistype has no figure
			// to mistype and is accepted (TestDemoProjects).
			rejected := 1
			if seed.ID == "huzhou-2023-projects" {
				rejected = 0
			}
			if count["missing"] != 1 || count["rejected"] != rejected || count["accepted"] != n-1-rejected {
				t.Errorf("states %v of %d units, want 1 missing, %d rejected, the rest accepted", count, n, rejected)
			}
			// The demo's documents have figures: the unit that alone carries every
			// indicator (lucheng-2021's 各街道办事处、镇人民政府) is not the one left out.
			var cons struct {
				Indicators []struct {
					Units []struct{ Actual *string }
				}
			}
			jsonOf(t, runOK(t, "-w", dir, "consolidate", "--period", period, "--json"), &cons)
			figures := 0
			for _, in := range cons.Indicators {
				for _, u := range in.Units {
					if u.Actual != nil {
						figures++
					}
				}
			}
			if figures == 0 {
				t.Errorf("no unit has a figure in the demo of %s", seed.ID)
			}
		})
	}
}
