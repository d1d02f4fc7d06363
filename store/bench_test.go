package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// benchSubmission is the scale: 100 indicator values and a 300-row list of
// 6 columns, as a township's return.
func benchSubmission(unit string) Submission {
	sub := Submission{Campaign: "huzhou-2023", Unit: unit, Period: "2023Q3", SourcePath: "returns/" + unit + ".xlsx",
		ReceivedAt: t0, Outcome: Accepted}
	for i := range 100 {
		sub.Values = append(sub.Values, Value{Indicator: fmt.Sprintf("indicator-%03d", i),
			Value: fmt.Sprintf("%d.%02d", 1000+i*37, i), Note: "", Cell: fmt.Sprintf("G%d", 5+i)})
	}
	states := []string{"未启动", "整治中", "已完成"}
	for r := range 300 {
		row := 4 + r
		sub.Rows = append(sub.Rows, Row{List: "inefficient-register", Index: r, Values: map[string]Cell{
			"name":    {Value: fmt.Sprintf("%s第%d号制造有限公司", unit, r+1), Cell: fmt.Sprintf("B%d", row)},
			"uscc":    {Value: fmt.Sprintf("91330502MA%08d", r), Cell: fmt.Sprintf("C%d", row)},
			"land":    {Value: fmt.Sprintf("%d.%d", 10+r%90, r%10), Cell: fmt.Sprintf("D%d", row)},
			"tax":     {Value: fmt.Sprintf("%d.25", 100+r), Cell: fmt.Sprintf("E%d", row)},
			"measure": {Value: "关停退出", Cell: fmt.Sprintf("F%d", row)},
			"state":   {Value: states[r%3], Cell: fmt.Sprintf("G%d", row)},
		}})
	}
	sub.Tasks = []Task{{ID: "t07", Status: "推进中", Progress: "已排摸", Cell: "E4"}}
	sub.Findings = []Finding{{Code: "target-changed", Severity: SeverityWarning, Sheet: "指标填报", Cell: "E5", Message: "目标被改动"}}
	return sub
}

