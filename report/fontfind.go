package report

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The office's own fonts, by role, as Windows, 方正 and 麒麟/统信 name their files.
// The first file found for a role is used; lower case, compared without case.
var officeFontFiles = map[Role][]string{
	RoleTitle: {"方正小标宋简体.ttf", "方正小标宋_gbk.ttf", "fzxbsjw.ttf", "fzxbsk.ttf", "fzxbsjw--gb1-0.ttf", "fzxiaobiaosong-b05s.ttf"},
	RoleBody:  {"仿宋_gb2312.ttf", "fangsong_gb2312.ttf", "方正仿宋_gbk.ttf", "fzfsk.ttf", "simfang.ttf", "fangsong.ttf"},
	RoleHei:   {"方正黑体_gbk.ttf", "fzhtk.ttf", "simhei.ttf", "黑体.ttf"},
	RoleKai:   {"楷体_gb2312.ttf", "kaiti_gb2312.ttf", "方正楷体_gbk.ttf", "fzktk.ttf", "simkai.ttf", "楷体.ttf"},
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

// FontChoice is the font of each role and where it came from, for the PDFs.
type FontChoice struct {
	Set     FontSet
	Source  [roleCount]string // the file, or 内置…
	Skipped []string          // office fonts found but unusable, with the reason
}

// ErrFontOption marks an error in what the caller asked for (a --font that is not a
// usable font, a --font-dir that is not a folder), as opposed to a failure to read:
// the CLI makes it a usage error.
var ErrFontOption = errors.New("font option")

// optionError is an ErrFontOption that reads as its own message alone.
type optionError struct{ err error }

func (e optionError) Error() string        { return e.err.Error() }
func (e optionError) Unwrap() error        { return e.err }
func (e optionError) Is(target error) bool { return target == ErrFontOption }

func fontOptionError(format string, args ...any) error {
	return optionError{fmt.Errorf(format, args...)}
}

// WorkspaceFont is where a workspace keeps the office's own body font for its PDFs.
const WorkspaceFont = "fonts/bulletin.ttf"

// FindFonts looks for each role's font: fontFile (the body; the CLI's --font), fontDir
// (--font-dir), the workspace's fonts/ folder (fonts/bulletin.ttf is the body), the
// system's font folders; a role with none found uses the built-in one (its Set entry
// stays nil and its Source says 内置…). Errors in fontFile or fontDir wrap
// ErrFontOption.
func FindFonts(workspace, fontFile, fontDir string) (*FontChoice, error) {
	f := &FontChoice{}
	fontFlag := fontFile
	if fontFlag != "" {
		font, err := LoadFont(fontFlag)
		if err != nil {
			return nil, fontOptionError("%v", err)
		}
		f.Set[RoleBody], f.Source[RoleBody] = font, fontFlag
	}
	if fontDir != "" {
		if st, err := os.Stat(fontDir); err != nil || !st.IsDir() {
			return nil, fontOptionError("--font-dir “%s” 不是一个文件夹：请给出放字体文件（.ttf）的文件夹", fontDir)
		}
	}
	wsFonts := filepath.Join(workspace, "fonts")
	if f.Set[RoleBody] == nil {
		candidate := filepath.Join(workspace, WorkspaceFont)
		if _, err := os.Stat(candidate); err == nil {
			font, err := LoadFont(candidate)
			if err != nil {
				return nil, fontOptionError("%v", err)
			}
			f.Set[RoleBody], f.Source[RoleBody] = font, candidate
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
	for _, role := range Roles {
		if f.Set[role] != nil {
			continue
		}
		for _, want := range officeFontFiles[role] {
			path, ok := files[want]
			if !ok {
				continue
			}
			font, err := LoadFont(path)
			if err != nil {
				f.Skipped = append(f.Skipped, err.Error())
				continue
			}
			f.Set[role], f.Source[role] = font, path
			break
		}
	}
	for _, role := range Roles {
		if f.Set[role] == nil {
			f.Source[role] = "内置 " + BuiltinFileName(role)
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
