package deadline_test

import (
	"testing"
	"time"

	"haoban/calendar"
	"haoban/deadline"
)

func cal(t *testing.T) *calendar.Calendar {
	t.Helper()
	c, err := calendar.BuiltinCalendar()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr(t time.Time) *time.Time { return &t }

func TestRead(t *testing.T) {
	c := cal(t)
	start := at("2026-03-03 10:00") // a Tuesday
	supplement := []deadline.Pause{{Reason: deadline.ReasonSupplement, From: at("2026-03-10 14:00"), To: ptr(at("2026-03-16 09:00"))}}
	for _, tc := range []struct {
		name      string
		clock     deadline.Clock
		now       string
		state     deadline.State
		remaining int
		due       string
	}{
		{"JustAccepted", deadline.Clock{Budget: 20, Start: start}, "2026-03-03 10:00", deadline.Running, 20, "2026-03-31"},
		{"NextDay", deadline.Clock{Budget: 20, Start: start}, "2026-03-04 09:00", deadline.Running, 19, "2026-03-31"},
		{"LastDay", deadline.Clock{Budget: 20, Start: start}, "2026-03-31 17:00", deadline.Running, 0, "2026-03-31"},
		{"Overdue", deadline.Clock{Budget: 20, Start: start}, "2026-04-01 09:00", deadline.Overdue, -1, "2026-03-31"},
		{"Paused", deadline.Clock{Budget: 20, Start: start, Pauses: []deadline.Pause{{Reason: deadline.ReasonSupplement, From: at("2026-03-10 14:00")}}},
			"2026-03-20 09:00", deadline.Paused, 15, ""},
		// Four working days waiting for the applicant (11, 12, 13 and the
		// resumption day 16) move the due date four working days, across Qingming.
		{"ResumedProjectsAgain", deadline.Clock{Budget: 20, Start: start, Pauses: supplement}, "2026-03-16 09:00", deadline.Running, 15, "2026-04-07"},
		{"ExtendedByTen", deadline.Clock{Budget: 30, Start: start}, "2026-04-01 09:00", deadline.Running, 9, "2026-04-15"},
		{"MetBeforeDue", deadline.Clock{Budget: 20, Start: start, StoppedAt: ptr(at("2026-03-31 16:00"))}, "2026-05-01 09:00", deadline.Met, 0, "2026-03-31"},
		{"MissedAfterDue", deadline.Clock{Budget: 20, Start: start, StoppedAt: ptr(at("2026-04-02 16:00"))}, "2026-05-01 09:00", deadline.Missed, -2, "2026-03-31"},
		{"OverdueAfterAPause", deadline.Clock{Budget: 20, Start: start, Pauses: supplement}, "2026-04-08 09:00", deadline.Overdue, -1, "2026-04-07"},
		// A one-day limit from Thursday 01:45 ends with Friday: on the weekend
		// nothing is left and the due date stays Friday, so it is overdue.
		{"SaturdayAfterAFridayDue", deadline.Clock{Budget: 1, Start: at("2026-12-03 01:45")}, "2026-12-05 00:00", deadline.Overdue, 0, "2026-12-04"},
		{"SundayAfterAFridayDue", deadline.Clock{Budget: 1, Start: at("2026-12-03 12:00")}, "2026-12-06 23:59", deadline.Overdue, 0, "2026-12-04"},
		// Accepted on the year's last working day with 20 days, extended by
		// 10: New Year and the Spring Festival 2027 (5–13 February) do not
		// count, its make-up Sundays (31 January, 14 February) do.
		{"DecemberCaseOverTheSpringFestival2027", deadline.Clock{Budget: 30, Start: at("2026-12-31 16:00")}, "2027-02-10 10:00", deadline.Running, 5, "2027-02-18"},
		{"DecemberCaseOnTheMakeUpSunday2027", deadline.Clock{Budget: 30, Start: at("2026-12-31 16:00")}, "2027-01-31 10:00", deadline.Running, 9, "2027-02-18"},
		{"NewYearsDayAfterTheLastWorkingDay", deadline.Clock{Budget: 1, Start: at("2026-12-30 23:59")}, "2027-01-01 00:30", deadline.Overdue, 0, "2026-12-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.clock.Read(c, at(tc.now))
			if err != nil {
				t.Fatal(err)
			}
			due := ""
			if s.Due != nil {
				due = s.Due.Format(time.DateOnly)
			}
			if s.State != tc.state || s.Remaining != tc.remaining || due != tc.due {
				t.Fatalf("Read = %s, %d left, due %q; want %s, %d left, due %q", s.State, s.Remaining, due, tc.state, tc.remaining, tc.due)
			}
		})
	}
}

func TestReadWithoutCalendarData(t *testing.T) {
	c := cal(t)
	_, err := deadline.Clock{Budget: 20, Start: at("2027-12-20 10:00")}.Read(c, at("2027-12-21 10:00"))
	if err == nil {
		t.Fatal("a due date in 2028 was projected without 2028's holidays")
	}
}

func TestAlarms(t *testing.T) {
	c := cal(t)
	start := at("2026-03-03 10:00")
	ck := deadline.Clock{Budget: 20, Start: start}
	alarms, err := ck.Alarms(c, start, []string{"50%", "1d", "3d", "99%"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"reminder:50%":        "2026-03-18 00:00", // the end of the 10th working day, Tuesday the 17th
		"reminder:1d":         "2026-03-31 00:00",
		"reminder:3d":         "2026-03-27 00:00", // the end of Thursday the 26th: Friday, Monday, Tuesday left
		deadline.AlarmExpired: "2026-04-01 00:00",
	}
	if _, ok := alarms["reminder:99%"]; ok {
		t.Error("a reminder at the expiry itself was kept")
	}
	for kind, w := range want {
		if got := alarms[kind].In(calendar.Zone).Format("2006-01-02 15:04"); got != w {
			t.Errorf("%s at %s, want %s", kind, got, w)
		}
	}
	paused := deadline.Clock{Budget: 20, Start: start, Pauses: []deadline.Pause{{Reason: deadline.ReasonTesting, From: at("2026-03-05 09:00")}}}
	if a, err := paused.Alarms(c, at("2026-03-06 09:00"), []string{"50%"}); err != nil || len(a) != 0 {
		t.Fatalf("a paused clock has alarms %v, %v", a, err)
	}
}
