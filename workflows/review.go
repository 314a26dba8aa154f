package workflows

import (
	"strconv"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"haoban"
)

// refuse builds the error an update validator returns; its type is the
// haoban error code, which the API maps to an HTTP status.
func refuse(code, message string) error {
	return temporal.NewNonRetryableApplicationError(message, code, nil)
}

func (c *caseFlow) findTask(id string) (*TaskState, error) {
	if t := c.task(id); t != nil {
		return t, nil
	}
	return nil, refuse(haoban.ENOTFOUND, "审查任务不存在")
}

func (c *caseFlow) validateClaim(_ workflow.Context, in ClaimInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case in.Reviewer == "":
		return refuse(haoban.EINVALID, "缺少审查人员")
	case in.Department != t.Department:
		return refuse(haoban.EFORBIDDEN, "只能认领本部门的审查任务")
	case t.Status == haoban.TaskClaimed && t.Assignee == in.Reviewer:
		return nil
	case t.Status == haoban.TaskClaimed:
		return refuse(haoban.ECONFLICT, "该任务已被其他审查人员认领")
	case t.Status == haoban.TaskPending:
		return c.notOpenYet(t)
	case t.Status == haoban.TaskAwaitingSupplement:
		return refuse(haoban.ECONFLICT, "该任务正在等待申请人补正")
	case t.Status != haoban.TaskOpen:
		return refuse(haoban.ECONFLICT, "该任务已办结，不能再认领")
	}
	return nil
}

func (c *caseFlow) claim(ctx workflow.Context, in ClaimInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		// Another update may have changed the task between validation and
		// the lock: check again.
		if err := c.validateClaim(ctx, in); err != nil {
			return err
		}
		if t.Status == haoban.TaskClaimed {
			return nil // the same reviewer claiming again: nothing changes
		}
		t.Status, t.Assignee = haoban.TaskClaimed, in.Reviewer
		t.Version++
		ev := EventInput{Key: eventKey("claimed", t), Type: haoban.EventTaskClaimed, Actor: in.Reviewer, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

// notOpenYet refuses an action on a pending task: it waits for the items
// it depends on, or, with none left to wait for, opens in a moment (the
// pre-review runs first).
func (c *caseFlow) notOpenYet(t *TaskState) error {
	if ready, _ := c.dependencies(t.Item); ready {
		return refuse(haoban.ECONFLICT, "该任务尚未开启，请稍候")
	}
	return refuse(haoban.ECONFLICT, "该任务尚在等待前置事项办结，暂不能办理")
}

func (c *caseFlow) validateDecide(_ workflow.Context, in DecideInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case in.Decision != haoban.DecisionApprove && in.Decision != haoban.DecisionReject && in.Decision != haoban.DecisionSupplement:
		return refuse(haoban.EINVALID, "决定只能是 approve（准予）、reject（不予）或 supplement（补正）")
	case in.Decision == haoban.DecisionReject && in.Comment == "":
		return refuse(haoban.EINVALID, "不予许可必须说明理由")
	case in.Decision == haoban.DecisionSupplement:
		if err := c.checkMissing(in.Missing); err != nil {
			return err
		}
	case len(in.Missing) > 0:
		return refuse(haoban.EINVALID, "只有补正决定才列出缺少的内容")
	}
	switch {
	case t.Status.Done():
		return refuse(haoban.ECONFLICT, "该任务已作出决定，不能再次决定")
	case t.Status == haoban.TaskAwaitingSupplement:
		return refuse(haoban.ECONFLICT, "该任务正在等待申请人补正")
	case t.Status == haoban.TaskPending:
		return c.notOpenYet(t)
	case t.Status != haoban.TaskClaimed:
		return refuse(haoban.ECONFLICT, "请先认领该任务再作决定")
	case t.Assignee != in.Reviewer:
		return refuse(haoban.EFORBIDDEN, "该任务由其他审查人员办理")
	}
	return nil
}

func (c *caseFlow) decide(ctx workflow.Context, in DecideInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateDecide(ctx, in); err != nil {
			return err
		}
		if in.Decision == haoban.DecisionSupplement {
			return c.requestSupplement(ctx, t, in)
		}
		now := workflow.Now(ctx)
		t.Status, t.Comment, t.DecidedAt = haoban.TaskApproved, in.Comment, &now
		if in.Decision == haoban.DecisionReject {
			t.Status = haoban.TaskRejected
		}
		t.Version++
		c.changed = true
		ev := EventInput{Key: "decided:" + t.Item, Type: haoban.EventTaskDecided, Actor: in.Reviewer, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "decision": string(in.Decision), "comment": in.Comment}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}})
	})
	return TaskResult{Task: *t}, err
}

// eventKey makes an event's key unique per task version, for events that may
// happen more than once to a task.
func eventKey(kind string, t *TaskState) string {
	return kind + ":" + t.Item + ":" + strconv.Itoa(t.Version)
}
