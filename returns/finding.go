package returns

import "fmt"

// Severities of a finding.
const (
	// SeverityError rejects the return: it is stored, with its findings, but not used.
	SeverityError = "error"
	// SeverityWarning is shown to the office and the unit; the return is still accepted.
	SeverityWarning = "warning"
)

// Finding is one problem found in a returned template: a stable code, its severity,
// where it is (sheet and cell; both empty when it concerns the file as a whole) and a
// Chinese message that names the value, says what is wrong and what to type.
type Finding struct {
	Code     string `json:"code"`
	Severity string `json:"severity"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Message  string `json:"message"`
}

// String is the finding as one line: 指标填报!H8：“abc”不是数字，…
func (f Finding) String() string {
	if f.Sheet == "" && f.Cell == "" {
		return f.Message
	}
	return f.Sheet + "!" + f.Cell + "：" + f.Message
}

// Code describes one finding code.
type Code struct {
	Code     string
	Severity string
	Meaning  string // one line, for help texts and docs
}

// codes is the table of every finding code, in the order defined below.
var codes []Code

// define adds a code to the table and returns it: one line per finding code.
func define(code, severity, meaning string) string {
	codes = append(codes, Code{Code: code, Severity: severity, Meaning: meaning})
	return code
}

// The finding codes. They are stable: stores, JSON output and tests rely on them.
var (
	// Identification (the metadata sheet).
	CodeWrongCampaign     = define("wrong-campaign", SeverityError, "the template belongs to another campaign")
	CodeUnknownFormat     = define("unknown-format", SeverityError, "the template's format version is not one this program reads")
	CodeUnknownUnit       = define("unknown-unit", SeverityError, "the template's unit code is not a unit of the campaign")
	CodeBadPeriod         = define("bad-period", SeverityError, "the template's period is unreadable, outside the span or finer than the cadence")
	CodeDefinitionChanged = define("definition-changed", SeverityWarning, "the campaign definition changed after the template was generated")

	// Indicator values (指标填报).
	CodeNothingFilled      = define("nothing-filled", SeverityError, "the return has no value, list row or task answered: a blank template sent back")
	CodeValueEmpty         = define("value-empty", SeverityWarning, "an indicator's value is empty: shown as missing, never as 0")
	CodeNotNumber          = define("not-number", SeverityError, "a value or numeric list cell is not a number in the indicator's measure")
	CodeNotInteger         = define("not-integer", SeverityError, "a count (家、个、项…) or integer column has decimals")
	CodeOutOfRange         = define("out-of-range", SeverityError, "a number is outside the indicator's or column's min/max")
	CodeQualitativeInvalid = define("qualitative-invalid", SeverityError, "a qualitative value is not 完成 or 未完成")
	CodeYTDDecreased       = define("ytd-decreased", SeverityWarning, "a flow indicator's year-to-date value is lower than the previous period's")
	CodeTargetChanged      = define("target-changed", SeverityError, "a locked target cell no longer holds the target the template was issued with")
	CodeUnknownInput       = define("unknown-input", SeverityWarning, "the template has an input the campaign no longer defines; it is ignored")
	CodeFormulaInInput     = define("formula-in-input", SeverityWarning, "a value cell holds a formula: the result Excel last calculated is used; type the number instead")
	CodeEmptyOverAccepted  = define("empty-over-accepted", SeverityError, "the return has no value in any input while the unit's accepted return of the period stands: the earlier data is kept, not replaced by nothing")

	// Lists (清单).
	CodeRequiredEmpty        = define("required-empty", SeverityError, "a required cell of a filled list row is empty")
	CodeEnumInvalid          = define("enum-invalid", SeverityError, "a list cell is not one of the column's choices")
	CodeBadDate              = define("bad-date", SeverityError, "a date cell is not a date between 2000 and 2099")
	CodeBadUSCC              = define("bad-uscc", SeverityError, "a 统一社会信用代码 has the wrong length, characters or check digit (GB 32100-2015)")
	CodeDuplicateInFile      = define("duplicate-in-file", SeverityError, "a unique column repeats a value of an earlier row of the same file")
	CodeDuplicateAcrossUnits = define("duplicate-across-units", SeverityError, "a 统一社会信用代码 is already in another unit's accepted return of the period")
	CodeRollupMismatch       = define("rollup-mismatch", SeverityError, "a list's count or sum differs from the indicator value it feeds")

	// Tasks (任务进展).
	CodeTaskStatusInvalid = define("task-status-invalid", SeverityError, "a task status is not 未启动、推进中、已完成 or 滞后")
	CodeTaskStatusEmpty   = define("task-status-empty", SeverityWarning, "a task has progress text but no status")
)

// Codes lists every finding code with its severity and meaning, in a stable order.
func Codes() []Code { return append([]Code(nil), codes...) }

// SeverityOf is the severity of a code, "" for an unknown code.
func SeverityOf(code string) string {
	for _, c := range codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return ""
}

// newFinding makes a finding of a defined code; its severity comes from the table.
func newFinding(code, sheet, cell, format string, args ...any) Finding {
	sev := SeverityOf(code)
	if sev == "" {
		panic("returns: undefined finding code " + code)
	}
	return Finding{Code: code, Severity: sev, Sheet: sheet, Cell: cell, Message: fmt.Sprintf(format, args...)}
}
