package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"tenglong/campaign"
	"tenglong/score"
)

// bulletinModel sets a bulletin and returns its document model.
func bulletinModel(t *testing.T, bc bulletinCase) *Document {
	t.Helper()
	var buf bytes.Buffer
	_, m, err := BulletinDocument(&buf, Bulletin{Consolidation: bc.k, Scores: bc.s, Interviews: bc.iv, IssueNo: 1, Date: printed,
		Summary: "总体情况。"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// tableTexts are the notes of a model's tables, and every cell's text.
func tableTexts(m *Document) (notes string, cells []string) {
	for _, b := range m.Blocks {
		if b.Table == nil {
			continue
		}
		notes += b.Table.Note
		for _, r := range b.Table.Rows {
			for _, c := range r {
				cells = append(cells, c.Text)
			}
		}
	}
	return notes, cells
}

// A light compared with a target due at the end of a later year (lucheng-2021 in
// 2021: 单位工业增加值能耗到2023年下降9%以上) is said in the tables' notes of the
// bulletin (its PDF and its Word twin both read this model).
func TestBulletinSaysFullTermLights(t *testing.T) {
	for _, tc := range []struct{ seed, period string }{{"lucheng-2021", "2021Q3"}, {"lucheng-2021", "2022Q2"}} {
		c := seed(t, tc.seed)
		p, err := campaign.ParsePeriod(tc.period)
		if err != nil {
			t.Fatal(err)
		}
		d := periodData(c, p)
		for i, u := range c.Units { // every unit in, so that totals are complete and lit
			d.Returns[u.Code] = unitReturn(c, p, i, u.Code)
			d.Attempts[u.Code] = score.Attempt{State: score.StateAccepted, ReceivedAt: p.Deadline(c.Deadline)}
		}
		k := score.Consolidate(c, d, nil)
		s := score.Score(k, nil)
		bc := bulletinCase{k: k, s: s, iv: score.Interviews(k, s, nil)}
		var fullTerm []string
		for _, r := range bc.k.Indicators {
			for _, c := range append([]score.Cell{r.Total}, r.Units...) {
				if score.LightBasis(r.Indicator, c) == score.LightByFullTerm {
					fullTerm = append(fullTerm, r.Indicator.Name)
					break
				}
			}
		}
		if len(fullTerm) == 0 {
			t.Fatalf("%s %s: no light compares with a full-term target; the test would prove nothing", tc.seed, tc.period)
		}
		notes, _ := tableTexts(bulletinModel(t, bc))
		if !strings.Contains(notes, "亮灯对照2023年底目标") {
			t.Errorf("%s %s: notes do not say the full-term target:\n%s", tc.seed, tc.period, notes)
		}
		for _, name := range fullTerm {
			if !strings.Contains(notes, name+"亮灯对照") && !strings.Contains(notes, name+"、") {
				t.Errorf("%s %s: notes do not name %s", tc.seed, tc.period, name)
			}
		}
	}
}

// A derived rate prints 未开展 when nothing is in its scope (never a 0.0 or a blank),
// and its counts are named in the note; a rejected unit's cells read 退回.
func TestUnitCellsDerivedRateAndStates(t *testing.T) {
	bc := bulletinFor(t, seed(t, "huzhou-2023-projects"), "2023Q3")
	k := bc.k
	r := &k.Indicators[0]
	in := r.Indicator
	cl := r.Units[0]
	cl.SetRatio(&score.RatioCell{RatioResult: campaign.RatioResult{}, Basis: "未开展（应开工 0 个）"})
	cl.SetActual(campaign.Actual{})
	if got := unitCells(k, cl.Unit, in, cl)[1].text; got != campaign.NotStarted {
		t.Errorf("a rate with nothing in scope reads %q, want %s", got, campaign.NotStarted)
	}
	cl.SetRatio(&score.RatioCell{RatioResult: campaign.RatioResult{Defined: true}, Basis: "开工 17 个 / 应开工 21 个 = 81.0%"})
	cl.SetActual(campaign.Reported(decimal.RequireFromString("80.952380952")))
	r.Units[0] = cl
	if n := IndicatorNotes(k, []*score.IndicatorResult{r}); !strings.Contains(n, k.Campaign.UnitName(cl.Unit)+" 开工 17 个 / 应开工 21 个 = 81.0%") {
		t.Errorf("the note does not give the counts: %q", n)
	}
	var rejected string
	for _, s := range k.Submissions {
		if s.State == score.StateRejected {
			rejected = s.Unit
		}
	}
	if c, ok := r.Cell(rejected); !ok || !strings.HasSuffix(unitCells(k, rejected, in, *c)[2].text, "退回") {
		t.Errorf("a rejected unit's cell: %+v", c)
	}
}

// A rejected unit's rows in 四's list form (lucheng-2021: one unit carries every
// indicator) read 被退回, not 未报送, as 五、报送情况 says.
func TestUnitListNamesRejected(t *testing.T) {
	c := seed(t, "lucheng-2021")
	p, err := campaign.ParsePeriod("2023Q3")
	if err != nil {
		t.Fatal(err)
	}
	carrier := c.Units[len(c.Units)-1].Code
	d := periodData(c, p)
	delete(d.Returns, carrier)
	d.Attempts[carrier] = score.Attempt{State: score.StateRejected, ReceivedAt: p.Deadline(c.Deadline), Errors: 1}
	k := score.Consolidate(c, d, nil)
	s := score.Score(k, nil)
	_, cells := tableTexts(bulletinModel(t, bulletinCase{k: k, s: s, iv: score.Interviews(k, s, nil)}))
	joined := strings.Join(cells, "|")
	if !strings.Contains(joined, "○被退回") || strings.Contains(joined, "○未报送") {
		t.Errorf("a rejected unit's lights in 四: %s", joined)
	}
}
