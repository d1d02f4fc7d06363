package main

import (
	"errors"
	"fmt"
	"io"

	"tenglong/report"
)

// findPDFFonts is report.FindFonts with a bad --font or --font-dir made a usage error
// (exit 2).
func findPDFFonts(workspace, fontFlag, fontDir string) (*report.FontChoice, error) {
	f, err := report.FindFonts(workspace, fontFlag, fontDir)
	if errors.Is(err, report.ErrFontOption) {
		return nil, usageErrorf("%v", err)
	}
	return f, err
}

// listFonts prints what each role uses, for `bulletin --fonts`.
func listFonts(w io.Writer, f *report.FontChoice) {
	t := newTable("用途", "字体", "来源")
	for _, role := range report.Roles {
		font := f.Set[role]
		if font == nil {
			font = report.BuiltinFont(role)
		}
		t.add(role.Label(), font.Name, f.Source[role])
	}
	t.write(w)
	for _, s := range f.Skipped {
		fmt.Fprintln(w, "未采用："+s)
	}
	fmt.Fprintln(w, "换字体：--font 指定正文字体，--font-dir 指定放本单位字体的文件夹（如 simfang.ttf、simhei.ttf、simkai.ttf、方正小标宋简体.ttf），或放进工作目录的 fonts 文件夹。")
}
