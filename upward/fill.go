package upward

import (
	"errors"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/workbook"
)

// NotTemplateError: the file given as the city's template is not a tenglong template.
type NotTemplateError struct{ Err error }

func (e *NotTemplateError) Error() string {
	return "不是 tenglong 生成的填报模板：" + e.Err.Error()
}

// Fill is `tenglong upward` and the console's 上报上级 alike: it reads the city's
// template (its bytes as the city sent them), builds the county's return from the
// consolidation k and types it into the template's input cells, leaving every other
// byte as the city wrote it. A template that is not tenglong's is a *NotTemplateError;
// a return that may not be made (units missing without partial, another county's or
// period's template) a *Refusal.
func Fill(c *campaign.Campaign, k *score.Consolidation, template []byte, partial bool) (*Return, []byte, error) {
	pt, err := workbook.ReadParentTemplate(template)
	if err != nil {
		return nil, nil, &NotTemplateError{err}
	}
	ret, err := Build(c, k, pt, k.Period, partial)
	if err != nil {
		return nil, nil, err
	}
	out, err := workbook.FillParentTemplate(template, ret.Cells, ret.GuideLines, ret.Detail)
	if err != nil {
		return nil, nil, err
	}
	return ret, out, nil
}

// IsRefusal reports whether err says the return may not be made as asked.
func IsRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r)
}
