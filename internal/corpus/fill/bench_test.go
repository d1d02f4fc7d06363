package fill_test

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/returns"
	"tenglong/store"
	"tenglong/workbook"
)

// benchSize is bench/ingest.sh's campaign: 1,300 units, 100 indicators, one list of
// 300 prepared rows.
var benchSize = corpus.Size{Units: 1300, Indicators: 100, Lists: 1, ListRows: 300}

// benchReturn is unit 0's filled return of benchSize, and its campaign.
func benchReturn(b *testing.B) (*campaign.Campaign, []byte) {
	b.Helper()
	c := load(b, benchSize)
	data, err := fill.Return(c, template(b, c, 0, "2022Q3"))
	if err != nil {
		b.Fatal(err)
	}
	return c, data
}

// BenchmarkIngestReturn is `tenglong ingest`'s work on one return of bench/ingest.sh,
// stage by stage: read (workbook.ReadTemplate, the parallel stage), check
// (returns.Check) and store (PutFile and RecordSubmission), the last two on the one
// writing goroutine. Profile a stage with
//
//	go test -run '^$' -bench 'IngestReturn/read' -cpuprofile cpu.out ./internal/corpus/fill
func BenchmarkIngestReturn(b *testing.B) {
	c, data := benchReturn(b)
	b.Run("read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := workbook.ReadTemplate(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	ret, err := workbook.ReadTemplate(data)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("check", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			returns.Check(c, ret, returns.Context{})
		}
	})
	// check-signed is check as ingest runs it: with the workspace's key, so that the
	// metadata's signature is verified (an HMAC over every input's address).
	key := []byte("bench-signing-key")
	signed := *ret
	signed.Metadata.Signature = signed.Metadata.Sign(key)
	b.Run("check-signed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if res := returns.Check(c, &signed, returns.Context{Key: key}); res.Errors() > 0 {
				b.Fatal(res.Findings[0])
			}
		}
	})
	b.Run("store", func(b *testing.B) {
		db := openStore(b)
		res := returns.Check(c, ret, returns.Context{})
		file := append([]byte(nil), data...)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			binary.LittleEndian.PutUint64(file[len(file)-8:], uint64(i)) // new bytes: a new file
			record(b, db, c, res, c.Units[i%len(c.Units)].Code, file, i)
		}
	})
}

// BenchmarkIngestBatch is ingest's serial loop over a batch — read, look up which of
// the file's 统一社会信用代码 other units hold, check, store — for returns of units
// 0, 1, 2, … (unit 0's file with the unit and codes changed), into one store. Run it at
// the benchmark's scale with -benchtime=1300x: ns/op is the average over a batch of
// that size; liveMB is the heap still in use after the batch (the store's index of the
// period's codes). The two ways of asking the store about other units' codes:
//
//   - index: HeldByOthers, the store's in-memory index, O(the file's codes): what
//     ingest does;
//   - scan: AcceptedUSCC, every code of the period, for every file: its cost grows
//     with the files already stored, so a batch is quadratic (ingest's first version
//     took 508 s for bench/ingest.sh's 1,300 files this way).
func BenchmarkIngestBatch(b *testing.B) {
	c, data := benchReturn(b)
	cols := []store.ListColumn{{List: "register", Column: "uscc"}}
	for _, mode := range []string{"index", "scan"} {
		b.Run(mode, func(b *testing.B) {
			db := openStore(b)
			file := append([]byte(nil), data...)
			start := time.Now()
			for i := 0; b.Loop(); i++ {
				u := i % len(c.Units)
				unit := c.Units[u].Code
				ret, err := workbook.ReadTemplate(data)
				if err != nil {
					b.Fatal(err)
				}
				ret.Metadata.Unit = unit
				var codes []string
				for j := range ret.Values {
					if v := &ret.Values[j]; v.Key == "register.uscc" {
						v.Raw = fill.USCC(u, v.Row)
						codes = append(codes, v.Raw)
					}
				}
				ctx := returns.Context{}
				if mode == "scan" {
					ctx.OtherUSCC, err = db.AcceptedUSCC(c.ID, "2022Q3", unit, cols...)
				} else {
					ctx.OtherUSCC, err = db.HeldByOthers(c.ID, "2022Q3", unit, codes, cols...)
				}
				if err != nil {
					b.Fatal(err)
				}
				res := returns.Check(c, ret, ctx)
				if res.Errors() > 0 {
					b.Fatalf("%s: %v", unit, res.Findings[:1])
				}
				binary.LittleEndian.PutUint64(file[len(file)-8:], uint64(i))
				record(b, db, c, res, unit, file, i)
			}
			elapsed := time.Since(start)
			// What stays live after the batch with the store open: the store's index of
			// the period's codes, which grows with the files stored.
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "liveMB")
			if b.N >= 100 {
				b.Logf("%d files in %v, %.1f MB live after", b.N, elapsed.Round(time.Millisecond), float64(m.HeapAlloc)/(1<<20))
			}
			runtime.KeepAlive(db)
		})
	}
}

func openStore(b *testing.B) *store.Store {
	b.Helper()
	db, err := store.Open(filepath.Join(b.TempDir(), store.FileName))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return db
}

// record archives file and stores the checked return as unit's accepted submission,
// as ingest does (cmd/tenglong's submission).
func record(b *testing.B, db *store.Store, c *campaign.Campaign, res returns.Result, unit string, file []byte, i int) {
	sha, _, err := db.PutFile(file)
	if err != nil {
		b.Fatal(err)
	}
	sub := store.Submission{Campaign: c.ID, Unit: unit, Period: "2022Q3", SHA256: sha,
		SourcePath: fmt.Sprintf("returns/%s.xlsx", unit), ReceivedAt: time.Date(2022, 10, 1, 0, 0, i, 0, time.UTC),
		Outcome: store.Accepted}
	for _, v := range res.Values {
		sv := store.Value{Indicator: v.Indicator, Note: v.Note, Cell: v.Cell}
		if v.Number != nil {
			sv.Value = v.Number.String()
		}
		sub.Values = append(sub.Values, sv)
	}
	for _, row := range res.Rows {
		sr := store.Row{List: row.List, Index: row.Index, Columns: row.Columns, Cells: make([]store.Cell, len(row.Cells))}
		for i, cell := range row.Cells {
			sr.Cells[i] = store.Cell{Value: cell.Value, Cell: cell.Cell}
		}
		sub.Rows = append(sub.Rows, sr)
	}
	if _, err := db.RecordSubmission(sub); err != nil {
		b.Fatal(err)
	}
}
