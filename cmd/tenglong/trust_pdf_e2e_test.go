package main

// End-to-end tests of the PDFs in 公文 form (issue 12): the bulletin and the notice
// letters are read back with poppler — pdftotext -bbox for where every word sits,
// pdffonts for the fonts — and measured against GB/T 9704-2012: A4, a 156 × 225 mm
// text block 37 mm from the top and 28 mm from the left, 3号 body text 28 characters
// by 22 lines, page numbers 7 mm under the block on the outer side.

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"tenglong/internal/testtool"
	"tenglong/report"
)

const ptToMM = 25.4 / 72

// pdfWord is one word box of pdftotext -bbox, in millimetres from the top left.
type pdfWord struct {
	x0, y0, x1, y1 float64
	text           string
}

type pdfPage struct {
	w, h  float64
	words []pdfWord
}

var (
	bboxPage = regexp.MustCompile(`<page width="([0-9.]+)" height="([0-9.]+)">`)
	bboxWord = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>`)
)

// pdfBoxes reads every word's box of a PDF with pdftotext -bbox.
func pdfBoxes(t *testing.T, path string) []pdfPage {
	t.Helper()
	testtool.Need(t, "pdftotext", "poppler-utils")
	out := testtool.Run(t, "pdftotext", "-bbox", path, "-")
	var pages []pdfPage
	for _, line := range strings.Split(out, "\n") {
		if m := bboxPage.FindStringSubmatch(line); m != nil {
			pages = append(pages, pdfPage{w: bboxNum(m[1]) * ptToMM, h: bboxNum(m[2]) * ptToMM})
			continue
		}
		if m := bboxWord.FindStringSubmatch(line); m != nil && len(pages) > 0 {
			p := &pages[len(pages)-1]
			p.words = append(p.words, pdfWord{bboxNum(m[1]) * ptToMM, bboxNum(m[2]) * ptToMM, bboxNum(m[3]) * ptToMM, bboxNum(m[4]) * ptToMM, html.UnescapeString(m[5])})
		}
	}
	if len(pages) == 0 {
		t.Fatalf("pdftotext -bbox found no pages in %s", path)
	}
	return pages
}

func bboxNum(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }

// folioWords are the page number's three words (—, N, —), or nil.
func folioWords(p pdfPage, n int) []pdfWord {
	ws := p.words
	for i := 0; i+2 < len(ws); i++ {
		if ws[i].text == "—" && ws[i+1].text == strconv.Itoa(n) && ws[i+2].text == "—" {
			return ws[i : i+3]
		}
	}
	return nil
}

// The built-in body font's box: poppler draws a word from ascent above the baseline
// to descent below it, 1.151 and 0.286 of the size for the Noto-based fonts, so a
// box 1.437 sizes high.
const bodyBoxPerPt = 1.437 * ptToMM

// demoPDFs runs the demo of a seed at a fixed clock and returns its workspace.
func demoPDFs(t *testing.T, seed string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), seed)
	code, out, errs := binRun(t, []string{"TENGLONG_CLOCK=2023-11-20T10:00:00+08:00", "TENGLONG_FONT_PATH="}, "demo", "--seed", seed, "--dir", dir)
	if code != 0 {
		t.Fatalf("demo %s: exit %d\n%s\n%s", seed, code, out, errs)
	}
	return dir
}

// TestBulletinPageGeometry checks every page of the three seeds' bulletins: A4, every
// word inside the text block, 3号 body lines 10.23 mm apart, full lines of 28
// characters 156 mm wide, the first line of a page of text 37 mm from the top, and the
// page number 7 mm under the block, right on odd pages and left on even ones — turned
// with the page on landscape pages.
func TestBulletinPageGeometry(t *testing.T) {
	for _, c := range []struct{ seed, period string }{{"huzhou-2023", "2023Q3"}, {"wzetdz-2015", "2015Q4"}, {"huzhou-2023-depts", "2023Q3"}} {
		t.Run(c.seed, func(t *testing.T) {
			dir := demoPDFs(t, c.seed)
			pages := pdfBoxes(t, filepath.Join(dir, "通报-"+c.period+".pdf"))
			t.Logf("%s: %d pages", c.seed, len(pages))
			bodyLines, fullLines, pitches, topLines := 0, 0, 0, 0
			for i, p := range pages {
				n := i + 1
				landscape := p.w > p.h
				if !near(min(p.w, p.h), 210, 0.5) || !near(max(p.w, p.h), 297, 0.5) {
					t.Errorf("page %d is %.1f × %.1f mm, not A4", n, p.w, p.h)
				}
				folio := folioWords(p, n)
				if folio == nil {
					t.Errorf("page %d has no page number “— %d —”", n, n)
					continue
				}
				em := 14 * ptToMM // 4号
				if !landscape {
					top := folio[0].y0
					if top < 262+7-3 || top > 262+7+1 {
						t.Errorf("page %d: page number at %.1f mm from the top, want 7 mm under the block (269)", n, top)
					}
					if n%2 == 1 && !near(folio[2].x1, 28+156-em, 0.5) {
						t.Errorf("odd page %d: page number ends at %.1f mm, want one character in from the right edge (%.1f)", n, folio[2].x1, 28+156-em)
					}
					if n%2 == 0 && !near(folio[0].x0, 28+em, 0.5) {
						t.Errorf("even page %d: page number starts at %.1f mm, want one character in from the left edge (%.1f)", n, folio[0].x0, 28+em)
					}
				} else {
					// Turned a quarter to the left, the page's left edge is the portrait
					// bottom: the number reads downwards there, odd pages towards the
					// bottom (portrait right), even pages towards the top.
					if folio[0].x1 > 35 || folio[0].x0 < 15 {
						t.Errorf("landscape page %d: page number at x %.1f–%.1f mm, want along the left edge", n, folio[0].x0, folio[0].x1)
					}
					if n%2 == 1 && !near(max(folio[0].y1, folio[2].y1), 28+156-em, 1) {
						t.Errorf("landscape odd page %d: page number ends at y %.1f, want %.1f", n, max(folio[0].y1, folio[2].y1), 28+156-em)
					}
					if n%2 == 0 && !near(min(folio[0].y0, folio[2].y0), 28+em, 1) {
						t.Errorf("landscape even page %d: page number starts at y %.1f, want %.1f", n, min(folio[0].y0, folio[2].y0), 28+em)
					}
				}
				left, top, w, h := 28.0, 37.0, 156.0, 225.0
				if landscape {
					left, top, w, h = 35, 28, 225, 156
				}
				var inBlock []pdfWord
				for _, wd := range p.words {
					if wd.y0 > top+h+3 || landscape && wd.x1 < left { // the page number
						continue
					}
					if wd.x0 < left-0.3 || wd.x1 > left+w+0.3 || wd.y0 < top-2 || wd.y1 > top+h+2 {
						t.Errorf("page %d: %q at (%.1f, %.1f)–(%.1f, %.1f) mm is outside the text block", n, wd.text, wd.x0, wd.y0, wd.x1, wd.y1)
					}
					inBlock = append(inBlock, wd)
				}
				// Body lines: words of 3号 on one baseline, joined; pdftotext splits a
				// line at Latin text.
				var body []pdfWord
				for _, wd := range inBlock {
					// The body font only (黑体 headings' boxes are 16.12 of these), lines
					// starting at the block's edge or two characters in.
					if landscape || !near((wd.y1-wd.y0)/bodyBoxPerPt, 16, 0.06) {
						continue
					}
					if k := len(body) - 1; (k < 0 || !near(body[k].y0, wd.y0, 0.2)) && !near(wd.x0, 28, 0.3) && !near(wd.x0, 28+2*156.0/28, 0.3) {
						continue
					}
					if k := len(body) - 1; k >= 0 && near(body[k].y0, wd.y0, 0.2) {
						body[k].x1, body[k].text = wd.x1, body[k].text+wd.text
						continue
					}
					body = append(body, wd)
				}
				for j, wd := range body {
					bodyLines++
					if len([]rune(wd.text)) == 28 && strings.IndexFunc(wd.text, func(r rune) bool { return r < 0x2000 }) < 0 {
						fullLines++
						if !near(wd.x0, 28, 0.3) || !near(wd.x1-wd.x0, 156, 0.6) {
							t.Errorf("page %d: a line of 28 characters runs %.1f–%.1f mm, want 28–184: %q", n, wd.x0, wd.x1, wd.text)
						}
					}
					if wd.x1 > 184.3 {
						t.Errorf("page %d: a line of the body ends at %.1f mm, beyond the block (184): %q", n, wd.x1, wd.text)
					}
					if j > 0 && wd.y0-body[j-1].y0 < 12 {
						pitches++
						if !near(wd.y0-body[j-1].y0, 225.0/22, 0.05) {
							t.Errorf("page %d: body lines %.2f mm apart, want 225/22 = 10.23", n, wd.y0-body[j-1].y0)
						}
					}
				}
				if len(p.words) > 0 && !landscape && near((p.words[0].y1-p.words[0].y0)/bodyBoxPerPt, 16, 0.2) && n > 1 {
					topLines++
					// The box reaches 1.151 em above the baseline; a grid line's 0.88 em
					// ideographic top is on the block's edge.
					emTop := p.words[0].y0 + (1.151-0.88)*16*ptToMM
					if !near(emTop, 37, 0.5) {
						t.Errorf("page %d: first line's top at %.1f mm, want 37", n, emTop)
					}
				}
			}
			if bodyLines < 8 || fullLines < 1 && c.seed != "wzetdz-2015" || pitches < 5 {
				t.Errorf("too few body lines measured: %d lines, %d full, %d pitches", bodyLines, fullLines, pitches)
			}
			if c.seed == "huzhou-2023" && topLines == 0 {
				t.Error("no page starts with a body line: the top margin was not measured")
			}
		})
	}
}

func near(a, b, tol float64) bool { return a-b <= tol && b-a <= tol }

// TestBulletinFontsByRole: the title, body, 黑体 and 楷体 headings are each set in
// their role's font, all embedded; `bulletin --fonts` lists them, built-in or the
// office's own found in --font-dir.
func TestBulletinFontsByRole(t *testing.T) {
	dir := demoPDFs(t, "huzhou-2023")
	testtool.Need(t, "pdffonts", "poppler-utils")
	fonts := testtool.Run(t, "pdffonts", filepath.Join(dir, "通报-2023Q3.pdf"))
	for _, name := range []string{"TenglongBiaoSong-Bold", "TenglongSong-Regular", "TenglongHei-Regular", "TenglongKai-Regular"} {
		line := ""
		for _, l := range strings.Split(fonts, "\n") {
			if strings.Contains(strings.ToLower(l), strings.ToLower(name)) {
				line = l
			}
		}
		if line == "" || !strings.Contains(line, "TrueType") || !strings.Contains(line, " yes ") {
			t.Errorf("font %s not embedded as TrueType:\n%s", name, fonts)
		}
	}
	// The body's digits are not the handwritten 楷体 ones: 2023 is set in the body font.
	env := []string{"TENGLONG_FONT_PATH="}
	code, out, errs := binRun(t, env, "-w", dir, "bulletin", "--fonts")
	if code != 0 {
		t.Fatalf("--fonts: exit %d %s", code, errs)
	}
	for _, want := range []string{"标题（小标宋）", "TenglongBiaoSong-Bold", "内置 TenglongSong-Regular.ttf", "一级标题（黑体）", "二级标题（楷体）"} {
		if !strings.Contains(out, want) {
			t.Errorf("--fonts lacks %q:\n%s", want, out)
		}
	}
	// The office's fonts in a folder, under the names Windows gives them.
	office := filepath.Join(t.TempDir(), "字体")
	if err := os.MkdirAll(office, 0o755); err != nil {
		t.Fatal(err)
	}
	writeBytes(t, filepath.Join(office, "SIMHEI.TTF"), report.BuiltinFont(report.RoleBody).Bytes)
	writeBytes(t, filepath.Join(office, "simkai.ttf"), report.BuiltinFont(report.RoleTitle).Bytes)
	code, out, errs = binRun(t, env, "-w", dir, "bulletin", "--fonts", "--font-dir", office)
	if code != 0 || !strings.Contains(out, filepath.Join(office, "SIMHEI.TTF")) || !strings.Contains(out, filepath.Join(office, "simkai.ttf")) {
		t.Errorf("--font-dir: exit %d\n%s\n%s", code, out, errs)
	}
	// The same folder as the system's (Windows, 麒麟, 统信): found without a flag.
	code, out, _ = binRun(t, []string{"TENGLONG_FONT_PATH=" + office}, "-w", dir, "bulletin", "--fonts")
	if code != 0 || !strings.Contains(out, filepath.Join(office, "SIMHEI.TTF")) {
		t.Errorf("system fonts: exit %d\n%s", code, out)
	}
	if code, _, errs := binRun(t, env, "-w", dir, "bulletin", "--fonts", "--font-dir", filepath.Join(dir, "nowhere")); code != 2 || !strings.Contains(errs, "--font-dir") {
		t.Errorf("a missing --font-dir: exit %d %s", code, errs)
	}
}

// officeWorkspace is huzhou-2023 with a bulletin: block and the office's contact, its
// 2023Q3 returns ingested (南太湖新区 sends nothing).
func officeWorkspace(t *testing.T) string {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "office")
	runOK(t, "init", ws, "--seed", "huzhou-2023")
	yaml := string(readBytes(t, filepath.Join(ws, "campaign.yaml")))
	// The office's own bulletin block instead of the seed's.
	yaml = regexp.MustCompile(`(?m)^bulletin:\n(  .*\n)*`).ReplaceAllString(yaml, "")
	yaml += `
contact: {name: 王小明, phone: "0572-2222222"}
bulletin:
  masthead: 腾笼换鸟工作通报
  issuer: 湖州市腾笼换鸟办
  doc_prefix: 湖腾办约
  distribution:
    report: 市委、市政府主要领导
    send: 市人大、市政协
    issue: 各区县人民政府
`
	writeBytes(t, filepath.Join(ws, "campaign.yaml"), []byte(yaml))
	runOK(t, "-w", ws, "generate", "--period", "2023Q3")
	vals := map[string]map[string]string{}
	for i, u := range []string{"wuxing", "nanxun", "deqing", "changxing", "anji", "nantaihu"} {
		for _, ind := range []string{"tax-per-mu", "inefficient-firms", "freed-land", "freed-energy"} {
			if vals[ind] == nil {
				vals[ind] = map[string]string{}
			}
			vals[ind][u] = []string{"50", "40", "30", "20", "60", "10"}[i]
		}
	}
	fillAndIngest(t, ws, "2023Q3", vals, "nantaihu")
	return ws
}

// TestBulletinMastheadAndImprint: the red 版头 from campaign.yaml's bulletin block,
// 第N期, the issuer and the date on one line, 附件说明, 落款, the 报/送/发 block; a
// misspelt key is refused with its YAML line.
func TestBulletinMastheadAndImprint(t *testing.T) {
	ws := officeWorkspace(t)
	out := filepath.Join(ws, "通报.pdf")
	runOK(t, "-w", ws, "bulletin", "--period", "2023Q3", "-o", out, "--date", "2023-10-20")
	pages := pdfBoxes(t, out)
	first := pages[0].words
	if len(first) < 4 || first[0].text != "腾笼换鸟工作通报" || first[1].text != "第3期" {
		t.Fatalf("page 1 starts %v", first[:min(4, len(first))])
	}
	if first[2].text != "湖州市腾笼换鸟办" || first[3].text != "2023年10月20日" || !near(first[2].y0, first[3].y0, 0.1) {
		t.Errorf("issuer and date not on one line: %+v %+v", first[2], first[3])
	}
	// The 版记's last line ends on the block's bottom edge (262 mm): its text sits
	// in the last 版记 line, above that rule.
	issued := false
	for _, w := range pages[len(pages)-1].words {
		if strings.HasSuffix(w.text, "印发") {
			issued = true
			if w.y1 > 262 || w.y1 < 259.5 { // 258.4 when the last rule was at 260 mm
				t.Errorf("the 印发 line ends at %.1f mm, want in the last 版记 line above 262", w.y1)
			}
		}
	}
	if !issued {
		t.Error("no 印发 date on the last page")
	}
	text := testtool.Run(t, "pdftotext", "-layout", out, "-")
	for _, want := range []string{"附件：2023年第三季度约谈名单", "报：市委、市政府主要领导。", "送：市人大、市政协。", "发：各区县人民政府。", "2023年10月20日印发"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	// 落款: the issuer centred over the date, the date four characters in from the right.
	var issuer, date *pdfWord
	for i := range pages {
		for j, w := range pages[i].words {
			if w.text == "湖州市腾笼换鸟办" && j+1 < len(pages[i].words) && pages[i].words[j+1].text == "2023年10月20日" && j > 5 {
				issuer, date = &pages[i].words[j], &pages[i].words[j+1]
			}
		}
	}
	if issuer == nil {
		t.Fatal("no 落款 (issuer over the date)")
	}
	checkSignature(t, *issuer, *date)

	bad := string(readBytes(t, filepath.Join(ws, "campaign.yaml"))) + "  mast: x\n"
	writeBytes(t, filepath.Join(ws, "campaign.yaml"), []byte(bad))
	code, stdout, errs := run(t, "-w", ws, "check")
	if code != 3 || !strings.Contains(stdout+errs, "mast") || !strings.Contains(stdout+errs, "第") {
		t.Errorf("a misspelt bulletin key: exit %d\n%s%s", code, stdout, errs)
	}
}

func checkSignature(t *testing.T, issuer, date pdfWord) {
	t.Helper()
	cell := 156.0 / 28
	if !near(date.x1, 28+156-4*cell, 0.6) {
		t.Errorf("落款 date ends at %.1f mm, want four characters in from the right (%.1f)", date.x1, 28+156-4*cell)
	}
	if !near((issuer.x0+issuer.x1)/2, (date.x0+date.x1)/2, 0.6) {
		t.Errorf("落款 issuer centred at %.1f mm, the date at %.1f", (issuer.x0+issuer.x1)/2, (date.x0+date.x1)/2)
	}
}

// TestDemoDatesDocumentsAfterDeadline: the demo dates its bulletin and notices a few
// days after the period's deadline (2023-10-10), whatever day it runs.
func TestDemoDatesDocumentsAfterDeadline(t *testing.T) {
	dir := demoPDFs(t, "huzhou-2023")
	for _, f := range []string{"通报-2023Q3.pdf", "约谈通知书-2023Q3.pdf"} {
		text := testtool.Run(t, "pdftotext", filepath.Join(dir, f), "-")
		if !strings.Contains(text, "2023年10月15日") || strings.Contains(text, "2023年11月20日") {
			t.Errorf("%s is not dated 2023年10月15日 (five days after the deadline):\n%s", f, text[:min(600, len(text))])
		}
	}
}

// TestBulletinWording reads the bulletin's text: titles broken at phrase boundaries,
// no 0项 or 相差0.0 sentences, ranks with their total, no command names, unit names
// whole, the summary's count equal to the table's rows, lights with symbols and a
// chart legend.
func TestBulletinWording(t *testing.T) {
	dir := demoPDFs(t, "huzhou-2023")
	pdf := filepath.Join(dir, "通报-2023Q3.pdf")
	text := testtool.Run(t, "pdftotext", "-layout", pdf, "-")
	for _, bad := range []string{"0项主要指标中", "相差0.0", "相差+", "相差-", "tenglong ", "第4/", "（第4名）"} {
		if strings.Contains(text, bad) {
			t.Errorf("bulletin says %q", bad)
		}
	}
	for _, want := range []string{"第4位（共4个单位", "●绿灯", "▲", "○未报", "前三分之一", "后三分之一", "高于目标", "（一）综合得分和名次"} {
		if !strings.Contains(text, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	// Issue 18: the title names the campaign and the period, the 主送机关 follows it,
	// verbs take their figure directly, ranks are 第N位.
	flat := flatText(testtool.Run(t, "pdftotext", pdf, "-"))
	for _, want := range []string{"“腾笼换鸟、凤凰涅槃”工作通报",
		"关于湖州市先进制造业集群培育工程和新一轮制造业“腾笼换鸟、凤凰涅槃”攻坚行动2023年第三季度推进情况的通报各区县人民政府，市级有关单位：",
		"增加值增长7.1%", "占比提高1.5个百分点"} {
		if !strings.Contains(flat, want) {
			t.Errorf("bulletin lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`增长为|提高为|下降为|排名第\d+名|按默认方法|计分说明|不适用）|已报 `).FindString(flat); m != "" {
		t.Errorf("bulletin says %q", m)
	}
	// Titles: the title font's lines end at a phrase, never inside 培育.
	pages := pdfBoxes(t, pdf)
	for _, w := range pages[0].words[:8] {
		if strings.HasSuffix(w.text, "培") || strings.HasPrefix(w.text, "育") {
			t.Errorf("title broken inside a word: %q", w.text)
		}
	}
	// Unit names are never split across lines.
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines); i++ {
		a, b := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		for _, name := range []string{"南太湖新区", "吴兴区", "南浔区", "德清县", "长兴县", "安吉县"} {
			for k := 1; k < len([]rune(name)); k++ {
				head, tail := string([]rune(name)[:k]), string([]rune(name)[k:])
				if strings.HasSuffix(a, head) && strings.HasPrefix(b, tail) && !strings.HasSuffix(a, name) {
					t.Errorf("%s split across lines: %q / %q", name, a, b)
				}
			}
		}
	}
	// 从汇总情况看，本期有数据的N项主要指标中: N is the number of rows of 二.
	m := regexp.MustCompile(`(\d+)项主要指标中`).FindStringSubmatch(strings.ReplaceAll(text, "\n", ""))
	if m == nil {
		t.Fatal("no indicator count in 一")
	}
	two := text[strings.Index(text, "二、主要指标完成情况"):strings.Index(text, "三、赛马排名")]
	rows := 0
	for _, l := range strings.Split(two, "\n") {
		if f := strings.Fields(l); len(f) > 2 {
			if v, err := strconv.Atoi(f[0]); err == nil && v == rows+1 {
				rows++
			}
		}
	}
	if strconv.Itoa(rows) != m[1] {
		t.Errorf("一 counts %s indicators, 二 has %d rows", m[1], rows)
	}
}

// TestBulletinDepartments: a campaign of departments (83 indicators, each its own
// department's) gets 二 with the indicators that have a figure and a short 四, not
// pages of dashes and slashes.
func TestBulletinDepartments(t *testing.T) {
	dir := demoPDFs(t, "huzhou-2023-depts")
	pdf := filepath.Join(dir, "通报-2023Q3.pdf")
	pages := pdfBoxes(t, pdf)
	text := testtool.Run(t, "pdftotext", "-layout", pdf, "-")
	if len(pages) > 12 { // 21 before: 83 rows of dashes and 15 pages of “/”
		t.Errorf("departments' bulletin has %d pages", len(pages))
	}
	if n := strings.Count(text, "/"); n > 10 {
		t.Errorf("%d slashes in the departments' bulletin", n)
	}
	if strings.Contains(text, "—   —   —") || strings.Contains(text, "不汇总") {
		t.Error("二 has rows without figures")
	}
	for _, want := range []string{"指标（责任单位）", "四、各单位指标完成情况", "（市经信局）"} {
		if !strings.Contains(text, want) {
			t.Errorf("departments' bulletin lacks %q", want)
		}
	}
}

// TestNoticeLetters: each letter has its 文号, the addressee, the reason as a sentence
// with its figures, the campaign's contact, a 落款 with the issuer centred over the
// date 右空四字, and page numbers of its own.
func TestNoticeLetters(t *testing.T) {
	ws := officeWorkspace(t)
	out := filepath.Join(ws, "约谈.pdf")
	runOK(t, "-w", ws, "interviews", "--period", "2023Q3", "-o", out, "--date", "2023-10-20")
	pages := pdfBoxes(t, out)
	text := testtool.Run(t, "pdftotext", out, "-")
	for _, want := range []string{"湖腾办约〔2023〕1号", "湖腾办约〔2023〕2号", "长兴县：", "南太湖新区：", "排名第5位（共5个单位，末位）",
		"属于约谈规则“培育推进慢的区县”所列情形", "未在2023年10月10日前报送", "联系人：王小明，联系电话：0572-2222222"} {
		if !strings.Contains(strings.ReplaceAll(text, "\n", ""), want) {
			t.Errorf("notices lack %q", want)
		}
	}
	letters := 0
	for i, p := range pages {
		title := -1
		for j, w := range p.words {
			if w.text == "约谈通知书" && title < 0 {
				title = j
			}
		}
		if title < 0 {
			continue
		}
		letters++
		// The 版头: the issuer, then the 发文字号, above the title; the letter starts
		// on an odd page, a sheet of its own when printed on both sides.
		var head, number bool
		for _, w := range p.words {
			if w.y1 < p.words[title].y0 {
				head = head || w.text == "湖州市腾笼换鸟办"
				number = number || strings.HasPrefix(w.text, "湖腾办约〔2023〕")
			}
		}
		if !head || !number {
			t.Errorf("page %d: no 版头 (issuer, 发文字号) above the title: %v", i+1, p.words[:title])
		}
		if (i+1)%2 == 0 {
			t.Errorf("letter %d starts on page %d, an even page", letters, i+1)
		}
		if folioWords(p, 1) == nil {
			t.Errorf("page %d, a letter's first page, is not numbered — 1 —", i+1)
		}
		for j, w := range p.words {
			if w.text == "湖州市腾笼换鸟办" && j > title && j+1 < len(p.words) {
				checkSignature(t, w, p.words[j+1])
			}
		}
	}
	if letters != 2 {
		t.Errorf("%d letters, want 2", letters)
	}
}

// TestBulletinDefaultNameByPeriodCode: without -o the bulletin is 通报-<period code>.pdf
// in the workspace however --period was written, so a period has one default file.
func TestBulletinDefaultNameByPeriodCode(t *testing.T) {
	ws := officeWorkspace(t)
	for _, period := range []string{"2023年第三季度", "2023Q3"} {
		want := filepath.Join(ws, "通报-2023Q3.pdf")
		os.Remove(want)
		code, out, errs := run(t, "-w", ws, "bulletin", "--period", period, "--date", "2023-10-20")
		if code != 0 {
			t.Fatalf("bulletin --period %s: exit %d\n%s%s", period, code, out, errs)
		}
		if _, err := os.Stat(want); err != nil || !strings.Contains(out, want) {
			t.Errorf("bulletin --period %s wrote not %s: %v\n%s", period, want, err, out)
		}
		if _, err := os.Stat(filepath.Join(ws, "通报-"+period+".pdf")); period != "2023Q3" && err == nil {
			t.Errorf("bulletin --period %s named its file by the label", period)
		}
	}
}
