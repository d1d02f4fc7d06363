package campaign

import "github.com/shopspring/decimal"

// TargetForm is how a target is written in the source document.
type TargetForm string

const (
	// TargetNone means no target is set for this unit (the cell is simply absent).
	TargetNone TargetForm = ""
	// TargetNumber is a numeric target, possibly with a note (4.5（含南太湖新区）).
	TargetNumber TargetForm = "number"
	// TargetNA is 不适用, written "/" in the source.
	TargetNA TargetForm = "na"
	// TargetText is a qualitative target (完成省定目标): reported as 完成/未完成.
	TargetText TargetForm = "text"
	// TargetPending is a target not yet handed down (待省下达任务指标后再分解).
	TargetPending TargetForm = "pending"
)

// Target is one unit's target for one indicator, exactly as the campaign writes it.
type Target struct {
	Form    TargetForm
	Value   decimal.Decimal // TargetNumber only
	Literal string          // the number as written (3.0 stays 3.0), for display
	Note    string          // the note of a number (含南太湖新区, 以上), or the text of text/pending targets
	Line    int             `json:"-"` // YAML line it was read from
	// Milestones (节点目标) stage this unit's numeric target ({value: 120, milestones:
	// {Q1: 20, …}}); they win over the indicator's. Omitted from the fingerprint
	// when unset.
	Milestones Milestones `json:",omitempty"`
}

// IsSet reports whether a target was written at all.
func (t Target) IsSet() bool { return t.Form != TargetNone }

// IsNumber reports whether the target is numeric.
func (t Target) IsNumber() bool { return t.Form == TargetNumber }

// Display renders the target the way the source document prints it: the number as
// written, a qualifier after (2以上) or before (突破363) it, a remark in brackets
// (4.5（含南太湖新区）), "/" for not applicable, the text of text and pending targets.
func (t Target) Display() string {
	switch t.Form {
	case TargetNumber:
		prefix, suffix := t.NoteAffixes()
		return prefix + t.NumberText() + suffix
	case TargetNA:
		return "/"
	case TargetText, TargetPending:
		return t.Note
	default:
		return ""
	}
}

// NumberText is the number of a numeric target as written (3.0 stays 3.0).
func (t Target) NumberText() string {
	if t.Literal != "" {
		return t.Literal
	}
	return t.Value.String()
}

// NoteAffixes splits a numeric target's note into what is printed before and after
// the number: 突破 before, 以上 after, a remark after in brackets.
func (t Target) NoteAffixes() (prefix, suffix string) {
	switch {
	case t.Note == "":
		return "", ""
	case isSuffixQualifier(t.Note):
		return "", t.Note
	case isPrefixQualifier(t.Note):
		return t.Note, ""
	}
	return "", "（" + t.Note + "）"
}

// isSuffixQualifier and isPrefixQualifier tell notes that read as part of the number
// (2以上, 突破363) from remarks printed in brackets (4.5（含南太湖新区）).
func isSuffixQualifier(note string) bool {
	switch note {
	case "以上", "以下", "左右", "以内", "及以上", "及以下":
		return true
	}
	return false
}

func isPrefixQualifier(note string) bool {
	switch note {
	case "突破", "不低于", "不少于", "不高于", "超过", "力争", "达到":
		return true
	}
	return false
}

// FormatDecimal rounds half-up to decimals places and prints it with exactly that many
// decimal places. Negative decimals leave the value as stored.
func FormatDecimal(d decimal.Decimal, decimals int32) string {
	if decimals < 0 {
		return d.String()
	}
	return d.StringFixed(decimals)
}
