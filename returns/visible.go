package returns

import (
	"tenglong/campaign"
	"tenglong/workbook"
)

// CodeMetadataMissing: identified by what the sheet shows, with less certainty.
var CodeMetadataMissing = define("metadata-missing", SeverityWarning, "the template's metadata is gone; unit and period were read from the visible title")

// FromVisible rebuilds a return from what a workbook shows when its metadata was lost
// (cells copied into a new file): the unit and period from the 指标填报 title, the
// values by indicator name. Only 指标填报 can be read this way; lists and tasks need
// the original template. ok is false when the title names no unit or period of the
// campaign: the file is then not a template at all.
func FromVisible(c *campaign.Campaign, v *workbook.Visible) (*workbook.Return, []Finding, bool) {
	var unit campaign.Unit
	found := false
	for _, u := range c.Units {
		if u.Name == v.UnitName {
			unit, found = u, true
		}
	}
	period, err := campaign.ParsePeriodLabel(v.PeriodLabel)
	if !found || err != nil {
		return nil, nil, false
	}
	ret := &workbook.Return{Rebuilt: true, Metadata: workbook.Metadata{Format: workbook.TemplateFormat, Campaign: c.ID,
		Fingerprint: c.Fingerprint(), Unit: unit.Code, UnitName: unit.Name, Period: period.String()}}
	findings := []Finding{newFinding(CodeMetadataMissing, "", "",
		"这个文件缺少模板信息（可能是把内容复制到了新文件里），已按“%s”表的标题识别为%s %s，只读取了指标填报；请核对，以后请直接在发下去的模板上填写",
		v.Sheet, unit.Name, period.Label())}
	byName := map[string]*campaign.Indicator{}
	for i := range c.Indicators {
		byName[c.Indicators[i].Name] = &c.Indicators[i]
	}
	for _, row := range v.Rows {
		ind, ok := byName[row.Name]
		if !ok {
			findings = append(findings, newFinding(CodeUnknownInput, v.Sheet, row.ValueRef(), "指标“%s”不在本行动里，这一行不会采用", row.Name))
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
	return ret, findings, true
}
