package returns

import (
	"fmt"
	"time"

	"tenglong/campaign"
	"tenglong/workbook"
)

// Identify says whose return a template is, from its metadata: the unit and the
// period, with findings when it is another campaign's template, of a format version
// this program does not read, of a unit the campaign does not have, of a period outside
// the campaign, or made from an earlier definition of the campaign (a warning).
// When it finds an error the unit and period returned may be zero: the return cannot be
// checked further.
func Identify(c *campaign.Campaign, m workbook.Metadata) (campaign.Unit, campaign.Period, []Finding) {
	var fs []Finding
	if m.Campaign == "" {
		fs = append(fs, newFinding(CodeWrongCampaign, "", "",
			"文件里没有行动代码，认不出是哪项行动的模板（元数据缺失或被改动）：请用本行动%s的最新模板重新填报", campaign.Quote(c.Title)))
		return campaign.Unit{}, campaign.Period{}, fs
	}
	if m.Campaign != c.ID {
		fs = append(fs, newFinding(CodeWrongCampaign, "", "",
			"这是行动“%s”的填报模板，不是本行动“%s”（%s）的：请确认文件没有发错，或用本行动的模板重新填报", m.Campaign, c.ID, c.Title))
		return campaign.Unit{}, campaign.Period{}, fs
	}
	if m.Format != workbook.TemplateFormat {
		fs = append(fs, newFinding(CodeUnknownFormat, "", "",
			"模板格式版本“%s”无法识别（本程序读取第 %s 版）：请用最新模板重新填报", m.Format, workbook.TemplateFormat))
	}
	unit, ok := reportingUnit(c, m.Unit)
	if !ok {
		name := ""
		if m.UnitName != "" {
			name = "（" + m.UnitName + "）"
		}
		fs = append(fs, newFinding(CodeUnknownUnit, "", "",
			"模板的填报单位“%s”%s不是本行动的责任单位：请用发给本单位的最新模板重新填报", m.Unit, name))
	}
	period, err := c.ReportingPeriod(m.Period)
	if err != nil {
		fs = append(fs, newFinding(CodeBadPeriod, "", "", "模板的期次不对：%s；请用本期的模板重新填报", err))
	}
	if ok && err == nil && !sameDefinition(c, m.Fingerprint, unit.Code, period) {
		fs = append(fs, newFinding(CodeDefinitionChanged, "", "",
			"这份模板生成之后，行动定义（campaign.yaml）又改过：请核对表中的指标、目标、清单列和任务与现在的定义是否一致；"+
				"不一致时请用 tenglong generate 重新生成该单位的模板，请对方重新填报"))
	}
	return unit, period, fs
}

// sameDefinition reports whether a template's fingerprint matches what the campaign
// would put in this unit's template for this period now. Templates made before the
// fingerprint covered only the template carry the whole definition's hash: equal, it
// still proves nothing changed.
func sameDefinition(c *campaign.Campaign, fingerprint, unit string, p campaign.Period) bool {
	return fingerprint == c.MemoTemplateFingerprint(unit, p) || fingerprint == c.Fingerprint()
}

// reportingUnit is the unit with the code; the total row (全市) never reports.
func reportingUnit(c *campaign.Campaign, code string) (campaign.Unit, bool) {
	for _, u := range c.Units {
		if u.Code == code {
			return u, true
		}
	}
	return campaign.Unit{}, false
}

// Finding codes of who sent a return (see also CodeMetadataMissing).
var (
	CodeSignatureInvalid   = define("signature-invalid", SeverityError, "the template's metadata is not signed with this workspace's key: edited (unit, period, input addresses) or not issued by this office")
	CodeTitleMismatch      = define("title-mismatch", SeverityError, "a visible title (指标填报 title, 填报说明 unit or period) names another unit or period than the metadata")
	CodeSignatureUnchecked = define("signature-unchecked", SeverityWarning, "no workspace key to hand (validate away from the office's database): the signature was not checked")
	CodeSenderMismatch     = define("sender-mismatch", SeverityWarning, "the saved mail's From is not the unit's contact email in campaign.yaml")
	CodeMailDateIgnored    = define("mail-date-ignored", SeverityWarning, "the saved mail's Date is after the ingest time or before the period starts; the ingest time is used")
)

