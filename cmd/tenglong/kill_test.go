package main

// Crash safety and concurrency of ingest (issue 7, item 4), on the built binary: an
// ingest of a batch killed at random moments several times and then rerun leaves the
// store exactly as one clean run does; two ingests into one workspace at once both
// finish, and together store what one run stores.

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/store"
)

const killClock = "2022-10-05T09:30:00+08:00"

// killBatch writes a generated campaign into n fresh workspaces and fills its
// templates into one batch folder.
func killBatch(t *testing.T, units int, workspaces ...string) string {
	t.Helper()
	yaml := corpus.Campaign(corpus.Size{Units: units, Indicators: 30, Lists: 1, ListRows: 40})
	c, probs := campaign.LoadAndCheck(yaml)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	for _, ws := range workspaces {
		if err := os.MkdirAll(ws, 0o755); err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(ws, campaignFile), yaml)
	}
	runOK(t, "-w", workspaces[0], "generate", "--period", "2022Q3", "-o", filepath.Join(workspaces[0], "out"))
	shareKey(t, workspaces[0], workspaces[1:]...)
	batch := filepath.Join(t.TempDir(), "batch")
	if err := os.MkdirAll(batch, 0o755); err != nil {
		t.Fatal(err)
	}
	templates := readManifest(t, filepath.Join(workspaces[0], "out", "2022Q3"))
	for _, path := range templates {
		filled, err := fill.Return(c, readBytes(t, path))
		if err != nil {
			t.Fatal(err)
		}
		writeBytes(t, filepath.Join(batch, filepath.Base(path)), filled)
	}
	return batch
}

// ingestCmd is `tenglong -w ws ingest paths…` on the built binary with a fixed clock.
func ingestCmd(ws string, paths ...string) *exec.Cmd {
	cmd := exec.Command(binary, append([]string{"-w", ws, "ingest", "--workers", "2"}, paths...)...)
	cmd.Env = append(os.Environ(), "TENGLONG_CLOCK="+killClock)
	return cmd
}

// storeDump is what the store holds, keyed by content so that it compares across
// runs: every submission with its values, rows and findings, and the audit log
// without the duplicate entries a rerun adds by design (it records that the same
// bytes came again).
func storeDump(t *testing.T, ws string) (subs map[string]string, audit []string) {
	t.Helper()
	db := openDB(t, ws)
	defer db.Close()
	list, err := db.Submissions("generated", "")
	if err != nil {
		t.Fatal(err)
	}
	subs = map[string]string{}
	shaOf := map[int64]string{}
	for _, s := range list {
		shaOf[s.ID] = s.SHA256
	}
	for _, s := range list {
		full, err := db.Load(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s %s %s late=%v by=%s at=%s\n", s.Unit, s.Period, s.Outcome, s.SourcePath, s.Late,
			shaOf[s.SupersededBy], s.ReceivedAt.UTC().Format(time.RFC3339))
		for _, v := range full.Values {
			fmt.Fprintf(&b, "v %s=%s|%s|%s@%s\n", v.Indicator, v.Value, v.Text, v.Note, v.Cell)
		}
		for _, r := range full.Rows {
			keys := make([]string, 0, len(r.Values))
			for k := range r.Values {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&b, "r %s/%d/%s=%s\n", r.List, r.Index, k, r.Values[k].Value)
			}
		}
		for _, f := range full.Findings {
			fmt.Fprintf(&b, "f %s %s!%s\n", f.Code, f.Sheet, f.Cell)
		}
		if _, twice := subs[s.SHA256]; twice {
			t.Errorf("%s stored twice", s.SHA256)
		}
		subs[s.SHA256] = b.String()
	}
	entries, err := db.Audit(store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Action == store.ActionDuplicate {
			continue
		}
		audit = append(audit, fmt.Sprintf("%s %s %s %s %s", e.Action, e.SHA256, e.Unit, e.Period, e.Detail))
	}
	sort.Strings(audit)
	return subs, audit
}

func sameDump(t *testing.T, what string, wantSubs, gotSubs map[string]string, wantAudit, gotAudit []string) {
	t.Helper()
	if len(gotSubs) != len(wantSubs) {
		t.Errorf("%s: %d submissions, the clean run has %d", what, len(gotSubs), len(wantSubs))
	}
	for sha, want := range wantSubs {
		if got := gotSubs[sha]; got != want {
			t.Errorf("%s: submission %s differs:\n%s\nclean run:\n%s", what, sha[:12], got, want)
		}
	}
	if strings.Join(gotAudit, "\n") != strings.Join(wantAudit, "\n") {
		t.Errorf("%s: the audit log differs from the clean run's:\n%s\n--- clean run:\n%s",
			what, strings.Join(gotAudit, "\n"), strings.Join(wantAudit, "\n"))
	}
}

