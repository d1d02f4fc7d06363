package campaign

import (
	"time"

	"github.com/shopspring/decimal"
)

// Campaign is one indicator system (攻坚行动) as written in campaign.yaml.
type Campaign struct {
	ID         string
	Title      string
	Issuer     string  // 发文单位, signs bulletins
	Contact    Contact // the office's own contact, named in templates and mails
	Source     string  // where the numbers come from
	Span       Span
	Cadence    PeriodKind
	Deadline   int        // days after a period's end a return is due
	Timezone   string     // IANA zone of the office (Asia/Shanghai); see Location
	Thresholds Thresholds // status-light thresholds, `progress:` in the file
	Units      []Unit
	Total      *Unit // the aggregate row (全市、全区); nil when the campaign has none
	Benchmarks []Benchmark
	Indicators []Indicator
	Lists      []List
	Tasks      []Task
	Scoring    *Scoring
	Interviews *Interviews
	Bulletin   *Bulletin // nil when campaign.yaml has no bulletin: block
	Mail       *Mail     // the `mail:` block; nil when the campaign has none (send writes drafts only)
	// Parent is the `parent:` block of a county campaign made from a city's template
	// (多级上报); nil otherwise. Omitted from the fingerprint's encoding when unset.
	Parent *Parent `json:",omitempty"`

	fieldLines  map[string]int // YAML line of each top-level key's value
	fingerprint *fingerprintCache
	units       *unitCache
	location    *time.Location // Timezone resolved at load
}

// FieldLine is the YAML line of a top-level field (id, span, deadline, …), or 0 when
// the file does not write it.
func (c *Campaign) FieldLine(field string) int { return c.fieldLines[field] }

// UnitKind says whether a unit is a place or a department.
type UnitKind string

const (
	// UnitArea is a place: 区县、乡镇、街道.
	UnitArea UnitKind = "area"
	// UnitDepartment is a department: 市经信局.
	UnitDepartment UnitKind = "department"
)

// Unit is a reporting unit (责任单位).
type Unit struct {
	Code    string
	Name    string
	Kind    UnitKind
	Contact Contact
	Line    int `json:"-"`
}

// Contact is whom a unit's template is mailed to.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// Thresholds are the status-light thresholds of DESIGN.md §5.
type Thresholds struct {
	Green    decimal.Decimal // completion / time progress at or above: green
	Yellow   decimal.Decimal // at or above: yellow, below: red
	YellowPP decimal.Decimal // rate/change: how many percentage points behind is still yellow
}

// DefaultThresholds are used when the campaign sets none.
func DefaultThresholds() Thresholds {
	return Thresholds{Green: decimal.NewFromInt(1), Yellow: decimal.RequireFromString("0.9"), YellowPP: decimal.NewFromInt(1)}
}

// Benchmark is a reference column (对标), shown and never scored.
type Benchmark struct {
	ID   string
	Name string
	Line int `json:"-"`
}

// IndicatorKind decides how actuals are compared with targets (DESIGN.md §5).
type IndicatorKind string

// The indicator kinds.
const (
	KindFlow        IndicatorKind = "flow"
	KindLevel       IndicatorKind = "level"
	KindRate        IndicatorKind = "rate"
	KindChange      IndicatorKind = "change"
	KindLowerBetter IndicatorKind = "lower-better"
	KindQualitative IndicatorKind = "qualitative"
)

// Scope says whether a target covers one year or accumulates over the span.
type Scope string

const (
	// ScopeAnnual targets reset every year (当年).
	ScopeAnnual Scope = "annual"
	// ScopeCumulative targets accumulate from the campaign's start (累计).
	ScopeCumulative Scope = "cumulative"
)

// TotalRule says how the total row of an indicator is obtained.
type TotalRule string

// The total rules.
const (
	TotalSum        TotalRule = "sum"
	TotalGiven      TotalRule = "given"
	TotalNone       TotalRule = "none"
	TotalWeightedBy TotalRule = "weighted-by"
)

// TargetSet maps unit codes (and the total's code) to targets. The units of a loaded
// campaign whose targets say the same on the same line share one Target (a
// 5,000-unit campaign's 575,000 targets are a few thousand distinct ones, issue 21):
// read targets through a set, never modify them.
type TargetSet map[string]*Target

