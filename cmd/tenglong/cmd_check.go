package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"tenglong/campaign"
)

type checkOptions struct {
	Workspace string
	File      string
	JSON      bool
}

func newCheckCmd(env *Env, g *globalOptions, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check",
		Short: "检查攻坚行动定义是否完整一致 / check the campaign definition",
		Long: `读 campaign.yaml，报告所有错误和警告（带 YAML 行号）：单位代码写错、代码重复、
清单汇总到不存在的指标、合计目标与各单位之和不符、任务的牵头单位不存在等。
有错误时退出码为 3。`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return checkRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.File, "file", "", "检查这个文件而不是工作目录里的 campaign.yaml / check this file instead")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

type checkReport struct {
	Errors   campaign.Problems `json:"errors"`
	Warnings campaign.Problems `json:"warnings"`
}

func checkRun(env *Env, opts *checkOptions) error {
	path := campaignPath(opts.Workspace, opts.File)
	c, probs, err := readCampaign(path)
	if err != nil {
		return err
	}
	report := checkReport{Errors: probs.Errors().Sorted(), Warnings: probs.Warnings().Sorted()}
	if opts.JSON {
		if err := writeJSON(env.Stdout, report); err != nil {
			return err
		}
	} else {
		printCheck(env, path, c, report)
	}
	if len(report.Errors) > 0 {
		return validationFailed("campaign has errors")
	}
	return nil
}

func printCheck(env *Env, path string, c *campaign.Campaign, r checkReport) {
	w := env.Stdout
	if c.Title != "" {
		fmt.Fprintf(w, "检查 %s：%s（%s）\n", path, c.Title, c.ID)
	} else {
		fmt.Fprintf(w, "检查 %s\n", path)
	}
	for _, p := range r.Errors {
		fmt.Fprintf(w, "  错误 %s  [%s]\n", p, p.Code)
	}
	for _, p := range r.Warnings {
		fmt.Fprintf(w, "  警告 %s  [%s]\n", p, p.Code)
	}
	switch {
	case len(r.Errors) > 0:
		fmt.Fprintf(w, "发现 %d 个错误、%d 个警告：请按行号改正错误后再运行 tenglong check。\n", len(r.Errors), len(r.Warnings))
	case len(r.Warnings) > 0:
		fmt.Fprintf(w, "没有错误，%d 个警告：定义可以使用，警告请核对原文。\n", len(r.Warnings))
	default:
		fmt.Fprintf(w, "没有发现问题：%d 个单位，%d 项指标，%d 项任务。\n", len(c.Units), len(c.Indicators), len(c.Tasks))
	}
}
