package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// Download is a file the browser saved.
type Download struct {
	// Name is the file name the browser suggested (from Content-Disposition or
	// the URL): what the clerk's download folder shows.
	Name string
	// Data is the file's content.
	Data []byte
}

// Download runs the trigger (a click on a download link or button) and waits until
// the browser has saved the file it starts, as a clerk's browser would.
func (b *Browser) Download(trigger chromedp.Action[chromedp.Void]) Download {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, StepTimeout)
	defer cancel()
	begins := chromedp.Events(ctx, browser.DownloadWillBegin)
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			events := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior:      browser.SetDownloadBehaviorBehaviorAllowAndName,
				DownloadPath:  b.downloads,
				EventsEnabled: &events,
			})
			return err
		}),
		trigger,
	); err != nil {
		b.failed(err)
	}
	var guid, name string
	for ev, err := range begins {
		if err != nil {
			b.failed(err)
		}
		guid, name = ev.GUID, ev.SuggestedFilename
		break
	}
	for ev, err := range progress {
		if err != nil {
			b.failed(err)
		}
		if ev.GUID != guid {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			b.t.Fatalf("the browser cancelled the download of %s", name)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	path := filepath.Join(b.downloads, guid)
	// The completed event can come a moment before the file has its final name.
	var data []byte
	var err error
	for range 50 {
		if data, err = os.ReadFile(path); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		b.t.Fatalf("the browser reported %s downloaded, but: %v", name, err)
	}
	return Download{Name: name, Data: data}
}
