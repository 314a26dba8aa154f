package app_test

import (
	"context"
	"strings"
	"testing"

	"haoban"
	"haoban/app"
	"haoban/deadline"
)

func TestCalendarText(t *testing.T) {
	ctx := context.Background()
	s := newStore()
	a := &app.Admin{Store: s, Time: clock}
	t.Run("BuiltinWhenNotLoaded", func(t *testing.T) {
		text := app.CalendarTextOf(app.Calendar{}, 2027, false)
		if !text.Builtin || !strings.Contains(text.Days, "2027-02-") || !strings.Contains(text.Source, "lunar-go") {
			t.Fatalf("%+v", text)
		}
	})
	t.Run("ErrEveryBadLineListed", func(t *testing.T) {
		_, err := a.LoadCalendarText(ctx, as(t, s, "admin"), 2027, "国办发明电", "2027-02-30 春节 休\nnonsense\n2027-10-01 国庆节 休")
		if field := wantCode(t, err, haoban.EUNPROCESSABLE); field != "days" || len(haoban.ErrorDetails(err)) != 2 || len(s.years) != 0 {
			t.Fatalf("field %q, details %v, years loaded %d", field, haoban.ErrorDetails(err), len(s.years))
		}
	})
	t.Run("LoadedYearReadBack", func(t *testing.T) {
		cal, err := a.LoadCalendarText(ctx, as(t, s, "admin"), 2027, "国办发明电", "2027-10-01 国庆节 休\n2027-09-26 国庆节 班")
		wantCode(t, err, "")
		text := app.CalendarTextOf(cal, 2027, false)
		if text.Source != "国办发明电" || !strings.Contains(text.Days, "2027-09-26") || strings.Contains(text.Days, "2027-02-") {
			t.Fatalf("%+v", text)
		}
		if s.audits[len(s.audits)-1].Actor != "admin" {
			t.Fatalf("not audited: %+v", s.audits)
		}
	})
}

func TestNeedsAttention(t *testing.T) {
	running := func(left int) deadline.Status { return deadline.Status{State: deadline.Running, Remaining: left} }
	for _, tc := range []struct {
		name string
		task app.BoardTask
		want bool
	}{
		{"PlentyOfTime", app.BoardTask{Risk: "ok", Clock: running(4)}, false},
		{"ThreeDaysLeft", app.BoardTask{Risk: "ok", Clock: running(3)}, true},
		{"AtRisk", app.BoardTask{Risk: "at_risk", Clock: running(8)}, true},
		{"Paused", app.BoardTask{Risk: "ok", Clock: deadline.Status{State: deadline.Paused, Remaining: 8}}, true},
	} {
		if got := tc.task.NeedsAttention(); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
