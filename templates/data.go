package templates

// MailBody fills mail-subject.txt and mail-body.txt, the mail that sends a unit its
// template. Every field is display text, already formatted by the caller, so that an
// office rewriting the wording never needs template functions. Empty fields are fine:
// the builtin wording leaves out what is missing.
type MailBody struct {
	Campaign     string // 攻坚行动名称, the campaign title
	Issuer       string // 发文单位: signs the mail; whom to ask when there is no contact
	Unit         string // 收件单位名称, the unit the template is for
	Period       string // period code, 2023Q3
	PeriodLabel  string // period in words, 2023年第三季度; Period is shown when empty
	Deadline     string // due date in words, see DateLabel
	FileName     string // the attached workbook's file name
	Link         string // the unit's portal link for the period (tenglong serve); "" when none is known or it was revoked
	ContactName  string // the office's contact person, if any
	ContactPhone string
	ContactEmail string
}

// BulletinSummary fills bulletin-summary.txt, 一、总体情况 of the quarterly bulletin.
// Counts are of units or indicators; names are joined with 、.
type BulletinSummary struct {
	Campaign    string // 攻坚行动名称
	Issuer      string // 发文单位
	PeriodLabel string // 2023年第三季度
	Deadline    string // 报送截止日期，如 2023年10月10日

	Units, OnTime, Late, Rejected, Missing int
	LateUnits, RejectedUnits, MissingUnits string

	// Lights of the indicators' total rows (合计行).
	Indicators, Green, Yellow, Red, Pending, Unjudged int
	RedIndicators                                     string // 明显滞后的指标名称
	Highlights                                        []string

	// NoTotal: indicators with units' figures but no total; Without: no figure at all
	// (both left out of the count above, as out of the table of 二).
	NoTotal, Without int

	Method          string // 考核评价办法名称，或“默认方法”
	MethodText      string // 计分方法的说法，如 按各项指标完成率综合计分（各项分值相同，合计100分）
	DefaultMethod   bool
	First, Last     string // 第一名、末位单位（并列的用、连接）
	FirstPoints     string // 两位小数
	LastPoints      string
	NotScorable     string // 本期不计分、不排名的原因；计分排名时为空
	Interviews      int
	InterviewUnits  string
	ListRows        int // 各清单合计行数
	ListDuplicates  int // 跨单位重复的清单行
	Lists           string
	ComparedPeriod  string // 上期，如 2023年第二季度；没有时为空
	Up, Down        string // 名次上升、下降最多的单位
	UpBy, DownBy    int
	TasksLed        int // 牵头任务（按牵头单位计）
	TasksDone       int
	TasksBehind     int
	TasksUnreported int
}

// InterviewNotice fills interview-notice.txt, one 约谈通知书.
type InterviewNotice struct {
	Unit        string // 被约谈单位
	Campaign    string
	Issuer      string
	PeriodLabel string
	Reasons     []NoticeReason
	Time        string // 约谈时间；空时模板留出手填的横线
	Place       string // 约谈地点
	Attendees   string // 参加人员
	Date        string // 发文日期
	Contact     string // 联系人及电话
	// ContactName and ContactPhone are the office's contact (--contact, else
	// campaign.yaml's contact); the template leaves lines to fill in when empty.
	ContactName  string
	ContactPhone string
}

// NoticeReason is one rule a unit met, with its figures.
type NoticeReason struct {
	Reason  string // 综合得分排名末位
	Figures string // 综合得分61.20分，排名第4/4
}

// Remind fills remind-subject.txt, remind-before.txt and remind-after.txt: 催报 to a
// unit whose return is missing or was rejected.
type Remind struct {
	Unit, Campaign, Issuer string
	Period, PeriodLabel    string
	Deadline               string // due date in words
	Overdue                bool   // after the deadline: remind-after.txt
	Days                   int    // days left before the deadline, or days past it when Overdue
	Rejected               bool   // the unit sent a return that was rejected, and nothing since
	Link                   string // the unit's portal link for the period; "" when none is known or it was revoked
	ContactName            string // the office's contact
	ContactPhone           string
	ContactEmail           string
}

// Return fills return-subject.txt and return-body.txt: a rejected return sent back.
type Return struct {
	Unit, Campaign, Issuer string
	Period, PeriodLabel    string
	Deadline               string
	FileName               string   // the file the unit sent
	Attachment             string   // the marked-up copy attached
	Errors                 int      // error findings
	Findings               []string // one line each: 错误 指标填报!H5：…
	ContactName            string
	ContactPhone           string
	ContactEmail           string
}

// Upward is the data of upward-subject.txt and upward-body.txt: a county's return to
// its city (tenglong send --upward).
type Upward struct {
	Unit, Campaign      string // the county's name at the city; the city's campaign
	Period, PeriodLabel string
	Recipient           string // the city's contact
	Attachment          string
	Units               int    // units summed
	Partial             bool   // the return says on 填报说明 that units are missing
	Missing             string // those units, 、-separated
	Issuer              string // the county's office
	ContactName         string
	ContactPhone        string
	ContactEmail        string
}
