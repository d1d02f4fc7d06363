package main

// The .docx twin of the bulletin and the notices (issue 18): read by Debian's
// python3-docx (styles, page setup, grid, footers, every paragraph's text, which
// must be the PDF's paragraph for paragraph) and converted by LibreOffice to PDF,
// whose pages pass the same geometry checks as tenglong's own PDF: A4, text inside
// the 版心, body lines 28 characters on a 10.2 mm pitch, page numbers on the outer
// side, nothing overprinted, no name cut.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tenglong/internal/testtool"
)

// docxProbe is what python-docx reads of a .docx.
type docxProbe struct {
	Margins    []float64         `json:"margins"` // top, left, right, bottom (mm) of the first section
	Page       []float64         `json:"page"`
	OddEven    bool              `json:"odd_even"`
	EvenFooter bool              `json:"even_footer"`
	LinePitch  []string          `json:"line_pitch"`
	Styles     map[string]string `json:"styles"` // name → East Asian font
	Paragraphs []struct {
		Style string `json:"style"`
		Text  string `json:"text"`
	} `json:"paragraphs"`
	Tables      int `json:"tables"`
	HeaderRows  int `json:"header_rows"`
	Pictures    int `json:"pictures"`
	Landscape   int `json:"landscape_sections"`
	OddSections int `json:"odd_page_sections"`
}

const probeScript = `
import sys, json, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
s = d.sections[0]
out = {
  "margins": [s.top_margin.mm, s.left_margin.mm, s.right_margin.mm, s.bottom_margin.mm],
  "page": [s.page_width.mm, s.page_height.mm],
  "odd_even": bool(d.settings.odd_and_even_pages_header_footer),
  "even_footer": len(s.even_page_footer.paragraphs) > 0 and "PAGE" in s.even_page_footer._element.xml,
  "line_pitch": [x for sec in d.sections for x in sec._sectPr.xpath("w:docGrid/@w:linePitch")],
  "styles": {},
  "paragraphs": [{"style": p.style.name, "text": p.text} for p in d.paragraphs],
  "tables": len(d.tables),
  "header_rows": sum(1 for t in d.tables for r in t.rows if r._tr.xpath("w:trPr/w:tblHeader")),
  "pictures": len(d.inline_shapes),
  "landscape_sections": sum(1 for sec in d.sections if sec.orientation == 1),
  "odd_page_sections": sum(1 for sec in d.sections if sec.start_type == 4),
}
for st in d.styles:
  if st.type == 1:
    rpr = st.element.rPr
    east = None
    if rpr is not None and rpr.rFonts is not None:
      east = rpr.rFonts.get(qn("w:eastAsia"))
    out["styles"][st.name] = east or ""
print(json.dumps(out, ensure_ascii=False))
`

