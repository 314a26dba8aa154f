package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/riskmodel"
	"haoban/rules"
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
	t.Run("SupervisorReadsOnly", func(t *testing.T) {
		a, s := taskPage(t)
		p, err := a.TaskPage(ctx, as(t, s, "supervisor"), "c1.business-licence")
		wantCode(t, err, "")
		if p.CanAct || p.Task.ID != "c1.business-licence" {
			t.Fatalf("supervisor's page: can act %v, task %s", p.CanAct, p.Task.ID)
		}
		if r, _ := a.TaskPage(ctx, as(t, s, "reviewer-samr"), "c1.business-licence"); !r.CanAct {
			t.Fatal("the department's reviewer cannot act on the page")
		}
	})
	t.Run("OnlyTheItemsFieldsRulesInWordsAndWhatChanged", func(t *testing.T) {
		a, s := taskPage(t)
		c := s.cases["c1"]
		c.Prereview = map[string]any{"results": []any{
			map[string]any{"rule": "capital-positive", "item": "business-licence", "outcome": "passed", "severity": "blocking"},
			map[string]any{"rule": "other", "item": "food-licence", "outcome": "failed", "message": "别的事项"}}}
		c.Events = []haoban.Event{{Type: haoban.EventSupplementReceived, Detail: map[string]any{"task": "c1.business-licence",
			"changes":   []any{map[string]any{"key": "enterprise.name", "before": "好味", "after": "上海好味餐饮有限公司"}},
			"materials": []any{"layout"}}}}
		s.cases["c1"] = c
		s.rules = []rules.Rule{{ID: "r1", Version: 1, Code: "capital-positive", Item: "business-licence", Message: "注册资本应大于零"}}
		p, err := a.TaskPage(ctx, as(t, s, "reviewer-samr"), "c1.business-licence")
		wantCode(t, err, "")
		item, _ := p.Bundle.Item("business-licence")
		if len(p.Item.Fields) != len(item.Fields) || len(p.Item.Fields) >= len(p.Bundle.Fields()) {
			t.Fatalf("%d fields of the bundle's %d: want the item's %d", len(p.Item.Fields), len(p.Bundle.Fields()), len(item.Fields))
		}
		if len(p.Rules) != 1 || p.Rules[0].Message != "注册资本应大于零" {
			t.Fatalf("rules %+v: want the item's passed rule by its message", p.Rules)
		}
		if len(p.Answers) != 1 || p.Answers[0].Changes[0].Label == "enterprise.name" || p.Answers[0].Changes[0].After != "上海好味餐饮有限公司" ||
			len(p.Answers[0].Materials) != 1 || p.Answers[0].Materials[0] == "layout" {
			t.Fatalf("answers %+v: want labels, before and after, material names", p.Answers)
		}
		if p.Names.User("system") != "系统自动" || p.Names.Department("samr") == "samr" {
			t.Fatal("names read as codes")
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
		for _, f := range p.Factors {
			if !strings.Contains(f.Text, "风险") || strings.Contains(f.Text, "_") {
				t.Fatalf("factor %q: want it in words", f.Text)
			}
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
