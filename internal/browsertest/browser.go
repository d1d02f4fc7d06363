package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"tenglong/internal/testtool"
)

// StepTimeout bounds one step of a test in the browser (a navigation, a click and
// what it waits for). Generous: four engineers' tests share two cores.
const StepTimeout = 60 * time.Second

// Browser is one headless Chromium with one tab, closed when the test ends.
type Browser struct {
	t         testing.TB
	tab       context.Context
	shots     string
	downloads string

	mu         sync.Mutex
	exceptions []string
}

// Start starts Chromium for the test. As root it passes --no-sandbox: Chromium
// refuses to run its sandbox as root. As an ordinary user the sandbox stays on.
func Start(t testing.TB) *Browser {
	t.Helper()
	exe := testtool.Chromium(t)
	dir := t.TempDir() // removed after the browser has exited (cleanups run last first)
	profile := filepath.Join(dir, "profile")
	downloads := filepath.Join(dir, "downloads")
	if err := os.MkdirAll(downloads, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
		// The pages are for Chinese readers: a Chinese browser asks for Chinese
		// and lays out with the CJK fonts first.
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.Env("LANG=zh_CN.UTF-8", "LANGUAGE=zh_CN:zh", "TZ=Asia/Shanghai"),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	b := &Browser{t: t, tab: tab, shots: ScreenshotDir(t), downloads: downloads}
	start, cancel := context.WithTimeout(context.Background(), StepTimeout)
	defer cancel()
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(tab) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("chromium %s did not start: %v", exe, err)
		}
	case <-start.Done():
		t.Fatalf("chromium %s did not start within %s", exe, StepTimeout)
	}
	// An uncaught exception in a page's script is a bug even when the page looks
	// right: the test fails at the end with the message.
	go func() {
		for ev, err := range chromedp.Events(tab, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				msg = d.Exception.Description
			}
			b.mu.Lock()
			b.exceptions = append(b.exceptions, fmt.Sprintf("%s:%d: %s", d.URL, d.LineNumber, msg))
			b.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, e := range b.exceptions {
			t.Errorf("script error in the page: %s", e)
		}
	})
	return b
}

// Context is the tab's context, for chromedp calls the helpers do not cover.
func (b *Browser) Context() context.Context { return b.tab }

// Do runs the steps in the tab within StepTimeout and fails the test (with a
// screenshot of where it stopped) when one fails.
func (b *Browser) Do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, StepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.failed(err)
	}
}

// Run runs one action that returns a value, as Do does.
func Run[T any](b *Browser, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, StepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.failed(err)
	}
	return v
}

// failed ends the test with the error, the page's URL and a screenshot.
func (b *Browser) failed(err error) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, 10*time.Second)
	defer cancel()
	url, _ := chromedp.Run(ctx, chromedp.Location())
	text, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	shot := ""
	if png, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
		shot = b.save("failed", png)
	}
	b.t.Fatalf("in the browser at %s: %v\nscreenshot: %s\npage text:\n%s", url, err, shot, text)
}

// Text is the text the page shows (document.body.innerText).
func (b *Browser) Text() string {
	b.t.Helper()
	return Run(b, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
}

// WaitText waits until the page's text contains want (live pages change without a
// reload) and fails the test with the text it last saw when it does not.
func (b *Browser) WaitText(want string) {
	b.t.Helper()
	deadline := time.Now().Add(StepTimeout)
	var text string
	for time.Now().Before(deadline) {
		text = b.Text()
		if strings.Contains(text, want) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.failed(fmt.Errorf("the page did not show %q within %s", want, StepTimeout))
}

// unsafeName keeps screenshot file names to letters, digits, dots and dashes.
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9.-]+`)

// Screenshot saves a full-page PNG of the tab as NAME.png (prefixed with the test's
// name) and returns its path.
func (b *Browser) Screenshot(name string) string {
	b.t.Helper()
	png := Run(b, chromedp.FullScreenshot(100))
	return b.save(name, png)
}

func (b *Browser) save(name string, png []byte) string {
	b.t.Helper()
	file := unsafeName.ReplaceAllString(b.t.Name()+"-"+name, "_") + ".png"
	path := filepath.Join(b.shots, file)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", path)
	return path
}

// ScreenshotDir is where screenshots go: $TENGLONG_SCREENSHOTS (created if need be),
// or a temporary folder of the test.
func ScreenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("TENGLONG_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("TENGLONG_SCREENSHOTS=%s: %v", dir, err)
	}
	return dir
}

// NewTab opens a second tab in the same browser (the office's console beside a
// unit's portal); it closes when the test ends.
func (b *Browser) NewTab() *Browser {
	b.t.Helper()
	tab, cancel := chromedp.NewContext(b.tab)
	b.t.Cleanup(cancel)
	nb := &Browser{t: b.t, tab: tab, shots: b.shots, downloads: b.downloads}
	// Opened with the tab's own context: the first Do binds the tab's life to the
	// context it is given, so a timeout here would close the tab when it ends.
	if err := chromedp.Do(tab); err != nil {
		b.t.Fatalf("chromium opened no second tab: %v", err)
	}
	return nb
}
