// Command fillstore writes a generated campaign into a workspace and records one
// accepted submission per unit straight into its store, for the consolidation and
// scoring benchmark (bench/consolidate.sh): no workbook is written or read, the
// submissions are what `tenglong ingest` would have stored from clean returns.
//
//	go run ./internal/corpus/cmd/fillstore -workspace ws -period 2022Q3 \
//	    -units 1300 -indicators 100 -rows 100000
//
// Every unit reports every indicator campaign.Reports gives it: its target times a
// pace of its own (55 % … 129 %, varied a little per indicator) as exact decimal
// text, a remark on every third, 完成/未完成 for qualitative ones, and the roll-up of
// its list rows for an indicator a list feeds. The -rows list rows are shared out as
// evenly as the units allow (77 or 76 each for 100,000 over 1,300), with valid
// 统一社会信用代码 (internal/corpus/fill.USCC) unique across units except one
// deliberate duplicate in every hundred units; every task a unit leads or co-owns
// gets a status; a third of the units are late. The office enters its figure for the
// first few indicators whose total is `given`. With -earlier N the N periods before
// are recorded too (at other paces, so ranks change), for comparisons.
//
// Output is deterministic: the store's clock is fixed and so are the received times.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/internal/corpus"
	"tenglong/internal/corpus/fill"
	"tenglong/returns"
	"tenglong/store"
)

// config is what one run writes.
type config struct {
	Workspace    string
	Period       string
	Units        int
	Indicators   int
	Rows         int // list rows over all units and lists
	Lists        int
	TasksPerUnit int
	Earlier      int    // earlier periods recorded too
	Totals       int    // `given` indicators the office enters a total for
	Cadence      string // "" keeps the generated campaign's (quarterly); monthly for three years of months
}

// summary is what a run recorded, for its closing line and for tests.
type summary struct {
	Periods     []string `json:"periods"`
	Submissions int      `json:"submissions"` // per period, like the rest
	Values      int      `json:"values"`
	Rows        int      `json:"rows"`
	Tasks       int      `json:"tasks"`
	Late        int      `json:"late"`
	Duplicates  int      `json:"duplicates"` // rows sharing a 统一社会信用代码 with another unit's row
	Totals      int      `json:"totals"`
}

func main() {
	var cfg config
	flag.StringVar(&cfg.Workspace, "workspace", "", "workspace folder to write campaign.yaml and tenglong.db into")
	flag.StringVar(&cfg.Period, "period", "2022Q3", "period to record")
	flag.IntVar(&cfg.Units, "units", 1300, "units (townships)")
	flag.IntVar(&cfg.Indicators, "indicators", 100, "indicators")
	flag.IntVar(&cfg.Rows, "rows", 100_000, "list rows over all units")
	flag.IntVar(&cfg.Lists, "lists", 1, "lists (the rows are shared among them)")
	flag.IntVar(&cfg.TasksPerUnit, "tasks-per-unit", 2, "tasks every unit leads or co-owns (0: none)")
	flag.IntVar(&cfg.Earlier, "earlier", 0, "also record this many periods before -period")
	flag.IntVar(&cfg.Totals, "totals", 5, "indicators with total rule given that the office enters its figure for")
	flag.StringVar(&cfg.Cadence, "cadence", "", "campaign cadence: monthly or quarterly (default: the generated campaign's, quarterly)")
	summaryPath := flag.String("summary", "", "also write what was recorded (per period) to this JSON file")
	flag.Parse()
	if cfg.Workspace == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: fillstore -workspace DIR [-period 2022Q3] [-units 1300 -indicators 100 -rows 100000]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	start := time.Now()
	sum, err := run(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fillstore:", err)
		os.Exit(1)
	}
	fmt.Printf("recorded %d units × %v, each period: %d values, %d list rows (%d sharing a USCC), %d task lines, %d late, %d office totals each, in %.1f s\n",
		sum.Submissions, sum.Periods, sum.Values, sum.Rows, sum.Duplicates, sum.Tasks, sum.Late, sum.Totals, time.Since(start).Seconds())
	if *summaryPath != "" {
		data, err := json.MarshalIndent(sum, "", "  ")
		if err == nil {
			err = os.WriteFile(*summaryPath, append(data, '\n'), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "fillstore:", err)
			os.Exit(1)
		}
	}
}

