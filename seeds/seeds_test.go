package seeds_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"tenglong/campaign"
	"tenglong/seeds"
)

// documents maps each seed to the source document it was transcribed from. The
// documents are copied into testdata/docs so the tests run from a bare clone.
var documents = map[string]string{
	"huzhou-2023":          "huzhou-2023.txt",
	"huzhou-2023-depts":    "huzhou-2023.txt",
	"huzhou-2023-projects": "huzhou-2023.txt",
	"shengzhou-2022":       "shengzhou-2022.txt",
	"lucheng-2021":         "lucheng-2021.txt",
	"ouhai-2021":           "ouhai-2021-tasklist.txt",
	"wzetdz-2015":          "wzetdz-2015.txt",
}

func TestEverySeedIsListedAndHasADocument(t *testing.T) {
	var want []string
	for id := range documents {
		want = append(want, id)
	}
	sort.Strings(want)
	if got := seeds.IDs(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("seeds.IDs() = %v, want %v", got, want)
	}
}

// The copies under testdata/docs must be the documents in shared/, when shared/ is
// beside the clone (as in CI): a copy that drifted would prove nothing.
func TestDocumentCopiesMatchShared(t *testing.T) {
	shared := filepath.Join("..", "..", "shared", "seed-docs")
	if os.Getenv("CI") == "" {
		if _, err := os.Stat(shared); err != nil {
			t.Logf("no %s beside this clone; comparing copies skipped outside CI", shared)
			return
		}
	}
	for _, name := range uniqueDocs() {
		a, err := os.ReadFile(filepath.Join(shared, name))
		if err != nil {
			t.Fatalf("read shared document: %v", err)
		}
		b, err := os.ReadFile(filepath.Join("testdata", "docs", name))
		if err != nil {
			t.Fatalf("read copied document: %v", err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("testdata/docs/%s differs from shared/seed-docs/%s: copy it again", name, name)
		}
	}
}

func uniqueDocs() []string {
	set := map[string]bool{}
	for _, d := range documents {
		set[d] = true
	}
	var out []string
	for d := range set {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

func TestSeedsLoadAndCheckClean(t *testing.T) {
	for _, id := range seeds.IDs() {
		t.Run(id, func(t *testing.T) {
			c := loadSeed(t, id)
			probs := campaign.Check(c)
			if errs := probs.Errors(); len(errs) > 0 {
				t.Fatalf("check errors: %v", errs)
			}
			if c.ID != id {
				t.Errorf("id = %q, want %q", c.ID, id)
			}
			if c.Source == "" {
				t.Error("seed has no source")
			}
			warnings := probs.Warnings()
			if id == "huzhou-2023" {
				if len(warnings) != 1 || warnings[0].Code != "total-mismatch" ||
					!strings.Contains(warnings[0].Message, "15.1") || !strings.Contains(warnings[0].Message, "高耗低效整治腾出能耗空间") {
					t.Fatalf("huzhou-2023 warnings = %v, want the one 15.1 vs 15 total-mismatch", warnings)
				}
			} else if len(warnings) > 0 {
				t.Errorf("warnings: %v", warnings)
			}
		})
	}
}

func loadSeed(t *testing.T, id string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	c, probs := campaign.Load(data)
	if probs.HasErrors() {
		t.Fatalf("load %s: %v", id, probs.Errors())
	}
	return c
}

// TestSeedSamplesMatchDocuments checks every sample of testdata/<id>.samples.tsv: the
// seed holds the expected value, and the document line holds the snippet (and, for
// numbers, the number itself).
func TestSeedSamplesMatchDocuments(t *testing.T) {
	for _, id := range seeds.IDs() {
		t.Run(id, func(t *testing.T) {
			c := loadSeed(t, id)
			doc := readLines(t, filepath.Join("testdata", "docs", documents[id]))
			samples := readSamples(t, filepath.Join("testdata", id+".samples.tsv"))
			if len(samples) < 20 {
				t.Fatalf("only %d samples; want at least 20", len(samples))
			}
			for _, s := range samples {
				got, err := sampleValue(c, s)
				if err != "" {
					t.Errorf("line %d %s %s: %s", s.line, s.kind, s.key, err)
					continue
				}
				if !sameSample(s.kind, got, s.expected) {
					t.Errorf("line %d %s %s = %q, want %q", s.line, s.kind, s.key, got, s.expected)
				}
				if s.docLine == 0 {
					continue
				}
				if s.docLine > len(doc) {
					t.Errorf("line %d: document has no line %d", s.line, s.docLine)
					continue
				}
				text := doc[s.docLine-1]
				if s.snippet == "" || !strings.Contains(text, s.snippet) {
					t.Errorf("line %d: document line %d %q does not contain %q", s.line, s.docLine, text, s.snippet)
				}
				if n := numberOf(s.expected); n != "" && (s.kind == "target" || s.kind == "benchmark" || s.kind == "base") && !strings.Contains(s.snippet, n) {
					t.Errorf("line %d: snippet %q does not contain the number %s", s.line, s.snippet, n)
				}
			}
		})
	}
}

type sample struct {
	line                int
	kind, key, expected string
	docLine             int
	snippet             string
}

func readSamples(t *testing.T, path string) []sample {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("every seed needs a samples file: %v", err)
	}
	defer f.Close()
	var out []sample
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "\t")
		for len(parts) < 5 {
			parts = append(parts, "")
		}
		docLine, err := strconv.Atoi(parts[3])
		if err != nil {
			t.Fatalf("%s:%d: docline %q is not a number", path, n, parts[3])
		}
		out = append(out, sample{line: n, kind: parts[0], key: parts[1], expected: parts[2], docLine: docLine, snippet: parts[4]})
	}
	return out
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(data), "\n")
}

