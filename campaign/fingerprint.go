package campaign

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Fingerprint is a hash of the campaign's definition as loaded — not of the file's
// bytes, so comments, key order and layout do not change it, while any id, name,
// target, list, task or rule does. Templates carry it so that ingest can tell a return
// made from an older definition. YAML line numbers are excluded (json:"-").
//
// A loaded campaign computes it once (templates for 1,300 units would otherwise hash
// the whole definition 1,300 times); a loaded campaign is not to be modified.
func (c *Campaign) Fingerprint() string {
	if c.fingerprint == nil {
		return c.computeFingerprint()
	}
	c.fingerprint.once.Do(func() { c.fingerprint.value = c.computeFingerprint() })
	return c.fingerprint.value
}

// fingerprintCache holds a loaded campaign's fingerprint, computed on first use, and
// the tasks of each unit for TemplateFingerprint, indexed on first use: scanning
// every task's owners for every unit cost 0.35 s of generate's 1,300 province
// templates (26,000 tasks).
type fingerprintCache struct {
	once  sync.Once
	value string

	tasksOnce   sync.Once
	tasksByUnit map[string][]int // unit code → indexes in Tasks, in order, each once
}

// unitTasks are the indexes in c.Tasks of the tasks unit leads or co-owns, in order.
func (c *Campaign) unitTasks(unit string) []int {
	if c.fingerprint == nil {
		var out []int
		for i, t := range c.Tasks {
			if slices.Contains(t.Lead, unit) || slices.Contains(t.Co, unit) {
				out = append(out, i)
			}
		}
		return out
	}
	fc := c.fingerprint
	fc.tasksOnce.Do(func() {
		fc.tasksByUnit = map[string][]int{}
		for i, t := range c.Tasks {
			for _, owners := range [][]string{t.Lead, t.Co} {
				for _, u := range owners {
					if idx := fc.tasksByUnit[u]; len(idx) == 0 || idx[len(idx)-1] != i {
						fc.tasksByUnit[u] = append(idx, i)
					}
				}
			}
		}
	})
	return fc.tasksByUnit[unit]
}

func (c *Campaign) computeFingerprint() string {
	// encoding/json writes struct fields in declaration order and map keys sorted,
	// and decimals as their exact text: the encoding is canonical.
	data, err := json.Marshal(c)
	if err != nil {
		// Every field is plain data; Marshal cannot fail on a loaded campaign.
		panic("campaign: fingerprint: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// templateVersion changes when TemplateFingerprint starts covering more or other things,
// so that a change of this function is never mistaken for a same definition.
const templateVersion = "template-1"

// TemplateFingerprint is a hash of what one unit's template for one period shows and
// accepts: the campaign id, the unit, the period, the indicators the unit reports with
// this unit's target (its span, note and form) and base (基数), measure, kind, scope, decimals and
// range; every list with its columns, choices, prepared rows and this unit's preset
// rows; and the tasks the unit leads or co-owns. Ingest computes it again for the
// unit and period the return names and warns (definition-changed) only when it
// differs — so adding interview rules, scoring, thresholds, an issuer, a contact or
// another unit's targets leaves every template already sent valid. The input map
// follows from these and the template format version, which the metadata carries
// apart.
func (c *Campaign) TemplateFingerprint(unit string, p Period) string {
	// Encoded straight into the hash: json.Marshal copied the encoding (some tens
	// of KB a unit, once per return at ingest) out of its pooled buffer first. The
	// bytes hashed are Marshal's: Encode adds only a newline, which compact JSON has
	// nowhere else and noNewline drops.
	h := sha256.New()
	if err := json.NewEncoder(noNewline{h}).Encode(c.templateShown(unit, p)); err != nil {
		panic("campaign: template fingerprint: " + err.Error())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// noNewline writes to w what it is given but newlines: the one Encode ends with.
type noNewline struct{ w io.Writer }

func (n noNewline) Write(b []byte) (int, error) {
	size := len(b)
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		if _, err := n.w.Write(b[:i]); err != nil {
			return 0, err
		}
		b = b[min(i+1, len(b)):]
	}
	return size, nil
}

// templateShown is what TemplateFingerprint hashes the JSON encoding of.
func (c *Campaign) templateShown(unit string, p Period) any {
	type indicator struct {
		ID, No, Name, Category, Measure string
		Kind                            IndicatorKind
		Scope                           Scope
		Decimals                        int32
		Min, Max                        *string
		Target                          *Target
		TargetSpan                      Span
		// Base is this unit's base (基数): the template's 完成率 formula and 填报口径
		// count from it. Omitted when unset, so that templates without one keep
		// their fingerprint.
		Base *string `json:",omitempty"`
	}
	type list struct {
		ID, Name string
		Rows     int
		Columns  []Column
		Preset   []PresetRow
	}
	type task struct {
		ID, No, Action, Title, Text string
		Due                         *time.Time
		Lead, Co                    bool
	}
	shown := struct {
		Version    string
		Campaign   string
		Unit       string
		UnitName   string
		Period     string
		SpanStart  YearMonth // the start of 填报口径's year-to-date and cumulative texts
		Indicators []indicator
		Lists      []list
		Tasks      []task
	}{Version: templateVersion, Campaign: c.ID, Unit: unit, UnitName: c.UnitName(unit), Period: p.String(), SpanStart: c.Span.Start,
		Indicators: make([]indicator, 0, len(c.Indicators)), Lists: make([]list, 0, len(c.Lists))}
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if !c.Reports(in, unit, p) {
			continue
		}
		x := indicator{ID: in.ID, No: in.No, Name: in.Name, Category: in.Category, Measure: in.Measure,
			Kind: in.Kind, Scope: in.Scope, Decimals: in.Decimals, Min: decimalText(in.Min), Max: decimalText(in.Max)}
		if t, span, ok := c.TargetFor(in, unit, p); ok {
			x.Target, x.TargetSpan = &t, span
		}
		if b, ok := c.BaseFor(in, unit); ok {
			x.Base = decimalText(&b)
		}
		shown.Indicators = append(shown.Indicators, x)
	}
	for _, l := range c.Lists {
		x := list{ID: l.ID, Name: l.Name, Rows: l.Rows, Columns: l.Columns}
		for _, r := range l.Preset {
			if r.Unit == "" || r.Unit == unit {
				x.Preset = append(x.Preset, r)
			}
		}
		shown.Lists = append(shown.Lists, x)
	}
	for _, i := range c.unitTasks(unit) {
		t := &c.Tasks[i]
		lead, co := slices.Contains(t.Lead, unit), slices.Contains(t.Co, unit)
		shown.Tasks = append(shown.Tasks, task{ID: t.ID, No: t.No, Action: t.Action, Title: t.Title, Text: t.Text, Due: t.Due, Lead: lead, Co: co})
	}
	// Sized up front, but nil when empty as before: null, not [], in the encoding.
	if len(shown.Indicators) == 0 {
		shown.Indicators = nil
	}
	if len(shown.Lists) == 0 {
		shown.Lists = nil
	}
	return &shown
}

func decimalText(d *decimal.Decimal) *string {
	if d == nil {
		return nil
	}
	s := d.String()
	return &s
}
