package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"haoban"
	"haoban/app"
)

// manyTasks adds n open business-licence tasks of samr, in n cases, some
// opened at the same instant so that the ID breaks the tie.
func manyTasks(s *store, n int) {
	for i := range n {
		c := s.restaurantCase(fmt.Sprintf("m%03d", i))
		opened := clock.T.Add(-time.Duration(i/3) * time.Hour)
		c.Tasks[0].OpenedAt = &opened
		s.cases[c.ID] = c
	}
}

func TestTaskInbox(t *testing.T) {
	ctx := context.Background()
	t.Run("EveryPageEveryTaskOnce", func(t *testing.T) {
		ts, s, _ := tasks(t)
		manyTasks(s, 11)
		seen := map[string]int{}
		cursor, pages := "", 0
		for {
			page, err := ts.Inbox(ctx, as(t, s, "reviewer-samr"), app.InboxQuery{Status: "open", Page: haoban.PageRequest{Limit: 4, Cursor: cursor}})
			wantCode(t, err, "")
			if page.Total != 12 || len(page.Tasks) > 4 {
				t.Fatalf("page of %d, total %d", len(page.Tasks), page.Total)
			}
			for _, it := range page.Tasks {
				seen[it.ID]++
				if it.Department != "市场监督管理局" || it.Subject == "" || it.NextStep == "" {
					t.Fatalf("row %+v: want names, the subject and the next step", it)
				}
			}
			pages++
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(seen) != 12 || pages != 3 {
			t.Fatalf("%d tasks over %d pages: %v", len(seen), pages, seen)
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("%s seen %d times", id, n)
			}
		}
	})
	t.Run("ViewsAndCounts", func(t *testing.T) {
		ts, s, _ := tasks(t)
		manyTasks(s, 2)
		r := as(t, s, "reviewer-samr")
		if _, err := ts.Claim(ctx, r, "c1.business-licence"); err != nil {
			t.Fatal(err)
		}
		mine, err := ts.Inbox(ctx, r, app.InboxQuery{Show: "mine"})
		if err != nil || len(mine.Tasks) != 1 || mine.Counts.Mine != 1 || mine.Counts.Unclaimed != 2 || mine.Tasks[0].NextStep != "审查并作出决定" {
			t.Fatalf("mine %+v, %v", mine, err)
		}
		open, err := ts.Inbox(ctx, r, app.InboxQuery{Show: "unclaimed"})
		if err != nil || open.Total != 2 || open.Tasks[0].NextStep != "待认领" {
			t.Fatalf("unclaimed %+v, %v", open, err)
		}
	})
	t.Run("ErrUnknownView", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Inbox(ctx, as(t, s, "reviewer-samr"), app.InboxQuery{Show: "everything"})
		if field := wantCode(t, err, haoban.EINVALID); field != "query.show" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrForeignCursor", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Inbox(ctx, as(t, s, "reviewer-samr"), app.InboxQuery{Page: haoban.PageRequest{Cursor: "!!"}})
		wantCode(t, err, haoban.EINVALID)
	})
}

func TestNextStep(t *testing.T) {
	for _, tc := range []struct {
		task haoban.InboxTask
		want string
	}{
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskPending}}, "等待前置事项办结"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskOpen}}, "待认领"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskClaimed, Assignee: "me"}}, "审查并作出决定"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskClaimed, Assignee: "me"}, Returned: true}, "审查补正内容，作出决定"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskClaimed, Assignee: "other"}}, "由其他审查人员办理"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskAwaitingSupplement}}, "等待申请人补正"},
		{haoban.InboxTask{Task: haoban.Task{Status: haoban.TaskRejected}}, "已办结"},
	} {
		if got := app.NextStep(tc.task, "me"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.task.Status, got, tc.want)
		}
	}
}

// A decision that is not complete is refused at its control, before the
// workflow hears of it: a reject without a reason never becomes anything.
func TestDecisionNamesTheControl(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name        string
		in          app.Decision
		code, field string
	}{
		{"ErrNoDecision", app.Decision{}, haoban.EINVALID, "body.decision"},
		{"ErrRejectWithoutReason", app.Decision{Decision: haoban.DecisionReject, Comment: "  "}, haoban.EINVALID, "body.comment"},
		{"ErrSupplementOfNothing", app.Decision{Decision: haoban.DecisionSupplement}, haoban.EUNPROCESSABLE, "body.missing"},
		{"ErrSupplementWithoutReason", app.Decision{Decision: haoban.DecisionSupplement,
			Missing: []haoban.Missing{{Kind: haoban.MissingMaterial, Key: "layout"}}}, haoban.EUNPROCESSABLE, "body.missing[0].reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, s, f := tasks(t)
			r := as(t, s, "reviewer-samr")
			if _, err := ts.Claim(ctx, r, "c1.business-licence"); err != nil {
				t.Fatal(err)
			}
			_, err := ts.Decide(ctx, r, "c1.business-licence", "k", tc.in)
			if field := wantCode(t, err, tc.code); field != tc.field {
				t.Fatalf("field %q, want %q", field, tc.field)
			}
			if len(f.calls) != 1 {
				t.Fatalf("the workflow was asked: %v", f.calls)
			}
		})
	}
}
