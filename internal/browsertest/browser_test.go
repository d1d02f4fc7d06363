package browsertest

import (
	"bytes"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// page is a small portal-like page: Chinese text, a download, an upload form.
const page = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>填报入口</title></head>
<body style="font-family: sans-serif">
<h1 id="title">吴兴区 2023年第三季度 填报入口</h1>
<p id="state">状态：未报送</p>
<a id="template" href="/template">下载填报模板</a>
<form id="upload" method="post" action="/upload" enctype="multipart/form-data">
<input type="file" name="file" id="file"><button id="send">上传</button>
</form>
</body></html>`

// TestBrowserChineseDownloadUpload proves the harness before any tenglong page
// exists: Chromium starts (as root and as an ordinary user), draws Chinese with the
// CJK font rather than empty boxes, takes a full-page PNG, downloads a file with a
// Chinese name and uploads one through a form.
func TestBrowserChineseDownloadUpload(t *testing.T) {
	srv := startPageServer()
	defer srv.Close()

	b := Start(t)
	b.Do(chromedp.Navigate(srv.URL + "/"))
	if text := b.Text(); !strings.Contains(text, "吴兴区 2023年第三季度 填报入口") {
		t.Errorf("page text %q", text)
	}
	fonts := b.Fonts("#title")
	cjk := false
	for family := range fonts {
		if strings.Contains(family, "CJK") {
			cjk = true
		}
	}
	if !cjk {
		t.Errorf("the Chinese heading is drawn with %v, not a CJK font: a screenshot would show empty boxes", fonts)
	}
	shot := b.Screenshot("page")
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s is not a PNG: %v", shot, err)
	}
	if w := img.Bounds().Dx(); w != 1280 {
		t.Errorf("screenshot %d px wide, want the window's 1280", w)
	}

	got := b.Download(chromedp.Click(chromedp.CSS("#template")))
	if got.Name != "吴兴区-2023Q3.xlsx" || string(got.Data) != "模板内容" {
		t.Errorf("download %q %q, want 吴兴区-2023Q3.xlsx 模板内容", got.Name, got.Data)
	}

	file := filepath.Join(t.TempDir(), "吴兴区.xlsx")
	if err := os.WriteFile(file, []byte("填好的报表"), 0o644); err != nil {
		t.Fatal(err)
	}
	b.Do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{file}), chromedp.Click(chromedp.CSS("#send")))
	b.WaitText("已采用")
	if string(srv.uploaded) != "填好的报表" {
		t.Errorf("the server got %q", srv.uploaded)
	}
}

// pageServer serves page, its download and its upload, keeping what was uploaded.
type pageServer struct {
	*httptest.Server
	uploaded []byte
}

func startPageServer() *pageServer {
	ps := &pageServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	})
	mux.HandleFunc("GET /template", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape("吴兴区-2023Q3.xlsx"))
		io.WriteString(w, "模板内容")
	})
	mux.HandleFunc("POST /upload", func(w http.ResponseWriter, r *http.Request) {
		f, _, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ps.uploaded, _ = io.ReadAll(f)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body><p id="state">状态：已采用</p></body></html>`)
	})
	ps.Server = httptest.NewServer(mux)
	return ps
}

// TestScreenshotDir: TENGLONG_SCREENSHOTS names the folder, made when missing.
func TestScreenshotDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shots", "web")
	t.Setenv("TENGLONG_SCREENSHOTS", dir)
	if got := ScreenshotDir(t); got != dir {
		t.Errorf("ScreenshotDir = %s, want %s", got, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Errorf("%s not made: %v", dir, err)
	}
}
