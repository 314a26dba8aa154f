package app_test

import (
	"context"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/rules"
)

// compiler refuses what does not read as a boolean, as the engine does.
type compiler struct{}

func (compiler) Compile(r rules.Rule) error {
	if r.Expression == "1 + 1" {
		return haoban.FieldErrorf(haoban.EUNPROCESSABLE, "body.expression", "结果不是布尔值")
	}
	return nil
}

func TestRules(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	rs := &app.Rules{Store: s, Compiler: compiler{}, Time: clock}
	body := app.RuleBody{Item: "food-licence", Code: "area", Expression: "form['premises.area'] > 0", Message: "请填写面积",
		Severity: rules.SeverityBlocking, EffectiveFrom: "2026-01-01"}
	r, err := rs.Create(ctx, as(t, s, "admin"), body)
	if err != nil || r.Version != 1 || len(s.audits) != 1 {
		t.Fatalf("created %+v, %v", r, err)
	}
	t.Run("ErrUnknownItem", func(t *testing.T) {
		b := body
		b.Item = "no-such"
		_, err := rs.Create(ctx, as(t, s, "admin"), b)
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.item" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrDoesNotCompile", func(t *testing.T) {
		b := body
		b.Expression = "1 + 1"
		_, err := rs.Create(ctx, as(t, s, "admin"), b)
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrBadDate", func(t *testing.T) {
		b := body
		b.EffectiveFrom = "2026-13-40"
		_, err := rs.Create(ctx, as(t, s, "admin"), b)
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "effective_from" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrChangeTheCode", func(t *testing.T) {
		b := body
		b.Code = "other"
		_, err := rs.Update(ctx, as(t, s, "admin"), r.ID, b)
		wantCode(t, err, haoban.EUNPROCESSABLE)
		again, err := rs.Update(ctx, as(t, s, "admin"), r.ID, body)
		if err != nil || again.Version != 2 {
			t.Fatalf("new version %+v, %v", again, err)
		}
	})
}

func TestRuleReads(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	rs := &app.Rules{Store: s, Compiler: compiler{}, Time: clock}
	r := as(t, s, "admin")
	area := app.RuleBody{Item: "food-licence", Code: "area", Expression: "form['premises.area'] > 0", Message: "请填写面积",
		Severity: rules.SeverityBlocking, EffectiveFrom: "2026-01-01"}
	capital := app.RuleBody{Item: "business-licence", Code: "capital", Expression: "form['enterprise.capital'] > 0",
		Message: "请填写注册资本", Severity: rules.SeverityWarning, EffectiveFrom: "2026-01-01"}
	first, err := rs.Create(ctx, r, area)
	wantCode(t, err, "")
	_, err = rs.Create(ctx, r, capital)
	wantCode(t, err, "")
	area.Message = "请填写经营场所面积"
	_, err = rs.Update(ctx, r, first.ID, area)
	wantCode(t, err, "")
	t.Run("ListCurrentVersions", func(t *testing.T) {
		list, err := rs.List(ctx, "")
		if err != nil || len(list) != 2 {
			t.Fatalf("%d rules, %v", len(list), err)
		}
		one, err := rs.List(ctx, "food-licence")
		if err != nil || len(one) != 1 || one[0].Version != 2 || one[0].Message != "请填写经营场所面积" {
			t.Fatalf("food-licence rules %+v, %v", one, err)
		}
	})
	t.Run("ListOfAnItemWithoutRules", func(t *testing.T) {
		list, err := rs.List(ctx, "signage")
		if err != nil || list == nil || len(list) != 0 {
			t.Fatalf("rules %#v, %v: want an empty list, not null", list, err)
		}
	})
	t.Run("HistoryNewestFirst", func(t *testing.T) {
		h, err := rs.History(ctx, first.ID)
		if err != nil || len(h) != 2 || h[0].Version != 2 || h[1].Version != 1 || h[1].Message != "请填写面积" {
			t.Fatalf("history %+v, %v", h, err)
		}
	})
	t.Run("ErrHistoryOfNoRule", func(t *testing.T) {
		_, err := rs.History(ctx, "no-such")
		wantCode(t, err, haoban.ENOTFOUND)
	})
}
