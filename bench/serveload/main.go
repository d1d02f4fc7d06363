// Command serveload is the load test of `tenglong serve` (issue 19), run by
// bench/serve.sh: it starts the server on a workspace whose templates were generated
// and filled, takes every unit's portal link from `tenglong links --json`, uploads
// every unit's return at once (one client per unit, as on a deadline afternoon),
// stops the server with SIGTERM and then checks the store: every acknowledged upload
// is there exactly once, with its file and its values, and nothing else is. It prints
// uploads/s, latency percentiles, what the server used, and exits 1 when the store
// does not hold what was acknowledged or an upload was not accepted.
//
//	serveload -tenglong ./tenglong -w ws -period 2022Q3 -templates ws/out/2022Q3 -returns returns
package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"tenglong/campaign"
	"tenglong/store"
)

func main() {
	var o options
	flag.StringVar(&o.tenglong, "tenglong", "./tenglong", "the tenglong binary")
	flag.StringVar(&o.ws, "w", "ws", "the workspace (campaign.yaml, tenglong.db)")
	flag.StringVar(&o.period, "period", "", "the period the returns are for")
	flag.StringVar(&o.templates, "templates", "", "the period's template folder (manifest.csv)")
	flag.StringVar(&o.returns, "returns", "", "the filled returns, under the templates' file names")
	flag.IntVar(&o.clients, "clients", 0, "uploads in flight at once (0: every unit at once)")
	flag.IntVar(&o.single, "single", 0, "first upload this many units' returns one at a time (a quiet server's latency), then the rest at once")
	flag.StringVar(&o.clock, "clock", "", "TENGLONG_CLOCK for the server (RFC 3339), so lateness is fixed")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "serveload:", err)
		os.Exit(1)
	}
}

type options struct {
	tenglong, ws, period, templates, returns, clock string
	clients, single                                 int
}

// upload is one unit's upload and what the server answered.
type upload struct {
	unit, file string
	data       []byte
	url        string

	status   int
	latency  time.Duration
	retries  int
	err      error
	reply    reply
	rawReply string
}

// reply is the part of the portal's JSON answer the test checks (SERVE-CONTRACT.md).
type reply struct {
	Outcome    string `json:"outcome"`
	State      string `json:"state"`
	Submission int64  `json:"submission"`
	SHA256     string `json:"sha256"`
}

func (u *upload) acknowledged() bool { return u.status == http.StatusOK && u.reply.Submission > 0 }

func run(o options) error {
	yaml, err := os.ReadFile(filepath.Join(o.ws, "campaign.yaml"))
	if err != nil {
		return err
	}
	c, probs := campaign.LoadAndCheck(yaml)
	if probs.HasErrors() {
		return fmt.Errorf("campaign.yaml: %v", probs.Errors())
	}
	uploads, err := readReturns(o)
	if err != nil {
		return err
	}

	srv, err := startServer(o)
	if err != nil {
		return err
	}
	defer srv.kill()
	links, err := portalLinks(o, srv.base)
	if err != nil {
		return err
	}
	for _, u := range uploads {
		if u.url = links[u.unit]; u.url == "" {
			return fmt.Errorf("tenglong links gives no link for unit %s", u.unit)
		}
	}

	single := uploads[:min(o.single, len(uploads))]
	storm := uploads[len(single):]
	for _, u := range single {
		send([]*upload{u}, 1)
	}
	load0 := loadAverage()
	wall := send(storm, o.clients)
	load1 := loadAverage()

	usage, err := srv.stop()
	if err != nil {
		return err
	}
	if len(single) > 0 {
		fmt.Printf("== %d uploads one at a time (nothing else in flight)\n", len(single))
		report(single, 0, nil, "", "")
		fmt.Printf("== %d uploads at once\n", len(storm))
	}
	report(storm, wall, usage, load0, load1)
	return verify(c.ID, o, uploads)
}

