package returns

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"strings"
)

// Entry is one file taken out of a zip archive (压缩包).
type Entry struct {
	// Path is the file's path inside the archive: UTF-8, '/'-separated, relative, with
	// no "." or ".." component, e.g. "回收/03-德清县-2023Q3.xlsx". A file of a zip inside
	// the zip is under the inner zip's path: "各区县.zip/德清县.zip/03-德清县-2023Q3.xlsx".
	// Archives may hold two members of the same name; both are returned.
	Path string
	Data []byte
}

// Skipped is an archive member left out, with the reason in Chinese naming the fix.
// Path is for showing to people only: it is the member's name as decoded, which may be
// exactly the dangerous path that got it skipped. Never use it as a file path.
type Skipped struct {
	Path   string
	Reason string
}

// ZipLimits are the caps Unzip holds, whatever the archive declares about itself.
// A zero or negative field takes its value from DefaultZipLimits.
type ZipLimits struct {
	// MaxEntries caps the files taken out, counting the zips inside the zip that are
	// opened, across all levels; it also caps how many Skipped are listed one by one.
	MaxEntries int
	// MaxEntryBytes caps one member's size once decompressed.
	MaxEntryBytes int64
	// MaxTotalBytes caps the bytes decompressed in all, across all levels, counting
	// what was decompressed and then refused (so a bomb spends the budget, not the CPU).
	MaxTotalBytes int64
	// MaxDepth is how many levels of zips inside zips are opened: 1 opens a zip inside
	// the archive but not a zip inside that one.
	MaxDepth int
}

// DefaultZipLimits are generous for a batch of returns (a province's 1,300 townships
// in one archive) and small enough for an office PC.
func DefaultZipLimits() ZipLimits {
	return ZipLimits{MaxEntries: 5000, MaxEntryBytes: 64 << 20, MaxTotalBytes: 512 << 20, MaxDepth: 3}
}

// withDefaults fills zero or negative fields from DefaultZipLimits.
func (l ZipLimits) withDefaults() ZipLimits {
	d := DefaultZipLimits()
	if l.MaxEntries <= 0 {
		l.MaxEntries = d.MaxEntries
	}
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = d.MaxEntryBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = d.MaxTotalBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = d.MaxDepth
	}
	// Room for the one byte past a cap that tells a file is over it.
	l.MaxEntryBytes = min(l.MaxEntryBytes, math.MaxInt-1)
	l.MaxTotalBytes = min(l.MaxTotalBytes, math.MaxInt-1)
	return l
}

// Magic numbers of archives.
var (
	zipLocalMagic = []byte("PK\x03\x04")
	zipEmptyMagic = []byte("PK\x05\x06")           // an archive with no member: only its end record
	zipSpanMagic  = []byte("PK\x07\x08PK\x03\x04") // a one-part "spanned" archive
	rarMagic      = []byte("Rar!\x1a\x07")
	sevenZipMagic = []byte("7z\xbc\xaf\x27\x1c")
)

// IsArchive tells whether a received file is an archive to unpack, as opposed to an
// .xlsx, which is a zip too. It goes by content first: a zip holding
// [Content_Types].xml or xl/ is an Office document (.xlsx, .xlsm, .docx), and one
// holding mimetype and content.xml an OpenDocument file, not an archive, whatever
// the name; any other zip is one, and so are RAR and 7z archives (Unzip refuses those
// with the fix). Only when the content cannot tell — a cut-off download, whose central
// directory is gone, or no archive at all — does the name decide: .zip, .rar and .7z
// are archives, an Office extension is not. Call it before Sniff, which would take a
// .zip for a workbook.
func IsArchive(name string, data []byte) bool {
	return isArchive(name, data, DefaultZipLimits().MaxEntries)
}

// isArchive is IsArchive reading a central directory no larger than maxEntries need.
func isArchive(name string, data []byte, maxEntries int) bool {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	switch {
	case bytes.HasPrefix(data, rarMagic), bytes.HasPrefix(data, sevenZipMagic):
		return true
	case bytes.HasPrefix(data, zipLocalMagic), bytes.HasPrefix(data, zipEmptyMagic), bytes.HasPrefix(data, zipSpanMagic):
		if r, err := openZip(data, maxEntries); err == nil {
			return !isDocument(r.File)
		}
		// The central directory, at the end, is gone (or too large to be an Office
		// document's): the first member's local header is still there, and Office puts
		// [Content_Types].xml first.
		if first, ok := firstLocalName(data); ok && isOfficePart(first) {
			return false
		}
		return !officeExt[ext]
	}
	return ext == "zip" || ext == "rar" || ext == "7z"
}

