//go:build unix

package store

import (
	"os"
	"syscall"
)

// fileNode is the file's inode and device: a file copied or restored over the
// database is another inode even with the same size and time.
func fileNode(info os.FileInfo) (ino, dev uint64) {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino), uint64(st.Dev)
	}
	return 0, 0
}
