package fileout

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// failingFile passes the first n bytes to a real temporary file, then fails as a
// full disk does; or fails at Sync.
type failingFile struct {
	*os.File
	n        int
	failSync bool
}

func (f *failingFile) Write(p []byte) (int, error) {
	if len(p) > f.n {
		w, _ := f.File.Write(p[:f.n])
		f.n = 0
		return w, &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
	}
	f.n -= len(p)
	return f.File.Write(p)
}

func (f *failingFile) Sync() error {
	if f.failSync {
		return &os.PathError{Op: "sync", Path: f.Name(), Err: syscall.EIO}
	}
	return f.File.Sync()
}

func TestWriteFile(t *testing.T) {
	good := []byte(strings.Repeat("好的汇总表", 100))
	next := []byte(strings.Repeat("新的汇总表", 200))
	for _, tc := range []struct {
		name     string
		inject   func(*os.File) tempFile // nil: no failure
		existing bool
		want     []byte
		message  string // part of Write's message; "" when it succeeds
	}{
		{name: "new file", want: next},
		{name: "replaces", existing: true, want: next},
		{name: "disk full midway", existing: true, want: good, message: "磁盘空间不足（或超过了文件大小限制），原有的文件没有改动",
			inject: func(f *os.File) tempFile { return &failingFile{File: f, n: 100} }},
		{name: "disk full, no file before", want: nil, message: "磁盘空间不足",
			inject: func(f *os.File) tempFile { return &failingFile{File: f, n: 0} }},
		{name: "sync fails", existing: true, want: good, message: "原有的文件没有改动",
			inject: func(f *os.File) tempFile { return &failingFile{File: f, n: 1 << 20, failSync: true} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "汇总表.xlsx")
			if tc.existing {
				os.WriteFile(path, good, 0o640)
			}
			if tc.inject != nil {
				saved := createTemp
				createTemp = func(dir, pattern string) (tempFile, error) {
					f, err := os.CreateTemp(dir, pattern)
					if err != nil {
						return nil, err
					}
					return tc.inject(f), nil
				}
				defer func() { createTemp = saved }()
			}
			err := Write(path, next)
			if (err != nil) != (tc.message != "") || (err != nil && !strings.Contains(err.Error(), tc.message)) {
				t.Fatalf("error %v, want one saying %q", err, tc.message)
			}
			if err != nil && strings.Contains(err.Error(), "Excel") {
				t.Errorf("%v: the Excel/WPS hint is never the cause on Linux", err)
			}
			got, rerr := os.ReadFile(path)
			if tc.want == nil {
				if !errors.Is(rerr, os.ErrNotExist) {
					t.Errorf("a failed first write left %s (%d bytes)", path, len(got))
				}
			} else if string(got) != string(tc.want) {
				t.Errorf("%s holds %d bytes, want %d", path, len(got), len(tc.want))
			}
			entries, _ := os.ReadDir(dir)
			if want := map[bool]int{true: 1, false: 0}[tc.want != nil]; len(entries) != want {
				t.Errorf("folder holds %d entries, want %d (a temporary file left?)", len(entries), want)
			}
			if tc.existing && err == nil {
				if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
					t.Errorf("mode %v, want the replaced file's 0640", info.Mode().Perm())
				}
			}
		})
	}
}

func TestExplain(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	readOnly := filepath.Join(dir, "只读.xlsx")
	os.WriteFile(readOnly, []byte("kept"), 0o444)
	for _, tc := range []struct {
		path, want string
	}{
		{filepath.Join(dir, "missing", "x.xlsx"), "目录 " + filepath.Join(dir, "missing") + " 不存在"},
		{filepath.Join(file, "x.xlsx"), "路径里的 " + file + " 不是文件夹"},
		{dir, "这是一个文件夹"},
		{readOnly, "这个文件是只读的"},
	} {
		err := Write(tc.path, []byte("data"))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "Excel") {
			t.Errorf("Write(%s): %v, want %q", tc.path, err, tc.want)
		}
	}
	if data, _ := os.ReadFile(readOnly); string(data) != "kept" {
		t.Errorf("a read-only file was replaced: %q", data)
	}
	if fileInUse(&os.PathError{Op: "open", Path: "x", Err: syscall.Errno(32)}) {
		t.Error("errno 32 (EPIPE on Linux) taken for a Windows sharing violation")
	}
}

