package intake

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"tenglong/campaign"
	"tenglong/internal/fileout"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// maxNameBytes is the longest file name most file systems take (ext4, NTFS in UTF-16
// units, which a UTF-8 byte count never undercounts).
const maxNameBytes = 255

// MarkUp is the marked-up copy of a rejected return, as ingest --return-dir writes it,
// send --returns mails it and the portal serves it: the unit's own workbook (data)
// with each finding's cell filled and commented and a 问题清单 sheet in front headed
// with the unit's name and the period ("2023Q3" is printed 2023年第三季度).
func MarkUp(data []byte, unitName, period string, findings []returns.Finding) ([]byte, error) {
	marks := make([]workbook.Mark, 0, len(findings))
	for _, f := range findings {
		marks = append(marks, workbook.Mark{Sheet: f.Sheet, Cell: f.Cell, Severity: f.Severity, Code: f.Code, Message: f.Message})
	}
	return workbook.MarkUp(data, issuesTitle(unitName, period), marks)
}

// MarkUpStored is MarkUp for a stored submission's findings (store.Findings).
func MarkUpStored(data []byte, unitName, period string, findings []store.Finding) ([]byte, error) {
	fs := make([]returns.Finding, 0, len(findings))
	for _, f := range findings {
		fs = append(fs, returns.Finding{Code: f.Code, Severity: f.Severity, Sheet: f.Sheet, Cell: f.Cell, Message: f.Message})
	}
	return MarkUp(data, unitName, period, fs)
}

// MarkedUp is the marked-up copy of a judged file (MarkUp of its bytes and findings).
func (r Report) MarkedUp() ([]byte, error) { return MarkUp(r.Data, r.UnitName, r.Period, r.Issues) }

// issuesTitle heads a marked-up copy's 问题清单: the unit and the period as every
// document prints it (2023年第三季度, not 2023Q3).
func issuesTitle(unit, period string) string {
	if p, err := campaign.ParsePeriod(period); err == nil {
		period = p.Label()
	}
	return fmt.Sprintf("%s %s 报送问题清单", unit, period)
}

// MarkedUpName is the file name of the marked-up copy of source (a path, or
// container/member): "<original name>-退回修改.xlsx", the n-th copy of that name in
// one folder "-退回修改-n.xlsx" (n > 1), cut to fit the file system's limit. Names
// from zips and mails are the sender's: they are made valid on Windows and not hidden
// (a leading dot would hide the copy and make ingest skip it).
func MarkedUpName(source string, n int) string {
	stem := strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	stem = strings.TrimLeft(fileout.SafeName(stem), ". ")
	if stem == "" {
		stem = "报送文件"
	}
	suffix := "-退回修改.xlsx"
	if n > 1 {
		suffix = fmt.Sprintf("-退回修改-%d.xlsx", n)
	}
	return truncateUTF8(stem, maxNameBytes-len(suffix)) + suffix
}

// truncateUTF8 cuts s to at most n bytes on a character boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimRight(s[:n], ". ")
}
