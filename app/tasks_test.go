package app_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/workflows"
)

func tasks(t *testing.T) (*app.Tasks, *store, *flow) {
	s, f := newStore(), &flow{}
	s.restaurantCase("c1")
	// The workflow's part: a claim assigns, a decision decides.
	f.apply = func(name string, in any) {
		switch in := in.(type) {
		case workflows.ClaimInput:
			task, _ := s.FindTask(context.Background(), in.TaskID)
			task.Status, task.Assignee = haoban.TaskClaimed, in.Reviewer
			s.setTask(task)
		case workflows.DecideInput:
			task, _ := s.FindTask(context.Background(), in.TaskID)
			task.Status = haoban.TaskApproved
			s.setTask(task)
		case workflows.ReleaseInput:
			task, _ := s.FindTask(context.Background(), in.TaskID)
			task.Status, task.Assignee = haoban.TaskOpen, ""
			s.setTask(task)
		}
	}
	return &app.Tasks{Store: s, Flow: f, Authz: authz(t), Time: clock}, s, f
}

func TestTaskActions(t *testing.T) {
	ctx := context.Background()
	t.Run("ErrUnknownStatus", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Inbox(ctx, as(t, s, "reviewer-samr"), app.InboxQuery{Status: "open,done"})
		if field := wantCode(t, err, haoban.EINVALID); field != "query.status" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrClaimForAnotherDepartment", func(t *testing.T) {
		ts, s, f := tasks(t)
		_, err := ts.Claim(ctx, as(t, s, "reviewer-fire"), "c1.business-licence")
		wantCode(t, err, haoban.EFORBIDDEN)
		if len(f.calls) != 0 {
			t.Fatalf("the workflow was asked: %v", f.calls)
		}
	})
	t.Run("ErrApplicantClaims", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Claim(ctx, as(t, s, "li-na"), "c1.business-licence")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
	t.Run("ClaimAndDecideOnce", func(t *testing.T) {
		ts, s, f := tasks(t)
		r := as(t, s, "reviewer-samr")
		if task, err := ts.Claim(ctx, r, "c1.business-licence"); err != nil || task.Assignee != "reviewer-samr" {
			t.Fatalf("claim: %+v, %v", task, err)
		}
		d := app.Decision{Decision: approve, Comment: "材料齐全"}
		first, err := ts.Decide(ctx, r, "c1.business-licence", "k1", d)
		wantCode(t, err, "")
		again, err := ts.Decide(ctx, r, "c1.business-licence", "k1", d)
		if err != nil || again.Status != first.Status || strings.Count(strings.Join(f.calls, ","), "decide") != 1 {
			t.Fatalf("retry answered %+v, %v; calls %v", again, err, f.calls)
		}
		_, err = ts.Decide(ctx, r, "c1.business-licence", "k1", app.Decision{Decision: haoban.DecisionReject, Comment: "不符"})
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrUnknownDecision", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Decide(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", "k", app.Decision{Decision: "maybe"})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "decision" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrCommentTooLong", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.AddComment(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.NewComment{Body: strings.Repeat("长", 2001)})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		_, err = ts.AddComment(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.NewComment{Body: "   "})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if len(s.comments) != 0 {
			t.Fatal("a refused comment was stored")
		}
	})
	t.Run("CommentAudited", func(t *testing.T) {
		ts, s, _ := tasks(t)
		c, err := ts.AddComment(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.NewComment{Body: "请核对租赁合同"})
		if err != nil || c.Author != "reviewer-samr" || len(s.audits) != 1 || s.audits[0].RequestID != "req-1" {
			t.Fatalf("comment %+v, %v; audits %+v", c, err, s.audits)
		}
	})
	t.Run("CommentMentionsColleaguesWhoMayReadTheTask", func(t *testing.T) {
		ts, s, _ := tasks(t)
		body := "@王磊 请复核；@周敏 知悉。@reviewer-fire @李娜 @reviewer-samr"
		if _, err := ts.AddComment(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.NewComment{Body: body}); err != nil {
			t.Fatal(err)
		}
		// Not the fire department's reviewer, the applicant or the author.
		if !slices.Equal(s.mentioned, []string{"reviewer-samr-2", "supervisor"}) {
			t.Fatalf("mentioned %v", s.mentioned)
		}
	})
	t.Run("ErrReassignToAnotherDepartment", func(t *testing.T) {
		ts, s, _ := tasks(t)
		_, err := ts.Reassign(ctx, as(t, s, "supervisor"), "c1.business-licence", app.Reassign{UserID: "reviewer-fire"})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.user_id" {
			t.Fatalf("field %q", field)
		}
		_, err = ts.Reassign(ctx, as(t, s, "reviewer-samr"), "c1.business-licence", app.Reassign{UserID: "reviewer-samr"})
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}

const approve = haoban.DecisionApprove

// Release returns a claimed task to its department's pool.
func TestRelease(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ name, user, code string }{
		{"ByReviewer", "reviewer-samr", ""},
		{"BySupervisor", "supervisor", ""}, // the workflow lets a supervisor release anyone's
		{"ErrByReviewerOfAnotherDepartment", "reviewer-fire", haoban.EFORBIDDEN},
		{"ErrByApplicant", "li-na", haoban.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, s, f := tasks(t)
			_, err := ts.Claim(ctx, as(t, s, "reviewer-samr"), "c1.business-licence")
			wantCode(t, err, "")
			task, err := ts.Release(ctx, as(t, s, tc.user), "c1.business-licence")
			if wantCode(t, err, tc.code); tc.code != "" {
				if len(f.calls) != 1 {
					t.Fatalf("the workflow was asked: %v", f.calls)
				}
				return
			}
			if task.Status != haoban.TaskOpen || task.Assignee != "" || f.calls[1] != "release" {
				t.Fatalf("task %+v, calls %v", task, f.calls)
			}
		})
	}
	t.Run("SaysWhoAndInWhatRole", func(t *testing.T) {
		ts, s, f := tasks(t)
		var got []workflows.ReleaseInput
		f.apply = func(_ string, in any) { got = append(got, in.(workflows.ReleaseInput)) }
		for _, user := range []string{"reviewer-samr", "supervisor"} {
			_, err := ts.Release(ctx, as(t, s, user), "c1.business-licence")
			wantCode(t, err, "")
		}
		if len(got) != 2 || got[0].By != "reviewer-samr" || got[0].BySupervisor || got[1].By != "supervisor" || !got[1].BySupervisor {
			t.Fatalf("the workflow was given %+v", got)
		}
	})
	t.Run("ErrRefusedByTheWorkflow", func(t *testing.T) {
		// Whether the releaser holds the task is the workflow's to say.
		ts, s, f := tasks(t)
		f.err = haoban.Errorf(haoban.EFORBIDDEN, "只有办理人或督办人员可以退回该任务")
		_, err := ts.Release(ctx, as(t, s, "reviewer-samr-2"), "c1.business-licence")
		wantCode(t, err, haoban.EFORBIDDEN)
	})
}
