package outbox

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
)

// generateCampaign has units with an address, without one and with a broken one,
// enough of them that the writers finish out of order.
func generateCampaign(t *testing.T) (*campaign.Campaign, campaign.Period) {
	t.Helper()
	var units strings.Builder
	for i := 1; i <= 24; i++ {
		email := ""
		switch i % 4 {
		case 1, 2:
			email = ", contact: {name: 联系人, email: u" + string(rune('a'+i)) + "@example.cn}"
		case 3:
			email = ", contact: {name: 联系人, email: 不是邮箱}"
		}
		units.WriteString("  - {code: u" + string(rune('a'+i)) + ", name: 第" + string(rune('甲'+i)) + "镇" + email + "}\n")
	}
	c, probs := campaign.Load([]byte(`id: gen
title: 生成测试
span: {start: 2023-01, end: 2023-12}
units:
` + units.String() + `indicators:
  - {id: i, name: 指标, kind: flow, measure: 家, targets: {default: 10}}
`))
	if probs.HasErrors() {
		t.Fatal(probs)
	}
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	return c, p
}

// newTestGeneration is a Generation of generateCampaign's units for 2023Q3 into a
// fresh workspace's folder out, with the builtin drafts.
func newTestGeneration(t *testing.T) Generation {
	t.Helper()
	c, p := generateCampaign(t)
	ws := t.TempDir()
	drafts, err := NewDrafts(ws, c, p, p.Deadline(c.Deadline))
	if err != nil {
		t.Fatal(err)
	}
	return Generation{Campaign: c, Period: p, Deadline: p.Deadline(c.Deadline), Units: Units(c), Dir: filepath.Join(ws, "out"),
		Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Drafts: drafts, Workers: 2}
}

// TestGenerateOrder: with templates written by several writers at once, every unit
// gets its template and draft, and the manifest, Files and warnings follow the
// campaign's order of units; Progress counts every unit once.
func TestGenerateOrder(t *testing.T) {
	g := newTestGeneration(t)
	units := g.Units
	var counts []int
	dir := g.Dir
	g.Workers = 3
	g.Progress = func(done, total int, _ string) {
		if total != len(units) {
			t.Errorf("progress total %d, want %d", total, len(units))
		}
		counts = append(counts, done)
	}
	gen, err := Generate(g)
	if err != nil {
		t.Fatal(err)
	}
	if len(counts) != len(units) || counts[len(counts)-1] != len(units) {
		t.Errorf("progress called with %v, want 1…%d", counts, len(units))
	}
	for i, n := range counts {
		if n != i+1 {
			t.Fatalf("progress counted %v, want 1…%d in turn", counts, len(units))
		}
	}
	if len(gen.Files) != len(units) {
		t.Fatalf("%d files, want %d", len(gen.Files), len(units))
	}
	data, err := os.ReadFile(gen.Manifest)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(data), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != len(units)+1 {
		t.Fatalf("manifest: %d rows, %v", len(rows), err)
	}
	var badAddress []string
	var noEmail []string
	for i, u := range units {
		f := gen.Files[i]
		if f.Unit != u.Code || rows[i+1][0] != u.Code || rows[i+1][4] != f.File {
			t.Errorf("row %d is %v (file %s), want unit %s", i+1, rows[i+1], f.File, u.Code)
		}
		xlsx, err := os.ReadFile(filepath.Join(dir, f.File))
		if err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(xlsx); hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s: sha256 in Files does not match the file", f.File)
		}
		eml, err := os.ReadFile(filepath.Join(gen.MailDir, strings.TrimSuffix(f.File, ".xlsx")+".eml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(eml), "X-Unsent: 1") {
			t.Errorf("%s: the draft is not a draft", f.File)
		}
		switch {
		case u.Contact.Email == "":
			noEmail = append(noEmail, u.Name)
		case u.Contact.Email == "不是邮箱":
			badAddress = append(badAddress, u.Name)
		}
	}
	if len(gen.Warnings) != len(badAddress)+1 {
		t.Fatalf("warnings %q, want one for each of %v and one naming %v", gen.Warnings, badAddress, noEmail)
	}
	for i, name := range badAddress {
		if !strings.HasPrefix(gen.Warnings[i], name+"的联系人邮箱有问题") {
			t.Errorf("warning %d is %q, want %s's", i, gen.Warnings[i], name)
		}
	}
	if last := gen.Warnings[len(gen.Warnings)-1]; !strings.Contains(last, strings.Join(noEmail, "、")) {
		t.Errorf("last warning %q does not name %v in order", last, noEmail)
	}
}

// TestGenerateStopsOnFailure: a draft that cannot be written stops the run with the
// error, and no writer is left hanging.
func TestGenerateStopsOnFailure(t *testing.T) {
	g := newTestGeneration(t)
	p, units := g.Period, g.Units
	dir := g.Dir
	// unit 5's draft path is a folder: its write fails
	blocked := filepath.Join(dir, "mail", "05-"+units[4].Name+"-"+p.String()+".eml")
	if err := os.MkdirAll(blocked, 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(g)
	if err == nil {
		t.Fatal("Generate succeeded with a draft it could not write")
	}
	if !strings.Contains(err.Error(), filepath.Base(blocked)) {
		t.Errorf("error %q does not name the draft %s", err, filepath.Base(blocked))
	}
	if _, statErr := os.Stat(filepath.Join(dir, "manifest.csv")); statErr == nil {
		t.Error("manifest.csv written after a failure")
	}
}
