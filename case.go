package haoban

import "time"

// CaseStatus is where a case (办件) stands.
type CaseStatus string

// Case statuses.
const (
	CaseInReview           CaseStatus = "in_review"
	CaseAwaitingSupplement CaseStatus = "awaiting_supplement"
	CaseCompleted          CaseStatus = "completed"
	CaseWithdrawn          CaseStatus = "withdrawn"
	// CaseNotAccepted: the pre-review at submission found blocking
	// problems (不予受理); the applicant fixes the draft and submits again.
	CaseNotAccepted CaseStatus = "not_accepted"
)

// Closed reports whether the case can no longer change.
func (s CaseStatus) Closed() bool {
	return s == CaseCompleted || s == CaseWithdrawn || s == CaseNotAccepted
}

// Outcome is how a completed case ended.
type Outcome string

// Case outcomes.
const (
	OutcomeApproved          Outcome = "approved"
	OutcomePartiallyApproved Outcome = "partially_approved"
	OutcomeRejected          Outcome = "rejected"
)

// Name is what people call an outcome.
func (o Outcome) Name() string {
	switch o {
	case OutcomeApproved:
		return "准予许可"
	case OutcomePartiallyApproved:
		return "部分准予许可"
	case OutcomeRejected:
		return "不予许可"
	}
	return "已办结"
}

// TaskStatus is where one department's review of one item stands.
type TaskStatus string

// Task statuses.
const (
	TaskPending TaskStatus = "pending" // waiting for the items it depends on
	TaskOpen    TaskStatus = "open"
	TaskClaimed TaskStatus = "claimed"
	// TaskAwaitingSupplement waits for the applicant to answer a supplement
	// request (补正); the task's clock stops meanwhile.
	TaskAwaitingSupplement TaskStatus = "awaiting_supplement"
	TaskApproved           TaskStatus = "approved"
	TaskRejected           TaskStatus = "rejected"
	TaskCancelled          TaskStatus = "cancelled"
)

// Done reports whether the task can no longer change.
func (s TaskStatus) Done() bool {
	return s == TaskApproved || s == TaskRejected || s == TaskCancelled
}

// Decision is a reviewer's verdict on a task.
type Decision string

// Decisions.
const (
	DecisionApprove    Decision = "approve"
	DecisionReject     Decision = "reject"
	DecisionSupplement Decision = "supplement"
)

// Missing is one thing a supplement request asks for: a form field or a
// material, with the reason it is missing or wrong.
type Missing struct {
	Kind   string `json:"kind" enum:"field,material"`
	Key    string `json:"key" minLength:"1"`
	Reason string `json:"reason" minLength:"1"`
}

// Kinds of missing things.
const (
	MissingField    = "field"
	MissingMaterial = "material"
)

// Case (办件) is one application for a bundle by one applicant.
type Case struct {
	ID         string `json:"id"`
	Bundle     string `json:"bundle"`
	BundleName string `json:"bundle_name"`
	// BundleVersion is the catalogue version the case was accepted under;
	// it runs under that version to the end.
	BundleVersion int        `json:"bundle_version"`
	Status        CaseStatus `json:"status"`
	Outcome       Outcome    `json:"outcome,omitempty"`
	Applicant     string     `json:"applicant"`
	// ApplicantName is the applicant's name, read with lists.
	ApplicantName string         `json:"applicant_name,omitempty"`
	Form          map[string]any `json:"form"`
	SubmittedAt   time.Time      `json:"submitted_at"`
	CompletedAt   *time.Time     `json:"completed_at,omitempty"`
	BudgetDays    int            `json:"budget_days"` // the bundle's promised limit, in working days
	// Prefill is what the form was prefilled with: each kept value's source
	// and the applicant's overrides, which the reviewer sees beside the
	// submitted values; PrefillRatio is the share filled from sources.
	Prefill      map[string]any `json:"prefill,omitempty"`
	PrefillRatio *float64       `json:"prefill_ratio,omitempty"`
	// PrefillChanges are values whose source changed after the applicant
	// was shown them, found by the workflow at submission (nil: not checked).
	PrefillChanges []map[string]any `json:"prefill_changes,omitempty"`
	// AddressIDs are the address library's IDs of the address fields.
	AddressIDs map[string]int64 `json:"address_ids,omitempty"`
	// Prereview is the pre-review report made at submission, with the rule
	// versions used (nil for cases from before pre-review).
	Prereview map[string]any `json:"prereview,omitempty"`
	// Channel is where the case was filed; a window case names its counter
	// (Window) and the staff who entered it (EnteredBy).
	Channel   CaseChannel    `json:"channel"`
	Window    string         `json:"window,omitempty"`
	EnteredBy string         `json:"entered_by,omitempty"`
	Materials []CaseMaterial `json:"materials"`
	Tasks     []Task         `json:"tasks"`
	Events    []Event        `json:"events"`
}

