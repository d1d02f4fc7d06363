package returns

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// member is one member of an archive a test writes with archive/zip.
type member struct {
	name    string // the name's bytes as stored: gbk(…) for a Windows archiver's
	data    string
	nonUTF8 bool        // leave the UTF-8 flag unset whatever the name (as Windows does)
	extra   []byte      // extra fields
	flags   uint16      // general purpose bits set by hand (bit 0: encrypted)
	store   bool        // Store instead of Deflate
	mode    fs.FileMode // e.g. fs.ModeSymlink
	raw     *zip.FileHeader
}

// zipOf writes an archive. A member with raw set is written with CreateRaw: its data
// are the stored bytes and the header says what raw says, true or not.
func zipOf(t testing.TB, members ...member) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, m := range members {
		var (
			out io.Writer
			err error
		)
		if m.raw != nil {
			h := *m.raw
			h.Name = m.name
			out, err = w.CreateRaw(&h)
		} else {
			h := &zip.FileHeader{Name: m.name, NonUTF8: m.nonUTF8, Extra: m.extra, Flags: m.flags, Method: zip.Deflate}
			if m.store {
				h.Method = zip.Store
			}
			if m.mode != 0 {
				h.SetMode(m.mode)
			}
			out, err = w.CreateHeader(h)
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(out, m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gbk is a name as a Chinese Windows writes it: GBK bytes.
func gbk(s string) string {
	b, err := simplifiedchinese.GBK.NewEncoder().String(s)
	if err != nil {
		panic(err)
	}
	return b
}

// windows is a member named the way Explorer, WinRAR and 360压缩 name it: GBK, no flag.
func windows(name, data string) member { return member{name: gbk(name), data: data, nonUTF8: true} }

// file is a member named in UTF-8, which archive/zip flags as such.
func file(name, data string) member { return member{name: name, data: data} }

// unicodePath is Info-ZIP's Unicode Path extra field giving name for the header name raw.
func unicodePath(raw, name string) []byte {
	b := binary.LittleEndian.AppendUint16(nil, infoZIPUnicodePath)
	b = binary.LittleEndian.AppendUint16(b, uint16(5+len(name)))
	b = append(b, 1)
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE([]byte(raw)))
	return append(b, name...)
}

// dump lists entries as "path=data" and skipped members as "path: reason".
func dump(entries []Entry, skipped []Skipped) (got, left []string) {
	for _, e := range entries {
		got = append(got, e.Path+"="+string(e.Data))
	}
	for _, s := range skipped {
		left = append(left, s.Path+": "+s.Reason)
	}
	return got, left
}

var (
	small = ZipLimits{MaxEntries: 3, MaxEntryBytes: 1000, MaxTotalBytes: 2500, MaxDepth: 1}
	inner = func(t testing.TB) string {
		return string(zipOf(t, windows("德清县/03-德清县-2023Q3.xlsx", "inner")))
	}
	inner2 = func(t testing.TB) string {
		return string(zipOf(t, file("02-南浔区.xlsx", "level 1"), file("深.zip", inner(t))))
	}
	many = func(n int) []member {
		var ms []member
		for i := range n {
			ms = append(ms, file(fmt.Sprintf("%04d.xlsx", i), "x"))
		}
		return ms
	}
)

func TestUnzip(t *testing.T) {
	tests := []struct {
		name    string
		archive func(t testing.TB) []byte
		lim     ZipLimits
		want    []string // entries, "path=data", in order
		skipped []string // "path: " and a part of the reason, in order
	}{
		{name: "GBK names as Windows writes them, in nested folders",
			archive: func(t testing.TB) []byte {
				return zipOf(t, windows("回收/", ""), windows("回收/湖州市/", ""),
					windows("回收/湖州市/03-德清县-2023Q3.xlsx", "a"), windows("回收/湖州市/安吉县/05-安吉县.xlsx", "b"),
					// GB18030 beyond GBK: a four-byte sequence (U+20000 𠀀 is 0x95 0x32 0x82 0x36).
					member{name: "\x95\x32\x82\x36.xlsx", data: "c", nonUTF8: true})
			},
			want: []string{"回收/湖州市/03-德清县-2023Q3.xlsx=a", "回收/湖州市/安吉县/05-安吉县.xlsx=b", "𠀀.xlsx=c"}},
		{name: "GBK that happens to be valid UTF-8 is still GBK",
			archive: func(t testing.TB) []byte {
				return zipOf(t, windows("泰顺.xlsx", "a"), windows("平原/山水.xlsx", "b"))
			},
			want: []string{"泰顺.xlsx=a", "平原/山水.xlsx=b"}},
		{name: "UTF-8 names, flagged (7-Zip, Python) or not (macOS)",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("回收/01-吴兴区-2023Q3.xlsx", "a"), member{name: "回收/02-南浔区.xlsx", data: "b", nonUTF8: true},
					member{name: "Zürich/café.xlsx", data: "c"})
			},
			want: []string{"回收/01-吴兴区-2023Q3.xlsx=a", "回收/02-南浔区.xlsx=b", "Zürich/café.xlsx=c"}},
		{name: "Info-ZIP Unicode Path extra field, honoured only when its CRC matches",
			archive: func(t testing.TB) []byte {
				return zipOf(t,
					member{name: "04-????-2023Q3.xlsx", extra: unicodePath("04-????-2023Q3.xlsx", "04-长兴县-2023Q3.xlsx"), data: "a"},
					member{name: gbk("德清.xlsx"), nonUTF8: true, extra: unicodePath(gbk("德清.xlsx"), "德清.xlsx"), data: "b"},
					member{name: "stale.xlsx", extra: unicodePath("renamed.xlsx", "旧名字.xlsx"), data: "c"})
			},
			want: []string{"04-长兴县-2023Q3.xlsx=a", "德清.xlsx=b", "stale.xlsx=c"}},
		{name: "zips inside the zip, paths joined",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("00-说明.xlsx", "top"), windows("各县/德清县.zip", inner(t)), file("下一个.xlsx", "after"))
			},
			want: []string{"00-说明.xlsx=top", "各县/德清县.zip/德清县/03-德清县-2023Q3.xlsx=inner", "下一个.xlsx=after"}},
		{name: "a zip in a zip in a zip, one level past MaxDepth",
			archive: func(t testing.TB) []byte { return zipOf(t, file("湖州.zip", inner2(t))) },
			lim:     ZipLimits{MaxDepth: 1},
			want:    []string{"湖州.zip/02-南浔区.xlsx=level 1"},
			skipped: []string{"湖州.zip/深.zip: 压缩包套压缩包超过 1 层"}},
		{name: "zip-slip names refused, backslashes normalised",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("../../etc/passwd", "1"), file("/abs", "2"), file(`C:\x`, "3"), file(`a\..\..\b`, "4"),
					file(`\\server\share\x.xlsx`, "5"), file("d:x.xlsx", "6"), file("bell\a.xlsx", "7"), file("./", ""),
					file(`回收\湖州\03.xlsx`, "ok"), file("./回收//04.xlsx", "ok too"), file("回收/:3-德清县.xlsx", "8"),
					file("回收/03.xlsx:流", "9"))
			},
			want: []string{"回收/湖州/03.xlsx=ok", "回收/04.xlsx=ok too"},
			skipped: []string{"../../etc/passwd: 路径不安全（含有“..”", "/abs: 路径不安全（是绝对路径）", `C:\x: 路径不安全（带盘符 C:）`,
				`a\..\..\b: 路径不安全（含有“..”`, `\\server\share\x.xlsx: 路径不安全（是绝对路径）`, "d:x.xlsx: 路径不安全（带盘符 d:）",
				"bell\uFFFD.xlsx: 路径不安全（文件名里有控制字符）",
				"回收/:3-德清县.xlsx: 路径不安全（文件名里有冒号“:”，Windows 不允许这样的文件名，请改名）",
				"回收/03.xlsx:流: 路径不安全（文件名里有冒号“:”，Windows 不允许这样的文件名，请改名）"}},
		{name: "litter left out silently",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("__MACOSX/", ""), file("__MACOSX/回收/._03.xlsx", "apple"), file("回收/._03.xlsx", "apple"),
					file("回收/.DS_Store", "x"), file("回收/Thumbs.db", "x"), windows("回收/Desktop.ini", "x"),
					windows("回收/~$03-德清县.xlsx", "lock"), file("回收/.~lock.03.xlsx#", "lock"), file("回收/03.xlsx", "kept"))
			},
			want: []string{"回收/03.xlsx=kept"}},
		{name: "encrypted, symlink, unknown method, damaged",
			archive: func(t testing.TB) []byte {
				return zipOf(t, member{name: gbk("加密.xlsx"), nonUTF8: true, flags: 0x1, data: "ciphertext"},
					member{name: "link.xlsx", mode: fs.ModeSymlink | 0o777, data: "/etc/passwd"},
					member{name: "bzip2.xlsx", data: "BZh9", raw: &zip.FileHeader{Method: 12, CompressedSize64: 4, UncompressedSize64: 100}},
					member{name: "crc.xlsx", data: "data", raw: &zip.FileHeader{Method: zip.Store, CRC32: 1, CompressedSize64: 4, UncompressedSize64: 4}},
					member{name: "short.xlsx", data: "data", raw: &zip.FileHeader{Method: zip.Store, CompressedSize64: 4, UncompressedSize64: 9}},
					file("ok.xlsx", "ok"))
			},
			want: []string{"ok.xlsx=ok"},
			skipped: []string{"加密.xlsx: 加了密码，无法解开：请不加密重新压缩", "link.xlsx: 是符号链接", "bzip2.xlsx: 用了不支持的压缩方法（12）",
				"crc.xlsx: 数据已损坏", "short.xlsx: 数据已损坏"}},
		{name: "a header that declares less than the data holds",
			archive: func(t testing.TB) []byte {
				return zipOf(t, member{name: "liar.xlsx", data: "0123456789", raw: &zip.FileHeader{Method: zip.Store, CompressedSize64: 10, UncompressedSize64: 4}})
			},
			skipped: []string{"liar.xlsx: 解压出来比压缩包里记录的大小还大（可能是“压缩炸弹”）"}},
		{name: "entries over MaxEntries: listed one by one up to the cap, then counted",
			archive: func(t testing.TB) []byte { return zipOf(t, many(10)...) },
			lim:     ZipLimits{MaxEntries: 3},
			want:    []string{"0000.xlsx=x", "0001.xlsx=x", "0002.xlsx=x"},
			skipped: []string{"0003.xlsx: 压缩包里的文件超过 3 个的上限", "0004.xlsx: 超过 3 个", "0005.xlsx: 超过 3 个", ": 另有 4 个文件没有解压"}},
		{name: "inner zips count against MaxEntries",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("a.xlsx", "a"), file("b.zip", inner(t)), file("c.xlsx", "c"))
			},
			lim:     ZipLimits{MaxEntries: 2},
			want:    []string{"a.xlsx=a"},
			skipped: []string{"b.zip/德清县/03-德清县-2023Q3.xlsx: 超过 2 个", "c.xlsx: 超过 2 个"}},
		{name: "over MaxEntryBytes, declared or not, and over MaxTotalBytes",
			archive: func(t testing.TB) []byte {
				return zipOf(t, file("big.xlsx", strings.Repeat("b", 1001)), file("fits.xlsx", strings.Repeat("f", 1000)),
					member{name: "liar.xlsx", data: strings.Repeat("l", 1001), raw: &zip.FileHeader{Method: zip.Store, CompressedSize64: 1001, UncompressedSize64: 10}},
					file("second.xlsx", strings.Repeat("s", 1000)), file("third.xlsx", strings.Repeat("t", 600)), file("empty.xlsx", ""))
			},
			lim:  small,
			want: []string{"fits.xlsx=" + strings.Repeat("f", 1000), "second.xlsx=" + strings.Repeat("s", 1000), "empty.xlsx="},
			skipped: []string{"big.xlsx: 解压后超过单个文件的上限（1000 字节），可能是“压缩炸弹”", "liar.xlsx: 比压缩包里记录的大小还大",
				"third.xlsx: 压缩包解压后累计超过上限（2500 字节）"}},
		{name: "an inner zip that is damaged, RAR, or not a zip",
			archive: func(t testing.TB) []byte {
				whole := inner(t)
				return zipOf(t, file("cut.zip", whole[:len(whole)/2]), file("a.rar", "Rar!\x1a\x07\x00rest"), file("empty.zip", ""),
					file("notes.ZIP", "plain text"))
			},
			skipped: []string{"cut.zip: 里面的压缩包：不是能读的 zip 压缩包", "a.rar: 里面的压缩包：这是 RAR 压缩包",
				"empty.zip: 里面的压缩包：压缩包是空的", "notes.ZIP: 里面的压缩包：不是能读的 zip"}},
		{name: "same name twice: both, in order",
			archive: func(t testing.TB) []byte { return zipOf(t, file("a.xlsx", "first"), file("a.xlsx", "second")) },
			want:    []string{"a.xlsx=first", "a.xlsx=second"}},
		{name: "an empty archive",
			archive: func(t testing.TB) []byte { return zipOf(t) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, skipped, err := Unzip(tt.archive(t), tt.lim)
			if err != nil {
				t.Fatal(err)
			}
			got, left := dump(entries, skipped)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(left) != len(tt.skipped) {
				t.Fatalf("skipped:\n%s\nwant:\n%s", strings.Join(left, "\n"), strings.Join(tt.skipped, "\n"))
			}
			for i, s := range tt.skipped {
				path, reason, _ := strings.Cut(s, ": ")
				if skipped[i].Path != path || !strings.Contains(skipped[i].Reason, reason) || !strings.Contains(skipped[i].Reason, "请") {
					t.Errorf("skipped %d: %q, want %q mentioning %q and the fix (请…)", i, left[i], path, reason)
				}
			}
			for _, e := range entries {
				if e.Path != cleanPath(e.Path) {
					t.Errorf("entry path %q is not clean", e.Path)
				}
			}
		})
	}
}

