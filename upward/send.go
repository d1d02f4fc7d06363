package upward

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"tenglong/campaign"
	"tenglong/internal/fileout"
	"tenglong/mail"
	"tenglong/outbox"
	"tenglong/store"
	"tenglong/templates"
	"tenglong/workbook"
)

// Message is the mail that takes a county's filled return (data, read from name: a
// path, said in errors, whose last element names the attachment) to its
// city's contact (parent.contact), worded by the workspace's templates/upward-*.txt:
// `send --upward` and the console's 发送上报文件 both deliver it through outbox, keyed
// by the file's sha256 so the same file is never sent twice. A file that is not this
// county's return for period p is refused with what it is.
func Message(workspace string, c *campaign.Campaign, p campaign.Period, name string, data []byte) (outbox.Message, error) {
	if c.Parent == nil {
		return outbox.Message{}, fmt.Errorf("campaign.yaml 没有上级行动 parent：只有用 tenglong init --from-template 建立的工作目录才能向上报送")
	}
	to := c.Parent.Contact.Email
	if to == "" {
		return outbox.Message{}, fmt.Errorf("campaign.yaml 的 parent 里没有上级联系人邮箱：请写上 contact: {name: …, email: …}（第 %d 行起），或把 %s 作为附件手工发给上级", c.Parent.Line, name)
	}
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("%s 不是填好的上级模板：%v", name, err)
	}
	if md := ret.Metadata; md.Campaign != c.Parent.Campaign || md.Unit != c.Parent.Unit || md.Period != p.String() {
		return outbox.Message{}, fmt.Errorf("%s 是行动 %s、单位 %s、期次 %s 的模板，不是本级（%s，%s）%s 的报送：请发 tenglong upward --period %s 生成的文件",
			name, md.Campaign, md.Unit, md.Period, c.Parent.Campaign, c.Parent.Unit, p, p)
	}
	detail, err := workbook.ReadDetailSheet(data)
	if err != nil {
		return outbox.Message{}, err
	}
	if detail == nil {
		return outbox.Message{}, fmt.Errorf("%s 没有“明细”表，不是 tenglong upward 生成的报送：请先运行 tenglong upward --period %s", name, p)
	}
	units, missing := Coverage(detail)
	county := c.Parent.UnitName
	attachment := fileout.SafeName(filepath.Base(name))
	td := templates.Upward{Unit: county, Campaign: strings.TrimPrefix(c.Title, county+"："), Period: p.String(), PeriodLabel: p.Label(),
		Recipient: c.Parent.Contact.Name, Attachment: attachment, Units: units, Partial: len(missing) > 0, Missing: strings.Join(missing, "、"),
		Issuer: c.Issuer, ContactName: c.Contact.Name, ContactPhone: c.Contact.Phone, ContactEmail: c.Contact.Email}
	subject, err := templates.Render(workspace, "upward-subject.txt", td)
	if err != nil {
		return outbox.Message{}, err
	}
	body, err := templates.Render(workspace, "upward-body.txt", td)
	if err != nil {
		return outbox.Message{}, err
	}
	sum := sha256.Sum256(data)
	return outbox.Message{Key: store.MailKey{Campaign: c.ID, Period: p.String(), Unit: c.Parent.Unit, Kind: "upward", Ref: hex.EncodeToString(sum[:])},
		UnitName: "上级（" + strings.TrimSpace(c.Parent.Contact.Name+" "+to) + "）", To: to,
		Draft: mail.Draft{To: to, ToName: c.Parent.Contact.Name, Subject: strings.TrimSpace(subject), Body: body,
			Attachment: mail.Attachment{Name: attachment, Data: data}}}, nil
}
