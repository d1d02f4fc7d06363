package main

// The bulletin is true in every sentence (issue 18): each count its text states is
// checked against what `status --json`, `consolidate --json`, `score --json` and
// `interviews --json` say on the same workspace, over every seed's demo — which
// carries the edge cases: a late unit, a rejected one, a missing one, indicators
// without data, and (huzhou-2023-depts) a campaign that is not scored.

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"tenglong/internal/testtool"
)

// allSeeds are the built-in seeds.
var allSeeds = []string{"huzhou-2023", "huzhou-2023-depts", "wzetdz-2015", "lucheng-2021", "ouhai-2021", "shengzhou-2022"}

// demoBulletin runs a seed's demo and returns the workspace, the period and the
// bulletin's path.
func demoBulletin(t *testing.T, seed string) (dir, period, pdf string) {
	t.Helper()
	dir = demoPDFs(t, seed)
	matches, _ := filepath.Glob(filepath.Join(dir, "通报-*.pdf"))
	if len(matches) != 1 {
		t.Fatalf("%s: bulletins %v", seed, matches)
	}
	pdf = matches[0]
	period = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(pdf), "通报-"), ".pdf")
	return dir, period, pdf
}

// runJSON runs a command with --json on the workspace and decodes its output.
func runJSON(t *testing.T, dir string, v any, args ...string) {
	t.Helper()
	code, out, errs := binRun(t, nil, append([]string{"-w", dir}, append(args, "--json")...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d %s", args, code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

type truthStatus struct {
	Units []struct {
		Name  string `json:"name"`
		State string `json:"state"`
		Late  bool   `json:"late"`
	} `json:"units"`
}

type truthCell struct {
	Actual *string `json:"actual"`
	Status string  `json:"status"`
	Basis  string  `json:"basis"`
	Code   string  `json:"code"`
}

type truthConsolidation struct {
	Indicators []struct {
		Name  string      `json:"name"`
		Total *truthCell  `json:"total"`
		Units []truthCell `json:"units"`
	} `json:"indicators"`
}

type truthScores struct {
	Scorable bool `json:"scorable"`
	Units    []struct {
		Name   string `json:"name"`
		Points string `json:"points"`
		Rank   *int   `json:"rank"`
		State  string `json:"state"`
	} `json:"units"`
}

type truthInterviews struct {
	Units []json.RawMessage `json:"units"`
}

// TestBulletinStatementsMatchData: for every seed, the counts of 一、总体情况 and 五、
// 报送情况, the indicators of 二 and the notes on those it leaves out, the lights, the
// ranking and the interview count agree with the JSON of the same workspace; a unit
// without accepted data never shows points; a campaign that is not scored names no
// scoring method.
func TestBulletinStatementsMatchData(t *testing.T) {
	testtool.Need(t, "pdftotext", "poppler-utils")
	for _, seed := range allSeeds {
		t.Run(seed, func(t *testing.T) {
			dir, period, pdf := demoBulletin(t, seed)
			flat := flatText(testtool.Run(t, "pdftotext", pdf, "-"))
			layout := testtool.Run(t, "pdftotext", "-layout", pdf, "-")
			var st truthStatus
			var k truthConsolidation
			var sc truthScores
			var iv truthInterviews
			runJSON(t, dir, &st, "status", "--period", period)
			runJSON(t, dir, &k, "consolidate", "--period", period)
			runJSON(t, dir, &sc, "score", "--period", period)
			runJSON(t, dir, &iv, "interviews", "--period", period)

			// 报送情况, in 一 and in 五.
			var onTime, late, rejected, missing []string
			for _, u := range st.Units {
				switch {
				case u.State == "missing":
					missing = append(missing, u.Name)
				case u.State == "rejected":
					rejected = append(rejected, u.Name)
				case u.Late:
					late = append(late, u.Name)
				default:
					onTime = append(onTime, u.Name)
				}
			}
			for _, lead := range []string{"本期应报送数据的单位", "本期应报送单位"} {
				m := regexp.MustCompile(lead + `(\d+)个`).FindStringSubmatch(flat)
				if m == nil || m[1] != strconv.Itoa(len(st.Units)) {
					t.Errorf("%s…: %v, status has %d units", lead, m, len(st.Units))
				}
			}
			if got := countAfter(flat, "按时报送"); !allEqual(got, len(onTime)) {
				t.Errorf("按时报送 %v, status has %d", got, len(onTime))
			}
			for _, c := range []struct {
				phrase string
				names  []string
			}{{"迟报", late}, {"被退回、至今未改正", rejected}, {"，未报送", missing}} {
				re := regexp.MustCompile(regexp.QuoteMeta(c.phrase) + `(\d+)个（((?:[^（）]|（[^（）]*）)*)）`)
				ms := re.FindAllStringSubmatch(flat, -1)
				if len(c.names) == 0 {
					if len(ms) > 0 {
						t.Errorf("text says %q, status has none", ms[0][0])
					}
					continue
				}
				if len(ms) < 2 {
					t.Errorf("%s: stated %d times, want in 一 and 五 (status: %v)", c.phrase, len(ms), c.names)
				}
				for i := range c.names {
					c.names[i] = strings.NewReplacer("(", "（", ")", "）").Replace(c.names[i]) // as a 公文 writes them
				}
				for _, m := range ms {
					names, short := strings.Join(c.names, "、"), ""
					if len(c.names) > 10 { // 一 names the first ten and the count
						short = strings.Join(c.names[:10], "、") + "等" + strconv.Itoa(len(c.names)) + "个单位"
					}
					if m[1] != strconv.Itoa(len(c.names)) || m[2] != names && m[2] != short {
						t.Errorf("text says %q, status has %v", m[0], c.names)
					}
				}
			}

			// 二 and the indicators it leaves out.
			rows, noTotal, without := 0, 0, 0
			lights := map[string]int{}
			for _, in := range k.Indicators {
				has := false
				for _, u := range in.Units {
					has = has || u.Actual != nil
				}
				hasTotal := in.Total != nil && in.Total.Basis != "不汇总"
				if hasTotal {
					has = has || in.Total.Actual != nil
				}
				switch {
				case hasTotal && has:
					rows++
					lights[in.Total.Status]++
				case !hasTotal && len(in.Units) == 1 && in.Units[0].Actual != nil:
					rows++
					lights[in.Units[0].Status]++
				case has:
					noTotal++
				default:
					without++
				}
			}
			if m := regexp.MustCompile(`本期有数据的(\d+)项主要指标中`).FindStringSubmatch(flat); rows > 0 && (m == nil || m[1] != strconv.Itoa(rows)) {
				t.Errorf("一 counts %v indicators, consolidate has %d with a figure", m, rows)
			}
			if got := tableTwoRows(layout); got != rows {
				t.Errorf("二 has %d rows, consolidate has %d indicators with a figure", got, rows)
			}
			for _, c := range []struct {
				re   string
				want int
			}{{`另有(\d+)项指标[^。；]*本期没有合计数`, noTotal}, {`另有(\d+)项指标[^。；]*本期各单位均没有数据`, without}} {
				ms := regexp.MustCompile(c.re).FindAllStringSubmatch(flat, -1)
				if c.want == 0 && len(ms) > 0 {
					t.Errorf("text says %q, consolidate has none", ms[0][0])
				}
				if c.want > 0 && len(ms) == 0 {
					t.Errorf("text does not say %s (consolidate: %d)", c.re, c.want)
				}
				for _, m := range ms {
					if m[1] != strconv.Itoa(c.want) {
						t.Errorf("text says %q, consolidate has %d", m[0], c.want)
					}
				}
			}
			for _, c := range []struct{ phrase, status string }{{"达到序时进度（绿灯）", "green"}, {"略有滞后（黄灯）", "yellow"}, {"明显滞后（红灯）", "red"}} {
				m := regexp.MustCompile(`(\d+)项` + regexp.QuoteMeta(c.phrase)).FindStringSubmatch(flat)
				got := 0
				if m != nil {
					got, _ = strconv.Atoi(m[1])
				}
				if got != lights[c.status] {
					t.Errorf("一 says %d %s, 二's figures have %d", got, c.phrase, lights[c.status])
				}
			}

			// 三、赛马排名.
			ranked := 0
			for _, u := range sc.Units {
				if u.Rank != nil {
					ranked++
					if u.Rank != nil && *u.Rank == 1 && sc.Scorable && !strings.Contains(flat, u.Name) {
						t.Errorf("first place %s not named", u.Name)
					}
					continue
				}
				if u.State != "accepted" && lineHas(layout, u.Name, "0.00") {
					t.Errorf("%s (%s) has no accepted data but shows 0.00 points", u.Name, u.State)
				}
			}
			if sc.Scorable {
				if m := regexp.MustCompile(`([^，。]+)以([\d.]+)分位列第一`).FindStringSubmatch(flat); m == nil {
					t.Error("no first place stated")
				} else {
					for _, u := range sc.Units {
						if u.Rank != nil && *u.Rank == 1 && (!strings.Contains(m[1], u.Name) || m[2] != u.Points) {
							t.Errorf("text says %q, score has %s %s first", m[0], u.Name, u.Points)
						}
					}
				}
				if got := len(regexp.MustCompile(`(?m)^\s*第\d+名\s`).FindAllString(layout, -1)); got < ranked {
					t.Errorf("rank table has %d ranked rows, score ranks %d units", got, ranked)
				}
			} else {
				if !strings.Contains(flat, "不计分、不排名") {
					t.Error("a campaign that is not scored does not say 不计分、不排名")
				}
				for _, bad := range []string{"计分：", "综合计分", "合计100分", "位列第一"} {
					if strings.Contains(flat, bad) {
						t.Errorf("a campaign that is not scored says %q", bad)
					}
				}
			}

			// 约谈.
			m := regexp.MustCompile(`共(\d+)个单位列入约谈名单`).FindStringSubmatch(flat)
			switch {
			case len(iv.Units) == 0 && m != nil:
				t.Errorf("text says %q, interviews has none", m[0])
			case len(iv.Units) > 0 && (m == nil || m[1] != strconv.Itoa(len(iv.Units))):
				t.Errorf("text says %v, interviews has %d", m, len(iv.Units))
			}
		})
	}
}

// countAfter reads every number after a phrase: 按时报送4个 → 4.
func countAfter(text, phrase string) []int {
	var out []int
	for _, m := range regexp.MustCompile(regexp.QuoteMeta(phrase)+`(\d+)个`).FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

func allEqual(got []int, want int) bool {
	for _, g := range got {
		if g != want {
			return false
		}
	}
	return len(got) > 0
}

// tableTwoRows counts the numbered rows of 二、主要指标完成情况 in pdftotext -layout's
// output: lines starting with the next 序号.
func tableTwoRows(layout string) int {
	from, to := strings.Index(layout, "二、主要指标完成情况"), strings.Index(layout, "三、赛马排名")
	if from < 0 || to < from {
		return -1
	}
	rows := 0
	for _, l := range strings.Split(layout[from:to], "\n") {
		if f := strings.Fields(l); len(f) > 1 {
			if v, err := strconv.Atoi(f[0]); err == nil && v == rows+1 {
				rows++
			}
		}
	}
	return rows
}

// lineHas reports whether a line of pdftotext -layout's output shows a unit's name
// and, as a word after it, the figure.
func lineHas(layout, name, figure string) bool {
	for _, l := range strings.Split(layout, "\n") {
		f := strings.Fields(l)
		for i, w := range f {
			if w == name && slices.Contains(f[i+1:], figure) {
				return true
			}
		}
	}
	return false
}

// folioLine is a page number line of pdftotext's output.
var folioLine = regexp.MustCompile(`(?m)^—\s*\d+\s*—$`)

// flatText is pdftotext's output as one string: page numbers, page breaks and line
// breaks taken out, so that sentences read whole across lines and pages.
func flatText(s string) string {
	s = folioLine.ReplaceAllString(s, "")
	return strings.NewReplacer("\f", "", "\n", "").Replace(s)
}
