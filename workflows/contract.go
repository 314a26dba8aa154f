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
	UpdateClaim  = "claim"
	UpdateDecide = "decide"
	QueryState   = "state"
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
	Version    int
	OpenedAt   *time.Time
	DecidedAt  *time.Time
}

// CaseState is what the state query returns.
type CaseState struct {
	CaseID  string
	Status  haoban.CaseStatus
	Outcome haoban.Outcome
	Tasks   []TaskState
}

// ClaimInput asks to claim an open task for a reviewer of its department.
type ClaimInput struct {
	TaskID     string
	Reviewer   string
	Department string
}

// DecideInput records a reviewer's decision on a task they claimed.
type DecideInput struct {
	TaskID   string
	Reviewer string
	Decision haoban.Decision
	Comment  string
}

// TaskResult is the task as it stands after an update.
type TaskResult struct {
	Task TaskState
}
