package store

import "time"

// Outcome is what became of a received file (DESIGN.md §9).
type Outcome string

// The outcomes. Accepted, Rejected, Unreadable and Pending are stored as submissions;
// Duplicate is only ever returned (and audited): the bytes were already recorded.
const (
	Accepted   Outcome = "accepted"   // 已采用: clean; supersedes the unit's earlier one
	Rejected   Outcome = "rejected"   // 退回: read, but has error findings
	Unreadable Outcome = "unreadable" // 无法读取: not a template we can read (.xls, encrypted, corrupt)
	// Pending (待确认): looks like the unit's return but its signed metadata did not
	// verify; held under the unit and period it claims, never counted, until the
	// office confirms it (Confirm) or the unit's later accepted return supersedes it.
	Pending   Outcome = "pending"
	Duplicate Outcome = "duplicate" // 重复报送: the same bytes were already recorded for the campaign
)

// Severities of a finding.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
)

// Submission (报送) is one received file as ingest read and judged it. Ingest stores
// the bytes with PutFile first and passes their SHA256 here.
type Submission struct {
	Campaign   string
	Unit       string // unit code; may be empty only when Outcome is Unreadable or Rejected
	Period     string // "2023Q3"; may be empty likewise
	SHA256     string // lowercase hex, as returned by PutFile
	SourcePath string // where it came from: a path, or "mail.eml/附件名.xlsx"
	ReceivedAt time.Time
	Late       bool
	Outcome    Outcome // Accepted | Rejected | Unreadable; Duplicate only to record a known duplicate
	Values     []Value
	Rows       []Row
	Tasks      []Task
	Findings   []Finding
	// Confirms is set by Confirm only: the pending submission of the same bytes this
	// one judges again as the unit the office named.
	Confirms int64
	// Origin is where the file came in, kept on its audit entry ("" for the CLI).
	Origin Origin
}

// Origin is where a submission came in through tenglong serve: the door (portal or
// office), the remote address of the request, and the unit whose portal link carried
// it. Empty for the command line.
type Origin struct {
	Via      string // "portal" | "office" | "" (the command line)
	Remote   string // the request's remote address, host:port
	LinkUnit string // the unit of the portal link used ("" in the office)
}

// Value is one indicator's input of the 指标填报 sheet.
type Value struct {
	Indicator string
	Value     string // exact decimal text as normalised ("1234.5600"); "" when empty or not a number
	Text      string // a qualitative answer (完成/未完成) or, in a rejected file, what was typed
	Note      string // 备注
	Cell      string // the 本期值 cell, e.g. G8
}

// Row is one filled row of a list sheet. Only the cells given are stored; pass the
// rows that have something in them (a row with no cells is not kept).
type Row struct {
	List   string
	Index  int             // 0-based within the template's prepared rows
	Values map[string]Cell // by column id
	// Columns and Cells are the row given as slices (ingest: no map a row): Cells[i]
	// is column Columns[i]'s cell, not stored when its Cell is "". Columns is one
	// slice shared by a list's rows. Used when Values is nil; queries fill Values.
	Columns []string
	Cells   []Cell
}

// Cell is one list cell: its text as normalised (decimals as exact text, dates as
// 2006-01-02) and its address.
type Cell struct {
	Value string
	Cell  string
}

// Task is the progress a unit reported on one task.
type Task struct {
	ID       string
	Status   string // 状态
	Progress string // 进展情况
	Cell     string // the 状态 cell
}

// Finding (校验问题) is one validation result.
type Finding struct {
	Code     string
	Severity string // SeverityError or SeverityWarning
	Sheet    string // "" for findings about the whole file
	Cell     string
	Message  string
}

// Recorded says what RecordSubmission did.
type Recorded struct {
	// ID is the new submission, or for a duplicate the earlier one with these bytes.
	ID      int64
	Outcome Outcome // as stored; Duplicate when nothing new was stored
	// Earlier is, for a duplicate, the submission these bytes produced before.
	Earlier *Stored
	// Supersedes is the accepted submission this one replaced as current (0 if none).
	Supersedes int64
}

// Stored is a submission as listed: what was recorded, without its values.
type Stored struct {
	ID           int64
	Campaign     string
	Unit         string
	Period       string
	SHA256       string
	SourcePath   string
	ReceivedAt   time.Time
	Outcome      Outcome
	Late         bool
	SupersededBy int64 // 0 when not superseded; for a pending one, the submission that resolved it
	Confirms     int64 // on the office's confirmation: the pending submission of the same bytes
	CreatedAt    time.Time
	Errors       int // findings of severity error
	Warnings     int // findings of severity warning
}

// Current reports whether the submission is its unit's current data.
func (s Stored) Current() bool { return s.Outcome == Accepted && s.SupersededBy == 0 }

// Held reports whether the submission is pending and not yet resolved (待确认).
func (s Stored) Held() bool { return s.Outcome == Pending && s.SupersededBy == 0 }

// Current (当前有效) is a unit's current accepted submission with its values.
type Current struct {
	Stored
	Values []Value
}

// UnitStatus is one unit's line of `tenglong status`.
type UnitStatus struct {
	Unit string
	// State is "accepted" when the unit has current data, else "pending" when a file
	// claiming it awaits the office's confirmation, else "rejected" (its submissions
	// were all rejected or unreadable).
	State string
	// Shown is the submission the line describes: the current one when there is one,
	// else the latest attempt. ReceivedAt, Late, Errors and Warnings are its.
	Shown Stored
	// Later is set when a rejected or unreadable attempt arrived after the current
	// accepted one: the accepted data still counts, and status should say so, e.g.
	// “已采用（10月8日的更正被退回：3 个错误）”, so the office asks for a new correction.
	Later *Stored
	// Pending is how many files claiming the unit await the office's confirmation.
	Pending int
}

// ListColumn names a column of a list, e.g. {List: "inefficient-register", Column: "uscc"}.
type ListColumn struct {
	List   string
	Column string
}

// Action is the kind of an audit entry.
type Action string

// The audit actions.
const (
	ActionFileStored Action = "file-stored"
	ActionAccepted   Action = "accepted"
	ActionRejected   Action = "rejected"
	ActionUnreadable Action = "unreadable"
	ActionSuperseded Action = "superseded"
	ActionDuplicate  Action = "duplicate"
	ActionPending    Action = "pending"   // held: signed metadata did not verify
	ActionConfirmed  Action = "confirmed" // the office confirmed a held file as a unit's return
)

// AuditEntry is one line of the audit log (审计日志).
type AuditEntry struct {
	ID         int64
	At         time.Time
	Action     Action
	Campaign   string
	Submission int64 // 0 for file-stored
	Unit       string
	Period     string
	SHA256     string
	Detail     string // Chinese, for people reading the log
	Origin     Origin // where it came in (tenglong serve), empty for the command line
}

// AuditFilter selects audit entries; empty fields match everything.
type AuditFilter struct {
	Campaign   string
	Period     string
	Unit       string
	Submission int64
	SHA256     string
}
