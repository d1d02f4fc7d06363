package gofpdf

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// sample lays out pages of rectangles and text in a core font, portrait and
// landscape, with a footer, streamed to w when w is not nil.
func sample(w *bytes.Buffer, pages int) *Fpdf {
	pdf := New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(time.Date(2023, 10, 20, 0, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2023, 10, 20, 0, 0, 0, 0, time.UTC))
	if w != nil {
		pdf.StreamTo(w)
	}
	pdf.SetFont("Helvetica", "", 12)
	pdf.SetFooterFunc(func() { pdf.Text(100, 290, strings.Repeat("-", pdf.PageNo())) })
	for i := 0; i < pages; i++ {
		if i%3 == 2 {
			pdf.AddPageFormat("L", SizeType{Wd: 210, Ht: 297})
		} else {
			pdf.AddPage()
		}
		for j := 0; j < 40; j++ {
			pdf.Rect(10, float64(10+5*j), 50, 5, "D")
			pdf.Text(12, float64(14+5*j), strings.Repeat("tenglong ", j%7+1))
		}
	}
	return pdf
}

// TestStreamSameBytes: a streamed document is the very file Output writes
// otherwise, and Output adds to the stream only what comes after the pages.
func TestStreamSameBytes(t *testing.T) {
	for _, pages := range []int{1, 2, 7} {
		var whole, streamed bytes.Buffer
		if err := sample(nil, pages).Output(&whole); err != nil {
			t.Fatal(err)
		}
		pdf := sample(&streamed, pages)
		if pages > 2 && streamed.Len() == 0 { // a page is written once the next is finished
			t.Errorf("%d pages: nothing written before Output", pages)
		}
		if err := pdf.Output(&streamed); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(whole.Bytes(), streamed.Bytes()) {
			t.Errorf("%d pages: streamed PDF differs from the whole one (%d and %d bytes)", pages, streamed.Len(), whole.Len())
		}
	}
}

// TestStreamRefuses: what needs a finished page again is an error, not a wrong file.
func TestStreamRefuses(t *testing.T) {
	for name, use := range map[string]func(*Fpdf){
		"alias":   func(p *Fpdf) { p.AliasNbPages("") },
		"link":    func(p *Fpdf) { p.AddLink() },
		"setpage": func(p *Fpdf) { p.AddPage(); p.SetPage(1) },
		"late":    func(p *Fpdf) { p.AddPage(); p.StreamTo(&bytes.Buffer{}) },
	} {
		var out bytes.Buffer
		pdf := New("P", "mm", "A4", "")
		if name != "late" {
			pdf.StreamTo(&out)
		}
		pdf.SetFont("Helvetica", "", 12)
		pdf.AddPage()
		use(pdf)
		pdf.AddPage()
		if err := pdf.Output(&out); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
