package returns

import "fmt"

// Findings for what ingest refuses before reading a workbook at all.
var (
	CodeTooLarge = define("too-large", SeverityError, "a file over the size cap: refused before parsing (a template is a few MB at most)")
	CodeSkipped  = define("skipped", SeverityError, "a member of a zip archive or saved mail left out: unsafe path, too large, encrypted, nested too deep")
	// CodeMailIncomplete: the mail around the file may be cut short (its multipart
	// never closes); the file was taken and judged, and the office should check it.
	CodeMailIncomplete = define("mail-incomplete", SeverityWarning, "the saved mail the file came in may be cut short (no closing MIME boundary): the file was taken, check it is complete")
)

// MailIncomplete is the warning for a file taken from a mail that may be cut short;
// note is mail.Saved's warning.
func MailIncomplete(note string) Finding {
	return Finding{Code: CodeMailIncomplete, Severity: SeverityWarning, Message: note}
}

// TooLarge is the finding for a file over the size cap.
func TooLarge(size, limit int64) Finding {
	return Finding{Code: CodeTooLarge, Severity: SeverityError,
		Message: fmt.Sprintf("文件有 %s，超过 %s 的上限，不像是填报模板，没有打开：请确认发的是填报模板本身（.xlsx），不要把其他文件改名后报送", sizeText(size), sizeText(limit))}
}

// SkippedMember is the finding for an archive or mail member that was not taken out.
func SkippedMember(reason string) Finding {
	return Finding{Code: CodeSkipped, Severity: SeverityError, Message: "没有取出这个文件：" + reason}
}

// sizeText prints a byte count for a clerk: 1.5 MB, 820 KB.
func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	default:
		return fmt.Sprintf("%d 字节", n)
	}
}
