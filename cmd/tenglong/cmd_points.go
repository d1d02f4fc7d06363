package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/entries"
	"tenglong/store"
)

type pointsSetOptions struct {
	Workspace string
	Period    string
	Unit      string
	Item      string
	Points    string
	Reason    string
	By        string // who enters it; "" is the login name
}

type pointsListOptions struct {
	Workspace string
	Period    string
	History   bool
	JSON      bool
}

func newPointsCmd(env *Env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "points",
		Short: "录入加分项、评分项的分数 / enter bonus and manual points",
		Long:  "考核评价办法里由办公室打分的项目（加分 bonus、评分 manual）在这里录入。每次录入都留底，后录的为准。",
		Args:  noArgs,
	}
	cmd.AddCommand(newPointsSetCmd(env, g, nil), newPointsListCmd(env, g, nil))
	return cmd
}

func newPointsSetCmd(env *Env, g *globalOptions, runF func(*pointsSetOptions) error) *cobra.Command {
	opts := &pointsSetOptions{}
	cmd := &cobra.Command{
		Use:   "set --period 期次 --unit 单位 --item 计分项 --points 分数 --reason 理由",
		Short: "录入一个单位一个计分项的分数 / enter one unit's points on one item",
		Long: `为一个单位的一个加分项或评分项录入分数，必须写理由。同一单位同一项再次录入时以最后一次为准，
以前的录入都保留可查（tenglong points list --history）。超过封顶分的按封顶分计。`,
		Example: `  # 在用 --seed wzetdz-2015 建的工作目录里（它有加分项 risk 和评分项 基础工作）：
  tenglong points set --period 2015Q4 --unit xinghai --item risk --points 3 --reason "处置风险企业2家"
  tenglong points set --period 2015Q4 --unit 星海街道 --item 基础工作 --points 9.5 --reason "方案1分、报表1分、信息采用75条7.5分"`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return pointsSetRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2015Q4 / period")
	cmd.Flags().StringVar(&opts.Unit, "unit", "", "单位代码或名称 / unit code or name")
	cmd.Flags().StringVar(&opts.Item, "item", "", "计分项代码或名称 / scoring item id or name")
	cmd.Flags().StringVar(&opts.Points, "points", "", "分数，如 3 或 2.5 / points")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "理由（必填） / reason (required)")
	cmd.Flags().StringVar(&opts.By, "by", "", "录入人（默认为当前登录用户） / who enters it (default: the login name)")
	return cmd
}

func pointsSetRun(env *Env, opts *pointsSetOptions) error {
	return withPeriodStore(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		e, err := entries.SetPoints(c, db, p, entries.Points{Unit: opts.Unit, Item: opts.Item, Points: opts.Points, Reason: opts.Reason, By: enteredBy(opts.By)}, entries.CLI)
		if err != nil {
			return entryError(err)
		}
		fmt.Fprintf(env.Stdout, "已录入：%s %s %s %s分（%s）\n", p.Label(), e.Unit.Name, e.Item.Name, e.Entry.Points, e.Entry.Reason)
		if e.Capped != nil {
			fmt.Fprintf(env.Stdout, "注意：%s封顶%s分，计分时按%s分计。\n", e.Item.Name, e.Capped, e.Capped)
		}
		return nil
	})
}

// enteredBy is --by, or the login name: who entered an entry, kept with it.
func enteredBy(by string) string {
	if strings.TrimSpace(by) == "" {
		return loginName()
	}
	return by
}

// entryError makes a wrong entry (entries.InputError) a usage error: exit 2.
func entryError(err error) error {
	var ie *entries.InputError
	if errors.As(err, &ie) {
		return usageErrorf("%s", ie.Msg)
	}
	return err
}

// entryLimit is the cap of an entered item (entries.EntryLimit).
func entryLimit(it *campaign.ScoringItem) *decimal.Decimal { return entries.EntryLimit(it) }

// findUnit finds a unit by code or name (entries.FindUnit), naming --unit.
func findUnit(c *campaign.Campaign, s string) (campaign.Unit, error) {
	u, err := entries.FindUnit(c, s, entries.CLI.Unit)
	return u, entryError(err)
}

func newPointsListCmd(env *Env, g *globalOptions, runF func(*pointsListOptions) error) *cobra.Command {
	opts := &pointsListOptions{}
	cmd := &cobra.Command{
		Use:     "list --period 期次",
		Short:   "列出已录入的分数 / list entered points",
		Example: "  # 在用 --seed wzetdz-2015 建的工作目录里：\n  tenglong points list --period 2015Q4 --history",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return pointsListRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2015Q4 / period")
	cmd.Flags().BoolVar(&opts.History, "history", false, "列出每一次录入（含被后来更正的） / every entry, also superseded ones")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

func pointsListRun(env *Env, opts *pointsListOptions) error {
	return withPeriodStoreReading(env, opts.Workspace, opts.Period, func(c *campaign.Campaign, p campaign.Period, db *store.Store) error {
		list := db.Points
		if opts.History {
			list = db.PointsHistory
		}
		entries, err := list(c.ID, p.String())
		if err != nil {
			return err
		}
		if opts.JSON {
			doc := pointsListJSON{Period: p.String(), History: opts.History, Points: []pointsEntryJSON{}}
			for _, e := range entries {
				doc.Points = append(doc.Points, pointsEntryJSON{ID: e.ID, Unit: e.Unit, UnitName: unitName(c, e.Unit),
					Item: e.Item, ItemName: itemName(c, e.Item), Points: e.Points, Reason: e.Reason,
					EnteredAt: c.In(e.EnteredAt).Format(time.RFC3339)})
			}
			return writeJSON(env.Stdout, doc)
		}
		if len(entries) == 0 {
			fmt.Fprintf(env.Stdout, "%s还没有录入任何分数。\n", p.Label())
			return nil
		}
		t := newTable("录入时间", "单位", "计分项", "分数", "理由").alignRight(3)
		for _, e := range entries {
			t.add(c.In(e.EnteredAt).Format("2006-01-02 15:04"), unitName(c, e.Unit), itemName(c, e.Item), e.Points, e.Reason)
		}
		t.write(env.Stdout)
		return nil
	})
}

func itemName(c *campaign.Campaign, id string) string {
	if c.Scoring != nil {
		for _, it := range c.Scoring.Items {
			if it.ID == id {
				return it.Name
			}
		}
	}
	return id
}

// pointsListJSON is points list --json: the entries, points as decimal strings.
type pointsListJSON struct {
	Period  string            `json:"period"`
	History bool              `json:"history"` // every entry, superseded ones included
	Points  []pointsEntryJSON `json:"points"`
}

type pointsEntryJSON struct {
	ID        int64  `json:"id"`
	Unit      string `json:"unit"`
	UnitName  string `json:"unit_name"`
	Item      string `json:"item"`
	ItemName  string `json:"item_name"`
	Points    string `json:"points"` // as entered, exact
	Reason    string `json:"reason"`
	EnteredAt string `json:"entered_at"` // RFC 3339
}
