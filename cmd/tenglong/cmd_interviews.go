package main

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"tenglong/workbook"
)

type interviewsOptions struct {
	Workspace string
	Period    string
	JSON      bool
	XLSX      string
}

func newInterviewsCmd(env *Env, g *globalOptions, runF func(*interviewsOptions) error) *cobra.Command {
	opts := &interviewsOptions{}
	cmd := &cobra.Command{
		Use:   "interviews --period 期次 [--xlsx 约谈名单.xlsx]",
		Short: "约谈名单：按约谈规则列出单位和理由 / the interview list",
		Long: `按 campaign.yaml 的约谈规则（interviews）列出本期应约谈的单位，每条都写明触发的规则
和数字（得分名次、红灯指标、连续末位的期次、未报或迟报的日期）。--xlsx 另存 Excel 名单。`,
		Example: `  tenglong interviews --period 2023Q3
  tenglong interviews --period 2023Q3 --xlsx 约谈名单.xlsx`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return interviewsRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.XLSX, "xlsx", "", "另存约谈名单（.xlsx） / write the list as a workbook")
	return cmd
}

func interviewsRun(env *Env, opts *interviewsOptions) error {
	if opts.XLSX != "" {
		if err := checkExt(opts.XLSX, ".xlsx"); err != nil {
			return err
		}
	}
	c, r, err := periodResultsFor(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	if opts.XLSX != "" {
		var buf bytes.Buffer
		if err := workbook.WriteInterviews(&buf, r.k, r.s, r.interviews); err != nil {
			return fmt.Errorf("生成约谈名单：%w", err)
		}
		if err := writeOutput(opts.XLSX, buf.Bytes()); err != nil {
			return err
		}
	}
	if opts.JSON {
		return writeJSON(env.Stdout, interviewsDoc(c, r))
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s %s约谈名单\n", c.Title, r.k.Period.Label())
	switch {
	case c.Interviews == nil || len(c.Interviews.Rules) == 0:
		fmt.Fprintln(w, "campaign.yaml 没有约谈规则（interviews），不产生约谈名单。")
	case len(r.interviews) == 0:
		fmt.Fprintln(w, "本期没有单位触发约谈规则。")
	default:
		t := newTable("序号", "单位", "约谈事由", "具体情况").alignRight(0)
		for i, iv := range r.interviews {
			reasons, figures := ruleList(iv)
			t.add(strconv.Itoa(i+1), unitName(c, iv.Unit), reasons, figures)
		}
		t.write(w)
		fmt.Fprintf(w, "共 %d 个单位。", len(r.interviews))
		if r.s.Default {
			fmt.Fprintf(w, "得分名次按%s计算。", r.s.Method)
		}
		fmt.Fprintln(w)
	}
	if opts.XLSX != "" {
		fmt.Fprintf(w, "已生成约谈名单 %s\n", opts.XLSX)
	}
	return nil
}
