package intake

import (
	"path/filepath"
	"testing"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/store"
	"tenglong/workbook"
)

// Files hands a repeat of bytes already read in the batch on unparsed.
func TestIngestFilesParsesIdenticalBytesOnce(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, probs := campaign.Load(seedYAML(t, "huzhou-2023"))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	p, _ := c.ReportingPeriod("2023Q3")
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: c.Units[0], Period: p, Deadline: p.Deadline(c.Deadline)})
	if err != nil {
		t.Fatal(err)
	}
	files := []Input{{path: "a.xlsx", data: data}, {path: "b.xlsx", data: []byte("other")}, {path: "a-副本.xlsx", data: data}}
	var seen []Parsed
	if err := Files(db, files, 2, func(p Parsed) error { seen = append(seen, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[0].ret == nil || seen[0].dup || !seen[2].dup || seen[2].ret != nil || seen[2].err != nil {
		t.Errorf("first: dup %v parsed %v; copy: dup %v parsed %v (err %v); want the copy marked and not parsed",
			seen[0].dup, seen[0].ret != nil, seen[2].dup, seen[2].ret != nil, seen[2].err)
	}
}

func seedYAML(t *testing.T, name string) []byte {
	t.Helper()
	data, ok := seeds.Get(name)
	if !ok {
		t.Fatalf("no seed %s", name)
	}
	return data
}
