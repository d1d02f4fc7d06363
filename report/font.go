package report

import (
	"bytes"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
)

// The default font (默认字体): a subset of LXGW WenKai renamed Tenglong Kai, under the
// SIL Open Font License. fonts/README.md says what is in it and how it is rebuilt.
//
//go:embed fonts/TenglongKai-Regular.ttf
var defaultFontTTF []byte

// Replacement is what Clean puts where the font has no glyph: 〓 (U+3013, 替代符),
// the mark Chinese typesetting uses for a character that cannot be set.
const Replacement = '〓'

// Font is a TrueType font the PDFs are set in. Make one with DefaultFont, LoadFont or
// ParseFont: those check everything gofpdf would trip over, so Bytes can go straight
// to gofpdf's AddUTF8FontFromBytes (Name as the family) once every string it is given
// has been through Clean.
type Font struct {
	Name  string // PostScript name, ASCII letters, digits, - and _ only, e.g. TenglongKai-Regular
	Bytes []byte // the whole .ttf file; shared, never to be modified

	unitsPerEm  int
	numGlyphs   int
	covered     *[0x10000 / 64]uint64 // BMP code points with a usable glyph
	replacement rune
}

// Kinds of font problem. Test with errors.Is(err, report.ErrFontCollection).
var (
	ErrFontUnreadable  = errors.New("font file unreadable")
	ErrNotAFont        = errors.New("not a font file")
	ErrFontOpenType    = errors.New("OpenType font with CFF outlines, not TrueType")
	ErrFontCollection  = errors.New("TrueType collection")
	ErrFontTruncated   = errors.New("font file truncated")
	ErrFontDamaged     = errors.New("font file damaged")
	ErrFontNoEmbedding = errors.New("font licence forbids embedding")
	ErrFontNoUnicode   = errors.New("font has no Unicode cmap")
	ErrFontNoHanzi     = errors.New("font has no Chinese characters")
)

// FontError is a font that cannot be used, worded for the person who chose it: which
// file, what is wrong, what to do instead.
type FontError struct {
	File   string // the path or name the font was given as
	Kind   error  // one of the Err* values above
	Detail string // what is wrong and what to do, in Chinese
	Err    error  // the underlying error (reading the file), if any
}

func (e *FontError) Error() string {
	msg := "字体文件 " + e.File + "：" + e.Detail
	if e.Err != nil {
		msg += "（原始信息：" + e.Err.Error() + "）"
	}
	return msg
}

// Unwrap lets errors.Is find both the kind and the underlying error.
func (e *FontError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// useTTF is the advice every refusal ends with.
const useTTF = "请改用 .ttf 格式的中文字体：在 Windows 的 C:\\Windows\\Fonts 里找 .ttf 格式的字体，如 simfang.ttf（仿宋）、simhei.ttf（黑体）"

// maxFontFile is larger than any font Windows ships (the largest CJK ones are
// about 30 MB); LoadFont does not read a bigger file into memory.
const maxFontFile = 128 << 20

var (
	defaultFontOnce sync.Once
	defaultFont     *Font
)

// DefaultFont is the font embedded in the binary (Tenglong Kai, a 楷体). It is parsed
// once; a build whose embedded font does not parse panics here, and the tests see it.
func DefaultFont() *Font {
	defaultFontOnce.Do(func() {
		f, err := ParseFont("内置字体 TenglongKai-Regular.ttf", defaultFontTTF)
		if err != nil {
			panic(err)
		}
		defaultFont = f
	})
	return defaultFont
}

// LoadFont reads and checks the office's own font, such as 仿宋_GB2312 or 黑体 copied
// from Windows.
func LoadFont(path string) (*Font, error) {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && st.Size() > maxFontFile {
		return nil, &FontError{File: path, Kind: ErrNotAFont,
			Detail: fmt.Sprintf("文件有 %d MB，不像字体文件；%s", st.Size()>>20, useTTF)}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &FontError{File: path, Kind: ErrFontUnreadable, Err: err,
			Detail: "读不到这个文件，请检查路径和文件名"}
	}
	return ParseFont(path, data)
}

// ParseFont checks a TrueType font held in memory; name is what messages call it,
// usually its path. It refuses, with a Chinese message, what gofpdf cannot embed or
// would panic on: OpenType/CFF fonts, collections, other files, truncated or damaged
// fonts, fonts whose licence forbids embedding, fonts without a Unicode (format 4)
// cmap and fonts without Chinese characters. It never panics.
func ParseFont(name string, data []byte) (*Font, error) {
	p := fontParser{file: name, data: data}
	return p.parse()
}

// Has reports whether the font has a usable glyph for r. Only the Basic Multilingual
// Plane counts: gofpdf panics on anything beyond it.
func (f *Font) Has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return f.covered[r>>6]&(1<<(uint(r)&63)) != 0
}

