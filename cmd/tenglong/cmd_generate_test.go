package main

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"tenglong/internal/testtool"
	"tenglong/workbook"
)

func TestGenerateArgs(t *testing.T) {
	got, err := parse(t, func(env *Env, runF func(*generateOptions) error) *cobra.Command {
		return newGenerateCmd(env, &globalOptions{Workspace: "ws"}, runF)
	}, "--period", "2023Q3", "--units", "a,b", "--units", "c", "-o", "out", "--deadline", "2023-10-15", "--password", "pw", "--workers", "3")
	if err != nil {
		t.Fatal(err)
	}
	want := generateOptions{Workspace: "ws", Period: "2023Q3", Units: []string{"a", "b", "c"}, Output: "out", Deadline: "2023-10-15", Password: "pw", Workers: 3}
	if strings.Join(got.Units, ",") != "a,b,c" || got.Period != want.Period || got.Output != want.Output ||
		got.Deadline != want.Deadline || got.Password != want.Password || got.Workers != 3 || got.Workspace != "ws" {
		t.Errorf("got %+v", got)
	}
}

func TestGenerateWritesTemplatesAndManifest(t *testing.T) {
	ws := t.TempDir()
	run(t, "init", ws, "--seed", "huzhou-2023")
	code, _, errs := run(t, "-w", ws, "generate", "--period", "2023Q3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	dir := filepath.Join(ws, templatesDir, "2023Q3")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "\ufeff") {
		t.Error("manifest.csv has no UTF-8 BOM")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 7 {
		t.Fatalf("manifest rows %d: %v", len(rows), err)
	}
	for _, r := range rows[1:] {
		file, err := os.ReadFile(filepath.Join(dir, r[4]))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(file)
		if hex.EncodeToString(sum[:]) != r[5] {
			t.Errorf("%s: manifest sha256 does not match the file", r[4])
		}
		ret, err := workbook.ReadTemplate(file)
		if err != nil {
			t.Fatalf("%s: %v", r[4], err)
		}
		if ret.Metadata.Unit != r[0] || ret.Metadata.UnitName != r[1] || ret.Metadata.Period != "2023Q3" {
			t.Errorf("%s: metadata %+v does not match manifest row %v", r[4], ret.Metadata, r)
		}
	}
	drafts, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
	if len(drafts) != 6 {
		t.Fatalf("%d mail drafts, want 6", len(drafts))
	}
	for _, d := range drafts {
		eml, _ := os.ReadFile(d)
		if !strings.Contains(string(eml), "X-Unsent: 1\r\n") || strings.Contains(string(eml), "\r\nTo:") {
			t.Errorf("%s is not an unsent draft without a recipient", filepath.Base(d))
		}
	}
	// Python's email package, an independent reader, finds each template attached
	// under its Chinese name with its exact bytes.
	py := testtool.Python(t)
	script := `import sys, email, email.policy, hashlib, os
for path in sys.argv[1:]:
    msg = email.message_from_bytes(open(path, "rb").read(), policy=email.policy.default)
    for part in msg.iter_attachments():
        print(os.path.basename(path), part.get_filename(), hashlib.sha256(part.get_payload(decode=True)).hexdigest(), msg["Subject"], sep="\t")`
	out := testtool.Run(t, py, append([]string{"-c", script}, drafts...)...)
	sums := map[string]string{}
	for _, r := range rows[1:] {
		sums[r[4]] = r[5]
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 6 {
		t.Fatalf("python found %d attachments:\n%s", len(lines), out)
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 4 || strings.TrimSuffix(f[0], ".eml")+".xlsx" != f[1] || sums[f[1]] != f[2] || !strings.Contains(f[3], "2023年第三季度") {
			t.Errorf("python read %q", l)
		}
	}
	// The same campaign and period give the same files.
	first, _ := os.ReadFile(filepath.Join(dir, rows[1][4]))
	run(t, "-w", ws, "generate", "--period", "2023Q3", "--units", rows[1][0])
	again, _ := os.ReadFile(filepath.Join(dir, rows[1][4]))
	if string(first) != string(again) {
		t.Error("generating twice gave different bytes")
	}
}
