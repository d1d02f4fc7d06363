package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"tenglong/intake"
	"tenglong/returns"
	"tenglong/store"
)

// TestReportStreamPrintsWhatTheWholeBatchWould: ingest prints each report as it is
// recorded; the output must be the same bytes as printing the batch at the end —
// the text lines with their closing count, and the JSON document — for none, one
// and several files, escapes and findings included.
func TestReportStreamPrintsWhatTheWholeBatchWould(t *testing.T) {
	all := []intake.Report{
		{Path: "returns/01-吴兴区.xlsx", SHA256: "ab12", Unit: "wuxing", UnitName: "吴兴区", Period: "2023Q3",
			Outcome: string(store.Accepted), Issues: []returns.Finding{}, Late: true},
		{Path: "returns/02-南浔区.xlsx", SHA256: "cd34", Unit: "nanxun", Period: "2023Q3", Outcome: string(store.Rejected),
			Issues: []returns.Finding{{Code: "value-not-number", Severity: returns.SeverityError, Sheet: "指标填报", Cell: "H5",
				Message: "本期值“<约 12>”不是数字 & 请只填数字"}}},
		{Path: "mail/退信.eml", Outcome: intake.OutcomeSkipped, Skipped: "退信：不是报送", Issues: []returns.Finding{}},
	}
	for _, n := range []int{0, 1, 3} {
		reports := all[:n]
		for _, asJSON := range []bool{false, true} {
			var want, got bytes.Buffer
			env := &Env{Stdout: &want, Stderr: &bytes.Buffer{}, Now: time.Now}
			if asJSON {
				if err := writeJSON(&want, map[string]any{"files": reports}); err != nil {
					t.Fatal(err)
				}
			} else {
				printReports(env, reports, outcomeLabels)
			}
			s := newReportStream(&got, asJSON, outcomeLabels)
			for _, r := range reports {
				if err := s.add(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.close(); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Errorf("%d files, json %v: streamed\n%s\nwant\n%s", n, asJSON, got.String(), want.String())
			}
			if asJSON && !json.Valid(got.Bytes()) {
				t.Errorf("%d files: streamed JSON does not parse", n)
			}
		}
	}
}