// checkSignature verifies the metadata's signature under the workspace's key: the
// office alone holds the key, so a return whose hidden sheet was edited — to claim a
// neighbour's unit, another period, or to move an input — or that was made elsewhere
// fails here, before anything of it is read as the unit's data.
// signed is m.SignedBy(key).
func checkSignature(m workbook.Metadata, signed bool) []Finding {
	if signed {
		return nil
	}
	claim := m.Unit
	if m.UnitName != "" {
		claim = m.UnitName + "（" + m.Unit + "）"
	}
	if m.Signature == "" {
		return []Finding{newFinding(CodeSignatureInvalid, "", "",
			"这份模板没有本办公室的签名，不是本办公室本次下发的模板（或是在启用签名之前生成的旧模板），无法确认它是%s %s的报送："+
				"请下载/使用本次下发的模板重新填报（办公室可用 tenglong generate 重新生成该单位的模板）", claim, m.Period)}
	}
	return []Finding{newFinding(CodeSignatureInvalid, "", "",
		"模板的隐藏信息与本办公室的签名不符：模板被改动过（例如改了填报单位、期次或填报位置），或不是本办公室下发的，"+
			"不能当作%s %s的报送：请下载/使用本次下发的模板重新填报，不要改动模板", claim, m.Period)}
}

// checkTitles compares what the sheets show (the 指标填报 title, 填报说明's 填报单位
// and 填报期次) with the metadata's unit and period: a title re-typed to another unit
// would print and read as that unit's return while the data counted for this one.
func checkTitles(m workbook.Metadata, unit campaign.Unit, period campaign.Period, titles []workbook.TitleCell) []Finding {
	name := m.UnitName
	if name == "" {
		name = unit.Name
	}
	label := period.Label()
	var fs []Finding
	for _, t := range titles {
		if (!t.ShowsUnit || t.Unit == name) && (!t.ShowsPeriod || t.Period == label) {
			continue
		}
		shown := "“" + t.Text + "”"
		if t.Text == "" {
			shown = "空的"
		}
		fs = append(fs, newFinding(CodeTitleMismatch, t.Sheet, t.Cell,
			"表上显示的是%s，模板信息却是 %s %s：表上的单位或期次被改过，无法确认是哪个单位哪一期的报送。"+
				"请使用本单位本期下发的模板重新填报，不要改动标题", shown, name, label))
	}
	return fs
}

// SignatureUnchecked says that a return's signature was not checked because the
// workspace's key was not at hand (validate without the office's database).
func SignatureUnchecked() Finding {
	return newFinding(CodeSignatureUnchecked, "", "",
		"本工作目录没有办公室的模板签名（没有 tenglong.db），没有核对模板是否被改动：报送后办公室回收时会核对")
}

// SenderMismatch warns that a return came in a mail from an address that is not the
// unit's contact email in campaign.yaml.
func SenderMismatch(from, unitName, contact string) Finding {
	return newFinding(CodeSenderMismatch, "", "",
		"邮件发件人 %s 不是%s在行动定义里登记的联系邮箱（%s）：请向%s核实这份报送是否由该单位发出；如果联系邮箱换了，请更新 campaign.yaml",
		from, unitName, contact, unitName)
}

// MailDateIgnored warns that a mail's Date (the sender's clock) is after the ingest
// time or before the period starts, so the ingest time is taken as the received time.
func MailDateIgnored(date, ingest, periodStart time.Time) Finding {
	why := "晚于现在的回收时间"
	if !date.After(ingest) {
		why = fmt.Sprintf("早于本期开始（%s）", periodStart.Format("2006-01-02"))
	}
	return newFinding(CodeMailDateIgnored, "", "",
		"邮件的发送时间（Date）%s%s，不可能是收到的时间（发件电脑的时钟可能不准）：已按回收时间 %s 记为收到时间，迟报按此判断",
		date.Format("2006-01-02 15:04 -0700"), why, ingest.Format("2006-01-02 15:04 -0700"))
}