// officeExt are the extensions of documents that are zips inside.
var officeExt = map[string]bool{"xlsx": true, "xlsm": true, "xltx": true, "xltm": true, "docx": true, "pptx": true, "ods": true, "odt": true}

// isDocument tells the members of an Office Open XML or OpenDocument package.
func isDocument(files []*zip.File) bool {
	var mimetype, content bool
	for _, f := range files {
		switch {
		case isOfficePart(f.Name):
			return true
		case f.Name == "mimetype":
			mimetype = true
		case f.Name == "content.xml":
			content = true
		}
	}
	return mimetype && content
}

// isOfficePart tells a member name that only an Office Open XML package has.
func isOfficePart(name string) bool {
	return name == "[Content_Types].xml" || strings.HasPrefix(name, "xl/") && len(name) > 3
}

// firstLocalName is the name in the local header at the start of a zip, if whole.
func firstLocalName(data []byte) (string, bool) {
	const header = 30 // a local file header before its name and extra field
	if len(data) < header || !bytes.HasPrefix(data, zipLocalMagic) {
		return "", false
	}
	n := int(data[26]) | int(data[27])<<8
	if len(data) < header+n {
		return "", false
	}
	return string(data[header : header+n]), true
}

// Unzip takes every file out of a zip archive, in the order of its central directory,
// opening the zips inside it up to lim.MaxDepth. What it leaves out and why is in the
// second result: dangerous paths (zip-slip), encrypted members, members over a cap,
// damaged members, members in a compression method it cannot read. Folders and the
// litter of file managers (__MACOSX/, ._*, .DS_Store, Thumbs.db, desktop.ini, Office
// lock files ~$*) are left out silently. The error, in Chinese and naming the fix, is
// only for data that is not a readable zip at all: a RAR or 7z archive, an empty or
// cut-off download — a truncated zip has lost its central directory, which is at the
// end, so it is refused whole rather than guessed at from what is left.
// It never allocates past the caps and trusts no size the archive declares.
func Unzip(data []byte, lim ZipLimits) ([]Entry, []Skipped, error) {
	u := &unzipper{lim: lim.withDefaults()}
	if err := u.walk(data, "", 0); errors.As(err, new(tooManyMembersError)) {
		return nil, []Skipped{{Reason: err.Error()}}, nil
	} else if err != nil {
		return nil, nil, err
	}
	if u.unlisted > 0 {
		u.skipped = append(u.skipped, Skipped{Reason: fmt.Sprintf(
			"另有 %d 个文件没有解压，超过逐一列出的上限（%d 个）未列出：请把压缩包分成几个较小的重新压缩后报送",
			u.unlisted, u.lim.MaxEntries)})
	}
	return u.entries, u.skipped, nil
}

// unzipper is one Unzip call: what it has taken and what it has spent.
type unzipper struct {
	lim      ZipLimits
	entries  []Entry
	skipped  []Skipped
	unlisted int   // members skipped past the list's cap
	taken    int   // entries returned and inner zips opened, against MaxEntries
	spent    int64 // bytes decompressed or set aside for it, against MaxTotalBytes
}

// skip lists a member left out, up to the cap, and counts the rest.
func (u *unzipper) skip(shown, reason string) {
	if len(u.skipped) >= u.lim.MaxEntries {
		u.unlisted++
		return
	}
	u.skipped = append(u.skipped, Skipped{Path: shown, Reason: reason})
}

// errDirectoryTooLarge is openZip's error for a central directory over its cap.
var errDirectoryTooLarge = errors.New("zip: central directory over the cap")

// tooManyMembersError is Unzip's word for an archive whose central directory is far
// larger than maxEntries members need: its Error is Chinese, naming the fix.
type tooManyMembersError struct{ maxEntries int }

func tooManyMembers(maxEntries int) error { return tooManyMembersError{maxEntries} }

func (e tooManyMembersError) Error() string {
	return fmt.Sprintf("压缩包的目录远超 %d 个文件的上限，整个没有解压：请分成几个压缩包报送", e.maxEntries)
}

// dirBytesPerEntry is the room the central directory may take per member allowed:
// 46 bytes of record, the name (a path of 60 Chinese characters is 180 bytes in
// UTF-8) and extra fields (timestamps, Unicode path) fit several times over.
const dirBytesPerEntry = 1 << 10

