package main

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/intake"
	"tenglong/store"
)

type confirmOptions struct {
	Workspace string
	File      string
	Unit      string
	Reason    string
	By        string
	JSON      bool
}

func newConfirmCmd(env *Env, g *globalOptions, runF func(*confirmOptions) error) *cobra.Command {
	opts := &confirmOptions{}
	cmd := &cobra.Command{
		Use:   "confirm --file 文件编号 --unit 单位 [--reason 理由]",
		Short: "确认一份待确认的文件是某单位的报送 / confirm a held file as a unit's return",
		Long: `签名核对不上的文件（隐藏的模板信息被删除或改动、别的工作目录生成的模板）回收时暂存为“待确认”，
不计入汇总。办公室向单位核实后，用本命令确认它是哪个单位的报送：文件按该单位本期的报送重新校验
（目标、标题与该单位的核对），没有错误的采用，有错误的退回。谁在何时以什么理由确认的记入审计日志。
文件编号是 tenglong ingest、status、history 显示的 SHA256 前几位（至少 6 位）。`,
		Example: `  tenglong confirm --file 3f2a9c1b --unit 南浔区 --reason "电话向南浔区经信局核实，系其本人报送"`,
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return confirmRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.File, "file", "", "文件编号：SHA256 的前几位 / the file's sha256 prefix")
	cmd.Flags().StringVar(&opts.Unit, "unit", "", "单位代码或名称 / unit code or name")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "理由，如怎样核实的 / why")
	cmd.Flags().StringVar(&opts.By, "by", "", "确认人（默认为当前登录用户） / who confirms (default: the login name)")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

// loginName is who runs tenglong, for the audit log when --by is not given.
func loginName() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	for _, k := range []string{"USER", "USERNAME"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	return ""
}

func confirmRun(env *Env, opts *confirmOptions) error {
	if strings.TrimSpace(opts.File) == "" {
		return usageErrorf("请用 --file 写要确认的文件编号（tenglong status 或 history 显示的 SHA256 前几位）")
	}
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	unit, err := findUnit(c, opts.Unit)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	by := opts.By
	if strings.TrimSpace(by) == "" {
		by = loginName()
	}
	done, err := intake.Confirm(c, db, intake.ConfirmRequest{File: opts.File, Unit: unit, By: by, Reason: opts.Reason}, env.Now())
	if err != nil {
		return err
	}
	r := done.Report
	r.Data, r.Checked = nil, nil
	if opts.JSON {
		err = writeJSON(env.Stdout, map[string]any{"confirmed": done.Pending.ID, "by": by, "reason": opts.Reason, "files": []intake.Report{r}})
	} else {
		fmt.Fprintf(env.Stdout, "已确认：第 %d 号待确认文件 %s 按%s %s的报送重新校验（确认人 %s）\n",
			done.Pending.ID, filepath.Base(done.Pending.SourcePath), unit.Name, r.Period, by)
		printReports(env, []intake.Report{r}, outcomeLabels)
		if r.Stored != nil && r.Stored.Supersedes != 0 {
			fmt.Fprintf(env.Stdout, "它替换了%s此前采用的第 %d 号报送。\n", unit.Name, r.Stored.Supersedes)
		}
	}
	if err != nil {
		return err
	}
	if r.Outcome != string(store.Accepted) {
		return validationFailed("the confirmed file was rejected")
	}
	return nil
}
