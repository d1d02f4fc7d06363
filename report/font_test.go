package report

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tenglong/internal/testtool"
	"tenglong/report/internal/gofpdf"
)

func TestDefaultFont(t *testing.T) {
	f := DefaultFont()
	if f != DefaultFont() {
		t.Error("DefaultFont parses the embedded font more than once")
	}
	if f.Name != "TenglongKai-Regular" || f.UnitsPerEm() != 1000 {
		t.Errorf("Name %q, units per em %d; want TenglongKai-Regular, 1000", f.Name, f.UnitsPerEm())
	}
	if f.Glyphs() < 7000 || f.Glyphs() > 9000 {
		t.Errorf("%d glyphs: the subset should hold about 8,100", f.Glyphs())
	}
	if len(f.Bytes) > 4<<20 {
		t.Errorf("embedded font is %d bytes: make-font.sh keeps it under 4 MB", len(f.Bytes))
	}
	for r := rune(0x20); r < 0x7F; r++ {
		if !f.Has(r) {
			t.Errorf("no glyph for ASCII %q", r)
		}
	}
	for _, r := range "↑↓→×÷±≤≥−①②⑩■□●○▲△◆★、。，；：“”‘’《》「」【】（）—…·〓〇％℃№Ⅱ㎡" {
		if !f.Has(r) {
			t.Errorf("no glyph for %q (U+%04X)", r, r)
		}
	}
}

// The subset keeps all 6,763 hanzi of GB 2312 (rows 16-87).
func TestDefaultFontHasGB2312(t *testing.T) {
	f := DefaultFont()
	dec := simplifiedchinese.GBK.NewDecoder()
	n := 0
	for hi := 0xB0; hi <= 0xF7; hi++ {
		for lo := 0xA1; lo <= 0xFE; lo++ {
			s, err := dec.Bytes([]byte{byte(hi), byte(lo)})
			if err != nil {
				continue
			}
			r := []rune(string(s))[0]
			if r < 0x4E00 || r > 0x9FFF {
				continue // D7FA-D7FE: unassigned in GB 2312
			}
			n++
			if !f.Has(r) {
				t.Errorf("no glyph for GB 2312 %X%X %q", hi, lo, r)
			}
		}
	}
	if n != 6763 {
		t.Errorf("counted %d GB 2312 hanzi, want 6763", n)
	}
}

// Every character of the seed campaigns and built-in templates is in the default font:
// when this fails, rerun report/fonts/make-font.sh and commit the new font.
func TestDefaultFontCoversSeedsAndTemplates(t *testing.T) {
	for _, role := range Roles {
		t.Run(BuiltinFileName(role), func(t *testing.T) { fontCovers(t, BuiltinFont(role)) })
	}
}

func fontCovers(t *testing.T, f *Font) {
	files, _ := filepath.Glob("../seeds/*.yaml")
	more, _ := filepath.Glob("../templates/builtin/*")
	files = append(files, more...)
	if len(files) < 3 {
		t.Fatalf("found only %v", files)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if missing := f.Missing(string(data)); len(missing) > 0 {
			t.Errorf("%s: the built-in font %s lacks %q: rerun report/fonts/make-font.sh and make-noto.sh", name, f.Name, string(missing))
		}
	}
}