// BenchmarkRecordSubmission stores one returned file per iteration: PutFile of 55 KB
// (a filled template's size) and RecordSubmission with 100 values and 300×6 list
// cells, over 1,300 units (after that, each one supersedes). Run it at the issue's
// scale with -benchtime=1300x. dbB/op is the database growth per file.
func BenchmarkRecordSubmission(b *testing.B) {
	for _, sync := range []string{"NORMAL", "FULL"} {
		b.Run("synchronous="+sync, func(b *testing.B) {
			s, path := openTemp(b)
			if sync == "FULL" {
				// Every connection must run FULL: keep one.
				s.db.SetMaxOpenConns(1)
				if _, err := s.db.Exec("PRAGMA synchronous = FULL"); err != nil {
					b.Fatal(err)
				}
			}
			subs := make([]Submission, 1300)
			for i := range subs {
				subs[i] = benchSubmission(fmt.Sprintf("town-%04d", i))
			}
			file := make([]byte, 55_000)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range file {
				file[i] = byte(rng.UintN(256)) // a zip barely compresses further
			}
			b.ResetTimer()
			start := time.Now()
			for i := range b.N {
				binary.LittleEndian.PutUint64(file, uint64(i))
				sha, _, err := s.PutFile(file)
				if err != nil {
					b.Fatal(err)
				}
				sub := subs[i%len(subs)]
				sub.SHA256 = sha
				sub.ReceivedAt = t0.Add(time.Duration(i) * time.Second)
				if _, err := s.RecordSubmission(sub); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			var size int64
			for _, suffix := range []string{"", "-wal"} {
				if fi, err := os.Stat(path + suffix); err == nil {
					size += fi.Size()
				}
			}
			b.ReportMetric(float64(size)/float64(b.N), "dbB/op")
			if b.N >= 1300 {
				b.Logf("%d files in %v (%v each), database %.1f MB", b.N, elapsed.Round(time.Millisecond),
					(elapsed / time.Duration(b.N)).Round(time.Microsecond), float64(size)/1e6)
			}
		})
	}
}

// BenchmarkAcceptedUSCC reads every USCC of a period of 1,300 such returns: what a
// batch does once before checking duplicates across units.
func BenchmarkAcceptedUSCC(b *testing.B) {
	s, _ := openTemp(b)
	file := make([]byte, 1000)
	for i := range 1300 {
		binary.LittleEndian.PutUint64(file, uint64(i))
		sha, _, err := s.PutFile(file)
		if err != nil {
			b.Fatal(err)
		}
		sub := benchSubmission(fmt.Sprintf("town-%04d", i))
		for _, r := range sub.Rows {
			c := r.Values["uscc"]
			c.Value = fmt.Sprintf("%s-%04d", c.Value, i)
			r.Values["uscc"] = c
		}
		sub.SHA256 = sha
		if _, err := s.RecordSubmission(sub); err != nil {
			b.Fatal(err)
		}
	}
	col := ListColumn{List: "inefficient-register", Column: "uscc"}
	b.ResetTimer()
	for b.Loop() {
		m, err := s.AcceptedUSCC("huzhou-2023", "2023Q3", "town-0001", col)
		if err != nil || len(m) != 1299*300 {
			b.Fatalf("%d values, %v", len(m), err)
		}
	}
}

// BenchmarkIngestWriter is what tenglong ingest's one writing goroutine asks of the
// store for each file, batched as intake.Batched does (256 files a transaction):
// PutFile of a 40 KB file, AcceptedValues of the previous period, HeldByOthers of
// its 300 codes, RecordSubmission of 100 values and a 300-row list whose codes are
// the unit's own, spread over all codes. Each iteration is one file of a period of
// 1,300 units (after that, each supersedes); run it with -benchtime=1300x for the
// whole period. cpu-ms/op is the process's CPU time a file (SQLite's work
// included); walB/op the bytes written to the database and its WAL a file.
func BenchmarkIngestWriter(b *testing.B) {
	s, _ := openTemp(b)
	col := ListColumn{List: "inefficient-register", Column: "uscc"}
	file := make([]byte, 40_000)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range file {
		file[i] = byte(rng.UintN(256))
	}
	subs := make([]Submission, 1300)
	codes := make([][]string, len(subs))
	for i := range subs {
		subs[i] = benchSubmission(fmt.Sprintf("town-%04d", i))
		for _, r := range subs[i].Rows {
			c := r.Values["uscc"]
			// Spread over the whole range, as real codes are: a unit's codes in one
			// run of keys (as internal/corpus filled them) would touch a few pages
			// of an index by value a file instead of hundreds, and hide what it costs.
			c.Value = fmt.Sprintf("9133%014d", (uint64(i)*1_000_003+uint64(r.Index))*0x9E3779B97F4A7C15%100_000_000_000_000)
			r.Values["uscc"] = c
			codes[i] = append(codes[i], c.Value)
		}
	}
	var batch *Batch
	commit := func() {
		if batch != nil {
			if err := batch.Commit(); err != nil {
				b.Fatal(err)
			}
			batch = nil
		}
	}
	written := func() int64 {
		data, _ := os.ReadFile("/proc/self/io")
		var n int64
		for _, line := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "wchar: "); ok {
				n, _ = strconv.ParseInt(v, 10, 64)
			}
		}
		return n
	}
	b.ReportAllocs()
	w0, cpu0 := written(), cpuTime()
	for i := 0; b.Loop(); i++ {
		if batch == nil {
			var err error
			if batch, err = s.BeginBatch(); err != nil {
				b.Fatal(err)
			}
		}
		tx := batch.Store()
		binary.LittleEndian.PutUint64(file, uint64(i))
		sha, _, err := tx.PutFile(file)
		if err != nil {
			b.Fatal(err)
		}
		u := i % len(subs)
		sub := subs[u]
		if _, err := tx.AcceptedValues(sub.Campaign, "2023Q2", sub.Unit); err != nil {
			b.Fatal(err)
		}
		held, err := tx.HeldByOthers(sub.Campaign, sub.Period, sub.Unit, codes[u], col)
		if err != nil || len(held) != 0 {
			b.Fatal(held, err)
		}
		sub.SHA256 = sha
		sub.ReceivedAt = t0.Add(time.Duration(i) * time.Second)
		if _, err := tx.RecordSubmission(sub); err != nil {
			b.Fatal(err)
		}
		if (i+1)%256 == 0 {
			commit()
		}
	}
	commit()
	b.StopTimer()
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(written()-w0)/float64(b.N), "walB/op")
}