// readReturns pairs each unit of the manifest with its filled return.
func readReturns(o options) ([]*upload, error) {
	f, err := os.Open(filepath.Join(o.templates, "manifest.csv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	records, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var out []*upload
	for _, rec := range records[1:] {
		unit := strings.TrimPrefix(rec[0], "\ufeff")
		name := rec[4]
		data, err := os.ReadFile(filepath.Join(o.returns, name))
		if err != nil {
			return nil, err
		}
		out = append(out, &upload{unit: unit, file: name, data: data})
	}
	if len(out) == 0 {
		return nil, errors.New("no returns")
	}
	return out, nil
}

// server is the running `tenglong serve`.
type server struct {
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	stderr *bytes.Buffer
	done   chan error
}

// startServer starts `tenglong serve --listen 127.0.0.1:0 --no-browser` and reads the
// office console's address from its first line (办公室控制台：URL).
func startServer(o options) (*server, error) {
	cmd := exec.Command(o.tenglong, "-w", o.ws, "serve", "--listen", "127.0.0.1:0", "--no-browser", "--period", o.period)
	cmd.Env = os.Environ()
	if o.clock != "" {
		cmd.Env = append(cmd.Env, "TENGLONG_CLOCK="+o.clock)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case line, ok := <-lines:
		_, after, found := strings.Cut(line, "办公室控制台：")
		if !ok || !found {
			s.kill()
			return nil, fmt.Errorf("tenglong serve printed %q, want 办公室控制台：URL\n%s", line, s.stderr)
		}
		u, err := url.Parse(strings.TrimSpace(after))
		if err != nil {
			s.kill()
			return nil, err
		}
		s.base = u.Scheme + "://" + u.Host
		return s, nil
	case <-time.After(60 * time.Second):
		s.kill()
		return nil, fmt.Errorf("tenglong serve printed no address within a minute\n%s", s.stderr)
	}
}

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Kill()
	}
}

// stop sends SIGTERM (finish uploads in flight, close the store) and waits for
// exit status 0.
func (s *server) stop() (*syscall.Rusage, error) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			return nil, fmt.Errorf("tenglong serve after SIGTERM: %v\n%s", err, s.stderr)
		}
	case <-time.After(2 * time.Minute):
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("tenglong serve did not exit within 2 minutes of SIGTERM\n%s", s.stderr)
	}
	usage, _ := s.cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return usage, nil
}

