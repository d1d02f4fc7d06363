package web

import (
	"errors"
	"fmt"
	"os"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/mail"
	"tenglong/outbox"
)

// 收取邮件: intake.Fetch, as tenglong fetch runs it — every new message of the
// campaign's mailbox archived first, then judged with ingest's checks — holding the
// uploads' lock while each message is judged, and each judged return announced to
// the board.

// mailPassword adds the password to srv from the environment variable the campaign
// names: the console has no terminal to ask at.
func mailPassword(m *campaign.Mail, srv *mail.Server) error {
	if m.Username == "" {
		return nil
	}
	pw, ok := os.LookupEnv(m.PasswordEnv)
	if !ok {
		return fmt.Errorf("需要邮箱 %s 的密码：请关闭控制台，把密码（授权码）放进环境变量 %s 后重新启动 tenglong serve", m.Username, m.PasswordEnv)
	}
	srv.Password = pw
	return nil
}

func (s *Server) runFetch(in *runInput, out *jobOut) error {
	m, err := s.needMail()
	if err != nil {
		return err
	}
	srv := outbox.Settings(m, true)
	if err := mailPassword(m, &srv); err != nil {
		return err
	}
	f, err := intake.Fetch(srv, m.Mailbox, intake.FetchOptions{Campaign: s.c, Store: s.db, Key: s.key, Workers: s.cfg.Workers,
		Now: s.cfg.Now, Lock: &s.writeMu,
		Progress: func(stage string, done, total int) {
			switch {
			case done == 0 && stage == "收信":
				out.Line("邮箱里有 %d 封新邮件，正在收取……", total)
			case done == 0:
				out.Line("正在检查 %d 封邮件里的报送文件……", total)
			case done == total || done%20 == 0:
				out.Line("%s：%d/%d", stage, done, total)
			}
		}})
	if f != nil {
		for _, r := range f.Reports {
			out.Line("%s  %s：%s", outcomeLabels[r.Outcome], r.UnitName, r.Path)
			if r.Unit != "" {
				s.events.publish(event{Unit: r.Unit, Period: r.Period, Outcome: r.Outcome})
			}
		}
		for _, sk := range f.Skipped {
			out.Line("跳过  %s：%s", sk.Mail, sk.Reason)
		}
		if len(f.Bounces) > 0 {
			out.Line("投递失败 %d 个地址：请在 campaign.yaml 里改正这些单位的联系人邮箱，再发送，只会重发给改过地址的单位。", len(f.Bounces))
		}
	}
	if err != nil {
		return err
	}
	if f.DownloadErr != nil {
		var me *mail.Error
		if errors.As(f.DownloadErr, &me) {
			return fmt.Errorf("%s；已收到的 %d 封都已存档入库，再点一次会接着收", mail.Explain(srv, f.DownloadErr), f.Taken)
		}
		return f.DownloadErr
	}
	out.Summary("收取新邮件 %d 封，其中报送文件 %d 个（退回 %d 个），跳过 %d 封。报送情况页已更新。", f.Taken, len(f.Reports), f.Rejected, len(f.Skipped))
	return nil
}
