package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"tenglong/intake"
	"tenglong/returns"
	"tenglong/store"
)

type ingestOptions struct {
	Workspace string
	Paths     []string
	JSON      bool
	ReturnDir string
	Workers   int
	Received  string // when loose files reached the office; empty: now
}

func newIngestCmd(env *Env, g *globalOptions, runF func(*ingestOptions) error) *cobra.Command {
	opts := &ingestOptions{}
	cmd := &cobra.Command{
		Use:   "ingest 文件或文件夹...",
		Short: "回收报送的模板：存档、校验、入库 / take returned workbooks in",
		Long: `读取各单位报回的填报模板（.xlsx，可给文件夹，会逐层查找）：原文件先存档，再识别单位和期次、
规范填写格式、逐项校验。没有错误的采用（并替代该单位本期之前的报送），有错误的退回并列出问题，
同一个文件重复报送不会重复计数。只有本办公室签名核对无误的模板才会自动采用：隐藏的模板信息被删除
或改动、别的工作目录生成的文件，暂存为“待确认”，不计入汇总，核实后用 tenglong confirm 确认。
有文件被退回或待确认时退出码为 3。
给出的路径有找不到的，照常回收其余的，最后说明并以退出码 1 结束。
收到时间：邮件（.eml）里的文件按邮件的时间；其余的按本次回收的时间，早已收到的文件用
--received 写明收到的时间（按行动时区）。本办 --return-dir 写出的退回副本（未经改动）会被认出并跳过。`,
		Example: "  tenglong ingest 回收/\n  tenglong ingest 回收/*.xlsx --return-dir 退回\n  tenglong ingest 回收/ --received 2023-10-08",
		Args:    minArgs(1, "至少一个文件或文件夹"),
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Workspace, opts.Paths = g.Workspace, args
			if runF != nil {
				return runF(opts)
			}
			return ingestRun(env, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	cmd.Flags().StringVar(&opts.ReturnDir, "return-dir", "", "把被退回的文件标好问题后写到这个文件夹，可直接发回单位 / write marked-up rejected files here")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "并行读取数（默认为 CPU 核数） / parallel readers")
	cmd.Flags().StringVar(&opts.Received, "received", "", "不在邮件里的文件的收到时间，如 2023-10-09 或 \"2023-10-09 15:30\"（默认本次回收的时间） / when loose files were received")
	return cmd
}

// minArgs wants at least n positional arguments.
func minArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageErrorf("%s 需要 %s。用 tenglong %s --help 查看用法", cmd.Name(), names, cmd.Name())
		}
		return nil
	}
}

func openStore(workspace string) (*store.Store, error) {
	return store.Open(workspaceStore(workspace), store.RememberChecks())
}

// workspaceStore is the workspace's database file.
func workspaceStore(workspace string) string { return filepath.Join(workspace, store.FileName) }

func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func ingestRun(env *Env, opts *ingestOptions) error {
	c, err := loadCampaign(env, campaignPath(opts.Workspace, ""))
	if err != nil {
		return err
	}
	received, err := parseReceived(env, c, opts.Received)
	if err != nil {
		return err
	}
	// A path that is not there (a mistyped name, an empty 收件箱/ whose *.eml the
	// shell left as written) is named; the others are still taken in.
	var missing, paths []string
	for _, p := range opts.Paths {
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, p)
			why := "请检查路径"
			if strings.ContainsAny(p, "*?[") {
				why = "没有与它匹配的文件"
			}
			fmt.Fprintf(env.Stderr, "找不到 %s：%s；其余的照常回收。\n", p, why)
			continue
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		return fmt.Errorf("给出的路径都找不到（%s）：请检查路径", strings.Join(missing, "、"))
	}
	opts.Paths = paths
	var returnCopies *returnDir
	if opts.ReturnDir != "" {
		// Made before the inputs are walked: its marker keeps the folder out of this
		// walk and every later one when it lies inside the folder being ingested.
		if returnCopies, err = openReturnDir(env, opts.ReturnDir, opts.Paths); err != nil {
			return err
		}
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := db.SigningKey()
	if err != nil {
		return err
	}
	files, err := intake.ExpandInputs(db, opts.Paths)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("在 %s 里没有找到 .xlsx 文件、压缩包（.zip）或邮件（.eml）", strings.Join(opts.Paths, "、"))
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	progress := newProgress(env, "回收", len(files))
	out := newReportStream(env.Stdout, opts.JSON, outcomeLabels)
	var officeCopies []string
	rejected, inMail, loose := 0, 0, 0
	now := env.Now()
	var stored []intake.Report // recorded in the open batch, reported once it is committed
	err = intake.Batched(db, c, key, files, workers, func(tx *store.Store, p intake.Parsed) error {
		if p.OfficeCopy() {
			officeCopies = append(officeCopies, p.Path())
			progress.step()
			return nil
		}
		if p.InMail() {
			inMail++
		} else {
			loose++
			if !received.IsZero() {
				p.SetReceived(received)
			}
		}
		r, err := intake.IngestOne(c, tx, key, p, now)
		if err != nil {
			return err
		}
		if returnCopies == nil || r.Outcome != string(store.Rejected) {
			r.Data, r.Checked = nil, nil // only a return copy needs them
		}
		stored = append(stored, r)
		return nil
	}, func() error {
		// Printed once the batch is committed, never before, then dropped: memory stays
		// flat however many files the run has (issue 21), and a line saying a file was
		// stored is never printed by a run killed before it was.
		for _, r := range stored {
			if r.Failed() {
				rejected++
				if returnCopies != nil && r.Outcome == string(store.Rejected) {
					returnCopies.write(r)
				}
			}
			progress.step()
			if err := out.add(r); err != nil {
				return err
			}
		}
		clear(stored)
		stored = stored[:0]
		return nil
	})
	progress.done()
	if closeErr := out.close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return err
	}
	returnCopies.report()
	if !opts.JSON {
		printIngestSummary(env, c, ingestSummary{officeCopies: officeCopies, inMail: inMail, loose: loose,
			received: received, now: now, returnDir: opts.ReturnDir, rejected: rejected})
	}
	if len(missing) > 0 {
		return fmt.Errorf("%d 个路径找不到（%s），其余已回收：请检查路径后对找不到的重新运行 ingest", len(missing), strings.Join(missing, "、"))
	}
	if rejected > 0 {
		return validationFailed("some files were rejected")
	}
	return nil
}

