package report

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/testtool"
	"tenglong/score"
	"tenglong/seeds"
)

var printed = time.Date(2023, 10, 20, 9, 0, 0, 0, time.UTC)

func loadCampaign(t testing.TB, data []byte) *campaign.Campaign {
	t.Helper()
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		t.Fatalf("campaign: %v", probs.Errors())
	}
	return c
}

func seed(t testing.TB, id string) *campaign.Campaign {
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	return loadCampaign(t, data)
}

// periodData fabricates a period: every unit but the last reports every indicator it
// has, at a pace that differs by unit; the second is late, the third was sent back.
func periodData(c *campaign.Campaign, p campaign.Period) score.Data {
	d := score.Data{Period: p, Returns: map[string]*score.Return{}, Attempts: map[string]score.Attempt{}}
	received := p.Deadline(c.Deadline).Add(-24 * time.Hour)
	for i, u := range c.Units {
		switch {
		case i == len(c.Units)-1:
			continue
		case i == 2 && len(c.Units) > 3:
			d.Attempts[u.Code] = score.Attempt{State: score.StateRejected, ReceivedAt: received, Errors: 2}
			continue
		}
		d.Returns[u.Code] = unitReturn(c, p, i, u.Code)
		d.Attempts[u.Code] = score.Attempt{State: score.StateAccepted, ReceivedAt: received, Late: i == 1}
	}
	return d
}

// unitReturn is unit i's fabricated return: every indicator it has, at its pace.
func unitReturn(c *campaign.Campaign, p campaign.Period, i int, unit string) *score.Return {
	ret := &score.Return{Values: map[string]score.Value{}}
	pace := decimal.NewFromInt(int64(70 + (i*13)%50)).Shift(-2)
	for j := range c.Indicators {
		in := &c.Indicators[j]
		if !c.Reports(in, unit, p) {
			continue
		}
		t, _, ok := c.TargetFor(in, unit, p)
		switch {
		case in.Kind == campaign.KindQualitative || t.Form == campaign.TargetText:
			ret.Values[in.ID] = score.Value{Text: []string{"完成", "未完成"}[i%2]}
		case ok && t.IsNumber():
			ret.Values[in.ID] = score.NumberValue(t.Value.Mul(pace).Round(in.Decimals))
		default:
			ret.Values[in.ID] = score.NumberValue(decimal.NewFromInt(int64(40 + i*7)))
		}
	}
	return ret
}

type bulletinCase struct {
	k  *score.Consolidation
	s  *score.Scores
	iv []score.Interview
}

func bulletinFor(t testing.TB, c *campaign.Campaign, period string) bulletinCase {
	p, err := campaign.ParsePeriod(period)
	if err != nil {
		t.Fatal(err)
	}
	k := score.Consolidate(c, periodData(c, p), nil)
	s := score.Score(k, nil)
	return bulletinCase{k: k, s: s, iv: score.Interviews(k, s, nil)}
}

func writeBulletin(t testing.TB, bc bulletinCase) []byte {
	t.Helper()
	var buf bytes.Buffer
	pages, err := WriteBulletin(&buf, Bulletin{Consolidation: bc.k, Scores: bc.s, Interviews: bc.iv, IssueNo: 3, Date: printed,
		Summary: "第一段总体情况。\n第二段，含数字101.25%。"})
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(buf.Bytes(), []byte("/Type /Page\n")); n != pages {
		t.Fatalf("WriteBulletin says %d pages, the PDF has %d", pages, n)
	}
	return buf.Bytes()
}