// size is the generated campaign for cfg: each list prepares as many rows as the
// unit with the largest share fills.
func (cfg config) size() corpus.Size {
	lists := max(cfg.Lists, 1)
	perUnit := 1
	if cfg.Units > 0 {
		perUnit = max((cfg.Rows+cfg.Units-1)/cfg.Units, 1)
	}
	return corpus.Size{Units: cfg.Units, Indicators: cfg.Indicators, Lists: lists,
		ListRows: (perUnit + lists - 1) / lists, TasksPerUnit: cfg.TasksPerUnit}
}

func run(cfg config) (summary, error) {
	if cfg.Units < 1 || cfg.Indicators < 1 || cfg.Rows < 0 {
		return summary{}, fmt.Errorf("need at least one unit and one indicator, and no negative rows")
	}
	data := corpus.Campaign(cfg.size())
	if cfg.Cadence != "" {
		// The generated campaign spans 2021–2023 quarterly; bench/commands.sh wants
		// its 36 months.
		data = bytes.Replace(data, []byte("\ncadence: quarterly\n"), []byte("\ncadence: "+cfg.Cadence+"\n"), 1)
	}
	c, probs := campaign.LoadAndCheck(data)
	if probs.HasErrors() {
		return summary{}, fmt.Errorf("generated campaign: %v", probs.Errors())
	}
	last, err := c.ReportingPeriod(cfg.Period)
	if err != nil {
		return summary{}, err
	}
	periods := []campaign.Period{last}
	for i := 0; i < cfg.Earlier; i++ {
		p := periods[0].Previous()
		if !p.Within(c.Span) {
			return summary{}, fmt.Errorf("-earlier %d reaches before the campaign's span %s", cfg.Earlier, c.Span)
		}
		periods = append([]campaign.Period{p}, periods...)
	}

	if err := os.MkdirAll(cfg.Workspace, 0o755); err != nil {
		return summary{}, err
	}
	dbPath := filepath.Join(cfg.Workspace, store.FileName)
	if _, err := os.Stat(dbPath); !errors.Is(err, fs.ErrNotExist) {
		return summary{}, fmt.Errorf("%s exists already: fill a fresh workspace", dbPath)
	}
	if err := os.WriteFile(filepath.Join(cfg.Workspace, "campaign.yaml"), data, 0o644); err != nil {
		return summary{}, err
	}
	clock := time.Date(2022, 10, 20, 9, 0, 0, 0, time.UTC)
	db, err := store.Open(dbPath, store.WithClock(func() time.Time { return clock }))
	if err != nil {
		return summary{}, err
	}
	g := newGenerator(c, cfg.Rows)
	var sum summary
	for pi, p := range periods {
		sum = summary{}
		for u := range c.Units {
			sub := g.submission(u, p, len(periods)-1-pi)
			sha, _, err := db.PutFile(g.fileBytes(u, p))
			if err != nil {
				db.Close()
				return summary{}, err
			}
			sub.SHA256 = sha
			if _, err := db.RecordSubmission(sub); err != nil {
				db.Close()
				return summary{}, fmt.Errorf("unit %s, %s: %w", c.Units[u].Code, p, err)
			}
			sum.Submissions++
			sum.Values += len(sub.Values)
			sum.Rows += len(sub.Rows)
			sum.Tasks += len(sub.Tasks)
			if sub.Late {
				sum.Late++
			}
		}
		sum.Duplicates = 2 * g.duplicates()
		for _, e := range g.totals(p, cfg.Totals) {
			if _, err := db.SetTotal(e); err != nil {
				db.Close()
				return summary{}, err
			}
			sum.Totals++
		}
	}
	for _, p := range periods {
		sum.Periods = append(sum.Periods, p.String())
	}
	return sum, db.Close()
}

// generator makes each unit's submission.
type generator struct {
	c     *campaign.Campaign
	rows  int              // list rows over all units
	tasks map[string][]int // unit code → indices of the tasks it leads or co-owns, in campaign order
}

func newGenerator(c *campaign.Campaign, rows int) *generator {
	g := &generator{c: c, rows: rows, tasks: map[string][]int{}}
	for i, t := range c.Tasks {
		seen := map[string]bool{}
		for _, u := range append(append([]string{}, t.Lead...), t.Co...) {
			if !seen[u] {
				seen[u] = true
				g.tasks[u] = append(g.tasks[u], i)
			}
		}
	}
	return g
}

// unitRows is how many list rows unit u fills: the total shared out, the first
// units taking one more when it does not divide.
func (g *generator) unitRows(u int) int {
	n := len(g.c.Units)
	share := g.rows / n
	if u < g.rows%n {
		share++
	}
	return share
}

