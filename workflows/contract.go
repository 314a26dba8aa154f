// Package workflows holds the Case workflow and its contract: the task
// queue, the workflow ID scheme, and the names and shapes of its updates
// and queries. Clients (the API) and the worker both use this contract.
package workflows

import (
	"time"

	"haoban"
)

// TaskQueue is the task queue the case worker polls.
const TaskQueue = "haoban-cases"

// Update and query names of the Case workflow.
const (
	UpdateClaim      = "claim"
	UpdateDecide     = "decide"
	UpdateSupplement = "supplement"
	UpdateWithdraw   = "withdraw"
	UpdateReassign   = "reassign"
	UpdateRelease    = "release"
	UpdateExtend     = "extend"
	UpdateSuspend    = "suspend"
	UpdateResume     = "resume"
	QueryState       = "state"
)

// CaseWorkflowID derives the workflow ID from the case ID, so that starting a
// case twice is refused by Temporal and the API can address it without a lookup.
func CaseWorkflowID(caseID string) string { return "case-" + caseID }

// CaseInput starts a Case workflow. The bundle is a snapshot taken at
// submission, so later catalogue edits do not change a running case.
type CaseInput struct {
	CaseID    string
	Applicant string
	Bundle    haoban.Bundle
}

// CaseResult is how a case ended.
type CaseResult struct {
	Outcome haoban.Outcome
}

// TaskState is the workflow's view of one task. Version grows with every
// change, so the projection never applies an older state over a newer one.
type TaskState struct {
	ID         string
	Item       string
	ItemName   string
	Department string
	Status     haoban.TaskStatus
	Assignee   string
	Comment    string
	Missing    []haoban.Missing
	Version    int
	OpenedAt   *time.Time
	DecidedAt  *time.Time
	// The clock: budget in working days (extension included), its pause
	// ledger, and the alarms already sent, each once.
	Budget    int
	Reminders []string // the item's reminder points
	Extended  bool
	Pauses    []haoban.Pause
	Alarms    []string
	// Relink is set on the review of a linked licence: approving it
	// reissues that licence with the change.
	Relink *ReissueInput `json:",omitempty"`
}

// CaseState is what the state query returns.
type CaseState struct {
	CaseID  string
	Status  haoban.CaseStatus
	Outcome haoban.Outcome
	Tasks   []TaskState
}

// RequestMeta says who asked for an update, in what role, and from where:
// the projection writes it to the audit trail with the change it caused.
type RequestMeta struct {
	Role       string
	Department string
	RequestID  string
	ClientAddr string
}

// ClaimInput asks to claim an open task for a reviewer of its department.
type ClaimInput struct {
	TaskID     string
	Reviewer   string
	Department string
	Meta       RequestMeta
}

// DecideInput records a reviewer's decision on a task they claimed. A
// supplement decision lists everything missing at once (一次性告知).
type DecideInput struct {
	TaskID   string
	Reviewer string
	Decision haoban.Decision
	Comment  string
	Missing  []haoban.Missing
	Meta     RequestMeta
}

// SupplementInput is the applicant's answer to one task's supplement
// request: the form fields and material codes it provides, and what changed.
type SupplementInput struct {
	TaskID    string
	Applicant string
	Fields    []string
	Materials []string
	Changes   []FieldChange
	Meta      RequestMeta
}

// FieldChange is one form value an answer changed, for the reviewer's diff.
type FieldChange struct {
	Key    string `json:"key"`
	Before any    `json:"before"`
	After  any    `json:"after"`
}

// WithdrawInput is the applicant's withdrawal of the whole case.
type WithdrawInput struct {
	Applicant string
	Reason    string
	Meta      RequestMeta
}

// ReassignInput hands a task to another reviewer of its department.
type ReassignInput struct {
	TaskID     string
	By         string
	To         string
	Department string // the department of the reviewer To
	Meta       RequestMeta
}

// ReleaseInput returns a claimed task to its department's pool. Only its
// assignee may, unless BySupervisor.
type ReleaseInput struct {
	TaskID       string
	By           string
	BySupervisor bool
	Meta         RequestMeta
}

// TaskResult is the task as it stands after an update.
type TaskResult struct {
	Task TaskState
}
