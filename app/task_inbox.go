package app

import (
	"context"
	"slices"
	"strings"

	"haoban"
	"haoban/deadline"
)

var taskStatuses = []haoban.TaskStatus{haoban.TaskPending, haoban.TaskOpen, haoban.TaskClaimed,
	haoban.TaskAwaitingSupplement, haoban.TaskApproved, haoban.TaskRejected, haoban.TaskCancelled}

// InboxQuery is what a reviewer asks of the inbox: a comma-separated list
// of statuses, one of the views (mine, unclaimed, returned; "" for all),
// a search text and a page.
type InboxQuery struct {
	Status string
	Show   string
	Query  string
	Page   haoban.PageRequest
}

// InboxItem is one task of the inbox as people read it.
type InboxItem struct {
	haoban.InboxTask
	Clock        *deadline.Status `json:"clock,omitempty"`
	AssigneeName string           `json:"assignee_name"`
	Department   string           `json:"department_name"`
	Subject      string           `json:"subject"` // the enterprise, or the applicant
	NextStep     string           `json:"next_step"`
}

// InboxPage is one page of the inbox, the total matching and the counts
// of the views.
type InboxPage struct {
	Tasks      []InboxItem        `json:"tasks"`
	NextCursor string             `json:"next_cursor"`
	Total      int                `json:"total"`
	Counts     haoban.InboxCounts `json:"counts"`
}

// Inbox is a page of the tasks of the departments the user acts for, the
// longest open first, keyset on (opened, ID).
func (s *Tasks) Inbox(ctx context.Context, r Request, q InboxQuery) (InboxPage, error) {
	out := InboxPage{Tasks: []InboxItem{}}
	f := haoban.InboxFilter{Departments: departmentsOf(r.User), Query: strings.TrimSpace(q.Query),
		Limit: q.Page.Size() + 1} // one more tells whether a next page exists
	switch q.Show {
	case "":
	case "mine":
		f.Assignee = r.User.ID
	case "unclaimed":
		f.Unclaimed = true
	case "returned":
		f.Returned = true
	default:
		return out, haoban.FieldErrorf(haoban.EINVALID, "query.show", "未知的视图：%s（可选 mine、unclaimed、returned）", q.Show)
	}
	if q.Status != "" {
		for _, st := range strings.Split(q.Status, ",") {
			status := haoban.TaskStatus(strings.TrimSpace(st))
			if !slices.Contains(taskStatuses, status) {
				return out, haoban.FieldErrorf(haoban.EINVALID, "query.status", "未知的任务状态：%s", st)
			}
			f.Statuses = append(f.Statuses, status)
		}
	}
	if q.Page.Cursor != "" {
		f.After = &haoban.TaskKey{}
		if err := haoban.DecodeCursor(q.Page.Cursor, f.After); err != nil {
			return out, err
		}
	}
	tasks, total, err := s.Store.InboxTasks(ctx, f)
	if err != nil {
		return out, err
	}
	if out.Counts, err = s.Store.CountInbox(ctx, f, r.User.ID); err != nil {
		return out, err
	}
	names, err := ReadNames(ctx, s.Store)
	if err != nil {
		return out, err
	}
	cal, err := s.Store.Calendar(ctx)
	if err != nil {
		return out, err
	}
	if len(tasks) == f.Limit {
		tasks = tasks[:len(tasks)-1]
		last := tasks[len(tasks)-1]
		out.NextCursor = haoban.EncodeCursor(haoban.TaskKey{OpenedAt: last.OpenedAt, ID: last.ID})
	}
	at := now(s.Time)
	for _, t := range tasks {
		it := InboxItem{InboxTask: t, AssigneeName: names.User(t.Assignee), Department: names.Department(t.Department),
			Subject: t.Case.Subject(), NextStep: NextStep(t, r.User.ID)}
		if t.Assignee == "" {
			it.AssigneeName = ""
		}
		if ck, ok := deadline.ForTask(t.Task); ok && !t.Status.Done() {
			if it.Clock, _, err = readClock(ck, cal, at); err != nil {
				return out, err
			}
		}
		out.Tasks = append(out.Tasks, it)
	}
	out.Total = total
	return out, nil
}

// NextStep says what happens next to a task, for the reviewer reading it.
func NextStep(t haoban.InboxTask, me string) string {
	switch {
	case t.Status == haoban.TaskPending:
		return "等待前置事项办结"
	case t.Status == haoban.TaskOpen:
		return "待认领"
	case t.Status == haoban.TaskAwaitingSupplement:
		return "等待申请人补正"
	case t.Status == haoban.TaskClaimed && t.Assignee != me:
		return "由其他审查人员办理"
	case t.Status == haoban.TaskClaimed && t.Returned:
		return "审查补正内容，作出决定"
	case t.Status == haoban.TaskClaimed:
		return "审查并作出决定"
	}
	return "已办结"
}
