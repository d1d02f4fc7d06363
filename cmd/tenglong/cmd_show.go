package main

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
)

type showOptions struct {
	Workspace string
	File      string
	JSON      bool
}

func newShowCmd(env *Env, g *globalOptions, runF func(*showOptions) error) *cobra.Command {
	opts := &showOptions{}
	cmd := &cobra.Command{
		Use:   "show",
		Short: "显示攻坚行动概况 / summarise the campaign",
		Long:  "显示攻坚行动的概况：出处、行动期、责任单位、指标及合计目标、清单、任务、赛马办法和约谈规则。",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return showRun(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.File, "file", "", "显示这个文件而不是工作目录里的 campaign.yaml / show this file instead")
	return cmd
}

func showRun(env *Env, opts *showOptions) error {
	c, err := loadCampaign(env, campaignPath(opts.Workspace, opts.File))
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(env.Stdout, showJSON(c))
	}
	writeSummary(env.Stdout, c)
	return nil
}

// writeSummary prints a campaign the way an office reads it: what, from where, who,
// which targets.
func writeSummary(w io.Writer, c *campaign.Campaign) {
	fmt.Fprintf(w, "攻坚行动：%s（%s）\n", c.Title, c.ID)
	if c.Source != "" {
		fmt.Fprintf(w, "出处：%s\n", c.Source)
	}
	if c.Issuer != "" {
		fmt.Fprintf(w, "发文单位：%s\n", c.Issuer)
	}
	fmt.Fprintf(w, "行动期：%s，%s报送，期末后 %d 天内报送\n", c.Span, c.Cadence.Label(), c.Deadline)
	if zone := c.Location().String(); zone != campaign.DefaultTimezone {
		fmt.Fprintf(w, "时区：%s（截止时间、报送时间都按这个时区）\n", zone)
	}
	names := make([]string, len(c.Units))
	for i, u := range c.Units {
		names[i] = u.Name
	}
	fmt.Fprintf(w, "\n责任单位（%d 个）：%s\n", len(c.Units), strings.Join(names, "、"))
	if c.Total != nil {
		fmt.Fprintf(w, "合计行：%s\n", c.Total.Name)
	}
	fmt.Fprintf(w, "\n指标（%d 项）：\n", len(c.Indicators))
	writeIndicatorTable(w, c)
	for _, l := range c.Lists {
		fmt.Fprintf(w, "\n清单：%s，%d 列，预留 %d 行，原文列出 %d 行\n", l.Name, len(l.Columns), l.Rows, len(l.Preset))
	}
	if len(c.Tasks) > 0 {
		fmt.Fprintf(w, "\n任务清单（%d 项），按牵头单位：\n", len(c.Tasks))
		writeTaskLeads(w, c)
	}
	if s := c.Scoring; s != nil {
		writeScoring(w, c, s)
	}
	if iv := c.Interviews; iv != nil {
		fmt.Fprintf(w, "\n约谈规则（%d 条）：\n", len(iv.Rules))
		for _, r := range iv.Rules {
			fmt.Fprintf(w, "  %s\n", r.Reason)
		}
	}
}

// targetYears are the columns of the indicator table: the years that have by-year
// targets, or one column for campaigns that set standing targets only.
func targetYears(c *campaign.Campaign) []int {
	set := map[int]bool{}
	for _, in := range c.Indicators {
		for y := range in.ByYear {
			set[y] = true
		}
	}
	if len(set) == 0 {
		return []int{c.Span.End.Year}
	}
	var ys []int
	for y := range set {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	return ys
}

func writeIndicatorTable(w io.Writer, c *campaign.Campaign) {
	years := targetYears(c)
	header := []string{"序号", "类别", "指标", "计量单位", "类型"}
	for _, y := range years {
		header = append(header, strconv.Itoa(y)+"年目标")
	}
	t := newTable(header...)
	for i, in := range c.Indicators {
		no := in.No
		if no == "" {
			no = strconv.Itoa(i + 1)
		}
		row := []string{no, in.Category, in.Name, in.Measure, in.Kind.Label()}
		for _, y := range years {
			row = append(row, headlineTarget(c, &c.Indicators[i], y))
		}
		t.add(row...)
	}
	t.write(w)
}

// headlineTarget is the one target that sums an indicator up for a year: the total's,
// else the only unit's, else how many units have one.
func headlineTarget(c *campaign.Campaign, in *campaign.Indicator, year int) string {
	p := campaign.Period{Kind: campaign.Annual, Year: year}
	if c.Total != nil {
		if t, _, ok := c.TargetFor(in, c.Total.Code, p); ok {
			return t.Display()
		}
	}
	var found []string
	for _, u := range c.Units {
		if t, _, ok := c.TargetFor(in, u.Code, p); ok {
			found = append(found, u.Name+" "+t.Display())
		}
	}
	switch len(found) {
	case 0:
		if !in.HasTargets() {
			return "（只报实际）"
		}
		return "—"
	case 1:
		return found[0]
	}
	return fmt.Sprintf("%d 个单位有目标", len(found))
}

func writeTaskLeads(w io.Writer, c *campaign.Campaign) {
	count := map[string]int{}
	for _, t := range c.Tasks {
		for _, code := range t.Lead {
			count[code]++
		}
	}
	t := newTable("牵头单位", "任务数").alignRight(1)
	for _, u := range c.Units {
		if n := count[u.Code]; n > 0 {
			t.add(u.Name, strconv.Itoa(n))
		}
	}
	t.write(w)
}

func writeScoring(w io.Writer, c *campaign.Campaign, s *campaign.Scoring) {
	name := s.Name
	if name == "" {
		name = "赛马办法"
	}
	fmt.Fprintf(w, "\n%s（%d 个计分项）：\n", name, len(s.Items))
	t := newTable("分组", "计分项", "分值", "方法", "计分依据").alignRight(2)
	for _, it := range s.Items {
		points := it.Points.String()
		if it.Max != nil {
			points += "（封顶 " + it.Max.String() + "）"
		}
		var basis []string
		if it.Metric.Indicator != "" {
			basis = append(basis, metricLabel(c, it.Metric))
		}
		for _, p := range it.Parts {
			basis = append(basis, metricLabel(c, p.Metric)+"×"+p.Weight.Shift(2).String()+"%")
		}
		t.add(it.Group, it.Name, points, it.Formula.Label(), strings.Join(basis, " + "))
	}
	t.write(w)
}

// metricLabel names a scored number in the office's words: 规上工业总产值（实际值）.
func metricLabel(c *campaign.Campaign, m campaign.Metric) string {
	name := m.Indicator
	if in, ok := c.Indicator(m.Indicator); ok {
		name = in.Name
	}
	switch m.Field {
	case campaign.MetricCompletion:
		return name + "（完成率）"
	case campaign.MetricGrowth:
		return name + "（增速）"
	}
	return name
}