func probeDocx(t *testing.T, path string) docxProbe {
	t.Helper()
	py := testtool.Python(t, "docx")
	script := filepath.Join(t.TempDir(), "probe.py")
	if err := os.WriteFile(script, []byte(probeScript), 0o644); err != nil {
		t.Fatal(err)
	}
	var p docxProbe
	if err := json.Unmarshal([]byte(testtool.Run(t, py, script, path)), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// pdfParagraphs rebuilds the body paragraphs of a PDF from its 3号 lines: a line
// indented two characters starts one, a line at the block's edge under a line that
// filled the block continues it.
func pdfParagraphs(lines []bodyLine) []string {
	cell := 156.0 / 28
	var out []string
	open := false
	for i, l := range lines {
		switch {
		case near(l.x0, 28+2*cell, 0.5):
			out = append(out, l.text)
			open = true
		case open && near(l.x0, 28, 0.5) && i > 0 && near(lines[i-1].x1, 184, 0.8):
			out[len(out)-1] += l.text
		default:
			open = false
		}
	}
	return out
}

// TestDocxTwin: for every seed the bulletin's and the notices' .docx has the styles
// named for their role with the offices' fonts, the PDF's margins, 22 grid lines,
// odd and even footers, tables with repeating header rows, the chart's pictures,
// landscape sections where the PDF turns, a section per letter starting on an odd
// page, and the PDF's body paragraphs word for word; LibreOffice's rendering of it
// keeps the 版心 and the grid, overprints nothing and puts page numbers outside.
func TestDocxTwin(t *testing.T) {
	for _, seed := range allSeeds {
		t.Run(seed, func(t *testing.T) {
			dir, period, pdf := demoBulletin(t, seed)
			for _, doc := range []struct{ pdf, docx string }{
				{pdf, strings.TrimSuffix(pdf, ".pdf") + ".docx"},
				{filepath.Join(dir, "约谈通知书-"+period+".pdf"), filepath.Join(dir, "约谈通知书-"+period+".docx")},
			} {
				name := filepath.Base(doc.docx)
				p := probeDocx(t, doc.docx)
				want := []float64{37, 28, 26, 35}
				for i, m := range p.Margins {
					if !near(m, want[i], 0.1) {
						t.Errorf("%s: margins %v mm, want %v", name, p.Margins, want)
						break
					}
				}
				if !near(p.Page[0], 210, 0.2) || !near(p.Page[1], 297, 0.2) {
					t.Errorf("%s: page %v mm, want A4", name, p.Page)
				}
				if !p.OddEven || !p.EvenFooter {
					t.Errorf("%s: odd/even footers %v %v", name, p.OddEven, p.EvenFooter)
				}
				for _, lp := range p.LinePitch {
					if lp != "579" {
						t.Errorf("%s: grid line pitch %s, want 579 (22 lines)", name, lp)
					}
				}
				for style, font := range map[string]string{"正文": "", "公文标题": "方正小标宋简体", "一级标题": "黑体", "二级标题": "楷体_GB2312", "版记": ""} {
					got, ok := p.Styles[style]
					if !ok || got != font {
						t.Errorf("%s: style %s font %q (present %v), want %q", name, style, got, ok, font)
					}
				}
				// Body paragraphs: the PDF's, word for word, in order.
				var body []string
				for _, para := range p.Paragraphs {
					if para.Style == "正文" {
						body = append(body, para.Text)
					}
				}
				pdfBody := pdfParagraphs(bodyLines(pdfBoxes(t, doc.pdf)))
				if len(body) != len(pdfBody) {
					t.Errorf("%s: %d body paragraphs, the PDF has %d", name, len(body), len(pdfBody))
				}
				for i := 0; i < min(len(body), len(pdfBody)); i++ {
					if strings.ReplaceAll(body[i], " ", "") != strings.ReplaceAll(pdfBody[i], " ", "") {
						t.Errorf("%s: paragraph %d differs\n docx: %s\n  pdf: %s", name, i+1, body[i], pdfBody[i])
					}
				}
				if strings.HasPrefix(name, "通报") {
					// Two tables at least besides the 版记 (a table without a header),
					// and every other table repeats its header rows.
					if p.Tables < 3 || p.HeaderRows < p.Tables-1 {
						t.Errorf("%s: %d tables, %d repeated header rows", name, p.Tables, p.HeaderRows)
					}
					if seed == "huzhou-2023" && (p.Pictures < 4 || p.Landscape < 1) {
						t.Errorf("%s: %d pictures, %d landscape sections", name, p.Pictures, p.Landscape)
					}
				} else if p.OddSections < strings.Count(strings.Join(paraTexts(p), "\n"), "约谈通知书") {
					t.Errorf("%s: %d letters start on an odd page", name, p.OddSections)
				}
				checkRendered(t, name, testtool.ConvertWithLibreOffice(t, doc.docx, "pdf"))
			}
		})
	}
}

func paraTexts(p docxProbe) []string {
	var out []string
	for _, para := range p.Paragraphs {
		if para.Style == "公文标题" {
			out = append(out, para.Text)
		}
	}
	return out
}

// checkRendered measures LibreOffice's PDF of a .docx: A4, every word inside the
// 版心 (turned on landscape pages), body lines one grid pitch apart and full lines
// 156 mm wide, page numbers 「— N —」 one character in from the outer side, nothing
// overprinted, no name cut.
func checkRendered(t *testing.T, name string, pdf string) {
	t.Helper()
	pages := pdfBoxes(t, pdf)
	t.Logf("%s: LibreOffice renders %d pages", name, len(pages))
	pitches, full := 0, 0
	for i, p := range pages {
		n := i + 1
		landscape := p.w > p.h
		if !near(min(p.w, p.h), 210, 0.5) || !near(max(p.w, p.h), 297, 0.5) {
			t.Errorf("%s p%d: %.1f × %.1f mm, not A4", name, n, p.w, p.h)
		}
		left, top, w, h := 28.0, 37.0, 156.0, 225.0
		if landscape {
			left, top, w, h = 35, 28, 225, 156
		}
		var prev *pdfWord
		for j, wd := range p.words {
			if wd.y0 > top+h+2 { // the page number
				if !landscape && wd.text != "—" {
					num, err := strconv.Atoi(wd.text)
					em := 14 * ptToMM
					switch {
					case err != nil:
					case num%2 == 1 && wd.x1 < 184-em-20:
						t.Errorf("%s p%d: odd page number %d at x %.1f, want on the right", name, n, num, wd.x1)
					case num%2 == 0 && wd.x0 > 28+em+20:
						t.Errorf("%s p%d: even page number %d at x %.1f, want on the left", name, n, num, wd.x0)
					}
				}
				continue
			}
			// LibreOffice 7.4 reads w:overflowPunct inverted (val="0", which tells
			// Word not to hang punctuation, becomes punctuation-wrap="hanging"): one
			// full-width mark may stand in the margin in its rendering, not in Word's.
			right := left + w + 0.6
			if last, _ := utf8.DecodeLastRuneInString(wd.text); strings.ContainsRune("，。、；：！？）”》", last) {
				right += 16 * ptToMM
			}
			if wd.x0 < left-0.5 || wd.x1 > right || wd.y0 < top-3 {
				t.Errorf("%s p%d: %q at (%.1f, %.1f)–(%.1f, %.1f) mm is outside the text block", name, n, wd.text, wd.x0, wd.y0, wd.x1, wd.y1)
			}
			// Body lines: the grid's pitch between lines at the block's edge.
			if !landscape && near(wd.x0, 28, 0.3) && prev != nil && near(prev.x0, 28, 0.3) && near(wd.y1-wd.y0, prev.y1-prev.y0, 0.05) && near(wd.y1-wd.y0, 7.4, 0.6) {
				if d := wd.y0 - prev.y0; d > 5 && d < 12 {
					pitches++
					if !near(d, 225.0/22, 0.15) {
						t.Errorf("%s p%d: body lines %.2f mm apart, want 10.2", name, n, d)
					}
				}
			}
			if !landscape && near(wd.x0, 28, 0.3) && utf8Runes(wd.text) >= 27 {
				full++
			}
			if near(wd.x0, 28, 0.3) {
				prev = &p.words[j]
			}
		}
		checkNoOverlap(t, name, n, p.words)
	}
	if strings.HasPrefix(name, "通报") && (pitches < 5 || full < 3) {
		t.Errorf("%s: too few body lines measured: %d pitches, %d full lines", name, pitches, full)
	}
}

func utf8Runes(s string) int { return len([]rune(s)) }

// TestBulletinOutputsByExtension: -o chooses the format by the extension, both may
// be asked at once, anything else is refused before work is done.
func TestBulletinOutputsByExtension(t *testing.T) {
	dir := demoPDFs(t, "huzhou-2023")
	pdf, doc := filepath.Join(dir, "甲.pdf"), filepath.Join(dir, "甲.docx")
	code, out, errs := binRun(t, nil, "-w", dir, "bulletin", "--period", "2023Q3", "-o", pdf, "-o", doc)
	if code != 0 || !strings.Contains(out, pdf) || !strings.Contains(out, doc) {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, f := range []struct{ path, magic string }{{pdf, "%PDF"}, {doc, "PK"}} {
		if data := readBytes(t, f.path); !strings.HasPrefix(string(data), f.magic) {
			t.Errorf("%s does not start with %s", f.path, f.magic)
		}
	}
	code, _, errs = binRun(t, nil, "-w", dir, "interviews", "--period", "2023Q3", "-o", filepath.Join(dir, "约谈.docx"))
	if code != 0 {
		t.Errorf("interviews -o .docx: exit %d %s", code, errs)
	}
	code, _, errs = binRun(t, nil, "-w", dir, "bulletin", "--period", "2023Q3", "-o", filepath.Join(dir, "通报.doc"))
	if code != 2 || !strings.Contains(errs, ".pdf 或 .docx") {
		t.Errorf("-o 通报.doc: exit %d %s", code, errs)
	}
}