// openZip opens an archive as archive/zip does, but refuses one whose central
// directory is larger than maxEntries members need. archive/zip reads every record
// the directory holds, however many the archive declares, into a File of some 200
// bytes: a directory of minimal 47-byte records, which compresses to almost nothing
// inside an outer zip, would hold four times its size in memory. Paths are checked by
// Unzip, so archive/zip's ErrInsecurePath (GODEBUG zipinsecurepath=0) is no error.
func openZip(data []byte, maxEntries int) (*zip.Reader, error) {
	// What archive/zip reads to find the directory (1 KB, then 65 KB, from the end),
	// and its bufio's 4 KB reads rounding the directory up.
	const tail = 96 << 10
	ra := &cappedReaderAt{r: bytes.NewReader(data), left: tail + int64(maxEntries)*dirBytesPerEntry}
	r, err := zip.NewReader(ra, int64(len(data)))
	ra.left = -1 // the members are read through ra, uncapped: their caps are Unzip's
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		if ra.over {
			return nil, errDirectoryTooLarge
		}
		return nil, err
	}
	return r, nil
}

// cappedReaderAt reads data, refusing once left bytes have been read (left < 0: no cap).
type cappedReaderAt struct {
	r    *bytes.Reader
	left int64
	over bool
}

func (c *cappedReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if c.left >= 0 {
		if int64(len(p)) > c.left {
			c.over = true
			return 0, errDirectoryTooLarge
		}
		c.left -= int64(len(p))
	}
	return c.r.ReadAt(p, off)
}

// notZip is Unzip's error for data it cannot open at all, with the fix.
func notZip(data []byte) error {
	switch {
	case len(data) == 0:
		return errors.New("压缩包是空的（0 字节），可能没有下载或保存完：请重新下载，或重新压缩后报送")
	case bytes.HasPrefix(data, rarMagic):
		return errors.New("这是 RAR 压缩包，只能解开 zip 格式：请用 zip 格式重新压缩（WinRAR、360压缩里选“ZIP”）后报送")
	case bytes.HasPrefix(data, sevenZipMagic):
		return errors.New("这是 7z 压缩包，只能解开 zip 格式：请用 zip 格式重新压缩（7-Zip、360压缩里选“zip”）后报送")
	}
	return errors.New("不是能读的 zip 压缩包（可能没有下载完整或已经损坏）：请重新下载，或重新压缩后报送")
}

// walk takes the members of one archive; prefix is the path of the archive inside the
// outer one ("" for the outer one, else ending in '/') and depth its nesting level.
func (u *unzipper) walk(data []byte, prefix string, depth int) error {
	r, err := openZip(data, u.lim.MaxEntries)
	switch {
	case errors.Is(err, errDirectoryTooLarge):
		return tooManyMembers(u.lim.MaxEntries)
	case err != nil:
		return notZip(data)
	}
	for _, f := range r.File {
		u.member(f, int64(len(data)), prefix, depth)
	}
	return nil
}

