package workflows

import (
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/workflow"

	"haoban"
	"haoban/deadline"
)

// checkMissing validates a supplement request: at least one item, each a
// field or material of this bundle, each with a reason.
func (c *caseFlow) checkMissing(missing []haoban.Missing) error {
	if len(missing) == 0 {
		return refuse(haoban.EUNPROCESSABLE, "补正须一次性列明所有缺少或有误的内容（missing 不能为空）")
	}
	var problems []string
	for _, m := range missing {
		switch {
		case m.Reason == "":
			problems = append(problems, fmt.Sprintf("「%s」缺少原因", c.nameOf(m)))
		case m.Kind == haoban.MissingField && !c.hasField(m.Key):
			problems = append(problems, fmt.Sprintf("表单没有字段 %s", m.Key))
		case m.Kind == haoban.MissingMaterial && !c.hasMaterial(m.Key):
			problems = append(problems, fmt.Sprintf("没有材料 %s", m.Key))
		case m.Kind != haoban.MissingField && m.Kind != haoban.MissingMaterial:
			problems = append(problems, fmt.Sprintf("%s 的类型应为 field 或 material", m.Key))
		}
	}
	if len(problems) > 0 {
		return refuse(haoban.EUNPROCESSABLE, "补正内容有误："+strings.Join(problems, "；"))
	}
	return nil
}

func (c *caseFlow) hasField(key string) bool {
	return slices.ContainsFunc(c.in.Bundle.Fields(), func(f haoban.Field) bool { return f.Key == key })
}

// nameOf is what people call a field or material asked for: its label or
// name, the key only when the bundle has no such thing.
func (c *caseFlow) nameOf(m haoban.Missing) string {
	if m.Kind == haoban.MissingMaterial {
		if mat, ok := c.in.Bundle.Material(m.Key); ok {
			return mat.Name
		}
		return m.Key
	}
	for _, f := range c.in.Bundle.Fields() {
		if f.Key == m.Key {
			return f.Label
		}
	}
	return m.Key
}

func (c *caseFlow) hasMaterial(code string) bool {
	_, ok := c.in.Bundle.Material(code)
	return ok
}

// requestSupplement stops the task until the applicant answers; the case
// awaits a supplement while any task does. Called with the lock held.
func (c *caseFlow) requestSupplement(ctx workflow.Context, t *TaskState, in DecideInput) error {
	t.Status, t.Comment, t.Missing = haoban.TaskAwaitingSupplement, in.Comment, in.Missing
	t.Pauses = append(t.Pauses, haoban.Pause{Reason: deadline.ReasonSupplement, By: in.Reviewer, From: workflow.Now(ctx)})
	t.Version++
	c.changed = true
	ev := EventInput{Key: eventKey("supplement_requested", t), Type: haoban.EventSupplementRequested, Actor: in.Reviewer, Meta: in.Meta,
		Detail: map[string]any{"task": t.ID, "item": t.Item, "department": t.Department, "missing": in.Missing, "comment": in.Comment}}
	return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}, Case: c.statusChange()})
}

func (c *caseFlow) validateSupplement(_ workflow.Context, in SupplementInput) error {
	t, err := c.findTask(in.TaskID)
	if err != nil {
		return err
	}
	switch {
	case in.Applicant != c.in.Applicant:
		return refuse(haoban.EFORBIDDEN, "只有申请人本人可以补正")
	case t.Status != haoban.TaskAwaitingSupplement:
		return refuse(haoban.ECONFLICT, "该任务没有待补正的内容")
	}
	var unanswered []string
	for _, m := range t.Missing {
		given := in.Fields
		if m.Kind == haoban.MissingMaterial {
			given = in.Materials
		}
		if !slices.Contains(given, m.Key) {
			unanswered = append(unanswered, "「"+c.nameOf(m)+"」")
		}
	}
	if len(unanswered) > 0 {
		return refuse(haoban.EUNPROCESSABLE, "补正未涵盖要求的全部内容，尚缺："+strings.Join(unanswered, "、"))
	}
	return nil
}

// supplement returns the task to its reviewer with what changed.
func (c *caseFlow) supplement(ctx workflow.Context, in SupplementInput) (TaskResult, error) {
	t := c.task(in.TaskID)
	err := c.withLock(ctx, func() error {
		if err := c.validateSupplement(ctx, in); err != nil {
			return err
		}
		asked := t.Missing
		t.Status, t.Missing = haoban.TaskClaimed, nil
		endPause(ctx, t)
		t.Version++
		c.changed, c.replan = true, true
		patch := map[string]any{}
		for _, ch := range in.Changes {
			patch[ch.Key] = ch.After
		}
		ev := EventInput{Key: eventKey("supplement_received", t), Type: haoban.EventSupplementReceived, Actor: in.Applicant, Meta: in.Meta,
			Detail: map[string]any{"task": t.ID, "item": t.Item, "department": t.Department, "asked": asked,
				"changes": in.Changes, "materials": in.Materials}}
		return c.project(ctx, ProjectInput{Events: []EventInput{ev}, Tasks: []TaskState{*t}, FormPatch: patch, Case: c.statusChange()})
	})
	return TaskResult{Task: *t}, err
}
