package haoban

import "time"

// 好差评 (issue 19): a person rates a completed case, each item's
// decision and each help conversation, once; a bad rating opens a
// rectification (整改) for the department; a department may appeal
// (申诉) a rating a supervisor then decides.

// RatingLevel is one of the five levels, 1 (非常不满意) to 5 (非常满意).
type RatingLevel int

// Rating levels.
const (
	LevelVeryBad  RatingLevel = 1
	LevelBad      RatingLevel = 2
	LevelFair     RatingLevel = 3
	LevelGood     RatingLevel = 4
	LevelVeryGood RatingLevel = 5
)

// RatingLevels are the levels as a form offers them, the best first.
var RatingLevels = []RatingLevel{LevelVeryGood, LevelGood, LevelFair, LevelBad, LevelVeryBad}

// Name is what people call a level.
func (l RatingLevel) Name() string {
	switch l {
	case LevelVeryGood:
		return "非常满意"
	case LevelGood:
		return "满意"
	case LevelFair:
		return "基本满意"
	case LevelBad:
		return "不满意"
	case LevelVeryBad:
		return "非常不满意"
	}
	return "—"
}

// Valid reports whether l is one of the five levels.
func (l RatingLevel) Valid() bool { return l >= LevelVeryBad && l <= LevelVeryGood }

// Bad reports whether the level is a bad rating (差评), which opens a
// rectification.
func (l RatingLevel) Bad() bool { return l == LevelBad || l == LevelVeryBad }

// RatingTarget is what a rating is about.
type RatingTarget string

// Rating targets.
const (
	RateCase         RatingTarget = "case"         // a completed case as a whole
	RateTask         RatingTarget = "task"         // one item's decision
	RateConversation RatingTarget = "conversation" // an ended help conversation
)

// Valid reports whether t is a known target.
func (t RatingTarget) Valid() bool {
	return t == RateCase || t == RateTask || t == RateConversation
}

// Indicator is one of a rating's indicators (评价指标).
type Indicator struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

// IndicatorOverall is 整体满意度, whose level is the rating's level.
const IndicatorOverall = "overall"

// The indicator sets: online and mobile cases and help conversations, and
// cases handled at a window.
var (
	OnlineIndicators = []Indicator{{IndicatorOverall, "整体满意度"}, {"efficiency", "办事效率"},
		{"guide", "办事指南精确度"}, {"convenience", "办事便捷度"}, {"platform", "平台操作性"}}
	WindowIndicators = []Indicator{{IndicatorOverall, "整体满意度"}, {"service_efficiency", "服务效率"},
		{"service_level", "服务水平"}, {"attitude", "服务态度"}}
)

// IndicatorsFor is the indicator set of a case filed through c.
func IndicatorsFor(c CaseChannel) []Indicator {
	if c == FiledWindow {
		return WindowIndicators
	}
	return OnlineIndicators
}

// RatingChangeDays is how long a rating may be changed after it was
// first given; RectificationDays the working days a department has to
// close a bad rating's loop.
const (
	RatingChangeDays  = 7
	RectificationDays = 15
)

// Rating is one person's rating of one target. It attaches to the case,
// the item, the department and the staff who handled it. Rater is kept
// for an anonymous rating too (one rating per person, their own view),
// but never shown to staff.
type Rating struct {
	ID         string                 `json:"id"`
	Rater      string                 `json:"rater,omitempty"`
	Target     RatingTarget           `json:"target"`
	Ref        string                 `json:"ref"` // the case's, task's or conversation's ID
	Case       string                 `json:"case,omitempty"`
	Bundle     string                 `json:"bundle,omitempty"`
	Item       string                 `json:"item,omitempty"`
	Department string                 `json:"department"`
	Staff      []string               `json:"staff"`
	Channel    CaseChannel            `json:"channel"`
	Level      RatingLevel            `json:"level"`
	Indicators map[string]RatingLevel `json:"indicators"`
	Comment    string                 `json:"comment,omitempty"`
	Anonymous  bool                   `json:"anonymous"`
	GivenAt    time.Time              `json:"given_at"`
	ChangedAt  time.Time              `json:"changed_at"`
	// Excluded by an upheld appeal: out of the figures, never deleted.
	Excluded bool `json:"excluded"`
	// Title names the target for pages ("一件事 · 事项").
	Title string `json:"title"`
	// Rectification is where the rating's rectification stands, read with
	// it ("": it opened none).
	Rectification RectificationStatus `json:"rectification,omitempty"`
}

