package results

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
	"tenglong/store"
)

// Period is everything consolidate, score, interviews and the bulletin show for a
// period: its consolidation (compared with the period before), its scores (with the
// rank change) and its interview list.
type Period struct {
	Consolidation *score.Consolidation
	Scores        *score.Scores
	Interviews    []score.Interview
}

// Assemble computes period p's results from the store: the accepted returns, each
// unit's reporting state, the office's totals and points, and as much of the earlier
// periods as the comparison and the interview rules need. It only reads db.
func Assemble(c *campaign.Campaign, db *store.Store, p campaign.Period) (*Period, error) {
	return newHistory(db, c).results(p)
}

// AssembleCounts is Assemble for a caller that shows no list row, only how many
// (score, interviews, the bulletin, consolidate: its 汇总表 reads them again through
// StoredListRows): the merged lists are counted as their rows are read
// (score.ListCounter) instead of being kept — only a list that feeds a ratio
// indicator is kept until it is consolidated — so that the rows of a 5,000-unit
// period (384,615) are never all held.
func AssembleCounts(c *campaign.Campaign, db *store.Store, p campaign.Period) (*Period, error) {
	h := newHistory(db, c)
	h.dropRows = true
	return h.results(p)
}

// Consolidate is period p's plain consolidation (no comparison, no scores), or nil
// when no unit has accepted data: what the web console's board needs for its lights.
func Consolidate(c *campaign.Campaign, db *store.Store, p campaign.Period) (*score.Consolidation, error) {
	return newHistory(db, c).consolidation(p)
}

// history loads and consolidates periods of one campaign from the store, each once.
// A period without any accepted submission has no results (nil): it neither counts
// as a bottom place for the consecutive rule nor gives a comparison.
type history struct {
	db    *store.Store
	c     *campaign.Campaign
	data  map[campaign.Period]*score.Data
	cons  map[campaign.Period]*score.Consolidation
	score map[campaign.Period]*score.Scores
	// dropRows: the period's lists are only counted (AssembleCounts): their rows are
	// read into counted instead of being kept, except the rows of a list that feeds
	// a ratio indicator (the consolidation computes the ratio from them).
	dropRows bool
	counted  []score.MergedList
}

func newHistory(db *store.Store, c *campaign.Campaign) *history {
	return &history{db: db, c: c, data: map[campaign.Period]*score.Data{},
		cons: map[campaign.Period]*score.Consolidation{}, score: map[campaign.Period]*score.Scores{}}
}

// results computes a period's consolidation (compared with the period before), its
// scores (with the rank change) and its interview list.
func (h *history) results(p campaign.Period) (*Period, error) {
	d, _, err := h.load(p, true)
	if err != nil {
		return nil, err
	}
	prev, err := h.consolidation(p.Previous())
	if err != nil {
		return nil, err
	}
	yearAgo, err := h.consolidation(yearBefore(p))
	if err != nil {
		return nil, err
	}
	k := score.Consolidate(h.c, *d, prev)
	h.drop(p)
	if h.dropRows {
		k.DropRows() // a ratio list's rows, kept for its indicator
		if h.counted != nil {
			k.Lists = h.counted
		}
	}
	s := score.Score(k, yearAgo)
	prevScores, err := h.scores(p.Previous())
	if err != nil {
		return nil, err
	}
	score.CompareScores(s, prevScores)
	var earlier []*score.Scores
	for q, n := p.Previous(), h.lookBack(); n > 0; q, n = q.Previous(), n-1 {
		sc, err := h.scores(q)
		if err != nil {
			return nil, err
		}
		if sc == nil {
			break
		}
		earlier = append(earlier, sc)
	}
	return &Period{Consolidation: k, Scores: s, Interviews: score.Interviews(k, s, earlier)}, nil
}

// lookBack is how many earlier periods the interview rules need.
func (h *history) lookBack() int {
	n := 0
	if h.c.Interviews != nil {
		for _, r := range h.c.Interviews.Rules {
			if r.BottomConsecutive-1 > n {
				n = r.BottomConsecutive - 1
			}
		}
	}
	return n
}

