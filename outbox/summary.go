package outbox

import (
	"fmt"
	"strings"
)

// SummaryLines are the closing lines of send and remind (the CLI prints them, the
// console shows them): the counts, then the messages that did not go out, by unit and
// address, and the units without an address. total is how many units were due one.
func SummaryLines(total int, sum Summary, noEmail []string, dry bool) []string {
	if dry {
		return []string{fmt.Sprintf("试运行：共 %d 个单位，将发送 %d 封，之前已发送 %d，状态不明 %d，不能发送 %d，没有邮箱 %d。没有发出任何邮件。",
			total, sum.Planned, sum.Before, sum.Unknown, sum.Refused, len(noEmail))}
	}
	lines := []string{fmt.Sprintf("共 %d 个单位：本次发送 %d，之前已发送 %d，状态不明 %d，拒收或地址有误 %d，没有邮箱 %d。",
		total, sum.Sent, sum.Before, sum.Unknown, sum.Refused, len(noEmail))}
	if failed := sum.Failed(); len(failed) > 0 {
		lines = append(lines, fmt.Sprintf("没有发出的 %d 封：%s", len(failed), FailedList(failed)))
	}
	if len(noEmail) > 0 {
		lines = append(lines, "没有邮箱的单位（请在 campaign.yaml 里补上 contact: email，或另行通知）："+strings.Join(noEmail, "、"))
	}
	return lines
}

// FailedList names the messages not sent: 德清县（deqing@…）、长兴县（…）.
func FailedList(failed []Result) string {
	var names []string
	for _, f := range failed {
		names = append(names, f.Name+"（"+f.Recipient+"）")
	}
	return strings.Join(names, "、")
}
