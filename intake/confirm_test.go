package intake

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tenglong/campaign"
	"tenglong/store"
)

// twoWithPrefix finds two contents whose sha256 share the first MinFilePrefix hex
// digits (a birthday search: a few thousand tries), so an ambiguous number is real.
func twoWithPrefix(t *testing.T) (a, b []byte) {
	seen := map[string][]byte{}
	for i := 0; i < 1<<20; i++ {
		data := []byte("held file " + strconv.Itoa(i))
		sum := sha256.Sum256(data)
		p := hex.EncodeToString(sum[:])[:MinFilePrefix]
		if other, ok := seen[p]; ok {
			return other, data
		}
		seen[p] = data
	}
	t.Fatal("no two contents share a prefix")
	return nil, nil
}

// Every way confirm refuses a file names the file and says what to do; the one
// pending, unresolved file of a number is found by any long enough prefix of it.
func TestHeldFileRefusals(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, probs := campaign.Load(seedYAML(t, "huzhou-2023"))
	if probs.HasErrors() {
		t.Fatal(probs.Errors())
	}
	at := time.Date(2023, 10, 8, 1, 0, 0, 0, time.UTC)
	record := func(data []byte, path, unit string, outcome store.Outcome) store.Recorded {
		t.Helper()
		sha, _, err := db.PutFile(data)
		if err != nil {
			t.Fatal(err)
		}
		sub := store.Submission{Campaign: c.ID, Unit: unit, Period: "2023Q3", SHA256: sha, SourcePath: path, ReceivedAt: at, Outcome: outcome}
		if outcome == store.Pending {
			sub.Findings = []store.Finding{{Code: "metadata-missing", Severity: "error", Message: "x"}}
		}
		rec, err := db.RecordSubmission(sub)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	a, b := twoWithPrefix(t)
	record(a, "甲.xlsx", "deqing", store.Pending)
	record(b, "乙.xlsx", "deqing", store.Pending)
	accepted := []byte("an accepted file")
	record(accepted, "采用.xlsx", "anji", store.Accepted)
	superseded := []byte("held, then the unit sent its own")
	record(superseded, "被取代.xlsx", "nanxun", store.Pending)
	later := record([]byte("nanxun's genuine return"), "南浔区.xlsx", "nanxun", store.Accepted)
	confirmed := []byte("held and confirmed")
	held := record(confirmed, "已确认.xlsx", "changxing", store.Pending)
	if _, err := db.Confirm(held.ID, store.Submission{Campaign: c.ID, Unit: "changxing", Period: "2023Q3", SHA256: shaOf(confirmed),
		SourcePath: "已确认.xlsx", ReceivedAt: at, Outcome: store.Rejected}, store.Confirmation{By: "张三", Reason: "核实"}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, prefix string
		want         []string // the error holds these; none: found
	}{
		{"found by its number", shaOf(a)[:12], nil},
		{"upper case and spaces", " " + strings.ToUpper(shaOf(a)[:12]) + " ", nil},
		{"too short", shaOf(a)[:MinFilePrefix-1], []string{"不是文件编号", "前 6 位或更多"}},
		{"not hex", "南浔区文件", []string{"不是文件编号"}},
		{"unknown", "ffffffffff", []string{"没有编号以 ffffffffff 开头的文件", "tenglong status"}},
		{"ambiguous", shaOf(a)[:MinFilePrefix], []string{"对应 2 个文件", "甲.xlsx", "乙.xlsx", "多写几位"}},
		{"not pending", shaOf(accepted)[:10], []string{"采用.xlsx", "不是待确认的文件", "已采用"}},
		{"superseded", shaOf(superseded)[:10], []string{"被取代.xlsx", "已不再待确认", "南浔区", "第 " + strconv.FormatInt(later.ID, 10) + " 号报送"}},
		{"already confirmed", shaOf(confirmed)[:10], []string{"已确认.xlsx", "已经确认过了", "长兴县", "退回", "不能再次确认"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := heldFile(c, db, tc.prefix)
			if tc.want == nil {
				if err != nil || got.SHA256 != shaOf(a) || got.Outcome != store.Pending {
					t.Errorf("got %+v, %v; want the pending file 甲.xlsx", got, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("found %+v, want a refusal", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err, w)
				}
			}
		})
	}
}

func shaOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
