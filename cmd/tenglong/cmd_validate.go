package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"tenglong/store"
)

type validateOptions struct {
	Workspace string
	File      string
	JSON      bool
}

func newValidateCmd(env *Env, g *globalOptions, runF func(*validateOptions) error) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate 文件",
		Short: "只校验一个填好的模板，不入库 / check one returned workbook, store nothing",
		Long: `用和 ingest 相同的规则检查一个填好的模板，列出所有问题，但什么也不保存。
乡镇、部门报送前自查，或办公室先看一眼，都可以用它。有错误时退出码为 3。`,
		Example: "  tenglong validate 03-德清县-2023Q3.xlsx",
		Args:    exactArgs(1, "一个文件"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Workspace, opts.File = g.Workspace, args[0]
			if runF != nil {
				return runF(opts)
			}
			return validateRun(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

func validateRun(env *Env, opts *validateOptions) error {
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	data, err := os.ReadFile(opts.File)
	if err != nil {
		return fmt.Errorf("读不了 %s：%v", opts.File, err)
	}
	// The workspace's database, when there is one, lends the previous period and
	// other units' codes to the checks; validate never writes to it.
	var db *store.Store
	if _, err := os.Stat(workspaceStore(opts.Workspace)); err == nil {
		if db, err = openStoreReadOnly(opts.Workspace); err != nil {
			return err
		}
		defer db.Close()
	}
	p := parseFile(parsed{path: opts.File, data: data, sha: sha256Hex(data)})
	r, err := judge(c, db, p, env.Now())
	if err != nil {
		return err
	}
	if opts.JSON {
		if err := writeJSON(env.Stdout, r); err != nil {
			return err
		}
	} else {
		printReports(env, []fileReport{r}, validateLabels)
	}
	if r.Outcome != "accepted" {
		return validationFailed("the file has errors")
	}
	return nil
}
