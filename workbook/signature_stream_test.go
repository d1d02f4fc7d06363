package workbook

import (
	"fmt"
	"strings"
	"testing"
)

// TestSignUnchanged: the signature of a metadata is what it was when the signed text
// was built in one buffer (the hex below was computed then): templates issued before
// still verify. The metadata has inputs enough, and one field long enough, to cross
// the chunks the text is written in.
func TestSignUnchanged(t *testing.T) {
	m := Metadata{Format: TemplateFormat, Campaign: "c", Fingerprint: "f", Unit: "u", UnitName: strings.Repeat("名", 3000),
		Period: "2022Q3", Generated: "2022-10-01", Deadline: "2022-10-10"}
	for i := range 2000 {
		m.Inputs = append(m.Inputs, InputCell{Kind: InputListColumn, Key: fmt.Sprintf("l.c%d", i), Sheet: "清单", Ref: fmt.Sprintf("C%d:C%d", i+4, i+303), Target: fmt.Sprint(i)})
	}
	const want = "0e60be98960f90071de6d38e1eb6f74d0bf569fd811d3dcfb377d6a44981b161"
	if got := m.Sign([]byte("key")); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
	m.Signature = m.Sign([]byte("key"))
	if !m.SignedBy([]byte("key")) || m.SignedBy([]byte("other")) {
		t.Error("SignedBy does not verify its own signature under the key alone")
	}
}
