package workflows

import (
	"go.temporal.io/sdk/workflow"

	"haoban"
)

func (c *caseFlow) validateWithdraw(_ workflow.Context, in WithdrawInput) error {
	switch {
	case in.Applicant != c.in.Applicant:
		return refuse(haoban.EFORBIDDEN, "只有申请人本人可以撤回")
	case c.status.Closed() || c.allDone():
		return refuse(haoban.ECONFLICT, "办件已办结或已撤回，不能撤回")
	case in.Reason == "":
		return refuse(haoban.EINVALID, "请说明撤回原因")
	}
	return nil
}

// withdraw cancels every task not yet decided and closes the case.
func (c *caseFlow) withdraw(ctx workflow.Context, in WithdrawInput) (CaseState, error) {
	err := c.withLock(ctx, func() error {
		if err := c.validateWithdraw(ctx, in); err != nil {
			return err
		}
		events := []EventInput{{Key: "withdrawn", Type: haoban.EventWithdrawn, Actor: in.Applicant, Meta: in.Meta,
			Detail: map[string]any{"reason": in.Reason}}}
		var changed []*TaskState
		for _, t := range c.tasks {
			if t.Status.Done() {
				continue
			}
			t.Status, t.Comment, t.Missing = haoban.TaskCancelled, "申请人撤回："+in.Reason, nil
			t.Version++
			changed = append(changed, t)
			events = append(events, EventInput{Key: "cancelled:" + t.Item, Type: haoban.EventTaskCancelled, Actor: in.Applicant, Meta: in.Meta,
				Detail: map[string]any{"task": t.ID, "item": t.Item, "reason": t.Comment}})
		}
		c.status, c.changed = haoban.CaseWithdrawn, true
		return c.project(ctx, ProjectInput{Events: events, Tasks: c.snapshot(changed...),
			Case: &CaseChange{Status: string(haoban.CaseWithdrawn)}})
	})
	if err != nil {
		return CaseState{}, err
	}
	return c.state()
}

func (c *caseFlow) validateReassign(_ workflow.Context, in ReassignInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case in.To == "":
		return refuse(haoban.EINVALID, "请指定改派给谁")
	case in.Department != t.Department:
		return refuse(haoban.EUNPROCESSABLE, "只能改派给本部门的审查人员")
	case t.Status == haoban.TaskPending:
		return refuse(haoban.ECONFLICT, "该任务尚在等待前置事项办结")
	case t.Status.Done():
		return refuse(haoban.ECONFLICT, "该任务已办结，不能改派")
	case t.Assignee == in.To:
		return refuse(haoban.ECONFLICT, "该任务已由此人办理")
	}
	return nil
}

// reassign hands the task to another reviewer; a task awaiting a
// supplement keeps waiting, now for its new reviewer.
func (c *caseFlow) reassign(ctx workflow.Context, in ReassignInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateReassign(ctx, in); err != nil {
			return err
		}
		from := t.Assignee
		if t.Status == haoban.TaskOpen {
			t.Status = haoban.TaskClaimed
		}
		t.Assignee = in.To
		t.Version++
		ev := EventInput{Key: eventKey("reassigned", t), Type: haoban.EventTaskReassigned, Actor: in.By, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "from": from, "to": in.To}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

func (c *caseFlow) validateRelease(_ workflow.Context, in ReleaseInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case t.Status != haoban.TaskClaimed:
		return refuse(haoban.ECONFLICT, "只有已认领的任务可以退回待办")
	case t.Assignee != in.By && !in.BySupervisor:
		return refuse(haoban.EFORBIDDEN, "只有办理人或督办人员可以退回该任务")
	}
	return nil
}

// release returns a claimed task to its department's pool.
func (c *caseFlow) release(ctx workflow.Context, in ReleaseInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateRelease(ctx, in); err != nil {
			return err
		}
		from := t.Assignee
		t.Status, t.Assignee = haoban.TaskOpen, ""
		t.Version++
		ev := EventInput{Key: eventKey("released", t), Type: haoban.EventTaskReleased, Actor: in.By, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "from": from}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}
