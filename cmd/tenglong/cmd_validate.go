package main

import (
	"crypto/rand"
	"os"

	"github.com/spf13/cobra"

	"tenglong/intake"
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
乡镇、部门报送前自查，或办公室先看一眼，都可以用它。压缩包（.zip）和另存的邮件（.eml）
像 ingest 一样拆开，逐个检查里面的模板。有错误时退出码为 3。`,
		Example: "  tenglong validate 03-德清县-2023Q3.xlsx\n  tenglong validate 回复：德清县三季度报表.eml",
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
	ins, container, err := intake.ValidateInputs(opts.File)
	if err != nil {
		return err
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
	// The signature is checked with the workspace's key; without a database there
	// is none, and the report says the check was not made. A database that never
	// signed anything has no key yet: a fresh one then stands in, which no template
	// matches, as ingest would find.
	var key []byte
	if db != nil {
		if key, err = db.ExistingSigningKey(); err != nil {
			return err
		}
		if key == nil {
			key = make([]byte, 32)
			if _, err := rand.Read(key); err != nil {
				return err
			}
		}
	}
	var reports []intake.Report
	bad := false
	for _, in := range ins {
		r, err := intake.Validate(c, db, key, in, env.Now())
		if err != nil {
			return err
		}
		r.Data, r.Checked = nil, nil
		bad = bad || r.Outcome != "accepted"
		reports = append(reports, r)
	}
	switch {
	case opts.JSON && container:
		// Several files: ingest's document, so one reader handles both.
		if err := writeJSON(env.Stdout, map[string]any{"files": reports}); err != nil {
			return err
		}
	case opts.JSON:
		if err := writeJSON(env.Stdout, reports[0]); err != nil {
			return err
		}
	default:
		printReports(env, reports, validateLabels)
	}
	if bad {
		return validationFailed("the file has errors")
	}
	return nil
}
