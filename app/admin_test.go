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