// consolidation is a period's plain consolidation, or nil when it has no data.
func (h *history) consolidation(p campaign.Period) (*score.Consolidation, error) {
	if k, ok := h.cons[p]; ok {
		return k, nil
	}
	d, has, err := h.load(p, false)
	if err != nil || !has {
		return nil, err
	}
	k := score.Consolidate(h.c, *d, nil)
	h.drop(p)
	h.cons[p] = k
	return k, nil
}

// scores are a period's scores, or nil when it has no data.
func (h *history) scores(p campaign.Period) (*score.Scores, error) {
	if s, ok := h.score[p]; ok {
		return s, nil
	}
	k, err := h.consolidation(p)
	if err != nil || k == nil {
		return nil, err
	}
	yearAgo, err := h.consolidation(yearBefore(p))
	if err != nil {
		return nil, err
	}
	s := score.Score(k, yearAgo)
	h.score[p] = s
	return s, nil
}

// drop forgets a period's loaded data once it is consolidated: the consolidation
// keeps what it shows (and the list rows it merged), while the units' values and
// task reports — a hundred per unit — would otherwise stay live through scoring and
// writing. Each period is consolidated once (h.cons), so nothing loads it again.
func (h *history) drop(p campaign.Period) { h.data[p] = nil }

func yearBefore(p campaign.Period) campaign.Period {
	p.Year--
	return p
}

// load reads a period's data from the store; has is false when no unit has accepted
// data, or the period lies outside the campaign. Earlier periods are only compared
// and scored: without full, their list rows and tasks are not read.
func (h *history) load(p campaign.Period, full bool) (*score.Data, bool, error) {
	if d, ok := h.data[p]; ok && d != nil {
		return d, len(d.Returns) > 0, nil
	}
	// Release: each period is consolidated once and its data dropped (h.drop), so
	// Consolidate may let each unit's values go as soon as its cells are made.
	d := &score.Data{Period: p, Returns: map[string]*score.Return{}, Attempts: map[string]score.Attempt{},
		Totals: map[string]decimal.Decimal{}, TotalAnswers: map[string]bool{}, Release: true}
	h.data[p] = d
	if !p.Within(h.c.Span) {
		return d, false, nil
	}
	var rows *rowReading
	if full {
		rows = &rowReading{}
		if h.dropRows {
			rows.counter, rows.keep = score.NewListCounter(h.c), ratioLists(h.c)
		}
	}
	if err := loadPeriod(h.db, h.c.ID, p.String(), d, rows, h.c.Location()); err != nil {
		return nil, false, err
	}
	if rows != nil && rows.counter != nil {
		h.counted = rows.counter.Lists()
	}
	return d, len(d.Returns) > 0, nil
}

// rowReading is how a period's list rows are read: all kept (counter nil), or
// counted by counter, only the lists in keep kept.
type rowReading struct {
	counter *score.ListCounter
	keep    map[string]bool
}

// ratioLists are the lists that feed a ratio indicator: the consolidation computes
// the ratio from their rows.
func ratioLists(c *campaign.Campaign) map[string]bool {
	out := map[string]bool{}
	for _, l := range c.Lists {
		for _, f := range l.Feeds {
			if f.Ratio != nil {
				out[l.ID] = true
			}
		}
	}
	return out
}

// loadPeriod fills a period's data from the store: current submissions with their
// values (and, with rows, list rows and tasks), each unit's reporting state, the
// office's totals and points.
func loadPeriod(db *store.Store, campaignID, period string, d *score.Data, rows *rowReading, loc *time.Location) error {
	current, err := db.Current(campaignID, period)
	if err != nil {
		return err
	}
	for _, cur := range current {
		// Sized up front: a hundred values grew each unit's map by rehashing.
		ret := &score.Return{Values: make(map[string]score.Value, len(cur.Values)), Tasks: map[string]score.TaskReport{}}
		for _, v := range cur.Values {
			var sv score.Value
			if v.Value != "" {
				n, err := score.ParseNumberValue(v.Value)
				if err != nil {
					return fmt.Errorf("数据库里 %s 的 %s 值“%s”不是数字：%v", cur.Unit, v.Indicator, v.Value, err)
				}
				sv = n
			}
			sv.Text, sv.Note = v.Text, v.Note
			ret.Values[v.Indicator] = sv
		}
		d.Returns[cur.Unit] = ret
	}
	if rows != nil {
		if err := loadRowsAndTasks(db, campaignID, period, d, rows); err != nil {
			return err
		}
	}
	return loadStates(db, campaignID, period, d, loc)
}

