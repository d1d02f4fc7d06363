package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"tenglong/intake"
	"tenglong/store"
)

type historyOptions struct {
	Workspace string
	Unit      string
	Period    string
	JSON      bool
}

func newHistoryCmd(env *Env, g *globalOptions, runF func(*historyOptions) error) *cobra.Command {
	opts := &historyOptions{}
	cmd := &cobra.Command{
		Use:   "history --unit 单位 --period 期次",
		Short: "一个单位某期的全部报送记录 / every submission of a unit for a period",
		Long: `按时间顺序列出一个单位某期的每一次报送：采用、退回、无法读取、待确认、办公室确认、被更正、重复报送，
附文件名、收到时间、是否迟报、错误和提醒数。记录取自入库时写下、不能修改的审计日志。
单位可写代码或名称。`,
		Example: "  tenglong history --unit 德清县 --period 2023Q3\n  tenglong history --unit deqing --period 2023Q3 --json",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return historyRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Unit, "unit", "", "单位代码或名称，如 deqing 或 德清县 / unit code or name")
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

// historyEvent is one line of `history --json`.
type historyEvent struct {
	Seq        int64   `json:"seq"` // the audit entry's number: the order things happened
	At         string  `json:"at"`  // when it was recorded, RFC 3339 in the campaign's zone
	Action     string  `json:"action"`
	Submission int64   `json:"submission"`
	Path       string  `json:"path"`
	SHA256     string  `json:"sha256"`
	ReceivedAt *string `json:"received_at"`
	Late       bool    `json:"late"`
	Errors     int     `json:"errors"`
	Warnings   int     `json:"warnings"`
	Detail     string  `json:"detail"`
}

func historyRun(env *Env, opts *historyOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	unit, err := findUnit(c, opts.Unit)
	if err != nil {
		return err
	}
	db, err := openStoreReadOnly(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	entries, err := db.History(c.ID, period.String(), unit.Code)
	if err != nil {
		return err
	}
	events := []historyEvent{}
	for _, e := range entries {
		ev := historyEvent{Seq: e.ID, At: c.In(e.At).Format(time.RFC3339), Action: string(e.Action),
			Submission: e.Submission, Path: e.SourcePath, SHA256: e.SHA256, Late: e.Late,
			Errors: e.Errors, Warnings: e.Warnings, Detail: e.Detail}
		if !e.ReceivedAt.IsZero() {
			at := c.In(e.ReceivedAt).Format(time.RFC3339)
			ev.ReceivedAt = &at
		}
		events = append(events, ev)
	}
	if opts.JSON {
		return writeJSON(env.Stdout, map[string]any{"period": period.String(), "unit": unit.Code, "name": unit.Name, "events": events})
	}
	w := env.Stdout
	fmt.Fprintf(w, "%s %s 报送记录（截止 %s）\n", unit.Name, period.Label(), period.Deadline(c.Deadline).Format("2006-01-02"))
	if len(entries) == 0 {
		fmt.Fprintf(w, "还没有收到%s%s的任何报送。\n", unit.Name, period.Label())
		return nil
	}
	t := newTable("序号", "记录时间", "事件", "报送号", "文件", "收到时间", "迟报", "错误", "提醒", "说明").alignRight(0, 3, 7, 8)
	for _, e := range entries {
		received, late, errs, warns := "", "", "", ""
		if !e.ReceivedAt.IsZero() {
			received = c.In(e.ReceivedAt).Format("2006-01-02 15:04")
			errs, warns = strconv.Itoa(e.Errors), strconv.Itoa(e.Warnings)
			if e.Late {
				late = "迟报"
			}
		}
		detail := e.Detail
		if e.Action == store.ActionPending && len(e.SHA256) >= 12 {
			detail += "；文件编号 " + e.SHA256[:12] + "（tenglong confirm 用）"
		}
		t.add(strconv.FormatInt(e.ID, 10), c.In(e.At).Format("2006-01-02 15:04"), intake.ActionLabel(e.Action), "第"+strconv.FormatInt(e.Submission, 10)+"号",
			filepath.Base(e.SourcePath), received, late, errs, warns, detail)
	}
	t.write(w)
	fmt.Fprintf(w, "共 %d 条记录；当前采用的是最后一次“采用”且未“被更正”的报送（tenglong status 可查看）。\n", len(entries))
	return nil
}
