package returns

import (
	"archive/zip"
	"encoding/binary"
	"hash/crc32"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// infoZIPUnicodePath is the id of Info-ZIP's Unicode Path extra field: a version byte
// (1), the CRC-32 of the header's name, then the name in UTF-8.
const infoZIPUnicodePath = 0x7075

// flagUTF8 is general purpose bit 11: the name and comment are UTF-8.
const flagUTF8 = 0x800

// memberName is a member's name in UTF-8. The zip format leaves the encoding to the
// writer: Windows archivers (Explorer's 发送到压缩文件夹, WinRAR, 360压缩) write names in
// the system code page, GBK on a Chinese Windows, without the UTF-8 flag; others write
// UTF-8, with the flag (7-Zip, Python, Info-ZIP) or without it (macOS). In order:
//   - an Info-ZIP Unicode Path extra field, when its CRC matches the header's name;
//   - the name as it is when it is UTF-8 and flagged so;
//   - decoded as GB18030 (a superset of GBK) when it is not valid UTF-8;
//   - unflagged but valid UTF-8: as it is, unless it only looks like UTF-8 by
//     accident — GBK bytes can form two-byte UTF-8 sequences (泰顺, a county, is
//     0xCC 0xA9 0xCB 0xB3 in GBK, which UTF-8 reads as "̩˳") — which is when every
//     non-ASCII character is a two-byte one, where Chinese takes three, and GB18030
//     reads it as Chinese only.
func memberName(fh *zip.FileHeader) string {
	raw := fh.Name
	if name, ok := unicodePathExtra(fh.Extra, raw); ok {
		return name
	}
	valid := utf8.ValidString(raw)
	switch {
	case valid && fh.Flags&flagUTF8 != 0:
		return raw
	case !valid:
		return decodeGB18030(raw)
	}
	if gb := decodeGB18030(raw); onlyTwoByteRunes(raw) && allChinese(gb) {
		return gb
	}
	return raw
}

// unicodePathExtra finds Info-ZIP's Unicode Path extra field for the header name raw.
// A field whose CRC does not match was written for another name (a tool renamed the
// member without updating it) and is ignored, as the specification says.
func unicodePathExtra(extra []byte, raw string) (string, bool) {
	for len(extra) >= 4 {
		id := binary.LittleEndian.Uint16(extra)
		size := int(binary.LittleEndian.Uint16(extra[2:]))
		if size > len(extra)-4 {
			return "", false
		}
		body := extra[4 : 4+size]
		extra = extra[4+size:]
		if id != infoZIPUnicodePath || len(body) < 6 || body[0] != 1 {
			continue
		}
		if binary.LittleEndian.Uint32(body[1:]) == crc32.ChecksumIEEE([]byte(raw)) && utf8.Valid(body[5:]) {
			return string(body[5:]), true
		}
	}
	return "", false
}

// decodeGB18030 decodes a name written in GBK or GB18030. Bytes that are not GB18030
// become U+FFFD; it never fails.
func decodeGB18030(raw string) string {
	s, err := simplifiedchinese.GB18030.NewDecoder().String(raw)
	if err != nil {
		return strings.ToValidUTF8(raw, "\uFFFD")
	}
	return s
}

// onlyTwoByteRunes tells UTF-8 text with non-ASCII characters, all of two bytes.
func onlyTwoByteRunes(s string) bool {
	found := false
	for _, r := range s {
		switch n := utf8.RuneLen(r); {
		case n == 2:
			found = true
		case n > 2:
			return false
		}
	}
	return found
}

// allChinese tells text made only of ASCII, Han characters and Chinese punctuation.
func allChinese(s string) bool {
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf, unicode.Is(unicode.Han, r):
		case r >= 0x3000 && r <= 0x303F, r >= 0xFF00 && r <= 0xFFEF: // 、。《》 and full-width forms
		default:
			return false
		}
	}
	return true
}

// localPath cleans a decoded member name into a relative '/'-separated path, or says
// in Chinese why it is unsafe to use: an absolute path, a drive letter, a ".."
// component (zip-slip: writing it out would land outside the folder it is unpacked
// in), a colon inside a name, control characters. Backslashes, which Windows tools write, count as '/'; empty
// and "." components are dropped.
func localPath(name string) (path, unsafe string) {
	n := strings.ReplaceAll(name, `\`, "/")
	for _, r := range n {
		if r < 0x20 || r == 0x7f {
			return "", "文件名里有控制字符"
		}
	}
	switch {
	case strings.HasPrefix(n, "/"):
		return "", "是绝对路径"
	case len(n) >= 2 && n[1] == ':' && ('A' <= n[0] && n[0] <= 'Z' || 'a' <= n[0] && n[0] <= 'z'):
		return "", "带盘符 " + n[:2]
	}
	parts := strings.Split(n, "/")
	kept := parts[:0]
	for _, p := range parts {
		switch p {
		case "", ".":
		case "..":
			return "", "含有“..”，会解压到文件夹外面"
		default:
			// A colon inside a name ("回收/a:b.xlsx", "x/C:/y") is a drive letter or,
			// on Windows, an alternate data stream of another file: not a file of
			// its own wherever it is written out.
			if strings.Contains(p, ":") {
				return "", "文件名里有冒号“:”，Windows 不允许这样的文件名，请改名"
			}
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return "", "文件名是空的"
	}
	return strings.Join(kept, "/"), ""
}

// isLitter tells files that file managers and Office leave behind, which nobody
// meant to send: macOS's __MACOSX/ folder, ._ AppleDouble files and .DS_Store,
// Windows's Thumbs.db and desktop.ini, Office's ~$ and LibreOffice's .~lock. lock files.
func isLitter(path string) bool {
	base := path[strings.LastIndexByte(path, '/')+1:]
	for _, part := range strings.Split(path, "/") {
		if strings.EqualFold(part, "__MACOSX") {
			return true
		}
	}
	for _, prefix := range []string{"._", "~$", ".~lock."} {
		if strings.HasPrefix(base, prefix) {
			return true
		}
	}
	for _, name := range []string{"Thumbs.db", "desktop.ini", ".DS_Store"} {
		if strings.EqualFold(base, name) {
			return true
		}
	}
	return false
}

// printable is a name fit to show: control characters become U+FFFD.
func printable(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, name)
}
