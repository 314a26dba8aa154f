package haoban

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// BenefitCase is one match on its way to payment (免申即享, issue 17): one
// beneficiary and one policy period, with its own status. A Temporal
// workflow drives it; the store holds what people read and every step's
// record.
type BenefitCase struct {
	ID          string         `json:"id"`
	Policy      string         `json:"policy"`
	PolicyName  string         `json:"policy_name"`
	Version     int            `json:"version"`
	Period      string         `json:"period"`
	Department  string         `json:"department"` // the policy's issuing department
	Beneficiary string         `json:"beneficiary"`
	Kind        Audience       `json:"kind"`
	Name        string         `json:"name"`
	Amount      float64        `json:"amount"` // yuan
	Facts       map[string]any `json:"facts,omitempty"`
	Delivery    Delivery       `json:"delivery"`
	Status      BenefitStatus  `json:"status"`
	// Reason says in words why the case stopped, failed or was reversed.
	Reason    string    `json:"reason,omitempty"`
	MatchedAt time.Time `json:"matched_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// ConfirmBy is when an unanswered request for confirmation expires.
	ConfirmBy   time.Time `json:"confirm_by,omitzero"`
	ConfirmedAt time.Time `json:"confirmed_at,omitzero"`
	// PledgeDocument is the signed 告知承诺书, when the policy asks for one.
	PledgeDocument string `json:"pledge_document,omitempty"`
	// Flagged is set when the credit registry lists the beneficiary as
	// seriously untrustworthy (严重失信): a person reviews before payment.
	Flagged          bool      `json:"flagged,omitempty"`
	PublicityFrom    time.Time `json:"publicity_from,omitzero"`
	PublicityTo      time.Time `json:"publicity_to,omitzero"`
	ApprovedAt       time.Time `json:"approved_at,omitzero"`
	DecisionDocument string    `json:"decision_document,omitempty"` // the sealed grant decision
	Account          string    `json:"account,omitempty"`           // where the money goes
	PaymentKey       string    `json:"payment_key,omitempty"`
	PaymentSerial    string    `json:"payment_serial,omitempty"`
	PaidAt           time.Time `json:"paid_at,omitzero"`
	RecoverySerial   string    `json:"recovery_serial,omitempty"`
	ReversedAt       time.Time `json:"reversed_at,omitzero"`
}

// BenefitStatus is where a benefit case stands.
type BenefitStatus string

// The statuses, in the order a case passes them:
// matched → (asked → confirmed | declined | expired) → (review) →
// publicity → (objected → publicity | stopped) → approved | unfunded →
// paid | failed → corrected.
const (
	BenefitMatched   BenefitStatus = "matched"
	BenefitAsked     BenefitStatus = "asked"     // 待确认: confirmation requested
	BenefitConfirmed BenefitStatus = "confirmed" // 已确认
	BenefitDeclined  BenefitStatus = "declined"  // 已放弃
	BenefitExpired   BenefitStatus = "expired"   // 逾期未确认
	BenefitReview    BenefitStatus = "review"    // 人工复核 (严重失信)
	BenefitPublicity BenefitStatus = "publicity" // 公示中
	BenefitObjected  BenefitStatus = "objected"  // 异议处理中
	BenefitStopped   BenefitStatus = "stopped"   // 终止: objection upheld or review refused
	BenefitApproved  BenefitStatus = "approved"  // 已批准, funds reserved
	BenefitUnfunded  BenefitStatus = "unfunded"  // 资金已用完
	BenefitPaid      BenefitStatus = "paid"      // 已兑付
	BenefitFailed    BenefitStatus = "failed"    // 兑付失败
	BenefitCorrected BenefitStatus = "corrected" // 已纠错: reversed, recovery ordered
)

// BenefitStatuses are the statuses in the order a case passes them, for
// the tables that show every one.
var BenefitStatuses = []BenefitStatus{BenefitMatched, BenefitAsked, BenefitConfirmed, BenefitDeclined, BenefitExpired,
	BenefitReview, BenefitPublicity, BenefitObjected, BenefitStopped, BenefitApproved, BenefitUnfunded, BenefitPaid,
	BenefitFailed, BenefitCorrected}

var benefitStatusNames = map[BenefitStatus]string{
	BenefitMatched: "已匹配", BenefitAsked: "待确认", BenefitConfirmed: "已确认", BenefitDeclined: "已放弃",
	BenefitExpired: "逾期未确认", BenefitReview: "人工复核中", BenefitPublicity: "公示中", BenefitObjected: "异议处理中",
	BenefitStopped: "已终止", BenefitApproved: "已批准", BenefitUnfunded: "资金已用完", BenefitPaid: "已兑付",
	BenefitFailed: "兑付失败", BenefitCorrected: "已纠错",
}

// Name is the status in Chinese.
func (s BenefitStatus) Name() string { return benefitStatusNames[s] }

// Final reports whether nothing more happens to a case in this status
// but an admin's correction.
func (s BenefitStatus) Final() bool {
	switch s {
	case BenefitDeclined, BenefitExpired, BenefitStopped, BenefitUnfunded, BenefitPaid, BenefitCorrected:
		return true
	}
	return false
}

// BenefitEvent is one step of a benefit case's timeline.
type BenefitEvent struct {
	At     time.Time      `json:"at"`
	Type   string         `json:"type"`
	Actor  string         `json:"actor"`
	Detail map[string]any `json:"detail,omitempty"`
}

// Objection is an objection (异议) filed during a benefit's publicity: the
// issuing department reviews it within five working days.
type Objection struct {
	ID        string    `json:"id"`
	Benefit   string    `json:"benefit"`
	FiledBy   string    `json:"filed_by"`
	Reasons   string    `json:"reasons"`
	FiledAt   time.Time `json:"filed_at"`
	DueAt     time.Time `json:"due_at"`
	Status    string    `json:"status"` // open, upheld, rejected
	DecidedBy string    `json:"decided_by,omitempty"`
	DecidedAt time.Time `json:"decided_at,omitzero"`
	Finding   string    `json:"finding,omitempty"`
}

// Objection statuses.
const (
	ObjectionOpen     = "open"
	ObjectionUpheld   = "upheld"
	ObjectionRejected = "rejected"
)

// ObjectionDays is the working days the issuing department has to decide
// an objection.
const ObjectionDays = 5

// ConfirmDays is how many calendar days a beneficiary has to answer a
// request for confirmation before it expires.
const ConfirmDays = 30

// BenefitDashboard is a policy's figures: how many cases reached each
// status, funds against the budget, and the days from match to payment.
type BenefitDashboard struct {
	Policy   string                `json:"policy"`
	Name     string                `json:"name"`
	Counts   map[BenefitStatus]int `json:"counts"`
	Matched  int                   `json:"matched"`
	Objected int                   `json:"objected"` // cases that had any objection
	// Confirmed, Declined and Failed count the cases that ever reached
	// the step, from their timelines: a confirmed case is soon in
	// publicity, a failed payment soon sent again.
	Confirmed int     `json:"confirmed"`
	Declined  int     `json:"declined"`
	Failed    int     `json:"failed"`
	Budget    float64 `json:"budget"`
	Reserved  float64 `json:"reserved"`
	Paid      float64 `json:"paid"`
	AvgDays   float64 `json:"avg_days_to_payment"` // 0 while nothing is paid
	PaidCount int     `json:"paid_count"`
}

// MaskName hides a name for the publicity list as the plan shows it: a
// person keeps the first and last character (张*明, 李*), an enterprise its
// first two characters and its legal form (上海**餐饮有限公司 keeps the
// city and the trade words after the masked brand).
func MaskName(name string, kind Audience) string {
	r := []rune(name)
	if kind != ForEnterprises {
		switch len(r) {
		case 0, 1:
			return name
		case 2:
			return string(r[0]) + "*"
		}
		return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
	}
	if len(r) <= 4 {
		return string(r[:1]) + strings.Repeat("*", len(r)-1)
	}
	// 上海 + ** + the rest after the brand: the brand is the two
	// characters after the city.
	keep := 2
	masked := 2
	if len(r) < keep+masked+2 {
		masked = len(r) - keep - 2
	}
	return string(r[:keep]) + strings.Repeat("*", masked) + string(r[keep+masked:])
}

// BenefitTransition moves a benefit case from one of From to To, setting
// the fields given, and records the step: a timeline event under Key, an
// audit entry, and a notice to the beneficiary when Notice is set, all in
// one transaction. A transition whose Key is recorded already was applied
// before (a retried step): the store returns the case as it is.
type BenefitTransition struct {
	ID     string
	From   []BenefitStatus
	To     BenefitStatus
	At     time.Time
	Key    string // unique per case: "confirmed", "publicity", "objection:<id>"…
	Event  string // the timeline's event type
	Actor  string
	Meta   AuditEntry // role, department, request and address of the actor
	Detail map[string]any
	Set    BenefitFields
	// ReleaseBudget returns the case's amount to the policy period's funds
	// (a reversal).
	ReleaseBudget bool
	Notice        *BenefitNotice
}

// BenefitFields are the fields a transition may set; zero values are left
// as they are.
type BenefitFields struct {
	Reason           string
	ConfirmBy        time.Time
	ConfirmedAt      time.Time
	PledgeDocument   string
	PublicityFrom    time.Time
	PublicityTo      time.Time
	DecisionDocument string
	Account          string
	PaymentKey       string
	PaymentSerial    string
	PaidAt           time.Time
	RecoverySerial   string
	ReversedAt       time.Time
}

// BenefitNotice is what the beneficiary is told about a step: to every
// account of the person, or of the enterprise's legal representative, in
// the app and on the channels they keep on.
type BenefitNotice struct {
	Kind  NoticeKind
	Title string
	Body  string
}

// The kinds told to beneficiaries about their benefits.
const (
	KindBenefitMatched  NoticeKind = "benefit_matched"  // 政策找到您：confirmation asked, or publicity begins
	KindBenefitApproved NoticeKind = "benefit_approved" // 给付决定
	KindBenefitPaid     NoticeKind = "benefit_paid"     // 资金到账
	KindBenefitStopped  NoticeKind = "benefit_stopped"  // 终止、资金用完、兑付失败或纠错
)

// BenefitID is the ID of a beneficiary's case for a policy period: derived,
// so that delivering a match again addresses the same case and workflow.
func BenefitID(policy, period, beneficiary string) string {
	sum := sha256.Sum256([]byte(policy + "\x00" + period + "\x00" + beneficiary))
	return "bf-" + hex.EncodeToString(sum[:12])
}

// BenefitAccount is where a benefit is paid: a person's social security
// card (社会保障卡, the channel of 惠民惠农补贴 "一卡通"), an enterprise's basic
// deposit account registered under its credit code.
func BenefitAccount(kind Audience, beneficiary string) string {
	if kind == ForEnterprises {
		return "基本存款账户/" + beneficiary
	}
	return "社会保障卡/" + beneficiary
}
