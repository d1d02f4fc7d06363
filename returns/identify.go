package returns

import (
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
			"文件里没有行动代码，认不出是哪项行动的模板（元数据缺失或被改动）：请用本行动“%s”的最新模板重新填报", c.Title))
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
	return fingerprint == c.TemplateFingerprint(unit, p) || fingerprint == c.Fingerprint()
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
