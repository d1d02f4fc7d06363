package store

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	helperEnv    = "TENGLONG_STORE_HELPER" // the role: writer or stall
	helperDBEnv  = "TENGLONG_STORE_DB"
	helperIDEnv  = "TENGLONG_STORE_WRITER"
	perWriter    = 50
	sharedUnits  = 5
	writerValues = 10
)

// runHelper is the body of a helper process.
func runHelper(role string) error {
	path := os.Getenv(helperDBEnv)
	switch role {
	case "writer":
		id, _ := strconv.Atoi(os.Getenv(helperIDEnv))
		s, err := Open(path)
		if err != nil {
			return err
		}
		defer s.Close()
		for { // start together: wait for the parent's go file
			if _, err := os.Stat(path + ".go"); err == nil {
				break
			}
			time.Sleep(time.Millisecond)
		}
		return writeMany(s, id)
	case "stall":
		s, err := Open(path)
		if err != nil {
			return err
		}
		sha, _, err := s.PutFile([]byte("stalled file"))
		if err != nil {
			return err
		}
		s.hook = func(stage string) error {
			if stage == "rows" {
				fmt.Println("READY") // values and rows are written, the transaction is open
				select {}            // wait to be killed
			}
			return nil
		}
		_, err = s.RecordSubmission(fixture(sha, "wuxing", "2023Q3", t0, "1"))
		return err
	}
	return fmt.Errorf("unknown helper role %q", role)
}

// writeMany records perWriter accepted submissions over sharedUnits units; writer w
// receives its i-th file at t0 + (2i+w) minutes, so the writers' files interleave
// and, recorded in whatever order the locks allow, must supersede in recording order
// (the ingest sequence), whatever their received times say.
func writeMany(s *Store, w int) error {
	for i := range perWriter {
		sha, _, err := s.PutFile(fmt.Appendf(nil, "writer %d file %d", w, i))
		if err != nil {
			return err
		}
		unit := fmt.Sprintf("u%d", i%sharedUnits)
		sub := fixture(sha, unit, "2023Q3", t0.Add(time.Duration(2*i+w)*time.Minute))
		for j := range writerValues {
			sub.Values = append(sub.Values, Value{Indicator: fmt.Sprintf("i%d", j), Value: fmt.Sprintf("%d.%d", w, i), Cell: fmt.Sprintf("G%d", 5+j)})
		}
		if _, err := s.RecordSubmission(sub); err != nil {
			return fmt.Errorf("writer %d submission %d: %w", w, i, err)
		}
		time.Sleep(time.Millisecond) // ingest's writer waits for the next parsed file
	}
	return nil
}

// checkWriters asserts that both writers' submissions are all present and that the
// supersession follows the recording order (ids), not the received times.
func checkWriters(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := 2 * perWriter
	got := counts(t, s)
	want := map[string]int{
		"files": n, "submissions": n, "submission_values": n * writerValues, "submission_rows": n * 2 * 3,
		"submission_tasks": n, "findings": n, "audit": n + n + (n - sharedUnits),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d rows, want %d", k, got[k], v)
		}
	}
	all, err := s.Submissions("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	// Submissions are listed by received time; the writer is the parity of the minute.
	order := slices.Clone(all)
	slices.SortFunc(order, func(a, b Stored) int { return cmp.Compare(a.ID, b.ID) })
	switches := 0
	for i := 1; i < len(order); i++ {
		if int(order[i].ReceivedAt.Sub(t0).Minutes())%2 != int(order[i-1].ReceivedAt.Sub(t0).Minutes())%2 {
			switches++
		}
	}
	t.Logf("the writers took turns %d times", switches)
	latest := map[string]Stored{}
	byID := map[int64]Stored{}
	for _, st := range all {
		byID[st.ID] = st
		if l, ok := latest[st.Unit]; !ok || st.ID > l.ID {
			latest[st.Unit] = st
		}
	}
	cur, err := s.Current("huzhou-2023", "2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	if len(cur) != sharedUnits {
		t.Fatalf("%d current submissions, want one per unit (%d)", len(cur), sharedUnits)
	}
	for _, c := range cur {
		if c.ID != latest[c.Unit].ID {
			t.Errorf("%s: current #%d, want the latest recorded #%d", c.Unit, c.ID, latest[c.Unit].ID)
		}
		if len(c.Values) != writerValues {
			t.Errorf("%s: %d values", c.Unit, len(c.Values))
		}
	}
	for _, st := range all {
		if st.SupersededBy == 0 {
			continue
		}
		by := byID[st.SupersededBy]
		if by.Unit != st.Unit || by.ID < st.ID {
			t.Errorf("#%d (%s %v) superseded by #%d (%s %v)", st.ID, st.Unit, st.ReceivedAt, by.ID, by.Unit, by.ReceivedAt)
		}
	}
}

