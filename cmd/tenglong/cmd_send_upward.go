package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"tenglong/mail"
	"tenglong/outbox"
	"tenglong/store"
	"tenglong/templates"
	"tenglong/upward"
	"tenglong/workbook"
)

// sendUpwardRun mails a county's filled return to its city's contact (parent.contact),
// through the same mail log as every send: the same file is never sent twice (the log
// keys it by its sha256), and a cut-off send is not repeated blindly.
func sendUpwardRun(env *Env, opts *sendOptions) error {
	c, period, err := campaignAndPeriod(env, opts.Workspace, opts.Period)
	if err != nil {
		return err
	}
	if c.Parent == nil {
		return fmt.Errorf("campaign.yaml 没有上级行动 parent：只有用 tenglong init --from-template 建立的工作目录才能向上报送")
	}
	to := c.Parent.Contact.Email
	if to == "" {
		return fmt.Errorf("campaign.yaml 的 parent 里没有上级联系人邮箱：请写上 contact: {name: …, email: …}（第 %d 行起），或把 %s 作为附件手工发给上级", c.Parent.Line, opts.Upward)
	}
	m, err := needMail(c, opts.Workspace)
	if err != nil {
		return err
	}
	data, err := readInputFile(opts.Upward, "报送文件")
	if err != nil {
		return err
	}
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		return fmt.Errorf("%s 不是填好的上级模板：%v", opts.Upward, err)
	}
	if md := ret.Metadata; md.Campaign != c.Parent.Campaign || md.Unit != c.Parent.Unit || md.Period != period.String() {
		return fmt.Errorf("%s 是行动 %s、单位 %s、期次 %s 的模板，不是本级（%s，%s）%s 的报送：请发 tenglong upward --period %s 生成的文件",
			opts.Upward, md.Campaign, md.Unit, md.Period, c.Parent.Campaign, c.Parent.Unit, period, period)
	}
	detail, err := workbook.ReadDetailSheet(data)
	if err != nil {
		return err
	}
	if detail == nil {
		return fmt.Errorf("%s 没有“明细”表，不是 tenglong upward 生成的报送：请先运行 tenglong upward --period %s", opts.Upward, period)
	}
	units, missing := upward.Coverage(detail)
	name := c.Parent.UnitName
	attachment := safeFileName(filepath.Base(opts.Upward))
	td := templates.Upward{Unit: name, Campaign: strings.TrimPrefix(c.Title, name+"："), Period: period.String(), PeriodLabel: period.Label(),
		Recipient: c.Parent.Contact.Name, Attachment: attachment, Units: units, Partial: len(missing) > 0, Missing: strings.Join(missing, "、"),
		Issuer: c.Issuer, ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email}
	subject, err := templates.Render(opts.Workspace, "upward-subject.txt", td)
	if err != nil {
		return err
	}
	body, err := templates.Render(opts.Workspace, "upward-body.txt", td)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	msg := outbox.Message{Key: store.MailKey{Campaign: c.ID, Period: period.String(), Unit: c.Parent.Unit, Kind: "upward", Ref: hex.EncodeToString(sum[:])},
		UnitName: "上级（" + strings.TrimSpace(c.Parent.Contact.Name+" "+to) + "）", To: to,
		Draft: mail.Draft{To: to, ToName: c.Parent.Contact.Name, Subject: strings.TrimSpace(subject), Body: body,
			Attachment: mail.Attachment{Name: attachment, Data: data}}}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	return sendAndReport(env, c, db, m, []outbox.Message{msg}, 1, nil, deliverOptions{DryRun: opts.DryRun, ResendUnknown: opts.ResendUnknown, JSON: opts.JSON, Period: period.String(), Verb: "上报"})
}
