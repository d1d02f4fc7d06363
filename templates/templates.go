package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"unicode/utf8"
)

//go:embed builtin/*.txt
var builtin embed.FS

// Template is one parsed template, builtin or overridden. It is safe to Render from
// several goroutines, so a caller loads it once and fills it for every unit.
type Template struct {
	name string
	file string // what errors name: the override's path, or 内置模板 <name>
	tmpl *template.Template
}

// Names lists the builtin templates, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(builtin, "builtin") // cannot fail: the directory is embedded
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// Builtin returns the embedded text of a template, for a user who wants to copy it into
// the workspace and change the wording.
func Builtin(name string) ([]byte, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	b, err := builtin.ReadFile(path.Join("builtin", name))
	if err != nil {
		return nil, fmt.Errorf("没有名为“%s”的内置模板（内置模板有：%s）", name, strings.Join(Names(), "、"))
	}
	return b, nil
}

// Load parses <workspaceDir>/templates/<name> when that file exists, else the builtin
// template of that name. An empty workspaceDir means builtin only.
func Load(workspaceDir, name string) (*Template, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if workspaceDir != "" {
		file := filepath.Join(workspaceDir, "templates", name)
		src, err := os.ReadFile(file)
		switch {
		case err == nil:
			return parse(name, file, src)
		case !errors.Is(err, fs.ErrNotExist):
			// A present but unreadable override must not silently fall back to the
			// builtin wording: the office would mail text it did not write.
			return nil, &Error{File: file, Detail: "无法读取模板文件", Err: err}
		}
	}
	src, err := Builtin(name)
	if err != nil {
		return nil, err
	}
	return parse(name, "内置模板 "+name, src)
}

// Render loads a template (see Load) and fills it with data.
func Render(workspaceDir, name string, data any) (string, error) {
	t, err := Load(workspaceDir, name)
	if err != nil {
		return "", err
	}
	return t.Render(data)
}

// Render fills the template with data.
func (t *Template) Render(data any) (string, error) {
	var b bytes.Buffer
	if err := t.tmpl.Execute(&b, data); err != nil {
		return "", templateError(t.name, t.file, err, data)
	}
	return b.String(), nil
}

// File is the override's path, or 内置模板 <name> for the builtin one: what a command
// prints so the office knows which wording it mailed.
func (t *Template) File() string { return t.file }

func parse(name, file string, src []byte) (*Template, error) {
	// Windows Notepad saves with a byte-order mark and CRLF, and older versions in GBK;
	// the first two are harmless, the last would turn every character into garbage.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(src) {
		return nil, &Error{File: file, Detail: "不是 UTF-8 编码。请用记事本打开，“另存为”时编码选择 UTF-8"}
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	tmpl, err := template.New(name).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, templateError(name, file, err, nil)
	}
	return &Template{name: name, file: file, tmpl: tmpl}, nil
}

// checkName keeps a name inside the templates folder: names come from code today, but a
// name like ../campaign.yaml must never read another file.
func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\:`) {
		return fmt.Errorf("模板名“%s”不合法：只能是 templates 文件夹里的文件名，如 mail-body.txt", name)
	}
	return nil
}
