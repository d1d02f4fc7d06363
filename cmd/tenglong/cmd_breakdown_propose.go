package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"tenglong/upward"
	"tenglong/workbook"
)

// breakdownProposeRun prints (or writes with -o) a proposed split of the summed
// targets, proportional to a column of the office's file: a campaign.yaml fragment
// to edit and copy in. campaign.yaml is never changed.
func breakdownProposeRun(env *Env, opts *breakdownOptions) error {
	if opts.Output != "" && !strings.EqualFold(filepath.Ext(opts.Output), ".yaml") {
		return usageErrorf("分解建议是 campaign.yaml 片段，输出文件“%s”要以 .yaml 结尾", opts.Output)
	}
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	data, err := readInputFile(opts.File, "分解依据文件")
	if err != nil {
		return err
	}
	var rows [][]string
	switch strings.ToLower(filepath.Ext(opts.File)) {
	case ".csv":
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff")))
		r.FieldsPerRecord = -1
		if rows, err = r.ReadAll(); err != nil {
			return fmt.Errorf("%s 不是有效的 CSV（请用 Excel 另存为“CSV UTF-8”）：%v", opts.File, err)
		}
	case ".xlsx":
		if rows, err = workbook.ReadTableRows(data); err != nil {
			return fmt.Errorf("读不了 %s：%v", opts.File, err)
		}
	default:
		return usageErrorf("“%s”要是 .xlsx 或 .csv 文件：第一行是标题（单位、%s），以下每行一个单位", opts.File, opts.Propose)
	}
	p, err := upward.Propose(c, rows, opts.Propose, filepath.Base(opts.File))
	var refusal *upward.Refusal
	if errors.As(err, &refusal) {
		return fmt.Errorf("没有提出分解建议（%s）：\n%s", opts.File, err)
	}
	if err != nil {
		return err
	}
	if opts.Output == "" {
		fmt.Fprint(env.Stdout, p.YAML)
		return nil
	}
	if err := writeOutput(opts.Output, []byte(p.YAML)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已写出 %d 项指标的分解建议：%s（campaign.yaml 没有改动：核对后把各单位的数字抄进去，再运行 tenglong check）\n", p.Indicators, opts.Output)
	return nil
}
