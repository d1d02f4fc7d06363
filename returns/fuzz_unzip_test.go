package returns

import (
	"archive/zip"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tenglong/internal/golden"
)

// fuzzLimits are small, so that each run is quick and a bomb the fuzzer finds is cut
// off early; the caps hold the same way at any size.
var fuzzLimits = ZipLimits{MaxEntries: 20, MaxEntryBytes: 64 << 10, MaxTotalBytes: 256 << 10, MaxDepth: 2}

// fuzzSeeds are the archives the fuzzer starts from, committed under
// testdata/fuzz/FuzzUnzip (TestFuzzUnzipSeeds writes them with -update): each kind of
// name, nesting, zip-slip, litter, encryption, a lying header, a small bomb, a cut-off
// archive.
func fuzzSeeds(t testing.TB) map[string][]byte {
	inner := zipOf(t, windows("德清县/03-德清县-2023Q3.xlsx", "inner"))
	names := zipOf(t, windows("回收/", ""), windows("回收/03-德清县-2023Q3.xlsx", "a"), windows("泰顺.xlsx", "b"),
		file("回收/01-吴兴区.xlsx", "c"), member{name: "04-??.xlsx", extra: unicodePath("04-??.xlsx", "04-长兴.xlsx"), data: "d"})
	return map[string][]byte{
		"names":  names,
		"nested": zipOf(t, file("各县.zip", string(inner)), file("深/湖州.zip", string(zipOf(t, file("德清.zip", string(inner)))))),
		"unsafe": zipOf(t, file("../../etc/passwd", "1"), file(`C:\x`, "2"), file(`a\..\..\b`, "3"), file("__MACOSX/._a", "4"), file("~$a.xlsx", "5")),
		"refused": zipOf(t, member{name: "加密.xlsx", flags: 0x1, data: "x"}, member{name: "liar", data: "0123456789",
			raw: &zip.FileHeader{Method: zip.Store, CompressedSize64: 10, UncompressedSize64: 4}},
			member{name: "bzip2", data: "BZh9", raw: &zip.FileHeader{Method: 12, CompressedSize64: 4, UncompressedSize64: 9}}),
		"bomb":    zipOf(t, file("bomb.xlsx", string(make([]byte, 1<<20)))),
		"cut-off": names[:len(names)*2/3],
	}
}

// The seed corpus is what fuzzSeeds makes (go test ./returns -update rewrites it).
func TestFuzzUnzipSeeds(t *testing.T) {
	for name, data := range fuzzSeeds(t) {
		golden.Check(t, filepath.Join("testdata", "fuzz", "FuzzUnzip", "seed-"+name), "go test fuzz v1\n[]byte("+strconv.Quote(string(data))+")\n")
	}
}

// Whatever the bytes, Unzip never panics, never returns a dangerous path and never
// returns more than the caps allow.
func FuzzUnzip(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"回收.zip", "回收.xlsx"} {
			IsArchive(name, data)
		}
		entries, skipped, err := Unzip(data, fuzzLimits)
		if err != nil {
			if entries != nil || skipped != nil || !strings.Contains(err.Error(), "请") {
				t.Fatalf("error %q with %d entries and %d skipped", err, len(entries), len(skipped))
			}
			return
		}
		if len(entries) > fuzzLimits.MaxEntries || len(skipped) > fuzzLimits.MaxEntries+1 {
			t.Fatalf("%d entries and %d skipped, over the cap of %d", len(entries), len(skipped), fuzzLimits.MaxEntries)
		}
		var total int64
		for _, e := range entries {
			total += int64(len(e.Data))
			if int64(len(e.Data)) > fuzzLimits.MaxEntryBytes {
				t.Fatalf("%s: %d bytes, over the cap", e.Path, len(e.Data))
			}
			if e.Path == "" || e.Path != cleanPath(e.Path) || !utf8.ValidString(e.Path) || isLitter(e.Path) ||
				strings.ContainsFunc(e.Path, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				t.Fatalf("entry under a path it must not have: %q", e.Path)
			}
		}
		if total > fuzzLimits.MaxTotalBytes {
			t.Fatalf("%d bytes in all, over the cap", total)
		}
		for _, s := range skipped {
			if !strings.Contains(s.Reason, "请") || !utf8.ValidString(s.Path) {
				t.Fatalf("skipped %q without the fix: %q", s.Path, s.Reason)
			}
		}
	})
}