// numberOf returns the number of a numeric expected target ("4.5 note:…" → "4.5").
func numberOf(expected string) string {
	first := strings.SplitN(expected, " ", 2)[0]
	if _, err := strconv.ParseFloat(first, 64); err != nil || strings.Contains(expected, ":") && !strings.Contains(expected, " note:") {
		return ""
	}
	return first
}

// renderTarget writes a target in the samples' notation.
func renderTarget(t campaign.Target) string {
	switch t.Form {
	case campaign.TargetNumber:
		if t.Note != "" {
			return t.Literal + " note:" + t.Note
		}
		return t.Literal
	case campaign.TargetNA:
		return "na"
	case campaign.TargetText:
		return "text:" + t.Note
	case campaign.TargetPending:
		return "pending:" + t.Note
	}
	return "(none)"
}

func sampleValue(c *campaign.Campaign, s sample) (string, string) {
	parts := strings.Split(s.key, "/")
	switch s.kind {
	case "target":
		in, ok := c.Indicator(parts[0])
		if !ok || len(parts) < 2 {
			return "", "no such indicator or bad key"
		}
		year := c.Span.End.Year
		if len(parts) == 3 {
			y, err := strconv.Atoi(parts[2])
			if err != nil {
				return "", "bad year"
			}
			if _, ok := in.ByYear[y]; !ok {
				return "", "no by-year targets for " + parts[2]
			}
			year = y
		}
		t, _, ok := c.TargetFor(in, parts[1], campaign.Period{Kind: campaign.Annual, Year: year})
		if !ok {
			return "", "no target"
		}
		return renderTarget(t), ""
	case "base":
		in, ok := c.Indicator(parts[0])
		if !ok || len(parts) != 2 {
			return "", "no such indicator or bad key"
		}
		b, ok := c.BaseFor(in, parts[1])
		if !ok {
			return "", "no base"
		}
		return fmt.Sprintf("%s year:%d", b, in.BaseYear), ""
	case "benchmark":
		in, ok := c.Indicator(parts[0])
		if !ok || len(parts) != 2 {
			return "", "no such indicator or bad key"
		}
		b, ok := in.Benchmarks[parts[1]]
		if !ok {
			return "", "no such benchmark"
		}
		return renderTarget(b), ""
	case "task":
		for _, t := range c.Tasks {
			if t.ID == s.key {
				var out []string
				if len(t.Lead) > 0 {
					out = append(out, "lead="+strings.Join(t.Lead, ","))
				}
				if len(t.Co) > 0 {
					out = append(out, "co="+strings.Join(t.Co, ","))
				}
				if t.Due != nil {
					out = append(out, "due="+t.Due.Format("2006-01-02"))
				}
				return strings.Join(out, ";"), ""
			}
		}
		return "", "no such task"
	case "list":
		for _, l := range c.Lists {
			if l.ID != parts[0] || len(parts) != 3 {
				continue
			}
			for _, r := range l.Preset {
				if r.No == parts[1] {
					return r.Values[parts[2]], ""
				}
			}
			return "", "no such preset row"
		}
		return "", "no such list"
	case "scoring":
		if c.Scoring == nil {
			return "", "campaign has no scoring"
		}
		for _, it := range c.Scoring.Items {
			if it.ID == s.key {
				return renderItem(it), ""
			}
		}
		return "", "no such scoring item"
	case "count":
		return strconv.Itoa(countOf(c, s.key)), ""
	case "milestone": // indicator/Q3
		in, ok := c.Indicator(parts[0])
		if !ok || len(parts) != 2 {
			return "", "no such indicator or bad key"
		}
		for _, m := range in.Milestones.Months() {
			if campaign.MilestoneLabel(m) == map[string]string{"Q1": "一季度", "Q2": "二季度", "Q3": "三季度", "Q4": "四季度"}[parts[1]] {
				return in.Milestones[m].String(), ""
			}
		}
		return "", "no such milestone"
	case "ratio-scope": // indicator: the scope's conditions, min=30000 within-years=2
		_, f, ok := c.RatioFeed(s.key)
		if !ok {
			return "", "no ratio feed"
		}
		var out []string
		for _, cond := range f.Ratio.Scope {
			switch {
			case cond.Min != nil:
				out = append(out, "min="+cond.Min.String())
			case cond.WithinYears > 0:
				out = append(out, "within-years="+strconv.Itoa(cond.WithinYears))
			}
		}
		return strings.Join(out, " "), ""
	}
	return "", "unknown sample kind"
}