// The subset is a Modified Version under the OFL: no record that names the font may
// carry the reserved names 霞鹜 and LXGW; the copyright and licence records stay.
func TestDefaultFontNameTable(t *testing.T) {
	recs := nameRecords(t, DefaultFont().Bytes)
	naming := map[int]bool{1: true, 3: true, 4: true, 6: true, 16: true, 17: true}
	found := map[string]bool{}
	for _, r := range recs {
		key := fmt.Sprintf("%d/%d/%d/%d", r.platform, r.encoding, r.lang, r.id)
		found[key] = true
		if naming[r.id] && (strings.Contains(strings.ToUpper(r.text), "LXGW") || strings.Contains(r.text, "霞鹜")) {
			t.Errorf("name record %s is %q: a reserved font name", key, r.text)
		}
		want := map[string]string{
			"3/1/1033/1": "Tenglong Kai", "1/0/0/1": "Tenglong Kai", "3/1/1033/4": "Tenglong Kai",
			"3/1/1033/6": "TenglongKai-Regular", "1/0/0/6": "TenglongKai-Regular",
			"3/1/2052/1": "腾龙楷体", "1/25/33/1": "腾龙楷体",
		}[key]
		if want != "" && r.text != want {
			t.Errorf("name record %s is %q, want %q", key, r.text, want)
		}
		if r.id == 0 && !strings.Contains(r.text, "Copyright 2021-2023 LXGW") {
			t.Errorf("copyright record %s is %q", key, r.text)
		}
		if r.id == 13 && !strings.Contains(r.text, "SIL Open Font License, Version 1.1") {
			t.Errorf("licence record %s is %q", key, r.text)
		}
	}
	for _, key := range []string{"3/1/1033/0", "3/1/1033/1", "3/1/1033/6", "3/1/1033/13", "3/1/1033/14", "3/1/2052/1"} {
		if !found[key] {
			t.Errorf("no name record %s", key)
		}
	}
	ofl, err := os.ReadFile("fonts/OFL.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`Reserved Font Names "霞鹜" and "LXGW"`, "SIL OPEN FONT LICENSE Version 1.1", "Klee Project Authors"} {
		if !bytes.Contains(ofl, []byte(want)) {
			t.Errorf("fonts/OFL.txt lacks %q", want)
		}
	}
}

type nameRecord struct {
	platform, encoding, lang, id int
	text                         string
}

// nameRecords reads the name table independently of font.go.
func nameRecords(t *testing.T, data []byte) []nameRecord {
	t.Helper()
	off, _ := tableOf(t, data, "name")
	be := binary.BigEndian
	count, storage := int(be.Uint16(data[off+2:])), off+int(be.Uint16(data[off+4:]))
	var out []nameRecord
	for i := 0; i < count; i++ {
		rec := data[off+6+12*i:]
		r := nameRecord{platform: int(be.Uint16(rec)), encoding: int(be.Uint16(rec[2:])), lang: int(be.Uint16(rec[4:])), id: int(be.Uint16(rec[6:]))}
		s := data[storage+int(be.Uint16(rec[10:])):][:be.Uint16(rec[8:])]
		switch {
		case r.platform == 3 || r.platform == 0:
			u := make([]uint16, len(s)/2)
			for j := range u {
				u[j] = be.Uint16(s[2*j:])
			}
			r.text = string(utf16.Decode(u))
		case r.platform == 1 && r.encoding == 25: // Mac simplified Chinese: EUC-CN
			b, err := simplifiedchinese.GBK.NewDecoder().Bytes(s)
			if err != nil {
				t.Fatalf("name record %v: %v", r, err)
			}
			r.text = string(b)
		default:
			r.text = string(s)
		}
		out = append(out, r)
	}
	return out
}

// tableOf finds a table in an sfnt's directory.
func tableOf(t testing.TB, data []byte, tag string) (off, length int) {
	t.Helper()
	n := int(binary.BigEndian.Uint16(data[4:]))
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		if string(rec[:4]) == tag {
			return int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		}
	}
	t.Fatalf("no %s table", tag)
	return 0, 0
}

