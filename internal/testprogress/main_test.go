package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A passing package shows its start and go test's ok line, not its tests' chatter; a
// failing test's output is shown in full; a build failure is shown; the summary
// counts both and names the failed package.
func TestProgress(t *testing.T) {
	input := strings.Join([]string{
		`{"Action":"start","Package":"a"}`,
		`{"Action":"start","Package":"b"}`,
		`{"Action":"run","Package":"a","Test":"TestOK"}`,
		`{"Action":"output","Package":"a","Test":"TestOK","Output":"=== RUN   TestOK\n"}`,
		`{"Action":"pass","Package":"a","Test":"TestOK","Elapsed":0.1}`,
		`{"Action":"output","Package":"a","Output":"PASS\n"}`,
		`{"Action":"output","Package":"a","Output":"ok  \ta\t0.2s\n"}`,
		`{"Action":"pass","Package":"a","Elapsed":0.2}`,
		`{"Action":"output","Package":"b","Test":"TestBad","Output":"    b_test.go:9: wrong\n"}`,
		`{"Action":"output","Package":"b","Test":"TestBad","Output":"--- FAIL: TestBad (0.00s)\n"}`,
		`{"Action":"fail","Package":"b","Test":"TestBad","Elapsed":0}`,
		`{"Action":"output","Package":"b","Output":"FAIL\tb\t3.5s\n"}`,
		`{"Action":"fail","Package":"b","Elapsed":3.5}`,
		`{"ImportPath":"c","Action":"build-output","Output":"c/x.go:1: syntax error\n"}`,
		`vet: something plain`,
	}, "\n")
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&out, func() time.Time { return clock })
	p.read(strings.NewReader(input))
	clock = clock.Add(90 * time.Second)
	p.summary()
	got := out.String()
	for _, want := range []string{"▶ a\n", "▶ b\n", "ok  \ta\t0.2s\n", "b_test.go:9: wrong\n", "--- FAIL: TestBad",
		"FAIL\tb\t3.5s\n", "c/x.go:1: syntax error\n", "vet: something plain\n",
		"测试共用 1m30s，2 个包，1 个失败；最慢：b 3.5s，a 0.2s\n", "失败的包：b\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	for _, unwanted := range []string{"=== RUN   TestOK", "PASS\n"} {
		if strings.Contains(got, unwanted) {
			t.Errorf("%q shown for a passing package:\n%s", unwanted, got)
		}
	}
}

// While packages run, a heartbeat names them with how long each has been running.
func TestHeartbeat(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newProgress(&out, func() time.Time { return clock })
	p.handle(event{Action: "start", Package: "tenglong/cmd/tenglong"})
	clock = clock.Add(65 * time.Second)
	p.heartbeat()
	if want := "… 仍在运行：tenglong/cmd/tenglong（1m5s）；共已 1m5s\n"; !strings.Contains(out.String(), want) {
		t.Errorf("heartbeat:\n%s\nwant %q", out.String(), want)
	}
}

// A package that dies of its -timeout leaves its running test without a pass or fail
// of its own: that test's output, the panic, is shown when the package fails.
func TestTimeoutShowsTheRunningTest(t *testing.T) {
	var out bytes.Buffer
	p := newProgress(&out, time.Now)
	for _, e := range []event{
		{Action: "start", Package: "p"},
		{Action: "run", Package: "p", Test: "TestSlow"},
		{Action: "output", Package: "p", Test: "TestSlow", Output: "=== RUN   TestSlow\n"},
		{Action: "output", Package: "p", Test: "TestSlow", Output: "panic: test timed out after 10m0s\n"},
		{Action: "output", Package: "p", Output: "FAIL\tp\t600.1s\n"},
		{Action: "fail", Package: "p", Elapsed: 600.1},
	} {
		p.handle(e)
	}
	if got := out.String(); !strings.Contains(got, "panic: test timed out after 10m0s") || !strings.Contains(got, "=== RUN   TestSlow") {
		t.Errorf("the timed-out test is not shown:\n%s", got)
	}
}