// TestIngestKilledAndRerun kills an ingest at random moments five times, reruns it to
// the end, and compares the store with a clean run's.
func TestIngestKilledAndRerun(t *testing.T) {
	root := t.TempDir()
	clean, killed := filepath.Join(root, "clean"), filepath.Join(root, "killed")
	// Enough files that a clean run commits more than once whatever the machine's
	// speed: its first batch after 50 ms, the rest by 256 files or 400 ms (intake's
	// batchFirstAge, batchFiles, batchAge).
	const files = 150
	batch := killBatch(t, files, clean, killed)
	first, took := timedIngest(t, clean, batch)
	wantSubs, wantAudit := storeDump(t, clean)
	if len(wantSubs) != files {
		t.Fatalf("clean run stored %d submissions, want %d", len(wantSubs), files)
	}

	// Kill at random moments, later each time, so that the kills fall at different
	// stages of the batch: the first while the campaign loads and the first files are
	// read (before anything is stored), the others after the run's first line — a
	// file's line comes out only after its batch is committed — at a random share of
	// the span in which the clean run went on storing. Timing every kill from the start
	// left most of them before the first commit once reading got fast.
	rng := rand.New(rand.NewSource(7))
	midway := 0
	for i := 0; i < 5; i++ {
		cmd := ingestCmd(killed, batch)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			time.Sleep(time.Duration((0.3 + 0.4*rng.Float64()) * float64(first)))
		} else {
			lines := bufio.NewScanner(stdout)
			lines.Scan()
			go func() { // keep the pipe drained so the run never blocks on it
				for lines.Scan() {
				}
			}()
			share := 0.1*float64(i-1) + 0.1*rng.Float64()
			time.Sleep(time.Duration(share * float64(took-first)))
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		subs, _ := storeDump(t, killed)
		t.Logf("kill %d: %d of %d submissions stored", i+1, len(subs), files)
		if len(subs) > 0 && len(subs) < files {
			midway++
		}
	}
	if out, err := ingestCmd(killed, batch).CombinedOutput(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	gotSubs, gotAudit := storeDump(t, killed)
	sameDump(t, "killed and rerun", wantSubs, gotSubs, wantAudit, gotAudit)
	if midway == 0 {
		t.Error("no kill landed in the middle of the batch: the test proved nothing; adjust the delays")
	}
}

// timedIngest runs a clean ingest of batch into ws and returns when its first line
// came out (the first committed batch) and when it ended.
func timedIngest(t *testing.T, ws, batch string) (first, took time.Duration) {
	t.Helper()
	cmd := ingestCmd(ws, batch)
	var out strings.Builder
	cmd.Stderr = &out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		if first == 0 {
			first = time.Since(start)
		}
		out.WriteString(lines.Text() + "\n")
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out.String())
	}
	took = time.Since(start)
	if first == 0 {
		t.Fatalf("clean run printed nothing:\n%s", out.String())
	}
	t.Logf("clean run: first line after %v, done after %v", first.Round(time.Millisecond), took.Round(time.Millisecond))
	return first, took
}

// TestTwoIngestsAtOnce runs two ingests into one workspace at the same time, each
// with half of the batch and then all of it: both finish, and the store holds what a
// single clean run holds.
func TestTwoIngestsAtOnce(t *testing.T) {
	root := t.TempDir()
	clean, shared := filepath.Join(root, "clean"), filepath.Join(root, "shared")
	batch := killBatch(t, 40, clean, shared)
	if out, err := ingestCmd(clean, batch).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	wantSubs, _ := storeDump(t, clean)
	a, b := ingestCmd(shared, batch), ingestCmd(shared, batch)
	var outA, outB strings.Builder
	a.Stdout, a.Stderr, b.Stdout, b.Stderr = &outA, &outA, &outB, &outB
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	if err := a.Wait(); err != nil {
		t.Errorf("first ingest: %v\n%s", err, outA.String())
	}
	if err := b.Wait(); err != nil {
		t.Errorf("second ingest: %v\n%s", err, outB.String())
	}
	gotSubs, _ := storeDump(t, shared)
	if len(gotSubs) != len(wantSubs) {
		t.Errorf("%d submissions, a clean run has %d", len(gotSubs), len(wantSubs))
	}
	for sha, want := range wantSubs {
		if gotSubs[sha] != want {
			t.Errorf("submission %s differs:\n%s\nclean run:\n%s", sha[:12], gotSubs[sha], want)
		}
	}
}