func TestHasAndClean(t *testing.T) {
	f := DefaultFont()
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'的', true}, {'A', true}, {'7', true}, {' ', true}, {'〓', true}, {'犇', true},
		{'\n', false}, {'\t', false}, {'\r', false}, {0, false}, {-1, false},
		{'𠮷', false},      // U+20BB7, beyond the BMP
		{'😀', false},      // U+1F600
		{'ก', false},      // Thai: not in the subset
		{'堃', false},      // GBK but not GB 2312
		{0xFFFF, false},   // noncharacter
		{0x10FFFF, false}, // last code point
		{0x110000, false}, // beyond Unicode
	} {
		if got := f.Has(tc.r); got != tc.want {
			t.Errorf("Has(%U) = %v, want %v", tc.r, got, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"湖州市2023年第三季度 ↑1.2%", "湖州市2023年第三季度 ↑1.2%"},
		{"一、总体情况\n\t二、①■", "一、总体情况\n\t二、①■"},
		{"吉𠮷祥", "吉〓祥"},
		{"好😀", "好〓"},
		{"王堃同志", "王〓同志"},
		{"第一行\r\n第二行\r", "第一行\n第二行"},
		{"a\x00b\x7fc", "a〓b〓c"},
		{"坏\xff\xfe字", "坏〓〓字"},
		{"半个\xe4\xb8", "半个〓〓"}, // each byte of a cut sequence is one error
		{"\ufffd", "〓"},
	} {
		if got := f.Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := string(f.Missing("王堃和王堃、𠮷\r\n")), "堃𠮷"; got != want {
		t.Errorf("Missing = %q, want %q", got, want)
	}
	if f.Missing("全都有的字") != nil {
		t.Error("Missing of a clean string is not nil")
	}
}

// Clean falls back to □, then ?, in a font without 〓.
func TestCleanReplacementFallback(t *testing.T) {
	for _, tc := range []struct {
		extra []rune
		want  string
	}{
		{[]rune{'〓', '□'}, "的〓"},
		{[]rune{'□'}, "的□"},
		{nil, "的?"},
	} {
		f, err := ParseFont("t.ttf", buildFont(t, testFontSpec{runes: append([]rune("的?"), tc.extra...)}))
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Clean("的堃"); got != tc.want {
			t.Errorf("with %q: Clean = %q, want %q", string(tc.extra), got, tc.want)
		}
	}
}

// The default font goes through gofpdf: embedded, a subset, and the text comes back.
func TestDefaultFontInPDF(t *testing.T) {
	pdffonts := testtool.Need(t, "pdffonts", "poppler-utils")
	pdftotext := testtool.Need(t, "pdftotext", "poppler-utils")
	f := DefaultFont()
	lines := []string{
		"浙江省制造业高质量发展攻坚行动通报（2023年第3期）",
		"二、主要指标完成情况：完成率 98.5%，比上期 ↑2.1 个百分点，排名 ↓1 位",
		"①规上工业增加值 ②研发投入 ■□●○▲△◆",
		"GDP 1,234.56 亿元；ABC xyz 0123456789 ×÷±≤≥−",
		"吴兴区、南浔区、德清县、长兴县、安吉县（槃、犇）",
	}
	pdf := fontSamplePDF(t, f, lines)
	if again := fontSamplePDF(t, f, lines); !bytes.Equal(pdf, again) {
		t.Error("the same text gives different PDF bytes")
	}
	path := filepath.Join(t.TempDir(), "font.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}

	// pdffonts: name, type (2 words), encoding, emb, sub, uni, object, generation.
	out := testtool.Run(t, pdffonts, path)
	var row []string
	for _, line := range strings.Split(out, "\n") {
		if fields := strings.Fields(line); len(fields) == 9 && strings.Contains(strings.ToLower(fields[0]), "tenglongkai") {
			row = fields
		}
	}
	if row == nil || row[1] != "CID" || row[2] != "TrueType" || row[4] != "yes" || row[6] != "yes" {
		t.Fatalf("pdffonts does not list TenglongKai as an embedded CID TrueType font with a ToUnicode map:\n%s", out)
	}

	// gofpdf gives its subsets no ABCDEF+ tag, so pdffonts says sub=no; open the
	// embedded font program instead: a few dozen glyphs, not 8,111.
	embedded := embeddedFontProgram(t, pdf)
	sub, err := ParseFont("embedded", embedded)
	if err != nil {
		t.Fatalf("the font program in the PDF does not parse: %v", err)
	}
	used := map[rune]bool{}
	for _, l := range lines {
		for _, r := range l {
			used[r] = true
			if !sub.Has(r) {
				t.Errorf("embedded subset lacks %q", r)
			}
		}
	}
	if sub.Glyphs() > len(used)+60 || len(embedded) > 200<<10 {
		t.Errorf("embedded font has %d glyphs in %d bytes for %d distinct characters: not a subset", sub.Glyphs(), len(embedded), len(used))
	}

	text := testtool.Run(t, pdftotext, "-enc", "UTF-8", path, "-")
	got := strings.Split(strings.TrimRight(text, "\f\n"), "\n")
	var nonEmpty []string
	for _, l := range got {
		if l != "" {
			nonEmpty = append(nonEmpty, l)
		}
	}
	if strings.Join(nonEmpty, "\n") != strings.Join(lines, "\n") {
		t.Errorf("pdftotext gives\n%s\nwant\n%s", strings.Join(nonEmpty, "\n"), strings.Join(lines, "\n"))
	}
}

// fontSamplePDF sets lines in f on one A4 page through gofpdf, as the bulletin will,
// and fails the test if gofpdf panics or reports an error.
func fontSamplePDF(t testing.TB, f *Font, lines []string) (out []byte) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("gofpdf panicked on font %s: %v", f.Name, r)
		}
	}()
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.SetCatalogSort(true)
	when := time.Date(2023, 10, 15, 9, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.AddUTF8FontFromBytes(f.Name, "", f.Bytes)
	pdf.AddPage()
	pdf.SetFont(f.Name, "", 12)
	for i, l := range lines {
		l = f.Clean(l)
		pdf.Text(20, 30+float64(i)*15, l)
		_ = pdf.GetStringWidth(l)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatalf("gofpdf: %v", err)
	}
	return buf.Bytes()
}