// outcomeLabels are the outcomes in the office's words.
var outcomeLabels = map[string]string{
	string(store.Accepted): "已采用", string(store.Rejected): "退回", string(store.Duplicate): "重复报送（未改变）", string(store.Unreadable): "无法读取",
	string(store.Pending): "待确认",
}

// validateLabels say what ingest would do, for validate, which stores nothing.
var validateLabels = map[string]string{
	string(store.Accepted): "校验通过", string(store.Rejected): "有错误，报送会被退回", string(store.Unreadable): "无法读取",
	string(store.Pending): "签名核对不上，回收时会暂存为待确认",
}

func printReports(env *Env, reports []intake.Report, labels map[string]string) {
	counts := map[string]int{}
	for _, r := range reports {
		counts[r.Outcome]++
		printReport(env.Stdout, r, labels)
	}
	printSummary(env.Stdout, len(reports), counts)
}

// printReport prints one file's lines: what it is, its outcome, its findings.
func printReport(w io.Writer, r intake.Report, labels map[string]string) {
	if r.Skipped != "" { // no return: a bounce, an auto-reply
		fmt.Fprintf(w, "跳过  %s：%s\n", filepath.Base(r.Path), r.Skipped)
		return
	}
	errs, warns := 0, 0
	for _, f := range r.Issues {
		if f.Severity == "error" {
			errs++
		} else {
			warns++
		}
	}
	who := r.UnitName
	if who == "" {
		who = r.Unit
	}
	if who == "" {
		who = "（未识别）"
	}
	late := ""
	if r.Late && r.Outcome == string(store.Accepted) {
		late = "，迟报"
	}
	fmt.Fprintf(w, "%s  %s %s  %s%s  %d 个错误、%d 个提醒\n", filepath.Base(r.Path), who, r.Period, labels[r.Outcome], late, errs, warns)
	if e := r.Earlier; e != nil {
		more := map[bool]string{true: "，仍需重新报送改好的文件", false: ""}[r.Failed()]
		if e.Outcome == string(store.Pending) {
			more = "，仍等办公室确认（tenglong confirm）"
		}
		if len(r.Issues) > 0 {
			more += "；下面是那一次的问题"
			for _, f := range r.Issues {
				if intake.AboutDelivery(f.Code) {
					more += "（发件人和邮件本身的提醒说的是这一次）"
					break
				}
			}
		}
		fmt.Fprintf(w, "    与第 %d 号报送的文件完全相同，那一次的结果是“%s”%s\n", e.Submission, outcomeLabels[e.Outcome], more)
	}
	if r.Outcome == string(store.Pending) && r.Stored != nil {
		fmt.Fprintf(w, "    文件编号 %s：核实确是%s的报送后，用 tenglong confirm --file %s --unit %s --reason 理由 确认\n",
			r.SHA256[:12], who, r.SHA256[:12], who)
	}
	// Errors first: the one that decides (模板里没有填写任何数据) must not hide
	// below fifteen 提醒 lines. Within each kind, the checker's order.
	issues := slices.Clone(r.Issues)
	slices.SortStableFunc(issues, func(a, b returns.Finding) int {
		return boolInt(a.Severity == returns.SeverityWarning) - boolInt(b.Severity == returns.SeverityWarning)
	})
	for _, f := range issues {
		label := "错误"
		if f.Severity == "warning" {
			label = "提醒"
		}
		fmt.Fprintf(w, "    %s %s  [%s]\n", label, f, f.Code)
	}
}

// printSummary is the closing count of a batch of n files, said when it has more than one.
func printSummary(w io.Writer, n int, counts map[string]int) {
	if n > 1 {
		skipped := ""
		if k := counts[intake.OutcomeSkipped]; k > 0 {
			skipped = fmt.Sprintf("，跳过 %d", k)
		}
		fmt.Fprintf(w, "共 %d 个文件：已采用 %d，退回 %d，待确认 %d，无法读取 %d，重复 %d%s。\n", n,
			counts[string(store.Accepted)], counts[string(store.Rejected)], counts[string(store.Pending)],
			counts[string(store.Unreadable)], counts[string(store.Duplicate)], skipped)
	}
}
