package main

// Issue 11, "files out and the store on disk never break a batch or a good file":
// --return-dir never aborts an ingest, every output write is atomic, a broken
// tenglong.db is refused and never taken for a new one, and the read-only commands
// work in a workspace that cannot be written. Every test runs the built binary.

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

// binRun runs the built binary, behind a prefix (a shell setting a limit, setpriv),
// with a fixed clock.
func filesRun(t *testing.T, prefix []string, args ...string) (int, string, string) {
	t.Helper()
	argv := append(append(append([]string{}, prefix...), binary), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "TENGLONG_CLOCK=2023-10-20T09:00:00+08:00")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return ee.ExitCode(), out.String(), errb.String()
	}
	t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, errb.String())
	return 0, "", ""
}

func filesOK(t *testing.T, args ...string) string {
	t.Helper()
	code, out, errs := filesRun(t, nil, args...)
	if code != 0 {
		t.Fatalf("tenglong %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// filesWorkspace is a Huzhou workspace with the 2023Q3 templates generated; it
// returns the workspace and unit code → template path.
func filesWorkspace(t *testing.T) (string, map[string]string) {
	t.Helper()
	ws := filepath.Join(t.TempDir(), "office")
	filesOK(t, "init", ws, "--seed", "huzhou-2023")
	filesOK(t, "-w", ws, "generate", "--period", "2023Q3")
	return ws, readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
}

type filesIngested struct {
	Path    string `json:"path"`
	Unit    string `json:"unit"`
	Outcome string `json:"outcome"`
}

// binIngest runs ingest --json on the binary and returns exit code, files, stderr.
func binIngest(t *testing.T, ws string, args ...string) (int, []filesIngested, string) {
	t.Helper()
	code, out, errs := filesRun(t, nil, append([]string{"-w", ws, "ingest", "--json"}, args...)...)
	var doc struct {
		Files []filesIngested `json:"files"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("ingest --json (exit %d): %v\n%s%s", code, err, out, errs)
	}
	return code, doc.Files, errs
}

// dirNames lists a folder, dot files left out.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// A blank template sent back is rejected with a finding on every value cell: each
// case below makes --return-dir mark it up under hostile conditions.
func TestFilesReturnDirNeverAbortsBatch(t *testing.T) {
	ws, templates := filesWorkspace(t)
	root := t.TempDir()

	t.Run("marked copy sent back again", func(t *testing.T) {
		// The unit returns the marked-up copy, saved but not corrected: every cell we
		// mark already carries our comment. Before, excelize refused the second comment
		// and the whole batch stopped (exit 1) with the rest of the folder never
		// ingested. (Unsaved, it would be our own copy, skipped: TestIngestOfficeCopies.)
		first := filepath.Join(root, "first")
		writeBytes(t, filepath.Join(first, "05-安吉县-2023Q3.xlsx"), readBytes(t, templates["anji"]))
		back1 := filepath.Join(root, "back1")
		if code, _, errs := binIngest(t, ws, first, "--return-dir", back1); code != 3 {
			t.Fatalf("first ingest exit %d, want 3\n%s", code, errs)
		}
		marked := filepath.Join(back1, "05-安吉县-2023Q3-退回修改.xlsx")
		again := filepath.Join(root, "again")
		writeBytes(t, filepath.Join(again, "05-安吉县-2023Q3.xlsx"), savedByUnit(t, readBytes(t, marked)))
		writeBytes(t, filepath.Join(again, "06-南太湖新区-2023Q3.xlsx"), readBytes(t, templates["nantaihu"]))
		back2 := filepath.Join(root, "back2")
		code, files, errs := binIngest(t, ws, again, "--return-dir", back2)
		if code != 3 || len(files) != 2 || errs != "" {
			t.Fatalf("exit %d, %d files, stderr %q; want 3, both files, no warning", code, len(files), errs)
		}
		if got := dirNames(t, back2); strings.Join(got, ",") != "05-安吉县-2023Q3-退回修改.xlsx,06-南太湖新区-2023Q3-退回修改.xlsx" {
			t.Errorf("return dir holds %v", got)
		}
		ret, err := workbook.ReadTemplate(readBytes(t, filepath.Join(back2, "05-安吉县-2023Q3-退回修改.xlsx")))
		if err != nil || ret.Metadata.Unit != "anji" {
			t.Errorf("the copy marked twice no longer reads as anji's template: %v", err)
		}
	})

	t.Run("name over 255 bytes", func(t *testing.T) {
		// 80 Chinese characters: 240 bytes + .xlsx fits, + -退回修改 does not.
		long := strings.Repeat("长", 80) + ".xlsx"
		in := filepath.Join(root, "long")
		writeBytes(t, filepath.Join(in, long), readBytes(t, templates["wuxing"]))
		back := filepath.Join(root, "backlong")
		code, files, errs := binIngest(t, ws, in, "--return-dir", back)
		if code != 3 || len(files) != 1 || files[0].Outcome != "rejected" || errs != "" {
			t.Fatalf("exit %d, files %+v, stderr %q", code, files, errs)
		}
		got := dirNames(t, back)
		if len(got) != 1 || len(got[0]) > 255 || !strings.HasSuffix(got[0], "-退回修改.xlsx") || !strings.HasPrefix(got[0], "长长长") {
			t.Errorf("return dir holds %q", got)
		}
	})

	t.Run("return dir inside the input folder", func(t *testing.T) {
		in := filepath.Join(root, "inside")
		writeBytes(t, filepath.Join(in, "01-吴兴区-2023Q3.xlsx"), readBytes(t, templates["wuxing"]))
		writeBytes(t, filepath.Join(in, "02-南浔区-2023Q3.xlsx"), readBytes(t, templates["nanxun"]))
		back := filepath.Join(in, "退回")
		for run := 1; run <= 2; run++ {
			_, files, _ := binIngest(t, ws, in, "--return-dir", back)
			for _, f := range files {
				if strings.Contains(f.Path, "退回修改") {
					t.Errorf("run %d ingested its own marked-up copy %s", run, f.Path)
				}
			}
		}
		// And the next walk of the folder without --return-dir leaves it out too.
		_, files, _ := binIngest(t, ws, in)
		if len(files) != 2 {
			t.Errorf("a plain walk ingested %d files, want the 2 returns: %+v", len(files), files)
		}
		// The folder itself as return dir is refused before anything happens.
		code, _, errs := filesRun(t, nil, "-w", ws, "ingest", in, "--return-dir", in)
		if code != 2 || !strings.Contains(errs, "就是要回收的文件夹") {
			t.Errorf("return dir = input folder: exit %d, %q", code, errs)
		}
	})

	t.Run("unwritable return dir", func(t *testing.T) {
		in := filepath.Join(root, "unwritable")
		writeBytes(t, filepath.Join(in, "03-德清县-2023Q3.xlsx"), readBytes(t, templates["deqing"]))
		writeBytes(t, filepath.Join(in, "04-长兴县-2023Q3.xlsx"), readBytes(t, templates["changxing"]))
		blocker := filepath.Join(root, "a-file")
		writeBytes(t, blocker, []byte("x"))
		code, files, errs := binIngest(t, ws, in, "--return-dir", filepath.Join(blocker, "退回"))
		if code != 3 || len(files) != 2 {
			t.Fatalf("exit %d with %d files; want 3 (rejected files) with both ingested", code, len(files))
		}
		for _, want := range []string{"警告：退回文件夹", "本批文件已照常回收入库", "2 个被退回的文件没有生成标注副本", "路径里有同名的文件，不是文件夹"} {
			if !strings.Contains(errs, want) {
				t.Errorf("stderr lacks %q:\n%s", want, errs)
			}
		}
	})

	t.Run("same name from two folders and a zip", func(t *testing.T) {
		ws, templates := filesWorkspace(t) // returns not yet seen by the cases above
		in := filepath.Join(root, "same")
		writeBytes(t, filepath.Join(in, "a", "报表.xlsx"), readBytes(t, templates["wuxing"]))
		writeBytes(t, filepath.Join(in, "b", "报表.xlsx"), readBytes(t, templates["nanxun"]))
		var zbuf bytes.Buffer
		zw := zip.NewWriter(&zbuf)
		w, _ := zw.Create("报表.xlsx")
		w.Write(readBytes(t, templates["deqing"]))
		zw.Close()
		writeBytes(t, filepath.Join(in, "c.zip"), zbuf.Bytes())
		back := filepath.Join(root, "backsame")
		code, files, errs := binIngest(t, ws, in, "--return-dir", back)
		if code != 3 || len(files) != 3 || errs != "" {
			t.Fatalf("exit %d, %d files, stderr %q", code, len(files), errs)
		}
		got := dirNames(t, back)
		want := []string{"报表-退回修改-2.xlsx", "报表-退回修改-3.xlsx", "报表-退回修改.xlsx"}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatalf("return dir holds %v, want %v", got, want)
		}
		// In input order, one copy per unit: none overwrote another.
		for name, unit := range map[string]string{want[2]: "wuxing", want[0]: "nanxun", want[1]: "deqing"} {
			ret, err := workbook.ReadTemplate(readBytes(t, filepath.Join(back, name)))
			if err != nil || ret.Metadata.Unit != unit {
				t.Errorf("%s: %v, want %s's copy", name, err, unit)
			}
		}
	})
}

// fileState is what a write must leave alone: the bytes and the time of a file.
type fileState struct {
	data []byte
	mod  time.Time
}

func fileStateOf(t *testing.T, path string) fileState {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{readBytes(t, path), info.ModTime()}
}

// Every output is written whole or not at all. A child process with a 2 KB file size
// limit (RLIMIT_FSIZE: writes fail with EFBIG, as on a full disk) rewrites each
// output: the good file from before stays byte for byte, no temporary file is left,
// and the message says what happened — without the Excel/WPS hint, which on Linux is
// never the cause. Before, os.WriteFile truncated the good file first.
func TestFilesOutputWritesAtomic(t *testing.T) {
	ws, _ := filesWorkspace(t)
	out := t.TempDir()
	limited := []string{"sh", "-c", `ulimit -f 4 && exec "$@"`, "sh"} // 4 × 512 bytes
	for _, tc := range []struct {
		name string
		path string
		args []string
	}{
		{"breakdown", filepath.Join(out, "任务分解表.xlsx"), []string{"-w", ws, "breakdown", "-o", filepath.Join(out, "任务分解表.xlsx")}},
		{"consolidate", filepath.Join(out, "汇总表.xlsx"), []string{"-w", ws, "consolidate", "--period", "2023Q3", "-o", filepath.Join(out, "汇总表.xlsx")}},
		{"interviews xlsx", filepath.Join(out, "约谈名单.xlsx"), []string{"-w", ws, "interviews", "--period", "2023Q3", "--xlsx", filepath.Join(out, "约谈名单.xlsx")}},
		{"interviews pdf", filepath.Join(out, "约谈.pdf"), []string{"-w", ws, "interviews", "--period", "2023Q3", "-o", filepath.Join(out, "约谈.pdf")}},
		{"bulletin", filepath.Join(out, "通报.pdf"), []string{"-w", ws, "bulletin", "--period", "2023Q3", "-o", filepath.Join(out, "通报.pdf")}},
		{"generate", filepath.Join(out, "gen", "2023Q3", "01-吴兴区-2023Q3.xlsx"), []string{"-w", ws, "generate", "--period", "2023Q3", "-o", filepath.Join(out, "gen")}},
		{"init", filepath.Join(ws, "campaign.yaml"), []string{"init", ws, "--seed", "huzhou-2023", "--force"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name != "init" {
				filesOK(t, tc.args...)
			}
			before := fileStateOf(t, tc.path)
			dirBefore := allNames(t, filepath.Dir(tc.path))
			code, stdout, errs := filesRun(t, limited, tc.args...)
			if code != 1 {
				t.Fatalf("exit %d under a 2 KB limit, want 1\n%s%s", code, stdout, errs)
			}
			if after := fileStateOf(t, tc.path); !bytes.Equal(after.data, before.data) {
				t.Errorf("%s changed (%d bytes, was %d): a failed write broke the good file", tc.path, len(after.data), len(before.data))
			}
			if got := allNames(t, filepath.Dir(tc.path)); strings.Join(got, "|") != strings.Join(dirBefore, "|") {
				t.Errorf("folder holds %v after the failed write, had %v: a temporary file was left", got, dirBefore)
			}
			if !strings.Contains(errs, "磁盘空间不足") || !strings.Contains(errs, "原有的文件没有改动") {
				t.Errorf("message %q does not say the disk is full and the old file is kept", errs)
			}
			if strings.Contains(errs, "Excel") {
				t.Errorf("message %q blames Excel/WPS, which cannot be the cause on Linux", errs)
			}
		})
	}
	t.Run("parent is a file", func(t *testing.T) {
		blocker := filepath.Join(out, "not-a-dir")
		writeBytes(t, blocker, []byte("x"))
		code, _, errs := filesRun(t, nil, "-w", ws, "consolidate", "--period", "2023Q3", "-o", filepath.Join(blocker, "汇总表.xlsx"))
		if code != 1 || !strings.Contains(errs, blocker+" 不是文件夹") || strings.Contains(errs, "Excel") {
			t.Errorf("exit %d, %q", code, errs)
		}
	})
}

// allNames lists a folder, dot files included (a temporary file is one).
func allNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// A tenglong.db that is there but is not a sound database is refused by every
// command, with the file named and the way out, and left exactly as it was. Before,
// a 0-byte file was taken for a new database and the schema written into it.
func TestFilesBrokenDatabaseRefused(t *testing.T) {
	ws, templates := filesWorkspace(t)
	in := filepath.Join(t.TempDir(), "in")
	writeBytes(t, filepath.Join(in, "01-吴兴区-2023Q3.xlsx"), readBytes(t, templates["wuxing"]))
	db := workspaceStore(ws)
	good := func() []byte {
		os.Remove(db)
		binIngest(t, ws, in)
		return readBytes(t, db)
	}()
	damaged := append([]byte{}, good...)
	copy(damaged[len(damaged)/2:], bytes.Repeat([]byte("\xff\x00broken"), 800))
	for _, tc := range []struct {
		name    string
		data    []byte
		message string
	}{
		{"zero bytes", []byte{}, "是空文件（0 字节）"},
		{"not a database", []byte(strings.Repeat("这是一个被覆盖的文件", 100)), "已损坏或不是数据库文件"},
		{"damaged pages", damaged, "已损坏"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			writeBytes(t, db, tc.data)
			for _, args := range [][]string{
				{"status", "--period", "2023Q3"},
				{"consolidate", "--period", "2023Q3"},
				{"ingest", in},
			} {
				code, _, errs := filesRun(t, nil, append([]string{"-w", ws}, args...)...)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1\n%s", args[0], code, errs)
				}
				for _, want := range []string{db, tc.message, "从备份恢复", "tenglong ingest 重新导入"} {
					if !strings.Contains(errs, want) {
						t.Errorf("%s: message lacks %q:\n%s", args[0], want, errs)
					}
				}
				if got := readBytes(t, db); !bytes.Equal(got, tc.data) {
					t.Fatalf("%s changed the refused file (%d bytes, was %d)", args[0], len(got), len(tc.data))
				}
			}
		})
	}
}

// stampsIn points the commands' remembered store checks at a folder of the test's
// own and returns the one stamp there ("" when there is none).
func stampsIn(t *testing.T) func() string {
	t.Helper()
	cache := t.TempDir()
	t.Setenv("TENGLONG_CACHE_DIR", cache)
	return func() string {
		names, _ := filepath.Glob(filepath.Join(cache, "checked", "*"))
		if len(names) > 1 {
			t.Fatalf("%d stamps for one workspace: %v", len(names), names)
		}
		if len(names) == 0 {
			return ""
		}
		return names[0]
	}
}

// A store every command has found sound and remembered so (issue 21: the whole-file
// check is not repeated while the file is unchanged) is still refused by every
// command once it is damaged: the damage changes the file, and the check comes back.
func TestFilesBrokenDatabaseRefusedAfterRemembered(t *testing.T) {
	stamp := stampsIn(t)
	ws, templates := filesWorkspace(t)
	in := filepath.Join(t.TempDir(), "in")
	writeBytes(t, filepath.Join(in, "01-吴兴区-2023Q3.xlsx"), readBytes(t, templates["wuxing"]))
	db := workspaceStore(ws)
	binIngest(t, ws, in)
	good := readBytes(t, db)
	damaged := append([]byte{}, good...)
	copy(damaged[len(damaged)/2:], bytes.Repeat([]byte("\xff\x00broken"), 800))
	for _, args := range [][]string{
		{"status", "--period", "2023Q3"},
		{"consolidate", "--period", "2023Q3"},
		{"ingest", in},
	} {
		t.Run(args[0], func(t *testing.T) {
			writeBytes(t, db, good)
			filesOK(t, "-w", ws, "status", "--period", "2023Q3") // found sound, remembered
			if stamp() == "" {
				t.Fatal("status of a sound store remembered nothing")
			}
			writeBytes(t, db, damaged)
			code, _, errs := filesRun(t, nil, append([]string{"-w", ws}, args...)...)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, errs)
			}
			for _, want := range []string{db, "已损坏", "从备份恢复", "tenglong ingest 重新导入"} {
				if !strings.Contains(errs, want) {
					t.Errorf("message lacks %q:\n%s", want, errs)
				}
			}
			if got := readBytes(t, db); !bytes.Equal(got, damaged) {
				t.Fatalf("changed the refused file")
			}
		})
	}
}

// What tenglong wrote itself is not checked again: after ingest, status finds the
// file as ingest left it and does not read it whole (its stamp stays as ingest wrote
// it); a file changed by anything else is checked and remembered anew.
func TestFilesStatusAfterIngestNotRechecked(t *testing.T) {
	stamp := stampsIn(t)
	ws, templates := filesWorkspace(t)
	in := filepath.Join(t.TempDir(), "in")
	writeBytes(t, filepath.Join(in, "01-吴兴区-2023Q3.xlsx"), readBytes(t, templates["wuxing"]))
	binIngest(t, ws, in)
	stat := func() os.FileInfo {
		t.Helper()
		if stamp() == "" {
			t.Fatal("no stamp")
		}
		info, err := os.Stat(stamp())
		if err != nil {
			t.Fatal(err)
		}
		return info
	}
	afterIngest := stat()
	time.Sleep(10 * time.Millisecond) // a rewritten stamp would have a later time
	for range 2 {
		filesOK(t, "-w", ws, "status", "--period", "2023Q3")
		if now := stat(); !os.SameFile(now, afterIngest) || !now.ModTime().Equal(afterIngest.ModTime()) {
			t.Fatal("status checked the store ingest had just written and closed")
		}
	}
	later := time.Now().Add(time.Minute)
	os.Chtimes(workspaceStore(ws), later, later)
	filesOK(t, "-w", ws, "status", "--period", "2023Q3")
	if os.SameFile(stat(), afterIngest) {
		t.Fatal("status did not check a store whose file time changed")
	}
}

// The read-only commands read a workspace without writing to it: as root (where
// permissions do not stop writes) the database's bytes and time stay and no -wal or
// -shm appears; as an unprivileged user in a workspace it cannot write, they work.
// Before, every command opened the database read-write and, in a read-only folder,
// failed to create its -wal.
func TestFilesReadOnlyWorkspace(t *testing.T) {
	base := t.TempDir()
	ws := filepath.Join(base, "office")
	filesOK(t, "init", ws, "--seed", "huzhou-2023")
	filesOK(t, "-w", ws, "generate", "--period", "2023Q3")
	templates := readManifest(t, filepath.Join(ws, templatesDir, "2023Q3"))
	in := filepath.Join(base, "in")
	writeBytes(t, filepath.Join(in, "01-吴兴区-2023Q3.xlsx"), readBytes(t, templates["wuxing"]))
	binIngest(t, ws, in)
	db := workspaceStore(ws)
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	os.Chtimes(db, old, old)
	before := fileStateOf(t, db)
	out := filepath.Join(base, "out")
	os.MkdirAll(out, 0o777)
	os.Chmod(out, 0o777)

	commands := [][]string{
		{"status", "--period", "2023Q3"},
		{"consolidate", "--period", "2023Q3"},
		{"score", "--period", "2023Q3"},
		{"interviews", "--period", "2023Q3"},
		{"bulletin", "--period", "2023Q3", "-o", filepath.Join(out, "通报.pdf")},
		{"points", "list", "--period", "2023Q3"},
		{"totals", "list", "--period", "2023Q3"},
		{"validate", filepath.Join(in, "01-吴兴区-2023Q3.xlsx")},
	}
	check := func(t *testing.T, who string) {
		t.Helper()
		after := fileStateOf(t, db)
		if !bytes.Equal(after.data, before.data) || !after.mod.Equal(before.mod) {
			t.Errorf("%s: the database changed (mtime %v, was %v)", who, after.mod, before.mod)
		}
		for _, side := range []string{"-wal", "-shm"} {
			if _, err := os.Stat(db + side); err == nil {
				t.Errorf("%s left %s", who, filepath.Base(db+side))
			}
		}
	}
	t.Run("root", func(t *testing.T) {
		for _, args := range commands {
			// Another tenglong's -wal would be read; watch for one made by this command.
			code, stdout, errs := filesRun(t, nil, append([]string{"-w", ws}, args...)...)
			if code != 0 && !(args[0] == "validate" && code == 3) {
				t.Errorf("%s: exit %d\n%s%s", args[0], code, stdout, errs)
			}
			check(t, args[0])
		}
	})
	t.Run("unprivileged user", func(t *testing.T) {
		// nobody may read and traverse everything, and write nothing but out/.
		for p := ws; p != filepath.Dir(filepath.Dir(base)); p = filepath.Dir(p) {
			os.Chmod(p, 0o755)
		}
		filepath.WalkDir(ws, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				os.Chmod(p, 0o444)
			}
			return nil
		})
		filepath.WalkDir(in, func(p string, d os.DirEntry, err error) error {
			if err == nil {
				os.Chmod(p, map[bool]os.FileMode{true: 0o755, false: 0o444}[d.IsDir()])
			}
			return nil
		})
		bin := filepath.Join(base, "tenglong")
		writeBytes(t, bin, readBytes(t, binary))
		os.Chmod(bin, 0o755)
		nobody, _ := readOnlyRunner(t, ws)
		run := func(args ...string) (int, string, string) {
			saved := binary
			binary = bin
			defer func() { binary = saved }()
			return filesRun(t, nobody, args...)
		}
		for _, args := range commands {
			code, stdout, errs := run(append([]string{"-w", ws}, args...)...)
			if code != 0 && !(args[0] == "validate" && code == 3) {
				t.Errorf("%s as nobody in a read-only workspace: exit %d\n%s%s", args[0], code, stdout, errs)
			}
			check(t, args[0]+" as nobody")
		}
		// A command that writes says why it cannot, in Chinese, and writes nothing.
		code, _, errs := run("-w", ws, "ingest", in)
		if code != 1 || !strings.Contains(errs, "写不了数据库") {
			t.Errorf("ingest as nobody: exit %d, %q", code, errs)
		}
		check(t, "ingest as nobody")
	})
}

// A database made by an older tenglong (here: schema steps 3 and later — office
// entries, the signing key, the web door's tables and audit columns — taken off with
// Python's sqlite3) is upgraded by a read-only command when the workspace can be
// written, and when it cannot the command says so instead of failing obscurely.
func TestFilesReadOnlyOlderSchema(t *testing.T) {
	py := testtool.Python(t, "sqlite3")
	base := t.TempDir()
	ws := filepath.Join(base, "office")
	filesOK(t, "init", ws, "--seed", "huzhou-2023")
	filesOK(t, "-w", ws, "status", "--period", "2023Q3") // makes the database
	db := workspaceStore(ws)
	downgrade := func() {
		testtool.Run(t, py, "-c", `import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("delete from schema_version where version >= 3")
for (name,) in c.execute("select name from sqlite_schema where type = 'table' and (name like 'office_%' or name = 'signing_key' or name like 'mail_%' or name in ('web_settings', 'portal_links'))").fetchall():
    c.execute("drop table " + name)
for col in ("via", "remote", "link_unit"):
    c.execute("alter table audit drop column " + col)
c.commit()
c.close()`, db)
	}
	downgrade()
	for p := ws; p != filepath.Dir(filepath.Dir(base)); p = filepath.Dir(p) {
		os.Chmod(p, 0o755)
	}
	os.Chmod(filepath.Join(ws, "campaign.yaml"), 0o444)
	os.Chmod(db, 0o444)
	bin := filepath.Join(base, "tenglong")
	writeBytes(t, bin, readBytes(t, binary))
	os.Chmod(bin, 0o755)
	saved := binary
	binary = bin
	nobody, writable := readOnlyRunner(t, ws)
	code, _, errs := filesRun(t, nobody, "-w", ws, "status", "--period", "2023Q3")
	binary = saved
	writable()
	if code != 1 || !strings.Contains(errs, "是旧版本 tenglong 建的，要升级结构后才能读") || !strings.Contains(errs, db) {
		t.Errorf("status as nobody on an older schema: exit %d, %q", code, errs)
	}
	// Writable (root): the same command upgrades it and works.
	os.Chmod(db, 0o644)
	filesOK(t, "-w", ws, "status", "--period", "2023Q3")
	filesOK(t, "-w", ws, "points", "list", "--period", "2023Q3") // reads office_points: upgraded
}

// readOnlyRunner gives the prefix that runs a command as a user who can read but not
// write the folders dirs: as root, who writes through any permission, that is nobody
// (setpriv); as an ordinary user it is the user itself, with every folder under dirs
// made read-only (0555) until writable is called or the test ends.
func readOnlyRunner(t *testing.T, dirs ...string) (prefix []string, writable func()) {
	t.Helper()
	if os.Geteuid() == 0 {
		setpriv := mustLookPath(t, "setpriv")
		return []string{setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/nonexistent"}, func() {}
	}
	chmodDirs := func(mode os.FileMode) {
		for _, d := range dirs {
			filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
				if err == nil && e.IsDir() {
					os.Chmod(p, mode)
				}
				return nil
			})
		}
	}
	chmodDirs(0o555)
	writable = func() { chmodDirs(0o755) }
	t.Cleanup(writable) // before t.TempDir removes them
	return nil, writable
}

func mustLookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s (util-linux) is needed to run tenglong as an unprivileged user: %v", name, err)
	}
	return p
}
