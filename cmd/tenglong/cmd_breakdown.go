package main

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/workbook"
)

// breakdownFile is the default name of the breakdown table inside a workspace.
const breakdownFile = "任务分解表.xlsx"

type breakdownOptions struct {
	Workspace string
	Output    string // default: 任务分解表.xlsx in the workspace
	Year      int    // 0: every target year
	// Propose is a column of File (上年实绩) to split the summed targets by, as a
	// campaign.yaml fragment (cmd_breakdown_propose.go); the table is not written.
	Propose string
	File    string
}

func newBreakdownCmd(env *Env, g *globalOptions, runF func(*breakdownOptions) error) *cobra.Command {
	opts := &breakdownOptions{}
	cmd := &cobra.Command{
		Use:   "breakdown",
		Short: "生成各单位主要指标任务分解表（Excel） / write the all-units task breakdown table",
		Long: `按 campaign.yaml 生成主要指标任务分解表（.xlsx），可直接打印下发：
每个目标年度一张表（只有一年目标的行动就是一张“任务分解表”），指标为行，各单位和合计为列，
责任部门在最后；“/”、文字目标、待下达目标和带注的目标照原文显示。
有对标值时另有“对标”表，有任务时另有“任务清单”表。A4 横向，每页重复表头。
--propose 列名 文件：不生成表，而是按文件里各单位这一列（如上年实绩）的比例，把合计方式为 sum
的指标的合计目标分解到各单位，写成 campaign.yaml 片段供办公室核对后抄入（不改动 campaign.yaml）。`,
		Example: `  tenglong breakdown
  tenglong -w ./huzhou breakdown -o 任务分解表.xlsx
  tenglong breakdown --year 2023
  tenglong breakdown --propose 上年实绩 上年实绩.xlsx -o 分解建议.yaml`,
		Args: func(cmd *cobra.Command, args []string) error {
			if opts.Propose != "" {
				return exactArgs(1, "一个文件参数（各单位“"+opts.Propose+"”所在的 .xlsx 或 .csv）")(cmd, args)
			}
			return noArgs(cmd, args)
		},
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Workspace = g.Workspace
			if len(args) == 1 {
				opts.File = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.Propose != "" {
				return breakdownProposeRun(env, opts)
			}
			return breakdownRun(env, opts)
		},
	}
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "输出文件（默认：工作目录里的 "+breakdownFile+"） / output file")
	cmd.Flags().IntVar(&opts.Year, "year", 0, "只生成这一年的分解表，例如 2023 / only this year")
	cmd.Flags().StringVar(&opts.Propose, "propose", "", "按文件里的这一列（如 上年实绩）比例提出目标分解建议 / propose a split by this column")
	return cmd
}

func breakdownRun(env *Env, opts *breakdownOptions) error {
	out := opts.Output
	if out == "" {
		out = filepath.Join(opts.Workspace, breakdownFile)
	}
	if !strings.EqualFold(filepath.Ext(out), ".xlsx") {
		return usageErrorf("输出文件“%s”要以 .xlsx 结尾", out)
	}
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	var years []int
	if opts.Year != 0 {
		if opts.Year < c.Span.Start.Year || opts.Year > c.Span.End.Year {
			return usageErrorf("--year %d 不在行动期（%s）内", opts.Year, breakdownSpanLabel(c.Span.Start.Year, c.Span.End.Year))
		}
		years = []int{opts.Year}
	}
	var buf bytes.Buffer
	sum, err := workbook.WriteBreakdown(&buf, c, years)
	switch {
	case errors.Is(err, workbook.ErrNoTargets) && opts.Year != 0:
		return usageErrorf("%d年没有任何指标目标，去掉 --year 或换一个年份（有目标的年份：%s）", opts.Year, breakdownJoinYears(workbook.BreakdownYears(c)))
	case errors.Is(err, workbook.ErrNoTargets):
		return fmt.Errorf("%s 里没有任何指标目标、对标值或任务，无法生成任务分解表", campaignPath(opts.Workspace, ""))
	case err != nil:
		return fmt.Errorf("生成任务分解表：%w", err)
	}
	if err := writeOutput(out, buf.Bytes()); err != nil {
		return err
	}

	fmt.Fprintf(env.Stdout, "已生成任务分解表 %s\n", out)
	tab := newTable("工作表", "内容")
	total := ""
	if c.Total != nil {
		total = c.Total.Name
	}
	for _, s := range sum.Sheets {
		tab.add(s.Name, describeBreakdownSheet(s, total))
	}
	tab.write(env.Stdout)
	return nil
}

// describeBreakdownSheet says in a line what a sheet of the breakdown table holds.
func describeBreakdownSheet(s workbook.BreakdownSheet, total string) string {
	switch {
	case s.Year != 0:
		cols := []string{}
		if s.Units > 0 {
			cols = append(cols, strconv.Itoa(s.Units)+" 个单位")
		}
		if s.Total {
			cols = append(cols, total)
		}
		return fmt.Sprintf("%d 项指标 × %s", s.Rows, strings.Join(cols, " + "))
	case s.Columns > 0:
		return fmt.Sprintf("%d 项指标 × %d 列对标值", s.Rows, s.Columns)
	default:
		return fmt.Sprintf("%d 项任务", s.Rows)
	}
}

func breakdownJoinYears(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, "、")
}

func breakdownSpanLabel(from, to int) string {
	if from == to {
		return strconv.Itoa(from) + "年"
	}
	return fmt.Sprintf("%d—%d年", from, to)
}
