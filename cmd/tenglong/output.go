package main

import (
	"fmt"
	"os"
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

// writeOutput writes a finished file, saying in Chinese what to do when it cannot.
func writeOutput(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		if dir := filepath.Dir(path); !breakdownDirExists(dir) {
			return fmt.Errorf("写不了 %s：目录 %s 不存在，请先建好目录或换一个 -o", path, dir)
		}
		return fmt.Errorf("写不了 %s：%v（文件是否正在 Excel/WPS 里打开？关掉后再试）", path, err)
	}
	return nil
}
