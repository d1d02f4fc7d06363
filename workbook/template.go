package workbook

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"tenglong/campaign"
)

// TemplateFormat is the version of the template layout written into every template's
// metadata; ingest refuses returns of a version it does not know.
const TemplateFormat = "1"

// Sheet names a unit sees.
const (
	guideSheet      = "填报说明"
	indicatorSheet  = "指标填报"
	taskSheet       = "任务进展"
	metadataSheet   = "_tenglong"
	firstInputRow   = 4 // rows 1–3 are title, information line and header
	maxSheetNameLen = 31
)

// TemplateInput is everything one unit's template for one period is made from.
type TemplateInput struct {
	Campaign  *campaign.Campaign
	Unit      campaign.Unit
	Period    campaign.Period
	Deadline  time.Time
	Generated time.Time
	// Previous holds the unit's accepted values of the previous period by indicator id
	// (上期值); empty until the store has one.
	Previous map[string]decimal.Decimal
	// Password protects every sheet, hashed the legacy way: the SHA-512 variant costs
	// ~90 ms a sheet, more than writing the whole workbook.
	Password string
	// SigningKey is the workspace's secret: the metadata is signed with it (Metadata.Sign)
	// so that ingest can tell an edited hidden sheet. Nil writes no signature.
	SigningKey []byte

	// tasks are TemplateTasks(Campaign, Unit.Code) when tasksKnown: RenderTemplates
	// indexes a campaign's tasks by unit once rather than scanning every task for
	// every unit (26,000 tasks × 1,300 units at province size).
	tasks      []*campaign.Task
	tasksKnown bool
}

// unitTasks are the tasks of the input's unit.
func (in *TemplateInput) unitTasks() []*campaign.Task {
	if in.tasksKnown {
		return in.tasks
	}
	return TemplateTasks(in.Campaign, in.Unit.Code)
}

// indexTasks fills each input's tasks from one pass over each campaign's tasks.
func indexTasks(inputs []TemplateInput) {
	byCampaign := map[*campaign.Campaign]map[string][]*campaign.Task{}
	for i := range inputs {
		in := &inputs[i]
		idx, ok := byCampaign[in.Campaign]
		if !ok {
			idx = map[string][]*campaign.Task{}
			for j := range in.Campaign.Tasks {
				t := &in.Campaign.Tasks[j]
				seen := map[string]bool{}
				for _, u := range slices.Concat(t.Lead, t.Co) {
					if !seen[u] {
						seen[u] = true
						idx[u] = append(idx[u], t)
					}
				}
			}
			byCampaign[in.Campaign] = idx
		}
		in.tasks, in.tasksKnown = idx[in.Unit.Code], true
	}
}

// TemplateIndicators are the indicators a unit reports in a period (campaign.Reports).
func TemplateIndicators(c *campaign.Campaign, unit string, p campaign.Period) []*campaign.Indicator {
	var out []*campaign.Indicator
	for i := range c.Indicators {
		if c.Reports(&c.Indicators[i], unit, p) {
			out = append(out, &c.Indicators[i])
		}
	}
	return out
}

// TemplateTasks are the tasks a unit leads or co-owns.
func TemplateTasks(c *campaign.Campaign, unit string) []*campaign.Task {
	var out []*campaign.Task
	for i := range c.Tasks {
		t := &c.Tasks[i]
		if slices.Contains(t.Lead, unit) || slices.Contains(t.Co, unit) {
			out = append(out, t)
		}
	}
	return out
}

// WriteTemplate builds one unit's template and returns the .xlsx bytes. It writes
// through stampFile, which makes the parts excelize would make (stamp_test.go
// compares them for every template of the test campaigns) several times faster.
func WriteTemplate(in TemplateInput) ([]byte, error) {
	f := newStampFile()
	defer f.release() // its memory goes to the next template
	if err := newTemplateWriter(in, f).write(); err != nil {
		return nil, err
	}
	data, err := f.xlsx()
	if err != nil {
		return nil, fmt.Errorf("写出模板：%w", err)
	}
	return data, nil
}

func newTemplateWriter(in TemplateInput, f sheetAPI) *templateWriter {
	return &templateWriter{in: in, f: f, st: newStyles(f), meta: newMetadata(in)}
}

// templateWriter carries one template under construction.
type templateWriter struct {
	in   TemplateInput
	f    sheetAPI
	st   *styles
	meta *metadata
	// titles are the merged title rows written so far, fitted once widths are set.
	titles []sheetTitle
}

func (t *templateWriter) write() error {
	if err := t.f.SetSheetName("Sheet1", guideSheet); err != nil {
		return err
	}
	steps := []func() error{t.guide, t.indicators}
	for i := range t.in.Campaign.Lists {
		l := &t.in.Campaign.Lists[i]
		steps = append(steps, func() error { return t.list(l) })
	}
	steps = append(steps, t.tasks, t.fitTitles, t.metadataSheet, t.protect)
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	if t.st.err != nil {
		return t.st.err
	}
	idx, err := t.f.GetSheetIndex(indicatorSheet)
	if err != nil {
		return err
	}
	t.f.SetActiveSheet(idx)
	return nil
}

// protect locks every sheet (only unlocked input cells stay editable), hides the
// metadata sheet so it does not show even in the unhide dialog, and locks the
// workbook's structure so sheets cannot be added, renamed or unhidden.
func (t *templateWriter) protect() error {
	for _, name := range t.f.GetSheetList() {
		if err := t.f.ProtectSheet(name, &excelize.SheetProtectionOptions{
			Password:            t.in.Password,
			SelectLockedCells:   true,
			SelectUnlockedCells: true,
			FormatColumns:       true,
			FormatRows:          true,
		}); err != nil {
			return err
		}
	}
	if err := t.f.SetSheetVisible(metadataSheet, false, true); err != nil {
		return err
	}
	// No password here: excelize hashes workbook passwords with SHA-512 only.
	return t.f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true})
}

// sheetName makes a list name a legal sheet name: ≤ 31 characters, none of []:*?/\.
func sheetName(name string) string {
	r := []rune(name)
	for i, c := range r {
		switch c {
		case '[', ']', ':', '*', '?', '/', '\\':
			r[i] = '_'
		}
	}
	if len(r) > maxSheetNameLen {
		r = r[:maxSheetNameLen]
	}
	return string(r)
}
