package workbook

import (
	"encoding/xml"
	"sync"
)

// The returns of one campaign share their small structural parts byte for byte —
// the package's and the workbook's relationships, the workbook's sheet list — and
// ingest reads thousands of them. What encoding/xml made of such a part is kept, by
// the part's exact bytes, for the next return: the same bytes decode the same, so the
// result cannot depend on whether it was kept. Only small parts are kept, and only a
// few: a batch of another campaign's files just replaces them.

// memoPartBytes and memoParts bound the parts kept.
const (
	memoPartBytes = 16 << 10
	memoParts     = 8
)

type memoEntry struct {
	x   string // the part's bytes
	v   any    // *relationships or *workbookSheets, as decoded; read-only once kept
	err error
}

var xmlMemo struct {
	sync.Mutex
	entries [memoParts]memoEntry
	next    int
}

// unmarshalMemo is xml.Unmarshal(x, v) for v a *relationships or *workbookSheets,
// answered from xmlMemo when these bytes were decoded before into the same type.
// The slices of a kept result are shared: callers only read them.
func unmarshalMemo(x []byte, v any) error {
	if len(x) > memoPartBytes {
		return xml.Unmarshal(x, v)
	}
	xmlMemo.Lock()
	for _, e := range xmlMemo.entries {
		if e.v != nil && e.x == string(x) && assign(v, e.v) {
			xmlMemo.Unlock()
			return e.err
		}
	}
	xmlMemo.Unlock()
	err := xml.Unmarshal(x, v)
	var kept any
	switch d := v.(type) {
	case *relationships:
		c := *d
		kept = &c
	case *workbookSheets:
		c := *d
		kept = &c
	default:
		return err
	}
	xmlMemo.Lock()
	xmlMemo.entries[xmlMemo.next] = memoEntry{x: string(x), v: kept, err: err}
	xmlMemo.next = (xmlMemo.next + 1) % memoParts
	xmlMemo.Unlock()
	return err
}

// assign sets *dst to *src when both are pointers to the same type; false otherwise.
func assign(dst, src any) bool {
	switch d := dst.(type) {
	case *relationships:
		s, ok := src.(*relationships)
		if ok {
			*d = *s
		}
		return ok
	case *workbookSheets:
		s, ok := src.(*workbookSheets)
		if ok {
			*d = *s
		}
		return ok
	}
	return false
}
