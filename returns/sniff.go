package returns

import (
	"bytes"
	"path/filepath"
	"strings"
)

// File-level codes: what a received file is, before it is opened as a template.
var (
	CodeOldExcel      = define("xls-format", SeverityError, "an Excel 97–2003 .xls file: save it as .xlsx")
	CodeWPSFormat     = define("wps-format", SeverityError, "a WPS .et/.ett file: save it as .xlsx")
	CodeMacroWorkbook = define("macro-workbook", SeverityError, "a macro-enabled .xlsm file: refused unopened, save it as .xlsx")
	CodeEncrypted     = define("encrypted", SeverityError, "a password-protected workbook: remove the open password and save again")
	CodeNotWorkbook   = define("not-workbook", SeverityError, "not an Excel workbook at all (text, CSV, another file renamed, empty, truncated)")
	CodeNotTemplate   = define("not-template", SeverityError, "an Excel workbook without tenglong's metadata: not a generated template")
)

// oleMagic starts every OLE2 compound file: .xls, .et, and encrypted .xlsx alike.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Sniff tells from a file's name and first bytes whether it can be a template at all,
// and if not returns the finding that names the fix. It opens nothing: a .xlsm is
// refused without reading its macros.
func Sniff(name string, data []byte) *Finding {
	ext := strings.ToLower(filepath.Ext(name))
	reject := func(code, msg string) *Finding {
		return &Finding{Code: code, Severity: SeverityError, Message: msg}
	}
	switch {
	case len(data) == 0:
		return reject(CodeNotWorkbook, "文件是空的（0 字节），可能下载或保存没有完成：请重新保存后报送")
	case ext == ".xlsm":
		return reject(CodeMacroWorkbook, "这是带宏的工作簿（.xlsm），为安全起见不予打开：请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后重新报送")
	case ext == ".et" || ext == ".ett":
		return reject(CodeWPSFormat, "这是 WPS 表格格式（"+ext+"）：请在 WPS 里“另存为” Excel 工作簿（.xlsx）后重新报送")
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, utf16("EncryptedPackage")) {
			return reject(CodeEncrypted, "工作簿设置了打开密码，无法读取：请在 Excel 或 WPS 里取消密码（文件→信息→保护工作簿）后保存，再重新报送")
		}
		if bytes.Contains(data, utf16("WordDocument")) && !bytes.Contains(data, utf16("Book")) { // Workbook, Book: a sheet's streams
			return reject(CodeNotWorkbook, "这是 Word 文档，不是 Excel 工作簿：请用发下去的模板填写，保存为 .xlsx 后重新报送")
		}
		if ext == ".xlsx" {
			return reject(CodeOldExcel, "文件名是 .xlsx，内容却是 Excel 97–2003 格式：请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后重新报送")
		}
		return reject(CodeOldExcel, "这是 Excel 97–2003 格式（.xls）：请在 Excel 或 WPS 里“另存为” Excel 工作簿（.xlsx）后重新报送")
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) && bytes.Contains(data[:min(len(data), 120)], []byte("application/vnd.oasis.opendocument")):
		return reject(CodeNotWorkbook, "这是 OpenDocument 格式（.ods，LibreOffice 的默认格式），不是 Excel 工作簿：请“另存为” Excel 工作簿（.xlsx）后重新报送")
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		if kind := renamedKind(data); kind != "" {
			return reject(CodeNotWorkbook, "这是"+kind+"，不是 Excel 工作簿（只是扩展名像）：请用发下去的模板填写，保存为 .xlsx 后重新报送")
		}
		return reject(CodeNotWorkbook, "这不是 Excel 工作簿（可能是 CSV、文本或改了扩展名的其他文件）：请用发下去的模板填写，保存为 .xlsx 后重新报送")
	}
	return nil
}

// renamedKinds are the files most often sent by mistake under a workbook's name, by
// their first bytes.
var renamedKinds = []struct {
	magic, kind string
}{
	{"%PDF", " PDF 文件"}, {"\x89PNG", "一张图片（PNG）"}, {"\xFF\xD8\xFF", "一张图片（JPEG）"}, {"GIF8", "一张图片（GIF）"},
	{"Rar!", " RAR 压缩包"}, {"7z\xBC\xAF", " 7z 压缩包"}, {"{\\rtf", " RTF 文档"},
}

// renamedKind names what a file that is not a zip really is (with a space before a
// Latin name, to follow 这是), or "" when it cannot tell (text and CSV get the general message). Web pages count: some systems export
// an “Excel” file that is HTML.
func renamedKind(data []byte) string {
	for _, k := range renamedKinds {
		if bytes.HasPrefix(data, []byte(k.magic)) {
			return k.kind
		}
	}
	head := bytes.ToLower(bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\xEF\xBB\xBF")), " \t\r\n"))
	switch {
	case bytes.HasPrefix(head, []byte("<html")), bytes.HasPrefix(head, []byte("<!doctype html")), bytes.HasPrefix(head, []byte("<table")),
		bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("<html")):
		return "网页（HTML）文件"
	case bytes.HasPrefix(head, []byte("<?xml")) && bytes.Contains(head, []byte("excel.sheet")):
		return " Excel 2003 XML 表格"
	}
	return ""
}

// utf16 encodes ASCII text as UTF-16LE, the way OLE stream names are stored.
func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, r := range s {
		out = append(out, byte(r), 0)
	}
	return out
}

// NotTemplate is the finding for an Excel workbook that has no tenglong metadata: a
// blank workbook, or a copy whose metadata was lost by copying cells into a new file.
func NotTemplate() Finding {
	return Finding{Code: CodeNotTemplate, Severity: SeverityError,
		Message: "这个工作簿不是 tenglong 生成的填报模板（缺少模板信息，可能是把内容复制到了新文件里）：请直接在发下去的模板文件上填写后报送"}
}
