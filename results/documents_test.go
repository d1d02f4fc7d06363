package results

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/report"
	"tenglong/seeds"
	"tenglong/store"
)

// TestBulletinStreamed: a bulletin written to BulletinOptions.PDF as it is laid out
// has the bytes of the one Bulletin returns, and PDFOnly (no .docx asked) builds no
// model while the PDF stays the same.
func TestBulletinStreamed(t *testing.T) {
	data, ok := seeds.Get("huzhou-2023")
	if !ok {
		t.Fatal("no seed huzhou-2023")
	}
	c, probs := campaign.Load(data)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sha, _, err := db.PutFile([]byte("anji"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordSubmission(store.Submission{Campaign: c.ID, Unit: "anji", Period: "2023Q3", SHA256: sha, SourcePath: "anji.xlsx",
		ReceivedAt: time.Date(2023, 10, 8, 1, 0, 0, 0, time.UTC), Outcome: store.Accepted,
		Values: []store.Value{{Indicator: "inefficient-firms", Value: "200", Cell: "G8"}}}); err != nil {
		t.Fatal(err)
	}
	p, _ := campaign.ParsePeriod("2023Q3")
	r, err := Assemble(c, db, p)
	if err != nil {
		t.Fatal(err)
	}
	fonts, err := report.FindFonts(t.TempDir(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	o := BulletinOptions{Workspace: t.TempDir(), Date: time.Date(2023, 10, 20, 0, 0, 0, 0, c.Location()), Fonts: fonts}
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