// Task (审查任务) is one department's review of one item in a case.
type Task struct {
	ID         string     `json:"id"`
	CaseID     string     `json:"case_id"`
	Item       string     `json:"item"`
	ItemName   string     `json:"item_name"`
	Department string     `json:"department"`
	Status     TaskStatus `json:"status"`
	Assignee   string     `json:"assignee"`
	Comment    string     `json:"comment,omitempty"`
	Missing    []Missing  `json:"missing,omitempty"`
	OpenedAt   *time.Time `json:"opened_at,omitempty"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	BudgetDays int        `json:"budget_days"` // the item's promised limit, plus an extension
	Extended   bool       `json:"extended"`
	Pauses     []Pause    `json:"-"` // shown in the task's clock
}

// Pause is one entry of a clock's ledger: time waiting for the applicant's
// supplement, or a legally excluded period (expert review, testing,
// hearing, public notice). To is nil while it lasts.
type Pause struct {
	Reason string     `json:"reason"`
	By     string     `json:"by"`
	From   time.Time  `json:"from"`
	To     *time.Time `json:"to,omitempty"`
}

// TaskID derives a task's ID from its case and item, so that the workflow
// and the store agree on it without a lookup.
func TaskID(caseID, item string) string { return caseID + "." + item }

// Event is one entry of a case's public timeline.
type Event struct {
	Seq    int64          `json:"seq"`
	Type   string         `json:"type"`
	At     time.Time      `json:"at"`
	Actor  string         `json:"actor"`
	Detail map[string]any `json:"detail"`
}

// Event types.
const (
	EventSubmitted     = "submitted"
	EventTaskOpened    = "task_opened"
	EventTaskClaimed   = "task_claimed"
	EventTaskDecided   = "task_decided"
	EventTaskCancelled = "task_cancelled"
	EventCompleted     = "completed"

	EventSupplementRequested = "supplement_requested"
	EventSupplementReceived  = "supplement_received"
	EventWithdrawn           = "withdrawn"
	EventTaskReassigned      = "task_reassigned"
	EventTaskReleased        = "task_released"
	EventDeadlineExtended    = "deadline_extended"
	EventClockSuspended      = "clock_suspended"
	EventClockResumed        = "clock_resumed"
	EventReminder            = "reminder"
	EventEscalated           = "escalated"
	// EventPrefillChanged: a data source changed a value after the
	// applicant was shown it (found at submission).
	EventPrefillChanged = "prefill_changed"
	// EventPrereviewed: the pre-review at submission ran.
	EventPrereviewed = "prereviewed"
	// EventNotAccepted: the case was not accepted (不予受理) for the
	// blocking problems the pre-review found.
	EventNotAccepted = "not_accepted"
	// EventLicenceIssued: an approved item's licence and its sealed
	// documents were issued.
	EventLicenceIssued = "licence_issued"
	// EventLinkedReissued / EventLinkedFailed: a licence linked to the
	// amended one was reissued with the change, or could not be.
	EventLinkedReissued = "linked_reissued"
	EventLinkedFailed   = "linked_failed"
)

// CaseMaterial is an uploaded file attached to a case or draft under one
// of the bundle's material codes. The bytes live in the blob store under
// their SHA-256.
type CaseMaterial struct {
	ID          string    `json:"id"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	FileName    string    `json:"file_name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploaded_by"`
	UploadedAt  time.Time `json:"uploaded_at"`
	// Fields are what OCR read from a scan (id_number, name, uscc …).
	Fields map[string]string `json:"fields,omitempty"`
	// Generated: written from the form at submission, not uploaded.
	Generated bool `json:"generated,omitempty"`
}
