package web

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"tenglong/campaign"
	"tenglong/intake"
	"tenglong/store"
)

//go:embed assets
var assets embed.FS

// Config is what a Server is made from. Campaign and Store are required; the store
// stays the caller's to close (after Shutdown).
type Config struct {
	Campaign *campaign.Campaign
	Store    *store.Store
	// Period is the period the console shows first and links are made for; zero: the
	// campaign's current period at Now.
	Period campaign.Period
	// PublicURL is the address the units reach the server at (http://10.1.2.3:8080),
	// used in the links the console lists; "" takes the address of each request.
	PublicURL string
	// TLS says the server is reached over HTTPS: the session cookie is then Secure.
	TLS bool
	Now func() time.Time // the clock; nil is time.Now
	Log io.Writer        // one line per upload and per refused request; nil discards
	// MaxUpload is the largest request body an upload may have; 0 is ingest's cap
	// (intake.MaxParseBytes) plus room for the form around the file.
	MaxUpload int64
	// UploadsPerToken uploads are taken per UploadWindow through one link; more get 429.
	// Zero: 10 per minute.
	UploadsPerToken int
	UploadWindow    time.Duration
	// LoginFailures wrong passwords from one address within LoginWindow throttle that
	// address until the window has passed. Zero: 20 per 15 minutes.
	LoginFailures int
	LoginWindow   time.Duration
	Workers       int // parsers for an office upload of many files; 0 is 2
	// Lights, when set, gives each unit's 红黄绿灯 for the board (results assembly
	// lives below both doors); nil shows none.
	Lights func(p campaign.Period) (map[string][]Light, error)
	// Workspace is the folder served (campaign.yaml, templates/, fonts/, 填报模板/):
	// the cycle's buttons read and write there as the CLI does.
	Workspace string
}

// Light is one indicator's status light on the board.
type Light struct {
	Indicator string // its name
	Status    string // green | yellow | red | na | pending
}

// Server is the HTTP door. Make it with New; serve Handler; stop it with Shutdown.
type Server struct {
	cfg    Config
	c      *campaign.Campaign
	db     *store.Store
	key    []byte // the workspace key: tokens and form tokens derive from it
	mux    *http.ServeMux
	tokens *tokenIndex
	limits *rateLimiter
	logins *rateLimiter
	auth   *sessions
	events *broker
	// writeMu serialises judging and recording (intake.IngestOne): its checks read
	// the store before its transaction writes, so two at once could both pass a
	// check across units. Archiving and parsing run outside it.
	writeMu  sync.Mutex
	slots    chan struct{} // uploads being archived and parsed at once
	inflight sync.WaitGroup
	closing  chan struct{}
	once     sync.Once
	runs     *jobs // the cycle's buttons' runs (office_run.go)
	jobsOnce sync.Once
}

