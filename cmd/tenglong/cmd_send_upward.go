package main

import (
	"fmt"

	"tenglong/outbox"
	"tenglong/upward"
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
	if c.Parent.Contact.Email == "" {
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
	msg, err := upward.Message(opts.Workspace, c, period, opts.Upward, data)
	if err != nil {
		return err
	}
	db, err := openStore(opts.Workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	return sendAndReport(env, c, db, m, []outbox.Message{msg}, 1, nil, deliverOptions{DryRun: opts.DryRun, ResendUnknown: opts.ResendUnknown, JSON: opts.JSON, Period: period.String(), Verb: "上报"})
}
