package app_test

import (
	"context"
	"errors"
	"testing"

	"haoban"
	"haoban/app"
)

func asError(err error, target **haoban.Error) bool { return errors.As(err, target) }

func TestAdmin(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	a := &app.Admin{Store: s, Time: clock}
	t.Run("ErrDisableYourself", func(t *testing.T) {
		_, err := a.DisableUser(ctx, as(t, s, "admin"), "admin", app.Reason{Reason: "离职"})
		wantCode(t, err, haoban.ECONFLICT)
	})
	t.Run("ErrNoReason", func(t *testing.T) {
		_, err := a.DisableUser(ctx, as(t, s, "admin"), "reviewer-fire", app.Reason{})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("DisableAudited", func(t *testing.T) {
		u, err := a.DisableUser(ctx, as(t, s, "admin"), "reviewer-fire", app.Reason{Reason: "离职"})
		if err != nil || !u.Disabled || len(s.audits) == 0 || s.audits[len(s.audits)-1].Actor != "admin" {
			t.Fatalf("user %+v, %v, audits %+v", u, err, s.audits)
		}
	})
	t.Run("CalendarMissingYears", func(t *testing.T) {
		c, err := a.Calendar(ctx)
		if err != nil || len(c.Missing) != 2 || c.Missing[0] != 2026 {
			t.Fatalf("calendar %+v, %v", c, err)
		}
		c, err = a.LoadCalendarYear(ctx, as(t, s, "admin"), 2026, app.CalendarNotice{Source: "国办发明电〔2025〕7号"})
		if err != nil || len(c.Missing) != 1 || c.Missing[0] != 2027 {
			t.Fatalf("after loading 2026: %+v, %v", c, err)
		}
	})
	t.Run("ErrYearOutOfRange", func(t *testing.T) {
		_, err := a.LoadCalendarYear(ctx, as(t, s, "admin"), 1900, app.CalendarNotice{Source: "x"})
		wantCode(t, err, haoban.EUNPROCESSABLE)
	})
	t.Run("ErrSourceCodeMismatch", func(t *testing.T) {
		_, err := a.SaveSource(ctx, as(t, s, "admin"), "births", haoban.SourceInfo{Code: "population"})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "body.code" {
			t.Fatalf("field %q", field)
		}
	})
}

func TestAdminData(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	a := &app.Admin{Store: s, Time: clock}
	t.Run("Catalogue", func(t *testing.T) {
		list, err := a.Bundles(ctx)
		if err != nil || len(list) != 2 || list[0].Code != "open-restaurant" {
			t.Fatalf("bundles %d, %v", len(list), err)
		}
		b, err := a.Bundle(ctx, "newborn")
		if err != nil || b.Code != "newborn" || len(b.Items) == 0 {
			t.Fatalf("bundle %+v, %v", b, err)
		}
		_, err = a.Bundle(ctx, "no-such") // a path's code: 404, not 422
		wantCode(t, err, haoban.ENOTFOUND)
	})
	t.Run("EmptyListsAreNotNull", func(t *testing.T) {
		rules, err := a.LinkRules(ctx)
		if err != nil || rules == nil {
			t.Fatalf("link rules %#v, %v", rules, err)
		}
		sources, err := a.Sources(ctx)
		if err != nil || sources == nil {
			t.Fatalf("sources %#v, %v", sources, err)
		}
		users, err := a.Users(ctx)
		if err != nil || len(users) != len(s.users) {
			t.Fatalf("%d users, %v", len(users), err)
		}
	})
	t.Run("SaveLinkRuleAudited", func(t *testing.T) {
		fields := map[string]string{"enterprise.name": haoban.LinkAuto, "enterprise.address": haoban.LinkReview}
		list, err := a.SaveLinkRule(ctx, as(t, s, "admin"), "food-licence", app.LinkRuleFields{Fields: fields})
		if err != nil || len(list) != 1 || list[0].LicenceType != "food-licence" || list[0].Fields["enterprise.address"] != haoban.LinkReview {
			t.Fatalf("rules %+v, %v", list, err)
		}
		if last := s.audits[len(s.audits)-1]; last.Actor != "admin" || last.RequestID != "req-1" {
			t.Fatalf("audit %+v", last)
		}
	})
	t.Run("ErrUnknownHandling", func(t *testing.T) {
		// The store checks the rule (postgres.SaveLinkRule); the use case
		// passes its answer on and lists nothing new.
		n := len(s.linkRules)
		_, err := a.SaveLinkRule(ctx, as(t, s, "admin"), "fire-safety-cert", app.LinkRuleFields{Fields: map[string]string{"enterprise.name": "sometimes"}})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "fields.enterprise.name" || len(s.linkRules) != n {
			t.Fatalf("field %q, %d rules", field, len(s.linkRules))
		}
	})
	t.Run("EnableUser", func(t *testing.T) {
		r := as(t, s, "admin")
		_, err := a.DisableUser(ctx, r, "reviewer-fire", app.Reason{Reason: "休假"})
		wantCode(t, err, "")
		u, err := a.EnableUser(ctx, r, "reviewer-fire", app.Reason{Reason: "返岗"})
		if err != nil || u.Disabled || s.users["reviewer-fire"].Disabled || s.audits[len(s.audits)-1].Actor != "admin" {
			t.Fatalf("user %+v, %v", u, err)
		}
	})
	t.Run("ErrEnableWithoutReason", func(t *testing.T) {
		_, err := a.EnableUser(ctx, as(t, s, "admin"), "reviewer-fire", app.Reason{})
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "reason" {
			t.Fatalf("field %q", field)
		}
	})
	t.Run("ErrEnableNobody", func(t *testing.T) {
		_, err := a.EnableUser(ctx, as(t, s, "admin"), "nobody", app.Reason{Reason: "返岗"})
		wantCode(t, err, haoban.ENOTFOUND)
	})
}
