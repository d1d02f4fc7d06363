package returns

import (
	"tenglong/campaign"
	"tenglong/workbook"
)

// CodeMetadataMissing: the signed metadata is gone, so whose return it is rests on what
// the sheet shows, which anyone can type: the file is held (待确认), never accepted on
// its own.
var CodeMetadataMissing = define("metadata-missing", SeverityError, "the template's signed metadata is gone; unit and period were read from the visible title and the file is held for the office to confirm")

// heldAdvice ends the message of a file held for the office: what happens to it and
// what each side does next.
const heldAdvice = "已暂存为“待确认”：不计入汇总，也不替换该单位已采用的数据。办公室向该单位核实后，" +
	"在控制台该单位的页面上（或用命令 tenglong confirm）确认为该单位的报送；单位请直接在下发的模板上填写后重新报送"

// FromVisible rebuilds a return from what a workbook shows when its metadata was lost
// (cells copied into a new file, or the hidden sheet deleted): the unit and period
// from the 指标填报 title, the values by indicator name, with a metadata-missing
// finding. Only 指标填报 can be read this way; lists and tasks need the original
// template. ok is false when the title names no unit or period of the campaign: the
// file is then not a template at all.
func FromVisible(c *campaign.Campaign, v *workbook.Visible) (*workbook.Return, []Finding, bool) {
	unit, period, ok := claim(c, v.UnitName, v.PeriodLabel)
	if !ok {
		return nil, nil, false
	}
	ret, findings := Rebuild(c, v, unit, period)
	missing := newFinding(CodeMetadataMissing, "", "",
		"这个文件没有本办公室签名的模板信息（隐藏的元数据表被删除，或内容被复制到了新文件里），“%s”表的标题写的是%s %s，但无法确认真是该单位这一期的报送。%s",
		v.Sheet, unit.Name, period.Label(), heldAdvice)
	return ret, append([]Finding{missing}, findings...), true
}

// Claim is the unit and period a return's 指标填报 title names (its first title
// cell), when they are a unit and a period label of the campaign: whose return the
// file looks like to a person, whatever its metadata says.
func Claim(c *campaign.Campaign, titles []workbook.TitleCell) (campaign.Unit, campaign.Period, bool) {
	for _, t := range titles {
		if t.ShowsUnit && t.ShowsPeriod {
			return claim(c, t.Unit, t.Period)
		}
	}
	return campaign.Unit{}, campaign.Period{}, false
}

func claim(c *campaign.Campaign, unitName, periodLabel string) (campaign.Unit, campaign.Period, bool) {
	var unit campaign.Unit
	found := false
	for _, u := range c.Units {
		if u.Name == unitName {
			unit, found = u, true
		}
	}
	period, err := campaign.ParsePeriodLabel(periodLabel)
	return unit, period, found && err == nil
}

// HeldSignature is the finding of a file held because its metadata is there but not
// signed with this workspace's key (edited, unsigned, or made in another workspace),
// while its title names unit and period.
func HeldSignature(m workbook.Metadata, unit campaign.Unit, period campaign.Period) Finding {
	why := "模板的隐藏信息与本办公室的签名不符（模板被改动过，或是别的工作目录生成的）"
	if m.Signature == "" {
		why = "模板没有本办公室的签名（不是本办公室本次下发的模板，或签名被删除）"
	}
	return newFinding(CodeSignatureInvalid, "", "", "%s，表上写的是%s %s，但无法确认真是该单位这一期的报送。%s",
		why, unit.Name, period.Label(), heldAdvice)
}

// Rebuild reads a return from what its 指标填报 sheet shows, as unit's return for
// period: the values by indicator name, the target cells against the campaign's
// targets for that unit. It adds no finding about the missing metadata: FromVisible
// does for ingest; the office's confirmation (tenglong confirm) names the unit itself.
func Rebuild(c *campaign.Campaign, v *workbook.Visible, unit campaign.Unit, period campaign.Period) (*workbook.Return, []Finding) {
	ret := &workbook.Return{Rebuilt: true, Metadata: workbook.Metadata{Format: workbook.TemplateFormat, Campaign: c.ID,
		Fingerprint: c.Fingerprint(), Unit: unit.Code, UnitName: unit.Name, Period: period.String()}}
	var findings []Finding
	byName := map[string]*campaign.Indicator{}
	for i := range c.Indicators {
		byName[c.Indicators[i].Name] = &c.Indicators[i]
	}
	for _, row := range v.Rows {
		ind, ok := byName[row.Name]
		if !ok {
			findings = append(findings, newFinding(CodeUnknownInput, v.Sheet, row.ValueRef(), "指标%s不在本行动里，这一行不会采用", campaign.Quote(row.Name)))
			continue
		}
		add := func(kind, ref, raw, target string) {
			in := workbook.InputCell{Kind: kind, Key: ind.ID, Sheet: v.Sheet, Ref: ref, Target: target}
			ret.Metadata.Inputs = append(ret.Metadata.Inputs, in)
			ret.Values = append(ret.Values, workbook.CellValue{InputCell: in, Cell: ref, Row: -1, Raw: raw})
		}
		if t, _, ok := c.TargetFor(ind, unit.Code, period); ok && t.Form == campaign.TargetNumber {
			add(workbook.InputTarget, row.TargetRef(), row.Target, t.NumberText())
		}
		add(workbook.InputValue, row.ValueRef(), row.Value, "")
		add(workbook.InputNote, row.NoteRef(), row.Note, "")
	}
	return ret, findings
}
