package results

import (
	"io"
	"time"

	"tenglong/campaign"
	"tenglong/score"
)

// The JSON shapes of consolidate, score and interviews (DESIGN.md §9), exported so
// that the web console renders the very data the CLI prints. Decimals are
// strings; completion and time progress are percentages (101.25 = 101.25%), or for
// rate and change indicators percentage points, with 2 decimals.

// ConsolidationDoc is consolidate --json: a period's indicators with every unit's
// cell, its lists and each unit's submission.
type ConsolidationDoc struct {
	Period      string          `json:"period"`
	Compared    *string         `json:"compared_with"`
	Indicators  []IndicatorDoc  `json:"indicators"`
	Lists       []ListDoc       `json:"lists"`
	Submissions []SubmissionDoc `json:"submissions"`
}

// IndicatorDoc is one indicator's row: the total and each unit.
type IndicatorDoc struct {
	ID             string    `json:"id"`
	Name           string    `json:"name"`
	Measure        string    `json:"measure"`
	Kind           string    `json:"kind"`
	CompletionUnit string    `json:"completion_unit"` // "%" or "pp"
	Total          *TotalDoc `json:"total"`
	Units          []CellDoc `json:"units"`
}

// TotalDoc is an indicator's total row (nulls and status na when it has none).
type TotalDoc struct {
	Code         string  `json:"code"`
	Target       *string `json:"target"`
	TargetText   string  `json:"target_text"`
	Actual       *string `json:"actual"`
	Completion   *string `json:"completion"`
	TimeProgress *string `json:"time_progress"`
	Status       string  `json:"status"`
	// LightBasis is what the light compares (score.LightBasis): time-progress,
	// target, full-term (a target due at the end of a later year: TargetDue) or none.
	LightBasis string  `json:"light_basis"`
	TargetDue  *string `json:"target_due"`
	Basis      string  `json:"basis"`
}

// CellDoc is one unit's figures for one indicator.
type CellDoc struct {
	Code         string     `json:"code"`
	Name         string     `json:"name"`
	Target       *string    `json:"target"`
	TargetText   string     `json:"target_text"`
	Actual       *string    `json:"actual"`
	Completion   *string    `json:"completion"`
	TimeProgress *string    `json:"time_progress"`
	Status       string     `json:"status"`
	LightBasis   string     `json:"light_basis"`
	TargetDue    *string    `json:"target_due"`
	Rank         *int       `json:"rank"`
	Change       *ChangeDoc `json:"change,omitempty"`
	// Ratio is set for a rate derived from a list (开工率): the counts behind it.
	Ratio *RatioDoc `json:"ratio,omitempty"`
	// Milestone is the 本期节点目标 the light compared with (light_basis milestone).
	Milestone *MilestoneDoc `json:"milestone,omitempty"`
}

// RatioDoc is the counts behind a rate derived from a list.
type RatioDoc struct {
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator"`
	InScope     int    `json:"in_scope"`
	NotStarted  bool   `json:"not_started"` // 未开展: nothing in scope or a denominator of 0
	Basis       string `json:"basis"`       // 开工 17 个 / 应开工 21 个 = 81.0%
}

// MilestoneDoc is the 本期节点目标 a light compared with.
type MilestoneDoc struct {
	Value string `json:"value"`
	Due   string `json:"due"`   // 2023-09
	Ahead bool   `json:"ahead"` // before the first milestone is due
	Text  string `json:"text"`  // 本期节点目标 85%（三季度）
}

// ChangeDoc is the change since the period compared with.
type ChangeDoc struct {
	Actual     *string `json:"actual"`
	Completion *string `json:"completion"`
	Rank       *int    `json:"rank"` // places up (negative: down)
}

// ListDoc is one list's row count and duplicates.
type ListDoc struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Rows       int    `json:"rows"`
	Duplicates int    `json:"duplicates"`
}

// SubmissionDoc is a unit's reporting state for the period.
type SubmissionDoc struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	State      string  `json:"state"`
	ReceivedAt *string `json:"received_at"`
	Late       bool    `json:"late"`
}

