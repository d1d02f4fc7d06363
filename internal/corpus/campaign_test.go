package corpus_test

import (
	"bytes"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/corpus"
)

func load(t *testing.T, s corpus.Size) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.LoadAndCheck(corpus.Campaign(s))
	if len(probs) > 0 {
		t.Fatalf("generated campaign %+v has problems: %v", s, probs)
	}
	return c
}

// The zero values of the fields added for the template benchmark keep the original shape.
func TestCampaignOriginalShape(t *testing.T) {
	c := load(t, corpus.Size{Units: 30, Indicators: 12, Tasks: 5})
	if len(c.Lists) != 1 || c.Lists[0].ID != "register" || c.Lists[0].Rows != 100 {
		t.Errorf("lists = %+v, want the one register of 100 rows", c.Lists)
	}
	if len(c.Tasks) != 5 {
		t.Errorf("%d tasks, want 5", len(c.Tasks))
	}
	if c := load(t, corpus.Size{Units: 3, Indicators: 2, Lists: -1}); len(c.Lists) != 0 {
		t.Errorf("Lists: -1 gave %d lists", len(c.Lists))
	}
}

// The shape of issue 3's benchmark: every unit leads or co-owns TasksPerUnit tasks,
// half of them led; lists alternate shapes with ListRows rows.
func TestCampaignTemplateBenchmarkShape(t *testing.T) {
	for _, per := range []int{20, 7} {
		s := corpus.Size{Units: 40, Indicators: 12, Lists: 3, ListRows: 300, TasksPerUnit: per}
		c := load(t, s)
		lead, all := map[string]int{}, map[string]int{}
		for _, task := range c.Tasks {
			for _, u := range task.Lead {
				lead[u]++
				all[u]++
			}
			for _, u := range task.Co {
				all[u]++
			}
		}
		for _, u := range c.Units {
			if all[u.Code] != per || lead[u.Code] != (per+1)/2 {
				t.Fatalf("TasksPerUnit %d: %s in %d tasks, leads %d", per, u.Code, all[u.Code], lead[u.Code])
			}
		}
		ids := []string{}
		for _, l := range c.Lists {
			ids = append(ids, l.ID)
			if l.Rows != 300 {
				t.Errorf("list %s has %d rows", l.ID, l.Rows)
			}
		}
		if got := strings.Join(ids, ","); got != "register,projects,register-3" {
			t.Errorf("lists %s", got)
		}
		enum := c.Lists[1].Columns[1]
		if n := len([]rune(strings.Join(enum.Values, ","))); enum.Type != campaign.ColEnum || n <= 200 {
			t.Errorf("the project list's dropdown is %s of %d characters, want an enum over 200", enum.Type, n)
		}
		if !bytes.Equal(corpus.Campaign(s), corpus.Campaign(s)) {
			t.Error("Campaign is not deterministic")
		}
	}
}
