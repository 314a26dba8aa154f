package haoban

import "time"

// CaseStatus is where a case (办件) stands.
type CaseStatus string

// Case statuses.
const (
	CaseInReview  CaseStatus = "in_review"
	CaseCompleted CaseStatus = "completed"
)

// Outcome is how a completed case ended.
type Outcome string

// Case outcomes.
const (
	OutcomeApproved          Outcome = "approved"
	OutcomePartiallyApproved Outcome = "partially_approved"
	OutcomeRejected          Outcome = "rejected"
)

// TaskStatus is where one department's review of one item stands.
type TaskStatus string

// Task statuses.
const (
	TaskPending   TaskStatus = "pending" // waiting for the items it depends on
	TaskOpen      TaskStatus = "open"
	TaskClaimed   TaskStatus = "claimed"
	TaskApproved  TaskStatus = "approved"
	TaskRejected  TaskStatus = "rejected"
	TaskCancelled TaskStatus = "cancelled"
)

// Done reports whether the task can no longer change.
func (s TaskStatus) Done() bool {
	return s == TaskApproved || s == TaskRejected || s == TaskCancelled
}

// Decision is a reviewer's verdict on a task.
type Decision string

// Decisions.
const (
	DecisionApprove Decision = "approve"
	DecisionReject  Decision = "reject"
)

// Case (办件) is one application for a bundle by one applicant.
type Case struct {
	ID          string         `json:"id"`
	Bundle      string         `json:"bundle"`
	BundleName  string         `json:"bundle_name"`
	Status      CaseStatus     `json:"status"`
	Outcome     Outcome        `json:"outcome,omitempty"`
	Applicant   string         `json:"applicant"`
	Form        map[string]any `json:"form"`
	SubmittedAt time.Time      `json:"submitted_at"`
	CompletedAt *time.Time     `json:"completed_at,omitempty"`
	Tasks       []Task         `json:"tasks"`
	Events      []Event        `json:"events"`
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
	OpenedAt   *time.Time `json:"opened_at,omitempty"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
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
)
