package campaign

import (
	"runtime"
	"sync"
	"weak"
)

// templateMemos holds, for each loaded campaign, TemplateFingerprint by unit and
// period once computed (a *sync.Map of templateKey → string). Ingest checks each
// return's fingerprint against the campaign's, readers in parallel; hashing a unit's
// template again for each of its files cost a third of checking one. The key is weak:
// a campaign no longer used takes its entries with it (a server reloads campaigns).
var templateMemos sync.Map

type templateKey struct {
	unit   string
	period Period
}

// MemoTemplateFingerprint is TemplateFingerprint(unit, p), computed once per unit and
// period for a loaded campaign (which is not to be modified, as for Fingerprint) and
// every time for one built by hand. Safe for concurrent use.
func (c *Campaign) MemoTemplateFingerprint(unit string, p Period) string {
	fc := c.fingerprint
	if fc == nil {
		return c.TemplateFingerprint(unit, p)
	}
	id := weak.Make(fc)
	m, ok := templateMemos.Load(id)
	if !ok {
		var loaded bool
		if m, loaded = templateMemos.LoadOrStore(id, &sync.Map{}); !loaded {
			runtime.AddCleanup(fc, func(id weak.Pointer[fingerprintCache]) { templateMemos.Delete(id) }, id)
		}
	}
	memo := m.(*sync.Map)
	key := templateKey{unit, p}
	if fp, ok := memo.Load(key); ok {
		return fp.(string)
	}
	fp := c.TemplateFingerprint(unit, p)
	memo.Store(key, fp)
	return fp
}