// embeddedFontProgram returns the (inflated) FontFile2 stream of a gofpdf PDF.
func embeddedFontProgram(t *testing.T, pdf []byte) []byte {
	t.Helper()
	m := regexp.MustCompile(`/FontFile2 (\d+) 0 R`).FindSubmatch(pdf)
	if m == nil {
		t.Fatal("no /FontFile2 in the PDF: the font is not embedded")
	}
	obj := []byte("\n" + string(m[1]) + " 0 obj\n")
	i := bytes.Index(pdf, obj)
	if i < 0 {
		t.Fatalf("no object %s", m[1])
	}
	rest := pdf[i+len(obj):]
	j := bytes.Index(rest, []byte("stream\n"))
	lm := regexp.MustCompile(`/Length (\d+)`).FindSubmatch(rest[:j])
	if j < 0 || lm == nil {
		t.Fatal("font object without a stream length")
	}
	n, _ := strconv.Atoi(string(lm[1]))
	zr, err := zlib.NewReader(bytes.NewReader(rest[j+len("stream\n"):][:n]))
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// withFsType is the default font with its OS/2 fsType changed and the table checksum
// left stale (the parser must not care).
func withFsType(t *testing.T, fsType uint16) []byte {
	t.Helper()
	data := bytes.Clone(DefaultFont().Bytes)
	off, _ := tableOf(t, data, "OS/2")
	binary.BigEndian.PutUint16(data[off+8:], fsType)
	return data
}

func TestParseFontEmbeddingPermissions(t *testing.T) {
	for _, tc := range []struct {
		fsType uint16
		want   string // "" when allowed
	}{
		{0x0000, ""}, // installable
		{0x0004, ""}, // preview and print
		{0x0008, ""}, // editable
		{0x000A, ""}, // restricted and editable: the least restrictive wins
		{0x0002, "受限授权"},
		{0x0003, "受限授权"}, // reserved bit 0 does not lift the restriction
		{0x0200, "只允许嵌入点阵字形"},
		{0x0208, "只允许嵌入点阵字形"},
		{0x0100, "禁止取子集"},
		{0x0302, "受限授权"},
	} {
		_, err := ParseFont("C:\\fonts\\restricted.ttf", withFsType(t, tc.fsType))
		if tc.want == "" {
			if err != nil {
				t.Errorf("fsType %#04x: %v", tc.fsType, err)
			}
			continue
		}
		checkFontError(t, err, ErrFontNoEmbedding, "C:\\fonts\\restricted.ttf", tc.want, "simfang.ttf（仿宋）")
	}
}

// checkFontError checks err is a *FontError of the kind whose message holds every want.
func checkFontError(t *testing.T, err error, kind error, want ...string) {
	t.Helper()
	var fe *FontError
	if !errors.As(err, &fe) || !errors.Is(err, kind) {
		t.Errorf("got %v, want a %v FontError", err, kind)
		return
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("message %q lacks %q", err, w)
		}
	}
}

