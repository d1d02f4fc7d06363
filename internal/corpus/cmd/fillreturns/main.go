// Command fillreturns fills generated templates the way townships send them back
// (internal/corpus/fill): every value, every prepared list row, every task, all valid,
// so that `tenglong ingest` accepts each one. It writes each return under the
// template's file name into the output folder.
//
//	go run ./internal/corpus/cmd/fillreturns -campaign ws/campaign.yaml -o returns ws/out/2022Q3
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"tenglong/campaign"
	"tenglong/internal/corpus/fill"
)

func main() {
	campaignPath := flag.String("campaign", "campaign.yaml", "the campaign the templates were generated from")
	out := flag.String("o", "returns", "folder to write the filled returns to")
	workers := flag.Int("workers", runtime.NumCPU(), "parallel fillers")
	limit := flag.Int("n", 0, "fill only the first N templates (0: all)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: fillreturns -campaign campaign.yaml -o returns TEMPLATE-OR-FOLDER...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*campaignPath, *out, *workers, *limit, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "fillreturns:", err)
		os.Exit(1)
	}
}

func run(campaignPath, out string, workers, limit int, paths []string) error {
	start := time.Now()
	data, err := os.ReadFile(campaignPath)
	if err != nil {
		return err
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		return fmt.Errorf("%s: %v", campaignPath, probs.Errors())
	}
	files, err := templates(paths)
	if err != nil {
		return err
	}
	if limit > 0 && limit < len(files) {
		files = files[:limit]
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if workers < 1 {
		workers = 1
	}
	jobs := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range jobs {
				errs <- fillOne(c, path, filepath.Join(out, filepath.Base(path)))
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	fmt.Printf("filled %d returns into %s in %.1f s (%d workers)\n", len(files), out, time.Since(start).Seconds(), workers)
	return nil
}

func fillOne(c *campaign.Campaign, path, dst string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	filled, err := fill.Return(c, data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(dst, filled, 0o644)
}

// templates expands folders into their .xlsx files (not recursively), sorted.
func templates(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			return nil, err
		}
		var found []string
		for _, e := range entries {
			if !e.IsDir() && strings.EqualFold(filepath.Ext(e.Name()), ".xlsx") {
				found = append(found, filepath.Join(p, e.Name()))
			}
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}
