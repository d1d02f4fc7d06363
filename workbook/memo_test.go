package workbook

import (
	"encoding/xml"
	"fmt"
	"reflect"
	"testing"
)

// TestUnmarshalMemoMatchesDecoder: a part answered from the memo decodes exactly as
// encoding/xml decodes it — values, partial values of a malformed part, and errors —
// on the first read and on later ones, into either type, whatever was kept before.
func TestUnmarshalMemoMatchesDecoder(t *testing.T) {
	const relNS = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	parts := []string{
		`<Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="t" Target="a&amp;b.xml"/></Relationships>`,
		`<Relationships><Relationship Id="rId1" Type="t" Target="worksheets/sheet2.xml"/></Relationships>`,
		`<Relationships><Relationship Id="rId1" Type="t" Target="x.xml"/><Relationship Id="rId2"`, // cut short: partial
		`<workbook ` + relNS + `><sheets><sheet name="指标填报" r:id="rId1"/><sheet name="清单" r:id="rId2"/></sheets></workbook>`,
		`<workbook xmlns:x="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="a" x:id="rId9"/></sheets></workbook>`,
		`<workbook ` + relNS + `><sheets><sheet name="a" r:id="rId1"/></sheets>`, // not closed
		`not xml at all`,
	}
	for round := range 3 { // miss, then hits, then hits after the memo turned over
		for i, x := range parts {
			for _, fresh := range []func() any{func() any { return &relationships{} }, func() any { return &workbookSheets{} }} {
				want, got := fresh(), fresh()
				wantErr := xml.Unmarshal([]byte(x), want)
				gotErr := unmarshalMemo([]byte(x), got)
				if !reflect.DeepEqual(got, want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
					t.Errorf("round %d, part %d into %T: memo %+v, %v; decoder %+v, %v", round, i, want, got, gotErr, want, wantErr)
				}
			}
		}
		if round == 1 { // turn the memo over with other parts
			for i := range memoParts {
				unmarshalMemo([]byte(fmt.Sprintf(`<Relationships><Relationship Id="r%d"/></Relationships>`, i)), &relationships{})
			}
		}
	}
}