// cleanPath is what an entry's path must already be: relative, '/'-separated, no
// empty, "." or ".." component, no backslash, no drive letter, no colon anywhere.
func cleanPath(p string) string {
	var kept []string
	for _, part := range strings.Split(strings.ReplaceAll(p, `\`, "/"), "/") {
		if part != "" && part != "." && part != ".." && !strings.Contains(part, ":") {
			kept = append(kept, part)
		}
	}
	return strings.Join(kept, "/")
}

// Windows archivers' names read by an independent reader (Python's zipfile, told the
// encoding) are what Unzip decodes: the test archives are as Windows writes them.
func TestGBKArchiveAsPythonReadsIt(t *testing.T) {
	py := testtool.Python(t)
	names := []string{"回收/湖州市/03-德清县-2023Q3.xlsx", "泰顺.xlsx", "平原/山水.xlsx", "〔2023〕第3期（汇总）.xlsx"}
	var ms []member
	for _, n := range names {
		ms = append(ms, windows(n, "x"))
	}
	path := filepath.Join(t.TempDir(), "windows.zip")
	if err := os.WriteFile(path, zipOf(t, ms...), 0o644); err != nil {
		t.Fatal(err)
	}
	out := testtool.Run(t, py, "-c", `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], metadata_encoding="gbk")
for i in z.infolist():
    assert not i.flag_bits & 0x800, i.filename
    sys.stdout.buffer.write(i.filename.encode("utf-8") + b"\n")`, path)
	entries, _, err := Unzip(zipOf(t, ms...), ZipLimits{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := dump(entries, nil)
	if want := strings.Join(names, "=x\n") + "=x"; strings.Join(got, "\n") != want || strings.TrimSpace(out) != strings.Join(names, "\n") {
		t.Errorf("Unzip:\n%s\nPython:\n%s\nwant:\n%s", strings.Join(got, "\n"), out, strings.Join(names, "\n"))
	}
}

// An archive written by an independent writer, Debian's Python zipfile: UTF-8 flagged
// names, nested folders, a GBK name as Windows writes it, an Info-ZIP Unicode Path
// field, macOS litter, a zip-slip name and a zip inside, stored and deflated.
func TestUnzipPythonArchive(t *testing.T) {
	py := testtool.Python(t)
	path := filepath.Join(t.TempDir(), "python.zip")
	testtool.Run(t, py, "-c", `import io, struct, sys, zipfile, zlib
class Windows(zipfile.ZipInfo):
    # Explorer, WinRAR and 360压缩 write the name in the ANSI code page, GBK, unflagged.
    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits & ~0x800
inner = io.BytesIO()
with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("德清县/03-德清县-2023Q3.xlsx", b"inner")
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.mkdir("回收")
    z.writestr("回收/01-吴兴区-2023Q3.xlsx", b"utf-8")
    z.writestr("回收/南浔区/02-南浔区-2023Q3.xlsx", b"stored", compress_type=zipfile.ZIP_STORED)
    w = Windows("回收/04-长兴县-2023Q3.xlsx")
    w.compress_type = zipfile.ZIP_DEFLATED
    z.writestr(w, b"gbk")
    raw, name = b"05-anji.xlsx", "05-安吉县-2023Q3.xlsx".encode()
    u = zipfile.ZipInfo(raw.decode())
    u.extra = struct.pack("<HHBI", 0x7075, 5 + len(name), 1, zlib.crc32(raw)) + name
    z.writestr(u, b"info-zip")
    z.writestr("__MACOSX/回收/._01-吴兴区-2023Q3.xlsx", b"apple")
    z.writestr("../evil.xlsx", b"slip")
    z.writestr("各县.zip", inner.getvalue())`, path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !IsArchive("python.zip", data) {
		t.Error("IsArchive: false")
	}
	entries, skipped, err := Unzip(data, DefaultZipLimits())
	if err != nil {
		t.Fatal(err)
	}
	got, left := dump(entries, skipped)
	want := []string{"回收/01-吴兴区-2023Q3.xlsx=utf-8", "回收/南浔区/02-南浔区-2023Q3.xlsx=stored", "回收/04-长兴县-2023Q3.xlsx=gbk",
		"05-安吉县-2023Q3.xlsx=info-zip", "各县.zip/德清县/03-德清县-2023Q3.xlsx=inner"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(left) != 1 || !strings.HasPrefix(left[0], "../evil.xlsx: 路径不安全") {
		t.Errorf("entries:\n%s\nskipped:\n%s", strings.Join(got, "\n"), strings.Join(left, "\n"))
	}
}

// A cut-off download has lost its central directory, at the end: Unzip refuses it
// whole, naming the fix, rather than guessing from what is left.
func TestUnzipRefuses(t *testing.T) {
	whole := zipOf(t, windows("回收/03-德清县-2023Q3.xlsx", strings.Repeat("德清", 2000)), file("04.xlsx", strings.Repeat("x", 3000)),
		file("05.xlsx", "five"))
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "压缩包是空的（0 字节）"},
		{"RAR", []byte("Rar!\x1a\x07\x01\x00rest"), "这是 RAR 压缩包，只能解开 zip 格式：请用 zip 格式重新压缩"},
		{"7z", []byte("7z\xbc\xaf\x27\x1crest"), "这是 7z 压缩包"},
		{"text", []byte("单位,本期值\n"), "不是能读的 zip 压缩包"},
		{"local header only", whole[:30], "不是能读的 zip 压缩包（可能没有下载完整或已经损坏）：请重新下载"},
	}
	for _, cut := range []int{len(whole) / 4, len(whole) / 2, len(whole) * 3 / 4, len(whole) - 22, len(whole) - 10, len(whole) - 1} {
		tests = append(tests, struct {
			name string
			data []byte
			want string
		}{fmt.Sprintf("cut at %d of %d", cut, len(whole)), whole[:cut], "不是能读的 zip 压缩包（可能没有下载完整或已经损坏）"})
	}
	for _, tt := range tests {
		entries, skipped, err := Unzip(tt.data, DefaultZipLimits())
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "请") || entries != nil || skipped != nil {
			t.Errorf("%s: %v, %d entries, %d skipped; want an error mentioning %q", tt.name, err, len(entries), len(skipped), tt.want)
		}
		if !IsArchive("回收.zip", tt.data) {
			t.Errorf("%s: IsArchive(回收.zip) is false: Unzip would not get to say why", tt.name)
		}
	}
}

// templateXLSX is a real template, as workbook writes it.
func templateXLSX(t testing.TB) []byte {
	t.Helper()
	c := loadCampaign(t, testCampaign)
	u, _ := c.Unit("east")
	p, _ := c.ReportingPeriod("2023Q3")
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: u, Period: p,
		Deadline: p.Deadline(c.Deadline), Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestIsArchive(t *testing.T) {
	xlsx := templateXLSX(t)
	archive := zipOf(t, windows("回收/01-东城区-2023Q3.xlsx", string(xlsx)), windows("回收/02-西城区-2023Q3.xlsx", string(xlsx)))
	docLike := zipOf(t, file("[Content_Types].xml", "<Types/>"), file("word/document.xml", "<w/>"))
	ods := zipOf(t, file("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), file("content.xml", "<x/>"))
	folderXL := zipOf(t, file("xl/", ""), file("回收/a.xlsx", "a")) // a folder named xl, empty
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"01-东城区-2023Q3.xlsx", xlsx, false},
		{"01-东城区-2023Q3.zip", xlsx, false}, // content first: an .xlsx renamed .zip
		{"回收.zip", archive, true},
		{"回收.xlsx", archive, true}, // content first: a zip of workbooks renamed .xlsx
		{"回收", archive, true},
		{"a.docx", docLike, false},
		{"a.ods", ods, false},
		{"a.zip", folderXL, true},
		{"回收.zip", archive[:len(archive)/2], true},      // cut off: the name decides
		{"回收.xlsx", xlsx[:len(xlsx)/2], false},          // cut off: [Content_Types].xml comes first
		{"回收.xlsx", archive[:len(archive)/2], false},    // cut off, neither: the name decides
		{"回收.rar", []byte("Rar!\x1a\x07\x00"), true},    // Unzip then says to make a zip
		{"回收.xlsx", []byte("7z\xbc\xaf\x27\x1c"), true}, // content first
		{"回收.zip", nil, true},
		{"回收.ZIP", []byte("not a zip at all"), true},
		{"a.xlsx", []byte("单位,本期值\n"), false},
		{"a.xls", ole, false},
		{"a", nil, false},
	}
	for _, tt := range tests {
		if got := IsArchive(tt.name, tt.data); got != tt.want {
			t.Errorf("IsArchive(%q, %d bytes) = %v, want %v", tt.name, len(tt.data), got, tt.want)
		}
	}
	// A zip of real workbooks gives the workbooks back, byte for byte.
	entries, skipped, err := Unzip(archive, DefaultZipLimits())
	if err != nil || len(skipped) != 0 || len(entries) != 2 || !bytes.Equal(entries[1].Data, xlsx) || entries[1].Path != "回收/02-西城区-2023Q3.xlsx" {
		t.Errorf("Unzip: %v, %v, %d entries", err, skipped, len(entries))
	}
}

// readCapped never returns more than the limit nor allocates past limit+1, whatever
// the reader produces and whatever the hint says.
func TestReadCapped(t *testing.T) {
	const limit = 100_000
	for _, size := range []int64{0, 1, limit - 1, limit, limit + 1, 1 << 40} {
		for _, hint := range []int64{-5, 0, 10, limit, 1 << 50} {
			data, over, err := readCapped(io.LimitReader(zeros{}, size), limit, hint)
			if err != nil || over != (size > limit) || !over && (int64(len(data)) != size || cap(data) > limit+1) {
				t.Errorf("size %d, hint %d: %d bytes (cap %d), over %v, %v", size, hint, len(data), cap(data), over, err)
			}
		}
	}
	for _, hint := range []int64{0, limit} {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		readCapped(zeros{}, limit, hint)
		runtime.ReadMemStats(&m1)
		if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 3*limit {
			t.Errorf("hint %d: reading an endless stream with a cap of %d allocated %d bytes", hint, limit, alloc)
		}
	}
}

// zeros is an endless stream of zero bytes.
type zeros struct{}

func (zeros) Read(b []byte) (int, error) {
	clear(b)
	return len(b), nil
}

var bombOnce = sync.OnceValue(func() []byte {
	// 1 GiB of zeros deflated, streamed into the writer: about 1.3 MB, never 1 GiB
	// in memory. BestSpeed takes half a second; the default level four times that.
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	w.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	f, err := w.CreateHeader(&zip.FileHeader{Name: "填报/03-德清县-2023Q3.xlsx", Method: zip.Deflate})
	if err != nil {
		panic(err)
	}
	zero := make([]byte, 1<<20)
	for range 1 << 10 {
		if _, err := f.Write(zero); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
})

// A zip bomb — 1 GiB of zeros in 1.3 MB — is skipped, whether its header tells the
// truth or lies about the size, and the heap stays far below what it would unpack to.
func TestUnzipBomb(t *testing.T) {
	bomb := bombOnce()
	r, err := zip.NewReader(bytes.NewReader(bomb), int64(len(bomb)))
	if err != nil {
		t.Fatal(err)
	}
	honest := r.File[0]
	if honest.UncompressedSize64 != 1<<30 {
		t.Fatalf("the bomb declares %d bytes", honest.UncompressedSize64)
	}
	rawStream, err := honest.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	compressed, err := io.ReadAll(rawStream)
	if err != nil {
		t.Fatal(err)
	}
	lying := func(declared uint64) []byte { // the same stream with a header that lies
		return zipOf(t, member{name: "bomb.xlsx", data: string(compressed),
			raw: &zip.FileHeader{Method: zip.Deflate, CRC32: honest.CRC32, CompressedSize64: uint64(len(compressed)), UncompressedSize64: declared}},
			file("ok.xlsx", "ok"))
	}
	lim := DefaultZipLimits()
	tests := []struct {
		name     string
		archive  []byte
		reason   string
		maxAlloc uint64
	}{
		{"honest header", bomb, "超过单个文件的上限（64 MB），可能是“压缩炸弹”", 1 << 20},
		{"declares 0 bytes", lying(0), "比压缩包里记录的大小还大", 1 << 20},
		{"declares 1 MiB", lying(1 << 20), "比压缩包里记录的大小还大", 4 << 20},
		{"declares 64 MiB, the cap", lying(uint64(lim.MaxEntryBytes)), "比压缩包里记录的大小还大", uint64(lim.MaxEntryBytes) + 4<<20},
		{"declares 4 GiB", lying(4 << 30), "超过单个文件的上限（64 MB）", 1 << 20},
	}
	for _, tt := range tests {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		entries, skipped, err := Unzip(tt.archive, lim)
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d bytes of archive, %v, %.1f MiB allocated by Unzip (every allocation counted, freed or not), heap in use %.1f MiB",
			tt.name, len(tt.archive), took.Round(time.Millisecond), float64(alloc)/(1<<20), float64(after.HeapInuse)/(1<<20))
		if err != nil || len(skipped) != 1 || !strings.Contains(skipped[0].Reason, tt.reason) {
			t.Errorf("%s: %v, skipped %+v; want the bomb skipped because %q", tt.name, err, skipped, tt.reason)
		}
		if len(entries) > 1 {
			t.Errorf("%s: %d entries", tt.name, len(entries))
		}
		if alloc > tt.maxAlloc {
			t.Errorf("%s: Unzip allocated %d bytes, want at most %d (the cap is %d, the bomb 1 GiB)", tt.name, alloc, tt.maxAlloc, lim.MaxEntryBytes)
		}
	}
}

// Many members that each decompress to the cap spend the total budget, not the CPU:
// with the default limits a 5,001-member archive gives 5,000 and skips one.
func TestUnzipCaps(t *testing.T) {
	entries, skipped, err := Unzip(zipOf(t, many(5001)...), ZipLimits{})
	if err != nil || len(entries) != 5000 || len(skipped) != 1 || skipped[0].Path != "5000.xlsx" || !strings.Contains(skipped[0].Reason, "超过 5000 个的上限") {
		t.Errorf("%v, %d entries, skipped %v", err, len(entries), skipped)
	}
	// Twenty members of 1 MB of zeros each against a 4 MB budget: four taken, the
	// others skipped without being decompressed.
	var ms []member
	for i := range 20 {
		ms = append(ms, file(fmt.Sprintf("%02d.xlsx", i), string(make([]byte, 1<<20))))
	}
	entries, skipped, err = Unzip(zipOf(t, ms...), ZipLimits{MaxTotalBytes: 4 << 20})
	if err != nil || len(entries) != 4 || len(skipped) != 16 || !strings.Contains(skipped[0].Reason, "累计超过上限（4 MB）") {
		t.Errorf("%v, %d entries, %d skipped", err, len(entries), len(skipped))
	}
}

// A central directory far larger than MaxEntries members need is refused before
// archive/zip turns each of its records into a File of some 200 bytes: the outer
// archive whole, an inner one as a skipped member.
func TestUnzipDirectoryBomb(t *testing.T) {
	var ms []member
	for i := range 20_000 {
		ms = append(ms, member{name: fmt.Sprintf("%05d", i), store: true})
	}
	records := zipOf(t, ms...)
	lim := ZipLimits{MaxEntries: 10}
	entries, skipped, err := Unzip(records, lim)
	if err != nil || entries != nil || len(skipped) != 1 || skipped[0].Path != "" || !strings.Contains(skipped[0].Reason, "压缩包的目录远超 10 个文件的上限，整个没有解压：请分成几个压缩包报送") {
		t.Errorf("outer: %v, %d entries, skipped %v", err, len(entries), skipped)
	}
	outer := zipOf(t, file("a.xlsx", "a"), file("目录.zip", string(records)))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	entries, skipped, err = Unzip(outer, lim)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("an inner zip of %d bytes with 20,000 records: %.1f MiB allocated", len(records), float64(alloc)/(1<<20))
	if err != nil || len(entries) != 1 || len(skipped) != 1 || skipped[0].Path != "目录.zip" || !strings.Contains(skipped[0].Reason, "里面的压缩包：压缩包的目录远超") {
		t.Errorf("inner: %v, %d entries, skipped %v", err, len(entries), skipped)
	}
	if limit := uint64(len(records)) + 2<<20; alloc > limit {
		t.Errorf("Unzip allocated %d bytes for an inner zip of %d bytes", alloc, len(records))
	}
}

func TestDefaultZipLimits(t *testing.T) {
	d := DefaultZipLimits()
	if d != (ZipLimits{MaxEntries: 5000, MaxEntryBytes: 64 << 20, MaxTotalBytes: 512 << 20, MaxDepth: 3}) || (ZipLimits{}).withDefaults() != d {
		t.Errorf("%+v", d)
	}
	if got := capText(64 << 20); got != "64 MB" {
		t.Errorf("capText: %s", got)
	}
}
