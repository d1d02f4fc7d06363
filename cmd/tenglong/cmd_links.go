package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/store"
	"tenglong/web"
)

type linksOptions struct {
	Workspace string
	Period    string
	PublicURL string
	JSON      bool
	Revoke    string
	Reissue   string
}

func newLinksCmd(env *Env, g *globalOptions, runF func(*linksOptions) error) *cobra.Command {
	opts := &linksOptions{}
	cmd := &cobra.Command{
		Use:   "links",
		Short: "列出各单位本期的网页填报链接，或停用、重新生成某个单位的链接 / list the units' portal links",
		Long: `列出每个单位本期的填报链接（tenglong serve 的单位填报入口）：发给该单位即可，不需要账号。
链接泄露时用 --reissue 单位 重新生成（旧链接立即失效），用 --revoke 单位 停用。`,
		Example: "  tenglong links --public-url http://10.1.2.3:8080\n  tenglong links --period 2023Q3 --json\n  tenglong links --reissue wuxing",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return linksRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次（默认当前期） / period")
	cmd.Flags().StringVar(&opts.PublicURL, "public-url", "http://127.0.0.1:8080", "各单位访问 tenglong serve 的地址 / the server's public URL")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.Revoke, "revoke", "", "停用这个单位的链接（单位代码或名称） / revoke a unit's link")
	cmd.Flags().StringVar(&opts.Reissue, "reissue", "", "为这个单位重新生成链接（单位代码或名称） / re-issue a unit's link")
	return cmd
}

func linksRun(env *Env, opts *linksOptions) error {
	if opts.Revoke != "" && opts.Reissue != "" {
		return usageErrorf("--revoke 和 --reissue 一次只能用一个")
	}
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	period, err := servePeriod(env, c, opts.Period)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	if opts.Revoke != "" || opts.Reissue != "" {
		return changeLinkRun(env, opts, c, period, db)
	}
	links, err := web.Links(c, db, period, opts.PublicURL)
	if err != nil {
		return err
	}
	if opts.JSON {
		if links == nil {
			links = []web.Link{}
		}
		return writeJSON(env.Stdout, links)
	}
	fmt.Fprintf(env.Stdout, "%s填报链接（%d 个单位）：\n", period.Label(), len(links))
	t := newTable("单位", "链接")
	for _, l := range links {
		url := l.URL
		if l.Revoked {
			url = "（已停用，用 --reissue 重新生成）"
		}
		t.add(l.Name, url)
	}
	t.write(env.Stdout)
	return nil
}

func changeLinkRun(env *Env, opts *linksOptions, c *campaign.Campaign, p campaign.Period, db *store.Store) error {
	which := opts.Revoke + opts.Reissue
	units, err := selectUnits(c, []string{which})
	if err != nil {
		return err
	}
	u := units[0]
	if opts.Revoke != "" {
		if _, err := db.RevokePortalLink(c.ID, p.String(), u.Code); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "已停用%s%s的填报链接：旧链接不再能打开。需要时用 tenglong links --reissue %s 重新生成。\n", u.Name, p.Label(), u.Code)
		return nil
	}
	if _, err := db.ReissuePortalLink(c.ID, p.String(), u.Code); err != nil {
		return err
	}
	links, err := web.Links(c, db, p, opts.PublicURL)
	if err != nil {
		return err
	}
	for _, l := range links {
		if l.Unit == u.Code {
			fmt.Fprintf(env.Stdout, "已为%s重新生成%s的填报链接（旧链接已失效）：\n%s\n", u.Name, p.Label(), l.URL)
		}
	}
	return nil
}
