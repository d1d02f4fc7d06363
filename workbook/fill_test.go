package workbook

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestFillInputs(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	data, err := FillInputs(templateFor(t, c, "anji", "2023Q3", nil), map[string]string{
		"指标填报!H4": "1.2", "指标填报!J4": "口径说明", "指标填报!H5": "abc",
	})
	if err != nil {
		t.Fatal(err)
	}
	ret, err := ReadTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range ret.Values {
		got[v.Cell] = v.Raw
	}
	if got["H4"] != "1.2" || got["J4"] != "口径说明" || got["H5"] != "abc" {
		t.Errorf("read back %v", got)
	}
	f := open(t, data)
	if typ, _ := f.GetCellType(indicatorSheet, "H4"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Error("a number was stored as text")
	}
	if typ, _ := f.GetCellType(indicatorSheet, "H5"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("text stored as type %v", typ)
	}
}
