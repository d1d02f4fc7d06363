package main

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/results"
)

type bulletinOptions struct {
	Workspace string
	Period    string
	Output    []string // .pdf and/or .docx; default: 通报-<period>.pdf in the workspace
	IssueNo   int      // 0: the period's place in the campaign
	Font      string   // the body font
	FontDir   string   // the office's fonts, by file name (simfang.ttf, simhei.ttf, …)
	Fonts     bool     // list the font of each role and stop
	Date      string   // 印发日期, 2006-01-02; default the day it is made
	Annex     []string // counties whose township breakdown (their return's 明细) is attached
}

func newBulletinCmd(env *Env, g *globalOptions, runF func(*bulletinOptions) error) *cobra.Command {
	opts := &bulletinOptions{}
	cmd := &cobra.Command{
		Use:   "bulletin --period 期次 [-o 通报.pdf] [-o 通报.docx]",
		Short: "季度通报（PDF、Word） / the quarterly bulletin",
		Long: `生成本期通报（A4 PDF）：红头（发文单位、第N期、日期）、标题，一、总体情况（文字来自
templates/bulletin-summary.txt，工作目录里放同名文件即可改写），二、主要指标完成情况，
三、赛马排名（含条形图），四、分项指标完成情况（各单位红黄绿灯），五、报送情况；有约谈单位时附约谈名单。
版式按 GB/T 9704-2012：A4，版心 156×225 毫米，正文3号仿宋每行28字、每页22行，页码“— 3 —”
单页居右、双页居左。标题用小标宋，一级标题黑体，二级标题楷体：先找本单位的字体（Windows 的
simfang.ttf、simhei.ttf、simkai.ttf、方正小标宋简体.ttf，麒麟/统信的字体文件夹，--font-dir 指定的
文件夹，工作目录的 fonts 文件夹），找不到的用内置字体；--fonts 列出各用途实际用的字体。
--font 或工作目录的 fonts/bulletin.ttf 指定正文字体。版头、落款、分送范围见 campaign.yaml 的 bulletin。
-o 以 .docx 结尾时生成内容相同、可修改的 Word 文件（版式、样式“正文”“公文标题”“一级标题”等按公文设置，
字体按名称取本机的仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体）；-o 可写两次，同时生成 PDF 和 Word。
--annex 县名（可写几次）把该县用 tenglong upward 报送时附来的下级单位明细印作附件，注明是该县自己的数字。`,
		Example: `  tenglong bulletin --period 2023Q3
  tenglong bulletin --period 2023Q3 -o 通报.pdf --issue-no 3 --date 2023-10-20
  tenglong bulletin --period 2023Q3 -o 通报.pdf -o 通报.docx
  tenglong bulletin --period 2023Q3 --font C:\Windows\Fonts\simfang.ttf
  tenglong bulletin --fonts --font-dir D:\字体`,
		Args: noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return bulletinRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringArrayVarP(&opts.Output, "output", "o", nil, "输出文件 .pdf 或 .docx，可写两次（默认：工作目录里的 通报-期次.pdf） / output file (.pdf, .docx)")
	cmd.Flags().IntVar(&opts.IssueNo, "issue-no", 0, "期号“第N期”（默认按期次在行动中的顺序） / issue number")
	cmd.Flags().StringVar(&opts.Font, "font", "", "TrueType 字体文件（.ttf） / a .ttf font")
	cmd.Flags().StringVar(&opts.FontDir, "font-dir", "", "放本单位字体的文件夹 / folder with the office's fonts")
	cmd.Flags().BoolVar(&opts.Fonts, "fonts", false, "列出各用途所用字体 / list the fonts used")
	cmd.Flags().StringArrayVar(&opts.Annex, "annex", nil, "附上该县报送附来的下级单位明细，可写几次 / attach a county's township breakdown")
	cmd.Flags().StringVar(&opts.Date, "date", "", "印发日期，如 2023-10-20（默认生成当天） / date printed")
	return cmd
}

func bulletinRun(env *Env, opts *bulletinOptions) error {
	if opts.Fonts {
		fonts, err := findPDFFonts(opts.Workspace, opts.Font, opts.FontDir)
		if err != nil {
			return err
		}
		listFonts(env.Stdout, fonts)
		return nil
	}
	pdfs, docs, err := splitOutputs(opts.Output)
	if err != nil {
		return err
	}
	if _, err := printDate(env, nil, opts.Date); err != nil {
		return err
	}
	fonts, err := findPDFFonts(opts.Workspace, opts.Font, opts.FontDir)
	if err != nil {
		return err
	}
	c, r, err := periodResultsFor(env, opts.Workspace, opts.Period, false) // the bulletin counts list rows, it lists none
	if err != nil {
		return err
	}
	date, err := printDate(env, c, opts.Date)
	if err != nil {
		return err
	}
	if len(opts.Output) == 0 {
		// Named by the period's code whichever way --period was written (2023Q3 or
		// 2023年第三季度), so the default file of one period is always the same file.
		pdfs = []string{filepath.Join(opts.Workspace, "通报-"+r.Consolidation.Period.String()+".pdf")}
	}
	if warning := results.NothingReceived(r, "用 tenglong ingest 回收"); warning != "" {
		fmt.Fprintf(env.Stderr, "警告：%s\n", warning)
	}
	annexes, err := bulletinAnnexes(env, opts.Workspace, opts.Period, opts.Annex)
	if err != nil {
		return err
	}
	o := results.BulletinOptions{Workspace: opts.Workspace, IssueNo: opts.IssueNo, Date: date, Fonts: fonts, Annexes: annexes,
		PDFOnly: len(docs) == 0}
	var doc *results.Document
	typeset := func() error {
		var err error
		doc, err = results.Bulletin(c, r, o)
		return err
	}
	if len(pdfs) == 1 {
		// The one PDF is written to its file as its pages are laid out.
		err = streamOutput(pdfs[0], func(w io.Writer) error {
			o.PDF = w
			return typeset()
		})
	} else {
		if len(pdfs) == 0 {
			o.PDF = io.Discard // only the .docx: the PDF is laid out for its page count, not kept
		}
		err = typeset()
		for i := 0; err == nil && i < len(pdfs); i++ {
			err = writeOutput(pdfs[i], doc.PDF)
		}
	}
	if err != nil {
		return err
	}
	for _, out := range pdfs {
		fmt.Fprintf(env.Stdout, "已生成通报 %s（第%d期，%s，正文字体 %s，%d 页）\n", out, doc.IssueNo, campaign.DateLabel(date), doc.Body, doc.Pages)
	}
	if err := writeDocx(docs, doc.Model, date); err != nil {
		return err
	}
	for _, out := range docs {
		fmt.Fprintf(env.Stdout, "已生成通报 %s（Word 文件，第%d期，%s，可修改后印发）\n", out, doc.IssueNo, campaign.DateLabel(date))
	}
	printToEnter(env, r.Consolidation)
	return nil
}

// printDate reads --date, or takes today from the clock (so tests and the demo get
// the same bytes every run) — today in the campaign's time zone, not the machine's:
// at 01:00 in Shanghai a server on UTC still thinks it is yesterday. A nil campaign
// only checks --date.
func printDate(env *Env, c *campaign.Campaign, s string) (time.Time, error) {
	loc := time.UTC
	if c != nil {
		loc = c.Location()
	}
	if s == "" {
		return env.Now().In(loc), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, usageErrorf("--date “%s” 不是日期：请写 2023-10-20 这样的年-月-日", s)
	}
	return t, nil
}
