package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"tenglong/campaign"
	"tenglong/store"
)

// linksData is the office's page of portal links.
type linksData struct {
	Period  string
	Label   string
	Periods []periodOption
	Links   []Link
	Changed string // the unit just revoked or re-issued
}

// publicBase is where the units reach the server: --public-url, else this request's host.
func (s *Server) publicBase(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimRight(s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) linksPage(w http.ResponseWriter, r *http.Request, sess session) {
	p, ok := s.period(r)
	if !ok {
		s.notFound(w, r)
		return
	}
	s.renderLinks(w, r, sess, p, "")
}

func (s *Server) renderLinks(w http.ResponseWriter, r *http.Request, sess session, p campaign.Period, message string) {
	links, err := Links(s.c, s.db, p, s.publicBase(r))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &linksData{Period: p.String(), Label: p.Label(), Links: links}
	for _, x := range s.c.Span.Periods(s.c.Cadence) {
		d.Periods = append(d.Periods, periodOption{Value: x.String(), Label: x.Label(), Selected: x == p})
	}
	s.render(w, http.StatusOK, "links", page{Title: p.Label() + " 填报链接", CSRF: sess.csrf, Office: true, Message: message, Data: d})
}

func (s *Server) linkRevoke(w http.ResponseWriter, r *http.Request, sess session) {
	s.changeLink(w, r, sess, s.db.RevokePortalLink, "已停用%s的链接：旧链接不再能打开；需要时点“重新生成”给它一个新链接。")
}

func (s *Server) linkReissue(w http.ResponseWriter, r *http.Request, sess session) {
	s.changeLink(w, r, sess, s.db.ReissuePortalLink, "已为%s重新生成链接：旧链接不再能打开，请把新链接发给该单位。")
}

func (s *Server) changeLink(w http.ResponseWriter, r *http.Request, sess session,
	change func(campaign, period, unit string) (store.PortalLink, error), done string) {
	u, ok := s.c.Unit(r.PathValue("unit"))
	p, okp := s.c.ReportingPeriod(r.PostFormValue("period"))
	if !ok || okp != nil {
		s.notFound(w, r)
		return
	}
	if _, err := change(s.c.ID, p.String(), u.Code); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.tokens.invalidate()
	s.logf("%s（来自 %s）", strings.Replace(done, "%s", u.Name, 1), remote(r))
	s.renderLinks(w, r, sess, p, strings.Replace(done, "%s", u.Name, 1))
}

func (s *Server) officeUploadPage(w http.ResponseWriter, r *http.Request, sess session) {
	s.render(w, http.StatusOK, "upload", page{Title: "代单位上传报送文件", CSRF: sess.csrf, Office: true})
}

// officeUpload takes returns that reached the office another way (files, zip, .eml),
// with the same results as ingest. Its CSRF token is checked after the form is read
// (office() leaves multipart forms to the handler: the token is a field of the form).
func (s *Server) officeUpload(w http.ResponseWriter, r *http.Request, sess session) {
	fields, files, ok := s.readUploadOrAnswer(w, r, "file")
	if !ok {
		return
	}
	if r.Header.Get("X-CSRF-Token") == "" && subtle.ConstantTimeCompare([]byte(fields["csrf"]), []byte(sess.csrf)) != 1 {
		s.forbidden(w, r)
		return
	}
	if len(files) == 0 {
		s.badUpload(w, r, "请选择要上传的文件（.xlsx、.zip 或 .eml）")
		return
	}
	reports, err := s.ingest(files, nil, store.Origin{Via: "office", Remote: remote(r)})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := &resultData{Files: fileResults(reports, "/office/"), Back: "/office/upload"}
	for i := range d.Files {
		if d.Files[i].Markup != "" {
			d.Files[i].Markup = "/office/markup/" + strings.TrimPrefix(d.Files[i].Markup, "/office/markup/")
		}
	}
	s.render(w, http.StatusOK, "result", page{Title: "上传结果", CSRF: sess.csrf, Office: true, Data: d})
}