func TestParseFontRefuses(t *testing.T) {
	font := DefaultFont().Bytes
	ttc := append([]byte("ttcf\x00\x01\x00\x00\x00\x00\x00\x02\x00\x00\x00\x14\x00\x00\x10\x00"), font[:4096]...)
	otto := append([]byte("OTTO"), font[4:4096]...)
	noUnicode := bytes.Clone(font)
	cmap, _ := tableOf(t, noUnicode, "cmap")
	for i := 0; i < int(binary.BigEndian.Uint16(noUnicode[cmap+2:])); i++ {
		copy(noUnicode[cmap+4+8*i:], []byte{0, 3, 0, 0}) // platform 3 encoding 0: Symbol
	}
	cff := bytes.Clone(font)
	for i := 0; i < int(binary.BigEndian.Uint16(cff[4:])); i++ {
		if string(cff[12+16*i:][:4]) == "glyf" {
			copy(cff[12+16*i:], "CFF ")
		}
	}
	bitmap := bytes.Clone(cff)
	copy(bitmap[bytes.Index(bitmap[:1024], []byte("CFF ")):], "EBDT")
	noHead := bytes.Clone(font)
	copy(noHead[bytes.Index(noHead[:1024], []byte("head")):], "hxad")
	badMagic := bytes.Clone(font)
	head, _ := tableOf(t, badMagic, "head")
	badMagic[head+12] = 0

	advice := "C:\\Windows\\Fonts"
	for _, tc := range []struct {
		name string
		data []byte
		kind error
		want []string
	}{
		{"simsun.ttc", ttc, ErrFontCollection, []string{"字体集 .ttc 不能直接用", "simsun.ttc", "内含 2 个字体", advice}},
		{"SourceHanSerifSC-Regular.otf", otto, ErrFontOpenType, []string{"OpenType", ".otf", advice}},
		{"cff.ttf", cff, ErrFontOpenType, []string{"CFF", advice}},
		{"bitmap.ttf", bitmap, ErrNotAFont, []string{"点阵字体", advice}},
		{"symbol.ttf", noUnicode, ErrFontNoUnicode, []string{"没有 Unicode 字符映射表", advice}},
		{"nohead.ttf", noHead, ErrFontDamaged, []string{"缺少 head 表", advice}},
		{"magic.ttf", badMagic, ErrFontDamaged, []string{"已损坏", "head 表的标记不对", "重新复制"}},
		{"latin.ttf", buildFont(t, testFontSpec{runes: []rune("ABCabc0123 ")}), ErrFontNoHanzi, []string{"没有汉字", "的一是在年月日", advice}},
		{"format12.ttf", buildFont(t, testFontSpec{runes: []rune("的一是"), format12: true}), ErrFontNoUnicode, []string{"cmap 格式 4", advice}},
		{"empty.ttf", nil, ErrNotAFont, []string{"空的", advice}},
		{"notes.ttf", []byte("仿宋_GB2312"), ErrNotAFont, []string{"不是字体文件", advice}},
		{"page.ttf", []byte("<!DOCTYPE html><html>"), ErrNotAFont, []string{"不是字体文件（看起来是网页）"}},
		{"web.ttf", []byte("wOF2\x00\x01\x00\x00"), ErrNotAFont, []string{"网页字体（WOFF）"}},
		{"tiny.ttf", []byte{0, 1}, ErrFontTruncated, []string{"不完整", "只有 2 字节", "截断"}},
	} {
		_, err := ParseFont(tc.name, tc.data)
		checkFontError(t, err, tc.kind, append([]string{"字体文件 " + tc.name + "："}, tc.want...)...)
	}
}

// A truncated copy of the default font is refused as truncated, wherever it is cut.
func TestParseFontTruncated(t *testing.T) {
	font := DefaultFont().Bytes
	end := 0 // where the last table ends: cutting the padding after it loses nothing
	n := int(binary.BigEndian.Uint16(font[4:]))
	for i := 0; i < n; i++ {
		rec := font[12+16*i:]
		end = max(end, int(binary.BigEndian.Uint32(rec[8:])+binary.BigEndian.Uint32(rec[12:])))
	}
	for _, cut := range []int{3, 4, 11, 12, 100, 12 + 16*n - 1, 12 + 16*n, 1000, 4096, 1 << 20, len(font) / 2, end - 1} {
		_, err := ParseFont("cut.ttf", font[:cut])
		checkFontError(t, err, ErrFontTruncated, "字体文件 cut.ttf：", "文件不完整", fmt.Sprintf("只有 %d 字节", cut), "重新复制")
	}
}

