package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"tenglong/upward"
	"tenglong/workbook"
)

// initFromTemplateRun writes a county's campaign.yaml made from the template its city
// sent (多级上报): the city's indicators and the county's targets, and a parent block.
func initFromTemplateRun(env *Env, opts *initOptions) error {
	if opts.Seed != "" {
		return usageErrorf("--seed 和 --from-template 只能用一个：从上级模板建立本级工作目录时不用种子")
	}
	data, err := readInputFile(opts.FromTemplate, "上级模板")
	if err != nil {
		return err
	}
	pt, err := workbook.ReadParentTemplate(data)
	if err != nil {
		return fmt.Errorf("%s 不是 tenglong 生成的填报模板，建不了本级工作目录：%v", opts.FromTemplate, err)
	}
	ws, err := upward.CountyCampaign(pt, env.Now())
	if err != nil {
		return fmt.Errorf("%s：%v", opts.FromTemplate, err)
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
	if err := writeOutput(path, ws.YAML); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已从上级模板建立本级工作目录：%s\n  上级行动：%s，本级：%s，期次：%s\n  %d 项指标（计量单位、目标取自上级模板）\n"+
		"下一步：在 %s 的 units 下列出本级的乡镇街道或部门，把各项目标分解到各单位，然后运行 tenglong -w %s check\n",
		path, pt.Metadata.Campaign, ws.UnitName, ws.Period.Label(), ws.Indicators, path, opts.Dir)
	if len(pt.Lists) > 0 || len(pt.Tasks) > 0 {
		fmt.Fprintf(env.Stdout, "  还带来了上级模板的 %d 个清单、%d 项任务：各单位照样填报，tenglong upward 合并后填回上级模板；任务的牵头单位请在 tasks 的 lead 里写明\n", len(pt.Lists), len(pt.Tasks))
	}
	return nil
}
