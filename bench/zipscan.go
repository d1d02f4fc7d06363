// Command zipscan is the floor of bench/ingest.sh: the least any reader of .xlsx files
// must do. For each file it reads the bytes, inflates every part of the zip and
// scans the XML for cells (`<c ` elements) — no XML decoding, no values, nothing
// stored — with a pool of workers like tenglong's readers.
//
//	go build -o zipscan ./bench && ./zipscan -workers 2 RETURNS/
//
// Prints a summary and, for bench/ingest.sh, a line BENCH files=N cells=C xml=BYTES.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

func main() {
	workers := flag.Int("workers", runtime.NumCPU(), "parallel readers")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: zipscan [-workers N] FILE-OR-FOLDER...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	start := time.Now()
	files, err := xlsxFiles(flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "zipscan:", err)
		os.Exit(1)
	}
	type total struct{ cells, xml int64 }
	jobs := make(chan string)
	results := make(chan total)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for w := 0; w < max(*workers, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var t total
			var buf bytes.Buffer
			for path := range jobs {
				cells, xml, err := scan(path, &buf)
				if err != nil {
					select {
					case errs <- fmt.Errorf("%s: %w", path, err):
					default:
					}
					continue
				}
				t.cells += cells
				t.xml += xml
			}
			results <- t
		}()
	}
	go func() {
		for _, f := range files {
			jobs <- f
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	var sum total
	for t := range results {
		sum.cells += t.cells
		sum.xml += t.xml
	}
	select {
	case err := <-errs:
		fmt.Fprintln(os.Stderr, "zipscan:", err)
		os.Exit(1)
	default:
	}
	fmt.Printf("zipscan: %d files, %d workers, %.2f s: inflated %.1f MB of XML, %d cells\n",
		len(files), *workers, time.Since(start).Seconds(), float64(sum.xml)/(1<<20), sum.cells)
	fmt.Printf("BENCH files=%d cells=%d xml=%d\n", len(files), sum.cells, sum.xml)
}

var cellTag = []byte("<c ")

// scan inflates every part of one .xlsx into buf and counts its cell elements.
func scan(path string, buf *bytes.Buffer) (cells, xml int64, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, 0, err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return 0, 0, err
		}
		buf.Reset()
		_, err = io.Copy(buf, rc)
		rc.Close()
		if err != nil {
			return 0, 0, err
		}
		xml += int64(buf.Len())
		cells += int64(bytes.Count(buf.Bytes(), cellTag))
	}
	return cells, xml, nil
}

// xlsxFiles expands folders recursively into their .xlsx files, sorted.
func xlsxFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".xlsx") && !strings.HasPrefix(d.Name(), "~$") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}
