package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/store"
)

type statusOptions struct {
	Workspace string
	Period    string
	JSON      bool
}

func newStatusCmd(env *Env, g *globalOptions, runF func(*statusOptions) error) *cobra.Command {
	opts := &statusOptions{}
	cmd := &cobra.Command{
		Use:     "status --period 期次",
		Short:   "本期报送情况：谁已报、谁退回、谁未报 / who has returned, who is missing",
		Long:    "列出每个责任单位本期的报送情况：已采用、被退回、待确认或未报送，报送时间、是否迟报，以及错误和提醒数，最后是合计；再列出签名核对不上、等办公室确认的文件及其编号。",
		Example: "  tenglong status --period 2023Q3",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return statusRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "输出 JSON / print JSON")
	return cmd
}

// unitState is one unit's line of status, in the JSON contract of DESIGN.md §9.
type unitState struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	State      string  `json:"state"` // missing | accepted | rejected | pending
	ReceivedAt *string `json:"received_at"`
	Late       bool    `json:"late"`
	Errors     int     `json:"errors"`
	Warnings   int     `json:"warnings"`
	// Pending is how many files claiming the unit are held for the office to confirm
	// (tenglong confirm); they count for nothing until then.
	Pending int `json:"pending"`
	// DeliveryFailed: a message the office sent the unit came back undelivered
	// (fetch read the bounce), until one is sent to a corrected address.
	DeliveryFailed *deliveryFailure `json:"delivery_failed"`
	note           string
}

type deliveryFailure struct {
	Recipient string `json:"recipient"`
	Detail    string `json:"detail"`
}

