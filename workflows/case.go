package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// Case runs one application (办件): it opens each item's review task when the
// items it depends on are approved, lets reviewers claim and decide through
// updates, cancels what depends on a rejected item, and completes with an
// outcome. Every state change is projected to PostgreSQL by an activity.
func Case(ctx workflow.Context, in CaseInput) (CaseResult, error) {
	c, err := newCaseFlow(ctx, in)
	if err != nil {
		return CaseResult{}, err
	}
	return c.run(ctx)
}

// caseFlow is the state of one Case workflow. mu serialises the handlers and
// the main loop around their projections, so the timeline is written in the
// order things happened.
type caseFlow struct {
	in      CaseInput
	status  haoban.CaseStatus
	outcome haoban.Outcome
	tasks   []*TaskState
	changed bool
	mu      workflow.Mutex
	// deadlines is false for workflows started before the deadline alarms:
	// their histories have no alarm commands to replay.
	deadlines bool
	timer     *alarmTimer
	replan    bool // a clock started, resumed or was extended
	// instant are the instant items the pre-review passed (秒批), with the
	// rule versions that passed them.
	instant map[string][]string
	// issuing is false for workflows started before licences were issued;
	// issued are the items whose licence was.
	issuing bool
	issued  map[string]bool
}

func newCaseFlow(ctx workflow.Context, in CaseInput) (*caseFlow, error) {
	if err := in.Bundle.Validate(); err != nil {
		return nil, temporal.NewNonRetryableApplicationError(err.Error(), haoban.EINVALID, err)
	}
	c := &caseFlow{in: in, status: haoban.CaseInReview, mu: workflow.NewMutex(ctx), issued: map[string]bool{}}
	for _, it := range in.Bundle.Items {
		c.tasks = append(c.tasks, &TaskState{
			ID: haoban.TaskID(in.CaseID, it.Code), Item: it.Code, ItemName: it.Name,
			Department: it.Department, Status: haoban.TaskPending, Version: 1, Budget: it.PromisedDays,
			Reminders: it.ReminderPoints(),
		})
	}
	if err := workflow.SetQueryHandler(ctx, QueryState, c.state); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateClaim, c.claim,
		workflow.UpdateHandlerOptions{Validator: c.validateClaim}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateDecide, c.decide,
		workflow.UpdateHandlerOptions{Validator: c.validateDecide}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSupplement, c.supplement,
		workflow.UpdateHandlerOptions{Validator: c.validateSupplement}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateWithdraw, c.withdraw,
		workflow.UpdateHandlerOptions{Validator: c.validateWithdraw}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateReassign, c.reassign,
		workflow.UpdateHandlerOptions{Validator: c.validateReassign}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateRelease, c.release,
		workflow.UpdateHandlerOptions{Validator: c.validateRelease}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateExtend, c.extend,
		workflow.UpdateHandlerOptions{Validator: c.validateExtend}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateSuspend, c.suspend,
		workflow.UpdateHandlerOptions{Validator: c.validateSuspend}); err != nil {
		return nil, err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateResume, c.resume,
		workflow.UpdateHandlerOptions{Validator: c.validateResume}); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *caseFlow) run(ctx workflow.Context) (CaseResult, error) {
	// The store records a submission whole as it accepts it: the case, its
	// tasks pending, the submitted event and the audit entry. Workflows
	// started before wrote the event and the tasks a second time.
	if workflow.GetVersion(ctx, "store-owns-submission", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		if err := c.withLock(ctx, func() error {
			return c.project(ctx, ProjectInput{Events: c.accept(), Tasks: c.snapshot(c.tasks...)})
		}); err != nil {
			return CaseResult{}, err
		}
	}
	c.deadlines = workflow.GetVersion(ctx, "deadline-alarms", workflow.DefaultVersion, 1) == 1
	if workflow.GetVersion(ctx, "prereview", workflow.DefaultVersion, 1) == 1 {
		accepted, err := c.prereview(ctx)
		if err != nil {
			return CaseResult{}, err
		}
		if !accepted {
			return CaseResult{}, workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
		}
	}
	c.issuing = workflow.GetVersion(ctx, "issue-licences", workflow.DefaultVersion, 1) == 1
	// The prefill check advises reviewers; the first tasks need not wait for it.
	recheck, rechecked := workflow.NewFuture(ctx)
	if workflow.GetVersion(ctx, "prefill-recheck", workflow.DefaultVersion, 1) == 1 {
		workflow.Go(ctx, func(ctx workflow.Context) { rechecked.SetError(c.recheckPrefill(ctx)) })
	} else {
		rechecked.SetError(nil)
	}
	for {
		if err := c.withLock(ctx, func() error { return c.advance(ctx) }); err != nil {
			return CaseResult{}, err
		}
		if err := c.issueApproved(ctx); err != nil {
			return CaseResult{}, err
		}
		if c.allDone() {
			break
		}
		if err := c.waitForChange(ctx); err != nil {
			return CaseResult{}, err
		}
		c.changed = false
	}
	if err := recheck.Get(ctx, nil); err != nil {
		return CaseResult{}, err
	}
	if c.status != haoban.CaseWithdrawn {
		if err := c.complete(ctx); err != nil {
			return CaseResult{}, err
		}
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return CaseResult{}, err
	}
	return CaseResult{Outcome: c.outcome}, nil
}

