package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/results"
	"tenglong/score"
	"tenglong/store"
	"tenglong/workbook"
)

type consolidateOptions struct {
	Workspace string
	Period    string
	Output    string // the 汇总表 workbook; none when empty
	JSON      bool
	// Drill is a unit (code or name) whose own breakdown (明细, sent by a county with
	// tenglong upward) is shown instead of the consolidation (cmd_consolidate_drill.go).
	Drill string
}

func newConsolidateCmd(env *Env, g *globalOptions, runF func(*consolidateOptions) error) *cobra.Command {
	opts := &consolidateOptions{}
	cmd := &cobra.Command{
		Use:   "consolidate --period 期次 [-o 汇总表.xlsx]",
		Short: "汇总本期各单位数据：完成率、红黄绿灯、排名、合计 / consolidate a period",
		Long: `把本期各单位已采用的数据汇总：每项指标各单位的目标、完成、完成率、红黄绿灯和排名，
合计行按 campaign.yaml 的合计方式重新计算（从不取单位填的合计），并与上期比较。
-o 另存汇总表（.xlsx）：总表、各类别表、赛马得分、合并清单、任务进展、报送情况。
--drill 单位：显示该单位（用 tenglong upward 报送的县、区）随报送附来的“明细”表，
即它下级各单位自己的数字。`,
		Example: `  tenglong consolidate --period 2023Q3
  tenglong consolidate --period 2023Q3 -o 汇总表.xlsx
  tenglong consolidate --period 2023Q3 --json
  tenglong consolidate --period 2023Q3 --drill 德清县`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return consolidateRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "另存汇总表（.xlsx） / write the consolidated workbook")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.Drill, "drill", "", "显示某单位（县、区）随报送附来的下级单位明细 / a unit's own breakdown")
	return cmd
}

func consolidateRun(env *Env, opts *consolidateOptions) error {
	if opts.Drill != "" {
		return drillRun(env, opts)
	}
	if opts.Output != "" {
		if err := checkExt(opts.Output, ".xlsx"); err != nil {
			return err
		}
	}
	var c *campaign.Campaign
	var r *results.Period
	err := withPeriodStoreReading(env, opts.Workspace, opts.Period, func(cc *campaign.Campaign, p campaign.Period, db *store.Store) error {
		var err error
		c = cc
		// The lists' rows are counted and let go (AssembleCounts); the 汇总表's list
		// sheets read them again from the store, unit by unit.
		if r, err = results.AssembleCounts(cc, db, p); err != nil || opts.Output == "" {
			return err
		}
		// Written straight to the file (through a temporary one), not into memory
		// first: the 汇总表 of 5,000 units is some 95 MB.
		return streamOutput(opts.Output, func(w io.Writer) error {
			if err := workbook.WriteSummaryFrom(w, r.Consolidation, r.Scores, results.StoredListRows(cc, db, p)); err != nil {
				return fmt.Errorf("生成汇总表：%w", err)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if opts.JSON {
		return results.WriteConsolidationJSON(env.Stdout, r.Consolidation)
	}
	printConsolidation(env, c, r.Consolidation)
	if opts.Output != "" {
		fmt.Fprintf(env.Stdout, "已生成汇总表 %s\n", opts.Output)
	}
	printToEnter(env, r.Consolidation)
	return nil
}

// periodResultsFor loads the workspace's campaign and store and computes a period's
// results; without rows, the merged lists keep only their counts
// (results.AssembleCounts).
func periodResultsFor(env *Env, workspace, period string, rows bool) (*campaign.Campaign, *results.Period, error) {
	var c *campaign.Campaign
	var r *results.Period
	err := withPeriodStoreReading(env, workspace, period, func(cc *campaign.Campaign, p campaign.Period, db *store.Store) error {
		var err error
		c = cc
		assemble := results.Assemble
		if !rows {
			assemble = results.AssembleCounts
		}
		r, err = assemble(cc, db, p)
		return err
	})
	return c, r, err
}

func printConsolidation(env *Env, c *campaign.Campaign, k *score.Consolidation) {
	w := env.Stdout
	fmt.Fprintf(w, "%s %s汇总\n", c.Title, k.Period.Label())
	if k.Compared != nil {
		fmt.Fprintf(w, "（与%s比较）\n", k.Compared.Label())
	}
	fmt.Fprintln(w, submissionLine(k))
	total := "合计"
	if c.Total != nil {
		total = c.Total.Name
	}
	t := newTable("指标", "计量单位", total+"目标", total+"完成", "完成率", "序时进度", "状态", "绿/黄/红/未报", "说明").alignRight(2, 3, 4, 5)
	for _, r := range k.Indicators {
		in := r.Indicator
		target, actual, completion, progress, status := "", "", "", "", ""
		if r.HasTotal {
			target = score.ShowTarget(*r.Total.Target())
			actual = score.ShowActual(in, r.Total.Actual())
			completion = score.ShowCompletion(r.Total.Completion())
			progress = score.ShowShare(r.Total)
			status = score.TotalStatusLabel(r)
		}
		basis := ""
		if r.HasTotal {
			basis = joinNotes(r.TotalBasis, score.LightNote(r.Total))
		}
		t.add(in.Name, in.Measure, target, actual, completion, progress, status, lightCounts(r), basis)
	}
	t.write(w)
	for _, l := range k.Lists {
		line := fmt.Sprintf("清单%s：共 %d 行", campaign.Quote(l.List.Name), l.RowCount)
		if l.Duplicates > 0 {
			line += fmt.Sprintf("，其中 %d 行与其他单位重复（汇总表里标黄）", l.Duplicates)
		}
		fmt.Fprintln(w, line+"。")
	}
	if len(k.TaskUnits) > 0 {
		done, led := 0, 0
		for _, s := range k.TaskUnits {
			done += s.Done
			led += s.Led
		}
		fmt.Fprintf(w, "任务：%d 项任务，牵头单位报已完成 %d 项（按牵头单位计 %d 项次）。\n", len(k.Tasks), done, led)
	}
}

// joinNotes joins the non-empty notes of a 说明 cell with ；.
func joinNotes(notes ...string) string {
	var out []string
	for _, n := range notes {
		if n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, "；")
}

// submissionLine counts the units by reporting state (results.SubmissionLine).
func submissionLine(k *score.Consolidation) string { return results.SubmissionLine(k) }

// lightCounts counts an indicator's unit lights: 3/1/0/2.
func lightCounts(r score.IndicatorResult) string {
	n := map[campaign.Status]int{}
	for _, c := range r.Units {
		n[c.Status()]++
	}
	if len(r.Units) == 0 {
		return ""
	}
	if n[campaign.StatusPending] == len(r.Units) {
		return "待下达"
	}
	return strconv.Itoa(n[campaign.StatusGreen]) + "/" + strconv.Itoa(n[campaign.StatusYellow]) + "/" +
		strconv.Itoa(n[campaign.StatusRed]) + "/" + strconv.Itoa(n[campaign.StatusMissing])
}