// heldFile is one file held for the office to confirm, in status: which (its number
// for tenglong confirm), which unit its title claims, when it came.
type heldFile struct {
	File       string `json:"file"` // sha256
	Path       string `json:"path"`
	Unit       string `json:"unit"` // the unit its title names
	ReceivedAt string `json:"received_at"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
}

func statusRun(env *Env, opts *statusOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	db, err := openStoreReadOnly(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	statuses, err := db.Status(c.ID, period.String())
	if err != nil {
		return err
	}
	bounces, err := db.Bounces(c.ID, period.String())
	if err != nil {
		return err
	}
	bounced := map[string]store.Bounce{}
	for _, b := range bounces {
		bounced[b.Unit] = b // the latest
	}
	byUnit := map[string]store.UnitStatus{}
	for _, s := range statuses {
		byUnit[s.Unit] = s
	}
	var units []unitState
	for _, u := range c.Units {
		us := unitState{Code: u.Code, Name: u.Name, State: "missing"}
		if s, ok := byUnit[u.Code]; ok {
			at := c.In(s.Shown.ReceivedAt).Format(time.RFC3339) // with the office's offset: +08:00
			us.State, us.ReceivedAt, us.Late = s.State, &at, s.Shown.Late
			us.Errors, us.Warnings, us.Pending = s.Shown.Errors, s.Shown.Warnings, s.Pending
			switch {
			case s.Later != nil && s.Later.Outcome == store.Pending:
				us.note = fmt.Sprintf("%s 收到一份标为本单位的文件待确认，仍用此前采用的数据", c.In(s.Later.ReceivedAt).Format("1月2日"))
			case s.Later != nil:
				us.note = fmt.Sprintf("%s 的更正被退回（%d 个错误），仍用此前采用的数据",
					c.In(s.Later.ReceivedAt).Format("1月2日"), s.Later.Errors)
			case s.State == string(store.Pending):
				us.note = "签名核对不上，待办公室核实确认，不计入汇总"
			}
		}
		if b, ok := bounced[u.Code]; ok {
			us.DeliveryFailed = &deliveryFailure{Recipient: b.Recipient, Detail: b.Detail}
			note := "投递失败：发往 " + b.Recipient + " 的邮件被退回"
			if b.Detail != "" {
				note += "（" + b.Detail + "）"
			}
			note += "，请改正联系人邮箱后重新 send"
			if us.note != "" {
				note = us.note + "；" + note
			}
			us.note = note
		}
		units = append(units, us)
	}
	held, err := heldFiles(c, db, period.String())
	if err != nil {
		return err
	}
	if opts.JSON {
		return writeJSON(env.Stdout, map[string]any{"period": period.String(), "units": units, "held": held})
	}
	printStatus(env, c, period, units)
	printHeld(env, c, held)
	return nil
}

// heldFiles lists the files of the period held for the office to confirm, oldest first.
func heldFiles(c *campaign.Campaign, db *store.Store, period string) ([]heldFile, error) {
	subs, err := db.Submissions(c.ID, period)
	if err != nil {
		return nil, err
	}
	out := []heldFile{}
	for _, s := range subs {
		if s.Held() {
			out = append(out, heldFile{File: s.SHA256, Path: s.SourcePath, Unit: s.Unit,
				ReceivedAt: c.In(s.ReceivedAt).Format(time.RFC3339), Errors: s.Errors, Warnings: s.Warnings})
		}
	}
	return out, nil
}

// printHeld lists the held files with the command that confirms each.
func printHeld(env *Env, c *campaign.Campaign, held []heldFile) {
	if len(held) == 0 {
		return
	}
	w := env.Stdout
	fmt.Fprintf(w, "\n待确认的文件 %d 份（签名核对不上，不计入汇总；向单位核实后确认，或等该单位重新报送）：\n", len(held))
	t := newTable("文件编号", "文件", "标为", "收到时间", "错误", "提醒").alignRight(4, 5)
	for _, h := range held {
		name := h.Unit
		if u, ok := c.Unit(h.Unit); ok {
			name = u.Name
		}
		when, _ := time.Parse(time.RFC3339, h.ReceivedAt)
		t.add(h.File[:12], filepath.Base(h.Path), name, c.In(when).Format("2006-01-02 15:04"), strconv.Itoa(h.Errors), strconv.Itoa(h.Warnings))
	}
	t.write(w)
	fmt.Fprintf(w, "确认：tenglong confirm --file 文件编号 --unit 单位 --reason 理由\n")
}

var stateLabels = map[string]string{"missing": "未报送", "accepted": "已采用", "rejected": "退回", "pending": "待确认"}

func printStatus(env *Env, c *campaign.Campaign, p campaign.Period, units []unitState) {
	w := env.Stdout
	deadline := p.Deadline(c.Deadline)
	fmt.Fprintf(w, "%s %s报送情况（截止 %s）\n", c.Title, p.Label(), deadline.Format("2006-01-02"))
	t := newTable("单位", "状态", "报送时间", "迟报", "错误", "提醒", "说明").alignRight(4, 5)
	counts := map[string]int{}
	late, undelivered := 0, 0
	for _, u := range units {
		counts[u.State]++
		at, lateMark, errs, warns := "", "", "", ""
		if u.ReceivedAt != nil {
			when, _ := time.Parse(time.RFC3339, *u.ReceivedAt)
			at = c.In(when).Format("2006-01-02 15:04")
			errs, warns = strconv.Itoa(u.Errors), strconv.Itoa(u.Warnings)
			if u.Late {
				lateMark = "迟报"
				if u.State == "accepted" {
					late++
				}
			}
		}
		if u.DeliveryFailed != nil {
			undelivered++
		}
		t.add(u.Name, stateLabels[u.State], at, lateMark, errs, warns, u.note)
	}
	t.write(w)
	fmt.Fprintf(w, "合计：应报 %d 个单位，已采用 %d（其中迟报 %d），退回待改 %d，待确认 %d，未报送 %d",
		len(units), counts["accepted"], late, counts["rejected"], counts["pending"], counts["missing"])
	if undelivered > 0 {
		fmt.Fprintf(w, "；%d 个单位的邮件投递失败，请改正邮箱", undelivered)
	}
	fmt.Fprintln(w, "。")
}
