package activities

import (
	"context"
	"fmt"
	"strings"

	"haoban"
	"haoban/calendar"
	"haoban/deadline"
	"haoban/workflows"
)

// PlanAlarms reads the running clocks against the calendar in force, at
// the worker's "now": its answer is recorded in the workflow's history, so
// replaying it never reads the clock again.
func (a *Activities) PlanAlarms(ctx context.Context, in workflows.PlanInput) (workflows.PlanResult, error) {
	cal, err := a.Store.Calendar(ctx)
	if err != nil {
		return workflows.PlanResult{}, err
	}
	return workflows.Plan(cal, in, a.now())
}

// Notify sends a deadline alarm: reminders to the task's reviewer (or its
// department's reviewers while nobody has claimed it), the expiry to the
// supervisors as an escalation. It is recorded on the case's timeline.
func (a *Activities) Notify(ctx context.Context, in workflows.NotifyInput) error {
	t := in.Task
	due := "—"
	if in.Due != nil {
		due = in.Due.In(calendar.Zone).Format("2006年1月2日")
	}
	var recipients []string
	var title, body, eventType string
	switch in.Kind {
	case deadline.AlarmExpired:
		sups, err := a.Store.UsersWithRole(ctx, haoban.RoleSupervisor, t.Department)
		if err != nil {
			return err
		}
		for _, u := range sups {
			recipients = append(recipients, u.ID)
		}
		title, eventType = "督办：审查任务已超期", haoban.EventEscalated
		body = fmt.Sprintf("「%s」应于 %s 前办结，已超期，请督办。", t.ItemName, due)
	default:
		pool, err := a.reviewers(ctx, t)
		if err != nil {
			return err
		}
		recipients, eventType = pool, haoban.EventReminder
		title = reminderTitle(strings.TrimPrefix(in.Kind, "reminder:"))
		body = fmt.Sprintf("「%s」应于 %s 前办结。", t.ItemName, due)
	}
	notes := make([]haoban.Notification, len(recipients))
	for i, r := range recipients {
		notes[i] = haoban.Notification{UserID: r, Kind: in.Kind, Title: title, Body: body, CaseID: in.CaseID, TaskID: t.ID}.WithKey(in.Key)
	}
	ev := &haoban.NewEvent{Key: "alarm:" + in.Key, Type: eventType, Actor: "system", Role: "system",
		Detail: map[string]any{"task": t.ID, "item": t.Item, "alarm": in.Kind, "due": due, "recipients": recipients}}
	return a.Store.Deliver(ctx, notes, in.CaseID, a.now(), ev)
}

// reviewers are the task's assignee, or all its department's reviewers.
func (a *Activities) reviewers(ctx context.Context, t workflows.TaskState) ([]string, error) {
	if t.Assignee != "" {
		return []string{t.Assignee}, nil
	}
	users, err := a.Store.UsersWithRole(ctx, haoban.RoleReviewer, t.Department)
	var ids []string
	for _, u := range users {
		ids = append(ids, u.ID)
	}
	return ids, err
}

func reminderTitle(point string) string {
	percent, left, err := haoban.ParseReminder(point)
	switch {
	case err != nil:
		return "提醒：请关注办理期限"
	case percent > 0:
		return fmt.Sprintf("提醒：承诺时限已用去 %d%%", percent)
	}
	return fmt.Sprintf("提醒：距承诺时限仅剩 %d 个工作日", left)
}
