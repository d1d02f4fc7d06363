package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unicode/utf8"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/internal/fileout"
	"tenglong/workbook"
)

const returnDirNote = "本文件夹存放 tenglong ingest --return-dir 标注后退回各单位的文件。\n" +
	"回收时 tenglong 会跳过本文件夹；单位改好后报回的文件请放到回收文件夹里再导入。\n"

// maxNameBytes is the longest file name most file systems take (ext4, NTFS in UTF-16
// units, which a UTF-8 byte count never undercounts).
const maxNameBytes = 255

// returnDir writes the marked-up copies of rejected returns for --return-dir. Nothing
// about it stops the batch: every file is still ingested and reported, and what could
// not be written is said once at the end.
type returnDir struct {
	env      *Env
	dir      string
	broken   error           // the folder could not be made or written: no copies at all
	skipped  int             // rejected files left without a copy because of broken
	used     map[string]bool // names written in this run, folded for case-blind file systems
	failures []string        // one line per copy that could not be made
}

// openReturnDir prepares the folder. The folder being ingested itself is refused (its
// copies would be the next batch's input); a folder that cannot be made or written is
// not an error: the batch goes on and report says why no copies were written.
func openReturnDir(env *Env, dir string, inputs []string) (*returnDir, error) {
	for _, in := range inputs {
		if sameFile(dir, in) {
			return nil, usageErrorf("--return-dir %s 就是要回收的文件夹：退回的标注副本会和报回的文件混在一起。请换一个文件夹，如 %s",
				dir, filepath.Join(in, "退回"))
		}
	}
	rd := &returnDir{env: env, dir: dir, used: map[string]bool{}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		rd.broken = err
		return rd, nil
	}
	marker := filepath.Join(dir, intake.ReturnDirMarker)
	if _, err := os.Stat(marker); err != nil {
		if err := writeFileAtomic(marker, []byte(returnDirNote)); err != nil {
			rd.broken = err
		}
	}
	return rd, nil
}

// sameFile reports whether two paths name the same existing file or folder.
func sameFile(a, b string) bool {
	ia, err := os.Stat(a)
	if err != nil {
		return false
	}
	ib, err := os.Stat(b)
	return err == nil && os.SameFile(ia, ib)
}

// write marks up a rejected file and writes it into the folder under a name of its own.
func (rd *returnDir) write(r intake.Report) {
	if rd.broken != nil {
		rd.skipped++
		return
	}
	var marks []workbook.Mark
	for _, f := range r.Issues {
		marks = append(marks, workbook.Mark{Sheet: f.Sheet, Cell: f.Cell, Severity: f.Severity, Code: f.Code, Message: f.Message})
	}
	data, err := workbook.MarkUp(r.Data, issuesTitle(r.UnitName, r.Period), marks)
	if err != nil {
		rd.failures = append(rd.failures, fmt.Sprintf("%s：标注失败（%v）", r.Path, err))
		return
	}
	path := filepath.Join(rd.dir, rd.name(r.Path))
	if err := writeFileAtomic(path, data); err != nil {
		rd.failures = append(rd.failures, writeError(path, err).Error())
	}
}

// name is "<original name>-退回修改.xlsx", cut to fit the file system's limit. Two
// rejected files with the same name (from different folders, or a zip and a mail) get
// -2, -3, … in the order they were ingested, so neither copy overwrites the other.
func (rd *returnDir) name(source string) string {
	stem := strings.TrimSuffix(filepath.Base(source), filepath.Ext(source))
	// Names from zips and mails are the sender's: make them valid, and not hidden
	// (a leading dot would hide the copy and make ingest skip it).
	stem = strings.TrimLeft(safeFileName(stem), ". ")
	if stem == "" {
		stem = "报送文件"
	}
	for n := 1; ; n++ {
		suffix := "-退回修改.xlsx"
		if n > 1 {
			suffix = fmt.Sprintf("-退回修改-%d.xlsx", n)
		}
		name := truncateUTF8(stem, maxNameBytes-len(suffix)) + suffix
		if key := strings.ToLower(name); !rd.used[key] {
			rd.used[key] = true
			return name
		}
	}
}

// truncateUTF8 cuts s to at most n bytes on a character boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimRight(s[:n], ". ")
}

// report says, after the batch, which rejected files have no marked-up copy and why.
func (rd *returnDir) report() {
	if rd == nil {
		return
	}
	w := rd.env.Stderr
	switch {
	case rd.broken != nil && rd.skipped > 0:
		fmt.Fprintf(w, "警告：退回文件夹 %s 建不了或写不进（%v）：本批文件已照常回收入库，但 %d 个被退回的文件没有生成标注副本，各文件的问题已在本次输出中列出；要标注副本，请换一个有写权限的 --return-dir。\n",
			rd.dir, fsCause(rd.broken), rd.skipped)
	case rd.broken != nil:
		fmt.Fprintf(w, "警告：退回文件夹 %s 建不了或写不进（%v）；本批没有被退回的文件，不受影响。下次请换一个有写权限的 --return-dir。\n",
			rd.dir, fsCause(rd.broken))
	}
	if len(rd.failures) > 0 {
		fmt.Fprintf(w, "警告：%d 个被退回的文件没有生成标注副本（这些文件已照常回收入库，各文件的问题已在本次输出中列出）：\n", len(rd.failures))
		for _, f := range rd.failures {
			fmt.Fprintf(w, "    %s\n", f)
		}
	}
}

// fsCause is why a folder could not be made or written, in the office's words.
func fsCause(err error) string {
	switch {
	case errors.Is(err, syscall.EROFS):
		return "在只读的盘上"
	case errors.Is(err, fs.ErrPermission):
		return "没有写权限"
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, fs.ErrExist):
		return "路径里有同名的文件，不是文件夹"
	case fileout.DiskFull(err):
		return "磁盘空间不足"
	}
	return err.Error()
}

// issuesTitle heads a marked-up copy's 问题清单: the unit and the period as every
// document prints it (2023年第三季度, not 2023Q3).
func issuesTitle(unit, period string) string {
	if p, err := campaign.ParsePeriod(period); err == nil {
		period = p.Label()
	}
	return fmt.Sprintf("%s %s 报送问题清单", unit, period)
}
