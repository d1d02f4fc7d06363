package templates

import (
	"fmt"
	"time"
)

// MailBody fills mail-subject.txt and mail-body.txt, the mail that sends a unit its
// template. Every field is display text, already formatted by the caller, so that an
// office rewriting the wording never needs template functions. Empty fields are fine:
// the builtin wording leaves out what is missing.
type MailBody struct {
	Campaign     string // 攻坚行动名称, the campaign title
	Issuer       string // 发文单位: signs the mail; whom to ask when there is no contact
	Unit         string // 收件单位名称, the unit the template is for
	Period       string // period code, 2023Q3
	PeriodLabel  string // period in words, 2023年第三季度; Period is shown when empty
	Deadline     string // due date in words, see DateLabel
	FileName     string // the attached workbook's file name
	ContactName  string // the office's contact person, if any
	ContactPhone string
	ContactEmail string
}

// DateLabel writes a date the way a Chinese official letter does: 2023年10月10日.
func DateLabel(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
