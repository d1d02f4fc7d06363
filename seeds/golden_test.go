package seeds_test

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/internal/golden"
	"tenglong/seeds"
)

// TestSeedGoldenDumps writes every target, benchmark, task and scoring item of each
// seed in one canonical text per seed (testdata/<id>.golden): any change to a seed's
// numbers shows up as a reviewable diff, refreshed with `go test ./... -update`.
func TestSeedGoldenDumps(t *testing.T) {
	for _, id := range seeds.IDs() {
		t.Run(id, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", id+".golden"), dump(loadSeed(t, id)))
		})
	}
}

func dump(c *campaign.Campaign) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s | %s | %s | %s\n", c.ID, c.Title, c.Span, c.Cadence)
	for _, u := range c.Units {
		fmt.Fprintf(&b, "unit %s %s %s\n", u.Code, u.Name, u.Kind)
	}
	if c.Total != nil {
		fmt.Fprintf(&b, "total %s %s\n", c.Total.Code, c.Total.Name)
	}
	for _, in := range c.Indicators {
		fmt.Fprintf(&b, "indicator %s | %s | %s | %s %s total=%s decimals=%d | %s | %s\n",
			in.ID, in.Name, in.Measure, in.Kind, in.Scope, in.Total, in.Decimals, in.Category, in.Department)
		writeSet(&b, "  target", values(in.Targets))
		if len(in.Base) > 0 {
			writeSet(&b, fmt.Sprintf("  base(%d)", in.BaseYear), values(in.Base))
		}
		years := make([]int, 0, len(in.ByYear))
		for y := range in.ByYear {
			years = append(years, y)
		}
		sort.Ints(years)
		for _, y := range years {
			writeSet(&b, fmt.Sprintf("  %d", y), values(in.ByYear[y]))
		}
		writeSet(&b, "  benchmark", in.Benchmarks)
		for _, m := range in.Milestones.Months() {
			fmt.Fprintf(&b, "  milestone %s %s\n", campaign.MilestoneLabel(m), in.Milestones[m])
		}
	}
	for _, l := range c.Lists {
		fmt.Fprintf(&b, "list %s %s rows=%d\n", l.ID, l.Name, l.Rows)
		for _, f := range l.Feeds {
			if f.Ratio != nil {
				fmt.Fprintf(&b, "  ratio %s count=%v sum=%s over=%s scope=%v labels=%v\n", f.Indicator, conditionsText(f.Ratio.Count),
					f.Ratio.Sum, f.Ratio.Over, conditionsText(f.Ratio.Scope), f.Ratio.Labels)
			}
		}
		for _, r := range l.Preset {
			keys := make([]string, 0, len(r.Values))
			for k := range r.Values {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			var cells []string
			for _, k := range keys {
				cells = append(cells, k+"="+r.Values[k])
			}
			fmt.Fprintf(&b, "  row %s %s %s\n", r.No, r.Unit, strings.Join(cells, " "))
		}
	}
	for _, t := range c.Tasks {
		due := ""
		if t.Due != nil {
			due = t.Due.Format("2006-01-02")
		}
		fmt.Fprintf(&b, "task %s no=%s lead=%s co=%s due=%s | %s | %s\n", t.ID, t.No,
			strings.Join(t.Lead, ","), strings.Join(t.Co, ","), due, t.Action, t.Title)
	}
	if c.Scoring != nil {
		for _, it := range c.Scoring.Items {
			fmt.Fprintf(&b, "score %s | %s | %s\n", it.ID, it.Name, renderItem(it))
		}
	}
	if c.Interviews != nil {
		for _, r := range c.Interviews.Rules {
			fmt.Fprintf(&b, "interview %s | %s\n", r.ID, r.Reason)
		}
	}
	return b.String()
}

// values are a target set's targets by unit, as writeSet takes them.
func values(set campaign.TargetSet) map[string]campaign.Target {
	out := make(map[string]campaign.Target, len(set))
	for k, t := range set {
		out[k] = *t
	}
	return out
}

func writeSet(b *strings.Builder, prefix string, set map[string]campaign.Target) {
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(b, "%s %s = %s\n", prefix, k, renderTarget(set[k]))
	}
}

func conditionsText(cs []campaign.Condition) string {
	var out []string
	for _, c := range cs {
		switch {
		case c.Equals != "":
			out = append(out, c.Column+"="+c.Equals)
		case c.Filled:
			out = append(out, c.Column+" filled")
		case c.WithinYears > 0:
			out = append(out, fmt.Sprintf("%s within %d years", c.Column, c.WithinYears))
		default:
			if c.Min != nil {
				out = append(out, c.Column+">="+c.Min.String())
			}
			if c.Max != nil {
				out = append(out, c.Column+"<="+c.Max.String())
			}
		}
	}
	return "[" + strings.Join(out, ", ") + "]"
}
