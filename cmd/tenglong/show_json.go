package main

import (
	"tenglong/campaign"
)

// showDoc is `tenglong show --json`: the campaign as the office defined it, with every
// unit's target per year as written (numbers as strings, never floats).
type showDoc struct {
	ID         string            `json:"id"`
	Title      string            `json:"title"`
	Issuer     string            `json:"issuer"`
	Source     string            `json:"source"`
	Span       showSpan          `json:"span"`
	Cadence    string            `json:"cadence"`
	Deadline   int               `json:"deadline_days"`
	Timezone   string            `json:"timezone"`
	Units      []showUnit        `json:"units"`
	Total      *showUnit         `json:"total"`
	Indicators []showIndicator   `json:"indicators"`
	Lists      []showList        `json:"lists"`
	Tasks      []showTask        `json:"tasks"`
	Scoring    showScoring       `json:"scoring"`
	Interviews []showInterview   `json:"interviews"`
	Benchmarks map[string]string `json:"benchmarks"`
}

type showSpan struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type showUnit struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type showIndicator struct {
	ID       string       `json:"id"`
	No       string       `json:"no"`
	Name     string       `json:"name"`
	Category string       `json:"category"`
	Measure  string       `json:"measure"`
	Kind     string       `json:"kind"`
	Scope    string       `json:"scope"`
	Decimals int32        `json:"decimals"`
	Total    string       `json:"total"`
	Targets  []showTarget `json:"targets"`
}

// showTarget is one unit's (or the total's) target for one year: form number, na,
// text or pending; value the number as written; text the note or the words.
type showTarget struct {
	Year  int     `json:"year"`
	Unit  string  `json:"unit"`
	Form  string  `json:"form"`
	Value *string `json:"value"`
	Text  string  `json:"text"`
}

type showList struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Columns int    `json:"columns"`
	Rows    int    `json:"rows"`
	Preset  int    `json:"preset_rows"`
}

type showTask struct {
	ID    string   `json:"id"`
	No    string   `json:"no"`
	Title string   `json:"title"`
	Lead  []string `json:"lead"`
	Co    []string `json:"co"`
	Due   *string  `json:"due"`
}

type showScoring struct {
	Name    string     `json:"name"`
	Default bool       `json:"default_method"`
	Items   []showItem `json:"items"`
}

type showItem struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Group   string  `json:"group"`
	Points  string  `json:"points"`
	Max     *string `json:"max"`
	Formula string  `json:"formula"`
}

type showInterview struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

func showJSON(c *campaign.Campaign) showDoc {
	doc := showDoc{ID: c.ID, Title: c.Title, Issuer: c.Issuer, Source: c.Source,
		Span:    showSpan{Start: c.Span.Start.String(), End: c.Span.End.String()},
		Cadence: string(c.Cadence), Deadline: c.Deadline, Timezone: c.Location().String(),
		Units: []showUnit{}, Indicators: []showIndicator{}, Lists: []showList{}, Tasks: []showTask{},
		Interviews: []showInterview{}, Benchmarks: map[string]string{}}
	codes := []string{}
	for _, u := range c.Units {
		doc.Units = append(doc.Units, showUnit{Code: u.Code, Name: u.Name, Kind: string(u.Kind)})
		codes = append(codes, u.Code)
	}
	if c.Total != nil {
		doc.Total = &showUnit{Code: c.Total.Code, Name: c.Total.Name}
		codes = append(codes, c.Total.Code)
	}
	for _, b := range c.Benchmarks {
		doc.Benchmarks[b.ID] = b.Name
	}
	years := targetYears(c)
	for i := range c.Indicators {
		in := &c.Indicators[i]
		si := showIndicator{ID: in.ID, No: in.No, Name: in.Name, Category: in.Category, Measure: in.Measure,
			Kind: string(in.Kind), Scope: string(in.Scope), Decimals: in.Decimals, Total: string(in.Total), Targets: []showTarget{}}
		if in.Total == campaign.TotalWeightedBy {
			si.Total += ":" + in.WeightedBy
		}
		for _, y := range years {
			p := campaign.Period{Kind: campaign.Annual, Year: y}
			for _, code := range codes {
				t, _, ok := c.TargetFor(in, code, p)
				if !ok {
					continue
				}
				st := showTarget{Year: y, Unit: code, Form: string(t.Form), Text: t.Note}
				if t.IsNumber() {
					v := t.NumberText()
					st.Value = &v
				}
				si.Targets = append(si.Targets, st)
			}
		}
		doc.Indicators = append(doc.Indicators, si)
	}
	for _, l := range c.Lists {
		doc.Lists = append(doc.Lists, showList{ID: l.ID, Name: l.Name, Columns: len(l.Columns), Rows: l.Rows, Preset: len(l.Preset)})
	}
	for _, t := range c.Tasks {
		st := showTask{ID: t.ID, No: t.No, Title: t.Title, Lead: orEmptyList(t.Lead), Co: orEmptyList(t.Co)}
		if t.Due != nil {
			d := t.Due.Format("2006-01-02")
			st.Due = &d
		}
		doc.Tasks = append(doc.Tasks, st)
	}
	doc.Scoring = showScoring{Items: []showItem{}, Default: c.Scoring == nil}
	if s := c.Scoring; s != nil {
		doc.Scoring.Name = s.Name
		for _, it := range s.Items {
			si := showItem{ID: it.ID, Name: it.Name, Group: it.Group, Points: it.Points.String(), Formula: string(it.Formula)}
			if it.Max != nil {
				m := it.Max.String()
				si.Max = &m
			}
			doc.Scoring.Items = append(doc.Scoring.Items, si)
		}
	}
	if iv := c.Interviews; iv != nil {
		for _, r := range iv.Rules {
			doc.Interviews = append(doc.Interviews, showInterview{ID: r.ID, Reason: r.Reason})
		}
	}
	return doc
}

func orEmptyList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
