package mail

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReadSaved: no input panics or breaks what ReadSaved promises its caller. The
// seed corpus is the raw fixtures here and the Python-written mails under
// testdata/fuzz/FuzzReadSaved (TestSeedCorpus keeps them). It calls readSaved, without
// ReadSaved's recover, so that a panic is found rather than turned into an error.
func FuzzReadSaved(f *testing.F) {
	for _, tc := range rawCases {
		f.Add([]byte(tc.mail))
	}
	f.Add(nested(5))
	if files, _ := filepath.Glob(filepath.Join("testdata", "classify", "*.eml")); len(files) > 0 {
		for _, file := range files { // bounces and auto-replies for classify
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("Date: 2023年10月9日 星期一 16:05:07\r\nSubject: =?GBK?B?tcLH5Q?= =?GBK?B?z9g?=\r\n\r\n"))
	lim := Limits{MaxParts: 40, MaxDepth: 6, MaxTotal: 1 << 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		// classify reads the same bytes for fetch, without Classify's recover.
		if c := classify(data); !utf8.ValidString(c.Why+c.Diagnostic) || c.Nature != Bounce && (c.Failed != nil || c.Originals != nil) {
			t.Errorf("classify: %+v", c)
		}
		s, err := readSaved(data, lim)
		if err != nil {
			if s != nil {
				t.Fatalf("error %v with a result", err)
			}
			return
		}
		if s.HasDate == s.Date.IsZero() {
			t.Errorf("HasDate %v, Date %v", s.HasDate, s.Date)
		}
		for _, v := range append([]string{s.From, s.Subject}, s.Skipped...) {
			if !utf8.ValidString(v) {
				t.Errorf("not UTF-8: %q", v)
			}
		}
		if len(s.Attachments) > lim.MaxParts {
			t.Errorf("%d attachments, over MaxParts %d", len(s.Attachments), lim.MaxParts)
		}
		var total int64
		for _, a := range s.Attachments {
			total += int64(len(a.Data))
			if a.Name == "" || !utf8.ValidString(a.Name) || strings.ContainsAny(a.Name, "/\\\r\n\x00") || a.Name != strings.TrimSpace(a.Name) {
				t.Errorf("attachment name %q", a.Name)
			}
		}
		if total > lim.MaxTotal {
			t.Errorf("%d bytes of attachments, over MaxTotal %d", total, lim.MaxTotal)
		}
	})
}
