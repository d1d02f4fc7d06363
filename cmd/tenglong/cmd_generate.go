package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/mail"
	"tenglong/templates"
	"tenglong/workbook"
)

// templatesDir is where generate writes by default, inside the workspace.
const templatesDir = "填报模板"

type generateOptions struct {
	Workspace string
	Period    string
	Units     []string
	Output    string
	Deadline  string
	Password  string
	Workers   int
}

func newGenerateCmd(env *Env, g *globalOptions, runF func(*generateOptions) error) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:   "generate --period 期次",
		Short: "为每个单位生成锁定的填报模板和邮件草稿 / write one locked template per unit",
		Long: `为每个责任单位生成本期的填报模板（.xlsx）：只含本单位的目标，只有浅黄色格子可填，
Excel 里自带数据校验和完成率公式。同时写出 manifest.csv（单位、联系人、文件、sha256）。
文件写到 输出目录/期次/，文件名如 03-德清县-2023Q3.xlsx。`,
		Example: "  tenglong generate --period 2023Q3\n  tenglong generate --period 2023Q3 --units wuxing,nanxun -o 模板\n  tenglong generate --period 2023年第三季度 --units 德清县,长兴县",
		Args:    noArgs,
		RunE: func(_ *cobra.Command, _ []string) error {
			opts.Workspace = g.Workspace
			if runF != nil {
				return runF(opts)
			}
			return generateRun(env, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Period, "period", "", "期次，如 2023Q3 / period")
	cmd.Flags().StringSliceVar(&opts.Units, "units", nil, "只生成这些单位（单位代码或名称，逗号分隔） / only these units")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", "", "输出目录（默认 工作目录/"+templatesDir+"） / output directory")
	cmd.Flags().StringVar(&opts.Deadline, "deadline", "", "报送截止日期，如 2023-10-10（默认期末后 deadline 天） / due date")
	cmd.Flags().StringVar(&opts.Password, "password", "", "工作表保护密码（默认为行动代码） / sheet protection password")
	cmd.Flags().IntVar(&opts.Workers, "workers", 0, "并行数（默认为 CPU 核数） / parallel workers")
	return cmd
}

func generateRun(env *Env, opts *generateOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	deadline := period.Deadline(c.Deadline)
	if opts.Deadline != "" {
		d, err := time.Parse("2006-01-02", opts.Deadline)
		if err != nil {
			return usageErrorf("截止日期“%s”不是日期，请写成 2023-10-10 这样的 年-月-日", opts.Deadline)
		}
		deadline = d
	}
	units, err := selectUnits(c, opts.Units)
	if err != nil {
		return err
	}
	password := opts.Password
	if password == "" {
		password = c.ID
	}
	out := opts.Output
	if out == "" {
		out = filepath.Join(opts.Workspace, templatesDir)
	}
	dir := filepath.Join(out, period.String())
	mailDir := filepath.Join(dir, "mail")
	if err := os.MkdirAll(mailDir, 0o755); err != nil {
		return fmt.Errorf("建不了输出目录 %s：%v", mailDir, err)
	}
	// Templates load before any file is written, so a broken override stops nothing halfway.
	drafts, err := newDraftWriter(opts.Workspace, c, period, deadline)
	if err != nil {
		return err
	}
	previous, err := previousPeriodValues(opts.Workspace, c, period, units)
	if err != nil {
		return err
	}
	key, err := workspaceKey(opts.Workspace)
	if err != nil {
		return err
	}
	inputs := make([]workbook.TemplateInput, len(units))
	for i, u := range units {
		inputs[i] = workbook.TemplateInput{Campaign: c, Unit: u.Unit, Period: period, Deadline: deadline,
			Generated: c.In(env.Now()), Password: password, Previous: previous[u.Code], SigningKey: key}
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	progress := newProgress(env, "生成模板", len(inputs))
	var manifest [][]string
	var warnings, noEmail []string
	err = workbook.RenderTemplates(inputs, workers, func(i int, data []byte, err error) error {
		u := units[i]
		if err != nil {
			return fmt.Errorf("生成%s的模板失败：%v", u.Name, err)
		}
		name := templateFileName(u.Number, len(c.Units), u.Name, period)
		if err := writeOutput(filepath.Join(dir, name), data); err != nil {
			return err
		}
		warning, err := drafts.write(mailDir, name, u.Unit, data)
		if err != nil {
			return err
		}
		switch {
		case u.Contact.Email == "":
			noEmail = append(noEmail, u.Name)
		case warning != "":
			warnings = append(warnings, warning)
		}
		sum := sha256.Sum256(data)
		manifest = append(manifest, []string{u.Code, u.Name, u.Contact.Name, u.Contact.Email, name, hex.EncodeToString(sum[:])})
		progress.step()
		return nil
	})
	progress.done()
	if err != nil {
		return err
	}
	if err := writeManifest(filepath.Join(dir, "manifest.csv"), manifest); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "已生成 %d 个单位的%s填报模板：%s\n", len(units), period.Label(), dir)
	t := newTable("单位", "文件", "联系人")
	for _, m := range manifest {
		t.add(m[1], m[4], strings.TrimSpace(m[2]+" "+m[3]))
	}
	t.write(env.Stdout)
	fmt.Fprintf(env.Stdout, "清单：%s\n邮件草稿：%s（双击用邮件客户端打开，核对后发送）\n报送截止：%s\n",
		filepath.Join(dir, "manifest.csv"), mailDir, deadline.Format("2006-01-02"))
	if len(noEmail) > 0 {
		warnings = append(warnings, fmt.Sprintf("%d 个单位没有联系人邮箱，它们的邮件草稿没有收件人（%s）：请在 campaign.yaml 的 units 里加 contact: {email: …}",
			len(noEmail), strings.Join(noEmail, "、")))
	}
	for _, w := range warnings {
		fmt.Fprintf(env.Stderr, "警告：%s\n", w)
	}
	return nil
}