// loadRowsAndTasks adds the current submissions' list rows (or counts them, as
// rows says) and task reports.
func loadRowsAndTasks(db *store.Store, campaignID, period string, d *score.Data, reading *rowReading) error {
	counter, keep := reading.counter, reading.keep
	// One unit's rows at a time: the store's rows (with their cell addresses) are
	// dropped as soon as they are copied, never all held beside the copies.
	// A unit's rows are packed into one string (score.RowValues), not a map each.
	var pack score.RowPacker
	err := db.EachCurrentRows(campaignID, period, func(rows []store.CurrentRow) error {
		packed := packRows(&pack, rows)
		for i, r := range rows {
			ret := d.Returns[r.Unit]
			if ret == nil {
				continue
			}
			if counter != nil {
				counter.Add(r.Unit, r.List, packed[i])
				if !keep[r.List] {
					continue
				}
			}
			if ret.Rows == nil {
				ret.Rows = make([]score.Row, 0, len(rows))
			}
			ret.Rows = append(ret.Rows, score.Row{List: r.List, Index: r.Index, Values: packed[i]})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if counter != nil && counter.Shared() {
		// Which rows hold a value another unit reported is known only now: a second
		// reading counts them.
		err := db.EachCurrentRows(campaignID, period, func(rows []store.CurrentRow) error {
			for i, values := range packRows(&pack, rows) {
				if r := rows[i]; d.Returns[r.Unit] != nil {
					counter.Recount(r.Unit, r.List, values)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	tasks, err := db.CurrentTasks(campaignID, period)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if ret := d.Returns[t.Unit]; ret != nil {
			ret.Tasks[t.ID] = score.TaskReport{Status: t.Status, Progress: t.Progress}
		}
	}
	return nil
}

// loadStates adds each unit's reporting state, the office's totals and its points.
// Received times are moved into the campaign's time zone (loc): the store keeps UTC,
// and interview reasons and the bulletin print dates.
func loadStates(db *store.Store, campaignID, period string, d *score.Data, loc *time.Location) error {
	statuses, err := db.Status(campaignID, period)
	if err != nil {
		return err
	}
	for _, s := range statuses {
		if s.State == string(store.Pending) {
			continue // a held file counts for nothing until confirmed: the unit is missing
		}
		d.Attempts[s.Unit] = score.Attempt{State: score.State(s.State), ReceivedAt: s.Shown.ReceivedAt.In(loc),
			Late: s.Shown.Late, Errors: s.Shown.Errors, Warnings: s.Shown.Warnings}
	}
	totals, err := db.Totals(campaignID, period)
	if err != nil {
		return err
	}
	for _, t := range totals {
		if t.Value == store.TotalDone || t.Value == store.TotalNotDone {
			d.TotalAnswers[t.Indicator] = t.Value == store.TotalDone
			continue
		}
		v, err := decimal.NewFromString(t.Value)
		if err != nil {
			return fmt.Errorf("数据库里 %s 的合计“%s”不是数字：%v", t.Indicator, t.Value, err)
		}
		d.Totals[t.Indicator] = v
	}
	points, err := db.Points(campaignID, period)
	if err != nil {
		return err
	}
	for _, e := range points {
		v, err := decimal.NewFromString(e.Points)
		if err != nil {
			return fmt.Errorf("数据库里 %s 的 %s 分值“%s”不是数字：%v", e.Unit, e.Item, e.Points, err)
		}
		d.Points = append(d.Points, score.Entry{Unit: e.Unit, Item: e.Item, Points: v, Reason: e.Reason})
	}
	return nil
}
