package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/seeds"
)

type seedsOptions struct {
	JSON bool
}

func newSeedsCmd(env *Env, runF func(*seedsOptions) error) *cobra.Command {
	opts := &seedsOptions{}
	cmd := &cobra.Command{
		Use:   "seeds",
		Short: "列出内置的攻坚行动种子 / list the built-in seed campaigns",
		Long:  "列出内置的攻坚行动种子：每个种子都照原文件抄录，可用 tenglong init 目录 --seed 种子 建成工作目录。",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			return seedsRun(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

type seedSummary struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Units      int    `json:"units"`
	Indicators int    `json:"indicators"`
	Tasks      int    `json:"-"`
}

func seedsRun(env *Env, opts *seedsOptions) error {
	var list []seedSummary
	for _, id := range seeds.IDs() {
		data, _ := seeds.Get(id)
		c, probs := campaign.Load(data)
		if probs.HasErrors() {
			return fmt.Errorf("内置种子 %s 读不出来：%s", id, probs.Errors()[0])
		}
		list = append(list, seedSummary{ID: c.ID, Title: c.Title, Units: len(c.Units), Indicators: len(c.Indicators), Tasks: len(c.Tasks)})
	}
	if opts.JSON {
		return writeJSON(env.Stdout, map[string]any{"seeds": list})
	}
	t := newTable("种子", "单位", "指标", "任务", "名称").alignRight(1, 2, 3)
	for _, s := range list {
		t.add(s.ID, strconv.Itoa(s.Units), strconv.Itoa(s.Indicators), strconv.Itoa(s.Tasks), s.Title)
	}
	t.write(env.Stdout)
	fmt.Fprintf(env.Stdout, "\n共 %d 个种子。用 tenglong init 目录 --seed 种子 建一个工作目录。\n", len(list))
	return nil
}
