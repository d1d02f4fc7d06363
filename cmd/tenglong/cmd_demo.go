package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"tenglong/campaign"
)

type demoOptions struct {
	Seed string
	Dir  string
	Mail string // HOST:SMTP端口:IMAP端口:用户名 of a local server; "": drafts only
	// Levels runs the 多级上报 chain instead: city, county, townships (cmd_demo_levels.go).
	Levels bool
}

func newDemoCmd(env *Env, runF func(*demoOptions) error) *cobra.Command {
	opts := &demoOptions{}
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "在临时工作目录里用种子演示整个流程 / run the cycle on a seed",
		Long:  "用一个内置种子建临时工作目录，依次检查定义、显示概况、生成任务分解表、本期填报模板和邮件草稿，模拟各单位报回并回收入库，再汇总（汇总表）、赛马打分、列出约谈名单，印出季度通报和约谈通知书（PDF），最后列出生成的文件。",
		Args:  noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			if runF != nil {
				return runF(opts)
			}
			if opts.Levels {
				return demoLevelsRun(env, opts)
			}
			return demoRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Seed, "seed", "huzhou-2023", "种子代码 / seed id")
	cmd.Flags().StringVar(&opts.Mail, "mail", "", "本机邮件服务器 主机:SMTP端口:IMAP端口:用户名（密码在环境变量 "+campaign.DefaultPasswordEnv+"），可用时演示发信、收信 / a local mail server for the mail loop")
	cmd.Flags().BoolVar(&opts.Levels, "levels", false, "演示多级上报：市生成模板、县用模板建目录、乡镇报送、县汇总后填回市模板、市回收 / the city-county-township chain")
	cmd.Flags().StringVar(&opts.Dir, "dir", "", "工作目录（默认新建临时目录） / workspace (default: a new temporary directory)")
	return cmd
}

