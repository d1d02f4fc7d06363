package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindFonts(t *testing.T) {
	hei, err := os.ReadFile("fonts/TenglongHei-Regular.ttf")
	if err != nil {
		t.Fatal(err)
	}
	system := t.TempDir() // the system's font folders: an office's 黑体 under a subfolder
	os.MkdirAll(filepath.Join(system, "windows"), 0o755)
	os.WriteFile(filepath.Join(system, "windows", "SimHei.ttf"), hei, 0o644)
	t.Setenv("TENGLONG_FONT_PATH", system)

	badWorkspace := t.TempDir()
	os.MkdirAll(filepath.Join(badWorkspace, "fonts"), 0o755)
	os.WriteFile(filepath.Join(badWorkspace, WorkspaceFont), []byte("not a font"), 0o644)
	notDir := filepath.Join(t.TempDir(), "file")
	os.WriteFile(notDir, []byte("x"), 0o644)

	for _, tc := range []struct {
		name, workspace, fontFile, fontDir string
		optionErr                          string // part of an ErrFontOption error
		from                               [roleCount]string
	}{
		{name: "system font for 黑体, built-in for the rest", workspace: t.TempDir(),
			from: [roleCount]string{RoleTitle: "内置", RoleBody: "内置", RoleHei: filepath.Join(system, "windows", "SimHei.ttf"), RoleKai: "内置"}},
		{name: "--font is the body", workspace: t.TempDir(), fontFile: "fonts/TenglongSong-Regular.ttf",
			from: [roleCount]string{RoleTitle: "内置", RoleBody: "fonts/TenglongSong-Regular.ttf", RoleHei: filepath.Join(system, "windows", "SimHei.ttf"), RoleKai: "内置"}},
		{name: "--font-dir is not a folder", workspace: t.TempDir(), fontDir: notDir, optionErr: "不是一个文件夹"},
		{name: "the workspace's font is no font", workspace: badWorkspace, optionErr: "bulletin.ttf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FindFonts(tc.workspace, tc.fontFile, tc.fontDir)
			if tc.optionErr != "" {
				if !errors.Is(err, ErrFontOption) || !strings.Contains(err.Error(), tc.optionErr) {
					t.Fatalf("error %v, want an ErrFontOption saying %q", err, tc.optionErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, role := range Roles {
				if !strings.HasPrefix(got.Source[role], tc.from[role]) {
					t.Errorf("%s from %q, want %q", role.Label(), got.Source[role], tc.from[role])
				}
				if (got.Set[role] == nil) != (tc.from[role] == "内置") {
					t.Errorf("%s: font %v, source %q", role.Label(), got.Set[role], got.Source[role])
				}
			}
		})
	}
}
