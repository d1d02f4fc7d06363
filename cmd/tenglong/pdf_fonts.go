package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"tenglong/report"
)

// The office's own fonts, by role, as Windows, 方正 and 麒麟/统信 name their files.
// The first file found for a role is used; lower case, compared without case.
var officeFontFiles = map[report.Role][]string{
	report.RoleTitle: {"方正小标宋简体.ttf", "方正小标宋_gbk.ttf", "fzxbsjw.ttf", "fzxbsk.ttf", "fzxbsjw--gb1-0.ttf", "fzxiaobiaosong-b05s.ttf"},
	report.RoleBody:  {"仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "方正仿宋_gbk.ttf", "fzfsk.ttf", "simfang.ttf", "fangsong.ttf"},
	report.RoleHei:   {"方正黑体_gbk.ttf", "fzhtk.ttf", "simhei.ttf", "黑体.ttf"},
	report.RoleKai:   {"楷体_gb2312.ttf", "kaiti_gb2312.ttf", "方正楷体_gbk.ttf", "fzktk.ttf", "simkai.ttf", "楷体.ttf"},
}

// systemFontDirs are where an office machine keeps its fonts: Windows, and the
// folders 麒麟 (Kylin) and 统信 (UOS) install Windows and 方正 fonts into. The
// environment variable TENGLONG_FONT_PATH (directories separated by the system's list
// separator) replaces them, so that a test or a locked-down machine says exactly where
// to look.
func systemFontDirs() []string {
	if v, ok := os.LookupEnv("TENGLONG_FONT_PATH"); ok {
		return filepath.SplitList(v)
	}
	if runtime.GOOS == "windows" {
		win := os.Getenv("WINDIR")
		if win == "" {
			win = `C:\Windows`
		}
		return []string{filepath.Join(win, "Fonts")}
	}
	return []string{"/usr/share/fonts", "/usr/local/share/fonts", "/opt/kingsoft/wps-office/office6/fonts"}
}

// pdfFonts is the font of each role and where it came from, for the PDFs.
type pdfFonts struct {
	set    report.FontSet
	source [4]string // the file, or 内置…
	skip   []string  // office fonts found but unusable, with the reason
}

// findPDFFonts looks for each role's font: --font (the body), --font-dir, the
// workspace's fonts/ folder (fonts/bulletin.ttf is the body), the system's font
// folders; a role with none found uses the built-in one.
func findPDFFonts(workspace, fontFlag, fontDir string) (*pdfFonts, error) {
	f := &pdfFonts{}
	if fontFlag != "" {
		font, err := report.LoadFont(fontFlag)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		f.set[report.RoleBody], f.source[report.RoleBody] = font, fontFlag
	}
	if fontDir != "" {
		if st, err := os.Stat(fontDir); err != nil || !st.IsDir() {
			return nil, usageErrorf("--font-dir “%s” 不是一个文件夹：请给出放字体文件（.ttf）的文件夹", fontDir)
		}
	}
	wsFonts := filepath.Join(workspace, "fonts")
	if f.set[report.RoleBody] == nil {
		candidate := filepath.Join(workspace, workspaceFont)
		if _, err := os.Stat(candidate); err == nil {
			font, err := report.LoadFont(candidate)
			if err != nil {
				return nil, usageErrorf("%v", err)
			}
			f.set[report.RoleBody], f.source[report.RoleBody] = font, candidate
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("读不了 %s：%v", candidate, err)
		}
	}
	var dirs []string
	if fontDir != "" {
		dirs = append(dirs, fontDir)
	}
	dirs = append(dirs, wsFonts)
	dirs = append(dirs, systemFontDirs()...)
	files := fontFilesIn(dirs)
	for _, role := range report.Roles {
		if f.set[role] != nil {
			continue
		}
		for _, want := range officeFontFiles[role] {
			path, ok := files[want]
			if !ok {
				continue
			}
			font, err := report.LoadFont(path)
			if err != nil {
				f.skip = append(f.skip, err.Error())
				continue
			}
			f.set[role], f.source[role] = font, path
			break
		}
	}
	for _, role := range report.Roles {
		if f.set[role] == nil {
			f.source[role] = "内置 " + report.BuiltinFileName(role)
		}
	}
	return f, nil
}

// fontFilesIn maps lower-cased file names to the first path with that name, the
// directories searched in order (recursively, at most 20,000 entries each: a font
// folder, not a disk).
func fontFilesIn(dirs []string) map[string]string {
	found := map[string]string{}
	for _, dir := range dirs {
		n := 0
		_ = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if n++; n > 20000 {
				return filepath.SkipAll
			}
			if e.Type().IsRegular() || e.Type()&fs.ModeSymlink != 0 {
				name := strings.ToLower(e.Name())
				if _, ok := found[name]; !ok {
					found[name] = path
				}
			}
			return nil
		})
	}
	return found
}

// list prints what each role uses, for `bulletin --fonts`.
func (f *pdfFonts) list(w io.Writer) {
	t := newTable("用途", "字体", "来源")
	for _, role := range report.Roles {
		font := f.set[role]
		if font == nil {
			font = report.BuiltinFont(role)
		}
		t.add(role.Label(), font.Name, f.source[role])
	}
	t.write(w)
	for _, s := range f.skip {
		fmt.Fprintln(w, "未采用："+s)
	}
	fmt.Fprintln(w, "换字体：--font 指定正文字体，--font-dir 指定放本单位字体的文件夹（如 simfang.ttf、simhei.ttf、simkai.ttf、方正小标宋简体.ttf），或放进工作目录的 fonts 文件夹。")
}