// NewConsolidationDoc is consolidate --json's document for a consolidation.
func NewConsolidationDoc(k *score.Consolidation) ConsolidationDoc {
	doc := consolidationHead(k)
	for i := range k.Indicators {
		doc.Indicators = append(doc.Indicators, indicatorDoc(k.Campaign, &k.Indicators[i]))
	}
	return doc
}

// WriteConsolidationJSON writes consolidate --json's document as the CLI prints JSON
// (writeStreamedJSON), one indicator's cells made at a time.
func WriteConsolidationJSON(w io.Writer, k *score.Consolidation) error {
	return writeStreamedJSON(w, consolidationHead(k), "indicators", len(k.Indicators), func(i int) any {
		return indicatorDoc(k.Campaign, &k.Indicators[i])
	})
}

// consolidationHead is the document without its indicators.
func consolidationHead(k *score.Consolidation) ConsolidationDoc {
	c := k.Campaign
	doc := ConsolidationDoc{Period: k.Period.String(), Indicators: []IndicatorDoc{}, Lists: []ListDoc{}}
	if k.Compared != nil {
		s := k.Compared.String()
		doc.Compared = &s
	}
	for _, l := range k.Lists {
		doc.Lists = append(doc.Lists, ListDoc{ID: l.List.ID, Name: l.List.Name, Rows: l.RowCount, Duplicates: l.Duplicates})
	}
	for _, s := range k.Submissions {
		sj := SubmissionDoc{Code: s.Unit, Name: UnitName(c, s.Unit), State: string(s.State), Late: s.Late}
		if s.State != score.StateMissing {
			at := c.In(s.ReceivedAt).Format(time.RFC3339)
			sj.ReceivedAt = &at
		}
		doc.Submissions = append(doc.Submissions, sj)
	}
	return doc
}

// indicatorDoc is one indicator's total and unit cells.
func indicatorDoc(c *campaign.Campaign, r *score.IndicatorResult) IndicatorDoc {
	in := r.Indicator
	ij := IndicatorDoc{ID: in.ID, Name: in.Name, Measure: in.Measure, Kind: string(in.Kind), CompletionUnit: "%", Units: []CellDoc{}}
	if in.Kind.IsDifference() {
		ij.CompletionUnit = "pp"
	}
	// Always an object, so that readers can look at total.status: an indicator without
	// a total row (total: none, qualitative) has nulls and status na.
	ij.Total = &TotalDoc{Code: r.Total.Unit, Status: string(campaign.StatusNA), LightBasis: score.LightNone, Basis: r.TotalBasis}
	if r.HasTotal {
		cj := cellDoc(c, in, r.Total)
		ij.Total = &TotalDoc{Code: r.Total.Unit, Target: cj.Target, TargetText: cj.TargetText, Actual: cj.Actual,
			Completion: cj.Completion, TimeProgress: cj.TimeProgress, Status: cj.Status, LightBasis: cj.LightBasis,
			TargetDue: cj.TargetDue, Basis: r.TotalBasis}
	}
	ij.Units = make([]CellDoc, 0, len(r.Units))
	for _, cell := range r.Units {
		ij.Units = append(ij.Units, cellDoc(c, in, cell))
	}
	return ij
}