func TestLoadFont(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "logo.ttf")
	if err := os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadFont(png)
	checkFontError(t, err, ErrNotAFont, png, "不是字体文件（看起来是 PNG 图片）", "simhei.ttf（黑体）")

	_, err = LoadFont(filepath.Join(dir, "simfang.ttf"))
	checkFontError(t, err, ErrFontUnreadable, "simfang.ttf", "读不到这个文件")
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%v does not wrap os.ErrNotExist", err)
	}

	huge := filepath.Join(dir, "movie.ttf")
	if err := os.WriteFile(huge, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(huge, 200<<20); err != nil { // sparse: nothing is written
		t.Fatal(err)
	}
	_, err = LoadFont(huge)
	checkFontError(t, err, ErrNotAFont, huge, "文件有 200 MB，不像字体文件")

	_, err = LoadFont(dir)
	checkFontError(t, err, ErrFontUnreadable, dir, "读不到这个文件")

	restricted := filepath.Join(dir, "仿宋_GB2312.ttf")
	if err := os.WriteFile(restricted, withFsType(t, 2), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = LoadFont(restricted)
	checkFontError(t, err, ErrFontNoEmbedding, restricted, "不允许嵌入")

	ok := filepath.Join(dir, "仿宋_GB2312 副本.ttf")
	if err := os.WriteFile(ok, buildFont(t, testFontSpec{runes: []rune("的一是ABC"), psName: "仿宋"}), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFont(ok)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "_GB2312" { // no ASCII in the PostScript name: the file name's ASCII
		t.Errorf("Name = %q", f.Name)
	}
}

// Glyphs that would make gofpdf index out of range or recurse forever are not
// covered; Clean replaces the characters that map to them.
func TestParseFontBrokenGlyphs(t *testing.T) {
	// Glyphs: 0 empty, 1..n simple (one per rune), then the extra ones.
	runes := []rune("的一是在〓")
	n := len(runes) + 1
	spec := testFontSpec{
		runes: runes,
		extra: [][]byte{
			compositeGlyph(n),          // n: refers to itself
			compositeGlyph(n+2, 1),     // n+1: refers to n+2, which refers back
			compositeGlyph(n + 1),      // n+2
			compositeGlyph(1, 2, 3),    // n+3: fine
			compositeGlyph(999),        // n+4: no such glyph
			[]byte{0x80, 0, 0, 0, 0},   // n+5: shorter than a glyph header
			fanOut(n+7, 4),             // n+6: 4^k calls once expanded
			fanOut(n+8, 4),             // n+7
			fanOut(n+9, 4),             // n+8
			fanOut(n+10, 4),            // n+9
			compositeGlyph(1),          // n+10
			compositeGlyph(1)[:12],     // n+11: component record cut off
			compositeGlyph(n+3, n+3),   // n+12: shared components are fine
			append(simpleGlyph(), 0),   // n+13: fine
			compositeGlyph(n+12, n+12), // n+14: fine
		},
		cmap: map[rune]int{
			'中': n, '国': n + 1, '人': n + 3, '大': n + 4, '小': n + 5, '多': n + 6,
			'少': n + 9, '上': n + 11, '下': n + 12, '左': n + 13, '右': n + 14, '前': 5000,
		},
	}
	f, err := ParseFont("broken.ttf", buildFont(t, spec))
	if err != nil {
		t.Fatal(err)
	}
	for r, want := range map[rune]bool{'的': true, '人': true, '少': true, '下': true, '左': true, '右': true,
		'中': false, '国': false, '大': false, '小': false, '多': false, '上': false, '前': false} {
		if f.Has(r) != want {
			t.Errorf("Has(%q) = %v, want %v", r, !want, want)
		}
	}
	if got := f.Clean("中国人大小多少上下左右前"); got != "〓〓人〓〓〓少〓下左右〓" {
		t.Errorf("Clean = %q", got)
	}
	fontSamplePDF(t, f, []string{"中国人大小多少上下左右前的一是在"})

	// gofpdf embeds the glyph of U+0000 whether or not it is used, and Clean falls
	// back on ? in a font without 〓 or □: a broken glyph there refuses the font.
	for _, r := range []rune{0, '?'} {
		spec.cmap = map[rune]int{r: 999, '1': 999}
		_, err = ParseFont("control.ttf", buildFont(t, spec))
		checkFontError(t, err, ErrFontDamaged, fmt.Sprintf("字符 U+%04X 的字形坏了", r), "重新复制")
	}
	spec.cmap = map[rune]int{'1': 999}
	if f, err = ParseFont("digits.ttf", buildFont(t, spec)); err != nil || f.Has('1') {
		t.Errorf("a broken digit: %v, Has('1') = %v", err, f != nil && f.Has('1'))
	}
	spec.cmap = nil
	spec.glyph0 = compositeGlyph(0)
	_, err = ParseFont("notdef.ttf", buildFont(t, spec))
	checkFontError(t, err, ErrFontDamaged, "0 号字形")
}

// A font that passes ParseFont is one gofpdf embeds without panicking.
func TestBuiltFontsInGofpdf(t *testing.T) {
	for _, spec := range []testFontSpec{
		{runes: []rune("的一是在年月日")},
		{runes: []rune("的 ABC123"), fsType: 8, psName: "Test"},
		{runes: []rune("的"), extra: [][]byte{compositeGlyph(1, 1)}, cmap: map[rune]int{'中': 2}},
	} {
		f, err := ParseFont("t.ttf", buildFont(t, spec))
		if err != nil {
			t.Fatal(err)
		}
		fontSamplePDF(t, f, []string{"的一是在年月日中 ABC123"})
	}
}

// testFontSpec describes a small TrueType font for tests: glyph 0, one simple glyph per
// rune (glyph i+1 for runes[i]), then the extra glyphs; cmap maps more code points.
type testFontSpec struct {
	runes    []rune
	extra    [][]byte
	cmap     map[rune]int
	glyph0   []byte
	format12 bool // a format 12 cmap only
	fsType   uint16
	psName   string
}

func simpleGlyph() []byte {
	// One contour of one on-curve point at (0,0): header, endPts, no instructions,
	// a flag byte, then x and y as words.
	return []byte{0, 1, 0, 0, 0, 0, 1, 0xF4, 1, 0xF4, 0, 0, 0, 0, 1, 0, 0, 0, 0}
}

// compositeGlyph refers to the given glyphs, offsets as words.
func compositeGlyph(components ...int) []byte {
	g := []byte{0xFF, 0xFF, 0, 0, 0, 0, 1, 0xF4, 1, 0xF4}
	for i, c := range components {
		flags := uint16(0x0001 | 0x0002) // ARG_1_AND_2_ARE_WORDS | ARGS_ARE_XY_VALUES
		if i < len(components)-1 {
			flags |= 0x0020 // MORE_COMPONENTS
		}
		g = binary.BigEndian.AppendUint16(g, flags)
		g = binary.BigEndian.AppendUint16(g, uint16(c))
		g = append(g, 0, 0, 0, 0)
	}
	return g
}

func fanOut(to, times int) []byte {
	c := make([]int, times)
	for i := range c {
		c[i] = to
	}
	return compositeGlyph(c...)
}

func buildFont(t testing.TB, s testFontSpec) []byte {
	t.Helper()
	be := binary.BigEndian
	u16 := func(b []byte, v ...int) []byte {
		for _, x := range v {
			b = be.AppendUint16(b, uint16(x))
		}
		return b
	}
	glyphs := [][]byte{s.glyph0}
	if s.glyph0 == nil {
		glyphs[0] = []byte{}
	}
	cmap := map[rune]int{}
	for i, r := range s.runes {
		glyphs = append(glyphs, simpleGlyph())
		cmap[r] = i + 1
	}
	glyphs = append(glyphs, s.extra...)
	for r, g := range s.cmap {
		cmap[r] = g
	}
	n := len(glyphs)

	var glyf, loca []byte
	for _, g := range glyphs {
		loca = be.AppendUint32(loca, uint32(len(glyf)))
		glyf = append(glyf, g...)
	}
	loca = be.AppendUint32(loca, uint32(len(glyf)))

	head := u16(nil, 1, 0, 1, 0, 0, 0, 0x5F0F, 0x3CF5, 0, 1000)
	head = append(head, make([]byte, 16)...) // created, modified
	head = u16(head, 0, 0xFF88, 1000, 880, 0, 8, 2, 1, 0)
	hhea := u16(nil, 1, 0, 880, 0xFF88, 0, 1000, 0, 0, 1000, 1, 0, 0, 0, 0, 0, 0, 0, n)
	maxp := u16(nil, 0, 0x5000, n)
	var hmtx []byte
	for range glyphs {
		hmtx = u16(hmtx, 1000, 0)
	}
	post := u16(nil, 3, 0, 0, 0, 0xFF9C, 50)
	post = append(post, make([]byte, 20)...)
	os2 := make([]byte, 96)
	be.PutUint16(os2, 4)
	be.PutUint16(os2[4:], 400)
	be.PutUint16(os2[8:], s.fsType)
	be.PutUint16(os2[68:], 880)
	be.PutUint16(os2[70:], 0xFF88)
	be.PutUint16(os2[88:], 700)

	ps := s.psName
	if ps == "" {
		ps = "TestFont-Regular"
	}
	var strs []byte
	name := u16(nil, 0, 2, 6+2*12)
	for _, rec := range []struct {
		id   int
		text string
	}{{1, "Test Font"}, {6, ps}} {
		var b []byte
		for _, u := range utf16.Encode([]rune(rec.text)) {
			b = u16(b, int(u))
		}
		name = u16(name, 3, 1, 0x409, rec.id, len(b), len(strs))
		strs = append(strs, b...)
	}
	name = append(name, strs...)

	codes := make([]int, 0, len(cmap))
	for r := range cmap {
		codes = append(codes, int(r))
	}
	sort.Ints(codes)
	var cmapTable []byte
	if s.format12 {
		sub := u16(nil, 12, 0)
		sub = be.AppendUint32(sub, uint32(16+12*len(codes)))
		sub = be.AppendUint32(sub, 0)
		sub = be.AppendUint32(sub, uint32(len(codes)))
		for _, c := range codes {
			sub = be.AppendUint32(sub, uint32(c))
			sub = be.AppendUint32(sub, uint32(c))
			sub = be.AppendUint32(sub, uint32(cmap[rune(c)]))
		}
		cmapTable = append(u16(nil, 0, 1, 3, 10, 0, 12), sub...)
	} else {
		segs := len(codes) + 1
		sub := u16(nil, 4, 16+8*segs, 0, 2*segs, 0, 0, 0)
		for _, c := range codes {
			sub = u16(sub, c)
		}
		sub = u16(sub, 0xFFFF, 0)
		for _, c := range codes {
			sub = u16(sub, c)
		}
		sub = u16(sub, 0xFFFF)
		for _, c := range codes {
			sub = u16(sub, (cmap[rune(c)]-c)&0xFFFF)
		}
		sub = u16(sub, 1)
		sub = append(sub, make([]byte, 2*segs)...)
		cmapTable = append(u16(nil, 0, 1, 3, 1, 0, 12), sub...)
	}

	tables := map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca,
		"glyf": glyf, "cmap": cmapTable, "post": post, "name": name, "OS/2": os2}
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, fmt.Sprintf("%-4s", tag))
	}
	sort.Strings(tags)
	out := u16(be.AppendUint32(nil, 0x00010000), len(tags), 0, 0, 0)
	off := 12 + 16*len(tags)
	var body []byte
	for _, tag := range tags {
		data := tables[strings.TrimSpace(tag)]
		out = append(out, tag...)
		out = be.AppendUint32(out, 0) // checksum: nobody reads it
		out = be.AppendUint32(out, uint32(off+len(body)))
		out = be.AppendUint32(out, uint32(len(data)))
		body = append(body, data...)
		for len(body)%4 != 0 {
			body = append(body, 0)
		}
	}
	return append(out, body...)
}
