package returns

import (
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/seeds"
	"tenglong/workbook"
)

// realTemplate writes a unit's template with workbook.WriteTemplate and reads it back
// with workbook.ReadTemplate, as ingest will.
func realTemplate(t *testing.T, c *campaign.Campaign, unit campaign.Unit, p campaign.Period) *workbook.Return {
	t.Helper()
	data, err := workbook.WriteTemplate(workbook.TemplateInput{Campaign: c, Unit: unit, Period: p,
		Deadline: p.Deadline(c.Deadline), Generated: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC), Password: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		t.Fatal(err)
	}
	return ret
}

// The synthetic returns of the other tests have the layout of real templates.
func TestBuildMatchesReadTemplate(t *testing.T) {
	c := loadCampaign(t, testCampaign)
	for _, unit := range []string{"east", "west"} {
		u, _ := c.Unit(unit)
		p, _ := c.ReportingPeriod("2023Q3")
		real := realTemplate(t, c, u, p)
		synth := build(t, c, unit, "2023Q3", nil)
		if real.Metadata.Format != synth.Metadata.Format || real.Metadata.Campaign != synth.Metadata.Campaign ||
			real.Metadata.Fingerprint != synth.Metadata.Fingerprint || real.Metadata.Unit != synth.Metadata.Unit ||
			real.Metadata.Period != synth.Metadata.Period {
			t.Errorf("%s: metadata %+v, synthetic %+v", unit, real.Metadata, synth.Metadata)
		}
		if len(real.Values) != len(synth.Values) {
			t.Fatalf("%s: %d inputs in the real template, %d synthetic", unit, len(real.Values), len(synth.Values))
		}
		for i := range real.Values {
			if real.Values[i] != synth.Values[i] {
				t.Errorf("%s input %d: real %+v, synthetic %+v", unit, i, real.Values[i], synth.Values[i])
			}
		}
	}
}

// A blank template of the wzetdz-2015 seed, as generated, checks clean but for one
// "empty value" warning per indicator: its targets, preset project rows and empty
// rows are all accepted.
func TestBlankSeedTemplate(t *testing.T) {
	c := seedCampaign(t, "wzetdz-2015")
	p, err := c.ReportingPeriod("2015Q3")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Units {
		ret := realTemplate(t, c, u, p)
		r := Check(c, ret, Context{})
		values := 0
		for _, v := range ret.Values {
			if v.Kind == workbook.InputValue {
				values++
			}
		}
		if values == 0 {
			t.Fatalf("%s: the template has no value cells", u.Code)
		}
		// Blank: every value empty, and the one error that refuses a blank return.
		if r.Errors() != 1 || r.Warnings() != values {
			t.Errorf("%s: %d errors, %d warnings, want 1 and %d:\n%s", u.Code, r.Errors(), r.Warnings(), values, dumpFindings(r.Findings))
		}
		for _, f := range r.Findings {
			if (f.Code != CodeValueEmpty || f.Sheet != "指标填报") && f.Code != CodeNothingFilled {
				t.Errorf("%s: %s", u.Code, f)
			}
		}
		if len(r.Values) != values || len(r.Rows) != 10 {
			t.Errorf("%s: %d values, %d list rows (want %d and the 10 preset projects)", u.Code, len(r.Values), len(r.Rows), values)
		}
		if len(r.Rows) > 0 && r.Rows[2].Cell("invest").Value != "50000" {
			t.Errorf("%s: preset project 3 invests %q", u.Code, r.Rows[2].Cell("invest").Value)
		}
	}
}

// Every seed's blank templates, for every unit, raise nothing but "empty value" and
// the one "nothing filled" error that stops a blank template from being accepted.
func TestBlankTemplatesOfEverySeed(t *testing.T) {
	for _, id := range seeds.IDs() {
		c := seedCampaign(t, id)
		periods := c.Span.Periods(c.Cadence)
		p := periods[len(periods)-1]
		for _, u := range c.Units {
			r := Check(c, realTemplate(t, c, u, p), Context{})
			blank := 0
			for _, f := range r.Findings {
				switch f.Code {
				case CodeValueEmpty:
				case CodeNothingFilled:
					blank++
				default:
					t.Errorf("%s %s %s: %s %s", id, u.Code, p, f.Code, f)
				}
			}
			if blank != 1 {
				t.Errorf("%s %s: %d nothing-filled findings (preset rows left as they were are not data)", id, u.Code, blank)
			}
		}
	}
}

func seedCampaign(t *testing.T, id string) *campaign.Campaign {
	t.Helper()
	data, ok := seeds.Get(id)
	if !ok {
		t.Fatalf("no seed %s", id)
	}
	return loadCampaign(t, string(data))
}
