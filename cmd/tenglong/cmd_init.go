package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/seeds"
)

type initOptions struct {
	Dir   string
	Seed  string
	Force bool
	// FromTemplate is a template the city sent: the workspace becomes the county's
	// own campaign reporting to it (多级上报, cmd_init_template.go).
	FromTemplate string
}

func newInitCmd(env *Env, runF func(*initOptions) error) *cobra.Command {
	opts := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init 目录 --seed 种子 | --from-template 上级模板.xlsx",
		Short: "用内置种子或上级发来的模板建一个工作目录 / create a workspace from a seed or a city's template",
		Long: `在“目录”里写一份 campaign.yaml（攻坚行动定义），内容取自内置种子并带中文注释，
办公室可以直接改目标、单位和联系人，改完运行 tenglong check。
--from-template 上级模板.xlsx：县、区用市里发来的本期填报模板建立本级工作目录（多级上报），
指标、计量单位、期次和上级下达的目标照抄模板，再列出本级的乡镇街道、分解目标。`,
		Example: "  tenglong init ./huzhou --seed huzhou-2023\n  tenglong init ./德清 --from-template 德清县-2023Q3.xlsx",
		Args:    exactArgs(1, "一个目录参数"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Dir = args[0]
			if runF != nil {
				return runF(opts)
			}
			return initRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Seed, "seed", "", "种子代码（tenglong seeds 可查） / seed id")
	cmd.Flags().StringVar(&opts.FromTemplate, "from-template", "", "上级发来的填报模板（.xlsx）：建立向上级报送的本级工作目录 / a city's template: a county workspace reporting to it")
	cmd.Flags().BoolVar(&opts.Force, "force", false, "覆盖已有的 campaign.yaml / overwrite an existing campaign.yaml")
	return cmd
}

func initRun(env *Env, opts *initOptions) error {
	if opts.FromTemplate != "" {
		return initFromTemplateRun(env, opts)
	}
	if opts.Seed == "" {
		return usageErrorf("请用 --seed 指定种子，可选：%s", strings.Join(seeds.IDs(), "、"))
	}
	data, ok := seeds.Get(opts.Seed)
	if !ok {
		return usageErrorf("没有种子“%s”，可选：%s", opts.Seed, strings.Join(seeds.IDs(), "、"))
	}
	path := filepath.Join(opts.Dir, campaignFile)
	if _, err := os.Stat(path); err == nil && !opts.Force {
		return fmt.Errorf("%s 已经存在，没有覆盖：换一个目录，或加 --force 覆盖", path)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("读不了 %s：%v", path, err)
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return fmt.Errorf("建不了目录 %s：%v", opts.Dir, err)
	}
	header := fmt.Sprintf("# 本文件由 tenglong init 于 %s 从内置种子 %s 生成。\n"+
		"# 这是本工作目录的攻坚行动定义：可以直接修改目标、单位、联系人，改完运行 tenglong check 检查。\n"+
		"# 各字段的写法见 tenglong 的 docs/campaign-file.md。\n\n", new(campaign.Campaign).In(env.Now()).Format("2006-01-02"), opts.Seed) // the default zone: there is no campaign yet
	if err := writeOutput(path, append([]byte(header), data...)); err != nil {
		return err
	}
	c, _ := campaign.Load(data)
	fmt.Fprintf(env.Stdout, "已建立工作目录：%s\n  攻坚行动：%s\n  %d 个单位，%d 项指标，%d 项任务\n下一步：tenglong -w %s check\n",
		path, c.Title, len(c.Units), len(c.Indicators), len(c.Tasks), opts.Dir)
	return nil
}

// workspaceKey is the workspace's secret that signs the templates generate writes
// (and ingest checks), made on first use. It is kept in tenglong.db, not in a file of
// its own: the database is what an office backs up and moves with the returns it
// holds, it is never shared the way campaign.yaml is, and SQLite makes two commands
// starting at once agree on one key. init does not make it: init writes only the
// campaign file, and a workspace whose database was never made has signed nothing.
func workspaceKey(workspace string) ([]byte, error) {
	// Read first, without writing: generate on a nearly full disk or a read-only copy
	// of the workspace still signs with the key it has.
	if _, err := os.Stat(workspaceStore(workspace)); err == nil {
		if db, err := openStoreReadOnly(workspace); err == nil {
			key, err := db.ExistingSigningKey()
			db.Close()
			if err == nil && key != nil {
				return key, nil
			}
		}
	}
	db, err := openStore(workspace)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	key, err := db.SigningKey()
	if err != nil {
		return nil, fmt.Errorf("读取工作目录的模板签名密钥失败：%v", err)
	}
	return key, nil
}
