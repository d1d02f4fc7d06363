package results

import (
	"bytes"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/report"
)

// TestBulletinStreamed: a bulletin written to BulletinOptions.PDF as it is laid out
// has the bytes of the one Bulletin returns, and PDFOnly (no .docx asked) builds no
// model while the PDF stays the same.
func TestBulletinStreamed(t *testing.T) {
	c, probs := campaign.LoadAndCheck(corpus.Campaign(corpus.Size{Units: 30, Indicators: 12}))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	p, _ := campaign.ParsePeriod("2022Q3")
	r, err := Assemble(c, emptyStore(t), p) // nothing received: every unit 未报, 四's tables drawn all the same
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := report.FindFonts(t.TempDir(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	o := BulletinOptions{Workspace: t.TempDir(), Date: time.Date(2022, 10, 20, 0, 0, 0, 0, c.Location()), Fonts: fonts}
	whole, err := Bulletin(c, r, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.PDF) == 0 || whole.Model == nil || len(whole.Model.Blocks) == 0 {
		t.Fatalf("Bulletin gave %d PDF bytes and model %v", len(whole.PDF), whole.Model)
	}
	for _, pdfOnly := range []bool{false, true} {
		var w bytes.Buffer
		o.PDF, o.PDFOnly = &w, pdfOnly
		doc, err := Bulletin(c, r, o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.Bytes(), whole.PDF) || doc.PDF != nil {
			t.Errorf("PDFOnly %v: %d bytes written (Document.PDF %d), want the %d of the whole bulletin", pdfOnly, w.Len(), len(doc.PDF), len(whole.PDF))
		}
		if (doc.Model == nil) != pdfOnly {
			t.Errorf("PDFOnly %v: model %v", pdfOnly, doc.Model != nil)
		}
		if doc.Pages != whole.Pages || doc.IssueNo != whole.IssueNo || doc.Body != whole.Body {
			t.Errorf("PDFOnly %v: %d pages, 第%d期, %s; want %d, %d, %s", pdfOnly, doc.Pages, doc.IssueNo, doc.Body, whole.Pages, whole.IssueNo, whole.Body)
		}
	}
}
