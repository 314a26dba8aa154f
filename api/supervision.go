package api

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"haoban"
	"haoban/calendar"
	"haoban/clock"
	"haoban/workflows"
)

// BoardInput filters the supervisors' board.
type BoardInput struct {
	State      string `query:"state" enum:"at_risk,overdue,paused," doc:"at_risk：剩余不超过 1 个工作日；overdue：已超期；paused：暂停计时；空：全部"`
	Department string `query:"department" doc:"部门编码；空为全部"`
}

// BoardTask is one task on the board with its clock.
type BoardTask struct {
	haoban.Task
	Clock clock.Status `json:"clock"`
	Risk  string       `json:"risk"` // at_risk, overdue, paused or ok
}

// BoardOutput lists the tasks the supervisors watch, the least time left first.
type BoardOutput struct {
	Body struct {
		Tasks []BoardTask `json:"tasks"`
		// Warnings name what the board cannot compute, such as a year whose
		// holidays nobody has loaded.
		Warnings []string `json:"warnings"`
		// LinkedFailures are linked licences whose reissue failed (联动变更).
		LinkedFailures []haoban.LinkedFailure `json:"linked_failures"`
	}
}

// board reads every running clock now; nothing about deadlines is stored
// where it could go stale.
func (s *Server) board(ctx context.Context, in *BoardInput) (*BoardOutput, error) {
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	tasks, err := s.Store.OpenTasks(ctx, in.Department)
	if err != nil {
		return nil, err
	}
	out := &BoardOutput{}
	out.Body.Tasks, out.Body.Warnings = []BoardTask{}, []string{}
	if out.Body.LinkedFailures, err = s.Store.LinkedFailures(ctx); err != nil {
		return nil, err
	}
	if out.Body.LinkedFailures == nil {
		out.Body.LinkedFailures = []haoban.LinkedFailure{}
	}
	now := s.now()
	for _, t := range tasks {
		ck, ok := clock.ForTask(t)
		if !ok {
			continue
		}
		st, warning, err := read(ck, cal, now)
		if err != nil {
			return nil, err
		}
		if st == nil {
			if !slices.Contains(out.Body.Warnings, warning) {
				out.Body.Warnings = append(out.Body.Warnings, warning)
			}
			continue
		}
		bt := BoardTask{Task: t, Clock: *st, Risk: risk(*st)}
		if in.State == "" || in.State == bt.Risk || (in.State == "at_risk" && bt.Risk == "overdue") {
			out.Body.Tasks = append(out.Body.Tasks, bt)
		}
	}
	slices.SortStableFunc(out.Body.Tasks, func(a, b BoardTask) int { return cmp.Compare(a.Clock.Remaining, b.Clock.Remaining) })
	for y := now.In(calendar.Zone).Year(); y <= now.In(calendar.Zone).Year()+1; y++ {
		if !cal.Covers(y) {
			out.Body.Warnings = append(out.Body.Warnings, fmt.Sprintf("%d 年的节假日安排尚未导入，跨入该年的期限无法计算：请管理员导入国务院办公厅通知", y))
		}
	}
	return out, nil
}

func risk(st clock.Status) string {
	switch {
	case st.State == clock.Overdue:
		return "overdue"
	case st.State == clock.Paused:
		return "paused"
	case st.Remaining <= 1:
		return "at_risk"
	}
	return "ok"
}

// ExtendInput grants a task its one extension.
type ExtendInput struct {
	ID   string `path:"id"`
	Body struct {
		Days   int    `json:"days" minimum:"1" maximum:"10" doc:"延长的工作日数，依法至多 10 日"`
		Reason string `json:"reason" minLength:"1" maxLength:"500" doc:"延期理由"`
	}
}

func (s *Server) extend(ctx context.Context, in *ExtendInput) (*TaskOutput, error) {
	return s.clockUpdate(ctx, in.ID, "extend", workflows.UpdateExtend, func(t haoban.Task, u haoban.User) any {
		return workflows.ExtendInput{TaskID: t.ID, By: u.ID, Days: in.Body.Days, Reason: in.Body.Reason, Meta: meta(ctx)}
	})
}

// SuspendInput stops a clock for a legally excluded period.
type SuspendInput struct {
	ID   string `path:"id"`
	Body struct {
		Reason string `json:"reason" enum:"expert_review,testing,hearing,public_notice" doc:"依法不计入期限的事由"`
		Note   string `json:"note,omitempty" maxLength:"500"`
	}
}

func (s *Server) suspend(ctx context.Context, in *SuspendInput) (*TaskOutput, error) {
	return s.clockUpdate(ctx, in.ID, "suspend", workflows.UpdateSuspend, func(t haoban.Task, u haoban.User) any {
		return workflows.SuspendInput{TaskID: t.ID, By: u.ID, Reason: in.Body.Reason, Note: in.Body.Note, Meta: meta(ctx)}
	})
}

func (s *Server) resume(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	return s.clockUpdate(ctx, in.ID, "suspend", workflows.UpdateResume, func(t haoban.Task, u haoban.User) any {
		return workflows.ResumeInput{TaskID: t.ID, By: u.ID, Meta: meta(ctx)}
	})
}

// clockUpdate runs a supervisor's update on a task's clock.
func (s *Server) clockUpdate(ctx context.Context, id, act, update string, arg func(haoban.Task, haoban.User) any) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, id, act)
	if err != nil {
		return nil, err
	}
	if err := s.update(ctx, task.CaseID, update, "", arg(task, user)); err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, task.ID)
}

// remind (催办) notifies the task's reviewer, or its department's reviewers
// while it is unclaimed, and records it on the case.
func (s *Server) remind(ctx context.Context, in *TaskIDInput) (*TaskOutput, error) {
	task, user, err := s.actionableTask(ctx, in.ID, "remind")
	if err != nil {
		return nil, err
	}
	if task.Status.Done() || task.Status == haoban.TaskPending {
		return nil, haoban.Errorf(haoban.ECONFLICT, "该任务不在办理中，无需催办")
	}
	recipients := []string{task.Assignee}
	if task.Assignee == "" {
		pool, err := s.Store.UsersWithRole(ctx, haoban.RoleReviewer, task.Department)
		if err != nil {
			return nil, err
		}
		recipients = recipients[:0]
		for _, u := range pool {
			recipients = append(recipients, u.ID)
		}
	}
	m, now := meta(ctx), s.now().UTC()
	key := "remind:" + m.RequestID
	notes := make([]haoban.Notification, len(recipients))
	for i, r := range recipients {
		notes[i] = haoban.Notification{UserID: r, Kind: "remind", Title: "催办：请尽快办理",
			Body: fmt.Sprintf("督办人员催办「%s」。", task.ItemName), CaseID: task.CaseID, TaskID: task.ID}.WithKey(key)
	}
	ev := &haoban.NewEvent{Key: key, Type: haoban.EventReminder, Actor: user.ID, Role: m.Role, Department: m.Department,
		RequestID: m.RequestID, ClientAddr: m.ClientAddr,
		Detail: map[string]any{"task": task.ID, "item": task.Item, "alarm": "remind", "recipients": recipients}}
	if err := s.Store.Deliver(ctx, notes, task.CaseID, now, ev); err != nil {
		return nil, err
	}
	return s.taskOutput(ctx, task.ID)
}
