package fileout

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
)

// tempFile is what WriteFile writes through: an *os.File, or a failing one in
// tests (a full disk midway is hard to get on a test machine).
type tempFile interface {
	io.Writer
	Name() string
	Sync() error
	Close() error
}

// createTemp makes the temporary file next to the target; tests replace it.
var createTemp = func(dir, pattern string) (tempFile, error) { return os.CreateTemp(dir, pattern) }

// errReadOnlyFile: the file to replace is marked read-only.
var errReadOnlyFile = errors.New("file is read-only")

// WriteFile replaces path with data in one step: the bytes go to a temporary
// file in the same directory, are flushed to disk, and the file is renamed over path.
// Whatever fails midway (a full disk, a size limit, a kill), path is either the old
// file, untouched, or the new one, complete — never a truncated 汇总表 where a good one
// was — and the temporary file is removed. The temporary name starts with a dot, so a
// leftover from a power cut is skipped by ingest's folder walk.
func WriteFile(path string, data []byte) error {
	return WriteFileFrom(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFileFrom is WriteFile for a file made piece by piece (a bulletin of 9,000
// pages, the 汇总表 of 5,000 units), so it is never held in memory whole: write writes
// it to the temporary file, through a buffer, and path is replaced only when write
// returns nil. An error write returns is returned as it is.
func WriteFileFrom(path string, write func(io.Writer) error) (err error) {
	// Write through a symbolic link to where it points, as os.WriteFile would, rather
	// than replacing the link with a file.
	if target, lerr := filepath.EvalSymlinks(path); lerr == nil {
		path = target
	}
	mode := fs.FileMode(0o644)
	if info, serr := os.Stat(path); serr == nil {
		if info.IsDir() {
			return &fs.PathError{Op: "write", Path: path, Err: syscall.EISDIR}
		}
		mode = info.Mode().Perm() // keep the permissions of the file it replaces
		// A rename would replace even a file its owner made read-only to keep it,
		// which writing in place never did.
		if mode&0o200 == 0 {
			return &fs.PathError{Op: "write", Path: path, Err: errReadOnlyFile}
		}
	}
	// A short fixed pattern: the target's own name may already be near the 255-byte limit.
	f, err := createTemp(filepath.Dir(path), ".tenglong-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	b := bufio.NewWriterSize(f, 256<<10)
	if err = write(b); err != nil {
		return err
	}
	if err = b.Flush(); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp, mode); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// syncDir flushes a directory so that a rename survives a power cut; best effort (not
// every file system or OS lets a directory be synced).
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Write writes a finished file atomically, saying in Chinese what went wrong
// and what to do when it cannot.
func Write(path string, data []byte) error {
	if err := WriteFile(path, data); err != nil {
		return Explain(path, err)
	}
	return nil
}

// Stream is Write for a file made piece by piece (WriteFileFrom). The file's own
// errors (a full disk midway) are explained as Write explains them, whatever write
// made of them; so is a full disk write reports of its own (the 汇总表 lays its rows
// out in a temporary file first: a full temporary folder leaves the old file as it
// was, as a full disk under the file does). write's other errors are returned as
// they are.
func Stream(path string, write func(io.Writer) error) error {
	var file fileErr
	var made error
	err := WriteFileFrom(path, func(w io.Writer) error {
		file.w = w
		made = write(&file)
		return made
	})
	switch {
	case err == nil:
		return nil
	case file.err != nil:
		return Explain(path, file.err)
	case made != nil && !DiskFull(made):
		return made
	}
	return Explain(path, err)
}

// fileErr passes writes on and keeps the first error they returned.
type fileErr struct {
	w   io.Writer
	err error
}

func (f *fileErr) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// Explain words a failed write of path for the person running tenglong: the cause
// they can act on, and that a file already there was left as it was.
func Explain(path string, err error) error {
	dir := filepath.Dir(path)
	kept := ""
	if info, serr := os.Stat(path); serr == nil && !info.IsDir() {
		kept = "，原有的文件没有改动"
	}
	switch {
	case errors.Is(err, errReadOnlyFile):
		return fmt.Errorf("写不了 %s：这个文件是只读的（文件属性里设了“只读”），没有改动它。请取消只读，或换一个文件名", path)
	case fileInUse(err):
		return fmt.Errorf("写不了 %s：文件正被其他程序占用%s。请先在 Excel/WPS 中关闭该文件，再重试", path, kept)
	case DiskFull(err):
		return fmt.Errorf("写不了 %s：磁盘空间不足（或超过了文件大小限制）%s。请清理磁盘空间或换一个位置后重试", path, kept)
	case errors.Is(err, syscall.EISDIR):
		return fmt.Errorf("写不了 %s：这是一个文件夹，请在 -o 里写上文件名", path)
	case errors.Is(err, syscall.ENOTDIR):
		return fmt.Errorf("写不了 %s：路径里的 %s 不是文件夹，请换一个 -o", path, nonDirParent(dir))
	case errors.Is(err, fs.ErrNotExist) && !dirExists(dir):
		return fmt.Errorf("写不了 %s：目录 %s 不存在，请先建好目录或换一个 -o", path, dir)
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("写不了 %s：目录 %s 在只读的盘上%s。请换一个可写的位置", path, dir, kept)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("写不了 %s：没有写入目录 %s 的权限%s。请换一个有写权限的位置，或请管理员开放权限", path, dir, kept)
	case errors.Is(err, syscall.ENAMETOOLONG):
		return fmt.Errorf("写不了 %s：文件名太长，请换一个短一些的名字", path)
	}
	return fmt.Errorf("写不了 %s：%v%s", path, err, kept)
}

// fileInUse reports whether a write failed because another program holds the file
// open — Excel or WPS lock a workbook they show. Only Windows refuses that (a sharing
// or lock violation, or access denied on replacing it); Linux lets the write through,
// so there the hint would always be wrong.
func fileInUse(err error) bool {
	if runtime.GOOS != "windows" {
		return false
	}
	const (
		errorAccessDenied     = 5
		errorSharingViolation = 32
		errorLockViolation    = 33
	)
	var le *os.LinkError // only a rename over the open file says access denied for that reason
	return isErrno(err, errorSharingViolation) || isErrno(err, errorLockViolation) ||
		(errors.As(err, &le) && isErrno(err, errorAccessDenied))
}

// DiskFull reports whether a write was refused for space: no space left, over a quota, or over
// the process's file size limit (which tests use to stand in for a full disk).
func DiskFull(err error) bool {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) {
		return true
	}
	switch runtime.GOOS {
	case "linux":
		return isErrno(err, 122) // EDQUOT
	case "windows":
		return isErrno(err, 112) || isErrno(err, 39) // ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL
	}
	return false
}

func isErrno(err error, n uintptr) bool {
	var e syscall.Errno
	return errors.As(err, &e) && uintptr(e) == n
}

func dirExists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

// nonDirParent is the first part of dir that exists and is not a folder.
func nonDirParent(dir string) string {
	for p := dir; ; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
		if parent := filepath.Dir(p); parent == p {
			return dir
		}
	}
}

// SafeName replaces the characters Windows does not allow in file names (and control
// characters) with _, for names made from unit names or senders' file names.
func SafeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) || r < 32 {
			return '_'
		}
		return r
	}, s)
}
