package haoban

import "time"

// InboxFilter picks the tasks of a reviewers' inbox. Departments nil is
// every department; the other fields narrow it.
type InboxFilter struct {
	Departments []string
	Statuses    []TaskStatus
	Assignee    string // a reviewer's own tasks
	Unclaimed   bool   // open, nobody's yet
	Returned    bool   // claimed again after the applicant answered a supplement request
	// Query keeps the tasks whose case number, item, bundle, applicant or
	// enterprise contains it.
	Query string
	// After is the last task of the page before.
	After *TaskKey
	Limit int
}

// TaskKey is a task's place in the inbox, longest open first: when it
// opened (nil: not yet) and its ID.
type TaskKey struct {
	OpenedAt *time.Time `json:"t,omitempty"`
	ID       string     `json:"id"`
}

// CaseSummary is what a list of tasks shows of each task's case.
type CaseSummary struct {
	ID            string    `json:"id"`
	BundleName    string    `json:"bundle_name"`
	Applicant     string    `json:"applicant"`
	ApplicantName string    `json:"applicant_name"`
	Enterprise    string    `json:"enterprise,omitempty"`
	SubmittedAt   time.Time `json:"submitted_at"`
}

// Subject is who the case is for: the enterprise when there is one,
// otherwise the applicant.
func (c CaseSummary) Subject() string {
	if c.Enterprise != "" {
		return c.Enterprise
	}
	return c.ApplicantName
}

// InboxTask is one task of an inbox with its case, and whether it came back
// from the applicant with a supplement.
type InboxTask struct {
	Task
	Case     CaseSummary `json:"case"`
	Returned bool        `json:"returned"`
}

// InboxCounts count a department's work in progress for an inbox's filters.
type InboxCounts struct {
	Open       int `json:"open"` // open, claimed or awaiting a supplement
	Mine       int `json:"mine"`
	Unclaimed  int `json:"unclaimed"`
	Returned   int `json:"returned"`
	Supplement int `json:"awaiting_supplement"`
}
