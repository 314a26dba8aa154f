package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/demo"
)

func cases(t *testing.T) (*app.Cases, *store, *flow) {
	s, f := newStore(), &flow{}
	return &app.Cases{Store: s, Flow: f, Authz: authz(t), Time: clock}, s, f
}

func TestCreateCase(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		c, s, f := cases(t)
		id, err := c.Create(ctx, as(t, s, "zhang-wei"), "k1", app.CreateCase{Bundle: "newborn", Form: demo.NewbornForm()})
		wantCode(t, err, "")
		if len(f.calls) != 1 || f.calls[0] != "start" || s.cases[id].Applicant != "zhang-wei" {
			t.Fatalf("calls %v, case %+v", f.calls, s.cases[id])
		}
		again, err := c.Create(ctx, as(t, s, "zhang-wei"), "k1", app.CreateCase{Bundle: "newborn", Form: demo.NewbornForm()})
		if err != nil || again != id {
			t.Fatalf("a retry made case %s (%v), want %s", again, err, id)
		}
	})
	t.Run("ErrSecondForTheSameSubjectUnconfirmed", func(t *testing.T) {
		c, s, _ := cases(t)
		in := app.CreateCase{Bundle: "newborn", Form: demo.NewbornForm()}
		first, err := c.Create(ctx, as(t, s, "zhang-wei"), "k1", in)
		wantCode(t, err, "")
		_, err = c.Create(ctx, as(t, s, "zhang-wei"), "k2", in)
		if field := wantCode(t, err, haoban.ECONFLICT); field != "body.confirm_duplicate" || !strings.Contains(err.Error(), first) {
			t.Fatalf("field %q, %v", field, err)
		}
		if again, err := c.Create(ctx, as(t, s, "zhang-wei"), "k1", in); err != nil || again != first {
			t.Fatalf("a retry of the first is not a second application: %s, %v", again, err)
		}
		in.ConfirmDuplicate = true
		second, err := c.Create(ctx, as(t, s, "zhang-wei"), "k2", in)
		if err != nil || second == first || len(s.created) != 2 {
			t.Fatalf("confirmed second: %s, %v, %d cases", second, err, len(s.created))
		}
	})
	t.Run("ErrUnknownBundle", func(t *testing.T) {
		c, s, _ := cases(t)
		_, err := c.Create(ctx, as(t, s, "li-na"), "k", app.CreateCase{Bundle: "no-such"})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.bundle" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrEveryMissingFieldAtOnce", func(t *testing.T) {
		c, s, f := cases(t)
		_, err := c.Create(ctx, as(t, s, "li-na"), "k", app.CreateCase{Bundle: "newborn", Form: map[string]any{"child.name": "张小满"}})
		wantCode(t, err, haoban.EUNPROCESSABLE)
		if n := len(haoban.ErrorDetails(err)); n < 10 || len(s.created) != 0 || len(f.calls) != 0 {
			t.Fatalf("%d problems, %d cases, calls %v", n, len(s.created), f.calls)
		}
	})
	t.Run("ErrBundleCodeTooLong", func(t *testing.T) {
		c, s, _ := cases(t)
		long := make([]byte, 101)
		for i := range long {
			long[i] = 'a'
		}
		_, err := c.Create(ctx, as(t, s, "li-na"), "k", app.CreateCase{Bundle: string(long)})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "bundle" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrWorkflowDidNotStart", func(t *testing.T) {
		c, s, f := cases(t)
		f.err = errors.New("temporal down")
		_, err := c.Create(ctx, as(t, s, "zhang-wei"), "k", app.CreateCase{Bundle: "newborn", Form: demo.NewbornForm()})
		wantCode(t, err, haoban.EUNAVAILABLE)
	})
}

func TestReadCases(t *testing.T) {
	ctx := context.Background()
	c, s, _ := cases(t)
	s.restaurantCase("c1")
	for _, tc := range []struct {
		name, user, code string
	}{
		{"OwnerReads", "li-na", ""},
		{"ReviewerOfItsDepartmentReads", "reviewer-fire", ""},
		{"SupervisorReads", "supervisor", ""},
		{"ErrOtherApplicant", "zhang-wei", haoban.ENOTFOUND},
		{"ErrReviewerOfAnotherDepartment", "reviewer-health", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := c.Get(ctx, as(t, s, tc.user), "c1")
			wantCode(t, err, tc.code)
			if tc.code == "" && (v.ID != "c1" || v.Clock == nil && v.ClockWarning == "") {
				t.Fatalf("view %+v", v)
			}
		})
	}
	t.Run("ApplicantListsOwnOnly", func(t *testing.T) {
		list, err := c.List(ctx, as(t, s, "zhang-wei"), app.CaseQuery{})
		if err != nil || len(list.Cases) != 0 || list.Total != 0 {
			t.Fatalf("zhang-wei lists %v, %v", list, err)
		}
	})
	t.Run("ErrApplicantReadsAudit", func(t *testing.T) {
		_, err := c.Audit(ctx, as(t, s, "li-na"), "c1")
		wantCode(t, err, haoban.ENOTFOUND)
		entries, err := c.Audit(ctx, as(t, s, "reviewer-samr"), "c1")
		if err != nil || len(entries) != 1 {
			t.Fatalf("reviewer reads %v, %v", entries, err)
		}
	})
}

func TestWithdrawAndSupplement(t *testing.T) {
	ctx := context.Background()
	c, s, f := cases(t)
	s.restaurantCase("c1")
	t.Run("ErrNoReason", func(t *testing.T) {
		_, err := c.Withdraw(ctx, as(t, s, "li-na"), "c1", app.Withdraw{})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrNotOwnCase", func(t *testing.T) {
		_, err := c.Withdraw(ctx, as(t, s, "zhang-wei"), "c1", app.Withdraw{Reason: "不办了"})
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("ErrMaterialOfAnotherCase", func(t *testing.T) {
		_, err := c.Supplement(ctx, as(t, s, "li-na"), "c1", "k", app.Supplement{TaskID: "c1.business-licence", Materials: []string{"m-9"}})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.materials" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrUnknownTask", func(t *testing.T) {
		_, err := c.Supplement(ctx, as(t, s, "li-na"), "c1", "k", app.Supplement{TaskID: "c1.nothing"})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.task_id" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("OK", func(t *testing.T) {
		_, err := c.Supplement(ctx, as(t, s, "li-na"), "c1", "k", app.Supplement{TaskID: "c1.business-licence",
			Form: map[string]any{"enterprise.name": "上海好味餐饮有限公司"}})
		wantCode(t, err, "")
		if f.calls[len(f.calls)-1] != "supplement" {
			t.Fatalf("calls %v", f.calls)
		}
	})
	t.Run("ErrClosed", func(t *testing.T) {
		k := s.cases["c1"]
		k.Status = haoban.CaseCompleted
		s.cases["c1"] = k
		_, err := c.Withdraw(ctx, as(t, s, "li-na"), "c1", app.Withdraw{Reason: "不办了"})
		wantCode(t, err, haoban.ECONFLICT)
	})
}