// TestStream: a file made piece by piece replaces the old one only when whole; the
// file's own errors and a full disk the maker met (its own temporary file: the
// 汇总表's spooled rows) are explained as Write's, in the same words; the maker's other
// errors are returned as they are.
func TestStream(t *testing.T) {
	good := []byte(strings.Repeat("好的通报", 100))
	pages := func(w io.Writer) error {
		for i := 0; i < 1000; i++ {
			if _, err := io.WriteString(w, "第一页的内容\n"); err != nil {
				return fmt.Errorf("生成 PDF：%w", err)
			}
		}
		return nil
	}
	layoutFailed := errors.New("生成通报：版式出错")
	for _, tc := range []struct {
		name    string
		write   func(io.Writer) error
		diskN   int // bytes the disk takes before it is full; 0: no limit
		message string
		whole   bool // the file holds what write wrote
	}{
		{name: "written", write: pages, whole: true},
		{name: "disk full midway", write: pages, diskN: 100, message: "写不了 %s：磁盘空间不足（或超过了文件大小限制），原有的文件没有改动。请清理磁盘空间或换一个位置后重试"},
		{name: "disk full at the end", write: func(w io.Writer) error { _, err := io.WriteString(w, "短"); return err },
			diskN: 1, message: "磁盘空间不足"},
		{name: "the maker fails", write: func(w io.Writer) error { io.WriteString(w, "半页"); return layoutFailed },
			message: layoutFailed.Error()},
		{name: "the maker's temporary file is full", write: func(w io.Writer) error {
			io.WriteString(w, "半页")
			return fmt.Errorf("临时文件夹写不下：%w", &os.PathError{Op: "write", Path: "/tmp/spool", Err: syscall.ENOSPC})
		}, message: "写不了 %s：磁盘空间不足（或超过了文件大小限制），原有的文件没有改动。请清理磁盘空间或换一个位置后重试"},
		{name: "the maker is over the size limit", write: func(w io.Writer) error {
			return fmt.Errorf("生成汇总表：%w", &os.PathError{Op: "write", Path: "/tmp/spool", Err: syscall.EFBIG})
		}, message: "写不了 %s：磁盘空间不足（或超过了文件大小限制），原有的文件没有改动。请清理磁盘空间或换一个位置后重试"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "通报.pdf")
			os.WriteFile(path, good, 0o640)
			if tc.diskN > 0 {
				saved := createTemp
				createTemp = func(dir, pattern string) (tempFile, error) {
					f, err := os.CreateTemp(dir, pattern)
					if err != nil {
						return nil, err
					}
					return &failingFile{File: f, n: tc.diskN}, nil
				}
				defer func() { createTemp = saved }()
			}
			err := Stream(path, tc.write)
			if strings.Contains(tc.message, "%s") {
				tc.message = fmt.Sprintf(tc.message, path)
			}
			if (err != nil) != (tc.message != "") || (err != nil && !strings.Contains(err.Error(), tc.message)) {
				t.Fatalf("error %v, want one saying %q", err, tc.message)
			}
			if errors.Is(err, layoutFailed) && err != layoutFailed {
				t.Errorf("the maker's error came back reworded: %v", err)
			}
			got, _ := os.ReadFile(path)
			var want bytes.Buffer
			if tc.whole {
				tc.write(&want)
			} else {
				want.Write(good)
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("%s holds %d bytes, want %d", path, len(got), want.Len())
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d entries, want 1 (a temporary file left?)", len(entries))
			}
		})
	}
}

// WriteFileFrom streams into the new file; a fill that fails midway returns its own
// error and leaves the old file and no temporary one.
func TestWriteFileFrom(t *testing.T) {
	good := []byte("好的汇总表")
	broken := errors.New("生成到一半出错")
	for _, tc := range []struct {
		name string
		fill func(w io.Writer) error
		want []byte
		err  error
	}{
		{"written in pieces", func(w io.Writer) error {
			for i := 0; i < 3; i++ {
				if _, err := io.WriteString(w, "新的"); err != nil {
					return err
				}
			}
			return nil
		}, []byte("新的新的新的"), nil},
		{"fill fails midway", func(w io.Writer) error {
			io.WriteString(w, "半截")
			return broken
		}, good, broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "汇总表.xlsx")
			os.WriteFile(path, good, 0o644)
			if err := WriteFileFrom(path, tc.fill); err != tc.err {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			if got, _ := os.ReadFile(path); string(got) != string(tc.want) {
				t.Errorf("file holds %q, want %q", got, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("folder holds %d entries, want the file alone", len(entries))
			}
		})
	}
}