// member takes one member of an archive of size archiveSize, or says why not.
func (u *unzipper) member(f *zip.File, archiveSize int64, prefix string, depth int) {
	name := memberName(&f.FileHeader)
	mode := f.Mode()
	if strings.HasSuffix(strings.ReplaceAll(name, `\`, "/"), "/") || mode.IsDir() {
		return // a folder: its files are members of their own
	}
	shown := prefix + printable(name)
	local, unsafe := localPath(name)
	switch {
	case unsafe != "":
		u.skip(shown, "路径不安全（"+unsafe+"），为安全起见没有解压：请把文件放在压缩包里的普通文件夹中重新压缩后报送")
		return
	case isLitter(local):
		return
	case f.Flags&0x1 != 0:
		u.skip(shown, "加了密码，无法解开：请不加密重新压缩后报送")
		return
	case mode&fs.ModeSymlink != 0:
		u.skip(shown, "是符号链接而不是文件，没有解压：请把文件本身放进压缩包后报送")
		return
	case u.taken >= u.lim.MaxEntries:
		u.skip(shown, fmt.Sprintf("压缩包里的文件超过 %d 个的上限，这个没有解压：请分成几个压缩包报送", u.lim.MaxEntries))
		return
	case f.UncompressedSize64 > uint64(u.lim.MaxEntryBytes):
		u.skip(shown, u.overEntry())
		return
	case f.UncompressedSize64 > uint64(u.lim.MaxTotalBytes-u.spent):
		u.skip(shown, u.overTotal())
		return
	}
	limit := min(u.lim.MaxEntryBytes, u.lim.MaxTotalBytes-u.spent)
	hint := min(int64(f.UncompressedSize64), limit, maxExpansion(f.Method, min(int64(min(f.CompressedSize64, math.MaxInt64)), archiveSize)))
	rc, err := f.Open()
	if err != nil {
		u.skip(shown, openFailure(f, err))
		return
	}
	u.spend(hint) // the buffer set aside is spent even if the data turns out short
	data, over, err := readCapped(rc, limit, hint)
	rc.Close()
	switch {
	case over && limit < u.lim.MaxEntryBytes:
		u.spend(u.lim.MaxTotalBytes)
		u.skip(shown, u.overTotal())
		return
	case over:
		u.spend(limit + 1 - hint)
		u.skip(shown, u.overEntry())
		return
	}
	u.spend(int64(len(data)) - hint)
	switch {
	case errors.Is(err, zip.ErrFormat): // archive/zip's word for more data than declared
		u.skip(shown, "解压出来比压缩包里记录的大小还大（可能是“压缩炸弹”），没有解压：请检查这个文件后重新压缩报送")
		return
	case err != nil:
		u.skip(shown, "数据已损坏（校验不通过或不完整），无法解开：请重新压缩后报送")
		return
	}
	if !isArchive(local, data, u.lim.MaxEntries) {
		u.taken++
		u.entries = append(u.entries, Entry{Path: prefix + local, Data: data})
		return
	}
	if depth >= u.lim.MaxDepth {
		u.skip(shown, fmt.Sprintf("压缩包套压缩包超过 %d 层，这一层没有解开：请把里面的文件取出来重新压缩后报送", u.lim.MaxDepth))
		return
	}
	u.taken++
	if err := u.walk(data, prefix+local+"/", depth+1); err != nil {
		u.skip(shown, "里面的压缩包："+err.Error())
	}
}

// spend counts n more bytes decompressed (or set aside), never past the total cap.
func (u *unzipper) spend(n int64) {
	switch {
	case n > u.lim.MaxTotalBytes-u.spent:
		u.spent = u.lim.MaxTotalBytes
	case n > 0:
		u.spent += n
	}
}

// overEntry is the reason for a member larger than MaxEntryBytes.
func (u *unzipper) overEntry() string {
	return "解压后超过单个文件的上限（" + capText(u.lim.MaxEntryBytes) + "），可能是“压缩炸弹”，没有解压：请检查这个文件，确有需要就单独报送"
}

// overTotal is the reason for a member past MaxTotalBytes.
func (u *unzipper) overTotal() string {
	return "压缩包解压后累计超过上限（" + capText(u.lim.MaxTotalBytes) + "），这个没有解压：请分成几个较小的压缩包报送"
}

// openFailure is the reason for a member that f.Open refused.
func openFailure(f *zip.File, err error) string {
	if errors.Is(err, zip.ErrAlgorithm) {
		return fmt.Sprintf("用了不支持的压缩方法（%d），无法解开：请用普通的 zip 格式（Deflate）重新压缩后报送", f.Method)
	}
	return "数据已损坏（找不到文件头），无法解开：请重新压缩后报送"
}

// capText is a cap in the units people see in Windows: 64 MB.
func capText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// maxExpansion bounds what a member's compressed bytes can decompress to, so that a
// buffer sized from a declared size is never larger than the data can fill. Deflate
// expands at most 1032 to 1; Store not at all.
func maxExpansion(method uint16, compressed int64) int64 {
	switch method {
	case zip.Store:
		return compressed
	case zip.Deflate:
		if compressed > math.MaxInt64/1032 {
			return math.MaxInt64
		}
		return compressed*1032 + 1024
	}
	return 64 << 10
}

// readCapped reads r to its end, but never more than limit+1 bytes: over says r had
// more than limit. hint (at most limit) sizes the first buffer; the buffer then grows
// by doubling, never past limit+1, so nothing larger than the cap is ever allocated
// whatever the decompressor produces.
func readCapped(r io.Reader, limit, hint int64) (data []byte, over bool, err error) {
	hint = max(min(hint, limit), 0)
	buf := make([]byte, 0, hint+1) // +1: room to see the end, or one byte too many
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, true, nil
			}
			grown := make([]byte, len(buf), min(2*int64(cap(buf))+512, limit+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		switch {
		case int64(len(buf)) > limit:
			return nil, true, nil
		case err == io.EOF:
			return buf, false, nil
		case err != nil:
			return buf, false, err
		}
	}
}
