package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"tenglong/intake"
	"tenglong/internal/fileout"
)

const returnDirNote = "本文件夹存放 tenglong ingest --return-dir 标注后退回各单位的文件。\n" +
	"回收时 tenglong 会跳过本文件夹；单位改好后报回的文件请放到回收文件夹里再导入。\n"

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
	data, err := r.MarkedUp()
	if err != nil {
		rd.failures = append(rd.failures, fmt.Sprintf("%s：标注失败（%v）", r.Path, err))
		return
	}
	path := filepath.Join(rd.dir, rd.name(r.Path))
	if err := writeFileAtomic(path, data); err != nil {
		rd.failures = append(rd.failures, writeError(path, err).Error())
	}
}

// name is intake.MarkedUpName's first name for source not yet used in this run. Two
// rejected files with the same name (from different folders, or a zip and a mail) get
// -2, -3, … in the order they were ingested, so neither copy overwrites the other.
func (rd *returnDir) name(source string) string {
	for n := 1; ; n++ {
		name := intake.MarkedUpName(source, n)
		if key := strings.ToLower(name); !rd.used[key] {
			rd.used[key] = true
			return name
		}
	}
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
