package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"tenglong/campaign"
)

// receivedLayouts are the ways --received may be written, in the campaign's zone.
var receivedLayouts = []string{"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02", time.RFC3339}

// parseReceived reads ingest --received: when files that came loose reached the
// office. A date alone is that day's start (lateness is judged by the day). Zero when
// not given; a moment after now is refused.
func parseReceived(env *Env, c *campaign.Campaign, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range receivedLayouts {
		if t, err := time.ParseInLocation(layout, s, c.Location()); err == nil {
			if t.After(env.Now()) {
				return time.Time{}, usageErrorf("--received “%s” 还没到：请写文件实际收到的时间", s)
			}
			return t, nil
		}
	}
	return time.Time{}, usageErrorf("--received “%s” 不是时间：请写 2023-10-09 或 \"2023-10-09 15:30\"（按 %s 时间）", s, c.Location())
}

// ingestSummary is what ingest says after the per-file lines: which receipt time it
// used, the office's own copies it skipped, where the marked-up copies went.
type ingestSummary struct {
	officeCopies  []string
	inMail, loose int
	received, now time.Time
	returnDir     string
	rejected      int
}

func printIngestSummary(env *Env, c *campaign.Campaign, s ingestSummary) {
	w := env.Stdout
	for _, p := range s.officeCopies {
		fmt.Fprintf(w, "%s  跳过：这是本办 --return-dir 写出的退回副本（没有改过），不是单位的报送；单位改好后发回的文件照常回收。\n", filepath.Base(p))
	}
	var times []string
	if s.loose > 0 {
		if s.received.IsZero() {
			times = append(times, fmt.Sprintf("%d 个文件按本次回收的时间 %s 记（早已收到的请用 --received 写明收到时间）",
				s.loose, s.now.In(c.Location()).Format("2006-01-02 15:04")))
		} else {
			times = append(times, fmt.Sprintf("%d 个文件按 --received 的 %s 记", s.loose, s.received.In(c.Location()).Format("2006-01-02 15:04")))
		}
	}
	if s.inMail > 0 {
		times = append(times, fmt.Sprintf("邮件里的 %d 个文件按邮件的时间记", s.inMail))
	}
	if len(times) > 0 {
		fmt.Fprintf(w, "收到时间：%s。\n", strings.Join(times, "；"))
	}
	if s.returnDir != "" && s.rejected > 0 {
		fmt.Fprintf(w, "标好问题的退回副本写在 %s，可直接发回各单位。\n", s.returnDir)
	}
}