func demoRun(env *Env, opts *demoOptions) error {
	dir := opts.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "tenglong-demo-")
		if err != nil {
			return fmt.Errorf("建不了临时目录：%v", err)
		}
		dir = tmp
	}
	w := env.Stdout
	fmt.Fprintf(w, "==== 第 1 步：建立工作目录（tenglong init %s --seed %s）====\n", dir, opts.Seed)
	if err := initRun(env, &initOptions{Dir: dir, Seed: opts.Seed, Force: true}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n==== 第 2 步：检查定义（tenglong -w %s check）====\n", dir)
	if err := checkRun(env, &checkOptions{Workspace: dir}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n==== 第 3 步：行动概况（tenglong -w %s show）====\n", dir)
	if err := showRun(env, &showOptions{Workspace: dir}); err != nil {
		return err
	}
	breakdown := filepath.Join(dir, breakdownFile)
	fmt.Fprintf(w, "\n==== 第 4 步：任务分解表（tenglong -w %s breakdown）====\n", dir)
	if err := breakdownRun(env, &breakdownOptions{Workspace: dir}); err != nil {
		return err
	}
	c, err := loadCampaign(env, campaignPath(dir, ""))
	if err != nil {
		return err
	}
	period := c.CurrentPeriod(c.In(env.Now()))
	fmt.Fprintf(w, "\n==== 第 5 步：本期填报模板和邮件草稿（tenglong -w %s generate --period %s）====\n", dir, period)
	if err := generateRun(env, &generateOptions{Workspace: dir, Period: period.String()}); err != nil {
		return err
	}
	templates := filepath.Join(dir, templatesDir, period.String())
	returned := filepath.Join(dir, "回收", period.String())
	if err := simulateReturns(c, period, templates, returned); err != nil {
		return err
	}
	mailed, err := demoMail(env, opts, dir, period, returned)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n==== 第 6 步：模拟各单位报回（%s：按时、迟报，一个单位有填写错误，一个单位未报）====\n", returned)
	deadline := period.Deadline(c.Deadline)
	returnDir := filepath.Join(dir, "退回", period.String())
	for _, late := range []bool{false, true} {
		sub := filepath.Join(returned, map[bool]string{false: "按时", true: "迟报"}[late])
		if _, err := os.Stat(sub); err != nil || !late && mailed {
			continue // mailed: the on-time returns came in by fetch
		}
		fmt.Fprintf(w, "\n---- tenglong -w %s ingest %s --return-dir %s ----\n", dir, sub, returnDir)
		at := &Env{Stdout: env.Stdout, Stderr: env.Stderr, Now: simulatedClock(deadline, late)}
		err := ingestRun(at, &ingestOptions{Workspace: dir, Paths: []string{sub}, ReturnDir: returnDir})
		if err != nil && !isValidationFailure(err) { // a rejected return is part of the demo
			return err
		}
	}
	fmt.Fprintf(w, "\n==== 第 7 步：报送情况（tenglong -w %s status --period %s）====\n", dir, period)
	if err := statusRun(env, &statusOptions{Workspace: dir, Period: period.String()}); err != nil {
		return err
	}
	if err := demoTotals(env, c, period, dir); err != nil {
		return err
	}
	// The office's points go in before the 汇总表 is written, so that its 赛马得分
	// shows the same totals as score and the bulletin.
	if err := demoPoints(env, c, period, dir); err != nil {
		return err
	}
	summary := filepath.Join(dir, summaryFile(period))
	fmt.Fprintf(w, "\n==== 第 8 步：汇总（tenglong -w %s consolidate --period %s -o %s）====\n", dir, period, summary)
	if err := consolidateRun(env, &consolidateOptions{Workspace: dir, Period: period.String(), Output: summary}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n==== 第 9 步：赛马得分（tenglong -w %s score --period %s）====\n", dir, period)
	if err := scoreRun(env, &scoreOptions{Workspace: dir, Period: period.String()}); err != nil {
		return err
	}
	// The documents are dated a few days after the period's deadline, as an office
	// issues them, never silently the day the demo runs.
	issued := period.Deadline(c.Deadline).AddDate(0, 0, 5).Format("2006-01-02")
	interviews := filepath.Join(dir, interviewsFile(period))
	notices := filepath.Join(dir, "约谈通知书-"+period.String()+".pdf")
	// The letters say when and where: ten days after the deadline, in the office.
	when := campaign.DateLabel(period.Deadline(c.Deadline).AddDate(0, 0, 10)) + "上午9时"
	where := c.BulletinIssuer() + "会议室"
	fmt.Fprintf(w, "\n==== 第 10 步：约谈名单（tenglong -w %s interviews --period %s --xlsx %s -o %s -o %s --date %s --time %s --place %s）====\n",
		dir, period, interviews, notices, docxName(notices), issued, when, where)
	if err := interviewsRun(env, &interviewsOptions{Workspace: dir, Period: period.String(), XLSX: interviews, Output: []string{notices, docxName(notices)}, Date: issued,
		Time: when, Place: where}); err != nil {
		return err
	}
	bulletin := filepath.Join(dir, "通报-"+period.String()+".pdf")
	fmt.Fprintf(w, "\n==== 第 11 步：季度通报（tenglong -w %s bulletin --period %s -o %s -o %s --date %s）====\n", dir, period, bulletin, docxName(bulletin), issued)
	if err := bulletinRun(env, &bulletinOptions{Workspace: dir, Period: period.String(), Output: []string{bulletin, docxName(bulletin)}, Date: issued}); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n演示完成。输出文件：\n")
	t := newTable("内容", "位置")
	t.add("工作目录", dir)
	t.add("行动定义", filepath.Join(dir, campaignFile))
	t.add("任务分解表", breakdown)
	t.add("填报模板", templates)
	t.add("模板清单", filepath.Join(templates, "manifest.csv"))
	t.add("邮件草稿", filepath.Join(templates, "mail"))
	t.add("模拟报回", returned)
	t.add("退回文件", returnDir)
	t.add("汇总表", summary)
	t.add("约谈名单", interviews)
	t.add("季度通报", bulletin)
	t.add("季度通报（Word，可修改）", docxName(bulletin))
	t.add("约谈通知书", notices)
	t.add("约谈通知书（Word，可修改）", docxName(notices))
	t.add("数据库", workspaceStore(dir))
	t.write(w)
	return nil
}

// summaryFile and interviewsFile name the demo's outputs in the workspace.
func summaryFile(p campaign.Period) string    { return "汇总表-" + p.String() + ".xlsx" }
func interviewsFile(p campaign.Period) string { return "约谈名单-" + p.String() + ".xlsx" }

// demoPoints enters the office's points for every bonus and manual item, as
// `tenglong points set` would: a share of the item's cap that differs by unit.
func demoPoints(env *Env, c *campaign.Campaign, p campaign.Period, dir string) error {
	if c.Scoring == nil {
		return nil
	}
	shares := []string{"0.6", "1", "0.8", "0.4", "0.9"}
	first := true
	for _, it := range c.Scoring.Items {
		limit := entryLimit(&it)
		if limit == nil {
			continue
		}
		if first {
			fmt.Fprintf(env.Stdout, "\n---- 办公室录入加分、评分（tenglong -w %s points set ...）----\n", dir)
			first = false
		}
		for i, u := range c.Units {
			pts := limit.Mul(decimal.RequireFromString(shares[i%len(shares)])).Round(1)
			err := pointsSetRun(env, &pointsSetOptions{Workspace: dir, Period: p.String(), Unit: u.Code, Item: it.ID,
				Points: pts.String(), Reason: "演示录入"})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// demoTotals enters the office's own figure for every indicator whose total is
// given by the office (not by a unit), as `tenglong totals set` would: the total's
// target nudged by 2%.
func demoTotals(env *Env, c *campaign.Campaign, p campaign.Period, dir string) error {
	if c.Total == nil {
		return nil
	}
	first := true
	for i := range c.Indicators {
		in := &c.Indicators[i]
		t, _, ok := c.TargetFor(in, c.Total.Code, p)
		if in.Total != campaign.TotalGiven || in.GivenBy != "" || !ok || !t.IsNumber() {
			// A total given by a unit comes with that unit's return: nothing to enter.
			continue
		}
		if first {
			fmt.Fprintf(env.Stdout, "\n---- 办公室录入合计数（tenglong -w %s totals set ...）----\n", dir)
			first = false
		}
		v := t.Value.Mul(decimal.RequireFromString("1.02")).Round(in.Decimals)
		err := totalsSetRun(env, &totalsSetOptions{Workspace: dir, Period: p.String(), Indicator: in.ID,
			Value: v.String(), Reason: "演示录入（统计部门快报）"})
		if err != nil {
			return err
		}
	}
	return nil
}

// docxName is the Word twin's name of a PDF.
func docxName(pdf string) string { return strings.TrimSuffix(pdf, ".pdf") + ".docx" }
