// Command gencampaign writes a generated campaign.yaml (internal/corpus) for benchmarks
// and load tests, checks that tenglong loads it cleanly, and optionally writes a small
// JSON sidecar with what other writers cannot compute from the YAML alone (the
// campaign fingerprint, a hash of tenglong's canonical form, and with -period each
// unit's template fingerprint for that period, which a template's metadata carries).
//
//	go run ./internal/corpus/cmd/gencampaign -units 1300 -indicators 100 \
//	    -lists 2 -list-rows 300 -tasks-per-unit 20 -o campaign.yaml -sidecar campaign.json -period 2022Q3
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"tenglong/campaign"
	"tenglong/internal/corpus"
)

func main() {
	var s corpus.Size
	flag.IntVar(&s.Units, "units", 1300, "units (townships)")
	flag.IntVar(&s.Indicators, "indicators", 100, "indicators")
	flag.IntVar(&s.Tasks, "tasks", 0, "tasks each led by one unit and co-owned by the next")
	flag.IntVar(&s.Lists, "lists", 2, "lists (0: one, negative: none)")
	flag.IntVar(&s.ListRows, "list-rows", 300, "prepared rows per list")
	flag.IntVar(&s.TasksPerUnit, "tasks-per-unit", 20, "tasks every unit leads or co-owns")
	out := flag.String("o", "campaign.yaml", "campaign file to write")
	sidecar := flag.String("sidecar", "", "also write this JSON file: {fingerprint, units, indicators, lists, tasks}")
	period := flag.String("period", "", "with -sidecar: also each unit's template fingerprint for this period (template_fingerprints)")
	flag.Parse()

	data := corpus.Campaign(s)
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		for _, p := range probs.Errors() {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *sidecar == "" {
		return
	}
	facts := map[string]any{
		"fingerprint": c.Fingerprint(),
		"units":       len(c.Units),
		"indicators":  len(c.Indicators),
		"lists":       len(c.Lists),
		"tasks":       len(c.Tasks),
		"deadline":    c.Deadline,
	}
	if *period != "" {
		p, err := campaign.ParsePeriod(*period)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fps := make(map[string]string, len(c.Units))
		for _, u := range c.Units {
			fps[u.Code] = c.TemplateFingerprint(u.Code, p)
		}
		facts["template_fingerprints"] = fps
	}
	side, err := json.MarshalIndent(facts, "", "  ")
	if err == nil {
		err = os.WriteFile(*sidecar, append(side, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