func TestConcurrentGoroutines(t *testing.T) {
	for _, tc := range []struct {
		name   string
		shared bool // one *Store for both, or one each (two connection pools)
	}{
		{"one store", true},
		{"a store each", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			first, path := openTemp(t)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for w := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s := first
					if !tc.shared && w == 1 {
						var err error
						if s, err = Open(path); err != nil {
							errs[w] = err
							return
						}
						defer s.Close()
					}
					errs[w] = writeMany(s, w)
				}()
			}
			wg.Wait()
			for w, err := range errs {
				if err != nil {
					t.Fatalf("writer %d: %v", w, err)
				}
			}
			checkWriters(t, path)
		})
	}
}

func helperCmd(t *testing.T, role, path string, extra ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, helperDBEnv+"="+path)
	cmd.Env = append(cmd.Env, extra...)
	cmd.Stderr = os.Stderr
	return cmd
}

func TestConcurrentProcesses(t *testing.T) {
	_, path := openTemp(t) // created and migrated; the helpers open it too
	var cmds []*exec.Cmd
	for w := range 2 {
		cmd := helperCmd(t, "writer", path, fmt.Sprintf("%s=%d", helperIDEnv, w))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	time.Sleep(200 * time.Millisecond) // both have started and opened the store
	if err := os.WriteFile(path+".go", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for w, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer process %d: %v", w, err)
		}
	}
	checkWriters(t, path)
}

// TestKillMidTransaction kills a process while its submission's transaction is
// open, after values and list rows were written: nothing of the submission may
// remain, the file bytes (stored before, in their own transaction) must, and a
// rerun records the submission.
func TestKillMidTransaction(t *testing.T) {
	s, path := openTemp(t)
	cmd := helperCmd(t, "stall", path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if strings.TrimSpace(line) != "READY" {
		cmd.Process.Kill()
		t.Fatalf("helper said %q, %v", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	got := counts(t, s)
	want := map[string]int{"files": 1, "submissions": 0, "submission_values": 0, "submission_rows": 0,
		"submission_tasks": 0, "findings": 0, "audit": 1}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after kill: %v, want %v", got, want)
	}
	sha, existed, err := s.PutFile([]byte("stalled file"))
	if err != nil || !existed {
		t.Fatalf("file bytes not kept: existed=%v %v", existed, err)
	}
	var check string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if rec := record(t, s, fixture(sha, "wuxing", "2023Q3", t0, "1")); rec.Outcome != Accepted {
		t.Errorf("rerun = %+v", rec)
	}
}

// TestBusyTimeout: a writer that cannot get the lock in time gets the Chinese busy
// error naming the file, not a hang or a corrupt database.
func TestBusyTimeout(t *testing.T) {
	_, path := openTemp(t)
	holder, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.db.Begin() // BEGIN IMMEDIATE: holds the write lock
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()

	waiter, err := Open(path, WithBusyTimeout(200*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()
	start := time.Now()
	_, _, err = waiter.PutFile([]byte("x"))
	if err == nil || !strings.Contains(err.Error(), "被另一个 tenglong 命令占用超过 0.2 秒") || !strings.Contains(err.Error(), path) {
		t.Fatalf("error = %v", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("gave up after %v, before the busy timeout", d)
	}
	// Readers are not blocked by the writer (WAL).
	if _, err := waiter.Submissions("huzhou-2023", ""); err != nil {
		t.Errorf("read while another process writes: %v", err)
	}
}

// TestBusyWhileOtherMakesProgress: a writer whose busy timeout is far shorter than
// another writer's run still finishes, because the other one keeps committing. The
// other writer holds each transaction 30 ms, back to back; the waiter's timeout is
// 100 ms: SQLite alone would give up, seeing the lock taken at every retry.
func TestBusyWhileOtherMakesProgress(t *testing.T) {
	_, path := openTemp(t)
	busy, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busy.hook = func(stage string) error {
		if stage == "values" {
			time.Sleep(30 * time.Millisecond)
		}
		return nil
	}
	waiter, err := Open(path, WithBusyTimeout(100*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer waiter.Close()

	done := make(chan error)
	go func() {
		stop := time.Now().Add(time.Second)
		for i := 0; time.Now().Before(stop); i++ {
			sha, _, err := busy.PutFile(fmt.Appendf(nil, "busy %d", i))
			if err == nil {
				_, err = busy.RecordSubmission(fixture(sha, "wuxing", "2023Q3", t0, "1"))
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	time.Sleep(20 * time.Millisecond)
	for i := range 3 {
		if _, _, err := waiter.PutFile(fmt.Appendf(nil, "waiter %d", i)); err != nil {
			t.Fatalf("waiter: %v", err)
		}
	}
	if err := <-done; err != nil {
		t.Fatalf("busy writer: %v", err)
	}
}
