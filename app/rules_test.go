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
