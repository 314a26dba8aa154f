package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
)

func supervision(t *testing.T) (*app.Supervision, *store, *flow) {
	ts, s, f := tasks(t)
	return &app.Supervision{Store: s, Tasks: ts, Flow: f, Time: clock}, s, f
}

func TestSupervision(t *testing.T) {
	ctx := context.Background()
	t.Run("BoardReadsEveryClock", func(t *testing.T) {
		sv, _, _ := supervision(t)
		b, err := sv.Board(ctx, "", "")
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
