package app_test

import (
	"context"
	"errors"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/riskmodel"
)

// taskPage is every use case on the fakes, as app.New wires them.
func taskPage(t *testing.T) (*app.App, *store) {
	s := newStore()
	s.restaurantCase("c1")
	s.comments = []haoban.Comment{{TaskID: "c1.business-licence", Body: "请核对租赁合同"}, {TaskID: "c1.food-licence", Body: "另一项"}}
	return app.New(app.Deps{Store: s, Flow: &flow{}, Authz: authz(t), Time: clock}), s
}

var errModels = errors.New("models table unreadable")

// brokenModels is the store with its models out of reach.
type brokenModels struct{ *store }

func (brokenModels) ActiveModel(context.Context, string) (riskmodel.Record, error) {
	return riskmodel.Record{}, errModels
}

func TestTaskPage(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		a, s := taskPage(t)
		p, err := a.TaskPage(ctx, as(t, s, "reviewer-samr"), "c1.business-licence")
		wantCode(t, err, "")
		if p.Task.ID != "c1.business-licence" || p.Task.Clock == nil && p.Task.ClockWarning == "" {
			t.Fatalf("task %+v: want it with its clock", p.Task)
		}
		if p.Case.ID != "c1" || p.Bundle.Code != "open-restaurant" || len(p.Comments) != 1 || p.Comments[0].Body != "请核对租赁合同" {
			t.Fatalf("case %s, bundle %s, comments %+v", p.Case.ID, p.Bundle.Code, p.Comments)
		}
		if p.Risk != nil {
			t.Fatalf("risk %+v: the item has no model, so no advice", p.Risk)
		}
	})
	t.Run("WithTheModelsAdvice", func(t *testing.T) {
		a, s := taskPage(t)
		s.models = map[string]riskmodel.Record{"food-licence": foodModel}
		p, err := a.TaskPage(ctx, as(t, s, "reviewer-samr"), "c1.food-licence")
		wantCode(t, err, "")
		if p.Risk == nil || p.Risk.Item != "food-licence" || p.Risk.Version != foodModel.Version || p.Task.ID != "c1.food-licence" {
			t.Fatalf("task %s, risk %+v", p.Task.ID, p.Risk)
		}
	})
	t.Run("ErrModelsUnreadable", func(t *testing.T) {
		// Only a missing model means no advice; a failing store is an error.
		_, s := taskPage(t)
		a := app.New(app.Deps{Store: brokenModels{s}, Flow: &flow{}, Authz: authz(t), Time: clock})
		_, err := a.TaskPage(ctx, as(t, s, "reviewer-samr"), "c1.food-licence")
		if !errors.Is(err, errModels) {
			t.Fatalf("error %v", err)
		}
	})
	for _, tc := range []struct{ name, user, task, code string }{
		{"ErrReviewerOfAnotherDepartment", "reviewer-fire", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrApplicant", "li-na", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrOtherApplicant", "zhang-wei", "c1.business-licence", haoban.EFORBIDDEN},
		// The page is the reviewers' desk (the route asks task:claim too);
		// supervisors act from the board.
		{"ErrSupervisor", "supervisor", "c1.business-licence", haoban.EFORBIDDEN},
		{"ErrNoSuchTask", "reviewer-samr", "c1.nothing", haoban.ENOTFOUND},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, s := taskPage(t)
			p, err := a.TaskPage(ctx, as(t, s, tc.user), tc.task)
			if wantCode(t, err, tc.code); p.Case.ID != "" || p.Comments != nil {
				t.Fatalf("a refused page carries %s and %v", p.Case.ID, p.Comments)
			}
		})
	}
}