// pdfFile writes a PDF into a temporary directory and returns its path.
func pdfFile(t testing.TB, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBulletinFiguresAndFonts reads a bulletin back with poppler: A4 pages, the font
// embedded, every unit's name, and for every cell of 四、分项指标 the actual as
// consolidation has it, rounded as the indicator says.
func TestBulletinFiguresAndFonts(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	c := seed(t, "huzhou-2023")
	bc := bulletinFor(t, c, "2023Q3")
	path := pdfFile(t, writeBulletin(t, bc))

	info := testtool.Run(t, "pdfinfo", "-f", "1", "-l", "100", path)
	if !strings.Contains(info, "Page    1 size:  595.28 x 841.89 pts (A4)") {
		t.Errorf("pdfinfo: first page is not A4 portrait:\n%s", info)
	}
	if !strings.Contains(info, "841.89 x 595.28 pts (A4)") {
		t.Errorf("pdfinfo: no A4 landscape page for 四、分项指标:\n%s", info)
	}
	fonts := testtool.Run(t, "pdffonts", path)
	if !strings.Contains(fonts, "utf8tenglongkai-regular") || !strings.Contains(fonts, "CID TrueType") || !strings.Contains(fonts, " yes ") {
		t.Errorf("pdffonts: font not embedded:\n%s", fonts)
	}
	text := testtool.Run(t, "pdftotext", "-layout", path, "-")
	for _, want := range []string{c.Issuer, "第3期", "2023年10月20日", "一、总体情况", "二、主要指标完成情况", "三、赛马排名",
		"四、分项指标完成情况", "五、报送情况", "附件", "约谈名单", "第二段，含数字101.25%。", "按各项指标完成率综合计分"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	for _, u := range c.Units {
		if !strings.Contains(text, u.Name) {
			t.Errorf("bulletin lacks unit %s", u.Name)
		}
	}
	// Page numbers 「— N —」 on every page (pdftotext may drop the thin spaces).
	for n := 1; n <= len(regexp.MustCompile(`Page\s+\d+ size:`).FindAllString(info, -1)); n++ {
		if !regexp.MustCompile(`—\s*` + strconv.Itoa(n) + `\s*—`).MatchString(text) {
			t.Errorf("no page number — %d —", n)
		}
	}
	// Every actual of 四 as its row shows it: the unit's name, then its figures.
	lines := strings.Split(text, "\n")
	checked := 0
	for _, r := range bc.k.Indicators {
		for _, cell := range r.Units {
			if !cell.Reported() || r.Indicator.Kind == campaign.KindQualitative {
				continue
			}
			want := campaign.FormatDecimal(cell.Actual().Value, r.Indicator.Decimals)
			name := unitName(c, cell.Unit)
			if !rowHas(lines, name, want) {
				t.Errorf("%s %s: no row of %s shows %s", r.Indicator.Name, name, name, want)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("only %d figures checked", checked)
	}
	// A unit without accepted data has no points: —, never 0.00.
	for _, u := range bc.s.Units {
		want := u.Points.StringFixed(2)
		if !u.Reported {
			want = "—"
			if rowHas(lines, unitName(c, u.Unit), "0.00") {
				t.Errorf("%s has no accepted data but shows 0.00 points", u.Unit)
			}
		}
		if !rowHas(lines, unitName(c, u.Unit), want) {
			t.Errorf("score of %s (%s) not printed", u.Unit, want)
		}
	}
	for _, bad := range []string{"默认方法", "计分说明", "不适用）", "已报 "} {
		if strings.Contains(text, bad) {
			t.Errorf("bulletin says %q", bad)
		}
	}
}

// rowHas reports whether a line that starts with a unit's name (after its number)
// shows the figure as a whole word.
func rowHas(lines []string, name, figure string) bool {
	for _, l := range lines {
		fields := strings.Fields(l)
		for i, f := range fields {
			if f != name {
				continue
			}
			for _, g := range fields[i+1:] {
				if g == figure {
					return true
				}
			}
		}
	}
	return false
}

// TestBulletinDeterministic renders the same bulletin twice: the same bytes.
func TestBulletinDeterministic(t *testing.T) {
	c := seed(t, "wzetdz-2015")
	a := writeBulletin(t, bulletinFor(t, c, "2015Q3"))
	b := writeBulletin(t, bulletinFor(t, c, "2015Q3"))
	if !bytes.Equal(a, b) {
		t.Error("two renders of the same bulletin differ")
	}
}

// TestBulletinLayoutInsidePages checks every word of the demo-size and a 90-unit
// bulletin lies inside its page's margins and no two words overlap: nothing cut off,
// nothing written over.
func TestBulletinLayoutInsidePages(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	wide := loadCampaign(t, corpus.Campaign(corpus.Size{Units: 90, Indicators: 20, Tasks: 5}))
	for _, tc := range []struct {
		name string
		c    *campaign.Campaign
		p    string
	}{{"huzhou-2023", seed(t, "huzhou-2023"), "2023Q3"}, {"wzetdz-2015", seed(t, "wzetdz-2015"), "2015Q3"}, {"90 units", wide, "2022Q3"}} {
		t.Run(tc.name, func(t *testing.T) {
			bc := bulletinFor(t, tc.c, tc.p)
			path := pdfFile(t, writeBulletin(t, bc))
			pages := wordBoxes(t, path)
			if len(pages) < 5 {
				t.Fatalf("%d pages", len(pages))
			}
			for pi, pg := range pages {
				for _, w := range pg.words {
					if w.xMin < 20 || w.yMin < 20 || w.xMax > pg.width-20 || w.yMax > pg.height-20 {
						t.Errorf("page %d: %q at (%.0f,%.0f)-(%.0f,%.0f) is outside the page's margins (%.0f×%.0f)",
							pi+1, w.text, w.xMin, w.yMin, w.xMax, w.yMax, pg.width, pg.height)
					}
				}
				if a, b, ok := overlap(pg.words); ok {
					t.Errorf("page %d: %q and %q overlap", pi+1, a.text, b.text)
				}
			}
			text := testtool.Run(t, "pdftotext", path, "-")
			for _, u := range tc.c.Units {
				if !strings.Contains(text, u.Name) {
					t.Errorf("lacks unit %s", u.Name)
				}
			}
		})
	}
}

type word struct {
	text                   string
	xMin, yMin, xMax, yMax float64
}

type page struct {
	width, height float64
	words         []word
}

// wordBoxes reads pdftotext -bbox: every word with its box, page by page.
func wordBoxes(t *testing.T, path string) []page {
	out := testtool.Run(t, "pdftotext", "-bbox", path, "-")
	dec := xml.NewDecoder(strings.NewReader(out))
	dec.Strict = false
	var pages []page
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := func(name string) float64 {
			for _, a := range se.Attr {
				if a.Name.Local == name {
					v, _ := strconv.ParseFloat(a.Value, 64)
					return v
				}
			}
			return 0
		}
		switch se.Name.Local {
		case "page":
			pages = append(pages, page{width: attr("width"), height: attr("height")})
		case "word":
			var text string
			if err := dec.DecodeElement(&text, &se); err != nil {
				t.Fatal(err)
			}
			w := word{text: text, xMin: attr("xMin"), yMin: attr("yMin"), xMax: attr("xMax"), yMax: attr("yMax")}
			pages[len(pages)-1].words = append(pages[len(pages)-1].words, w)
		}
	}
	return pages
}

// overlap finds two words whose boxes overlap by more than a sliver.
func overlap(words []word) (word, word, bool) {
	const slack = 0.8
	for i := range words {
		for j := i + 1; j < len(words); j++ {
			a, b := words[i], words[j]
			if a.xMin+slack < b.xMax && b.xMin+slack < a.xMax && a.yMin+slack < b.yMax && b.yMin+slack < a.yMax {
				return a, b, true
			}
		}
	}
	return word{}, word{}, false
}

// TestInterviewsPDF writes the list and a notice per unit: the unit on its own page,
// blanks to fill by hand when no time or place is given; each letter has a 版头 with
// the issuer and its 发文字号 and starts on an odd page (a sheet of its own when
// printed on both sides), the blank pages between unnumbered.
func TestInterviewsPDF(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	c := seed(t, "huzhou-2023")
	bc := bulletinFor(t, c, "2023Q3")
	if len(bc.iv) == 0 {
		t.Fatal("no interviews to print")
	}
	var notices []string
	for _, iv := range bc.iv {
		notices = append(notices, unitName(c, iv.Unit)+"：\n根据……决定对你单位进行约谈。\n一、约谈时间：______年____月____日____时。")
	}
	var buf bytes.Buffer
	pages, err := WriteInterviews(&buf, InterviewsDoc{Consolidation: bc.k, Scores: bc.s, List: bc.iv, Notices: notices, Date: printed})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 1+2*len(bc.iv) {
		t.Errorf("%d pages, want the list and %d notices of one page, each after a blank page", pages, len(bc.iv))
	}
	path := pdfFile(t, buf.Bytes())
	for i := 2; i <= pages; i += 2 {
		if text := strings.TrimSpace(testtool.Run(t, "pdftotext", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), path, "-")); text != "" {
			t.Errorf("page %d is not blank: %q", i, text)
		}
	}
	for i, iv := range bc.iv {
		pageNo := strconv.Itoa(3 + 2*i)
		text := testtool.Run(t, "pdftotext", "-f", pageNo, "-l", pageNo, path, "-")
		name := unitName(c, iv.Unit)
		// Each letter is sent on its own: its pages count from — 1 —.
		for _, want := range []string{"约谈通知书", name + "：", "______年____月____日____时", c.Issuer, "2023年10月20日", "—1—",
			NoticeNumber(c.Bulletin.DocPrefix, printed, i+1)} {
			if !strings.Contains(text, want) {
				t.Errorf("notice page %s lacks %q:\n%s", pageNo, want, text)
			}
		}
	}
	first := testtool.Run(t, "pdftotext", "-f", "1", "-l", "1", path, "-")
	if !strings.Contains(first, "约谈名单") || !strings.Contains(first, bc.iv[0].Hits[0].Reason) {
		t.Errorf("list page:\n%s", first)
	}
}

// TestCharactersOutsideTheFont prints unit names the font cannot set (a rare hanzi,
// a character beyond the Basic Multilingual Plane): replaced, no panic.
func TestCharactersOutsideTheFont(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	yaml := `id: rare
title: 测试行动
issuer: 测试办
span: {start: 2023-01, end: 2023-12}
units:
  - {code: a, name: "𠀾镇", kind: area}
  - {code: b, name: "䶮街道", kind: area}
indicators:
  - {id: x, name: 工业投资, measure: 亿元, kind: flow, total: sum, targets: {a: 10, b: 20}}
`
	c := loadCampaign(t, []byte(yaml))
	bc := bulletinFor(t, c, "2023Q3")
	text := testtool.Run(t, "pdftotext", pdfFile(t, writeBulletin(t, bc)), "-")
	for _, want := range []string{"〓镇", "〓街道"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q", want)
		}
	}
}
