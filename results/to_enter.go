package results

import (
	"fmt"
	"strings"

	"tenglong/score"
)

// ToEnterLine is the line consolidate, score and bulletin end with while the office
// still has totals or points to enter for the period: what, and the command that
// enters it. Empty when nothing is left.
func ToEnterLine(k *score.Consolidation) string {
	period := k.Period.String()
	return toEnter(k,
		func(first string) string {
			return fmt.Sprintf("用 tenglong totals set --period %s --indicator %s --value 数值 --reason 来源 录入", period, first)
		},
		func(first string) string {
			return fmt.Sprintf("用 tenglong points set --period %s --unit 单位 --item %s --points 分数 --reason 理由 录入", period, first)
		})
}

// ToEnterConsole is ToEnterLine for the web console: the same what, entered with its
// 录入合计数 and 录入分数 forms.
func ToEnterConsole(k *score.Consolidation) string {
	return toEnter(k,
		func(string) string { return "在“周期操作”页的“录入合计数”里录入" },
		func(string) string { return "在“周期操作”页的“录入分数”里录入" })
}

// toEnter words what is still to enter; totals and points say how, given the first
// one's id.
func toEnter(k *score.Consolidation, totals, points func(first string) string) string {
	e := score.StillToEnter(k)
	if e.Empty() {
		return ""
	}
	var parts []string
	if n := len(e.Totals); n > 0 {
		names := make([]string, n)
		for i, in := range e.Totals {
			names[i] = in.Name
		}
		parts = append(parts, fmt.Sprintf("%d 项指标的合计数（%s），%s", n, shortList(names), totals(e.Totals[0].ID)))
	}
	if n := len(e.Items); n > 0 {
		names := make([]string, n)
		for i, it := range e.Items {
			names[i] = it.Name
		}
		parts = append(parts, fmt.Sprintf("%d 个计分项的分数（%s），%s", n, shortList(names), points(e.Items[0].ID)))
	}
	return "还待办公室录入：" + strings.Join(parts, "；") + "。"
}

// shortList names up to four things, then how many more.
func shortList(names []string) string {
	if len(names) <= 4 {
		return strings.Join(names, "、")
	}
	return fmt.Sprintf("%s等 %d 项", strings.Join(names[:4], "、"), len(names))
}

// SubmissionLine counts the units by reporting state: 报送：应报 …，已采用 …（其中迟报 …），
// 退回待改 …，未报送 ….
func SubmissionLine(k *score.Consolidation) string {
	r := k.Reporting()
	return fmt.Sprintf("报送：应报 %d 个单位，已采用 %d（其中迟报 %d），退回待改 %d，未报送 %d。",
		len(k.Submissions), len(r.OnTime)+len(r.Late), len(r.Late), len(r.Rejected), len(r.Missing))
}