// New makes a server for a campaign's workspace store.
func New(cfg Config) (*Server, error) {
	if cfg.Campaign == nil || cfg.Store == nil {
		return nil, errors.New("web: Config needs Campaign and Store")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	// What the web records (audit entries, files' first_seen, sessions) is stamped by
	// the server's clock, not the one the store was opened with.
	cfg.Store.SetClock(cfg.Now)
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Period.Year == 0 {
		cfg.Period = cfg.Campaign.CurrentPeriod(cfg.Campaign.In(cfg.Now()))
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = intake.MaxParseBytes + 1<<20
	}
	if cfg.UploadsPerToken <= 0 {
		cfg.UploadsPerToken = 10
	}
	if cfg.UploadWindow <= 0 {
		cfg.UploadWindow = time.Minute
	}
	if cfg.LoginFailures <= 0 {
		cfg.LoginFailures = 20
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.Workers <= 0 {
		cfg.Workers = 2
	}
	key, err := cfg.Store.SigningKey()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, c: cfg.Campaign, db: cfg.Store, key: key, mux: http.NewServeMux(),
		limits: newRateLimiter(cfg.UploadsPerToken, cfg.UploadWindow, cfg.Now),
		logins: newRateLimiter(cfg.LoginFailures, cfg.LoginWindow, cfg.Now),
		auth:   newSessions(cfg.Now), events: newBroker(), closing: make(chan struct{}),
		slots: make(chan struct{}, max(2, runtime.NumCPU()))}
	s.tokens = newTokenIndex(s)
	if _, err := pageTemplates(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// Handler is the server's HTTP handler: every route of the portal and the console.
func (s *Server) Handler() http.Handler { return s.secureHeaders(s.mux) }

// Shutdown stops the live event streams and waits, at most until ctx ends, for the
// uploads in flight to be recorded. The caller shuts its http.Server down first (no
// new requests), then calls this, then closes the store.
func (s *Server) Shutdown(ctx context.Context) error {
	s.once.Do(func() { close(s.closing) })
	done := make(chan struct{})
	go func() { s.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("等待上传完成超时：%w", ctx.Err())
	}
}

func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /assets/", http.FileServerFS(assets))
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/office/", http.StatusSeeOther)
	})
	m.HandleFunc("GET /u/{token}/{$}", s.portalPage)
	m.HandleFunc("GET /u/{token}/template", s.portalTemplate)
	m.HandleFunc("POST /u/{token}/upload", s.portalUpload)
	m.HandleFunc("GET /u/{token}/markup/{sha}", s.portalMarkup)
	m.HandleFunc("/u/", s.notFound)

	m.HandleFunc("GET /office/login", s.loginPage)
	m.HandleFunc("POST /office/login", s.login)
	m.HandleFunc("POST /office/logout", s.office(s.logout))
	m.HandleFunc("GET /office/{$}", s.office(s.board))
	m.HandleFunc("GET /office/events", s.office(s.boardEvents))
	m.HandleFunc("GET /office/unit/{code}", s.office(s.unitPage))
	m.HandleFunc("POST /office/unit/{code}/confirm", s.office(s.officeConfirm))
	m.HandleFunc("GET /office/file/{sha}", s.office(s.officeFile))
	m.HandleFunc("GET /office/markup/{sha}", s.office(s.officeMarkup))
	m.HandleFunc("GET /office/upload", s.office(s.officeUploadPage))
	m.HandleFunc("POST /office/upload", s.officeUploadRoute(s.officeUpload))
	m.HandleFunc("GET /office/links", s.office(s.linksPage))
	m.HandleFunc("POST /office/links/{unit}/revoke", s.office(s.linkRevoke))
	m.HandleFunc("POST /office/links/{unit}/reissue", s.office(s.linkReissue))
	m.HandleFunc("GET /office/run", s.office(s.runMenu))
	m.HandleFunc("POST /office/run/upward", s.officeUploadRoute(s.runUpwardStart))
	m.HandleFunc("POST /office/run/{action}", s.office(s.runStart))
	m.HandleFunc("GET /office/run/job/{id}", s.office(s.runJobPage))
	m.HandleFunc("GET /office/run/job/{id}/status", s.office(s.runJobStatus))
	m.HandleFunc("GET /office/download/{id}/{n}", s.office(s.download))
	m.HandleFunc("/office/", s.office(func(w http.ResponseWriter, r *http.Request, _ session) { s.notFound(w, r) }))
}

// secureHeaders are sent with every answer: no framing, no sniffing, scripts and
// styles only from this server, no referrer (a portal URL carries its token).
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}

// logf writes one line to the server's log.
func (s *Server) logf(format string, args ...any) {
	fmt.Fprintf(s.cfg.Log, "%s %s\n", s.cfg.Now().Format("2006-01-02 15:04:05"), fmt.Sprintf(format, args...))
}

// remote is the request's peer address (host:port) as the socket gives it: never a
// header a client can set.
func remote(r *http.Request) string { return r.RemoteAddr }

// remoteHost is the peer's host without the port: what login throttling counts by.
func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// randomToken is n random bytes, URL-safe text.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("web: no randomness: " + err.Error())
	}
	return b64.EncodeToString(b)
}

// wantsJSON reports whether the client asked for JSON (a script, not a form).
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}
