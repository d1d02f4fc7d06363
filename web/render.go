package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"sync"
)

//go:embed pages
var pageFiles embed.FS

// page is what every page template gets: its title, the form token, a message, the
// office navigation when Office, and the page's own Data.
type page struct {
	Title   string
	CSRF    string
	Message string
	Office  bool
	Data    any
}

var (
	pagesOnce sync.Once
	pagesSet  map[string]*template.Template
	pagesErr  error
)

// pageNames are the pages, each pages/NAME.html defining "content" inside layout.html.
var pageNames = []string{"login", "portal", "result", "board", "unit", "upload", "links", "run", "runjob", "message"}

var pageFuncs = template.FuncMap{
	"severity": func(s string) string {
		if s == "error" {
			return "错误"
		}
		return "提醒"
	},
}

// pageTemplates parses the embedded pages once.
func pageTemplates() (map[string]*template.Template, error) {
	pagesOnce.Do(func() {
		base, err := template.New("layout.html").Funcs(pageFuncs).ParseFS(pageFiles, "pages/layout.html")
		if err != nil {
			pagesErr = err
			return
		}
		pagesSet = map[string]*template.Template{}
		for _, name := range pageNames {
			t, err := template.Must(base.Clone()).ParseFS(pageFiles, "pages/"+name+".html")
			if err != nil {
				pagesErr = err
				return
			}
			pagesSet[name] = t
		}
	})
	return pagesSet, pagesErr
}

// render writes a page; rendering into a buffer first, so a template error is a 500
// and never half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, p page) {
	set, err := pageTemplates()
	if err != nil {
		http.Error(w, "页面模板有误", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := set[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.logf("页面 %s 出错：%v", name, err)
		http.Error(w, "页面出错，请稍后再试", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// message is a page with a title and one message: errors and refusals.
func (s *Server) message(w http.ResponseWriter, status int, title, text string, office bool) {
	s.render(w, status, "message", page{Title: title, Message: text, Office: office})
}

// notFound says nothing about why: a wrong, revoked, re-issued or another period's
// token all look the same.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.message(w, http.StatusNotFound, "页面不存在", "没有这个页面。若是单位填报链接，请向办公室索取本期的新链接。", false)
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.logf("拒绝了一个没有表单令牌的提交：%s %s（来自 %s）", r.Method, r.URL.Path, remote(r))
	s.message(w, http.StatusForbidden, "提交被拒绝", "这次提交没有带本页的表单令牌（可能来自其他网站，或页面已过期）：请刷新页面后重新操作。", false)
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.logf("处理 %s %s 出错：%v", r.Method, r.URL.Path, err)
	s.message(w, http.StatusInternalServerError, "服务器出错", "服务器处理时出错，请稍后再试；如一直出错，请联系办公室。", false)
}

func (s *Server) tooLargePage(w http.ResponseWriter, r *http.Request) {
	s.logf("上传过大被截断：%s（来自 %s）", r.URL.Path, remote(r))
	text := "文件太大，超过 " + sizeText(s.cfg.MaxUpload) + " 的上限，没有接收：请确认上传的是填报模板本身（.xlsx）。"
	if wantsJSON(r) {
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"outcome": "too-large", "message": text})
		return
	}
	s.message(w, http.StatusRequestEntityTooLarge, "文件太大", text, false)
}

// sizeText is a byte count for a clerk.
func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", n>>10)
}

// renderPart writes one named template of a page without the layout: a fragment that
// a page's script puts in place.
func (s *Server) renderPart(w http.ResponseWriter, name, part string, data any) {
	set, err := pageTemplates()
	if err != nil {
		http.Error(w, "页面模板有误", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := set[name].ExecuteTemplate(&buf, part, data); err != nil {
		s.logf("页面 %s 出错：%v", name, err)
		http.Error(w, "页面出错，请稍后再试", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