// portalLinks runs `tenglong links --json` with the running server's address.
func portalLinks(o options, base string) (map[string]string, error) {
	cmd := exec.Command(o.tenglong, "-w", o.ws, "links", "--json", "--period", o.period, "--public-url", base)
	cmd.Env = os.Environ()
	if o.clock != "" {
		cmd.Env = append(cmd.Env, "TENGLONG_CLOCK="+o.clock)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("tenglong links --json: %v\n%s", err, stderr.String())
	}
	var links []struct {
		Unit string `json:"unit"`
		URL  string `json:"url"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		return nil, fmt.Errorf("tenglong links --json: %v", err)
	}
	m := map[string]string{}
	for _, l := range links {
		m[l.Unit] = l.URL
	}
	return m, nil
}

// send uploads every return, clients at a time (0: all at once), and returns the
// wall time from the first request to the last answer.
func send(uploads []*upload, clients int) time.Duration {
	if clients <= 0 || clients > len(uploads) {
		clients = len(uploads)
	}
	client := &http.Client{
		Timeout:   10 * time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: 0, DisableCompression: true},
	}
	start := make(chan struct{})
	slots := make(chan struct{}, clients)
	var wg sync.WaitGroup
	for _, u := range uploads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			slots <- struct{}{}
			defer func() { <-slots }()
			u.post(client)
		}()
	}
	t0 := time.Now()
	close(start)
	wg.Wait()
	return time.Since(t0)
}

// post uploads one return as the portal's script does (multipart field file,
// X-Requested-With: tenglong, JSON answer). A 429 or 503 is retried after its
// Retry-After, counted apart; the latency is the last attempt's.
func (u *upload) post(client *http.Client) {
	for attempt := 0; attempt < 20; attempt++ {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, err := mw.CreateFormFile("file", u.file)
		if err != nil {
			u.err = err
			return
		}
		fw.Write(u.data)
		mw.Close()
		req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, strings.TrimSuffix(u.url, "/")+"/upload", &body)
		if err != nil {
			u.err = err
			return
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-Requested-With", "tenglong")
		req.Header.Set("Accept", "application/json")
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			u.err = err
			u.latency = time.Since(t0)
			return
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		u.latency = time.Since(t0)
		u.status, u.err, u.rawReply = resp.StatusCode, err, string(raw)
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
			u.retries++
			wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			time.Sleep(time.Duration(max(wait, 1)) * time.Second)
			continue
		}
		if resp.StatusCode == http.StatusOK {
			if err := json.Unmarshal(raw, &u.reply); err != nil {
				u.err = fmt.Errorf("the answer is not JSON: %v", err)
			}
		}
		return
	}
}

// loadAverage is the first figure of /proc/loadavg (the machine is shared).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

func report(uploads []*upload, wall time.Duration, usage *syscall.Rusage, load0, load1 string) {
	var lat []time.Duration
	acked, retries := 0, 0
	outcomes := map[string]int{}
	for _, u := range uploads {
		retries += u.retries
		if u.acknowledged() {
			acked++
			lat = append(lat, u.latency)
			outcomes[u.reply.Outcome]++
		} else {
			outcomes[fmt.Sprintf("HTTP %d", u.status)]++
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) string {
		if len(lat) == 0 {
			return "-"
		}
		i := int(p*float64(len(lat))+0.5) - 1
		return fmt.Sprintf("%.0f ms", float64(lat[max(0, min(i, len(lat)-1))].Microseconds())/1000)
	}
	fmt.Printf("uploads            %d (%d acknowledged, %d retried after 429/503)\n", len(uploads), acked, retries)
	fmt.Printf("outcomes           %v\n", outcomes)
	if wall > 0 {
		fmt.Printf("wall               %.2f s\n", wall.Seconds())
		fmt.Printf("uploads/s          %.1f\n", float64(acked)/wall.Seconds())
	}
	fmt.Printf("latency p50        %s\n", pct(0.50))
	fmt.Printf("latency p90        %s\n", pct(0.90))
	fmt.Printf("latency p99        %s\n", pct(0.99))
	fmt.Printf("latency max        %s\n", pct(1))
	if usage != nil {
		cpu := time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
		fmt.Printf("server CPU         %.2f s, peak RSS %d MB\n", cpu.Seconds(), usage.Maxrss/1024)
	}
	if load0 != "" {
		fmt.Printf("load average       %s before, %s after (1 min; the machine may be shared)\n", load0, load1)
	}
}

// verify opens the store after the server has stopped: every acknowledged upload is
// one submission of its unit with the bytes sent, its file kept, and (accepted) its
// values; no submission is there twice and none that was not acknowledged.
func verify(campaignID string, o options, uploads []*upload) error {
	db, err := store.Open(filepath.Join(o.ws, store.FileName))
	if err != nil {
		return err
	}
	defer db.Close()
	subs, err := db.Submissions(campaignID, o.period)
	if err != nil {
		return err
	}
	byID := map[int64]store.Stored{}
	bySHA := map[string]int{}
	for _, s := range subs {
		byID[s.ID] = s
		bySHA[s.SHA256]++
	}
	var problems []string
	acked := 0
	for _, u := range uploads {
		if !u.acknowledged() {
			problems = append(problems, fmt.Sprintf("%s: not acknowledged: HTTP %d %v %.200s", u.unit, u.status, u.err, u.rawReply))
			continue
		}
		acked++
		sum := sha256.Sum256(u.data)
		sha := hex.EncodeToString(sum[:])
		s, ok := byID[u.reply.Submission]
		switch {
		case u.reply.Outcome != "accepted":
			problems = append(problems, fmt.Sprintf("%s: outcome %s, want accepted: %.300s", u.unit, u.reply.Outcome, u.rawReply))
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: acknowledged as submission %d, which the store lacks", u.unit, u.reply.Submission))
		case s.Unit != u.unit || s.SHA256 != sha || u.reply.SHA256 != sha:
			problems = append(problems, fmt.Sprintf("%s: submission %d is unit %s sha %s, want %s", u.unit, s.ID, s.Unit, s.SHA256, sha))
		case bySHA[sha] != 1:
			problems = append(problems, fmt.Sprintf("%s: its bytes are stored %d times", u.unit, bySHA[sha]))
		case s.Outcome != store.Accepted:
			problems = append(problems, fmt.Sprintf("%s: stored as %s", u.unit, s.Outcome))
		default:
			if data, err := db.File(sha); err != nil || !bytes.Equal(data, u.data) {
				problems = append(problems, fmt.Sprintf("%s: the file kept is not the file sent (%v)", u.unit, err))
			} else if full, err := db.Load(s.ID); err != nil || len(full.Values) == 0 {
				problems = append(problems, fmt.Sprintf("%s: submission %d has no values (%v): half stored", u.unit, s.ID, err))
			}
		}
	}
	if len(subs) != acked {
		problems = append(problems, fmt.Sprintf("the store holds %d submissions for %s, %d were acknowledged", len(subs), o.period, acked))
	}
	if len(problems) > 0 {
		if len(problems) > 20 {
			problems = append(problems[:20], fmt.Sprintf("… and %d more", len(problems)-20))
		}
		return errors.New("the store does not hold what was acknowledged:\n  " + strings.Join(problems, "\n  "))
	}
	fmt.Printf("store              every acknowledged upload stored exactly once, with its file and values (%d submissions)\n", len(subs))
	return nil
}