func renderItem(it campaign.ScoringItem) string {
	out := []string{"points=" + it.Points.String(), "formula=" + string(it.Formula)}
	if len(it.Parts) > 0 {
		var w []string
		for _, p := range it.Parts {
			w = append(w, p.Weight.String())
		}
		out = append(out, "weights="+strings.Join(w, ","))
	}
	if it.Step.IsPositive() {
		out = append(out, "step="+it.Step.String())
	}
	if it.Max != nil {
		out = append(out, "max="+it.Max.String())
	}
	if it.Metric.Indicator != "" {
		out = append(out, "metric="+it.Metric.String())
	}
	return strings.Join(out, ";")
}

// sameSample compares, for tasks and scoring items, only the parts the sample names.
func sameSample(kind, got, want string) bool {
	if kind != "task" && kind != "scoring" {
		return got == want
	}
	have := map[string]string{}
	for _, p := range strings.Split(got, ";") {
		k, v, _ := strings.Cut(p, "=")
		have[k] = v
	}
	for _, p := range strings.Split(want, ";") {
		k, v, _ := strings.Cut(p, "=")
		if have[k] != v {
			return false
		}
	}
	if kind == "task" { // a task sample names every part it has
		return len(strings.Split(got, ";")) == len(strings.Split(want, ";"))
	}
	return true
}

func countOf(c *campaign.Campaign, key string) int {
	switch {
	case key == "indicators":
		return len(c.Indicators)
	case key == "tasks":
		return len(c.Tasks)
	case key == "units":
		return len(c.Units)
	case key == "scoring-items":
		if c.Scoring == nil {
			return 0
		}
		return len(c.Scoring.Items)
	case strings.HasPrefix(key, "list-rows/"):
		for _, l := range c.Lists {
			if l.ID == strings.TrimPrefix(key, "list-rows/") {
				return len(l.Preset)
			}
		}
	}
	return -1
}