func (c *caseFlow) complete(ctx workflow.Context) error {
	return c.withLock(ctx, func() error {
		c.status, c.outcome = haoban.CaseCompleted, c.decideOutcome()
		ev := EventInput{Key: "completed", Type: haoban.EventCompleted, Actor: "system",
			Detail: map[string]any{"outcome": string(c.outcome)}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev},
			Case: &CaseChange{Status: string(c.status), Outcome: string(c.outcome)}})
	})
}

func (c *caseFlow) accept() []EventInput {
	return []EventInput{{Key: "submitted", Type: haoban.EventSubmitted, Actor: c.in.Applicant,
		Detail: map[string]any{"bundle": c.in.Bundle.Code}}}
}

// advance opens every pending task whose dependencies are all approved and
// cancels every pending task that depends on a rejected or cancelled one.
func (c *caseFlow) advance(ctx workflow.Context) error {
	now := workflow.Now(ctx)
	var changed []*TaskState
	var events []EventInput
	for _, t := range c.tasks {
		if t.Status != haoban.TaskPending {
			continue
		}
		ready, blocker := c.dependencies(t.Item)
		switch {
		case blocker != nil:
			t.Status, t.Comment = haoban.TaskCancelled, fmt.Sprintf("所依赖的事项「%s」未获批准", blocker.ItemName)
			events = append(events, EventInput{Key: "cancelled:" + t.Item, Type: haoban.EventTaskCancelled,
				Actor: "system", Detail: map[string]any{"task": t.ID, "item": t.Item, "reason": t.Comment}})
		case ready && len(c.instant[t.Item]) > 0:
			events = append(events, c.approveInstantly(t, now)...)
		case ready:
			t.Status, t.OpenedAt = haoban.TaskOpen, &now
			c.replan = true
			events = append(events, EventInput{Key: "opened:" + t.Item, Type: haoban.EventTaskOpened,
				Actor: "system", Detail: map[string]any{"task": t.ID, "item": t.Item, "department": t.Department}})
		default:
			continue
		}
		t.Version++
		changed = append(changed, t)
	}
	if len(changed) == 0 {
		return nil
	}
	return c.project(ctx, ProjectInput{Events: events, Tasks: c.snapshot(changed...)})
}

// statusChange recomputes the open case's status from its tasks: it awaits
// a supplement while any task does.
func (c *caseFlow) statusChange() *CaseChange {
	want := haoban.CaseInReview
	for _, t := range c.tasks {
		if t.Status == haoban.TaskAwaitingSupplement {
			want = haoban.CaseAwaitingSupplement
		}
	}
	if want == c.status {
		return nil
	}
	c.status = want
	return &CaseChange{Status: string(want)}
}

// dependencies reports whether every item that item depends on is
// approved, or else the first one that never will be.
func (c *caseFlow) dependencies(item string) (ready bool, blocker *TaskState) {
	it, _ := c.in.Bundle.Item(item)
	ready = true
	for _, d := range it.DependsOn {
		dep := c.task(haoban.TaskID(c.in.CaseID, d))
		switch dep.Status {
		case haoban.TaskApproved:
		case haoban.TaskRejected, haoban.TaskCancelled:
			return false, dep
		default:
			ready = false
		}
	}
	return ready, nil
}

func (c *caseFlow) allDone() bool {
	for _, t := range c.tasks {
		if !t.Status.Done() {
			return false
		}
	}
	return true
}

func (c *caseFlow) decideOutcome() haoban.Outcome {
	approved := 0
	for _, t := range c.tasks {
		if t.Status == haoban.TaskApproved {
			approved++
		}
	}
	switch approved {
	case len(c.tasks):
		return haoban.OutcomeApproved
	case 0:
		return haoban.OutcomeRejected
	}
	return haoban.OutcomePartiallyApproved
}

func (c *caseFlow) task(id string) *TaskState {
	for _, t := range c.tasks {
		if t.ID == id {
			return t
		}
	}
	return nil
}

func (c *caseFlow) state() (CaseState, error) {
	s := CaseState{CaseID: c.in.CaseID, Status: c.status, Outcome: c.outcome}
	for _, t := range c.tasks {
		s.Tasks = append(s.Tasks, *t)
	}
	return s, nil
}

// snapshot copies tasks, so an activity's input is not changed by a later
// mutation while it is scheduled.
func (c *caseFlow) snapshot(tasks ...*TaskState) []TaskState {
	out := make([]TaskState, len(tasks))
	for i, t := range tasks {
		out[i] = *t
	}
	return out
}

func (c *caseFlow) withLock(ctx workflow.Context, f func() error) error {
	if err := c.mu.Lock(ctx); err != nil {
		return err
	}
	defer c.mu.Unlock()
	return f()
}

// project writes one state change. The activity retries until PostgreSQL
// takes it: losing a projection would leave people looking at stale data.
func (c *caseFlow) project(ctx workflow.Context, in ProjectInput) error {
	ctx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{MaximumInterval: 30 * time.Second},
	})
	in.CaseID, in.At = c.in.CaseID, workflow.Now(ctx)
	return workflow.ExecuteActivity(ctx, ActivityProject, in).Get(ctx, nil)
}
