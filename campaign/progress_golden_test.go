package campaign

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"tenglong/internal/golden"
)

// TestProgressTableGolden prints the §5 math over a grid of kinds, targets, actuals
// and time progress into testdata/progress.golden: one table a reviewer can read line
// by line against DESIGN.md, and any change to the math shows as a diff.
func TestProgressTableGolden(t *testing.T) {
	kinds := []IndicatorKind{KindFlow, KindLevel, KindLowerBetter, KindRate, KindChange, KindQualitative}
	targets := []Target{num("100"), num("0"), num("-5"), {Form: TargetText, Note: "完成省定目标"}, {Form: TargetNA}, {Form: TargetPending, Note: "待下达"}}
	numbers := []Actual{Reported(dec("80")), Reported(dec("100")), Reported(dec("0")), Reported(dec("-10")), {}}
	answers := []Actual{ReportedDone(true), ReportedDone(false), {}}
	progress := []string{"0.25", "0.75", "1"}
	var b strings.Builder
	b.WriteString("kind\ttarget\tactual\ttime\tcompletion\tstatus\n")
	for _, k := range kinds {
		for _, tg := range targets {
			actuals := numbers // a numeric target is reported as a number,
			if tg.Form == TargetText || k == KindQualitative {
				actuals = answers // a qualitative one as 完成/未完成
			}
			for _, a := range actuals {
				for _, tp := range progress {
					r := Evaluate(k, tg, a, dec(tp), DefaultThresholds())
					fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", k, showTarget(tg), showActual(a), tp, showCompletion(r.Completion), r.Status)
				}
			}
		}
	}
	golden.Check(t, filepath.Join("testdata", "progress.golden"), b.String())
}

func showTarget(t Target) string {
	switch t.Form {
	case TargetNA:
		return "na"
	case TargetPending:
		return "pending"
	}
	return t.Display()
}

func showActual(a Actual) string {
	switch {
	case !a.Reported:
		return "missing"
	case a == ReportedDone(true):
		return "完成"
	case a == ReportedDone(false):
		return "未完成"
	}
	return a.Value.String()
}

func showCompletion(c Completion) string {
	if !c.Defined {
		return "-"
	}
	switch c.Kind {
	case CompletionQualitative:
		if c.Done {
			return "完成"
		}
		return "未完成"
	case CompletionDifference:
		return c.Value.Round(4).String() + "pp"
	}
	return c.Value.Shift(2).Round(2).String() + "%"
}
