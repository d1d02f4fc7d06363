package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/entries"
	"tenglong/store"
)

type totalsSetOptions struct {
	Workspace string
	Period    string
	Indicator string
	Value     string
	Reason    string
	By        string // who enters it; "" is the login name
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
		Use:   "set --period 期次 --indicator 指标 --value 数值 --reason 来源",
		Short: "录入一项指标的合计数 / enter one indicator's total",
		Example: `  tenglong totals set --period 2023Q3 --indicator industry-value-added-growth --value 6.5 --reason "市统计局快报"
  tenglong totals set --period 2023Q3 --indicator 单位GDP能耗下降率 --value 完成 --reason "省能源局通报"`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			set.Workspace = g.Workspace
			return totalsSetRun(env, set)
		},
	}
	setCmd.Flags().StringVar(&set.Period, "period", "", "期次 / period")
	setCmd.Flags().StringVar(&set.Indicator, "indicator", "", "指标代码或名称 / indicator id or name")
	setCmd.Flags().StringVar(&set.Value, "value", "", "合计数（按指标的计量单位） / the total")
	setCmd.Flags().StringVar(&set.Reason, "reason", "", "数据来源或理由（必填） / source (required)")
	setCmd.Flags().StringVar(&set.By, "by", "", "录入人（默认为当前登录用户） / who enters it (default: the login name)")
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
	listCmd.Flags().BoolVar(&list.JSON, "json", false, "输出 JSON / print JSON")
	cmd.AddCommand(setCmd, listCmd)
	return cmd
}

func totalsSetRun(env *Env, opts *totalsSetOptions) error {
	return withPeriodStore(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		e, err := entries.SetTotal(c, db, p, entries.Total{Indicator: opts.Indicator, Value: opts.Value, Reason: opts.Reason, By: enteredBy(opts.By)}, entries.CLI)
		if err != nil {
			return entryError(err)
		}
		total := "合计"
		if c.Total != nil {
			total = c.Total.Name
		}
		fmt.Fprintf(env.Stdout, "已录入：%s %s %s %s%s（%s）\n", p.Label(), total, e.Indicator.Name, e.Entry.Value, e.Measure, e.Entry.Reason)
		return nil
	})
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
		if opts.JSON {
			doc := totalsListJSON{Period: p.String(), History: opts.History, Totals: []totalEntryJSON{}}
			for _, e := range entries {
				name, measure := e.Indicator, ""
				if in, ok := c.Indicator(e.Indicator); ok {
					name, measure = in.Name, in.Measure
				}
				doc.Totals = append(doc.Totals, totalEntryJSON{ID: e.ID, Indicator: e.Indicator, Name: name, Value: e.Value,
					Measure: measure, Reason: e.Reason, EnteredAt: c.In(e.EnteredAt).Format(time.RFC3339)})
			}
			return writeJSON(env.Stdout, doc)
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
			if totalAnswer(e.Value) != "" {
				measure = "" // 完成, not 完成%
			}
			t.add(c.In(e.EnteredAt).Format("2006-01-02 15:04"), name, e.Value+measure, e.Reason)
		}
		t.write(env.Stdout)
		return nil
	})
}

// totalsListJSON is totals list --json: the entries, decimals as strings.
type totalsListJSON struct {
	Period  string           `json:"period"`
	History bool             `json:"history"` // every entry, superseded ones included
	Totals  []totalEntryJSON `json:"totals"`
}

type totalEntryJSON struct {
	ID        int64  `json:"id"`
	Indicator string `json:"indicator"`
	Name      string `json:"name"`
	Value     string `json:"value"` // exact decimal text, or 完成 / 未完成 for a worded target
	Measure   string `json:"measure"`
	Reason    string `json:"reason"`
	EnteredAt string `json:"entered_at"` // RFC 3339
}

// totalAnswer reads a 完成/未完成 answer (entries.Answer); "" when it is not one.
func totalAnswer(s string) string { return entries.Answer(s) }
