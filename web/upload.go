package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"tenglong/intake"
	"tenglong/store"
)

// multipartMemory is what ParseMultipartForm may hold in memory for a small form
// (login, links); uploads are read with readUpload instead, never to temporary files.
const multipartMemory = 1 << 20

// uploadFile is one file of an upload, held in memory.
type uploadFile struct {
	name string
	data []byte
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "multipart/form-data"
}

// errTooLarge: the body passed the cap and was cut off; nothing of it was kept.
var errTooLarge = errors.New("upload too large")

// readUpload reads a multipart upload into memory, stopping at the server's cap (the
// rest is never read, nothing is written anywhere): its small fields, and every part
// of the field fileField ("file"; 上报上级's "template"). No temporary file is made, so a huge upload cannot fill the disk.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, fileField string) (map[string]string, []uploadFile, error) {
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxUpload)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errors.New("这不是文件上传表单：请在填报页面上选择文件后上传")
	}
	fields := map[string]string{}
	var files []uploadFile
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if tooLarge(err) {
			return nil, nil, errTooLarge
		}
		if err != nil {
			// A part's header the standard library refuses (a NUL or line break in the
			// file name, a cut-off form): the whole form, with nothing stored.
			s.logf("上传的表单无法解析（来自 %s）：%v", remote(r), err)
			return nil, nil, errors.New("上传的表单不完整，或文件名里有无法识别的字符：请把文件改个普通的名字后重新上传")
		}
		data, err := io.ReadAll(part)
		part.Close()
		if tooLarge(err) {
			return nil, nil, errTooLarge
		}
		if err != nil {
			return nil, nil, errors.New("上传中断（网络断开或浏览器取消了）：请重新上传")
		}
		switch name := part.FormName(); {
		case name == fileField && part.FileName() == "" && len(data) == 0:
			// A form sent with no file chosen (the browser's check is off: it speaks
			// the browser's language): no file, answered in the page's words.
		case name == fileField:
			files = append(files, uploadFile{name: cleanName(part.FileName()), data: data})
		case len(data) <= 4096:
			fields[name] = string(data)
		}
	}
	return fields, files, nil
}

// cleanName is an uploader's file name as shown and recorded: the last path element
// only, without control or invisible characters, at most 120 characters. It is never
// used as a path on this machine.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = path.Base("/" + name)
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ".")
	if r := []rune(name); len(r) > 120 {
		name = string(r[len(r)-120:])
	}
	if name == "" || name == "/" {
		name = "上传的文件.xlsx"
	}
	return name
}

// ingest takes uploaded files through the same pipeline as `tenglong ingest`: each
// file's bytes stored first, zip and .eml opened, each workbook judged and recorded in
// one transaction. It returns after the last submission is committed. link, when not
// nil, is the portal link the files came through.
func (s *Server) ingest(files []uploadFile, link *intake.Link, origin store.Origin) ([]intake.Report, error) {
	s.inflight.Add(1)
	defer s.inflight.Done()
	// At most a few uploads are opened at once (each parses with its own workers):
	// a township's thousand uploads at the deadline wait their turn instead of
	// holding a thousand workbooks in memory together.
	s.slots <- struct{}{}
	defer func() { <-s.slots }()
	var inputs []intake.Input
	for _, f := range files {
		ins, err := intake.UploadInputs(s.db, f.name, f.data)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, ins...)
	}
	now := s.cfg.Now()
	var reports []intake.Report
	err := intake.Files(s.db, inputs, s.cfg.Workers, func(p intake.Parsed) error {
		if p.OfficeCopy() {
			reports = append(reports, intake.Report{Path: p.Path(), Outcome: intake.OutcomeSkipped,
				Skipped: "这是办公室标注后退回的副本，原样没有改过：请在这份文件里改正标红的格子、保存后再上传"})
			return nil
		}
		if link != nil {
			p.ThroughLink(*link)
		}
		p.SetOrigin(origin)
		// Archiving and parsing run for many uploads at once; judging and recording one
		// at a time, so that each file is judged against what the one before recorded
		// (another unit's 统一社会信用代码, this unit's earlier return).
		s.writeMu.Lock()
		rep, err := intake.IngestOne(s.c, s.db, s.key, p, now)
		s.writeMu.Unlock()
		if err != nil {
			return err
		}
		reports = append(reports, rep)
		s.logf("收到 %s（%s，来自 %s）：%s %s %s", rep.Path, origin.Via, origin.Remote, rep.Unit, rep.Period, rep.Outcome)
		s.events.publish(event{Unit: rep.Unit, Period: rep.Period, Outcome: rep.Outcome})
		return nil
	})
	return reports, err
}

// writeJSON writes one JSON document.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}
