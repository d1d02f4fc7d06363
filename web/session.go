package web

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// Cookie names: the office session, and the login form's own CSRF token (before a session).
const (
	sessionCookie = "tenglong_office"
	loginCookie   = "tenglong_login"
	sessionTTL    = 12 * time.Hour
)

// session is one logged-in office browser: its CSRF token goes in every form.
type session struct {
	csrf    string
	expires time.Time
}

// sessions are held in memory: a restarted server asks the office to log in again.
type sessions struct {
	mu  sync.Mutex
	now func() time.Time
	all map[string]session
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, all: map[string]session{}}
}

func (ss *sessions) create() (string, session) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	id := randomToken(32)
	s := session{csrf: randomToken(24), expires: ss.now().Add(sessionTTL)}
	ss.all[id] = s
	return id, s
}

func (ss *sessions) get(id string) (session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.all[id]
	if !ok {
		return session{}, false
	}
	if ss.now().After(s.expires) {
		delete(ss.all, id)
		return session{}, false
	}
	return s, true
}

func (ss *sessions) end(id string) {
	ss.mu.Lock()
	delete(ss.all, id)
	ss.mu.Unlock()
}

// officeHandler is an office page: it gets the session whose CSRF token its forms carry.
type officeHandler func(w http.ResponseWriter, r *http.Request, sess session)

// office wraps an office page: no session → 303 to the login page; a POST must carry
// the session's CSRF token in the form field csrf (a cross-site form cannot know it).
func (s *Server) office(h officeHandler) http.HandlerFunc { return s.officeWith(h, false) }

// officeUploadRoute is office for the upload route, whose multipart form the handler
// reads in memory and checks the csrf field of itself.
func (s *Server) officeUploadRoute(h officeHandler) http.HandlerFunc { return s.officeWith(h, true) }

func (s *Server) officeWith(h officeHandler, multipart bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		var sess session
		ok := err == nil
		if ok {
			sess, ok = s.auth.get(c.Value)
		}
		if !ok {
			http.Redirect(w, r, "/office/login", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !s.officeFormOK(w, r, sess, multipart) {
			return
		}
		h(w, r, sess)
	}
}

// officeFormOK checks a POST's CSRF token: a header from a script, or the form field
// csrf. A multipart upload is left to its handler, which must check the field itself
// (officeUpload); no other office route takes multipart forms.
func (s *Server) officeFormOK(w http.ResponseWriter, r *http.Request, sess session, multipart bool) bool {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		if isMultipart(r) && multipart {
			return true // an upload: its handler reads the form in memory and checks the field
		}
		r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
		if err := r.ParseForm(); tooLarge(err) {
			s.tooLargePage(w, r)
			return false
		}
		got = r.PostFormValue("csrf")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(sess.csrf)) != 1 {
		s.forbidden(w, r)
		return false
	}
	return true
}

// tooLarge reports whether reading a body stopped at the MaxBytesReader's cap.
func tooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.renderLogin(w, r, http.StatusOK, "")
}

// renderLogin shows the login form with a fresh login CSRF token (cookie and field).
func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, message string) {
	token := randomToken(24)
	http.SetCookie(w, &http.Cookie{Name: loginCookie, Value: token, Path: "/office/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.cfg.TLS, MaxAge: 3600})
	has, err := HasPassword(s.db)
	if err == nil && !has && message == "" {
		message = "还没有设置控制台密码：请在命令行运行 tenglong serve --set-password 设置后再登录"
	}
	s.render(w, status, "login", page{Title: "办公室控制台登录", CSRF: token, Message: message})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<16)
	host := remoteHost(r)
	if blocked, wait := s.logins.blocked(host); blocked {
		w.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds()+0.5)))
		s.logf("登录被限制：%s 密码错误次数过多", host)
		s.renderLogin(w, r, http.StatusTooManyRequests,
			fmt.Sprintf("密码错误次数过多，已暂停登录：请 %s 后再试", waitText(wait)))
		return
	}
	c, err := r.Cookie(loginCookie)
	if err := r.ParseForm(); err != nil || c == nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		s.forbidden(w, r)
		return
	}
	if r.PostFormValue("password") == "" { // the form is not checked by the browser (its words are the browser's language)
		s.renderLogin(w, r, http.StatusBadRequest, "请输入密码")
		return
	}
	ok, err := checkPassword(s.db, r.PostFormValue("password"))
	switch {
	case errors.Is(err, errNoPassword):
		s.renderLogin(w, r, http.StatusUnauthorized, "")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	case !ok:
		s.logins.add(host)
		s.logf("登录失败：%s 密码错误", host)
		s.renderLogin(w, r, http.StatusUnauthorized, "密码不对，请重新输入")
		return
	}
	s.logins.reset(host)
	id, _ := s.auth.create()
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.cfg.TLS, MaxAge: int(sessionTTL.Seconds())})
	s.logf("登录成功：%s", host)
	http.Redirect(w, r, "/office/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, _ session) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.auth.end(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: s.cfg.TLS, MaxAge: -1})
	http.Redirect(w, r, "/office/login", http.StatusSeeOther)
}

// waitText is a wait in the clerk's words: 3 分钟, 40 秒.
func waitText(d time.Duration) string {
	if d >= time.Minute {
		return fmt.Sprintf("%d 分钟", int((d+time.Minute-1)/time.Minute))
	}
	return fmt.Sprintf("%d 秒", int((d+time.Second-1)/time.Second))
}
