package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

func supervision(t *testing.T) (*app.Supervision, *store, *flow) {
	ts, s, f := tasks(t)
	return &app.Supervision{Store: s, Tasks: ts, Flow: f, Time: clock}, s, f
}

func TestSupervision(t *testing.T) {
	ctx := context.Background()
	t.Run("BoardReadsEveryClock", func(t *testing.T) {
		sv, _, _ := supervision(t)
		b, err := sv.Board(ctx, "", "", haoban.PageRequest{})
		if err != nil || len(b.Tasks) == 0 || b.Tasks[0].Clock.Budget == 0 {
			t.Fatalf("board %+v, %v", b, err)
		}
	})
	t.Run("RemindTheDepartmentWhileUnclaimed", func(t *testing.T) {
		sv, s, _ := supervision(t)
		_, err := sv.Remind(ctx, as(t, s, "supervisor"), "c1.business-licence")
		if err != nil || len(s.delivered) == 0 {
			t.Fatalf("delivered %+v, %v", s.delivered, err)
		}
		for _, n := range s.delivered {
			if s.users[n.UserID].Department != "samr" || n.Kind != "remind" {
				t.Fatalf("reminded %s of %s", n.UserID, s.users[n.UserID].Department)
			}
		}
	})
	t.Run("ErrRemindAPendingTask", func(t *testing.T) {
		sv, s, _ := supervision(t)
		_, err := sv.Remind(ctx, as(t, s, "supervisor"), "c1.food-licence")
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrReviewerExtends", func(t *testing.T) {
		sv, s, _ := supervision(t)
		_, err := sv.Extend(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.Extension{Days: 3, Reason: "现场核查"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ErrExtensionPastTheLegalCap", func(t *testing.T) {
		sv, s, f := supervision(t)
		_, err := sv.Extend(ctx, as(t, s, "supervisor"), "c1.business-licence", app.Extension{Days: 11, Reason: "现场核查"})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if len(f.calls) != 0 {
			t.Fatalf("the workflow was asked: %v", f.calls)
		}
	})
	t.Run("ErrSuspendForNoLegalReason", func(t *testing.T) {
		sv, s, _ := supervision(t)
		_, err := sv.Suspend(ctx, as(t, s, "supervisor"), "c1.business-licence", app.Suspension{Reason: "lunch"})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrStatsWithABadDate", func(t *testing.T) {
		sv, _, _ := supervision(t)
		_, err := sv.DeadlineStats(ctx, "2026/03/01", "", "")
		if field := wantCode(t, err, haoban.EINVALID); field != "query.from" {
			t.Fatalf("field %q", field)
		}
		st, err := sv.DeadlineStats(ctx, "", "", "")
		if err != nil || st.From != "2026-03-01" || st.To != "2026-03-03" {
			t.Fatalf("this month: %+v, %v", st, err)
		}
	})
}

func TestResume(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		sv, s, f := supervision(t)
		var got workflows.ResumeInput
		f.apply = func(_ string, in any) { got = in.(workflows.ResumeInput) }
		task, err := sv.Resume(ctx, as(t, s, "supervisor"), "c1.business-licence")
		wantCode(t, err, "")
		if task.ID != "c1.business-licence" || len(f.calls) != 1 || f.calls[0] != "resume" {
			t.Fatalf("task %+v, calls %v", task, f.calls)
		}
		if got.TaskID != task.ID || got.By != "supervisor" || got.Meta.Role != haoban.RoleSupervisor || got.Meta.RequestID != "req-1" {
			t.Fatalf("the workflow was given %+v", got)
		}
	})
	for _, tc := range []struct{ name, user, task, code string }{
		// Who may suspend may resume: the supervisors, not the reviewers.
		{"ErrReviewer", "reviewer-samr", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrApplicant", "li-na", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrNoSuchTask", "supervisor", "c1.nothing", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sv, s, f := supervision(t)
			_, err := sv.Resume(ctx, as(t, s, tc.user), tc.task)
			if wantCode(t, err, tc.code); len(f.calls) != 0 {
				t.Fatalf("the workflow was asked: %v", f.calls)
			}
		})
	}
	t.Run("ErrClockRunning", func(t *testing.T) {
		// The workflow refuses a clock that is not paused; its answer stands.
		sv, s, f := supervision(t)
		f.err = haoban.Errorf(haoban.ECONFLICT, "该任务的计时正在运行，无需恢复")
		_, err := sv.Resume(ctx, as(t, s, "supervisor"), "c1.business-licence")
		wantCode(t, err, haoban.ECONFLICT)
	})
}
