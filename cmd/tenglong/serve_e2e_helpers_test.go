package main

// Helpers for the end-to-end tests of `tenglong serve` on the built binary: start it
// on a free port, read its address, take the portal links, upload as the portal's
// script does, stop it gently or with kill -9.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serveProc is a running `tenglong serve`.
type serveProc struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string // http://127.0.0.1:PORT
	office string // the office console's URL as printed

	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan struct{}
	err    error
}

// serveCmd is `tenglong -w ws serve --listen 127.0.0.1:0 --no-browser args…` with the
// clock fixed (TENGLONG_CLOCK) when clock is not "".
func serveCmd(ws, clock string, args ...string) *exec.Cmd {
	cmd := exec.Command(binary, append([]string{"-w", ws, "serve", "--listen", "127.0.0.1:0", "--no-browser"}, args...)...)
	cmd.Env = os.Environ()
	if clock != "" {
		cmd.Env = append(cmd.Env, "TENGLONG_CLOCK="+clock)
	}
	return cmd
}

// startServe starts the server and waits for its first line, 办公室控制台：URL.
// The process is killed when the test ends, if it still runs.
func startServe(t *testing.T, ws, clock string, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{t: t, cmd: serveCmd(ws, clock, args...), done: make(chan struct{})}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.stderr}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	first := make(chan string, 1)
	go func() {
		r := bufio.NewReader(out)
		line, _ := r.ReadString('\n')
		p.mu.Lock()
		p.stdout.WriteString(line)
		p.mu.Unlock()
		first <- line
		io.Copy(lockedWriter{&p.mu, &p.stdout}, r)
	}()
	go func() {
		p.err = p.cmd.Wait()
		close(p.done)
	}()
	select {
	case line := <-first:
		_, after, ok := strings.Cut(line, "办公室控制台：")
		if !ok {
			p.waitExit(10 * time.Second)
			t.Fatalf("tenglong serve's first line is %q, want 办公室控制台：URL\nstderr: %s", line, p.Stderr())
		}
		p.office = strings.TrimSpace(after)
		u, err := url.Parse(p.office)
		if err != nil || u.Host == "" {
			t.Fatalf("tenglong serve printed %q: not a URL", p.office)
		}
		p.base = u.Scheme + "://" + u.Host
	case <-time.After(2 * time.Minute):
		t.Fatalf("tenglong serve printed no address within 2 minutes\nstderr: %s", p.Stderr())
	}
	return p
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// Stderr is what the server wrote to stderr so far.
func (p *serveProc) Stderr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// Stdout is what the server wrote to stdout so far.
func (p *serveProc) Stdout() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stdout.String()
}

func (p *serveProc) waitExit(d time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(d):
		return false
	}
}

// kill9 kills the server with SIGKILL, as a power cut or the task manager would.
func (p *serveProc) kill9() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGKILL)
	if !p.waitExit(30 * time.Second) {
		p.t.Fatal("tenglong serve still runs 30 s after SIGKILL")
	}
}

// stop sends SIGTERM and wants exit status 0 within a minute.
func (p *serveProc) stop() {
	p.t.Helper()
	p.cmd.Process.Signal(syscall.SIGTERM)
	if !p.waitExit(time.Minute) {
		p.t.Fatalf("tenglong serve still runs a minute after SIGTERM\nstderr: %s", p.Stderr())
	}
	if p.err != nil {
		p.t.Fatalf("tenglong serve after SIGTERM: %v\nstderr: %s", p.err, p.Stderr())
	}
}

// portalLinks is `tenglong links --json` for the period with the server's address:
// unit code → the unit's portal URL.
func portalLinks(t *testing.T, ws, period, base string) map[string]string {
	t.Helper()
	cmd := exec.Command(binary, "-w", ws, "links", "--json", "--period", period, "--public-url", base)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("tenglong links --json: %v\n%s", err, stderr.String())
	}
	var links []struct {
		Unit   string `json:"unit"`
		Name   string `json:"name"`
		Period string `json:"period"`
		URL    string `json:"url"`
	}
	if err := json.Unmarshal(out, &links); err != nil {
		t.Fatalf("tenglong links --json: %v\n%s", err, out)
	}
	m := map[string]string{}
	for _, l := range links {
		if l.Period != period || !strings.HasPrefix(l.URL, base+"/u/") {
			t.Errorf("tenglong links --json: %+v, want period %s and a URL under %s/u/", l, period, base)
		}
		m[l.Unit] = l.URL
	}
	return m
}

// portalReply is the JSON answer of POST /u/{token}/upload (SERVE-CONTRACT.md).
type portalReply struct {
	Outcome    string `json:"outcome"`
	State      string `json:"state"`
	Submission int64  `json:"submission"`
	SHA256     string `json:"sha256"`
	Late       bool   `json:"late"`
	Markup     string `json:"markup"`
	Findings   []struct {
		Sheet, Cell, Severity, Code, Message string
	} `json:"findings"`
}

// portalUpload posts one file to a unit's link as the portal's script does. It
// returns the HTTP status and the decoded answer (zero when not 200), or the error
// of a request that got no answer (the server died).
func portalUpload(client *http.Client, link, name string, data []byte) (int, portalReply, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		return 0, portalReply{}, err
	}
	fw.Write(data)
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, strings.TrimSuffix(link, "/")+"/upload", &body)
	if err != nil {
		return 0, portalReply{}, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Requested-With", "tenglong")
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return 0, portalReply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, portalReply{}, err
	}
	var r portalReply
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(raw, &r); err != nil {
			return resp.StatusCode, r, fmt.Errorf("the answer is not JSON: %v: %.300s", err, raw)
		}
	}
	return resp.StatusCode, r, nil
}
