//go:build !unix

package store

import "os"

// fileNode: no inode where the system gives none (Windows); size and time remain.
func fileNode(os.FileInfo) (ino, dev uint64) { return 0, 0 }
