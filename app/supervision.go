package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"haoban"
	"haoban/calendar"
	"haoban/workflows"
)

// SupervisionStore is what the supervisors' use cases read and write.
type SupervisionStore interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
	OpenTasks(ctx context.Context, dept string) ([]haoban.Task, error)
	DecidedTasks(ctx context.Context, dept string, from, to time.Time) ([]haoban.Task, error)
	LinkedFailures(ctx context.Context) ([]haoban.LinkedFailure, error)
	UsersWithRole(ctx context.Context, role, dept string) ([]haoban.User, error)
	Deliver(ctx context.Context, notes []haoban.Notification, caseID string, at time.Time, ev *haoban.NewEvent) error
	PrefillStatsByBundle(ctx context.Context) ([]haoban.PrefillStats, error)
	CaseSummaries(ctx context.Context, ids []string) (map[string]haoban.CaseSummary, error)
}

// Supervision is the supervisors' work: the board of running clocks, and
// reminding, extending, suspending and resuming tasks; and the figures.
type Supervision struct {
	Store SupervisionStore
	Tasks *Tasks
	Flow  CaseFlow
	Time  haoban.TimeSource
	// Knowledge puts the knowledge base's tasks and publication warnings
	// on the board; nil leaves them off.
	Knowledge *KnowledgeTasks
	// Obstacles puts the open 办不成事 reports on the board; nil leaves
	// them off.
	Obstacles *Obstacles
	// Ratings puts the open rectifications of bad ratings (好差评) on the
	// board; nil leaves them off.
	Ratings *Ratings
}

// Extension grants a task its one extension.
type Extension struct {
	Days   int    `json:"days" minimum:"1" maximum:"10" doc:"延长的工作日数，依法至多 10 日"`
	Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"延期理由"`
}

// Extend grants a task its one extension, with a reason.
func (s *Supervision) Extend(ctx context.Context, r Request, id string, in Extension) (haoban.Task, error) {
	if err := validate(in, ""); err != nil {
		return haoban.Task{}, err
	}
	return s.clockUpdate(ctx, r, id, "extend", func(t haoban.Task) error {
		return s.Flow.Extend(ctx, t.CaseID, workflows.ExtendInput{TaskID: t.ID, By: r.User.ID, Days: in.Days, Reason: in.Reason, Meta: r.meta()})
	})
}

// Suspension stops a clock for a legally excluded period.
type Suspension struct {
	Reason string `json:"reason" enum:"expert_review,testing,hearing,public_notice" doc:"依法不计入期限的事由"`
	Note   string `json:"note" minLength:"1" maxLength:"500" doc:"说明：评审、检测、听证或公示的安排，记入办件"`
}

// Suspend stops a task's clock for a legally excluded period.
func (s *Supervision) Suspend(ctx context.Context, r Request, id string, in Suspension) (haoban.Task, error) {
	in.Note = strings.TrimSpace(in.Note)
	if err := validate(in, ""); err != nil {
		return haoban.Task{}, err
	}
	return s.clockUpdate(ctx, r, id, "suspend", func(t haoban.Task) error {
		return s.Flow.Suspend(ctx, t.CaseID, workflows.SuspendInput{TaskID: t.ID, By: r.User.ID, Reason: in.Reason, Note: in.Note, Meta: r.meta()})
	})
}

// Resume restarts a clock a supervisor suspended.
func (s *Supervision) Resume(ctx context.Context, r Request, id string) (haoban.Task, error) {
	return s.clockUpdate(ctx, r, id, "suspend", func(t haoban.Task) error {
		return s.Flow.Resume(ctx, t.CaseID, workflows.ResumeInput{TaskID: t.ID, By: r.User.ID, Meta: r.meta()})
	})
}

// clockUpdate runs a supervisor's update on a task's clock.
func (s *Supervision) clockUpdate(ctx context.Context, r Request, id, act string, update func(haoban.Task) error) (haoban.Task, error) {
	task, err := s.Tasks.Actionable(ctx, r, id, act)
	if err != nil {
		return task, err
	}
	if err := update(task); err != nil {
		return task, err
	}
	return s.Tasks.Store.FindTask(ctx, task.ID)
}

// Remind (催办) notifies the task's reviewer, or its department's
// reviewers while it is unclaimed, and records it on the case.
func (s *Supervision) Remind(ctx context.Context, r Request, id string) (haoban.Task, error) {
	task, err := s.Tasks.Actionable(ctx, r, id, "remind")
	if err != nil {
		return task, err
	}
	if task.Status.Done() || task.Status == haoban.TaskPending {
		return task, haoban.Errorf(haoban.ECONFLICT, "该任务不在办理中，无需催办")
	}
	recipients := []string{task.Assignee}
	if task.Assignee == "" {
		pool, err := s.Store.UsersWithRole(ctx, haoban.RoleReviewer, task.Department)
		if err != nil {
			return task, err
		}
		recipients = recipients[:0]
		for _, u := range pool {
			recipients = append(recipients, u.ID)
		}
	}
	key := "remind:" + r.RequestID
	notes := make([]haoban.Notification, len(recipients))
	for i, to := range recipients {
		notes[i] = haoban.Notification{UserID: to, Kind: "remind", Title: "催办：请尽快办理",
			Body: fmt.Sprintf("督办人员催办「%s」。", task.ItemName), CaseID: task.CaseID, TaskID: task.ID}.WithKey(key)
	}
	ev := &haoban.NewEvent{Key: key, Type: haoban.EventReminder, Actor: r.User.ID, Role: r.Role(), Department: r.User.Department,
		RequestID: r.RequestID, ClientAddr: r.ClientAddr,
		Detail: map[string]any{"task": task.ID, "item": task.Item, "alarm": "remind", "recipients": recipients}}
	if err := s.Store.Deliver(ctx, notes, task.CaseID, now(s.Time).UTC(), ev); err != nil {
		return task, err
	}
	return s.Tasks.Store.FindTask(ctx, task.ID)
}