// dupEvery: unit u with u % dupEvery == dupAt reports, as its first row, the first
// row's 统一社会信用代码 of unit u−1 (an enterprise both townships claim).
const (
	dupEvery = 100
	dupAt    = 10
)

func (g *generator) duplicate(u int) bool {
	return u%dupEvery == dupAt && g.unitRows(u) > 0 && g.unitRows(u-1) > 0
}

func (g *generator) duplicates() int {
	n := 0
	for u := range g.c.Units {
		if g.duplicate(u) {
			n++
		}
	}
	return n
}

// fileBytes stands for the return's bytes: distinct per unit and period.
func (g *generator) fileBytes(u int, p campaign.Period) []byte {
	return []byte(fmt.Sprintf("fillstore: campaign %s, unit %s, period %s — no workbook, values recorded directly\n",
		g.c.ID, g.c.Units[u].Code, p))
}

// submission is unit u's accepted submission of period p; back counts the periods
// before the last one recorded, varying the paces.
func (g *generator) submission(u int, p campaign.Period, back int) store.Submission {
	c := g.c
	unit := c.Units[u]
	deadline := p.Deadline(c.Deadline)
	// On time: spread over the five days before the deadline; late: one to five days after.
	received := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 9+u%8, u%60, 0, 0, time.UTC).AddDate(0, 0, -1-u%5)
	if u%3 == 2 {
		received = received.AddDate(0, 0, 6+u%5)
	}
	sub := store.Submission{
		Campaign:   c.ID,
		Unit:       unit.Code,
		Period:     p.String(),
		SourcePath: fmt.Sprintf("inbox/%02d-%s-%s.xlsx", u+1, unit.Name, p),
		ReceivedAt: received,
		Late:       c.Late(p, received),
		Outcome:    store.Accepted,
	}
	sub.Rows = g.listRows(u)
	row := 4
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if !c.Reports(in, unit.Code, p) {
			continue
		}
		v := store.Value{Indicator: in.ID, Cell: "H" + strconv.Itoa(row)}
		row++
		target, _, _ := c.TargetFor(in, unit.Code, p)
		switch {
		case in.Kind == campaign.KindQualitative || target.Form == campaign.TargetText:
			v.Text = "完成"
			if (u+i)%4 == 0 {
				v.Text = "未完成"
			}
		default:
			if n, ok := fed(c, in.ID, sub.Rows); ok {
				v.Value = n.String()
			} else {
				v.Value = g.value(in, target, u, i, back).String()
			}
		}
		if i%3 == 0 {
			v.Note = "按月调度，数据已核对"
		}
		sub.Values = append(sub.Values, v)
	}
	for j, ti := range g.tasks[unit.Code] {
		t := &c.Tasks[ti]
		sub.Tasks = append(sub.Tasks, store.Task{
			ID:       t.ID,
			Status:   returns.TaskStates[(u+j+back)%len(returns.TaskStates)],
			Progress: "已制定工作方案，完成摸底排查，正按计划推进",
			Cell:     "F" + strconv.Itoa(4+j),
		})
	}
	return sub
}

// value is the unit's figure for a numeric indicator: its target (100 without one)
// times the unit's pace, 55 % … 129 %, with a little of the indicator's own.
func (g *generator) value(in *campaign.Indicator, target campaign.Target, u, i, back int) decimal.Decimal {
	base := decimal.NewFromInt(100)
	if target.IsNumber() {
		if t, err := decimal.NewFromString(target.NumberText()); err == nil && t.IsPositive() {
			base = t
		}
	}
	pace := int64((u*37+back*23)%60 + (i*13+u)%15 + 55) // percent
	h := int64(i*31 + u*17 + back*7)
	pct := decimal.New(pace, -2).Add(decimal.New(h%97, -5))
	places := int32(2)
	if in.WholeNumbers() {
		places = 0
	} else if in.Decimals > places {
		places = in.Decimals
	}
	n := base.Mul(pct).Round(places)
	if in.Max != nil && n.GreaterThan(*in.Max) {
		n = *in.Max
	}
	if in.Min != nil && n.LessThan(*in.Min) {
		n = *in.Min
	}
	return n
}

// firstDate is the first day list dates are spread from.
var firstDate = time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)

var (
	companySuffix = []string{"制造有限公司", "科技有限公司", "实业有限公司", "新材料股份有限公司", "机械厂"}
	remarks       = []string{"已签订整治协议", "已完成厂房腾退", "正在办理用地手续", "按月调度"}
)