func cellDoc(c *campaign.Campaign, in *campaign.Indicator, cell score.Cell) CellDoc {
	cj := CellDoc{Code: cell.Unit, Name: UnitName(c, cell.Unit), Status: string(cell.Status()), LightBasis: score.LightBasis(in, cell)}
	if due := score.ShowDue(cell); due != "" {
		cj.TargetDue = &due
	}
	target := cell.Target()
	if target.IsNumber() {
		v := target.Value.String()
		cj.Target = &v
	}
	if target.IsSet() {
		cj.TargetText = target.Display()
	}
	if actual := cell.Actual(); actual.Reported {
		v := actual.Value.String()
		if in.Kind == campaign.KindQualitative || actual.Answered {
			// A number entered against a worded target stays that number.
			v = score.ShowActual(&campaign.Indicator{Kind: campaign.KindQualitative}, actual)
		}
		cj.Actual = &v
	}
	completion := cell.Completion()
	if completion.Defined && completion.Kind != campaign.CompletionQualitative {
		v := completion.Value
		if completion.Kind == campaign.CompletionRatio {
			v = v.Shift(2) // ×100: the same digits, without a new coefficient
		}
		s := v.StringFixed(2)
		cj.Completion = &s
	}
	if tp := cell.TimeProgress(); !tp.IsZero() {
		s := tp.Shift(2).StringFixed(2)
		cj.TimeProgress = &s
	}
	if cell.Ranked() {
		r := cell.Rank
		cj.Rank = &r
	}
	if rc := cell.Ratio(); rc != nil {
		cj.Ratio = &RatioDoc{Numerator: rc.Num.String(), Denominator: rc.Den.String(), InScope: rc.InScope, NotStarted: !rc.Defined, Basis: rc.Basis}
	}
	if m := cell.Milestone(); m != nil {
		cj.Milestone = &MilestoneDoc{Value: m.Value.String(), Due: m.Month.String(), Ahead: m.Ahead, Text: "本期节点目标 " + score.ShowMilestone(in, cell)}
	}
	if ch := cell.Change(); ch != nil {
		cj.Change = &ChangeDoc{}
		if ch.HasActual {
			s := ch.Actual.String()
			cj.Change.Actual = &s
		}
		if ch.HasCompletion {
			v := ch.Completion
			if completion.Kind == campaign.CompletionRatio {
				v = v.Shift(2)
			}
			s := v.StringFixed(2)
			cj.Change.Completion = &s
		}
		if ch.HasRank {
			r := ch.Rank
			cj.Change.Rank = &r
		}
	}
	return cj
}

// UnitName is a unit's (or the total's) name; 合计 for the total row of a campaign
// that names none.
func UnitName(c *campaign.Campaign, code string) string {
	if code == "" {
		return "合计"
	}
	return c.UnitName(code)
}

// ScoresDoc is score --json: the method, the items and each unit's points with reasons.
type ScoresDoc struct {
	Period   string  `json:"period"`
	Method   string  `json:"method"`
	Default  bool    `json:"default_method"`
	Compared *string `json:"compared_with"`
	// Scorable is false when nothing could be ranked; Note says why, and every unit's
	// points and rank are null rather than a faked 0.00 and rank 1.
	Scorable bool           `json:"scorable"`
	Note     string         `json:"note,omitempty"`
	Items    []ScoreItemDoc `json:"items"`
	Units    []UnitScoreDoc `json:"units"`
}

// ScoreItemDoc is one scoring item.
type ScoreItemDoc struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Points  string `json:"points"`
	Formula string `json:"formula"`
}

// UnitScoreDoc is one unit's points, rank and items.
type UnitScoreDoc struct {
	Code       string  `json:"code"`
	Name       string  `json:"name"`
	Points     *string `json:"points"` // null when nothing is scorable or the unit has no accepted data
	Rank       *int    `json:"rank"`   // null for a unit not ranked
	RankChange *int    `json:"rank_change"`
	// State is the unit's reporting state (missing | accepted | rejected), the words
	// of status --json; Late marks accepted data received after the deadline. Only
	// accepted units have points and are ranked.
	State  string          `json:"state"`
	Late   bool            `json:"late"`
	Scaled string          `json:"scaled,omitempty"`
	Items  []ItemPointsDoc `json:"items"`
}

// ItemPointsDoc is a unit's points on one item.
type ItemPointsDoc struct {
	ID string `json:"id"`
	// Points is null for an item that does not count in the unit's total (the
	// default method leaves it out and rescales); Counted says so.
	Points  *string `json:"points"`
	Counted bool    `json:"counted"`
	Reason  string  `json:"reason"`
}

// NewScoresDoc is score --json's document for a period's results.
func NewScoresDoc(c *campaign.Campaign, r *Period) ScoresDoc {
	doc := scoresHead(r.Scores)
	for i := range r.Scores.Units {
		doc.Units = append(doc.Units, unitScoreDoc(c, r.Scores, &r.Scores.Units[i]))
	}
	return doc
}

// WriteScoresJSON writes score --json's document as the CLI prints JSON
// (writeStreamedJSON), one unit's items made at a time.
func WriteScoresJSON(w io.Writer, c *campaign.Campaign, r *Period) error {
	s := r.Scores
	return writeStreamedJSON(w, scoresHead(s), "units", len(s.Units), func(i int) any {
		return unitScoreDoc(c, s, &s.Units[i])
	})
}

