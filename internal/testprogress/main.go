package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Time       time.Time
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output and build-fail (go1.24+)
}

func main() {
	goCmd := os.Getenv("GO")
	if goCmd == "" {
		goCmd = "go"
	}
	cmd := exec.Command(goCmd, append([]string{"test", "-json"}, os.Args[1:]...)...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p := newProgress(os.Stdout, time.Now)
	stop := make(chan struct{})
	go func() {
		tick := time.NewTicker(30 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				p.heartbeat()
			case <-stop:
				return
			}
		}
	}()
	p.read(stdout)
	close(stop)
	err = cmd.Wait()
	p.summary()
	if exit, ok := err.(*exec.ExitError); ok {
		os.Exit(exit.ExitCode())
	} else if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// progress keeps what is running and what each test printed, to show a failing
// test's output only when it fails.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	now     func() time.Time
	start   time.Time
	running map[string]time.Time // package -> when it started
	output  map[string][]string  // package + "\x00" + test -> its lines
	elapsed map[string]float64   // package -> seconds, when done
	failed  []string
}

func newProgress(w io.Writer, now func() time.Time) *progress {
	return &progress{w: w, now: now, start: now(), running: map[string]time.Time{},
		output: map[string][]string{}, elapsed: map[string]float64{}}
}

func (p *progress) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// Not JSON (go vet's or the toolchain's own lines): pass it through.
			p.print(sc.Text() + "\n")
			continue
		}
		p.handle(e)
	}
}

func (p *progress) handle(e event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case e.Action == "build-output":
		fmt.Fprint(p.w, e.Output)
	case e.Action == "start":
		p.running[e.Package] = p.now()
		fmt.Fprintf(p.w, "▶ %s\n", e.Package)
	case e.Test == "" && e.Action == "output":
		// The package's own lines: "ok  pkg  1.2s", "FAIL pkg", a panic. The bare
		// PASS that -json adds is left out, as plain go test does.
		if e.Output != "PASS\n" {
			fmt.Fprint(p.w, e.Output)
		}
	case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
		delete(p.running, e.Package)
		p.elapsed[e.Package] = e.Elapsed
		if e.Action == "fail" {
			p.failed = append(p.failed, e.Package)
			p.flushUnfinished(e.Package)
		}
	case e.Action == "output":
		key := e.Package + "\x00" + e.Test
		p.output[key] = append(p.output[key], e.Output)
	case e.Action == "fail":
		key := e.Package + "\x00" + e.Test
		for _, line := range p.output[key] {
			fmt.Fprint(p.w, line)
		}
		delete(p.output, key)
	case e.Action == "pass" || e.Action == "skip":
		delete(p.output, e.Package+"\x00"+e.Test)
	}
}

// flushUnfinished prints what the tests of a failed package said that never ended
// with a pass or a fail of their own: a test still running when the package's
// -timeout panicked, whose panic and goroutine dump are its output.
func (p *progress) flushUnfinished(pkg string) {
	var keys []string
	for key := range p.output {
		if strings.HasPrefix(key, pkg+"\x00") {
			keys = append(keys, key)
		}
	}
	sort.Strings(keys)
	for _, key := range keys {
		for _, line := range p.output[key] {
			fmt.Fprint(p.w, line)
		}
		delete(p.output, key)
	}
}

func (p *progress) print(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.w, s)
}

// heartbeat says which packages are still running and for how long.
func (p *progress) heartbeat() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.running) == 0 {
		return
	}
	var names []string
	for pkg, since := range p.running {
		names = append(names, fmt.Sprintf("%s（%s）", pkg, p.now().Sub(since).Round(time.Second)))
	}
	sort.Strings(names)
	fmt.Fprintf(p.w, "… 仍在运行：%s；共已 %s\n", strings.Join(names, "、"), p.now().Sub(p.start).Round(time.Second))
}

// summary names the slowest packages and the failed ones.
func (p *progress) summary() {
	p.mu.Lock()
	defer p.mu.Unlock()
	type pkgTime struct {
		pkg string
		s   float64
	}
	var all []pkgTime
	for pkg, s := range p.elapsed {
		all = append(all, pkgTime{pkg, s})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].s > all[j].s || all[i].s == all[j].s && all[i].pkg < all[j].pkg })
	if len(all) > 5 {
		all = all[:5]
	}
	var slow []string
	for _, t := range all {
		slow = append(slow, fmt.Sprintf("%s %.1fs", t.pkg, t.s))
	}
	fmt.Fprintf(p.w, "测试共用 %s，%d 个包，%d 个失败", p.now().Sub(p.start).Round(time.Second), len(p.elapsed), len(p.failed))
	if len(slow) > 0 {
		fmt.Fprintf(p.w, "；最慢：%s", strings.Join(slow, "，"))
	}
	fmt.Fprintln(p.w)
	if len(p.failed) > 0 {
		sort.Strings(p.failed)
		fmt.Fprintf(p.w, "失败的包：%s\n", strings.Join(p.failed, " "))
	}
}
