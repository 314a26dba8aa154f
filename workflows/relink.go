package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// Activities and the child workflow of linked changes (联动变更).
const (
	ActivityLinkedLicences = "LinkedLicences"
	ActivityReissue        = "Reissue"
	WorkflowRelink         = "Relink"
)

// LinkedInput asks for the holder's licences that embed changed fields.
type LinkedInput struct {
	Holder  string
	Amended string // the licence type the case amended, left out
	Changes map[string]any
}

// LinkedLicence is one licence to follow the change.
type LinkedLicence struct {
	LicenceID  string
	Type       string
	Number     string
	Department string
	ItemName   string
	Budget     int
	Handling   string
	Changes    map[string]any
}

// ReissueInput reissues one licence with changed fields.
type ReissueInput struct {
	CaseID    string
	LicenceID string
	Changes   map[string]any
}

// Relink reissues one linked licence (auto), a child of the Case workflow
// so that its retries and failures stay its own: it never undoes the
// change that caused it.
func Relink(ctx workflow.Context, in ReissueInput) (IssueResult, error) {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 15 * time.Second, // two documents take well under a second; a lost worker is noticed soon
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: time.Minute, MaximumAttempts: 20},
	})
	var res IssueResult
	err := workflow.ExecuteActivity(ctx, ActivityReissue, in).Get(ctx, &res)
	return res, err
}

// relink applies the link rules after an amendment: one child workflow per
// licence to reissue at once; a department task, like any other, for each
// licence whose change needs a review.
func (c *caseFlow) relink(ctx workflow.Context, res IssueResult) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
	})
	var linked []LinkedLicence
	in := LinkedInput{Holder: res.Holder, Amended: res.Type, Changes: res.Changes}
	if err := workflow.ExecuteActivity(actx, ActivityLinkedLicences, in).Get(ctx, &linked); err != nil {
		return err
	}
	type child struct {
		l LinkedLicence
		f workflow.ChildWorkflowFuture
	}
	var children []child
	for _, l := range linked {
		if l.Handling == haoban.LinkReview {
			if err := c.openLinkedTask(ctx, l); err != nil {
				return err
			}
			continue
		}
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: "relink-" + c.in.CaseID + "-" + l.LicenceID, TaskQueue: TaskQueue})
		children = append(children, child{l, workflow.ExecuteChildWorkflow(cctx, WorkflowRelink,
			ReissueInput{CaseID: c.in.CaseID, LicenceID: l.LicenceID, Changes: l.Changes})})
	}
	for _, ch := range children {
		var out IssueResult
		ev := EventInput{Key: "relinked:" + ch.l.LicenceID, Type: haoban.EventLinkedReissued, Actor: "system",
			Detail: map[string]any{"licence": ch.l.LicenceID, "type": ch.l.Type, "name": ch.l.ItemName}}
		if err := ch.f.Get(ctx, &out); err != nil {
			ev.Type, ev.Detail["error"] = haoban.EventLinkedFailed, "换发失败，已转督办处理"
		} else {
			ev.Detail["new_licence"], ev.Detail["number"] = out.LicenceID, out.Number
		}
		if err := c.withLock(ctx, func() error { return c.project(ctx, ProjectInput{Events: []EventInput{ev}}) }); err != nil {
			return err
		}
	}
	return nil
}

// openLinkedTask adds the department's review of a linked licence to the
// case, open at once with its own clock.
func (c *caseFlow) openLinkedTask(ctx workflow.Context, l LinkedLicence) error {
	now := workflow.Now(ctx)
	item := "linked-" + l.Type
	t := &TaskState{ID: haoban.TaskID(c.in.CaseID, item), Item: item, ItemName: l.ItemName + "（联动变更）",
		Department: l.Department, Status: haoban.TaskOpen, Version: 1, OpenedAt: &now, Budget: l.Budget,
		Reminders: haoban.DefaultReminders, Relink: &ReissueInput{CaseID: c.in.CaseID, LicenceID: l.LicenceID, Changes: l.Changes}}
	c.tasks = append(c.tasks, t)
	c.replan = true
	ev := EventInput{Key: "opened:" + item, Type: haoban.EventTaskOpened, Actor: "system",
		Detail: map[string]any{"task": t.ID, "item": item, "department": t.Department, "licence": l.LicenceID}}
	return c.withLock(ctx, func() error { return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: c.snapshot(t)}) })
}
