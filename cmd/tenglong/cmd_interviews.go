package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/results"
	"tenglong/score"
	"tenglong/workbook"
)

type interviewsOptions struct {
	Workspace string
	Period    string
	JSON      bool
	XLSX      string
	Output    []string // the list and notice letters: .pdf and/or .docx
	Time      string   // 约谈时间, printed in the notices; blank lines for hand filling when empty
	Place     string
	Attendees string
	Contact   string
	Font      string
	FontDir   string // the office's fonts (simfang.ttf, simhei.ttf, …)
	Date      string
}

func newInterviewsCmd(env *Env, g *globalOptions, runF func(*interviewsOptions) error) *cobra.Command {
	opts := &interviewsOptions{}
	cmd := &cobra.Command{
		Use:   "interviews --period 期次 [-o 约谈名单.pdf] [--xlsx 约谈名单.xlsx]",
		Short: "约谈名单：按约谈规则列出单位和理由 / the interview list",
		Long: `按 campaign.yaml 的约谈规则（interviews）列出本期应约谈的单位，每条都写明触发的规则
和数字（得分名次、红灯指标、连续末位的期次、未报或迟报的日期）。--xlsx 另存 Excel 名单；
-o 生成 PDF：名单一页，之后每个单位一份约谈通知书（红色版头、发文字号，文字来自
templates/interview-notice.txt，约谈时间、地点、参加人员用 --time、--place、--attendees 填入，
不填则留横线手写）；每份通知书从新的一张纸开始（双面打印时中间留空白页）。-o 以 .docx 结尾时
生成内容相同、可修改的 Word 文件；-o 可写两次。`,
		Example: `  tenglong interviews --period 2023Q3
  tenglong interviews --period 2023Q3 --xlsx 约谈名单.xlsx
  tenglong interviews --period 2023Q3 -o 约谈名单.pdf --time "2023年10月25日上午9时" --place "市经信局301会议室"`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return interviewsRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.XLSX, "xlsx", "", "另存约谈名单（.xlsx） / write the list as a workbook")
	cmd.Flags().StringArrayVarP(&opts.Output, "output", "o", nil, "约谈名单和约谈通知书（.pdf 或 .docx，可写两次） / the list and notice letters (.pdf, .docx)")
	cmd.Flags().StringVar(&opts.Time, "time", "", "约谈时间 / when")
	cmd.Flags().StringVar(&opts.Place, "place", "", "约谈地点 / where")
	cmd.Flags().StringVar(&opts.Attendees, "attendees", "", "参加人员 / who attends")
	cmd.Flags().StringVar(&opts.Contact, "contact", "", "联系人及电话（默认取 campaign.yaml 的 contact） / contact")
	cmd.Flags().StringVar(&opts.Font, "font", "", "正文字体文件（.ttf） / the body's .ttf font")
	cmd.Flags().StringVar(&opts.FontDir, "font-dir", "", "放本单位字体的文件夹 / folder with the office's fonts")
	cmd.Flags().StringVar(&opts.Date, "date", "", "发文日期，如 2023-10-20（默认今天） / date printed")
	return cmd
}

func interviewsRun(env *Env, opts *interviewsOptions) error {
	if opts.XLSX != "" {
		if err := checkExt(opts.XLSX, ".xlsx"); err != nil {
			return err
		}
	}
	if _, _, err := splitOutputs(opts.Output); err != nil {
		return err
	}
	c, r, err := periodResultsFor(env, opts.Workspace, opts.Period, false)
	if err != nil {
		return err
	}
	if len(opts.Output) > 0 {
		if err := writeInterviewsPDF(env, opts, c, r); err != nil {
			return err
		}
	}
	if opts.XLSX != "" {
		var buf bytes.Buffer
		if err := workbook.WriteInterviews(&buf, r.Consolidation, r.Scores, r.Interviews); err != nil {
			return fmt.Errorf("生成约谈名单：%w", err)
		}
		if err := writeOutput(opts.XLSX, buf.Bytes()); err != nil {
			return err
		}
	}
	if opts.JSON {
		return writeJSON(env.Stdout, results.NewInterviewsDoc(c, r))
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s %s约谈名单\n", c.Title, r.Consolidation.Period.Label())
	if !r.Scores.Scorable && c.Interviews != nil && len(c.Interviews.Rules) > 0 {
		fmt.Fprintln(w, r.Scores.NotScorable+"。")
	}
	if rule := score.UnrankedRule(c, r.Scores); rule != "" {
		fmt.Fprintln(w, "规则："+rule)
	}
	if rep := r.Consolidation.Reporting(); len(rep.Missing)+len(rep.Rejected) > 0 {
		// Who sent nothing usable, always named, whether a rule lists them or not.
		names := append(c.UnitNames(rep.Missing), c.UnitNames(rep.Rejected)...)
		fmt.Fprintf(w, "没有可采用数据的单位 %d 个：%s。\n", len(names), strings.Join(names, "、"))
	}
	switch {
	case c.Interviews == nil || len(c.Interviews.Rules) == 0:
		fmt.Fprintln(w, "campaign.yaml 没有约谈规则（interviews），不产生约谈名单。")
	case len(r.Interviews) == 0:
		fmt.Fprintln(w, "本期没有单位触发约谈规则。")
	default:
		t := newTable("序号", "单位", "约谈事由", "具体情况").alignRight(0)
		for i, iv := range r.Interviews {
			reasons, figures := ruleList(iv)
			t.add(strconv.Itoa(i+1), unitName(c, iv.Unit), reasons, figures)
		}
		t.write(w)
		fmt.Fprintf(w, "共 %d 个单位。", len(r.Interviews))
		if r.Scores.Default && r.Scores.Scorable {
			fmt.Fprintf(w, "得分名次按%s计算。", r.Scores.Method)
		}
		fmt.Fprintln(w)
	}
	if opts.XLSX != "" {
		fmt.Fprintf(w, "已生成约谈名单 %s\n", opts.XLSX)
	}
	for _, out := range opts.Output {
		fmt.Fprintf(w, "已生成约谈名单和约谈通知书 %s（%d 份通知书）\n", out, len(r.Interviews))
	}
	return nil
}

// writeInterviewsPDF renders a notice per unit from templates/interview-notice.txt and
// writes the list and the notices as one PDF.
func writeInterviewsPDF(env *Env, opts *interviewsOptions, c *campaign.Campaign, r *results.Period) error {
	date, err := printDate(env, c, opts.Date)
	if err != nil {
		return err
	}
	fonts, err := findPDFFonts(opts.Workspace, opts.Font, opts.FontDir)
	if err != nil {
		return err
	}
	doc, err := results.Interviews(c, r, results.InterviewOptions{Workspace: opts.Workspace, Time: opts.Time, Place: opts.Place,
		Attendees: opts.Attendees, Contact: opts.Contact, Date: date, Fonts: fonts})
	if err != nil {
		return err
	}
	pdfs, docs, _ := splitOutputs(opts.Output)
	for _, out := range pdfs {
		if err := writeOutput(out, doc.PDF); err != nil {
			return err
		}
	}
	return writeDocx(docs, doc.Model, date)
}
