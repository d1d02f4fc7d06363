package report

import (
	"bytes"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"tenglong/internal/corpus"
)

// BenchmarkBulletin1300 renders the bulletin of a province: 1,300 units × 100
// indicators (make bench reports it; issue 21: the whole command in 3 s).
func BenchmarkBulletin1300(b *testing.B) { benchBulletin(b, 1300) }

// BenchmarkBulletin5000 renders the bulletin of 5,000 units × 100 indicators, about
// 9,000 pages (issue 21: the whole command in 12 s and 500 MB). MB-live is the most
// the live heap (as the collector last marked it) grew while rendering, what the
// renderer keeps: it must not grow with the pages. MB-heap is the most the heap grew,
// garbage not yet collected included (the collector lets it reach twice the live
// heap, so the caller's data counts there too).
func BenchmarkBulletin5000(b *testing.B) { benchBulletin(b, 5000) }

// benchBulletin renders the bulletin of units units to a writer that keeps nothing,
// reporting the PDF's size, its pages, the heap's growth while it was set and the
// CPU time it took (every thread: the collector's and the page compressor's too;
// wall time is noisy on a shared machine).
func benchBulletin(b *testing.B, units int) {
	c := loadCampaign(b, corpus.Campaign(corpus.Size{Units: units, Indicators: 100}))
	bc := bulletinFor(b, c, "2022Q3")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		peak := watchHeap()
		var out pageCounter
		cpu := cpuTime()
		b.StartTimer()
		pages, err := WriteBulletin(&out, Bulletin{Consolidation: bc.k, Scores: bc.s, Interviews: bc.iv, IssueNo: 3, Date: printed,
			Summary: "第一段总体情况。\n第二段，含数字101.25%。"})
		b.StopTimer()
		cpu = cpuTime() - cpu
		grown, live := peak()
		if err != nil {
			b.Fatal(err)
		}
		if out.pages != pages {
			b.Fatalf("WriteBulletin says %d pages, the PDF has %d", pages, out.pages)
		}
		b.ReportMetric(float64(out.bytes)/1e6, "MB-pdf")
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(float64(grown)/(1<<20), "MB-heap")
		b.ReportMetric(float64(live)/(1<<20), "MB-live")
		b.ReportMetric(cpu.Seconds(), "CPU-s")
		b.StartTimer()
	}
}

// pageCounter is a writer that keeps only the number of bytes and of page objects
// written (the document writes whole lines, each page object in one write).
type pageCounter struct{ bytes, pages int }

func (w *pageCounter) Write(p []byte) (int, error) {
	w.bytes += len(p)
	w.pages += bytes.Count(p, []byte("/Type /Page\n"))
	return len(p), nil
}

// watchHeap samples the heap (live and not yet collected objects) and the live heap
// every millisecond until the returned function is called, which says by how much
// at most each exceeded what it was at the start.
func watchHeap() func() (heap, live uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var most, mostLive uint64
	read := func() {
		metrics.Read(sample)
		most = max(most, sample[0].Value.Uint64())
		mostLive = max(mostLive, sample[1].Value.Uint64())
	}
	read()
	start, startLive := most, mostLive
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			read()
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(stop)
		wg.Wait()
		read()
		return most - start, mostLive - startLive
	}
}
