package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"tenglong/campaign"
	"tenglong/store"
)

// campaignFile is the name of the campaign definition inside a workspace.
const campaignFile = "campaign.yaml"

// findWorkspace is the workspace a command run without -w uses: the current folder
// when it holds campaign.yaml, else the nearest folder above it that does — the way
// git finds .git, so a clerk in 回收/ or 填报模板/2023Q3/ can run tenglong status. When
// none does, the current folder, and the command says campaign.yaml is missing.
func findWorkspace(dir string) string {
	if _, err := os.Stat(filepath.Join(dir, campaignFile)); err == nil {
		return dir
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, campaignFile)); err == nil && !info.IsDir() {
			return d
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

// campaignPath is where a workspace keeps its campaign, or an explicit file.
func campaignPath(workspace, file string) string {
	if file != "" {
		return file
	}
	return filepath.Join(workspace, campaignFile)
}

// readCampaign reads and checks a campaign file. Read failures are plain errors
// (exit 1); definition problems are returned for the caller to report.
func readCampaign(path string) (*campaign.Campaign, campaign.Problems, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, fmt.Errorf("找不到 %s：请用 -w 指定工作目录，或先运行 tenglong init 目录 --seed 种子 建一个", path)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("读不了 %s：%v", path, err)
	}
	c, probs := campaign.LoadAndCheck(data)
	return c, probs, nil
}

// loadCampaign reads a campaign for commands that need a sound one: any load or check
// error stops them with exit 3 after printing the problems.
func loadCampaign(env *Env, path string) (*campaign.Campaign, error) {
	c, probs, err := readCampaign(path)
	if err != nil {
		return nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		for _, p := range errs.Sorted() {
			fmt.Fprintf(env.Stderr, "%s：%s\n", path, p)
		}
		fmt.Fprintf(env.Stderr, "%s 有 %d 个错误，请改正后再试（tenglong check 可查看全部问题）\n", path, len(errs))
		return nil, validationFailed("campaign has errors")
	}
	return c, nil
}

// writeJSON prints one JSON document, indented for people who read it too.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// campaignAndPeriod loads the workspace's campaign and reads a --period against it;
// a missing or unfit period is a usage error that shows what to type.
func campaignAndPeriod(env *Env, workspace, period string) (*campaign.Campaign, campaign.Period, error) {
	if period == "" {
		return nil, campaign.Period{}, usageErrorf("请用 --period 指定期次，如 --period 2023Q3。%s", campaign.PeriodFormats)
	}
	c, err := loadCampaign(env, campaignPath(workspace, ""))
	if err != nil {
		return nil, campaign.Period{}, err
	}
	p, err := c.ReportingPeriod(period)
	if err != nil {
		return nil, campaign.Period{}, usageErrorf("%v", err)
	}
	return c, p, nil
}

// withPeriodStore loads the workspace's campaign, reads --period against it and opens
// the workspace's store for fn, closing it after.
func withPeriodStore(env *Env, workspace, period string, fn func(*campaign.Campaign, campaign.Period, *store.Store) error) error {
	return withPeriodStoreOpened(env, workspace, period, openStore, fn)
}

// withPeriodStoreReading is withPeriodStore for commands that only read: the store is
// opened read-only, so they work in a workspace that cannot be written.
func withPeriodStoreReading(env *Env, workspace, period string, fn func(*campaign.Campaign, campaign.Period, *store.Store) error) error {
	return withPeriodStoreOpened(env, workspace, period, openStoreReadOnly, fn)
}

// openStoreReadOnly opens the workspace's database for a command that only reads it
// (status, consolidate, score, …): nothing in the workspace is written.
func openStoreReadOnly(workspace string) (*store.Store, error) {
	return store.Open(workspaceStore(workspace), store.ReadOnly(), store.RememberChecks())
}

func withPeriodStoreOpened(env *Env, workspace, period string, open func(string) (*store.Store, error), fn func(*campaign.Campaign, campaign.Period, *store.Store) error) error {
	c, p, err := campaignAndPeriod(env, workspace, period)
	if err != nil {
		return err
	}
	db, err := open(workspace)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(c, p, db)
}
