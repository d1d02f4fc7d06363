package main

import (
	"path/filepath"
	"strings"
)

// checkExt refuses an output name without the extension the file will have.
func checkExt(path, ext string) error {
	if !strings.EqualFold(filepath.Ext(path), ext) {
		return usageErrorf("输出文件“%s”要以 %s 结尾", path, ext)
	}
	return nil
}