// Clean returns s with every rune the font lacks, every rune outside the Basic
// Multilingual Plane and every invalid UTF-8 byte replaced by 〓 (or, in a font without
// it, □, else ?). Newlines and tabs stay; carriage returns (a template saved in
// Notepad ends its lines with \r\n) are dropped. Every string handed to gofpdf must be
// clean.
func (f *Font) Clean(s string) string {
	if f.isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			continue
		case r == utf8.RuneError && size <= 1 || !f.keeps(r):
			r = f.replacement
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (f *Font) isClean(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || !f.keeps(r) {
			return false
		}
		i += size
	}
	return true
}

// Missing lists, once each and in order of appearance, the runes of s that Clean would
// replace (invalid UTF-8 shows as U+FFFD): for a warning such as “字体缺“堃”，已用〓代替”.
func (f *Font) Missing(s string) []rune {
	var out []rune
	seen := map[rune]bool{}
	for _, r := range s {
		if r != '\r' && !f.keeps(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func (f *Font) keeps(r rune) bool { return r == '\n' || r == '\t' || f.Has(r) }

// UnitsPerEm is the font's design grid (1000 for the default font, 2048 or 256 for
// many Windows fonts).
func (f *Font) UnitsPerEm() int { return f.unitsPerEm }

// Glyphs is the number of glyphs in the font.
func (f *Font) Glyphs() int { return f.numGlyphs }

// fontParser reads the parts of an sfnt that gofpdf uses, checking every offset first:
// the table directory, head, hhea, maxp, hmtx, loca, glyf (composite glyphs), post,
// name, OS/2 and the format 4 cmap gofpdf picks.
type fontParser struct {
	file   string
	data   []byte
	tables map[string]fontTable

	numGlyphs  int
	locaLong   bool
	glyphState []uint8  // per glyph: 0 unknown, 1 in progress, 2 usable, 3 not
	glyphCalls []uint16 // per usable glyph: gofpdf's recursive calls to collect it
}

type fontTable struct{ off, len int }

const (
	glyphUnknown = iota
	glyphVisiting
	glyphOK
	glyphBad
)

// maxGlyphCalls bounds how much work one glyph may cost gofpdf, which walks composite
// glyphs recursively without remembering what it has seen: a font whose glyph
// references fan out would otherwise take forever to embed.
const maxGlyphCalls = 256

func (p *fontParser) fail(kind error, format string, args ...any) error {
	return &FontError{File: p.file, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

func (p *fontParser) damaged(what string) error {
	return p.fail(ErrFontDamaged, "字体已损坏（%s）；请从原处重新复制这个字体文件，或%s", what, strings.TrimPrefix(useTTF, "请"))
}

func (p *fontParser) u16(off int) int { return int(binary.BigEndian.Uint16(p.data[off:])) }
func (p *fontParser) u32(off int) int64 {
	return int64(binary.BigEndian.Uint32(p.data[off:]))
}

func (p *fontParser) parse() (*Font, error) {
	if err := p.header(); err != nil {
		return nil, err
	}
	if err := p.directory(); err != nil {
		return nil, err
	}
	if err := p.required(); err != nil {
		return nil, err
	}
	if err := p.checkOS2(); err != nil {
		return nil, err
	}
	upem, err := p.checkHead()
	if err != nil {
		return nil, err
	}
	if err := p.checkMetrics(); err != nil {
		return nil, err
	}
	if err := p.checkLoca(); err != nil {
		return nil, err
	}
	psName, err := p.checkName()
	if err != nil {
		return nil, err
	}
	covered, err := p.cmap()
	if err != nil {
		return nil, err
	}
	f := &Font{
		Name:       p.fontName(psName),
		Bytes:      p.data,
		unitsPerEm: upem,
		numGlyphs:  p.numGlyphs,
		covered:    covered,
	}
	hanzi := 0
	for _, r := range "的一是在年月日" {
		if f.Has(r) {
			hanzi++
		}
	}
	if hanzi == 0 {
		return nil, p.fail(ErrFontNoHanzi, "字体里没有汉字（“的一是在年月日”一个也没有），不能用来排中文；%s", useTTF)
	}
	f.replacement = '?'
	for _, r := range []rune{Replacement, '□'} {
		if f.Has(r) {
			f.replacement = r
			break
		}
	}
	return f, nil
}

// header checks the sfnt version: TrueType outlines only.
func (p *fontParser) header() error {
	d := p.data
	if len(d) == 0 {
		return p.fail(ErrNotAFont, "文件是空的，不是字体；%s", useTTF)
	}
	if len(d) < 4 {
		if bytes.HasPrefix([]byte{0, 1, 0, 0}, d) || bytes.HasPrefix([]byte("true"), d) {
			return p.truncatedHeader()
		}
		return p.fail(ErrNotAFont, "不是字体文件；%s", useTTF)
	}
	switch string(d[:4]) {
	case "\x00\x01\x00\x00", "true":
		return nil
	case "OTTO":
		return p.fail(ErrFontOpenType, "这是 OpenType 字体（CFF 轮廓，一般是 .otf），只能用 TrueType 轮廓的字体；%s", useTTF)
	case "ttcf":
		n := ""
		if len(d) >= 12 {
			if k := p.u32(8); k > 0 && k < 1000 {
				n = fmt.Sprintf("，内含 %d 个字体", k)
			}
		}
		return p.fail(ErrFontCollection, "这是字体集（.ttc%s），字体集 .ttc 不能直接用（宋体 simsun.ttc 就是字体集）；%s", n, useTTF)
	case "wOFF", "wOF2":
		return p.fail(ErrNotAFont, "这是网页字体（WOFF），不能直接用；%s", useTTF)
	}
	what := ""
	for _, s := range sniffs {
		if bytes.HasPrefix(d, []byte(s.magic)) {
			what = "（看起来是" + s.what + "）"
			break
		}
	}
	return p.fail(ErrNotAFont, "不是字体文件%s；%s", what, useTTF)
}

var sniffs = []struct{ magic, what string }{
	{"\x89PNG", " PNG 图片"},
	{"\xFF\xD8\xFF", " JPEG 图片"},
	{"GIF8", " GIF 图片"},
	{"%PDF", " PDF 文件"},
	{"PK\x03\x04", "压缩包或 Office 文档"},
	{"Rar!", "压缩包"},
	{"\xD0\xCF\x11\xE0", "旧版 Office 文档"},
	{"%!PS-AdobeFont", " Type 1 字体"},
	{"\x80\x01", " Type 1 字体"},
	{"MZ", " Windows 点阵字体（.fon）或程序"},
	{"<", "网页"},
	{"\xEF\xBB\xBF<", "网页"},
}

func (p *fontParser) truncatedHeader() error {
	return p.fail(ErrFontTruncated, "文件不完整（只有 %d 字节，连字体的表目录都不全），可能复制或下载时被截断；请从原处重新复制这个字体文件", len(p.data))
}

// directory reads the table directory and checks every table lies inside the file.
func (p *fontParser) directory() error {
	if len(p.data) < 12 {
		return p.truncatedHeader()
	}
	n := p.u16(4)
	if n == 0 {
		return p.damaged("表目录是空的")
	}
	if len(p.data) < 12+16*n {
		return p.truncatedHeader()
	}
	p.tables = make(map[string]fontTable, n)
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		tag := string(p.data[rec : rec+4])
		off, length := p.u32(rec+8), p.u32(rec+12)
		if off+length > int64(len(p.data)) {
			return p.fail(ErrFontTruncated, "文件不完整（只有 %d 字节，%s 表应到第 %d 字节），可能复制或下载时被截断；请从原处重新复制这个字体文件",
				len(p.data), strings.TrimSpace(tag), off+length)
		}
		p.tables[tag] = fontTable{int(off), int(length)} // a repeated tag: the last wins, as in gofpdf
	}
	return nil
}

// required checks the tables gofpdf reads are there.
func (p *fontParser) required() error {
	if _, ok := p.tables["glyf"]; !ok {
		if p.has("CFF ") || p.has("CFF2") {
			return p.fail(ErrFontOpenType, "这是 OpenType 字体（CFF 轮廓），只能用 TrueType 轮廓的字体；%s", useTTF)
		}
		if p.has("EBDT") || p.has("bdat") || p.has("CBDT") || p.has("sbix") {
			return p.fail(ErrNotAFont, "这是点阵字体，没有可嵌入的轮廓（glyf 表）；%s", useTTF)
		}
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post", "name"} {
		if !p.has(tag) {
			return p.fail(ErrFontDamaged, "缺少 %s 表，不是完整的 TrueType 字体；%s", strings.TrimSpace(tag), useTTF)
		}
	}
	return nil
}

func (p *fontParser) has(tag string) bool { _, ok := p.tables[tag]; return ok }

// checkOS2 reads the embedding permissions (fsType). gofpdf only prints
// "ERROR - copyright restrictions." and embeds the font anyway.
func (p *fontParser) checkOS2() error {
	t, ok := p.tables["OS/2"]
	if !ok {
		return nil // no OS/2: no restriction recorded (old Mac fonts)
	}
	if t.len < 72 {
		return p.damaged("OS/2 表太短")
	}
	version := p.u16(t.off)
	if version >= 2 && t.len < 90 {
		return p.damaged("OS/2 表太短")
	}
	fsType := p.u16(t.off + 8)
	// Bits 0-3 are the usage permissions: 2 alone is "restricted licence embedding";
	// when 4 (print and preview) or 8 (editable) is set with it, the least
	// restrictive wins.
	if fsType&0x000F&^0x0001 == 0x0002 {
		return p.fail(ErrFontNoEmbedding, "字体的授权不允许嵌入到文件里（OS/2 fsType = 0x%04X，受限授权），用它生成的 PDF 别人打不开这种字；请换一种允许嵌入的字体。%s", fsType, useTTF)
	}
	if fsType&0x0200 != 0 {
		return p.fail(ErrFontNoEmbedding, "字体的授权只允许嵌入点阵字形（OS/2 fsType = 0x%04X），PDF 里嵌不了它的轮廓；请换一种允许嵌入的字体。%s", fsType, useTTF)
	}
	if fsType&0x0100 != 0 {
		return p.fail(ErrFontNoEmbedding, "字体的授权不允许只嵌入用到的字（OS/2 fsType = 0x%04X，禁止取子集），而 PDF 里只能嵌入用到的字；请换一种允许嵌入的字体。%s", fsType, useTTF)
	}
	return nil
}

// checkHead reads the design units and the loca format.
func (p *fontParser) checkHead() (int, error) {
	t := p.tables["head"]
	if t.len < 54 {
		return 0, p.damaged("head 表太短")
	}
	if p.u32(t.off+12) != 0x5F0F3CF5 {
		return 0, p.damaged("head 表的标记不对")
	}
	upem := p.u16(t.off + 18)
	if upem < 16 || upem > 16384 {
		return 0, p.damaged(fmt.Sprintf("head 表的字身单位是 %d", upem))
	}
	switch p.u16(t.off + 50) {
	case 0:
	case 1:
		p.locaLong = true
	default:
		return 0, p.damaged("head 表的 loca 格式不对")
	}
	return upem, nil
}

// checkMetrics checks maxp, hhea, hmtx and post are long enough for what gofpdf reads.
func (p *fontParser) checkMetrics() error {
	maxp := p.tables["maxp"]
	if maxp.len < 6 {
		return p.damaged("maxp 表太短")
	}
	p.numGlyphs = p.u16(maxp.off + 4)
	if p.numGlyphs == 0 {
		return p.damaged("字体里没有字形")
	}
	hhea := p.tables["hhea"]
	if hhea.len < 36 {
		return p.damaged("hhea 表太短")
	}
	if p.u16(hhea.off+32) != 0 {
		return p.damaged("hhea 表的度量格式不对")
	}
	nh := p.u16(hhea.off + 34)
	if nh == 0 || nh > p.numGlyphs {
		return p.damaged("hhea 表的字宽个数不对")
	}
	if p.tables["hmtx"].len < 4*nh+2*(p.numGlyphs-nh) {
		return p.damaged("hmtx 表太短")
	}
	if p.tables["post"].len < 32 {
		return p.damaged("post 表太短")
	}
	return nil
}

// checkLoca checks the glyph index is long enough; each glyph is checked when a
// character maps to it.
func (p *fontParser) checkLoca() error {
	size := 2
	if p.locaLong {
		size = 4
	}
	if p.tables["loca"].len < size*(p.numGlyphs+1) {
		return p.damaged("loca 表比字形数短")
	}
	p.glyphState = make([]uint8, p.numGlyphs)
	p.glyphCalls = make([]uint16, p.numGlyphs)
	if !p.glyphUsable(0) {
		return p.damaged("缺字时显示的 0 号字形坏了")
	}
	return nil
}

// glyphRange is where glyph g lies in the file, as gofpdf computes it from loca.
func (p *fontParser) glyphRange(g int) (start, end int, ok bool) {
	loca, glyf := p.tables["loca"], p.tables["glyf"]
	var a, b int64
	if p.locaLong {
		a, b = p.u32(loca.off+4*g), p.u32(loca.off+4*g+4)
	} else {
		a, b = 2*int64(p.u16(loca.off+2*g)), 2*int64(p.u16(loca.off+2*g+2))
	}
	if a > b || b > int64(glyf.len) {
		return 0, 0, false
	}
	return glyf.off + int(a), glyf.off + int(b), true
}

// glyphUsable reports whether gofpdf can copy glyph g: it lies inside glyf, and if it
// is a composite glyph, its component records lie inside it and name usable glyphs,
// without cycles and without fanning out beyond maxGlyphCalls.
func (p *fontParser) glyphUsable(g int) bool {
	if g < 0 || g >= p.numGlyphs {
		return false
	}
	switch p.glyphState[g] {
	case glyphOK:
		return true
	case glyphBad, glyphVisiting:
		return false
	}
	p.glyphState[g] = glyphVisiting
	ok, calls := p.checkGlyph(g)
	if ok {
		p.glyphState[g], p.glyphCalls[g] = glyphOK, uint16(calls)
	} else {
		p.glyphState[g] = glyphBad
	}
	return ok
}

func (p *fontParser) checkGlyph(g int) (bool, int) {
	start, end, ok := p.glyphRange(g)
	if !ok {
		return false, 0
	}
	n := end - start
	if n == 0 {
		return true, 1
	}
	if n < 10 {
		return false, 0
	}
	if p.data[start]&0x80 == 0 {
		return true, 1 // simple glyph
	}
	// Composite: gofpdf's getSymbols and GenerateCutFont step through the
	// components exactly like this.
	const (
		argWords = 1 << 0
		scale    = 1 << 3
		more     = 1 << 5
		xyScale  = 1 << 6
		twoByTwo = 1 << 7
	)
	calls := 1
	pos := 10
	for {
		if pos+4 > n {
			return false, 0
		}
		flags := p.u16(start + pos)
		component := p.u16(start + pos + 2)
		if !p.glyphUsable(component) {
			return false, 0
		}
		calls += int(p.glyphCalls[component])
		if calls > maxGlyphCalls {
			return false, 0
		}
		pos += 4
		if flags&argWords != 0 {
			pos += 4
		} else {
			pos += 2
		}
		switch {
		case flags&scale != 0:
			pos += 2
		case flags&xyScale != 0:
			pos += 4
		case flags&twoByTwo != 0:
			pos += 8
		}
		if flags&more == 0 {
			return true, calls
		}
	}
}

// checkName checks the name records gofpdf reads lie inside the file and returns the
// PostScript name.
func (p *fontParser) checkName() (string, error) {
	t := p.tables["name"]
	if t.len < 6 {
		return "", p.damaged("name 表太短")
	}
	count, storage := p.u16(t.off+2), t.off+p.u16(t.off+4)
	if 6+12*count > t.len {
		return "", p.damaged("name 表太短")
	}
	var unicodeName, macName string
	for i := 0; i < count; i++ {
		rec := t.off + 6 + 12*i
		platform, encoding, lang, id := p.u16(rec), p.u16(rec+2), p.u16(rec+4), p.u16(rec+6)
		length, off := p.u16(rec+8), storage+p.u16(rec+10)
		if id != 1 && id != 2 && id != 3 && id != 4 && id != 6 {
			continue
		}
		if off+length > len(p.data) {
			return "", p.damaged("name 表的记录超出文件")
		}
		s := p.data[off : off+length]
		switch {
		case platform == 3 && encoding == 1 || platform == 0:
			if id == 6 && (unicodeName == "" || lang == 0x409) && len(s)%2 == 0 {
				u := make([]uint16, len(s)/2)
				for j := range u {
					u[j] = binary.BigEndian.Uint16(s[2*j:])
				}
				unicodeName = string(utf16.Decode(u))
			}
		case platform == 1 && encoding == 0 && id == 6:
			macName = string(s)
		}
	}
	if unicodeName != "" {
		return unicodeName, nil
	}
	return macName, nil
}

// fontName makes the name the PDFs register the font under: the PostScript name, or
// the file name, in characters any PDF name takes.
func (p *fontParser) fontName(psName string) string {
	for _, s := range []string{psName, strings.TrimSuffix(filepath.Base(p.file), filepath.Ext(p.file))} {
		var b strings.Builder
		for _, r := range s {
			if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
				b.WriteRune(r)
			}
		}
		if b.Len() > 0 && b.Len() <= 64 {
			return b.String()
		}
	}
	return "Font"
}

// cmap finds the subtable gofpdf uses — the first format 4 one for platform 0
// (Unicode) or platform 3 encoding 1 (Windows Unicode BMP) — and reads which code
// points map to usable glyphs. gofpdf reads no other format, so a font with only a
// format 12 subtable is refused too.
func (p *fontParser) cmap() (*[0x10000 / 64]uint64, error) {
	t := p.tables["cmap"]
	if t.len < 4 {
		return nil, p.damaged("cmap 表太短")
	}
	n := p.u16(t.off + 2)
	if 4+8*n > t.len {
		return nil, p.damaged("cmap 表太短")
	}
	sub := -1
	for i := 0; i < n; i++ {
		rec := t.off + 4 + 8*i
		platform, encoding, off := p.u16(rec), p.u16(rec+2), p.u32(rec+4)
		if !(platform == 3 && encoding == 1 || platform == 0) {
			continue
		}
		if off+4 > int64(t.len) {
			return nil, p.damaged("cmap 表的子表超出表外")
		}
		if p.u16(t.off+int(off)) == 4 {
			sub = t.off + int(off)
			break
		}
	}
	if sub < 0 {
		return nil, p.fail(ErrFontNoUnicode, "字体没有 Unicode 字符映射表（cmap 格式 4），程序无法按字找到字形；%s", useTTF)
	}
	if sub+8 > t.off+t.len {
		return nil, p.damaged("cmap 格式 4 子表超出表外")
	}
	segs := p.u16(sub+6) / 2
	if segs == 0 || sub+16+8*segs > t.off+t.len {
		return nil, p.damaged("cmap 格式 4 子表的分段数不对")
	}
	ends, starts := sub+14, sub+16+2*segs
	deltas, offsets := starts+2*segs, starts+4*segs
	// gofpdf takes a glyph index from wherever its first byte lies before the end the
	// subtable's length field gives, right or wrong (large CJK fonts overflow it,
	// gofpdf's own subsets overstate it): do the same, so that Has says what gofpdf
	// will set.
	rim := sub + p.u16(sub+2)
	covered := new([0x10000 / 64]uint64)
	prevEnd := -1
	for s := 0; s < segs; s++ {
		start, end := p.u16(starts+2*s), p.u16(ends+2*s)
		delta, rangeOff := p.u16(deltas+2*s), p.u16(offsets+2*s)
		if start > end || start <= prevEnd {
			return nil, p.damaged("cmap 格式 4 子表的分段次序不对")
		}
		prevEnd = end
		for c := start; c <= end; c++ {
			g := 0
			if rangeOff == 0 {
				g = (c + delta) & 0xFFFF
			} else if pos := offsets + 2*s + rangeOff + 2*(c-start); pos < rim {
				// gofpdf reads two bytes wherever the first lies inside the subtable.
				if pos+2 > len(p.data) {
					return nil, p.damaged("cmap 格式 4 子表超出文件")
				}
				if g = p.u16(pos); g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			usable := g != 0 && p.glyphUsable(g)
			if g != 0 && !usable && (c == 0 || c == '?') {
				// gofpdf always embeds the glyph of U+0000, and Clean's last resort
				// is ?, used even when the font maps it nowhere.
				return nil, p.damaged(fmt.Sprintf("字符 U+%04X 的字形坏了", c))
			}
			if usable {
				covered[c>>6] |= 1 << (uint(c) & 63)
			}
		}
	}
	return covered, nil
}
