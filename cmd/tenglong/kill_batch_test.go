package main

// Ingest stores files a batch at a time, one transaction per batch (issue 21), and
// prints a file's line only once its batch is committed. Killed right after it
// printed a line, the run must have stored every file it said was accepted, whole,
// as a clean run stores it.

import (
	"bufio"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestIngestKilledAfterPrintingKeepsWhatItPrinted kills ingest (SIGKILL) as soon as
// it has printed its first, then its tenth, then its thirtieth accepted file, and
// checks after each kill that every file printed as accepted is in the store as the
// clean run stored it, and nothing is half stored.
func TestIngestKilledAfterPrintingKeepsWhatItPrinted(t *testing.T) {
	root := t.TempDir()
	clean := filepath.Join(root, "clean")
	killed := []string{filepath.Join(root, "killed-1"), filepath.Join(root, "killed-10"), filepath.Join(root, "killed-30")}
	batch := killBatch(t, 60, append([]string{clean}, killed...)...)
	if out, err := ingestCmd(clean, batch).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	wantSubs, _ := storeDump(t, clean)
	for i, after := range []int{1, 10, 30} {
		ws := killed[i]
		cmd := ingestCmd(ws, batch)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var printed []string // file names printed as accepted before the kill
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			line := lines.Text()
			if name, _, ok := strings.Cut(line, "  "); ok && strings.HasSuffix(name, ".xlsx") && strings.Contains(line, "已采用") {
				printed = append(printed, name)
			}
			if len(printed) == after {
				break
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if len(printed) < after {
			t.Fatalf("kill after %d: the run printed only %d accepted files", after, len(printed))
		}

		db := openDB(t, ws)
		list, err := db.Submissions("generated", "")
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for _, s := range list {
			if s.Outcome == "accepted" {
				stored[filepath.Base(s.SourcePath)] = true
			}
		}
		for _, name := range printed {
			if !stored[name] {
				t.Errorf("kill after %d: %s was printed as accepted but is not in the store", after, name)
			}
		}
		gotSubs, _ := storeDump(t, ws)
		for sha, got := range gotSubs {
			if want, ok := wantSubs[sha]; !ok || got != want {
				t.Errorf("kill after %d: submission %s is not as the clean run stored it (half stored?):\n%s\nclean run:\n%s", after, sha[:12], got, want)
			}
		}
		t.Logf("kill after %d printed: %d stored of 60", after, len(gotSubs))
	}
}