// numberedUnit is a unit with its position in the campaign, which numbers its file.
type numberedUnit struct {
	campaign.Unit
	Number int
}

// selectUnits returns the units to generate for, in campaign order, each given by
// code or name (德清县 like history and points take it; a comma inside Chinese text
// may be the full-width ，); unknown ones are a usage error naming the valid ones.
func selectUnits(c *campaign.Campaign, codes []string) ([]numberedUnit, error) {
	want := map[string]bool{}
	var split []string
	for _, code := range codes {
		split = append(split, strings.Split(code, "，")...)
	}
	codes = split
	for _, code := range codes {
		want[strings.TrimSpace(code)] = true
	}
	var out []numberedUnit
	found := map[string]bool{}
	for i, u := range c.Units {
		if len(want) == 0 || want[u.Code] || want[u.Name] {
			out = append(out, numberedUnit{u, i + 1})
			found[u.Code], found[u.Name] = true, true
		}
	}
	var unknown []string
	for _, code := range codes {
		if code = strings.TrimSpace(code); !found[code] {
			unknown = append(unknown, code)
		}
	}
	if len(unknown) > 0 {
		var valid []string
		for _, u := range c.Units {
			valid = append(valid, u.Code+"（"+u.Name+"）")
		}
		return nil, usageErrorf("没有单位“%s”。可用的单位（代码或名称）：%s", strings.Join(unknown, "、"), strings.Join(valid, "、"))
	}
	return out, nil
}

// templateFileName is <NN>-<unit name>-<period>.xlsx (workbook.TemplateFileName).
func templateFileName(number, units int, name string, p campaign.Period) string {
	return workbook.TemplateFileName(number, units, name, p)
}

// writeManifest writes manifest.csv with a UTF-8 byte order mark, so that Excel on a
// Chinese Windows opens it without garbling the names.
func writeManifest(path string, rows [][]string) error {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Write([]string{"单位代码", "单位名称", "联系人", "电子邮箱", "文件", "sha256"})
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return fmt.Errorf("写不了 %s：%v", path, err)
	}
	return writeOutput(path, buf.Bytes())
}

// draftWriter writes the .eml draft that carries one unit's template.
type draftWriter struct {
	c       *campaign.Campaign
	subject *templates.Template
	body    *templates.Template
	data    templates.MailBody
}

func newDraftWriter(workspace string, c *campaign.Campaign, p campaign.Period, deadline time.Time) (*draftWriter, error) {
	subject, err := templates.Load(workspace, "mail-subject.txt")
	if err != nil {
		return nil, err
	}
	body, err := templates.Load(workspace, "mail-body.txt")
	if err != nil {
		return nil, err
	}
	return &draftWriter{c: c, subject: subject, body: body, data: templates.MailBody{
		Campaign: c.Title, Issuer: c.Issuer, Period: p.String(), PeriodLabel: p.Label(),
		Deadline: campaign.DateLabel(deadline), ContactName: c.Contact.Name,
		ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email,
	}}, nil
}

// write renders and writes the draft for a unit's template, named like the workbook,
// and returns a warning when the unit's address cannot be used.
func (d *draftWriter) write(dir, xlsxName string, u campaign.Unit, xlsx []byte) (string, error) {
	draft, warning, err := d.render(xlsxName, u, xlsx)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, strings.TrimSuffix(xlsxName, ".xlsx")+".eml")
	if err := writeOutput(path, draft.Bytes()); err != nil {
		return "", err
	}
	return warning, nil
}

// render is the draft of a unit's template: what generate writes as .eml and send
// sends.
func (d *draftWriter) render(xlsxName string, u campaign.Unit, xlsx []byte) (mail.Draft, string, error) {
	data := d.data
	data.Unit, data.FileName = u.Name, xlsxName
	subject, err := d.subject.Render(data)
	if err != nil {
		return mail.Draft{}, "", err
	}
	body, err := d.body.Render(data)
	if err != nil {
		return mail.Draft{}, "", err
	}
	warning := ""
	to := u.Contact.Email
	if _, err := mail.ParseRecipients(to); to != "" && err != nil {
		warning = fmt.Sprintf("%s的联系人邮箱有问题（%v），邮件草稿里没有写这个收件人", u.Name, err)
	}
	draft := mail.Draft{To: to, ToName: strings.TrimSpace(u.Name + " " + u.Contact.Name), Subject: subject, Body: body,
		Attachment: mail.Attachment{Name: xlsxName, Data: xlsx}}
	return draft, warning, nil
}

// previousPeriodValues are each unit's accepted values of the period before (上期值),
// from the workspace's database when ingest has made one.
func previousPeriodValues(workspace string, c *campaign.Campaign, p campaign.Period, units []numberedUnit) (map[string]map[string]decimal.Decimal, error) {
	out := map[string]map[string]decimal.Decimal{}
	if _, err := os.Stat(workspaceStore(workspace)); err != nil {
		return out, nil
	}
	db, err := openStoreReadOnly(workspace)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	for _, u := range units {
		out[u.Code] = intake.PreviousValues(db, c.ID, p.Previous().String(), u.Code)
	}
	return out, nil
}
