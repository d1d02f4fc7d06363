package upward

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/store"
	"tenglong/workbook"
)

// ReadDrill says in Chinese why there is nothing to show: no accepted return, or an
// accepted return without a 明细 sheet (the breakdown itself: upward_e2e_test.go).
func TestReadDrillRefusals(t *testing.T) {
	yaml, _ := seeds.Get("huzhou-2023")
	c, probs := campaign.Load(yaml)
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p, _ := c.ReportingPeriod("2023Q3")
	deqing, anji := c.Units[2], c.Units[4]
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: deqing, Period: p, Deadline: p.Deadline(c.Deadline)})
	if err != nil {
		t.Fatal(err)
	}
	sha, _, err := db.PutFile(data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordSubmission(store.Submission{Campaign: c.ID, Unit: deqing.Code, Period: p.String(), SHA256: sha,
		SourcePath: "德清县.xlsx", ReceivedAt: time.Date(2023, 10, 8, 1, 0, 0, 0, time.UTC), Outcome: store.Accepted}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		unit campaign.Unit
		want string
	}{
		{anji, "安吉县 2023年第三季度还没有已采用的报送"},
		{deqing, "德清县 2023年第三季度采用的报送（文件 " + sha[:12] + "）没有“明细”表"},
	} {
		d, err := ReadDrill(c, db, tc.unit, p)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v %v, want an error saying %q", tc.unit.Name, d, err, tc.want)
		}
	}
}