// ChangeableUntil is when the rating can no longer be changed.
func (r Rating) ChangeableUntil() time.Time { return r.GivenAt.AddDate(0, 0, RatingChangeDays) }

// RectificationStatus is where a bad rating's loop stands.
type RectificationStatus string

// Rectification statuses, in order.
const (
	RectificationOpen       RectificationStatus = "open"        // awaiting the call-back (核实)
	RectificationCalledBack RectificationStatus = "called_back" // awaiting what was changed
	RectificationAsked      RectificationStatus = "asked"       // the person is asked whether satisfied
	RectificationAnswered   RectificationStatus = "answered"
)

// Name is what people call a status.
func (s RectificationStatus) Name() string {
	switch s {
	case RectificationOpen:
		return "待回访核实"
	case RectificationCalledBack:
		return "待整改"
	case RectificationAsked:
		return "待群众确认"
	case RectificationAnswered:
		return "已闭环"
	}
	return "—"
}

// Rectification (整改) is the department's loop on a bad rating: call the
// person back, record what it found and what it changed, then ask them.
// The clock runs RectificationDays working days from OpenedAt and stops
// when the fix is recorded; overdue is read from it, never stored.
type Rectification struct {
	ID           string              `json:"id"`
	Rating       string              `json:"rating"`
	Department   string              `json:"department"`
	Named        bool                `json:"named"` // the rating was given by name
	OpenedAt     time.Time           `json:"opened_at"`
	DueAt        time.Time           `json:"due_at"`
	Status       RectificationStatus `json:"status"`
	CalledBackAt *time.Time          `json:"called_back_at,omitempty"`
	CalledBackBy string              `json:"called_back_by,omitempty"`
	Reached      bool                `json:"reached"`
	Found        string              `json:"found,omitempty"`
	FixedAt      *time.Time          `json:"fixed_at,omitempty"`
	FixedBy      string              `json:"fixed_by,omitempty"`
	Fix          string              `json:"fix,omitempty"`
	AnsweredAt   *time.Time          `json:"answered_at,omitempty"`
	Satisfied    *bool               `json:"satisfied,omitempty"`
	Answer       string              `json:"answer,omitempty"`
}

// WasSatisfied reports the person's answer: satisfied (false before any).
func (rc Rectification) WasSatisfied() bool { return rc.Satisfied != nil && *rc.Satisfied }

// AppealStatus is where an appeal (申诉) stands.
type AppealStatus string

// Appeal statuses.
const (
	AppealPending  AppealStatus = "pending"
	AppealUpheld   AppealStatus = "upheld"
	AppealRejected AppealStatus = "rejected"
)

// Name is what people call a status.
func (s AppealStatus) Name() string {
	switch s {
	case AppealPending:
		return "待裁定"
	case AppealUpheld:
		return "申诉成立"
	case AppealRejected:
		return "申诉驳回"
	}
	return "—"
}

// Appeal is a department contesting a rating that is not about its
// service, with its evidence; a supervisor upholds or rejects it.
type Appeal struct {
	ID         string       `json:"id"`
	Rating     string       `json:"rating"`
	Department string       `json:"department"`
	Reason     string       `json:"reason"`
	Evidence   string       `json:"evidence"`
	FiledBy    string       `json:"filed_by"`
	FiledAt    time.Time    `json:"filed_at"`
	Status     AppealStatus `json:"status"`
	DecidedBy  string       `json:"decided_by,omitempty"`
	DecidedAt  *time.Time   `json:"decided_at,omitempty"`
	Decision   string       `json:"decision,omitempty"` // the supervisor's reason
}
