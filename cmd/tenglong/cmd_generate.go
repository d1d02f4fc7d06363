package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/outbox"

	"tenglong/workbook"
)

// templatesDir is where generate writes by default, inside the workspace.
const templatesDir = outbox.TemplatesDir

type generateOptions struct {
	Workspace string
	Period    string
	Units     []string
	Output    string
	Deadline  string
	Password  string
	Workers   int
}

func newGenerateCmd(env *Env, g *globalOptions, runF func(*generateOptions) error) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate --period 期次",
		Short: "为每个单位生成锁定的填报模板和邮件草稿 / write one locked template per unit",
		Long: `为每个责任单位生成本期的填报模板（.xlsx）：只含本单位的目标，只有浅黄色格子可填，
Excel 里自带数据校验和完成率公式。同时写出 manifest.csv（单位、联系人、文件、sha256）。
文件写到 输出目录/期次/，文件名如 03-德清县-2023Q3.xlsx。`,
		Example: "  tenglong generate --period 2023Q3\n  tenglong generate --period 2023Q3 --units wuxing,nanxun -o 模板\n  tenglong generate --period 2023年第三季度 --units 德清县,长兴县",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return generateRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringSliceVar(&opts.Units, "units", nil, "只生成这些单位（单位代码或名称，逗号分隔） / only these units")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "输出目录（默认 工作目录/"+templatesDir+"） / output directory")
	cmd.Flags().StringVar(&opts.Deadline, "deadline", "", "报送截止日期，如 2023-10-10（默认期末后 deadline 天） / due date")
	cmd.Flags().StringVar(&opts.Password, "password", "", "工作表保护密码（默认为行动代码） / sheet protection password")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "并行数（默认为 CPU 核数） / parallel workers")
	return cmd
}

func generateRun(env *Env, opts *generateOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	deadline := period.Deadline(c.Deadline)
	if opts.Deadline != "" {
		d, err := time.Parse("2006-01-02", opts.Deadline)
		if err != nil {
			return usageErrorf("截止日期“%s”不是日期，请写成 2023-10-10 这样的 年-月-日", opts.Deadline)
		}
		deadline = d
	}
	units, err := selectUnits(c, opts.Units)
	if err != nil {
		return err
	}
	password := opts.Password
	if password == "" {
		password = c.ID
	}
	out := opts.Output
	if out == "" {
		out = filepath.Join(opts.Workspace, templatesDir)
	}
	// Templates load before any file is written, so a broken override stops nothing halfway.
	drafts, err := outbox.NewDrafts(opts.Workspace, c, period, deadline)
	if err != nil {
		return err
	}
	previous, err := previousPeriodValues(opts.Workspace, c, period, units)
	if err != nil {
		return err
	}
	key, err := workspaceKey(opts.Workspace)
	if err != nil {
		return err
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	progress := newProgress(env, "生成模板", len(units))
	gen, err := outbox.Generate(outbox.Generation{Campaign: c, Period: period, Deadline: deadline, Units: units,
		Dir: filepath.Join(out, period.String()), Password: opts.Password, Generated: c.In(env.Now()), SigningKey: key,
		Previous: previous, Drafts: drafts, Workers: workers,
		Progress: func(int, int, string) { progress.step() }})
	progress.done()
	if err != nil {
		return err
	}
	dir, mailDir := gen.Dir, gen.MailDir
	fmt.Fprintf(env.Stdout, "已生成 %d 个单位的%s填报模板：%s\n", len(units), period.Label(), dir)
	t := newTable("单位", "文件", "联系人")
	for _, f := range gen.Files {
		t.add(f.Name, f.File, strings.TrimSpace(f.Contact+" "+f.Email))
	}
	t.write(env.Stdout)
	fmt.Fprintf(env.Stdout, "清单：%s\n邮件草稿：%s（双击用邮件客户端打开，核对后发送）\n报送截止：%s\n",
		gen.Manifest, mailDir, deadline.Format("2006-01-02"))
	for _, w := range gen.Warnings {
		fmt.Fprintf(env.Stderr, "警告：%s\n", w)
	}
	return nil
}

// selectUnits returns the units to generate for, in campaign order, each given by
// code or name (德清县 like history and points take it; a comma inside Chinese text
// may be the full-width ，); unknown ones are a usage error naming the valid ones.
func selectUnits(c *campaign.Campaign, codes []string) ([]outbox.Unit, error) {
	want := map[string]bool{}
	var split []string
	for _, code := range codes {
		split = append(split, strings.Split(code, "，")...)
	}
	codes = split
	for _, code := range codes {
		want[strings.TrimSpace(code)] = true
	}
	var out []outbox.Unit
	found := map[string]bool{}
	for i, u := range c.Units {
		if len(want) == 0 || want[u.Code] || want[u.Name] {
			out = append(out, outbox.Unit{Unit: u, Number: i + 1})
			found[u.Code], found[u.Name] = true, true
		}
	}
	var unknown []string
	for _, code := range codes {
		if code = strings.TrimSpace(code); !found[code] {
			unknown = append(unknown, code)
		}
	}
	if len(unknown) > 0 {
		var valid []string
		for _, u := range c.Units {
			valid = append(valid, u.Code+"（"+u.Name+"）")
		}
		return nil, usageErrorf("没有单位“%s”。可用的单位（代码或名称）：%s", strings.Join(unknown, "、"), strings.Join(valid, "、"))
	}
	return out, nil
}

// templateFileName is <NN>-<unit name>-<period>.xlsx (workbook.TemplateFileName).
func templateFileName(number, units int, name string, p campaign.Period) string {
	return workbook.TemplateFileName(number, units, name, p)
}

// previousPeriodValues are each unit's accepted values of the period before (上期值),
// from the workspace's database when ingest has made one.
func previousPeriodValues(workspace string, c *campaign.Campaign, p campaign.Period, units []outbox.Unit) (map[string]map[string]decimal.Decimal, error) {
	if _, err := os.Stat(workspaceStore(workspace)); err != nil {
		return outbox.PreviousValues(nil, c, p, units), nil
	}
	db, err := openStoreReadOnly(workspace)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return outbox.PreviousValues(db, c, p, units), nil
}
