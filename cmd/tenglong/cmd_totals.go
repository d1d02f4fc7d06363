package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/returns"
	"tenglong/store"
)

type totalsSetOptions struct {
	Workspace string
	Period    string
	Indicator string
	Value     string
	Reason    string
}

func newTotalsCmd(env *Env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "totals",
		Short: "录入办公室自己的合计数（合计方式为 given 的指标） / enter the office's own totals",
		Long: `合计方式为 given 的指标（如全区增速、全市能耗下降率）不能由各单位相加，
合计数由办公室从统计部门取得后在这里录入。每次录入都留底，后录的为准。`,
		Args: noArgs,
	}
	set := &totalsSetOptions{}
	setCmd := &cobra.Command{
		Use:     "set --period 期次 --indicator 指标 --value 数值 --reason 来源",
		Short:   "录入一项指标的合计数 / enter one indicator's total",
		Example: `  tenglong totals set --period 2015Q4 --indicator output-growth --value 8.6 --reason "区统计局快报"`,
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			set.Workspace = g.Workspace
			return totalsSetRun(env, set)
		},
	}
	setCmd.Flags().StringVar(&set.Period, "period", "", "期次 / period")
	setCmd.Flags().StringVar(&set.Indicator, "indicator", "", "指标代码或名称 / indicator id or name")
	setCmd.Flags().StringVar(&set.Value, "value", "", "合计数（按指标的计量单位） / the total")
	setCmd.Flags().StringVar(&set.Reason, "reason", "", "数据来源或理由（必填） / source (required)")
	list := &pointsListOptions{}
	listCmd := &cobra.Command{
		Use:   "list --period 期次",
		Short: "列出已录入的合计数 / list entered totals",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			list.Workspace = g.Workspace
			return totalsListRun(env, list)
		},
	}
	listCmd.Flags().StringVar(&list.Period, "period", "", "期次 / period")
	listCmd.Flags().BoolVar(&list.History, "history", false, "列出每一次录入 / every entry")
	cmd.AddCommand(setCmd, listCmd)
	return cmd
}

func totalsSetRun(env *Env, opts *totalsSetOptions) error {
	return withPeriodStore(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		in, err := findGivenIndicator(c, opts.Indicator)
		if err != nil {
			return err
		}
		v, err := returns.NormalizeNumber(opts.Value, in.Measure)
		if err != nil {
			return usageErrorf("--value “%s”：%v。请按“%s”写数字，如 8.6", opts.Value, err, in.Measure)
		}
		if strings.TrimSpace(opts.Reason) == "" {
			return usageErrorf("请用 --reason 写明数据来源，例如 --reason \"区统计局快报\"")
		}
		e, err := db.SetTotal(store.TotalEntry{Campaign: c.ID, Period: p.String(), Indicator: in.ID, Value: v.String(),
			Reason: strings.TrimSpace(opts.Reason)})
		if err != nil {
			return err
		}
		total := "合计"
		if c.Total != nil {
			total = c.Total.Name
		}
		fmt.Fprintf(env.Stdout, "已录入：%s %s %s %s%s（%s）\n", p.Label(), total, in.Name, e.Value, in.Measure, e.Reason)
		return nil
	})
}

// findGivenIndicator finds an indicator whose total the office enters.
func findGivenIndicator(c *campaign.Campaign, s string) (*campaign.Indicator, error) {
	s = strings.TrimSpace(s)
	var choices []string
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if in.ID == s || in.Name == s {
			if in.Total != campaign.TotalGiven {
				return nil, usageErrorf("“%s”的合计由系统按各单位数据计算（合计方式 %s），不用录入", in.Name, in.Total)
			}
			return in, nil
		}
		if in.Total == campaign.TotalGiven && in.Kind != campaign.KindQualitative {
			choices = append(choices, in.ID+"（"+in.Name+"）")
		}
	}
	if len(choices) == 0 {
		return nil, usageErrorf("本行动没有合计方式为 given 的指标，无需录入合计数")
	}
	return nil, usageErrorf("没有指标“%s”，需要录入合计的指标：%s", s, strings.Join(choices, "、"))
}

func totalsListRun(env *Env, opts *pointsListOptions) error {
	return withPeriodStoreReading(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		list := db.Totals
		if opts.History {
			list = db.TotalsHistory
		}
		entries, err := list(c.ID, p.String())
		if err != nil {
			return err
		}
		if len(entries) == 0 {
			fmt.Fprintf(env.Stdout, "%s还没有录入任何合计数。\n", p.Label())
			return nil
		}
		t := newTable("录入时间", "指标", "合计数", "来源").alignRight(2)
		for _, e := range entries {
			name, measure := e.Indicator, ""
			if in, ok := c.Indicator(e.Indicator); ok {
				name, measure = in.Name, in.Measure
			}
			t.add(e.EnteredAt.Local().Format("2006-01-02 15:04"), name, e.Value+measure, e.Reason)
		}
		t.write(env.Stdout)
		return nil
	})
}
