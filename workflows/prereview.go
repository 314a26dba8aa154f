package workflows

import (
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// ActivityPrereview names the activity that runs the review points at
// submission and stores the report with the rule versions used.
const ActivityPrereview = "Prereview"

// PrereviewInput names the case to pre-review.
type PrereviewInput struct {
	CaseID string
}

// PrereviewResult is what the workflow acts on: whether the case is not
// accepted (不予受理) and why, and the instant items whose rules all pass.
type PrereviewResult struct {
	NotAccepted bool
	Reasons     []string
	Blocking    int
	Warnings    int
	// Instant are the items marked for instant approval (秒批) whose rules
	// all passed, with the rule versions that passed them.
	Instant map[string][]string
}

// prereview runs the pre-review as the case's first step. It returns false
// when the case is not accepted: every task is then cancelled with the
// reasons, and the applicant's draft is open again.
func (c *caseFlow) prereview(ctx workflow.Context) (bool, error) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
	})
	var res PrereviewResult
	if err := workflow.ExecuteActivity(actx, ActivityPrereview, PrereviewInput{CaseID: c.in.CaseID}).Get(ctx, &res); err != nil {
		return false, err
	}
	c.instant = res.Instant
	ev := EventInput{Key: "prereviewed", Type: haoban.EventPrereviewed, Actor: "system",
		Detail: map[string]any{"blocking": res.Blocking, "warnings": res.Warnings}}
	if !res.NotAccepted {
		return true, c.withLock(ctx, func() error { return c.project(ctx, ProjectInput{Events: []EventInput{ev}}) })
	}
	return false, c.withLock(ctx, func() error {
		c.status = haoban.CaseNotAccepted
		reason := "不予受理：" + strings.Join(res.Reasons, "；")
		for _, t := range c.tasks {
			t.Status, t.Comment = haoban.TaskCancelled, reason
			t.Version++
		}
		reasons := make([]any, len(res.Reasons))
		for i, r := range res.Reasons {
			reasons[i] = r
		}
		na := EventInput{Key: "not_accepted", Type: haoban.EventNotAccepted, Actor: "system",
			Detail: map[string]any{"reasons": reasons}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev, na}, Tasks: c.snapshot(c.tasks...),
			Case: &CaseChange{Status: string(c.status)}})
	})
}

// approveInstantly approves an instant item the moment it opens, with the
// rules that passed as the reason: no person in the loop.
func (c *caseFlow) approveInstantly(t *TaskState, now time.Time) []EventInput {
	versions := c.instant[t.Item]
	t.Status, t.OpenedAt, t.DecidedAt, t.Assignee = haoban.TaskApproved, &now, &now, "system"
	t.Comment = "秒批：审查要点全部通过（" + strings.Join(versions, "、") + "）"
	c.changed = true // its dependents open on the next pass
	rules := make([]any, len(versions))
	for i, v := range versions {
		rules[i] = v
	}
	return []EventInput{
		{Key: "opened:" + t.Item, Type: haoban.EventTaskOpened, Actor: "system",
			Detail: map[string]any{"task": t.ID, "item": t.Item, "department": t.Department}},
		{Key: "decided:" + t.Item, Type: haoban.EventTaskDecided, Actor: "system",
			Detail: map[string]any{"task": t.ID, "item": t.Item, "decision": string(haoban.DecisionApprove),
				"comment": t.Comment, "instant": true, "rules": rules}},
	}
}
