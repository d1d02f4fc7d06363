package web

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// LockFileName is the file in a workspace that `tenglong serve` holds locked while it
// runs. The operating system drops the lock when the process ends in any way (also
// kill -9 or a power cut), so a lock left by a dead server is never in the way.
const LockFileName = ".tenglong-serve.lock"

// Lock is a running server's hold on its workspace.
type Lock struct {
	f *os.File
}

// ErrLocked: another tenglong serve runs on the workspace.
var ErrLocked = errors.New("这个工作目录已经有一个 tenglong serve 在运行")

// LockWorkspace takes the workspace for this process, or says which process has it:
// an error wrapping ErrLocked, in Chinese, naming its pid and address.
func LockWorkspace(dir string) (*Lock, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("建不了锁文件 %s：%v", path, err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "刚刚启动"
		}
		return nil, fmt.Errorf("%w（%s）：请直接用浏览器打开它，或先把它关掉（在它的窗口按 Ctrl-C）再启动", ErrLocked, who)
	}
	return &Lock{f: f}, nil
}

// Describe writes who holds the lock — pid and address — for a second server to name.
func (l *Lock) Describe(address string) error {
	text := fmt.Sprintf("进程 %d，地址 %s\n", os.Getpid(), address)
	if err := l.f.Truncate(0); err != nil {
		return err
	}
	_, err := l.f.WriteAt([]byte(text), 0)
	return err
}

// Release gives the workspace up.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.f.Truncate(0)
	unlockFile(l.f)
	err := l.f.Close()
	l.f = nil
	return err
}