// Indicator is a measured quantity with targets per unit.
type Indicator struct {
	ID          string
	No          string // the source's 序号
	Name        string
	Category    string
	Measure     string // 计量单位, shown verbatim
	Kind        IndicatorKind
	Scope       Scope
	Decimals    int32
	Department  string // 责任部门 as written in the source
	Total       TotalRule
	WeightedBy  string // indicator id, for TotalWeightedBy
	Min, Max    *decimal.Decimal
	Targets     TargetSet         // standing targets (every year, or the span's end when cumulative)
	ByYear      map[int]TargetSet // per-year targets; win over Targets
	ByYearLines map[int]int       `json:"-"` // YAML line of each by-year year
	Benchmarks  map[string]Target
	Line        int `json:"-"`
	TargetsLine int `json:"-"`

	// GivenBy is the unit whose accepted return carries the total (TotalGiven): the
	// responsible department reports the city figure. Empty when the office enters it.
	GivenBy string `json:",omitempty"`
	// Base (基数) is what a cumulative target already counts at the end of BaseYear,
	// before its span: completion is (actual − base)/(target − base) and time
	// progress runs from the year after BaseYear. By unit code like targets (AllUnits
	// for one value for all). Omitted from the fingerprint's encoding when unset, so
	// that campaigns without it keep theirs.
	Base     TargetSet `json:",omitempty"`
	BaseYear int       `json:",omitempty"` // 0: the year before the campaign's span
	BaseLine int       `json:"-"`
	// Milestones (节点目标) stage the year's target by month: the light of a period
	// compares with the one due instead of the straight line of time (see
	// Indicator.Milestone). Omitted from the fingerprint when unset.
	Milestones     Milestones `json:",omitempty"`
	MilestonesLine int        `json:"-"`
}

// List is a roster a unit fills (清单).
type List struct {
	ID      string
	Name    string
	Rows    int
	Columns []Column
	Feeds   []Feed
	Preset  []PresetRow
	Line    int `json:"-"`
}

// ColumnType is what a list cell holds.
type ColumnType string

// The column types.
const (
	ColText    ColumnType = "text"
	ColDecimal ColumnType = "decimal"
	ColInteger ColumnType = "integer"
	ColDate    ColumnType = "date"
	ColEnum    ColumnType = "enum"
	ColUSCC    ColumnType = "uscc"
)

// Column is one typed column of a list.
type Column struct {
	ID       string
	Title    string
	Type     ColumnType
	Required bool
	Unique   bool
	Min, Max *decimal.Decimal
	Values   []string // enum choices
	Line     int      `json:"-"`
}

// Feed rolls a list up into an indicator: a count of matching rows or a sum of a column.
type Feed struct {
	Indicator string
	Count     map[string]string // count rows whose columns equal these values
	Sum       string            // or sum this column
	Where     map[string]string // over rows whose columns equal these values
	// Ratio derives a rate from the rows instead (开工率 = 开工 / 应开工); nil for a
	// count or sum feed. Omitted from the fingerprint when unset.
	Ratio *Ratio `json:",omitempty"`
	Line  int    `json:"-"`
}

// PresetRow is a row the source already lists; templates carry it pre-filled.
type PresetRow struct {
	No     string
	Unit   string // empty: not tied to a unit
	Values map[string]string
	Line   int `json:"-"`
}

// Task is a work item (任务) with its lead (牵头) and co (配合) units.
type Task struct {
	ID     string
	No     string
	Action string
	Title  string
	Text   string
	Lead   []string
	Co     []string
	Due    *time.Time
	Line   int `json:"-"`
}

// Scoring is the assessment method (考核评价办法 / 赛马).
type Scoring struct {
	Name  string
	Items []ScoringItem
	Line  int `json:"-"`
}

// Formula is how an item turns results into points (DESIGN.md §7).
type Formula string

// The scoring formulas.
const (
	FormulaMinMax   Formula = "minmax"
	FormulaParts    Formula = "parts"
	FormulaRankStep Formula = "rank-step"
	FormulaBonus    Formula = "bonus"
	FormulaManual   Formula = "manual"
)

// ScoringItem is one line of the assessment method.
type ScoringItem struct {
	ID          string
	Name        string
	Group       string
	Points      decimal.Decimal
	Formula     Formula
	Metric      Metric
	Parts       []ScoringPart
	Step        decimal.Decimal
	Max         *decimal.Decimal
	LowerBetter bool
	Note        string
	Line        int `json:"-"`
}

// ScoringPart is a weighted sub-metric of a `parts` item.
type ScoringPart struct {
	Metric      Metric
	Weight      decimal.Decimal
	LowerBetter bool
	Line        int `json:"-"`
}

// MetricField is which number of an indicator is scored.
type MetricField string

// The metric fields.
const (
	MetricActual     MetricField = "actual"
	MetricCompletion MetricField = "completion"
	MetricGrowth     MetricField = "growth"
)

// Metric names an indicator's number: "output-total.actual".
type Metric struct {
	Indicator string
	Field     MetricField
}

func (m Metric) String() string {
	if m.Indicator == "" {
		return ""
	}
	return m.Indicator + "." + string(m.Field)
}

// Interviews holds the rules that put a unit on the interview list (约谈).
type Interviews struct {
	Rules []InterviewRule
	Line  int `json:"-"`
}

// InterviewRule is one condition for an interview, with the reason printed for it.
type InterviewRule struct {
	ID                string
	Reason            string
	RankFromBottom    int    // the last N units by total score
	RedAtLeast        int    // at least N red lights
	BottomConsecutive int    // last place N periods in a row
	IndicatorRed      string // this indicator is red
	Missing           bool   // no submission
	Late              bool   // submitted after the deadline
	Written           int    `json:"-"` // how many conditions the file writes, met or not
	Line              int    `json:"-"`
}