// listRows fills unit u's share of the rows, the lists taking turns, each cell as
// returns.Check stores it (decimals exact, dates 2006-01-02).
func (g *generator) listRows(u int) []store.Row {
	c := g.c
	if len(c.Lists) == 0 {
		return nil
	}
	n := g.unitRows(u)
	rows := make([]store.Row, 0, n)
	next := make([]int, len(c.Lists)) // the next row index of each list
	for k := 0; k < n; k++ {
		li := k % len(c.Lists)
		l := &c.Lists[li]
		r := next[li]
		next[li]++
		row := store.Row{List: l.ID, Index: r, Values: make(map[string]store.Cell, len(l.Columns))}
		for ci := range l.Columns {
			col := &l.Columns[ci]
			v := g.listCell(u, k, r, col)
			if v == "" {
				continue
			}
			row.Values[col.ID] = store.Cell{Value: v, Cell: string(rune('B'+ci)) + strconv.Itoa(4+r)}
		}
		rows = append(rows, row)
	}
	return rows
}

// listCell is the value of row r (the unit's k-th row over all lists) of a column.
func (g *generator) listCell(u, k, r int, col *campaign.Column) string {
	h := u*7 + r // varies values between rows and units
	switch col.Type {
	case campaign.ColUSCC:
		if k == 0 && g.duplicate(u) {
			return fill.USCC(u-1, 0)
		}
		return fill.USCC(u, k)
	case campaign.ColEnum:
		return col.Values[(r*7+u)%len(col.Values)]
	case campaign.ColDate:
		return firstDate.AddDate(0, 0, h%900).Format("2006-01-02")
	case campaign.ColInteger:
		return bounded(decimal.NewFromInt(int64(h%200+1)), col, 0).String()
	case campaign.ColDecimal:
		return bounded(decimal.New(int64(h%99991+150), -2), col, 2).String() // 1.5 … 1001.4
	default:
		if !col.Required {
			if r%2 == 1 {
				return "" // an optional remark, left empty on every other row
			}
			return remarks[r/2%len(remarks)]
		}
		return fmt.Sprintf("%s第%d号%s", g.c.Units[u].Name, r+1, companySuffix[r%len(companySuffix)])
	}
}

func bounded(n decimal.Decimal, col *campaign.Column, places int32) decimal.Decimal {
	n = n.Round(places)
	if col.Max != nil && n.GreaterThan(*col.Max) {
		n = *col.Max
	}
	if col.Min != nil && n.LessThan(*col.Min) {
		n = *col.Min
	}
	return n
}

// fed computes an indicator a list feeds from the unit's rows: a count or a sum.
func fed(c *campaign.Campaign, id string, rows []store.Row) (decimal.Decimal, bool) {
	for li := range c.Lists {
		l := &c.Lists[li]
		for _, feed := range l.Feeds {
			if feed.Indicator != id {
				continue
			}
			where := feed.Where
			if feed.Sum == "" {
				where = feed.Count
			}
			total, n := decimal.Zero, 0
		rows:
			for _, row := range rows {
				if row.List != l.ID {
					continue
				}
				for k, want := range where {
					if row.Values[k].Value != want {
						continue rows
					}
				}
				n++
				if feed.Sum != "" {
					if d, err := decimal.NewFromString(row.Values[feed.Sum].Value); err == nil {
						total = total.Add(d)
					}
				}
			}
			if feed.Sum == "" {
				total = decimal.NewFromInt(int64(n))
			}
			return total, true
		}
	}
	return decimal.Decimal{}, false
}

// totals are the office's figures for the first n indicators whose total is
// `given`: 85 % of the total's target (or 1000 without one).
func (g *generator) totals(p campaign.Period, n int) []store.TotalEntry {
	c := g.c
	var out []store.TotalEntry
	for i := range c.Indicators {
		in := &c.Indicators[i]
		if len(out) >= n {
			break
		}
		if in.Total != campaign.TotalGiven {
			continue
		}
		v := decimal.NewFromInt(1000)
		if c.Total != nil {
			if t, _, ok := c.TargetFor(in, c.Total.Code, p); ok && t.IsNumber() {
				if d, err := decimal.NewFromString(t.NumberText()); err == nil {
					v = d
				}
			}
		}
		out = append(out, store.TotalEntry{Campaign: c.ID, Period: p.String(), Indicator: in.ID,
			Value: v.Mul(decimal.RequireFromString("0.85")).Round(2).String(), Reason: "统计部门快报数"})
	}
	return out
}
