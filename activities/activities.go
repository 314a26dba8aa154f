// Package activities adapts the store to the Case workflow's activities.
// Every activity is idempotent, since Temporal retries it.
package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/temporal"

	"haoban"
	"haoban/app"
	"haoban/issuing"
	"haoban/prereview"
	"haoban/servicehours"
	"haoban/treasury"
	"haoban/workflows"
)

// Activities holds the dependencies of the workflow's side effects. The
// worker registers one value; its method names are the activity names.
type Activities struct {
	Store Store
	// Reviewer runs the review points at submission, which also decide
	// instant approval (秒批).
	Reviewer *prereview.Reviewer
	// Issuer issues the licences approvals grant, sealed, and benefits'
	// grant decisions.
	Issuer *issuing.Issuer
	// Treasury pays benefits; Starter starts their cases' workflows.
	Treasury treasury.Treasury
	Starter  app.BenefitStarter
	// Time is the worker's clock: the deadline planner, the alarms and the
	// pre-review read "now" from it. Nil is the machine's clock.
	Time haoban.TimeSource
	// HelpHours are the help desk's service hours; unset is 09:00–17:00.
	HelpHours servicehours.Hours
}

func (a *Activities) now() time.Time {
	if a.Time == nil {
		return time.Now()
	}
	return a.Time.Now()
}

// Project writes one state change of a case to PostgreSQL.
func (a *Activities) Project(ctx context.Context, in workflows.ProjectInput) error {
	p := haoban.Projection{CaseID: in.CaseID, At: in.At, FormPatch: in.FormPatch}
	if in.Case != nil {
		p.Status, p.Outcome = haoban.CaseStatus(in.Case.Status), haoban.Outcome(in.Case.Outcome)
	}
	for _, t := range in.Tasks {
		p.Tasks = append(p.Tasks, haoban.TaskRow{Version: t.Version, Task: haoban.Task{
			ID: t.ID, CaseID: in.CaseID, Item: t.Item, ItemName: t.ItemName, Department: t.Department,
			Status: t.Status, Assignee: t.Assignee, Comment: t.Comment, Missing: t.Missing, OpenedAt: t.OpenedAt, DecidedAt: t.DecidedAt,
			BudgetDays: t.Budget, Extended: t.Extended, Pauses: t.Pauses,
		}})
	}
	for _, e := range in.Events {
		p.Events = append(p.Events, haoban.NewEvent{Key: e.Key, Type: e.Type, Actor: e.Actor, Detail: e.Detail,
			Role: e.Meta.Role, Department: e.Meta.Department, RequestID: e.Meta.RequestID, ClientAddr: e.Meta.ClientAddr})
	}
	err := a.Store.ApplyProjection(ctx, p)
	if code := haoban.ErrorCode(err); code == haoban.ENOTFOUND {
		// A case missing from the store will not appear by retrying.
		return temporal.NewNonRetryableApplicationError(err.Error(), code, err)
	}
	return err
}
