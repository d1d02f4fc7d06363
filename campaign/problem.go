package campaign

import (
	"fmt"
	"sort"
)

// Severity says whether a problem stops the campaign from being used.
type Severity string

const (
	// SeverityError marks a definition that cannot be used as written.
	SeverityError Severity = "error"
	// SeverityWarning marks something suspicious that an office should look at.
	SeverityWarning Severity = "warning"
)

// Problem is one finding about a campaign file: a stable code, the YAML line
// (0 when the problem concerns the file as a whole) and a Chinese message that says
// what is wrong and what to do.
type Problem struct {
	Code     string   `json:"code"`
	Severity Severity `json:"-"`
	Line     int      `json:"line"`
	Message  string   `json:"message"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("第 %d 行：%s", p.Line, p.Message)
	}
	return p.Message
}

// Problems is a list of findings in the order they were found.
type Problems []Problem

func (ps *Problems) errorf(line int, code, format string, args ...any) {
	*ps = append(*ps, Problem{Code: code, Severity: SeverityError, Line: line, Message: fmt.Sprintf(format, args...)})
}

func (ps *Problems) warnf(line int, code, format string, args ...any) {
	*ps = append(*ps, Problem{Code: code, Severity: SeverityWarning, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Errors returns the problems of error severity.
func (ps Problems) Errors() Problems { return ps.only(SeverityError) }

// Warnings returns the problems of warning severity.
func (ps Problems) Warnings() Problems { return ps.only(SeverityWarning) }

func (ps Problems) only(s Severity) Problems {
	out := Problems{}
	for _, p := range ps {
		if p.Severity == s {
			out = append(out, p)
		}
	}
	return out
}

// HasErrors reports whether any problem is an error.
func (ps Problems) HasErrors() bool { return len(ps.Errors()) > 0 }

// Sorted returns the problems ordered by line, keeping the order of equal lines.
func (ps Problems) Sorted() Problems {
	out := append(Problems{}, ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Line < out[j].Line })
	return out
}
