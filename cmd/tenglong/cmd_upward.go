package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/upward"
)

type upwardOptions struct {
	Workspace string
	Period    string
	Template  string // the template the city sent the county for the period
	Output    string
	Partial   bool // report what is in even when units are missing (said on 填报说明)
}

func newUpwardCmd(env *Env, g *globalOptions, runF func(*upwardOptions) error) *cobra.Command {
	opts := &upwardOptions{}
	cmd := &cobra.Command{
		Use:   "upward --period 期次 --template 上级模板.xlsx -o 报送.xlsx",
		Short: "把本级汇总结果填进上级发来的模板，向上报送 / fill the city's template with this county's totals",
		Long: `多级上报：本级（如县、区）汇总各乡镇街道的报送后，把每项指标的本级合计
（按 campaign.yaml 的合计方式得出）填进上级发来的模板，只改填报格，上级照常回收校验。
另加一张只读的“明细”表列出各单位的数字，不影响上级采用的数字。
还有单位没报齐时不生成，并列出缺哪些单位；确需先报时加 --partial，填报说明里会写明未含哪些单位。`,
		Example: `  tenglong upward --period 2023Q3 --template 德清县-2023Q3.xlsx -o 德清县-2023Q3-报送.xlsx
  tenglong upward --period 2023Q3 --template 德清县-2023Q3.xlsx -o 报送.xlsx --partial`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return upwardRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringVar(&opts.Template, "template", "", "上级发来的本期模板（.xlsx） / the city's template")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "填好的报送文件（.xlsx） / the filled return")
	cmd.Flags().BoolVar(&opts.Partial, "partial", false, "单位没报齐也生成，并在填报说明里写明 / report without every unit")
	return cmd
}

func upwardRun(env *Env, opts *upwardOptions) error {
	if opts.Template == "" {
		return usageErrorf("请用 --template 指定上级发来的本期模板，如 --template 德清县-2023Q3.xlsx")
	}
	if opts.Output == "" {
		return usageErrorf("请用 -o 指定填好的报送文件，如 -o 德清县-2023Q3-报送.xlsx")
	}
	if err := checkExt(opts.Output, ".xlsx"); err != nil {
		return err
	}
	if filepath.Clean(opts.Output) == filepath.Clean(opts.Template) {
		return usageErrorf("-o 不能是上级模板本身（%s）：上级模板留着下次用，报送文件另起一个名字，如 %s",
			opts.Template, strings.TrimSuffix(opts.Template, filepath.Ext(opts.Template))+"-报送.xlsx")
	}
	data, err := readInputFile(opts.Template, "上级模板")
	if err != nil {
		return err
	}
	c, r, err := periodResultsFor(env, opts.Workspace, opts.Period, true)
	if err != nil {
		return err
	}
	ret, out, err := upward.Fill(c, r.Consolidation, data, opts.Partial)
	var notTemplate *upward.NotTemplateError
	switch {
	case errors.As(err, &notTemplate):
		return fmt.Errorf("%s %v", opts.Template, err)
	case upward.IsRefusal(err):
		return fmt.Errorf("没有生成报送文件（%s）：\n%s", opts.Template, err)
	case err != nil:
		return fmt.Errorf("填写上级模板 %s：%v", opts.Template, err)
	}
	if err := writeOutput(opts.Output, out); err != nil {
		return err
	}
	w := env.Stdout
	fmt.Fprintf(w, "已把%s %s的汇总数填进上级模板：%s\n", c.Parent.UnitName, r.Consolidation.Period.Label(), opts.Output)
	if len(ret.Figures) > 0 {
		t := newTable("指标", "上报数", "计量单位", "合计方式")
		for _, f := range ret.Figures {
			t.add(f.Name, f.Value, f.Measure, f.Basis)
		}
		t.alignRight(1).write(w)
	}
	if len(ret.Missing) > 0 {
		fmt.Fprintf(w, "注意：这是部分汇总，未含 %d 个单位：", len(ret.Missing))
		for i, u := range ret.Missing {
			if i > 0 {
				fmt.Fprint(w, "、")
			}
			fmt.Fprint(w, u.Name)
		}
		fmt.Fprintln(w, "（已写在模板的填报说明里）")
	}
	if ret.ListRows > 0 || ret.Tasks > 0 {
		fmt.Fprintf(w, "清单合并去重后填了 %d 行，任务进展填了 %d 项（各单位的数见“明细”表）\n", ret.ListRows, ret.Tasks)
	}
	return nil
}

// readInputFile reads a file the user named (what says which: 上级模板, 报送文件), with
// the reason in Chinese: not there, a folder, or not readable.
func readInputFile(path, what string) ([]byte, error) {
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		return data, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("找不到%s %s：请检查文件名和所在文件夹", what, path)
	case errors.Is(err, fs.ErrPermission):
		return nil, fmt.Errorf("没有权限读取%s %s：请检查文件权限", what, path)
	}
	if st, serr := os.Stat(path); serr == nil && st.IsDir() {
		return nil, fmt.Errorf("%s %s 是文件夹，请给出文件", what, path)
	}
	return nil, fmt.Errorf("读不了%s %s，文件可能正被其他程序占用或已损坏", what, path)
}
