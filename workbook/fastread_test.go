package workbook

import (
	"reflect"
	"testing"

	"tenglong/seeds"
)

// The fast path and excelize read the same values from every seed's templates, blank
// and filled with numbers, text, entities and line breaks.
func TestFastReadMatchesExcelize(t *testing.T) {
	for _, id := range seeds.IDs() {
		c := seedCampaign(t, id)
		periods := c.Span.Periods(c.Cadence)
		p := periods[len(periods)-1]
		for i, u := range c.Units {
			if i > 2 {
				break
			}
			blank := templateFor(t, c, u.Code, p.String(), nil)
			ret, err := readTemplateExcelize(blank)
			if err != nil {
				t.Fatal(err)
			}
			typed := map[string]string{}
			texts := []string{"1234.56", "0.1", "-3", "a & b <c> \"引号\"", "第一行\n第二行", "  前后空格  ", "完成", "１２３"}
			for j, v := range ret.Values {
				typed[v.Sheet+"!"+v.Cell] = texts[j%len(texts)]
			}
			filled, err := FillInputs(blank, typed)
			if err != nil {
				t.Fatal(err)
			}
			for _, data := range [][]byte{blank, filled} {
				fast, err := readTemplateFast(data)
				if err != nil {
					t.Fatalf("%s %s: fast path declined a template of our own: %v", id, u.Code, err)
				}
				slow, err := readTemplateExcelize(data)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(fast, slow) {
					t.Errorf("%s %s: fast and excelize reads differ", id, u.Code)
				}
			}
		}
	}
}

func TestFastReadDeclinesWhatItDoesNotRead(t *testing.T) {
	c := seedCampaign(t, "huzhou-2023")
	blank := templateFor(t, c, "wuxing", "2023Q3", nil)
	escaped, err := FillInputs(blank, map[string]string{"指标填报!J4": "_x000D_ 回车"})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"garbage": []byte("PK\x03\x04 nonsense"), "escapes": escaped, "truncated": blank[:len(blank)/2]} {
		if _, err := readTemplateFast(data); err == nil {
			t.Errorf("%s: the fast path read it", name)
		}
	}
	// Through ReadTemplate the escaped one still reads, via excelize.
	ret, err := ReadTemplate(escaped)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range ret.Values {
		if v.Cell == "J4" && v.Raw == "" {
			t.Error("the escaped note was lost")
		}
	}
}