// scoresHead is the document without its units.
func scoresHead(s *score.Scores) ScoresDoc {
	doc := ScoresDoc{Period: s.Period.String(), Method: s.Method, Default: s.Default, Scorable: s.Scorable,
		Note: s.NotScorable, Items: []ScoreItemDoc{}, Units: []UnitScoreDoc{}}
	if s.Compared != nil {
		p := s.Compared.String()
		doc.Compared = &p
	}
	for _, it := range s.Items {
		doc.Items = append(doc.Items, ScoreItemDoc{ID: it.ID, Name: it.Name, Points: it.Points.StringFixed(2), Formula: string(it.Formula)})
	}
	return doc
}

// unitScoreDoc is one unit's points, rank and items.
func unitScoreDoc(c *campaign.Campaign, s *score.Scores, u *score.UnitScore) UnitScoreDoc {
	uj := UnitScoreDoc{Code: u.Unit, Name: UnitName(c, u.Unit), Scaled: u.Scaled, State: string(u.State),
		Late: u.Late, Items: make([]ItemPointsDoc, 0, len(u.Items))}
	if s.HasPoints(*u) {
		p := u.Points.StringFixed(2)
		uj.Points = &p
	}
	if u.Rank > 0 {
		rank := u.Rank
		uj.Rank = &rank
	}
	if up, ok := u.RankChange(); ok {
		uj.RankChange = &up
	}
	for _, is := range u.Items {
		ij := ItemPointsDoc{ID: is.Item, Counted: s.Counted(is), Reason: is.Reason()}
		if ij.Counted && u.Reported {
			p := is.Points.StringFixed(2)
			ij.Points = &p
		}
		uj.Items = append(uj.Items, ij)
	}
	return uj
}

// InterviewsDoc is interviews --json: the units to interview and why.
type InterviewsDoc struct {
	Period   string         `json:"period"`
	Method   string         `json:"method"`
	Scorable bool           `json:"scorable"`
	Note     string         `json:"note,omitempty"`
	Units    []InterviewDoc `json:"units"`
}

// InterviewDoc is one unit on the interview list.
type InterviewDoc struct {
	Code string `json:"code"`
	Name string `json:"name"`
	// State and Late are the unit's reporting state, as in status --json.
	State string    `json:"state"`
	Late  bool      `json:"late"`
	Rules []HitDoc  `json:"rules"`
	Score *ScoreDoc `json:"score"`
}

// HitDoc is one interview rule a unit met.
type HitDoc struct {
	ID      string `json:"id"`
	Reason  string `json:"reason"`
	Figures string `json:"figures"`
}

// ScoreDoc is an interviewed unit's points and rank.
type ScoreDoc struct {
	Points *string `json:"points"`
	Rank   *int    `json:"rank"`
}

// NewInterviewsDoc is interviews --json's document for a period's results.
func NewInterviewsDoc(c *campaign.Campaign, r *Period) InterviewsDoc {
	doc := InterviewsDoc{Period: r.Consolidation.Period.String(), Method: r.Scores.Method, Scorable: r.Scores.Scorable, Note: r.Scores.NotScorable,
		Units: []InterviewDoc{}}
	for _, iv := range r.Interviews {
		sub := r.Consolidation.Submission(iv.Unit)
		ij := InterviewDoc{Code: iv.Unit, Name: UnitName(c, iv.Unit), State: string(sub.State),
			Late: sub.Late && sub.State == score.StateAccepted, Rules: []HitDoc{}}
		for _, h := range iv.Hits {
			ij.Rules = append(ij.Rules, HitDoc{ID: h.Rule, Reason: h.Reason, Figures: h.Figures})
		}
		if u, ok := r.Scores.Unit(iv.Unit); ok && r.Scores.Scorable {
			ij.Score = &ScoreDoc{}
			if r.Scores.HasPoints(*u) {
				p := u.Points.StringFixed(2)
				ij.Score.Points = &p
			}
			if u.Rank > 0 {
				rank := u.Rank
				ij.Score.Rank = &rank
			}
		}
		doc.Units = append(doc.Units, ij)
	}
	return doc
}
