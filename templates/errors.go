package templates

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Error is a template that cannot be read, parsed or filled. Its message is Chinese and
// names the file and line, because the person fixing it is an office worker who edited
// the wording in Notepad, not a programmer.
type Error struct {
	File   string // override path, or 内置模板 <name>
	Line   int    // 1-based; 0 when the problem is the whole file
	Detail string // what is wrong, in Chinese
	Err    error  // the underlying error, if any
}

func (e *Error) Error() string {
	msg := "模板文件 " + e.File
	if e.Line > 0 {
		msg += fmt.Sprintf(" 第 %d 行", e.Line)
	}
	msg += "：" + e.Detail
	if e.Err != nil {
		msg += "（原始信息：" + e.Err.Error() + "）"
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// text/template reports "template: NAME:LINE[:COL]: [executing "NAME" at <ACTION>: ]MESSAGE".
var (
	reUnclosedAt   = regexp.MustCompile(`started at .*:(\d+)$`)
	reMissingFunc  = regexp.MustCompile(`function "([^"]*)" not defined`)
	reMissingField = regexp.MustCompile(`can't evaluate field (\w+)|map has no entry for key "([^"]*)"`)
)

// templateError turns a text/template error into an *Error with the line and, for the
// mistakes people actually make, a Chinese explanation. data, when given, lists the
// fields one may use.
func templateError(name, file string, err error, data any) error {
	msg := err.Error()
	line := 0
	rest := strings.TrimPrefix(msg, "template: "+name+":")
	if rest != msg {
		num, after, _ := strings.Cut(rest, ":")
		if n, convErr := strconv.Atoi(num); convErr == nil {
			line = n
			// Skip a column number, if any.
			if col, after2, ok := strings.Cut(after, ":"); ok {
				if _, convErr := strconv.Atoi(col); convErr == nil {
					after = after2
				}
			}
			rest = strings.TrimSpace(after)
		}
	}
	var detail string
	switch {
	case reMissingField.MatchString(rest):
		m := reMissingField.FindStringSubmatch(rest)
		field := m[1] + m[2]
		detail = fmt.Sprintf("没有名为 .%s 的字段", field)
		if fields := fieldNames(data); fields != "" {
			detail += "，可用的字段有：" + fields
		}
	case reMissingFunc.MatchString(rest):
		fn := reMissingFunc.FindStringSubmatch(rest)[1]
		detail = fmt.Sprintf("{{ }} 里的“%s”既不是字段也不是函数：字段要写成 {{.%s}}，前面带点；也请检查 “}}” 是否写全", fn, fn)
	case strings.Contains(rest, "unclosed action"), strings.Contains(rest, "unclosed comment"):
		detail = "“{{” 没有配对的 “}}”"
		// The parser reports the end of the file; the mistake is where the action began.
		if m := reUnclosedAt.FindStringSubmatch(rest); m != nil {
			line, _ = strconv.Atoi(m[1])
		}
	case strings.Contains(rest, "bad character"):
		detail = "{{ }} 里有不该出现的字符；“{{” 和 “}}” 要成对、完整地写"
	case strings.Contains(rest, "unexpected EOF"):
		detail = "文件意外结束：{{if}}、{{with}} 或 {{range}} 缺少对应的 {{end}}"
	case strings.Contains(rest, "unexpected {{end}}"):
		detail = "多出一个 {{end}}，前面没有对应的 {{if}}、{{with}} 或 {{range}}"
	case strings.HasPrefix(rest, "executing"):
		detail = "填入数据时出错"
	default:
		detail = "模板语法错误"
	}
	return &Error{File: file, Line: line, Detail: detail, Err: err}
}

// fieldNames lists the fields of a struct (or pointer to one) as {{.Name}} hints.
func fieldNames(data any) string {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	var names []string
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.IsExported() {
			names = append(names, "."+f.Name)
		}
	}
	return strings.Join(names, " ")
}
